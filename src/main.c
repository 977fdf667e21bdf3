/*
 * main.c: the gongwen command line.
 *
 * In: argv. Out: for `render`, a PDF (and optionally a text trace); for `check`, nothing but
 * the diagnostics; diagnostics on stderr, and the exit status: 0 success, 1 bad input (errors;
 * warnings alone do not fail), 2 usage error, 3 I/O or internal error.
 * The pipeline: load (JSON -> model) -> resolve (a template layout's skeleton, values, sums and
 * checks) -> shape/break/build -> paginate -> paint. `check` runs all of it but the painting.
 * Output is atomic (base/output.h): the PDF is painted into memory, written to a temporary
 * file beside the target (unnamed where the file system allows) and renamed over it only when
 * everything succeeded; on any error no output file is created or touched, and the output may
 * not be a file the run reads (the data, a layout, a font, a seal, the key).
 * Data may come from standard input ("-") or a pipe; -o is then required.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gongwen.h"

#include "base/util.h"
#include "cli/env.h"
#include "cli/signals.h"
#include "gw.h"
#include "paint/paint.h"
#include "serve/serve.h"
#include "batch/batch.h"
#include "sign/cli.h"
#include "worker/worker.h"

static const char usage[] =
        "usage: gongwen render DATA.json [-l LAYOUT] [-o OUT.pdf] [--trace TRACE.txt] [--force]\n"
        "                      [--strict] [--no-pdfa] [--allow-layout-paths] [--sign ID.p12 ...]\n"
        "       gongwen check DATA.json [-l LAYOUT] [--strict] [--allow-layout-paths]\n"
        "       gongwen sign IN.pdf (-o OUT.pdf | --in-place) --p12 ID.p12 [...]\n"
        "       gongwen serve [--listen HOST:PORT] [--layouts DIR]... [...]\n"
        "       gongwen batch (DIR | JOBS.ndjson | -) [-o OUTDIR] [-j N] [--resume] [...]\n"
        "       gongwen worker --redis URL --stream S --group G (--out-dir DIR | --store-redis)\n"
        "       gongwen --help | --version\n";

static const char help[] =
        "gongwen " GW_VERSION ": typesets Chinese official documents (GB/T 9704) as PDF.\n"
        "\n"
        "  gongwen render DATA.json [-l LAYOUT] [-o OUT.pdf] [--trace TRACE.txt] [--force]\n"
        "                 [--strict] [--no-pdfa] [--allow-layout-paths] [--sign ID.p12\n"
        "                 [--password-file F] [--reason T] [--location T] [--time T]\n"
        "                 [--allow-expired]]\n"
        "  gongwen check DATA.json [-l LAYOUT] [--strict] [--allow-layout-paths]\n"
        "  gongwen sign IN.pdf (-o OUT.pdf | --in-place) --p12 ID.p12 [...]\n"
        "              (gongwen sign --help)\n"
        "  gongwen serve [--listen HOST:PORT] [--layouts DIR]... [--seals DIR]... [...]\n"
        "              an HTTP service (POST /render, /check)\n"
        "              (gongwen serve --help)\n"
        "  gongwen batch (DIR | JOBS.ndjson | -) [-o OUTDIR] [-j N] [--manifest F]\n"
        "              [--resume] [...]  many documents in one process (gongwen batch --help)\n"
        "  gongwen worker --redis redis://HOST:PORT --stream S --group G [--consumer NAME]\n"
        "                (--out-dir DIR | --store-redis) [...]  (gongwen worker --help)\n"
        "\n"
        "  DATA.json   report data, format v1 (docs/data-format.md; with a template layout,\n"
        "              slots and values: docs/templates.md); - for standard input\n"
        "  -l LAYOUT   a layout name from layouts/ (e.g. gbt9704) or a path to a layout file;\n"
        "              default: the data's \"layout\" key, else gbt9704 (docs/layout-format.md)\n"
        "  --allow-layout-paths  let the data's \"layout\" (and that layout's \"extends\")\n"
        "              name a path; by default the data may name only a layout from layouts/\n"
        "              or a FILE.json in the data's own folder\n"
        "  -o OUT.pdf  output file (- for standard output); default: DATA with .pdf instead of "
        ".json\n"
        "              (required when DATA is - or a pipe); never a file the run reads\n"
        "  --trace F   also write a text trace of every painted run to F (for tests)\n"
        "  --force     render even when an error-level check fails (its message becomes a\n"
        "              warning)\n"
        "  --strict    (render and check) every figure must add up: a published figure that\n"
        "              is not its sum, and a failed warning-level check, are errors\n"
        "  --sign ID.p12  sign the result in one step (PAdES B-B; --password-file F,\n"
        "              --reason T, --location T, --time T and --allow-expired as for sign):\n"
        "              the first seal, if any, becomes the signature's appearance, exactly\n"
        "              where it was laid out; further seals stay for the other organs'\n"
        "              `gongwen sign --at-seal`\n"
        "  --no-pdfa   write a plain PDF; by default the output is PDF/A-2b (XMP metadata,\n"
        "              sRGB OutputIntent, /ID; needs icc-profiles-free's sRGB.icc)\n"
        "\n"
        "check validates the data against the layout: it binds a template layout's values,\n"
        "computes its sums, runs every check (the 勾稽关系 of the annual report's Table 三)\n"
        "and typesets the document without writing it; it prints every error and warning,\n"
        "and a note for each heading or label the data words in its own way, and exits 1\n"
        "when there is an error. render runs the same checks first, prints the same, and\n"
        "refuses to render when an error-level check fails, unless --force.\n"
        "\n"
        "sign adds a PAdES baseline B-B signature (PKCS#12 key) as an incremental update.\n"
        "\n"
        "worker renders the jobs of a Redis stream as one consumer of a group, each PDF\n"
        "into a folder or into Redis, with one result entry per job (docs/batch-and-service.md).\n"
        "\n"
        "Relative font paths in a layout are looked up in the layout's folder, then in the\n"
        "folders of $GONGWEN_FONT_PATH (colon-separated), then in the project's fonts/.\n"
        "Dates in the PDF come from meta.date or $SOURCE_DATE_EPOCH, never from the clock;\n"
        "a SOURCE_DATE_EPOCH that is set but not decimal seconds is an error.\n"
        "\n"
        "Exit status: 0 success, 1 bad input, 2 usage error (also: OUT is a file the run\n"
        "reads), 3 I/O or internal error.\n"
        "On any error no output file is created, and an existing one is left untouched.\n";

typedef struct options {
	int check; /* 1 for `check`: no output is written */
	int force; /* --force: failed error-level checks are warnings */
	int strict; /* --strict: published figures that do not add up are errors */
	int no_pdfa; /* --no-pdfa: a plain PDF instead of PDF/A-2b */
	int allow_layout_paths; /* --allow-layout-paths: the data's "layout" may name a path */
	const char *sign_p12; /* --sign ID.p12: render and sign in one step */
	const char *sign_password; /* --password-file F (for --sign) */
	const char *sign_reason; /* --reason TEXT (for --sign) */
	const char *sign_location; /* --location TEXT (for --sign) */
	const char *sign_time; /* --time T (for --sign) */
	int sign_allow_expired; /* --allow-expired (for --sign) */
	const char *data; /* data file path; "-" for standard input */
	const char *layout; /* -l value or NULL */
	const char *out; /* -o value or NULL */
	const char *trace; /* --trace value or NULL */
} options;

/* The default output path: DATA without ".json", plus ".pdf" (malloc'ed). */
static char *default_out(const char *data)
{
	size_t n = strlen(data);
	if (n > 5 && strcmp(data + n - 5, ".json") == 0)
		n -= 5;
	return gw_xasprintf("%.*s.pdf", (int)n, data);
}

/* Writes the trace to path; GW_EXIT_IO after a message. */
static int write_trace(gw_document *doc, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gongwen: error: cannot write %s: %s\n", path, strerror(errno));
		return GW_EXIT_IO;
	}
	int st = gw_document_write_trace(doc, f);
	if (fclose(f) != 0 && st == GW_OK) {
		fprintf(stderr, "gongwen: error: cannot write %s: %s\n", path, strerror(errno));
		return GW_EXIT_IO;
	}
	return st;
}

/*
 * Runs a command (render or check, per o->check) through the library: loads, resolves,
 * builds and paginates the document, then (render) writes the PDF. Every diagnostic is
 * printed at the end; returns the exit status (gw_status values are the exit statuses).
 */
static int run(const options *o)
{
	gw_ctx_options co;
	if (gw_cli_ctx_options(&co, "gongwen") < 0)
		return GW_EXIT_INPUT;
	gw_ctx *ctx;
	gw_status st = gw_ctx_new(&co, &ctx);
	if (st != GW_OK) {
		fprintf(stderr, "gongwen: error: %s: FreeType could not start\n",
		        gw_status_string(st));
		return st;
	}
	gw_doc_options dopt = {
	        .layout = o->layout,
	        .flags = (o->check ? GW_DOC_CHECK : 0) | (o->force ? GW_DOC_FORCE : 0) |
	                 (o->strict ? GW_DOC_STRICT : 0) |
	                 (o->allow_layout_paths ? GW_DOC_ALLOW_LAYOUT_PATHS : 0),
	};
	gw_document *doc;
	st = gw_document_load_file(ctx, o->data, &dopt, &doc);
	char *out = NULL;
	if (st != GW_OK || o->check)
		goto done;
	out = o->out ? gw_xstrdup(o->out) : default_out(o->data);
	gw_sign_options sign = {
	        .p12 = o->sign_p12,
	        .password_file = o->sign_password,
	        .reason = o->sign_reason,
	        .location = o->sign_location,
	        .allow_expired = o->sign_allow_expired,
	};
	if (o->sign_time) {
		time_t t;
		int r = gw_sign_parse_time(o->sign_time, &t);
		if (r < 0) {
			fprintf(stderr, "gongwen: error: %s --time %s\n",
			        r == -2 ? "outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z:"
			                : "bad",
			        o->sign_time);
			st = GW_ERR_USAGE;
			goto done;
		}
		sign.has_time = 1, sign.time = (long long)t;
	}
	/* the PDF is this run's last write (after any trace): its pages go as they are painted */
	gw_write_options wopt = {
	        .no_pdfa = o->no_pdfa, .sign = o->sign_p12 ? &sign : NULL, .release_pages = 1};
	/* neither output may be a file the run reads (issue 10, defect 6) */
	const char *kind;
	if (o->trace && (kind = gw_document_input_kind(doc, o->trace))) {
		fprintf(stderr,
		        "gongwen: error: --trace %s is %s, which this run reads: refusing "
		        "to overwrite it\n",
		        o->trace, kind);
		st = GW_ERR_USAGE;
		goto done;
	}
	/* -o is checked again, with the signing files, as the PDF is written; before the
	   trace, so that a refused -o writes nothing */
	if (strcmp(out, "-") != 0 && (kind = gw_document_input_kind(doc, out))) {
		fprintf(stderr,
		        "gongwen: error: -o %s is %s, which this run reads: refusing to "
		        "overwrite it\n",
		        out, kind);
		st = GW_ERR_USAGE;
		goto done;
	}
	if (o->trace && (st = write_trace(doc, o->trace)) != GW_OK)
		goto done;
	st = gw_document_write_pdf(doc, &wopt, out);
done:
	gw_diags_print(gw_document_diags(doc), stderr);
	gw_document_drop(doc);
	gw_ctx_drop(ctx);
	free(out);
	return st;
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(help, stdout);
		return GW_EXIT_OK;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("gongwen %s\n", GW_VERSION);
		return GW_EXIT_OK;
	}
	/* an interrupted run leaves no named temporary file (base/output.c) */
	gw_cli_cleanup_on_signals();
	if (argc >= 2 && strcmp(argv[1], "sign") == 0)
		return gw_cli_sign(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return gw_cli_serve(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "batch") == 0)
		return gw_cli_batch(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "worker") == 0)
		return gw_cli_worker(argc - 1, argv + 1);
	if (argc < 2 || (strcmp(argv[1], "render") != 0 && strcmp(argv[1], "check") != 0)) {
		if (argc >= 2)
			fprintf(stderr, "gongwen: error: unknown command \"%s\"\n", argv[1]);
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	options o = {0};
	o.check = strcmp(argv[1], "check") == 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		int render_only = 0;
		if (strcmp(a, "-l") == 0 || strcmp(a, "--layout") == 0)
			dst = &o.layout;
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			dst = &o.out, render_only = 1;
		else if (strcmp(a, "--trace") == 0)
			dst = &o.trace, render_only = 1;
		else if (strcmp(a, "--force") == 0 || strcmp(a, "--no-pdfa") == 0 ||
		         strcmp(a, "--allow-expired") == 0)
			render_only = 1;
		else if (strcmp(a, "--sign") == 0)
			dst = &o.sign_p12, render_only = 1;
		else if (strcmp(a, "--password-file") == 0)
			dst = &o.sign_password, render_only = 1;
		else if (strcmp(a, "--reason") == 0)
			dst = &o.sign_reason, render_only = 1;
		else if (strcmp(a, "--location") == 0)
			dst = &o.sign_location, render_only = 1;
		else if (strcmp(a, "--time") == 0)
			dst = &o.sign_time, render_only = 1;
		if (render_only && o.check) {
			fprintf(stderr, "gongwen: error: %s is an option of render, not of check\n",
			        a);
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		}
		if (strcmp(a, "--allow-layout-paths") == 0) {
			o.allow_layout_paths = 1; /* render and check */
		} else if (strcmp(a, "--strict") == 0) {
			o.strict = 1; /* render and check */
		} else if (strcmp(a, "--force") == 0) {
			o.force = 1;
		} else if (strcmp(a, "--no-pdfa") == 0) {
			o.no_pdfa = 1;
		} else if (strcmp(a, "--allow-expired") == 0) {
			o.sign_allow_expired = 1;
		} else if (dst) {
			if (i + 1 == argc || *dst) {
				fprintf(stderr, "gongwen: error: %s %s\n", a,
				        *dst ? "given twice" : "needs a value");
				fputs(usage, stderr);
				return GW_EXIT_USAGE;
			}
			*dst = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "gongwen: error: unknown option \"%s\"\n", a);
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		} else if (o.data) {
			fprintf(stderr, "gongwen: error: more than one data file\n");
			fputs(usage, stderr);
			return GW_EXIT_USAGE;
		} else {
			o.data = a;
		}
	}
	if (!o.data) {
		fprintf(stderr, "gongwen: error: no data file given\n");
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	/*
	 * The default output is derived from the data's name: not for standard input or a
	 * pipe (/dev/stdin.pdf). A data file that does not exist is the loader's to report.
	 */
	struct stat st;
	if (!o.check && !o.out &&
	    (gw_is_stdin_path(o.data) ||
	     (stat(o.data, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))) {
		fprintf(stderr,
		        "gongwen: error: the data comes from standard input or a pipe (%s): give "
		        "the output with -o OUT.pdf (- for standard output)\n",
		        o.data);
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	if (!o.sign_p12 && (o.sign_password || o.sign_reason || o.sign_location || o.sign_time ||
	                    o.sign_allow_expired)) {
		/* a forgotten --sign must not pass as an unsigned file */
		fprintf(stderr, "gongwen: error: --password-file, --reason, --location, --time and "
		                "--allow-expired need --sign ID.p12\n");
		fputs(usage, stderr);
		return GW_EXIT_USAGE;
	}
	return run(&o);
}
