/*
 * cli.c: the `gongwen batch` command line (batch.h).
 *
 *   gongwen batch (DIR | JOBS.ndjson | -) [-o OUTDIR] [-j N] [--manifest FILE] [--resume]
 *                 [-l LAYOUT] [--force] [--strict] [--no-pdfa]
 *
 * In: argv and the environment (GONGWEN_FONT_PATH, TMPDIR, GW_DEBUG, SOURCE_DATE_EPOCH,
 * read here as render reads them, so a batch's PDFs are a single render's bytes). Out: the
 * jobs run (pool.c), the manifest written (manifest.c), a summary line on standard error
 * and the exit status: 0 every job succeeded (or was resumed), 1 some job failed (the
 * manifest and standard error say which and why), 2 usage error, 3 the manifest could not
 * be written or no context could be made.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/util.h"
#include "../gw.h"
#include "../paint/paint.h"
#include "batch.h"

static const char usage[] =
        "usage: gongwen batch (DIR | JOBS.ndjson | -) [-o OUTDIR] [-j N] [--manifest FILE]\n"
        "                     [--resume] [-l LAYOUT] [--force] [--strict] [--no-pdfa]\n";

static const char help[] =
        "gongwen batch: many documents in one process (docs/batch-and-service.md).\n"
        "\n"
        "  DIR          every *.json directly in DIR is a document, rendered to\n"
        "               OUTDIR/NAME.pdf (-o is required)\n"
        "  JOBS.ndjson  one job per line: {\"data\": PATH | {...data...}, \"layout\": NAME,\n"
        "               \"out\": PATH}; - reads the jobs from standard input; relative paths\n"
        "               are relative to the jobs file's folder, a relative \"out\" to OUTDIR\n"
        "               when -o is given\n"
        "  -o OUTDIR    output folder (made when missing)\n"
        "  -j N         N worker threads, each with its own context (default 1)\n"
        "  --manifest F the JSON manifest of every job (status, pages, bytes, sha256,\n"
        "               diagnostics); default OUTDIR/manifest.json, else manifest.json in\n"
        "               the jobs file's folder\n"
        "  --resume     skip the jobs whose output exists and is listed as done in the\n"
        "               manifest with the SHA-256 it still has\n"
        "  -l LAYOUT    the layout of jobs (and data) that name none\n"
        "  --force, --strict, --no-pdfa   as for render, for every job\n"
        "\n"
        "A bad job is reported with its file and position and never stops the batch.\n"
        "Exit status: 0 every job succeeded, 1 some job failed, 2 usage error, 3 the\n"
        "manifest could not be written.\n";

/* The context options from the environment, as render's (main.c). -1 after a message. */
static int ctx_options_from_env(gw_ctx_options *c)
{
	memset(c, 0, sizeof *c);
	c->font_path = getenv("GONGWEN_FONT_PATH");
	c->tmp_dir = getenv("TMPDIR");
	const char *dbg = getenv("GW_DEBUG");
	if (dbg && strstr(dbg, "pages"))
		c->debug |= GW_DEBUG_PAGES;
	long long epoch;
	int r = gw_source_date_epoch(&epoch);
	if (r < 0) {
		fprintf(stderr, "gongwen batch: error: %s; it is \"%.40s\"\n",
		        GW_SOURCE_DATE_EPOCH_BAD, getenv("SOURCE_DATE_EPOCH"));
		return -1;
	}
	c->has_source_date = r > 0;
	c->source_date = r > 0 ? epoch : 0;
	return 0;
}

/* mkdir -p dir; 0, or -1 after a message. */
static int make_dir(const char *dir)
{
	char *p = gw_xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			break;
		*s = '/';
	}
	int r = mkdir(p, 0777) == 0 || errno == EEXIST ? 0 : -1;
	struct stat st;
	if (r == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)))
		r = -1, errno = ENOTDIR;
	if (r < 0)
		fprintf(stderr, "gongwen batch: error: cannot make the folder %s: %s\n", dir,
		        strerror(errno));
	free(p);
	return r;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* Milliseconds: the median of the jobs run now and succeeded (not resumed, not failed). */
static double median_ms(const gw_batch *b)
{
	double *v = gw_xmalloc((size_t)(b->n ? b->n : 1) * sizeof *v);
	int n = 0;
	for (int i = 0; i < b->n; i++)
		if (b->items[i].state == 1 && b->items[i].status == GW_OK)
			v[n++] = b->items[i].ms;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	double m = !n ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	free(v);
	return m;
}

/* Monotonic seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int gw_cli_batch(int argc, char **argv)
{
	const char *input = NULL, *out_dir = NULL, *manifest = NULL, *layout = NULL;
	int threads = 1, resume = 0;
	unsigned flags = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(help, stdout);
			return GW_EXIT_OK;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			dst = &out_dir;
		} else if (strcmp(a, "--manifest") == 0) {
			dst = &manifest;
		} else if (strcmp(a, "-l") == 0 || strcmp(a, "--layout") == 0) {
			dst = &layout;
		} else if (strcmp(a, "-j") == 0 || strncmp(a, "-j", 2) == 0) {
			const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : NULL;
			char *end;
			long n = v ? strtol(v, &end, 10) : 0;
			if (!v || *end || n < 1 || n > 256) {
				fprintf(stderr,
				        "gongwen batch: error: -j needs a number of threads "
				        "from 1 to 256\n");
				fputs(usage, stderr);
				return GW_EXIT_USAGE;
			}
			threads = (int)n;
			continue;
		} else if (strcmp(a, "--resume") == 0) {
			resume = 1;
			continue;
		} else if (strcmp(a, "--force") == 0) {
			flags |= GW_JOB_FORCE;
			continue;
		} else if (strcmp(a, "--strict") == 0) {
			flags |= GW_JOB_STRICT;
			continue;
		} else if (strcmp(a, "--no-pdfa") == 0) {
			flags |= GW_JOB_NO_PDFA;
			continue;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "gongwen batch: error: unknown option \"%s\"\n", a);
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		} else if (input) {
			fprintf(stderr, "gongwen batch: error: more than one input (%s and %s)\n",
			        input, a);
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		} else {
			input = a;
			continue;
		}
		if (i + 1 == argc || *dst) {
			fprintf(stderr, "gongwen batch: error: %s %s\n", a,
			        *dst ? "given twice" : "needs a value");
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		}
		*dst = argv[++i];
	}
	if (!input) {
		fprintf(stderr, "gongwen batch: error: no input (a folder, a jobs file or -)\n");
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	struct stat st;
	int is_dir = strcmp(input, "-") != 0 && stat(input, &st) == 0 && S_ISDIR(st.st_mode);
	if (is_dir && !out_dir) {
		fprintf(stderr, "gongwen batch: error: a folder of data needs -o OUTDIR\n");
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	gw_ctx_options co;
	if (ctx_options_from_env(&co) < 0)
		return GW_EXIT_INPUT;
	if (out_dir && make_dir(out_dir) < 0)
		return GW_EXIT_IO;
	char *mpath;
	if (manifest)
		mpath = gw_xstrdup(manifest);
	else if (out_dir)
		mpath = gw_path_join(out_dir, "manifest.json");
	else if (strcmp(input, "-") == 0)
		mpath = gw_xstrdup("manifest.json");
	else {
		char *dir = gw_dirname(input);
		mpath = gw_path_join(dir, "manifest.json");
		free(dir);
	}
	gw_batch b = {
	        .layout = layout,
	        .flags = flags,
	        .threads = threads,
	        .ctx_options = &co,
	        .manifest = mpath,
	        .progress_tty = isatty(2),
	};
	int status = GW_EXIT_OK;
	double t0 = now();
	if ((is_dir ? gw_batch_from_dir(&b, input, out_dir, mpath)
	            : gw_batch_from_ndjson(&b, input, out_dir)) < 0) {
		status = GW_EXIT_INPUT;
		goto done;
	}
	gw_batch_check_outputs(&b);
	int resumed = resume ? gw_batch_resume(&b) : 0;
	if (resumed < 0) {
		status = GW_EXIT_INPUT;
		goto done;
	}
	if (gw_batch_run(&b) < 0) {
		status = GW_EXIT_IO;
		goto done;
	}
	char err[512];
	if (gw_batch_write_manifest(&b, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen batch: error: the manifest: %s\n", err);
		status = GW_EXIT_IO;
	}
	int ok = 0, failed = 0;
	for (int i = 0; i < b.n; i++)
		if (b.items[i].state == 1)
			b.items[i].status == GW_OK ? ok++ : failed++;
	if (failed && status == GW_EXIT_OK)
		status = GW_EXIT_INPUT;
	double el = now() - t0;
	fprintf(stderr,
	        "gongwen batch: %d ok, %d failed, %d resumed of %d in %.2f s (%.1f documents/s, "
	        "median %.1f ms per document, %d thread%s); manifest %s\n",
	        ok, failed, resumed, b.n, el, el > 0 ? (ok + failed) / el : 0.0, median_ms(&b),
	        threads, threads > 1 ? "s" : "", mpath);
done:
	gw_batch_free(&b);
	free(mpath);
	return status;
}
