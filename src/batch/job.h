/*
 * job.h: one batch job: its format, its run in a context, and its result as JSON.
 *
 * In: one job as JSON text (a line of NDJSON, a Redis stream field, or built by the caller)
 *   {"data": PATH | {...inline data...}, "layout": NAME-or-PATH, "out": PATH}
 * "data" is required; "layout" is optional (default: the data's own "layout" key, else
 * gbt9704); "out" is optional when "data" is a path (default: the data's name with .pdf for
 * .json, in the output folder if one is given, else beside the data) and required for inline
 * data unless the caller keeps the PDF in memory. Relative paths are relative to the base
 * folder the caller gives (gongwen batch: the jobs file's folder); a relative "out" is
 * relative to the output folder when one is given. Inline data is typeset exactly as the
 * same object in a file would be; its relative paths (a seal, a layout file) are relative to
 * the folder of the job's source name (gongwen batch: the jobs file's, which is also its
 * base folder; "<stdin>": the current folder).
 * Out: a gw_job (gw_job_parse), then a gw_job_result (gw_job_run: status, pages, bytes,
 * SHA-256 of the PDF, diagnostics) with the PDF written atomically to "out" or kept in
 * memory, and the result as one JSON object (gw_job_result_json).
 *
 * Positions: an error in the job line, or in its inline data, is reported at its line and
 * column in the jobs file (the job's source name and line number), with the JSON pointer
 * from the job's root (/data/body/3/p); an error in a data file is reported in that file.
 */
#ifndef GW_BATCH_JOB_H
#define GW_BATCH_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "gongwen.h"

typedef struct gw_job {
	char *src; /* what the job came from in messages: the jobs file ("<stdin>"), or NULL */
	uint32_t line; /* its line there (1-based), 0 for none */
	char *data_path; /* the data file (resolved against the base folder), or NULL: inline */
	char *data_text; /* inline data: JSON text whose first line starts at the column the
	                    object has in the job, so that positions match; NULL: a file */
	size_t data_len; /* bytes of data_text */
	uint32_t data_line; /* inline data: its line in src (== line) */
	char *layout; /* a layout name, or a path resolved against the base folder; NULL: the
	                 data's own */
	char *out; /* the output PDF (resolved), or NULL: none given */
} gw_job;

/* What a job's run gave; every field is the result's own (gw_job_result_free). */
typedef struct gw_job_result {
	gw_status status; /* GW_OK, or the first failure (input, usage, I/O) */
	int pages; /* pages of the PDF, 0 when none was written */
	size_t bytes; /* bytes of the PDF, 0 when none was written */
	char sha256[65]; /* the PDF's SHA-256 in lower-case hex, "" when none was written */
	gw_diags *diags; /* every diagnostic of the job (owned) */
	unsigned char *pdf; /* the PDF, when kept in memory (GW_JOB_TO_BUFFER), else NULL */
	size_t pdf_len; /* its length */
} gw_job_result;

/* gw_job_run flags */
#define GW_JOB_TO_BUFFER 1u /* keep the PDF in result.pdf instead of writing job.out */
#define GW_JOB_NO_PDFA 2u /* a plain PDF, as render --no-pdfa */
#define GW_JOB_FORCE 4u /* as render --force */
#define GW_JOB_STRICT 8u /* as render --strict */

/*
 * Parses the job text[0..len) (one line: no newline inside) named src at line `line` (0:
 * no line), with base_dir for relative paths (NULL: the current folder) and out_dir for a
 * relative or defaulted "out" (NULL: none). Fills *job (always: free it with gw_job_free,
 * whatever the status). Returns GW_OK, or GW_ERR_INPUT with every problem of the job in d.
 */
gw_status gw_job_parse(const char *text, size_t len, const char *src, uint32_t line,
                       const char *base_dir, const char *out_dir, gw_job *job, gw_diags *d);

/* Frees what a job holds (not the struct) and zeroes it. */
void gw_job_free(gw_job *job);

/*
 * Runs the job in ctx (one thread at a time per context, as always): loads the data,
 * typesets it, paints the PDF into memory, hashes it, and writes it atomically to job->out
 * (refused when that is one of the job's inputs) or, with GW_JOB_TO_BUFFER, keeps it in
 * r->pdf. Initialises *r (free it with gw_job_result_free) and returns r->status.
 */
gw_status gw_job_run(gw_ctx *ctx, const gw_job *job, unsigned flags, gw_job_result *r);

/* A result for a job that could not run (its problems in d, copied): status st. */
void gw_job_result_failed(gw_job_result *r, gw_status st, const gw_diags *d);

/* Frees what a result holds (not the struct). */
void gw_job_result_free(gw_job_result *r);

/*
 * The result as a JSON object:
 *   {"source": "jobs.ndjson:12" | null, "data": PATH | "(inline)" | null, "out": PATH | null,
 *    "status": "ok" | "failed", "exit": 0..3, "pages": N, "bytes": N, "sha256": HEX | null,
 *    "diagnostics": [{"file", "line", "column", "pointer", "severity", "message"}...]}
 * (line/column 0 and file/pointer null when a diagnostic has none). job may be NULL.
 * The caller deletes it with cJSON_Delete.
 */
cJSON *gw_job_result_cjson(const gw_job *job, const gw_job_result *r);

/* The same object as one line of JSON text (malloc'ed, no newline). */
char *gw_job_result_json(const gw_job *job, const gw_job_result *r);

/* SHA-256 of data[0..len) into hex (65 bytes: 64 digits and a NUL); 0, or -1 on failure. */
int gw_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
