/*
 * test_api.c: libgongwen through its public header only (include/gongwen.h).
 *
 * In: the source tree's samples/ (run from the project's root, as tests/run.sh does) and a
 * scratch folder of its own under $TMPDIR or /tmp. Out: "ok NAME" / "FAIL NAME: why" lines
 * and the exit status. Covers: confinement (seal, layout, "extends", font files outside the
 * allowed folders refused at their JSON position, by a symbolic link too; the same files
 * accepted when not confined), the limits of a context (data bytes, pages, time; a limit may
 * only be lowered), diagnostics walkable with positions, the three writes (path, FILE*,
 * buffer) giving the same bytes, an atomic path write, and two contexts in two threads
 * rendering at once giving the same bytes.
 */
#define _GNU_SOURCE /* mkdtemp, symlink, memmem */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gongwen.h"

#include "check.h"

static char dir[4096]; /* the scratch folder */

/* dir/rel in a static buffer (one of four, so that a call may take several). */
static const char *at(const char *rel)
{
	static char b[4][4200];
	static int k;
	k = (k + 1) % 4;
	snprintf(b[k], sizeof b[k], "%s/%s", dir, rel);
	return b[k];
}

/* Writes s to dir/rel. */
static void put(const char *rel, const char *s)
{
	FILE *f = fopen(at(rel), "w");
	if (!f || fputs(s, f) < 0 || fclose(f) != 0) {
		printf("FAIL setup: cannot write %s\n", at(rel));
		exit(1);
	}
}

/* Copies the file src to dir/rel. */
static void copy(const char *src, const char *rel)
{
	FILE *in = fopen(src, "rb"), *out = fopen(at(rel), "wb");
	char buf[65536];
	size_t n;
	if (!in || !out) {
		printf("FAIL setup: cannot copy %s to %s\n", src, at(rel));
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
}

/* Reads a whole file into *len bytes (malloc'ed), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (cap - n < 65536)
			b = realloc(b, cap = cap * 2 + 65536);
		got = fread(b + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return b;
}

/* The first diagnostic whose message contains s, or NULL. */
static const gw_diag *find(const gw_diags *d, const char *s)
{
	for (int i = 0; i < gw_diags_count(d); i++)
		if (strstr(gw_diags_get(d, i)->msg, s))
			return gw_diags_get(d, i);
	return NULL;
}

/* The first diagnostic's line, for a failure's explanation. */
static const char *first(const gw_diags *d)
{
	static char b[1024];
	const gw_diag *g = gw_diags_get(d, 0);
	char *s = g ? gw_diag_format(g) : NULL;
	snprintf(b, sizeof b, "%d diagnostics; first: %s", gw_diags_count(d), s ? s : "(none)");
	gw_free(s);
	return b;
}

/* A one-page notice whose signature carries the seal `seal`. */
static char *data_with_seal(const char *seal, const char *layout)
{
	static char b[2048];
	snprintf(b, sizeof b,
	         "{%s%s%s\"body\": [\n"
	         "  {\"title\": \"关于测试的通知\"},\n"
	         "  {\"p\": \"这是正文。\"},\n"
	         "  {\"signature\": {\"org\": \"测试办公室\", \"date\": \"2020-01-02\",\n"
	         "                 \"seal\": \"%s\"}}\n"
	         "]}\n",
	         layout ? "\"layout\": \"" : "", layout ? layout : "", layout ? "\", " : "", seal);
	return b;
}

/* Loads bytes named `name` in ctx with layout (NULL: the data's); returns the document. */
static gw_document *load(gw_ctx *ctx, const char *bytes, const char *name, const char *layout,
                         gw_status *st)
{
	gw_doc_options o = {.layout = layout};
	gw_document *doc;
	*st = gw_document_load_bytes(ctx, bytes, strlen(bytes), name, &o, &doc);
	return doc;
}

/* 1 when a refusal naming `what` is among d, at a position with a pointer. */
static int refused_at(const gw_diags *d, const char *what, const char *pointer)
{
	const gw_diag *g = find(d, "is outside the allowed folders");
	return g && strstr(g->msg, what) && g->line > 0 && g->col > 0 && g->pointer &&
	       (!pointer || strcmp(g->pointer, pointer) == 0);
}

static void confinement(void)
{
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		return;
	char seal[4200], layouts[4200];
	snprintf(seal, sizeof seal, "%s/samples/seal.png", cwd);
	snprintf(layouts, sizeof layouts, "%s/layouts", cwd);
	mkdir(at("seals"), 0700);
	mkdir(at("outside"), 0700);
	mkdir(at("lay"), 0700);
	copy(seal, "seals/seal.png");
	copy(seal, "outside/seal.png");
	symlink(at("outside/seal.png"), at("seals/link.png"));
	/* a layout folder: one layout extends another that leads outside, one names a font
	   outside, one is a link to a layout outside */
	char buf[8192];
	snprintf(buf, sizeof buf, "{\"extends\": \"%s/gbt9704.json\"}\n", layouts);
	put("outside/evil.json", buf);
	symlink(at("outside/evil.json"), at("lay/evil.json"));
	put("lay/ext.json", "{\"extends\": \"evil.json\"}\n");
	put("lay/good.json", "{\"extends\": \"gbt9704\"}\n");
	copy("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
	     "outside/font.ttf");
	snprintf(buf, sizeof buf,
	         "{\"extends\": \"gbt9704\", \"fonts\": {\"fang\": [{\"file\": \"%s\", \"chars\": "
	         "[\"U+0020-U+007E\"]}, {\"file\": \"fandol/FandolFang-Regular.otf\"}]}}\n",
	         at("outside/font.ttf"));
	put("lay/font.json", buf);
	symlink(at("outside/evil.json"), at("lay/linked.json"));

	gw_ctx_options co = {.confined = 1, .seal_path = at("seals"), .layout_path = at("lay")};
	gw_ctx *ctx;
	check(gw_ctx_new(&co, &ctx) == GW_OK, "api: confined context", "gw_ctx_new failed");
	gw_status st;
	gw_document *doc;

	/* the data named in the seals folder: its seal beside it is allowed */
	doc = load(ctx, data_with_seal("seal.png", NULL), at("seals/data.json"), NULL, &st);
	check(st == GW_OK && gw_document_page_count(doc) == 1, "api: confined: seal inside",
	      "status %d, %s", st, first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("../outside/seal.png", NULL), at("seals/data.json"), NULL,
	           &st);
	check(st == GW_ERR_INPUT &&
	              refused_at(gw_document_diags(doc), "seal \"../outside/seal.png\"",
	                         "/body/2/signature/seal"),
	      "api: confined: seal ../outside refused at its position", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("link.png", NULL), at("seals/data.json"), NULL, &st);
	check(st == GW_ERR_INPUT && refused_at(gw_document_diags(doc), "link.png", NULL),
	      "api: confined: seal by a symbolic link outside refused", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("/etc/passwd", NULL), at("seals/data.json"), NULL, &st);
	check(st == GW_ERR_INPUT && refused_at(gw_document_diags(doc), "/etc/passwd", NULL),
	      "api: confined: seal /etc/passwd refused unread", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	/* a seal that does not exist outside: the same answer as one that does */
	doc = load(ctx, data_with_seal("../outside/none.png", NULL), at("seals/data.json"), NULL,
	           &st);
	check(st == GW_ERR_INPUT && refused_at(gw_document_diags(doc), "none.png", NULL),
	      "api: confined: a missing file outside is refused alike", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("seal.png", "good"), at("seals/data.json"), NULL, &st);
	check(st == GW_OK, "api: confined: a layout of the folder extending an installed one",
	      "status %d, %s", st, first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("seal.png", "ext"), at("seals/data.json"), NULL, &st);
	check(st == GW_ERR_INPUT &&
	              refused_at(gw_document_diags(doc), "layout \"evil.json\"", "/extends"),
	      "api: confined: \"extends\" leading outside refused at its position", "status %d, %s",
	      st, first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("seal.png", "font"), at("seals/data.json"), NULL, &st);
	check(st == GW_ERR_INPUT &&
	              refused_at(gw_document_diags(doc), "font file", "/fonts/fang/0/file"),
	      "api: confined: a font outside refused at its position", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("seal.png", "linked"), at("seals/data.json"), NULL, &st);
	check(st == GW_ERR_INPUT && refused_at(gw_document_diags(doc), "linked", "/layout"),
	      "api: confined: a layout linked outside refused", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);

	doc = load(ctx, data_with_seal("seal.png", NULL), at("seals/data.json"),
	           at("outside/evil.json"), &st);
	check(st == GW_ERR_INPUT && find(gw_document_diags(doc), "is a path"),
	      "api: confined: a layout given as a path refused", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);

	/* not confined: today's rules (a seal anywhere, a font anywhere) */
	check(gw_ctx_new(NULL, &ctx) == GW_OK, "api: default context", "gw_ctx_new failed");
	doc = load(ctx, data_with_seal("../outside/seal.png", NULL), at("seals/data.json"), NULL,
	           &st);
	check(st == GW_OK, "api: not confined: a seal outside is read", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);
	doc = load(ctx, data_with_seal("seal.png", NULL), at("seals/data.json"),
	           at("lay/font.json"), &st);
	check(st == GW_OK, "api: not confined: a font anywhere is read", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);
}

static void limits(void)
{
	size_t len;
	char *sample = slurp("samples/annual-report-2020.json", &len);
	if (!sample) {
		check(0, "api: limits", "cannot read samples/annual-report-2020.json");
		return;
	}
	gw_ctx *ctx;
	gw_document *doc;
	gw_status st;
	gw_ctx_options co = {.max_file_bytes = 1000};
	gw_ctx_new(&co, &ctx);
	st = gw_document_load_bytes(ctx, sample, len, "samples/annual-report-2020.json", NULL,
	                            &doc);
	check(st == GW_ERR_INPUT && find(gw_document_diags(doc), "larger than 1000 bytes"),
	      "api: limits: max_file_bytes (bytes)", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);
	st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
	check(st == GW_ERR_INPUT && find(gw_document_diags(doc), "larger than 1000 bytes"),
	      "api: limits: max_file_bytes (file)", "status %d, %s", st,
	      first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);

	co = (gw_ctx_options){.max_pages = 2};
	gw_ctx_new(&co, &ctx);
	st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
	check(st == GW_ERR_INPUT && find(gw_document_diags(doc), "more than 2 pages") &&
	              gw_document_page_count(doc) == 0,
	      "api: limits: max_pages", "status %d, %s", st, first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);

	co = (gw_ctx_options){.max_seconds = 1e-6};
	gw_ctx_new(&co, &ctx);
	st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
	check(st == GW_ERR_INPUT && find(gw_document_diags(doc), "took longer than 1e-06 s"),
	      "api: limits: max_seconds", "status %d, %s", st, first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);

	/* a generous limit passes, and gives the same bytes as none */
	co = (gw_ctx_options){.max_seconds = 60, .max_pages = 100, .max_file_bytes = 1 << 20};
	gw_ctx_new(&co, &ctx);
	st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
	check(st == GW_OK && gw_document_page_count(doc) > 2, "api: limits: generous limits pass",
	      "status %d, %s", st, first(gw_document_diags(doc)));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);

	co = (gw_ctx_options){.max_pages = 10001};
	check(gw_ctx_new(&co, &ctx) == GW_ERR_USAGE, "api: limits: a limit may only be lowered",
	      "a page limit above the built-in one was accepted");
	co = (gw_ctx_options){.max_seconds = -1};
	check(gw_ctx_new(&co, &ctx) == GW_ERR_USAGE, "api: limits: negative time refused",
	      "accepted");
	free(sample);
}

/* Renders the sample in a context of its own into a buffer (a thread's work). */
typedef struct job {
	unsigned char *pdf;
	size_t len;
	gw_status st;
} job;

static void *render_job(void *arg)
{
	job *j = arg;
	gw_ctx_options co = {.has_source_date = 1, .source_date = 1700000000};
	gw_ctx *ctx;
	j->st = gw_ctx_new(&co, &ctx);
	if (j->st != GW_OK)
		return NULL;
	gw_document *doc;
	/* twice: the second from the context's caches (layout, fonts, ICU) */
	for (int k = 0; k < 2 && j->st == GW_OK; k++) {
		j->st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
		free(j->pdf);
		j->pdf = NULL;
		if (j->st == GW_OK)
			j->st = gw_document_write_pdf_buffer(doc, NULL, &j->pdf, &j->len);
		gw_document_drop(doc);
	}
	gw_ctx_drop(ctx);
	return NULL;
}

static void writes_and_threads(void)
{
	/* one thread alone, then two at once: the same bytes */
	job one = {0}, a = {0}, b = {0};
	render_job(&one);
	pthread_t ta, tb;
	pthread_create(&ta, NULL, render_job, &a);
	pthread_create(&tb, NULL, render_job, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check(one.st == GW_OK && a.st == GW_OK && b.st == GW_OK && one.len > 1000 &&
	              a.len == one.len && b.len == one.len && !memcmp(a.pdf, one.pdf, one.len) &&
	              !memcmp(b.pdf, one.pdf, one.len),
	      "api: two contexts in two threads give the same bytes as one",
	      "status %d %d %d, %zu %zu %zu bytes", one.st, a.st, b.st, one.len, a.len, b.len);

	/* path, FILE* and buffer: the same bytes */
	gw_ctx_options co = {.has_source_date = 1, .source_date = 1700000000};
	gw_ctx *ctx;
	gw_ctx_new(&co, &ctx);
	gw_document *doc;
	gw_status st = gw_document_load_file(ctx, "samples/annual-report-2020.json", NULL, &doc);
	gw_status s1 = gw_document_write_pdf(doc, NULL, at("out.pdf"));
	FILE *f = fopen(at("file.pdf"), "wb");
	gw_status s2 = f ? gw_document_write_pdf_file(doc, NULL, f) : GW_ERR_IO;
	if (f)
		fclose(f);
	size_t l1 = 0, l2 = 0;
	char *p1 = slurp(at("out.pdf"), &l1), *p2 = slurp(at("file.pdf"), &l2);
	check(st == GW_OK && s1 == GW_OK && s2 == GW_OK && p1 && p2 && l1 == one.len &&
	              l2 == one.len && !memcmp(p1, one.pdf, l1) && !memcmp(p2, one.pdf, l2),
	      "api: path, FILE* and buffer writes give the same bytes",
	      "status %d %d %d, %zu %zu %zu bytes", st, s1, s2, l1, l2, one.len);
	free(p2);

	/* a failed write leaves the old file: the target's folder is gone, then read-only */
	gw_status s3 = gw_document_write_pdf(doc, NULL, at("none/out.pdf"));
	check(s3 == GW_ERR_IO && gw_diags_errors(gw_document_diags(doc)) > 0,
	      "api: a write into a missing folder is an I/O error", "status %d", s3);
	put("old.pdf", "old");
	gw_status s4 = gw_document_write_pdf(doc, NULL, "samples/annual-report-2020.json");
	check(s4 == GW_ERR_USAGE, "api: writing over an input is refused", "status %d", s4);
	mkdir(at("ro"), 0700);
	put("ro/old.pdf", "old");
	chmod(at("ro"), 0500);
	gw_status s5 = gw_document_write_pdf(doc, NULL, at("ro/old.pdf"));
	size_t l3 = 0;
	char *p3 = slurp(at("ro/old.pdf"), &l3);
	/* root may write anyway: then the write succeeded whole */
	int whole = s5 == GW_OK && l3 == one.len && p3 && !memcmp(p3, one.pdf, l3);
	int kept = s5 == GW_ERR_IO && l3 == 3 && p3 && !memcmp(p3, "old", 3);
	check(whole || kept, "api: a failed path write leaves the old file", "status %d, %zu bytes",
	      s5, l3);
	chmod(at("ro"), 0700);
	free(p3);
	free(p1);

	/* release_pages (issue 14): the same bytes, then the document refuses further writes */
	gw_write_options rel = {.release_pages = 1};
	gw_status s6 = gw_document_write_pdf(doc, &rel, at("rel.pdf"));
	size_t l6 = 0;
	char *p6 = slurp(at("rel.pdf"), &l6);
	FILE *nul = fopen("/dev/null", "w");
	gw_status s7 = nul ? gw_document_write_trace(doc, nul) : GW_OK;
	if (nul)
		fclose(nul);
	unsigned char *b8 = NULL;
	size_t l8 = 0;
	gw_status s8 = gw_document_write_pdf_buffer(doc, NULL, &b8, &l8);
	check(s6 == GW_OK && p6 && l6 == one.len && !memcmp(p6, one.pdf, l6) &&
	              s7 == GW_ERR_INPUT && s8 == GW_ERR_INPUT && !b8,
	      "api: a write with release_pages gives the same bytes, then no write is possible",
	      "status %d %d %d, %zu bytes", s6, s7, s8, l6);
	free(p6);
	gw_free(b8);
	gw_document_drop(doc);

	/* diagnostics: walkable, with positions, the same as printed */
	const char *bad = "{\"body\": [\n  {\"p\": 1},\n  {\"h9\": \"x\"}\n]}\n";
	st = gw_document_load_bytes(ctx, bad, strlen(bad), "bad.json", NULL, &doc);
	const gw_diags *d = gw_document_diags(doc);
	int n = gw_diags_count(d), positioned = 0;
	for (int i = 0; i < n; i++) {
		const gw_diag *g = gw_diags_get(d, i);
		positioned += g->severity == GW_SEV_ERROR && g->file &&
		              !strcmp(g->file, "bad.json") && g->line >= 2 && g->col >= 1 &&
		              g->pointer && g->msg;
	}
	char *line = n ? gw_diag_format(gw_diags_get(d, 0)) : NULL;
	check(st == GW_ERR_INPUT && n >= 2 && positioned == n && gw_diags_errors(d) == n &&
	              gw_diags_get(d, n) == NULL && line && !strncmp(line, "bad.json:2:", 11) &&
	              strstr(line, "(at /body/0/p)"),
	      "api: diagnostics walkable with file, line, column and pointer",
	      "status %d, %d diagnostics, %d positioned; first: %s", st, n, positioned,
	      line ? line : "(none)");
	gw_free(line);
	unsigned char *none;
	size_t nlen;
	check(gw_document_write_pdf_buffer(doc, NULL, &none, &nlen) == GW_ERR_INPUT && !none,
	      "api: a document that did not load writes nothing", "wrote");
	gw_document_drop(doc);
	gw_ctx_drop(ctx);
	free(one.pdf);
	free(a.pdf);
	free(b.pdf);
}

/* Signing: render --sign's path and buffer writes and gw_sign_pdf over the unsigned bytes. */
static void signing(void)
{
	char cmd[16384];
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem "
	         "-days 30 -subj /CN=api >/dev/null 2>&1 && openssl pkcs12 -export -inkey k.pem "
	         "-in c.pem -out id.p12 -passout pass: >/dev/null 2>&1",
	         dir);
	if (system(cmd) != 0) {
		check(0, "api: signing", "openssl could not make a key");
		return;
	}
	gw_ctx *ctx;
	gw_ctx_new(NULL, &ctx);
	gw_document *doc;
	gw_status st = gw_document_load_file(ctx, "samples/notice.json", NULL, &doc);
	gw_sign_options so = {
	        .p12 = at("id.p12"), .has_time = 1, .time = 1700000000, .allow_expired = 1};
	gw_write_options wo = {.sign = &so};
	unsigned char *buf = NULL;
	size_t blen = 0;
	gw_status s1 = gw_document_write_pdf_buffer(doc, &wo, &buf, &blen);
	gw_status s2 = gw_document_write_pdf(doc, &wo, at("signed.pdf"));
	size_t flen = 0;
	char *file = slurp(at("signed.pdf"), &flen);
	check(st == GW_OK && s1 == GW_OK && s2 == GW_OK && blen > 1000 && file && flen == blen &&
	              !memcmp(file, buf, blen) && memmem(buf, blen, "/ByteRange", 10),
	      "api: render --sign into a buffer and to a path: the same signed bytes",
	      "status %d %d %d, %zu and %zu bytes; %s", st, s1, s2, blen, flen,
	      first(gw_document_diags(doc)));
	free(file);

	/* gw_sign_pdf over the signed bytes again: a second signature, verified first */
	gw_diags *d = gw_diags_new();
	unsigned char *twice = NULL;
	size_t tlen = 0;
	gw_status s3 = gw_sign_pdf(ctx, buf, blen, "signed.pdf", &so, &twice, &tlen, d);
	check(s3 == GW_OK && tlen > blen && !memcmp(twice, buf, blen) && gw_diags_errors(d) == 0,
	      "api: gw_sign_pdf adds a second signature as an incremental update",
	      "status %d, %zu bytes, %s", s3, tlen, first(d));
	gw_free(twice);
	gw_diags_drop(d);

	/* errors name the caller's files, without the sign command's prefix */
	d = gw_diags_new();
	gw_sign_options bad = {
	        .p12 = at("c.pem"), .has_time = 1, .time = 1700000000, .allow_expired = 1};
	gw_status s4 = gw_sign_pdf(ctx, buf, blen, "signed.pdf", &bad, &twice, &tlen, d);
	const gw_diag *g = gw_diags_get(d, 0);
	check(s4 == GW_ERR_INPUT && !twice && g && strstr(g->msg, "c.pem") &&
	              !strstr(g->msg, "gongwen sign"),
	      "api: gw_sign_pdf with a file that is no PKCS#12 names it", "status %d, %s", s4,
	      first(d));
	gw_diags_drop(d);
	gw_free(buf);
	gw_document_drop(doc);
	gw_ctx_drop(ctx);
}

/*
 * The context's layout cache: a layout is loaded once, and loaded again when the file or a
 * layout it extends changes (an office edits the parent of its layout while a service runs).
 */
static void layout_cache(void)
{
	static const char data[] = "{\"body\": [{\"title\": \"关于测试的通知\"}, "
	                           "{\"p\": \"这是正文。\"}]}";
	put("cache-parent.json", "{\"version\": 1, \"name\": \"p\", \"extends\": \"gbt9704\"}\n");
	put("cache-child.json",
	    "{\"version\": 1, \"name\": \"c\", \"extends\": \"cache-parent.json\"}\n");
	gw_ctx *ctx;
	gw_status st = gw_ctx_new(NULL, &ctx);
	CHECK("api: cache: a context", st == GW_OK);
	gw_document *a = load(ctx, data, at("data.json"), at("cache-child.json"), &st);
	CHECK("api: cache: a layout extending a parent file loads", st == GW_OK);
	gw_document *b = load(ctx, data, at("data.json"), at("cache-child.json"), &st);
	CHECK("api: cache: loaded again from the cache", st == GW_OK);
	/* the parent changes (a key the loader refuses): the cached layout must not be used */
	put("cache-parent.json",
	    "{\"version\": 1, \"name\": \"p\", \"extends\": \"gbt9704\", \"no_such_key\": 1}\n");
	gw_document *c = load(ctx, data, at("data.json"), at("cache-child.json"), &st);
	const gw_diag *g = gw_diags_get(gw_document_diags(c), 0);
	check(st == GW_ERR_INPUT && g && g->file && strstr(g->file, "cache-parent.json"),
	      "api: cache: an edited parent layout is read again (its new error is reported)",
	      "status %d, first diagnostic %s", st, first(gw_document_diags(c)));
	gw_document_drop(a);
	gw_document_drop(b);
	gw_document_drop(c);
	gw_ctx_drop(ctx);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/gw-test-api-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("FAIL setup: mkdtemp\n");
		return 1;
	}
	confinement();
	limits();
	writes_and_threads();
	signing();
	layout_cache();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("note: could not remove %s\n", dir);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
