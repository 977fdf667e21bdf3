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
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "break/breaks.h"
#include "build/build.h"
#include "gw.h"
#include "load/data.h"
#include "load/json.h"
#include "load/layout.h"
#include "paginate/paginate.h"
#include "paint/paint.h"
#include "paint/pdfa.h"
#include "resolve/resolve.h"
#include "shape/font.h"
#include "base/output.h"
#include "sign/cli.h"

static const char usage[] =
        "usage: gongwen render DATA.json [-l LAYOUT] [-o OUT.pdf] [--trace TRACE.txt] [--force]\n"
        "                      [--strict] [--no-pdfa] [--allow-layout-paths] [--sign ID.p12 ...]\n"
        "       gongwen check DATA.json [-l LAYOUT] [--strict] [--allow-layout-paths]\n"
        "       gongwen sign IN.pdf (-o OUT.pdf | --in-place) --p12 ID.p12 [...]\n"
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

/*
 * 1 when the data path names standard input: "-", or one of the names Linux gives it. Such
 * data is named "<stdin>" in messages, its relative paths (layout, seals) are relative to
 * the current folder, and it has no default output name.
 */
static int is_stdin(const char *path)
{
	return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0 ||
	       strcmp(path, "/dev/fd/0") == 0 || strcmp(path, "/proc/self/fd/0") == 0;
}

/* The default output path: DATA without ".json", plus ".pdf" (malloc'ed). */
static char *default_out(const char *data)
{
	size_t n = strlen(data);
	if (n > 5 && strcmp(data + n - 5, ".json") == 0)
		n -= 5;
	return gw_xasprintf("%.*s.pdf", (int)n, data);
}

/*
 * Writes the PDF so that no error leaves a partial file (base/output.h): painted into
 * memory, written to a temporary file, then renamed over OUT, or copied into it when OUT is
 * "-" or a device. The temporary file is made first, so an unwritable OUT fails before the
 * painting.
 */
static int write_pdf(const gw_pages *pages, const gw_meta *meta, const char *out, int pdfa)
{
	gw_output o;
	gw_buf pdf = {0};
	char err[512];
	if (gw_output_open(&o, out, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen: error: %s\n", err);
		return GW_EXIT_IO;
	}
	if (gw_paint_pdf_buf(pages, meta, pdfa, &pdf, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen: error: %s: %s\n", out, err);
		gw_buf_free(&pdf);
		gw_output_abort(&o);
		return GW_EXIT_IO;
	}
	int rc = gw_output_write(&o, pdf.data, pdf.len, err, sizeof err) < 0 ||
	         gw_output_commit(&o, err, sizeof err) < 0;
	gw_buf_free(&pdf);
	if (rc) {
		fprintf(stderr, "gongwen: error: %s\n", err);
		gw_output_abort(&o);
		return GW_EXIT_IO;
	}
	return GW_EXIT_OK;
}

/*
 * render --sign: the document is written without its seal, then signed (sign/cli.c) with
 * the seal image as the signature's appearance at exactly the place the seal was laid out,
 * so the seal people see is the signature's appearance (GB/T 9704-2012 7.3.5.1 places
 * the seal; the signature makes it verifiable). Nothing is written to OUT on any error.
 */
static int render_signed(gw_pages *pages, const gw_meta *meta, const char *out, const options *o)
{
	/*
	 * The first seal laid out (a copy: its page drops it) becomes this signature's
	 * appearance; later seals (joint issuance: one per organ) stay on their pages for the
	 * other organs' `gongwen sign --at-seal`.
	 */
	gw_item seal_item;
	const gw_item *seal = NULL;
	int seal_page = 0;
	for (int p = 0; p < pages->n && !seal; p++) {
		gw_page *pg = &pages->v[p];
		for (int i = 0; i < pg->nitems && !seal; i++) {
			if (pg->items[i].kind != GW_ITEM_IMAGE)
				continue;
			seal_item = pg->items[i];
			seal = &seal_item;
			seal_page = p + 1;
			/* the page keeps the paper the seal would have had (paint/pdf.c), so that
			   it looks the same under the signature's appearance */
			pg->paper = seal_item.multiply;
			memmove(&pg->items[i], &pg->items[i + 1],
			        (size_t)(pg->nitems - i - 1) * sizeof *pg->items);
			pg->nitems--;
		}
	}
	/* the unsigned document, in memory only: signing reads it from there */
	gw_buf pdf = {0};
	char err[512];
	if (gw_paint_pdf_buf(pages, meta, !o->no_pdfa, &pdf, err, sizeof err) < 0) {
		fprintf(stderr, "gongwen: error: %s: %s\n", out, err);
		gw_buf_free(&pdf);
		return GW_EXIT_IO;
	}
	char page[16], rect[160];
	const char *argv[24];
	int n = 0;
	/* IN.pdf names the painted bytes in messages */
	argv[n++] = "sign", argv[n++] = "(the rendered document)";
	argv[n++] = "-o", argv[n++] = out;
	argv[n++] = "--p12", argv[n++] = o->sign_p12;
	if (o->sign_password)
		argv[n++] = "--password-file", argv[n++] = o->sign_password;
	if (o->sign_reason)
		argv[n++] = "--reason", argv[n++] = o->sign_reason;
	if (o->sign_location)
		argv[n++] = "--location", argv[n++] = o->sign_location;
	if (o->sign_time)
		argv[n++] = "--time", argv[n++] = o->sign_time;
	if (o->sign_allow_expired)
		argv[n++] = "--allow-expired";
	if (seal) {
		snprintf(page, sizeof page, "%d", seal_page);
		snprintf(rect, sizeof rect, "%.3f,%.3f,%.3f,%.3f", seal->x / 1000.0,
		         (pages->h - seal->y - seal->h) / 1000.0, seal->w / 1000.0,
		         seal->h / 1000.0);
		argv[n++] = "--appearance", argv[n++] = seal->path;
		argv[n++] = "--page", argv[n++] = page;
		argv[n++] = "--rect", argv[n++] = rect;
	}
	argv[n] = NULL;
	int status = gw_cli_sign_buffer(n, (char **)argv, pdf.data, pdf.len);
	gw_buf_free(&pdf);
	return status;
}

static int write_trace(const gw_pages *pages, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gongwen: error: cannot write %s: %s\n", path, strerror(errno));
		return GW_EXIT_IO;
	}
	gw_paint_trace(pages, f);
	if (fclose(f) != 0) {
		fprintf(stderr, "gongwen: error: cannot write %s: %s\n", path, strerror(errno));
		return GW_EXIT_IO;
	}
	return GW_EXIT_OK;
}

/*
 * Refuses to write over a file this run reads (issue 10, defect 6): OUT or the trace may not
 * be the data, a file of the layout's chain, a font, a seal, the ICC profile, the key or
 * the password file, under any name (a symbolic or hard link to it is the same file:
 * gw_output_clash compares device and inode). Returns 0, or GW_EXIT_USAGE after a message:
 * it is the command line that names one file twice.
 */
static int refuse_clash(const options *o, const char *out, const char *lpath, const gw_layout *l,
                        const gw_pages *pages)
{
	const char **in = NULL, **kind = NULL;
	int n = 0, cap = 0;
#define ADD(p, k)                                                                                  \
	do {                                                                                       \
		if (n == cap) {                                                                    \
			cap = cap ? 2 * cap : 64;                                                  \
			in = gw_xrealloc(in, (size_t)cap * sizeof *in);                            \
			kind = gw_xrealloc(kind, (size_t)cap * sizeof *kind);                      \
		}                                                                                  \
		in[n] = (p), kind[n++] = (k);                                                      \
	} while (0)
	ADD(strcmp(o->data, "-") == 0 ? "/dev/stdin" : o->data, "the data file");
	ADD(lpath, "the layout");
	for (int i = 0; i < l->nparents; i++)
		ADD(gw_json_name(l->parents[i]), "a layout it extends");
	for (int i = 0; i < l->nfamilies; i++)
		for (int k = 0; k < l->families[i].nfaces; k++)
			ADD(l->families[i].faces[k].font->path, "a font");
	for (int p = 0; p < pages->n; p++)
		for (int i = 0; i < pages->v[p].nitems; i++)
			if (pages->v[p].items[i].kind == GW_ITEM_IMAGE)
				ADD(pages->v[p].items[i].path, "a seal image");
	for (int i = 0; gw_pdfa_icc_paths[i]; i++)
		ADD(gw_pdfa_icc_paths[i], "the ICC profile");
	ADD(o->sign_p12, "the --sign key");
	ADD(o->sign_password, "the --password-file");
#undef ADD
	const char *outs[2] = {out, o->trace};
	int status = GW_EXIT_OK;
	for (int k = 0; k < 2 && status == GW_EXIT_OK; k++) {
		int i = outs[k] ? gw_output_clash(outs[k], in, n) : -1;
		if (i >= 0) {
			const char *alias = strcmp(outs[k], in[i]) == 0
			                            ? ""
			                            : " (the same file by another name)";
			fprintf(stderr, "gongwen: error: %s %s is %s %s%s, %s\n",
			        k ? "--trace" : "-o", outs[k], kind[i], in[i], alias,
			        "which this run reads: refusing to overwrite it");
			status = GW_EXIT_USAGE;
		}
	}
	free(in);
	free(kind);
	return status;
}

/*
 * Runs a command (render or check, per o->check): loads the data and the layout, resolves
 * the data against the layout, builds and paginates, then (render) writes the PDF. Every
 * diagnostic is printed at the end; returns the exit status.
 */
static int run(const options *o)
{
	gw_diags d = {0};
	gw_json *data = NULL, *ljson = NULL;
	gw_doc *doc = NULL;
	gw_layout *layout = NULL;
	gw_fontset *fs = NULL;
	gw_vlist vl = {0};
	gw_pages pages = {0};
	char *lpath = NULL, *out = NULL;
	int status = GW_EXIT_INPUT;

	/* the PDF's dates: a SOURCE_DATE_EPOCH that is set must be usable (paint.h) */
	long long epoch;
	if (gw_source_date_epoch(&epoch) < 0)
		gw_diags_add(&d, NULL, 0, 0, NULL, "%s; it is \"%.40s\"", GW_SOURCE_DATE_EPOCH_BAD,
		             getenv("SOURCE_DATE_EPOCH"));
	/* standard input is named "<stdin>"; paths in it are relative to the current folder */
	const char *dname = is_stdin(o->data) ? "<stdin>" : o->data;
	data = gw_json_load(o->data, dname, &d);
	if (data)
		doc = gw_load_data(data, &d);

	/* The layout: -l, else the data's "layout", else gbt9704. */
	const char *lname = o->layout;
	const cJSON *lnode = NULL;
	if (!lname && data) {
		const cJSON *root = gw_json_root(data);
		lnode = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "layout")
		                             : NULL;
		if (cJSON_IsString(lnode))
			lname = lnode->valuestring;
		else
			lnode = NULL;
	}
	if (!lname)
		lname = "gbt9704";
	if (data || o->layout) {
		int refused = 0;
		if (lnode) {
			/* the data names a layout: a name, or a file in the data's folder (issue
			   10, defect 11: not any file of the machine, unless allowed) */
			char *dir = gw_dirname(dname);
			lpath = gw_find_named_layout(lname, dir, o->allow_layout_paths, &refused);
			free(dir);
		} else {
			lpath = gw_find_layout(lname); /* -l: the user's own choice, any path */
		}
		if (refused) {
			gw_json_error(
			        data, &d, lnode, 0,
			        "layout \"%s\" is a path: the data may name only a layout from "
			        "layouts/ or a file in its own folder (-l LAYOUT or "
			        "--allow-layout-paths allows a path)",
			        lname);
		} else if (!lpath) {
			if (lnode)
				gw_json_error(data, &d, lnode, 0, "layout \"%s\" not found", lname);
			else
				gw_diags_add(&d, NULL, 0, 0, NULL, "layout \"%s\" not found",
				             lname);
		}
	}
	if (lpath) {
		fs = gw_fontset_new();
		if (!fs) {
			fprintf(stderr, "gongwen: error: FreeType could not start\n");
			status = GW_EXIT_IO;
			goto done;
		}
		ljson = gw_json_load(lpath, lpath, &d);
		if (ljson)
			layout = gw_load_layout_ex(ljson, fs, o->layout || o->allow_layout_paths,
			                           &d);
	}
	if (d.nerr)
		goto done;
	int failed = gw_resolve(
	        layout, doc,
	        (o->force ? GW_RESOLVE_FORCE : 0) | (o->strict ? GW_RESOLVE_STRICT : 0), &d);
	if (failed < 0)
		goto done;
	if (gw_build(layout, doc, &d, &vl) < 0 || gw_paginate(layout, &vl, &d, &pages) < 0 ||
	    d.nerr) {
		if (failed && !o->check)
			gw_diags_add(&d, NULL, 0, 0, NULL,
			             "not rendered: %d error-level check%s failed (--force renders "
			             "anyway)",
			             failed, failed > 1 ? "s" : "");
		goto done;
	}
	if (o->check) {
		status = GW_EXIT_OK;
		goto done;
	}
	out = o->out ? gw_xstrdup(o->out) : default_out(o->data);
	if ((status = refuse_clash(o, out, lpath, layout, &pages)) != GW_EXIT_OK)
		goto done;
	if (o->trace && (status = write_trace(&pages, o->trace)) != GW_EXIT_OK)
		goto done;
	status = o->sign_p12 ? render_signed(&pages, &doc->meta, out, o)
	                     : write_pdf(&pages, &doc->meta, out, !o->no_pdfa);
done:
	gw_diags_print(&d, stderr);
	gw_diags_clear(&d);
	gw_pages_free(&pages);
	gw_vlist_free(&vl);
	gw_layout_drop(layout);
	gw_doc_drop(doc);
	gw_json_drop(ljson);
	gw_json_drop(data);
	gw_fontset_drop(fs);
	gw_break_release();
	free(lpath);
	free(out);
	return status;
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
	if (argc >= 2 && strcmp(argv[1], "sign") == 0)
		return gw_cli_sign(argc - 1, argv + 1);
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
	    (is_stdin(o.data) ||
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
