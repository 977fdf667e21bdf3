/*
 * batch.h: `gongwen batch`, many documents in one process (docs/batch-and-service.md).
 *
 * In: a folder of data files, or NDJSON jobs (job.h) in a file or on standard input; the
 * options. Out: the PDFs, a JSON manifest of every job, progress on standard error, and
 * the exit status (0 only when every job succeeded).
 * The files: cli.c (arguments, the run), inputs.c (jobs from a folder or NDJSON), pool.c
 * (worker threads, one gw_ctx each, and the progress display), manifest.c (the manifest,
 * read for --resume and written atomically).
 */
#ifndef GW_BATCH_BATCH_H
#define GW_BATCH_BATCH_H

#include <cJSON.h>

#include "gongwen.h"
#include "job.h"

/* The `gongwen batch` command: argv[0] is "batch". Returns the exit status. */
int gw_cli_batch(int argc, char **argv);

/* One job of the batch and what became of it. */
typedef struct gw_batch_item {
	gw_job job; /* the job (fields NULL where it did not parse) */
	gw_status parse_status; /* GW_OK, or why the job cannot run (then diags says why) */
	gw_diags *diags; /* problems found before running (parse, duplicate output), owned */
	int state; /* 0: to run; 1: done (entry set); 2: resumed (entry from the old manifest) */
	gw_status status; /* the job's status once done */
	cJSON *entry; /* the job's manifest entry once done or resumed (owned) */
	double ms; /* wall time of the run, milliseconds (not in the manifest) */
} gw_batch_item;

/* The whole batch. */
typedef struct gw_batch {
	gw_batch_item *items; /* the jobs in input order */
	int n; /* number of jobs */
	const char *layout; /* -l: the layout of jobs that name none, or NULL */
	unsigned flags; /* GW_JOB_* for every job */
	int threads; /* -j */
	const gw_ctx_options *ctx_options; /* every worker's context is made with these */
	const char *manifest; /* the manifest's path */
	int progress_tty; /* 1: a progress bar on standard error; 0: a plain line per job */
} gw_batch;

/*
 * Jobs from the folder dir: every regular file *.json directly in it (sorted by name, the
 * file named skip excluded), each to OUTDIR/NAME.pdf. Returns 0, or -1 after a message.
 */
int gw_batch_from_dir(gw_batch *b, const char *dir, const char *out_dir, const char *skip);

/*
 * Jobs from NDJSON: one job per line of path ("-": standard input), blank lines skipped;
 * relative paths are relative to the file's folder, outputs to out_dir when given. Returns
 * 0, or -1 after a message when the file cannot be read.
 */
int gw_batch_from_ndjson(gw_batch *b, const char *path, const char *out_dir);

/* Marks every job whose output another, earlier job writes too as failed. */
void gw_batch_check_outputs(gw_batch *b);

/*
 * --resume: reads the manifest at b->manifest (absent: nothing to resume) and marks resumed
 * every job whose output exists, is listed there as done ("ok") and still has the SHA-256
 * listed. Returns the number resumed, or -1 after a message when the manifest is unreadable.
 */
int gw_batch_resume(gw_batch *b);

/*
 * Writes the manifest atomically: {"version": 1, "total", "ok", "failed", "resumed",
 * "pending", "jobs": [one entry per finished or resumed job, in input order]}. Returns 0,
 * or -1 with a message in err.
 */
int gw_batch_write_manifest(const gw_batch *b, char *err, size_t errsz);

/*
 * Runs every job not yet done on b->threads threads, each with its own context, showing
 * progress and every failed job's diagnostics on standard error, and rewriting the manifest
 * at most once a second. Returns 0, or -1 after a message when no context can be made.
 */
int gw_batch_run(gw_batch *b);

/* Frees every job and entry. */
void gw_batch_free(gw_batch *b);

#endif
