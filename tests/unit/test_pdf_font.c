/*
 * test_pdf_font.c: unit test of shape/font.c and paint/pdf_font.c.
 *
 * In: the fonts FandolFang (GW_FONT_DIR/fandol), Noto Serif CJK SC (face 2 of the Noto
 * collection) and Liberation Serif; the external tools qpdf, pdffonts and pdftotext; and the
 * glyphcheck tool built at $GW_BUILD/tools/glyphcheck (GW_BUILD defaults to build/release).
 * Out: one line per check, "ok NAME" or "FAIL NAME: detail", then "N passed, N failed";
 * exit status 1 when any check failed. Temporary files go into a mkdtemp directory that is
 * removed at the end (kept, and its path printed, when GW_KEEP_TMP is set).
 *
 * The PDFs are written the way the painter writes text (font-embedding.md section 1, step 2):
 * q BT /Fn size Tf x y Td <codes> Tj ET Q appended to the page content stream after checking
 * libharu's graphics mode, with per-character font fallback.
 */
#include <errno.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hpdf.h>

#include "base/utf8.h"
#include "base/util.h"
#include "harness.h"
#include "paint/pdf_font.h"
#include "shape/font.h"

#ifndef GW_FONT_DIR
#define GW_FONT_DIR "fonts"
#endif

#define FANDOL GW_FONT_DIR "/fandol/FandolFang-Regular.otf"
#define NOTO "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define NOTO_SC 2
#define LIBERATION "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

/* The sample line of the brief: composites, accents, quotes, dashes, a non-BMP hanzi. */
static const char *SAMPLE = "㈠㈡ ü ǖ “” —— …… 𠮷 Latin words 2020 and digits 12345";
/* Extra line: Fandol glyphs whose CID differs from the GID, and Noto glyphs shared by two
 * code points (… ⋯, ① ➀, 一 ⼀), which need alias Type0 dictionaries. */
static const char *EXTRA_FANDOL = "¥€–↗⊕╬";
static const char *EXTRA_NOTO = "…⋯①➀一⼀";

static char tmpdir[64];

/*
 * Runs a shell command, capturing stdout (and stderr when the command redirects it) into
 * *out (malloc'ed, may be NULL when not wanted). Returns the exit status, or -1.
 */
static int run(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	if (!p) {
		if (out)
			*out = gw_xstrdup("");
		return -1;
	}
	gw_buf b = {0};
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, p)) > 0)
		gw_buf_put(&b, chunk, k);
	int st = pclose(p);
	if (out)
		*out = gw_buf_take(&b);
	else
		gw_buf_free(&b);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* ---- libharu error handling ---- */

typedef struct hpdf_err {
	HPDF_STATUS no; /* first error seen, 0 when none */
	HPDF_STATUS detail; /* its detail number */
} hpdf_err;

/*
 * libharu error callback: remembers the first error for the test to report.
 */
static void on_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	hpdf_err *e = user;
	if (!e->no) {
		e->no = no;
		e->detail = detail;
	}
}

/* ---- drawing like the painter ---- */

/* The fonts of the fallback chain. */
typedef struct fonts {
	gw_font *latin; /* Liberation Serif, for U+0021..U+007E */
	gw_font *fandol; /* FandolFang */
	gw_font *noto; /* Noto Serif CJK SC */
} fonts;

/*
 * Font for cp by the brief's fallback rule: Liberation for printable ASCII, else Fandol when
 * it has the character, else Noto when it has it, else Fandol (.notdef).
 */
static gw_font *pick(const fonts *fs, uint32_t cp)
{
	if (cp >= 0x21 && cp <= 0x7E && fs->latin && gw_font_glyph(fs->latin, cp))
		return fs->latin;
	if (fs->fandol && gw_font_glyph(fs->fandol, cp))
		return fs->fandol;
	if (fs->noto && gw_font_glyph(fs->noto, cp))
		return fs->noto;
	return fs->fandol ? fs->fandol : fs->noto;
}

/*
 * Appends text to the page content stream; one q BT .. ET Q block per run of glyphs that
 * share a Type0 dictionary. Only uses the one font `only` when it is not NULL.
 * Returns 0, or -1 with err.
 */
static int draw_text(gw_pdf_fonts *t, HPDF_Page page, const fonts *fs, gw_font *only,
                     const char *text, double x, double y, double size, char *err, size_t errlen)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
		snprintf(err, errlen, "page is not in page-description mode");
		return -1;
	}
	size_t n = strlen(text), i = 0;
	const char *cur = NULL;
	gw_buf codes = {0}, out = {0};
	double run_x = x;
	int ret = 0;
	while (i < n) {
		uint32_t cp;
		int k = gw_utf8_decode((const unsigned char *)text + i, n - i, &cp);
		if (k == 0) {
			snprintf(err, errlen, "invalid UTF-8 in test text");
			ret = -1;
			break;
		}
		i += (size_t)k;
		gw_font *f = only ? only : pick(fs, cp);
		uint32_t gid = gw_font_glyph(f, cp);
		const char *name;
		uint16_t code;
		if (gw_pdf_fonts_use(t, page, f, gid, &cp, 1, &name, &code, err, errlen) != 0) {
			ret = -1;
			break;
		}
		if (cur && strcmp(cur, name) != 0) {
			gw_buf_printf(&out, "q BT /%s %g Tf %.3f %.3f Td <%s> Tj ET Q\n", cur, size,
			              run_x, y, codes.data);
			gw_buf_free(&codes);
			run_x = x;
		}
		cur = name;
		gw_buf_printf(&codes, "%04X", code);
		x += gw_font_advance(f, gid) * size / 1000.0;
	}
	if (ret == 0 && cur && codes.len)
		gw_buf_printf(&out, "q BT /%s %g Tf %.3f %.3f Td <%s> Tj ET Q\n", cur, size, run_x,
		              y, codes.data);
	if (ret == 0 && out.len &&
	    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)out.data, (HPDF_UINT)out.len) !=
	            HPDF_OK) {
		snprintf(err, errlen, "cannot write the content stream");
		ret = -1;
	}
	gw_buf_free(&codes);
	gw_buf_free(&out);
	return ret;
}

/* One line of a test document: the text, and the single font to use (NULL = fallback). */
typedef struct line {
	const char *text;
	gw_font *only;
	double size;
} line;

/*
 * Writes a one-page A4 PDF with the given lines from the top, finishing the fonts and
 * saving to path. Returns 0, or -1 with err.
 */
static int render(const char *path, const fonts *fs, const line *lines, int nlines, char *err,
                  size_t errlen)
{
	hpdf_err he = {0, 0};
	HPDF_Doc pdf = HPDF_NewEx(on_hpdf_error, NULL, NULL, 0, &he);
	if (!pdf) {
		snprintf(err, errlen, "HPDF_NewEx failed");
		return -1;
	}
	gw_pdf_fonts *t = gw_pdf_fonts_new(pdf);
	int ret = -1;
	if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK) {
		snprintf(err, errlen, "HPDF_SetCompressionMode failed");
		goto out;
	}
	HPDF_Page page = HPDF_AddPage(pdf);
	if (!page || HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT) != HPDF_OK) {
		snprintf(err, errlen, "cannot add a page (0x%04X)", (unsigned)he.no);
		goto out;
	}
	double y = 800;
	for (int i = 0; i < nlines; i++) {
		if (draw_text(t, page, fs, lines[i].only, lines[i].text, 56, y, lines[i].size, err,
		              errlen) != 0)
			goto out;
		y -= lines[i].size * 1.5;
	}
	if (gw_pdf_fonts_finish(t, err, errlen) != 0)
		goto out;
	if (HPDF_SaveToFile(pdf, path) != HPDF_OK) {
		snprintf(err, errlen, "HPDF_SaveToFile failed (0x%04X, detail %u)", (unsigned)he.no,
		         (unsigned)he.detail);
		goto out;
	}
	if (he.no) {
		snprintf(err, errlen, "libharu reported error 0x%04X", (unsigned)he.no);
		goto out;
	}
	ret = 0;
out:
	HPDF_Free(pdf);
	gw_pdf_fonts_drop(t);
	return ret;
}

/* ---- helpers for the checks ---- */

/*
 * Collapses every run of ASCII whitespace (and form feeds) into one space and trims both
 * ends. Returns a malloc'ed string.
 */
static char *squash(const char *s)
{
	gw_buf b = {0};
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' || *s == '\f') {
			space = 1;
			continue;
		}
		if (space && b.len)
			gw_buf_putc(&b, ' ');
		space = 0;
		gw_buf_putc(&b, *s);
	}
	return gw_buf_take(&b);
}

/*
 * Size of a file in bytes, or -1.
 */
static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/*
 * 1 when the two files exist and have identical bytes.
 */
static int same_bytes(const char *a, const char *b)
{
	size_t na, nb;
	char *x = gw_read_file(a, 1u << 30, &na), *y = gw_read_file(b, 1u << 30, &nb);
	int same = x && y && na == nb && memcmp(x, y, na) == 0;
	free(x);
	free(y);
	return same;
}

/*
 * Runs qpdf --check on path; returns 1 when it passes, with its output in *out.
 */
static int qpdf_ok(const char *path, char **out)
{
	char *cmd = gw_xasprintf("qpdf --check '%s' 2>&1", path);
	int st = run(cmd, out);
	free(cmd);
	return st == 0 && strstr(*out, "No syntax or stream encoding errors") != NULL;
}

/*
 * Checks pdffonts output: every font line says "emb yes sub yes uni yes". Returns the
 * number of fonts listed, or -1 with the offending line in bad (when a line fails).
 */
static int pdffonts_all_embedded(const char *path, char *bad, size_t badlen)
{
	char *cmd = gw_xasprintf("pdffonts '%s' 2>&1", path), *out;
	int st = run(cmd, &out);
	free(cmd);
	if (st != 0) {
		snprintf(bad, badlen, "pdffonts failed: %s", out);
		free(out);
		return -1;
	}
	int nfonts = 0, lineno = 0;
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		if (++lineno <= 2)
			continue; /* header and dashes */
		nfonts++;
		if (!strstr(l, " yes yes yes ")) {
			snprintf(bad, badlen, "%s", l);
			free(out);
			return -1;
		}
	}
	free(out);
	return nfonts;
}

/*
 * Extracts the text of path with pdftotext; returns it whitespace-squashed (malloc'ed).
 */
static char *extract(const char *path)
{
	char *cmd = gw_xasprintf("pdftotext -q '%s' - 2>&1", path), *out;
	run(cmd, &out);
	free(cmd);
	char *s = squash(out);
	free(out);
	return s;
}

/*
 * Runs glyphcheck on path against the three source fonts; returns its exit status with its
 * output in *out.
 */
static int glyphcheck(const char *path, char **out)
{
	const char *b = getenv("GW_BUILD");
	char *cmd = gw_xasprintf("'%s/tools/glyphcheck' '%s' '%s' '%s:%d' '%s' 2>&1",
	                         b && *b ? b : "build/release", path, FANDOL, NOTO, NOTO_SC,
	                         LIBERATION);
	int st = run(cmd, out);
	free(cmd);
	return st;
}

/*
 * Removes the temporary directory and the files in it (it holds no subdirectories).
 */
static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = gw_xasprintf("%s/%s", tmpdir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(tmpdir);
}

/*
 * Prints tool output with each line prefixed by "# ", so it is not read as a check line.
 */
static void print_indented(const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		printf("# %.*s\n", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
}

/* ---- the checks ---- */

/*
 * glyphcheck must notice wrong glyphs: in an uncompressed copy of the sample, the ToUnicode
 * entries of Liberation's code 1 (L -> M) and Fandol's code F0 (U+3220 -> U+3221) are
 * changed, so the embedded glyphs no longer match the source glyphs of their texts.
 */
static void test_glyphcheck_detects(const char *sample)
{
	char *cmd =
	        gw_xasprintf("cd '%s' && qpdf --qdf --object-streams=disable '%s' q.pdf && "
	                     "sed 's/<0001> <004C>/<0001> <004D>/; s/<00F0> <3220>/<00F0> <3221>/' "
	                     "q.pdf > q2.pdf && fix-qdf q2.pdf > bad.pdf 2>&1",
	                     tmpdir, sample);
	char *out;
	int st = run(cmd, &out);
	free(cmd);
	free(out);
	char *bad = gw_xasprintf("%s/bad.pdf", tmpdir);
	out = NULL;
	int gst = st == 0 ? glyphcheck(bad, &out) : -1;
	check(gst == 1 && strstr(out, "LiberationSerif: code 0001 (U+004D)") &&
	              strstr(out, "FandolFang-Regular: code 00F0 (U+3221)"),
	      "glyphcheck catches wrong glyphs in a damaged copy", "status %d (qpdf/sed %d):\n%s",
	      gst, st, out ? out : "");
	free(out);
	free(bad);
}

/*
 * Font opening: kinds, error messages, non-BMP coverage, CIDs.
 */
static void test_fonts(gw_fontset *set, fonts *fs)
{
	char err[256];
	fs->fandol = gw_fontset_open(set, FANDOL, 0, err, sizeof err);
	check(fs->fandol && fs->fandol->kind == GW_FONT_CFF_CID, "open FandolFang as CID-keyed CFF",
	      "%s", fs->fandol ? "wrong kind" : err);
	fs->noto = gw_fontset_open(set, NOTO, NOTO_SC, err, sizeof err);
	check(fs->noto && fs->noto->kind == GW_FONT_CFF_CID &&
	              strcmp(fs->noto->ps_name, "NotoSerifCJKsc-Regular") == 0,
	      "open Noto Serif CJK SC (face 2) as CID-keyed CFF", "%s",
	      fs->noto ? fs->noto->ps_name : err);
	fs->latin = gw_fontset_open(set, LIBERATION, 0, err, sizeof err);
	check(fs->latin && fs->latin->kind == GW_FONT_TRUETYPE, "open Liberation Serif as TrueType",
	      "%s", fs->latin ? "wrong kind" : err);
	if (!fs->fandol || !fs->noto || !fs->latin)
		return;

	gw_font *again = gw_fontset_open(set, NOTO, NOTO_SC, err, sizeof err);
	check(again == fs->noto, "same path and index opens once", "got a second font");

	gw_font *bad = gw_fontset_open(set, "/nonexistent/font.otf", 0, err, sizeof err);
	check(!bad && strcmp(err, "cannot read font file: No such file or directory") == 0,
	      "missing font file message", "got \"%s\"", bad ? "a font" : err);
	char *txt = gw_xasprintf("%s/not-a-font.txt", tmpdir);
	FILE *tf = fopen(txt, "w");
	if (tf) {
		fputs("this is plain text, not a font\n", tf);
		fclose(tf);
	}
	bad = gw_fontset_open(set, txt, 0, err, sizeof err);
	free(txt);
	check(!bad && strcmp(err, "not a font file") == 0, "non-font file message", "got \"%s\"",
	      bad ? "a font" : err);
	bad = gw_fontset_open(set, NOTO, 7, err, sizeof err);
	check(!bad && strcmp(err, "font collection has 5 faces, index 7 is out of range") == 0,
	      "collection index out of range message", "got \"%s\"", bad ? "a font" : err);

	uint32_t g = gw_font_glyph(fs->noto, 0x20BB7);
	check(g != 0, "U+20BB7 maps in Noto (format 12 cmap)", "gid 0");
	check(gw_font_glyph(fs->fandol, 0x20BB7) == 0, "U+20BB7 missing from Fandol", "found");
	uint32_t yen = gw_font_glyph(fs->fandol, 0xA5);
	check(yen == 9199 && gw_font_cid(fs->fandol, yen) == 22354,
	      "Fandol yen sign gid 9199 CID 22354", "gid %u CID %u", (unsigned)yen,
	      (unsigned)gw_font_cid(fs->fandol, yen));
	check(gw_font_advance(fs->fandol, gw_font_glyph(fs->fandol, 0x4E00)) == 1000 &&
	              gw_font_advance(fs->latin, gw_font_glyph(fs->latin, 'A')) == 722,
	      "advances in 1/1000 em (一 1000, Liberation A 722)", "got %d and %d",
	      gw_font_advance(fs->fandol, gw_font_glyph(fs->fandol, 0x4E00)),
	      gw_font_advance(fs->latin, gw_font_glyph(fs->latin, 'A')));
	check(fs->fandol->ascent > 0 && fs->fandol->descent < 0 && fs->fandol->bbox[2] > 0,
	      "Fandol metrics", "ascent %d descent %d", fs->fandol->ascent, fs->fandol->descent);
}

/*
 * The sample PDF: qpdf, pdffonts, pdftotext, glyphcheck, determinism.
 */
static void test_sample(const fonts *fs)
{
	char err[256], bad[512];
	char *a = gw_xasprintf("%s/sample.pdf", tmpdir),
	     *b = gw_xasprintf("%s/sample2.pdf", tmpdir);
	line l = {SAMPLE, NULL, 14};
	int r = render(a, fs, &l, 1, err, sizeof err);
	check(r == 0, "render the sample", "%s", err);
	if (r != 0)
		goto out;
	char *out;
	int qok = qpdf_ok(a, &out);
	check(qok, "sample passes qpdf --check", "%s", out);
	free(out);
	int nf = pdffonts_all_embedded(a, bad, sizeof bad);
	check(nf == 3, "sample: pdffonts shows 3 fonts, each emb yes sub yes uni yes",
	      "%d fonts: %s", nf, nf < 0 ? bad : "");
	char *text = extract(a), *want = squash(SAMPLE);
	check(strcmp(text, want) == 0, "sample: pdftotext gives the input exactly (with U+20BB7)",
	      "got \"%s\"", text);
	free(text);
	free(want);
	int st = glyphcheck(a, &out);
	check(st == 0, "sample: glyphcheck passes", "status %d:\n%s", st, out);
	if (st == 0)
		print_indented(out);
	free(out);
	test_glyphcheck_detects(a);
	r = render(b, fs, &l, 1, err, sizeof err);
	check(r == 0 && same_bytes(a, b), "rendering twice gives identical bytes", "%s",
	      r ? err : "files differ");
out:
	free(a);
	free(b);
}

/*
 * CID != GID glyphs in Fandol and glyphs shared by two code points in Noto (alias Type0).
 */
static void test_aliases(const fonts *fs)
{
	char err[256], bad[512];
	char *a = gw_xasprintf("%s/alias.pdf", tmpdir);
	check(gw_font_glyph(fs->noto, 0x2026) == gw_font_glyph(fs->noto, 0x22EF) &&
	              gw_font_glyph(fs->noto, 0x4E00) == gw_font_glyph(fs->noto, 0x2F00),
	      "Noto shares glyphs between … ⋯ and 一 ⼀", "no shared glyphs");
	line ls[2] = {{EXTRA_FANDOL, fs->fandol, 14}, {EXTRA_NOTO, fs->noto, 14}};
	int r = render(a, fs, ls, 2, err, sizeof err);
	check(r == 0, "render the alias page", "%s", err);
	if (r != 0) {
		free(a);
		return;
	}
	char *out;
	int qok = qpdf_ok(a, &out);
	check(qok, "alias page passes qpdf --check", "%s", out);
	free(out);
	int nf = pdffonts_all_embedded(a, bad, sizeof bad);
	check(nf == 3, "alias page: Fandol + Noto + one Noto alias, all embedded with ToUnicode",
	      "%d fonts: %s", nf, nf < 0 ? bad : "");
	char *text = extract(a);
	gw_buf w = {0};
	gw_buf_printf(&w, "%s %s", EXTRA_FANDOL, EXTRA_NOTO);
	char *want = squash(w.data);
	gw_buf_free(&w);
	check(strcmp(text, want) == 0, "alias page: pdftotext gives the input exactly",
	      "got \"%s\"", text);
	free(text);
	free(want);
	int st = glyphcheck(a, &out);
	check(st == 0, "alias page: glyphcheck passes (CID != GID, shared glyphs)",
	      "status %d:\n%s", st, out);
	free(out);
	free(a);
}

/*
 * A page of 300 distinct hanzi from U+4E00 on (those FandolFang has), in one font.
 * Checks the size limit and that glyphcheck passes; prints the size.
 */
static void test_size(const fonts *fs, gw_font *f, const char *label, const char *slug, long limit)
{
	char err[256];
	char *path = gw_xasprintf("%s/size-%s.pdf", tmpdir, slug);
	enum { NCHARS = 300, PER_LINE = 30 };
	char texts[NCHARS / PER_LINE][PER_LINE * 4 + 1];
	line ls[NCHARS / PER_LINE];
	uint32_t cp = 0x4E00;
	for (int li = 0; li < NCHARS / PER_LINE; li++) {
		int n = 0;
		for (int k = 0; k < PER_LINE; k++) {
			while (!gw_font_glyph(fs->fandol, cp) || !gw_font_glyph(f, cp))
				cp++;
			n += gw_utf8_encode(cp++, texts[li] + n);
		}
		texts[li][n] = 0;
		ls[li] = (line){texts[li], f, 14};
	}
	int r = render(path, fs, ls, NCHARS / PER_LINE, err, sizeof err);
	long size = r == 0 ? file_size(path) : -1;
	char name[128];
	snprintf(name, sizeof name, "300 distinct hanzi in %s: %ld bytes < %ld", label, size,
	         limit);
	check(r == 0 && size > 0 && size < limit, name, "%s", r ? err : "too large");
	if (r == 0) {
		char *out;
		snprintf(name, sizeof name, "300 distinct hanzi in %s: glyphcheck passes", label);
		int st = glyphcheck(path, &out);
		check(st == 0, name, "status %d:\n%s", st, out);
		free(out);
	}
	free(path);
}

/*
 * Misuse of the API gives errors, not crashes.
 */
static void test_errors(const fonts *fs)
{
	char err[256];
	HPDF_Doc pdf = HPDF_NewEx(NULL, NULL, NULL, 0, NULL);
	gw_pdf_fonts *t = gw_pdf_fonts_new(pdf);
	HPDF_Page page = HPDF_AddPage(pdf);
	const char *name;
	uint16_t code;
	uint32_t cp = 0xD800;
	int r = gw_pdf_fonts_use(t, page, fs->fandol, 1, &cp, 1, &name, &code, err, sizeof err);
	check(r == -1 && strstr(err, "not a Unicode scalar value"), "surrogate text is refused",
	      "%s", r ? err : "accepted");
	cp = 0x4E00;
	r = gw_pdf_fonts_use(t, page, fs->fandol, (uint32_t)fs->fandol->nglyphs, &cp, 1, &name,
	                     &code, err, sizeof err);
	check(r == -1 && strstr(err, "out of range"), "glyph id out of range is refused", "%s",
	      r ? err : "accepted");
	r = gw_pdf_fonts_use(t, page, fs->latin, gw_font_glyph(fs->latin, 'A'), NULL, 0, &name,
	                     &code, err, sizeof err);
	check(r == 0 && code == 1, "glyph without text gets code 1", "%s", r ? err : "wrong code");
	check(gw_pdf_fonts_finish(t, err, sizeof err) == 0, "finish with a text-less glyph", "%s",
	      err);
	r = gw_pdf_fonts_use(t, page, fs->latin, 1, &cp, 1, &name, &code, err, sizeof err);
	check(r == -1, "use after finish is refused", "accepted");
	HPDF_Free(pdf);
	gw_pdf_fonts_drop(t);
}

/*
 * Runs every check in a fresh temporary directory and prints the summary line.
 */
int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/gw-test-pdf-font.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	gw_fontset *set = gw_fontset_new();
	fonts fs = {0};
	test_fonts(set, &fs);
	if (fs.fandol && fs.noto && fs.latin) {
		test_sample(&fs);
		test_aliases(&fs);
		test_size(&fs, fs.fandol, "FandolFang", "fandol", 140000);
		test_size(&fs, fs.noto, "Noto Serif CJK SC", "noto", 80000);
		test_errors(&fs);
	}
	gw_fontset_drop(set);
	if (getenv("GW_KEEP_TMP"))
		printf("kept %s\n", tmpdir);
	else
		remove_tmpdir();
	DONE();
}
