/*
 * glyphcheck.c: checks, from a PDF and the source font files alone, that every glyph drawn
 * through a Type0 font has the source font's outline and width.
 *
 * Usage: glyphcheck FILE.pdf FONTFILE[:INDEX] ...
 *
 * In: a PDF (read through `qpdf --json=2` with decoded stream data written to files in a
 * mkdtemp directory, removed at the end) and the font files the PDF was made from (without
 * an index, every face of a collection is a candidate). Out: per Type0 font one line
 * "ok FONTNAME N glyphs", or "FAIL FONTNAME: reason" lines; exit 0 only when every font
 * passes and at least one glyph was checked, 1 on a failed check, 2 on usage or tool errors.
 *
 * Per Type0 font (Identity-H): BaseFont without its ABCDEF+ tag names the source face by
 * PostScript name (characters not allowed in a PostScript name compare as '-'). The codes
 * checked are those drawn by Tj/TJ/'/" in the page content streams plus those in ToUnicode.
 * For each code: ToUnicode (bfchar, bfrange) gives the text, the source cmap gives the source
 * glyph (texts are single code points; for CFF a code without a single-code-point text is
 * matched by CID or GID instead); the embedded glyph comes from the CIDToGIDMap (TrueType),
 * the CID -> GID inverse of the embedded CFF charset (CID-keyed CFF, opened from the bare
 * FontFile3 data with FreeType) or the code itself (name-keyed CFF). Both glyphs are loaded
 * unscaled and unhinted; the outlines must match exactly (contours, points, point types and
 * the FT_Outline_Decompose segment sequence). An inked source glyph must not be empty in the
 * subset, and the /W width (or /DW) must equal trunc(advance * 1000 / upem) of the source.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H

/* Most FAIL lines printed per font before a count of the rest. */
#define MAX_FAIL_LINES 20

/* ---- small helpers ---- */

/*
 * malloc that exits on exhaustion (a test tool has no better answer).
 */
static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "glyphcheck: out of memory\n");
		exit(2);
	}
	return p;
}

/*
 * calloc that exits on exhaustion.
 */
static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fprintf(stderr, "glyphcheck: out of memory\n");
		exit(2);
	}
	return p;
}

/*
 * realloc that exits on exhaustion.
 */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "glyphcheck: out of memory\n");
		exit(2);
	}
	return q;
}

/*
 * Reads a whole file; returns malloc'ed bytes (NUL-terminated) or NULL.
 */
static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	unsigned char *b = xmalloc(cap + 1);
	size_t k;
	while ((k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			b = xrealloc(b, cap + 1);
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(b);
		return NULL;
	}
	b[n] = 0;
	*len = n;
	return b;
}

/*
 * Copies a PostScript name, replacing characters a PostScript name may not hold (outside
 * '!'..'~', or one of ()<>[]{}/%#) by '-', as the embedder does for BaseFont.
 */
static char *ps_normalise(const char *s)
{
	size_t n = strlen(s);
	char *o = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		o[i] = (c < 0x21 || c > 0x7E || strchr("()<>[]{}/%#", c)) ? '-' : (char)c;
	}
	o[n] = 0;
	return o;
}

/* ---- the PDF through qpdf's JSON ---- */

typedef struct pdfjson {
	cJSON *root; /* the whole qpdf JSON document */
	cJSON *objects; /* the "obj:N G R" map */
} pdfjson;

/*
 * Runs qpdf on pdf, writing DIR/out.json and DIR/s-N stream files. Returns 0, or -1 after
 * printing qpdf's messages.
 */
static int run_qpdf(const char *pdf, const char *dir)
{
	char prefix[4200], out[4200], errf[4200], a1[4300];
	snprintf(prefix, sizeof prefix, "%s/s", dir);
	snprintf(out, sizeof out, "%s/out.json", dir);
	snprintf(errf, sizeof errf, "%s/qpdf.err", dir);
	snprintf(a1, sizeof a1, "--json-stream-prefix=%s", prefix);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execlp("qpdf", "qpdf", "--json=2", "--json-stream-data=file", a1,
		       "--decode-level=generalized", pdf, out, (char *)NULL);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	/* qpdf exits 3 for warnings only: the JSON is still complete. */
	if (WIFEXITED(st) && (WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 3))
		return 0;
	size_t n;
	unsigned char *msg = read_all(errf, &n);
	fprintf(stderr, "glyphcheck: qpdf failed on %s: %s\n", pdf, msg ? (char *)msg : "");
	free(msg);
	return -1;
}

/*
 * Follows an indirect reference ("N G R" string) to the object's value (or its stream
 * wrapper with "dict" and "datafile"); other values are returned as they are.
 */
static cJSON *deref(const pdfjson *pj, cJSON *v)
{
	for (int hops = 0; hops < 32 && cJSON_IsString(v); hops++) {
		size_t n = strlen(v->valuestring);
		if (n < 5 || strcmp(v->valuestring + n - 2, " R") != 0)
			return v;
		char key[96];
		snprintf(key, sizeof key, "obj:%s", v->valuestring);
		cJSON *o = cJSON_GetObjectItemCaseSensitive(pj->objects, key);
		if (!o)
			return NULL;
		cJSON *val = cJSON_GetObjectItemCaseSensitive(o, "value");
		v = val ? val : cJSON_GetObjectItemCaseSensitive(o, "stream");
	}
	return v;
}

/*
 * 1 when x is a stream wrapper from qpdf (has "dict" and "datafile").
 */
static int is_stream(cJSON *x)
{
	return cJSON_IsObject(x) && cJSON_GetObjectItemCaseSensitive(x, "datafile") &&
	       cJSON_GetObjectItemCaseSensitive(x, "dict");
}

/*
 * The dictionary of a value: a stream's dict, or the value itself when it is a dictionary.
 */
static cJSON *dict_of(cJSON *x)
{
	if (is_stream(x))
		return cJSON_GetObjectItemCaseSensitive(x, "dict");
	return cJSON_IsObject(x) ? x : NULL;
}

/*
 * Looks key ("/Name") up in dictionary d and dereferences the result.
 */
static cJSON *get(const pdfjson *pj, cJSON *d, const char *key)
{
	d = dict_of(d);
	if (!d)
		return NULL;
	return deref(pj, cJSON_GetObjectItemCaseSensitive(d, key));
}

/*
 * The name value of key in d without its slash, or NULL.
 */
static const char *get_name(const pdfjson *pj, cJSON *d, const char *key)
{
	cJSON *v = get(pj, d, key);
	if (!cJSON_IsString(v) || v->valuestring[0] != '/')
		return NULL;
	return v->valuestring + 1;
}

/*
 * Reads the decoded data of a stream wrapper. NULL with a reason in why when the stream is
 * missing or qpdf could not decode it.
 */
static unsigned char *stream_data(cJSON *s, size_t *len, const char **why)
{
	if (!is_stream(s)) {
		*why = "not a stream";
		return NULL;
	}
	cJSON *d = cJSON_GetObjectItemCaseSensitive(s, "dict");
	if (cJSON_GetObjectItemCaseSensitive(d, "/Filter")) {
		*why = "stream filter not decoded by qpdf";
		return NULL;
	}
	cJSON *f = cJSON_GetObjectItemCaseSensitive(s, "datafile");
	unsigned char *b = cJSON_IsString(f) ? read_all(f->valuestring, len) : NULL;
	if (!b)
		*why = "cannot read stream data";
	return b;
}

/* ---- a PDF token reader for content streams and CMaps ---- */

typedef enum tok_kind {
	T_EOF,
	T_NUM,
	T_NAME, /* text without the slash */
	T_STR, /* literal or hex string, decoded into bytes */
	T_AOPEN, /* [ */
	T_ACLOSE, /* ] */
	T_DOPEN, /* << */
	T_DCLOSE, /* >> */
	T_OP /* operator or keyword */
} tok_kind;

typedef struct tok {
	tok_kind k;
	char text[128]; /* name or operator (truncated) */
	unsigned char *s; /* string bytes (owned by the lexer, valid until the next token) */
	size_t slen; /* bytes of s */
	double num; /* number value */
} tok;

typedef struct lexer {
	const unsigned char *p, *end;
	unsigned char *buf; /* string bytes of the current token */
	size_t cap;
} lexer;

/*
 * 1 for PDF white-space characters.
 */
static int is_ws(int c)
{
	return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
}

/*
 * 1 for PDF delimiter characters.
 */
static int is_delim(int c)
{
	return c && strchr("()<>[]{}/%", c) != NULL;
}

/*
 * Appends one byte to the lexer's string buffer.
 */
static void lx_put(lexer *lx, size_t *n, unsigned char c)
{
	if (*n + 1 >= lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 256;
		lx->buf = xrealloc(lx->buf, lx->cap);
	}
	lx->buf[(*n)++] = c;
}

/*
 * Value of a hex digit, or -1.
 */
static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reads the next token into t.
 */
static void next_tok(lexer *lx, tok *t)
{
	const unsigned char *p = lx->p, *e = lx->end;
	for (;;) {
		while (p < e && is_ws(*p))
			p++;
		if (p < e && *p == '%') {
			while (p < e && *p != '\n' && *p != '\r')
				p++;
			continue;
		}
		break;
	}
	t->text[0] = 0;
	t->slen = 0;
	t->s = NULL;
	if (p >= e) {
		t->k = T_EOF;
		lx->p = p;
		return;
	}
	size_t n = 0;
	if (*p == '(') {
		int depth = 1;
		p++;
		while (p < e && depth > 0) {
			unsigned char c = *p++;
			if (c == '\\' && p < e) {
				unsigned char d = *p++;
				switch (d) {
				case 'n':
					lx_put(lx, &n, '\n');
					break;
				case 'r':
					lx_put(lx, &n, '\r');
					break;
				case 't':
					lx_put(lx, &n, '\t');
					break;
				case 'b':
					lx_put(lx, &n, '\b');
					break;
				case 'f':
					lx_put(lx, &n, '\f');
					break;
				case '\r':
					if (p < e && *p == '\n')
						p++;
					break;
				case '\n':
					break;
				default:
					if (d >= '0' && d <= '7') {
						int v = d - '0';
						for (int i = 0;
						     i < 2 && p < e && *p >= '0' && *p <= '7'; i++)
							v = v * 8 + (*p++ - '0');
						lx_put(lx, &n, (unsigned char)v);
					} else {
						lx_put(lx, &n, d);
					}
				}
				continue;
			}
			if (c == '(')
				depth++;
			if (c == ')' && --depth == 0)
				break;
			lx_put(lx, &n, c);
		}
		t->k = T_STR;
	} else if (*p == '<' && p + 1 < e && p[1] == '<') {
		p += 2;
		t->k = T_DOPEN;
	} else if (*p == '>' && p + 1 < e && p[1] == '>') {
		p += 2;
		t->k = T_DCLOSE;
	} else if (*p == '<') {
		p++;
		int hi = -1;
		while (p < e && *p != '>') {
			int v = hexval(*p++);
			if (v < 0)
				continue;
			if (hi < 0) {
				hi = v;
			} else {
				lx_put(lx, &n, (unsigned char)(hi * 16 + v));
				hi = -1;
			}
		}
		if (hi >= 0)
			lx_put(lx, &n, (unsigned char)(hi * 16));
		if (p < e)
			p++;
		t->k = T_STR;
	} else if (*p == '[' || *p == ']') {
		t->k = *p == '[' ? T_AOPEN : T_ACLOSE;
		p++;
	} else if (*p == '/') {
		p++;
		size_t k = 0;
		while (p < e && !is_ws(*p) && !is_delim(*p)) {
			if (k + 1 < sizeof t->text)
				t->text[k++] = (char)*p;
			p++;
		}
		t->text[k] = 0;
		t->k = T_NAME;
	} else {
		size_t k = 0;
		const unsigned char *s = p;
		if (is_delim(*p)) /* stray delimiter such as ) or { */
			p++;
		while (p < e && !is_ws(*p) && !is_delim(*p)) {
			if (k + 1 < sizeof t->text)
				t->text[k++] = (char)*p;
			p++;
		}
		if (p == s)
			p++;
		t->text[k] = 0;
		char *end;
		t->num = strtod(t->text, &end);
		t->k = (k > 0 && *end == 0 && strchr("+-.0123456789", t->text[0])) ? T_NUM : T_OP;
	}
	lx->p = p;
	if (t->k == T_STR) {
		lx_put(lx, &n, 0);
		t->s = lx->buf;
		t->slen = n - 1;
	}
}

/* ---- fonts of the PDF ---- */

/* What one Type0 font of the PDF holds and needs. */
typedef struct pdffont {
	cJSON *dict; /* the Type0 dictionary (identity of the font) */
	char *ref; /* "N G R" of the font object, for messages */
	unsigned char *drawn; /* bitmap of codes drawn in content streams */
	struct pdffont *next;
} pdffont;

/*
 * The record for Type0 font dict, created on first sight.
 */
static pdffont *font_rec(pdffont **list, cJSON *dict, const char *ref)
{
	for (pdffont *f = *list; f; f = f->next)
		if (f->dict == dict)
			return f;
	pdffont *f = xcalloc(1, sizeof *f);
	f->dict = dict;
	f->ref = strdup(ref ? ref : "direct object");
	f->drawn = xcalloc(65536 / 8, 1);
	pdffont **tail = list;
	while (*tail)
		tail = &(*tail)->next;
	*tail = f;
	return f;
}

/*
 * 1 when d is a Type0 font dictionary.
 */
static int is_type0(const pdfjson *pj, cJSON *d)
{
	const char *ty = get_name(pj, d, "/Type"), *st = get_name(pj, d, "/Subtype");
	return ty && st && strcmp(ty, "Font") == 0 && strcmp(st, "Type0") == 0;
}

/* Font resource of a page: resource name -> font dictionary. */
typedef struct resfont {
	char name[128];
	cJSON *dict;
	const char *ref;
} resfont;

/*
 * Parses one page's content and marks every code shown with a Type0 font as drawn.
 */
static void scan_content(const unsigned char *data, size_t len, resfont *res, int nres,
                         pdffont **fonts)
{
	lexer lx = {data, data + len, NULL, 0};
	tok t;
	char font[128] = "";
	char stack[64][128]; /* q/Q saves of the font name */
	int depth = 0;
	char last_name[128] = "";
	/* Codes of the strings since the last operator. */
	uint16_t *codes = NULL;
	size_t ncodes = 0, capcodes = 0;
	for (;;) {
		next_tok(&lx, &t);
		if (t.k == T_EOF)
			break;
		if (t.k == T_NAME) {
			snprintf(last_name, sizeof last_name, "%s", t.text);
		} else if (t.k == T_STR) {
			for (size_t i = 0; i < t.slen; i += 2) {
				if (ncodes == capcodes) {
					capcodes = capcodes ? capcodes * 2 : 256;
					codes = xrealloc(codes, capcodes * sizeof *codes);
				}
				unsigned hi = t.s[i], lo = i + 1 < t.slen ? t.s[i + 1] : 0;
				codes[ncodes++] = (uint16_t)(hi << 8 | lo);
			}
		} else if (t.k == T_OP) {
			const char *op = t.text;
			if (strcmp(op, "Tf") == 0) {
				snprintf(font, sizeof font, "%s", last_name);
			} else if (strcmp(op, "q") == 0) {
				if (depth < 64)
					snprintf(stack[depth], sizeof stack[depth], "%s", font);
				depth++;
			} else if (strcmp(op, "Q") == 0) {
				if (depth > 0 && --depth < 64)
					snprintf(font, sizeof font, "%s", stack[depth]);
			} else if (strcmp(op, "Tj") == 0 || strcmp(op, "TJ") == 0 ||
			           strcmp(op, "'") == 0 || strcmp(op, "\"") == 0) {
				for (int i = 0; i < nres; i++) {
					if (strcmp(res[i].name, font) != 0 || !res[i].dict)
						continue;
					pdffont *f = font_rec(fonts, res[i].dict, res[i].ref);
					for (size_t k = 0; k < ncodes; k++)
						f->drawn[codes[k] >> 3] |=
						        (unsigned char)(1u << (codes[k] & 7));
				}
			} else if (strcmp(op, "ID") == 0) {
				/* Inline image data: skip to "EI" between white space. */
				const unsigned char *p = lx.p;
				while (p + 2 < lx.end &&
				       !(is_ws(p[0]) && p[1] == 'E' && p[2] == 'I' &&
				         (p + 3 == lx.end || is_ws(p[3]))))
					p++;
				lx.p = p + 3 <= lx.end ? p + 3 : lx.end;
			}
			ncodes = 0;
		}
	}
	free(codes);
	free(lx.buf);
}

/*
 * Walks the pages qpdf lists, scanning their content streams. Returns 0, or -1.
 */
static int scan_pages(const pdfjson *pj, pdffont **fonts)
{
	cJSON *pages = cJSON_GetObjectItemCaseSensitive(pj->root, "pages");
	cJSON *pg;
	cJSON_ArrayForEach(pg, pages)
	{
		cJSON *pref = cJSON_GetObjectItemCaseSensitive(pg, "object");
		cJSON *page = deref(pj, pref);
		cJSON *resources = NULL;
		for (cJSON *p = page; p && !resources; p = get(pj, p, "/Parent"))
			resources = get(pj, p, "/Resources");
		cJSON *fdict = get(pj, resources, "/Font");
		resfont res[256];
		int nres = 0;
		cJSON *e;
		if (cJSON_IsObject(fdict)) {
			cJSON_ArrayForEach(e, fdict)
			{
				if (nres == 256 || !e->string || e->string[0] != '/')
					continue;
				cJSON *fd = deref(pj, e);
				snprintf(res[nres].name, sizeof res[nres].name, "%s",
				         e->string + 1);
				res[nres].dict = is_type0(pj, fd) ? fd : NULL;
				res[nres].ref = cJSON_IsString(e) ? e->valuestring : NULL;
				nres++;
			}
		}
		/* Concatenate the content streams (a page may split them anywhere but tokens). */
		unsigned char *all = NULL;
		size_t nall = 0;
		cJSON *c;
		cJSON *contents = cJSON_GetObjectItemCaseSensitive(pg, "contents");
		cJSON_ArrayForEach(c, contents)
		{
			size_t n;
			const char *why;
			unsigned char *d = stream_data(deref(pj, c), &n, &why);
			if (!d) {
				fprintf(stderr, "glyphcheck: page content %s: %s\n",
				        cJSON_IsString(c) ? c->valuestring : "?", why);
				free(all);
				return -1;
			}
			all = xrealloc(all, nall + n + 1);
			memcpy(all + nall, d, n);
			nall += n;
			all[nall++] = '\n';
			free(d);
		}
		if (all)
			scan_content(all, nall, res, nres, fonts);
		free(all);
	}
	return 0;
}

/* ---- ToUnicode ---- */

/* code -> text (code points) from a ToUnicode CMap. */
typedef struct tounicode {
	uint32_t *off; /* per code: offset into cps + 1; 0 = no entry */
	uint32_t *len; /* per code: number of code points */
	uint32_t *cps;
	size_t n, cap;
} tounicode;

/*
 * Decodes UTF-16BE bytes into code points appended to tu->cps; returns the count.
 */
static uint32_t utf16_append(tounicode *tu, const unsigned char *s, size_t n)
{
	uint32_t count = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = (uint32_t)s[i] << 8 | s[i + 1];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (tu->n == tu->cap) {
			tu->cap = tu->cap ? tu->cap * 2 : 256;
			tu->cps = xrealloc(tu->cps, tu->cap * sizeof *tu->cps);
		}
		tu->cps[tu->n++] = u;
		count++;
	}
	return count;
}

/*
 * Sets the text of code from UTF-16BE bytes; add is added to the last UTF-16 unit (bfrange).
 */
static void tu_set(tounicode *tu, unsigned code, const unsigned char *s, size_t n, unsigned add)
{
	if (code > 0xFFFF)
		return;
	unsigned char tmp[512];
	if (n > sizeof tmp)
		n = sizeof tmp;
	memcpy(tmp, s, n);
	if (add && n >= 2) {
		unsigned v = ((unsigned)tmp[n - 2] << 8 | tmp[n - 1]) + add;
		tmp[n - 2] = (unsigned char)(v >> 8);
		tmp[n - 1] = (unsigned char)v;
	}
	size_t at = tu->n;
	tu->len[code] = utf16_append(tu, tmp, n);
	tu->off[code] = (uint32_t)at + 1;
}

/*
 * Big-endian value of a source code string (1 or 2 bytes).
 */
static unsigned code_of(const tok *t)
{
	unsigned v = 0;
	for (size_t i = 0; i < t->slen && i < 4; i++)
		v = v << 8 | t->s[i];
	return v;
}

/*
 * Parses a ToUnicode CMap's bfchar and bfrange sections into tu (code space 0..FFFF).
 */
static void parse_tounicode(const unsigned char *data, size_t len, tounicode *tu)
{
	tu->off = xcalloc(65536, sizeof *tu->off);
	tu->len = xcalloc(65536, sizeof *tu->len);
	lexer lx = {data, data + len, NULL, 0};
	tok t;
	enum { NONE, BFCHAR, BFRANGE } mode = NONE;
	/* Pending operands: up to 2 codes and an array index inside bfrange. */
	unsigned src[2] = {0, 0};
	int nsrc = 0, in_array = 0;
	unsigned arr_i = 0;
	for (;;) {
		next_tok(&lx, &t);
		if (t.k == T_EOF)
			break;
		if (t.k == T_OP) {
			if (strcmp(t.text, "beginbfchar") == 0)
				mode = BFCHAR;
			else if (strcmp(t.text, "beginbfrange") == 0)
				mode = BFRANGE;
			else if (strcmp(t.text, "endbfchar") == 0 ||
			         strcmp(t.text, "endbfrange") == 0)
				mode = NONE;
			nsrc = 0;
			in_array = 0;
			continue;
		}
		if (mode == BFCHAR && t.k == T_STR) {
			if (nsrc == 0) {
				src[0] = code_of(&t);
				nsrc = 1;
			} else {
				tu_set(tu, src[0], t.s, t.slen, 0);
				nsrc = 0;
			}
		} else if (mode == BFRANGE) {
			if (t.k == T_STR && nsrc < 2) {
				src[nsrc++] = code_of(&t);
			} else if (t.k == T_STR && in_array) {
				if (src[0] + arr_i <= src[1])
					tu_set(tu, src[0] + arr_i, t.s, t.slen, 0);
				arr_i++;
			} else if (t.k == T_STR) {
				for (unsigned c = src[0]; c <= src[1] && c <= 0xFFFF; c++)
					tu_set(tu, c, t.s, t.slen, c - src[0]);
				nsrc = 0;
			} else if (t.k == T_AOPEN && nsrc == 2) {
				in_array = 1;
				arr_i = 0;
			} else if (t.k == T_ACLOSE) {
				in_array = 0;
				nsrc = 0;
			}
		}
	}
	free(lx.buf);
}

/*
 * Frees a parsed ToUnicode map.
 */
static void free_tounicode(tounicode *tu)
{
	free(tu->off);
	free(tu->len);
	free(tu->cps);
}

/* ---- source fonts ---- */

typedef struct srcface {
	FT_Face face;
	char *ps; /* normalised PostScript name */
} srcface;

/*
 * Opens FONTFILE[:INDEX] (every face when no index) and appends the faces to *v.
 * Returns 0, or -1 after printing why.
 */
static int open_source(FT_Library lib, const char *arg, srcface **v, int *n)
{
	char *path = strdup(arg);
	long index = -1;
	char *colon = strrchr(path, ':');
	if (colon && colon[1]) {
		char *end;
		long i = strtol(colon + 1, &end, 10);
		if (*end == 0 && i >= 0) {
			index = i;
			*colon = 0;
		}
	}
	FT_Face probe;
	if (FT_New_Face(lib, path, 0, &probe) != 0) {
		fprintf(stderr, "glyphcheck: cannot open font %s\n", path);
		free(path);
		return -1;
	}
	long nfaces = probe->num_faces;
	FT_Done_Face(probe);
	long from = index >= 0 ? index : 0, to = index >= 0 ? index + 1 : nfaces;
	if (index >= nfaces) {
		fprintf(stderr, "glyphcheck: %s has %ld faces, no face %ld\n", path, nfaces, index);
		free(path);
		return -1;
	}
	for (long i = from; i < to; i++) {
		FT_Face f;
		if (FT_New_Face(lib, path, i, &f) != 0) {
			fprintf(stderr, "glyphcheck: cannot open face %ld of %s\n", i, path);
			free(path);
			return -1;
		}
		FT_Select_Charmap(f, FT_ENCODING_UNICODE);
		const char *ps = FT_Get_Postscript_Name(f);
		*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
		(*v)[*n].face = f;
		(*v)[*n].ps = ps_normalise(ps && *ps ? ps : "Unknown");
		(*n)++;
	}
	free(path);
	return 0;
}

/* ---- outline comparison ---- */

/* The segment sequence of an outline from FT_Outline_Decompose. */
typedef struct segs {
	long *v;
	size_t n, cap;
} segs;

/*
 * Appends op and up to three points to the segment record.
 */
static void seg_put(segs *s, long op, const FT_Vector *a, const FT_Vector *b, const FT_Vector *c)
{
	if (s->n + 7 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = op;
	const FT_Vector *pts[3] = {a, b, c};
	for (int i = 0; i < 3; i++) {
		if (!pts[i])
			continue;
		s->v[s->n++] = pts[i]->x;
		s->v[s->n++] = pts[i]->y;
	}
}

/* FT_Outline_Decompose callbacks recording into a segs. */
static int cb_move(const FT_Vector *to, void *u)
{
	seg_put(u, 1, to, NULL, NULL);
	return 0;
}
static int cb_line(const FT_Vector *to, void *u)
{
	seg_put(u, 2, to, NULL, NULL);
	return 0;
}
static int cb_conic(const FT_Vector *c, const FT_Vector *to, void *u)
{
	seg_put(u, 3, c, to, NULL);
	return 0;
}
static int cb_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *u)
{
	seg_put(u, 4, c1, c2, to);
	return 0;
}

/*
 * Records the segments of an outline.
 */
static void decompose(FT_Outline *o, segs *s)
{
	static const FT_Outline_Funcs fn = {cb_move, cb_line, cb_conic, cb_cubic, 0, 0};
	s->n = 0;
	FT_Outline_Decompose(o, &fn, s);
}

/* A copy of one loaded outline. */
typedef struct outline {
	int n_points, n_contours;
	FT_Vector *points;
	char *tags;
	short *contours;
	segs segs;
	int format_outline; /* 1 when the glyph loaded as an outline */
} outline;

/*
 * Loads gid unscaled and unhinted and copies its outline. Returns 0, or a FreeType error.
 */
static int load_outline(FT_Face f, unsigned gid, outline *o)
{
	memset(o, 0, sizeof *o);
	int e = FT_Load_Glyph(f, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
	if (e)
		return e;
	FT_GlyphSlot g = f->glyph;
	o->format_outline = g->format == FT_GLYPH_FORMAT_OUTLINE;
	FT_Outline *src = &g->outline;
	o->n_points = src->n_points;
	o->n_contours = src->n_contours;
	o->points = xmalloc((size_t)(o->n_points ? o->n_points : 1) * sizeof *o->points);
	o->tags = xmalloc((size_t)(o->n_points ? o->n_points : 1));
	o->contours = xmalloc((size_t)(o->n_contours ? o->n_contours : 1) * sizeof *o->contours);
	if (o->n_points) {
		memcpy(o->points, src->points, (size_t)o->n_points * sizeof *o->points);
		memcpy(o->tags, src->tags, (size_t)o->n_points);
	}
	if (o->n_contours)
		memcpy(o->contours, src->contours, (size_t)o->n_contours * sizeof *o->contours);
	decompose(src, &o->segs);
	return 0;
}

/*
 * Frees a copied outline.
 */
static void free_outline(outline *o)
{
	free(o->points);
	free(o->tags);
	free(o->contours);
	free(o->segs.v);
}

/*
 * Compares two outlines; returns NULL when equal, else a static description.
 * Point types compare by FT_CURVE_TAG (on-curve, conic, cubic); the upper tag bits are
 * rasteriser hints (drop-out mode) that are not part of the shape.
 */
static const char *compare_outlines(const outline *a, const outline *b)
{
	if (a->n_contours != b->n_contours)
		return "contour count differs";
	if (a->n_points != b->n_points)
		return "point count differs";
	for (int i = 0; i < a->n_contours; i++)
		if (a->contours[i] != b->contours[i])
			return "contour ends differ";
	for (int i = 0; i < a->n_points; i++) {
		if (a->points[i].x != b->points[i].x || a->points[i].y != b->points[i].y)
			return "point coordinates differ";
		if (FT_CURVE_TAG(a->tags[i]) != FT_CURVE_TAG(b->tags[i]))
			return "point types differ";
	}
	if (a->segs.n != b->segs.n ||
	    (a->segs.n && memcmp(a->segs.v, b->segs.v, a->segs.n * sizeof *a->segs.v) != 0))
		return "decomposed segments differ";
	return NULL;
}

/* ---- checking one font ---- */

/* FAIL line printer that stops after MAX_FAIL_LINES per font. */
typedef struct failer {
	const char *font;
	int count;
} failer;

/*
 * Prints one FAIL line for the font (or counts it once the limit is reached).
 */
static void fail(failer *fl, const char *fmt, ...)
{
	if (fl->count++ >= MAX_FAIL_LINES)
		return;
	printf("FAIL %s: ", fl->font);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/*
 * Reads /W into widths[code] (entries not covered keep dw).
 */
static void parse_widths(const pdfjson *pj, cJSON *w, int *widths, int dw)
{
	for (int i = 0; i < 65536; i++)
		widths[i] = dw;
	w = deref(pj, w);
	if (!cJSON_IsArray(w))
		return;
	int n = cJSON_GetArraySize(w);
	for (int i = 0; i < n;) {
		cJSON *a = deref(pj, cJSON_GetArrayItem(w, i));
		cJSON *b = i + 1 < n ? deref(pj, cJSON_GetArrayItem(w, i + 1)) : NULL;
		if (!cJSON_IsNumber(a) || !b)
			break;
		long first = (long)a->valuedouble;
		if (cJSON_IsArray(b)) {
			int k = 0;
			cJSON *x;
			cJSON_ArrayForEach(x, b)
			{
				cJSON *xv = deref(pj, x);
				long c = first + k++;
				if (c >= 0 && c < 65536 && cJSON_IsNumber(xv))
					widths[c] = (int)xv->valuedouble;
			}
			i += 2;
		} else {
			cJSON *wv = i + 2 < n ? deref(pj, cJSON_GetArrayItem(w, i + 2)) : NULL;
			if (!cJSON_IsNumber(b) || !cJSON_IsNumber(wv))
				break;
			for (long c = first; c <= (long)b->valuedouble && c < 65536; c++)
				if (c >= 0)
					widths[c] = (int)wv->valuedouble;
			i += 3;
		}
	}
}

/*
 * Checks one Type0 font. Returns the number of glyphs checked, or -1 when it failed.
 */
static int check_font(const pdfjson *pj, pdffont *pf, FT_Library lib, srcface *src, int nsrc)
{
	cJSON *d = pf->dict;
	const char *base = get_name(pj, d, "/BaseFont");
	failer fl = {base ? base : pf->ref, 0};
	int checked = 0;
	tounicode tu = {0};
	int *widths = NULL;
	unsigned char *prog = NULL, *map = NULL, *tudata = NULL;
	uint32_t *cid2gid = NULL;
	FT_Face sub = NULL;
	size_t plen = 0, mlen = 0, tulen = 0;
	const char *why;

	if (!base) {
		fail(&fl, "no /BaseFont");
		goto out;
	}
	const char *enc = get_name(pj, d, "/Encoding");
	if (!enc || strcmp(enc, "Identity-H") != 0) {
		fail(&fl, "encoding %s is not Identity-H", enc ? enc : "(not a name)");
		goto out;
	}
	/* Strip the subset tag. */
	const char *ps = base;
	if (strlen(base) > 7 && base[6] == '+') {
		int tag = 1;
		for (int i = 0; i < 6; i++)
			tag &= base[i] >= 'A' && base[i] <= 'Z';
		if (tag)
			ps = base + 7;
	}
	srcface *sf = NULL;
	for (int i = 0; i < nsrc && !sf; i++)
		if (strcmp(src[i].ps, ps) == 0)
			sf = &src[i];
	if (!sf) {
		fail(&fl, "no source font with PostScript name %s among the arguments", ps);
		goto out;
	}
	cJSON *desc_fonts = get(pj, d, "/DescendantFonts");
	cJSON *cidfont =
	        cJSON_IsArray(desc_fonts) ? deref(pj, cJSON_GetArrayItem(desc_fonts, 0)) : NULL;
	const char *cst = get_name(pj, cidfont, "/Subtype");
	if (!cst || (strcmp(cst, "CIDFontType2") != 0 && strcmp(cst, "CIDFontType0") != 0)) {
		fail(&fl, "descendant font is not a CIDFontType0/2");
		goto out;
	}
	int tt = strcmp(cst, "CIDFontType2") == 0;
	cJSON *fdesc = get(pj, cidfont, "/FontDescriptor");
	cJSON *file = get(pj, fdesc, tt ? "/FontFile2" : "/FontFile3");
	if (!file) {
		fail(&fl, "no %s in the font descriptor (font not embedded)",
		     tt ? "/FontFile2" : "/FontFile3");
		goto out;
	}
	prog = stream_data(file, &plen, &why);
	if (!prog) {
		fail(&fl, "font program: %s", why);
		goto out;
	}
	if (FT_New_Memory_Face(lib, prog, (FT_Long)plen, 0, &sub) != 0) {
		sub = NULL;
		fail(&fl, "FreeType cannot open the embedded font program");
		goto out;
	}
	/* Code -> subset gid. */
	int cid_keyed = 0;
	if (tt) {
		cJSON *m = get(pj, cidfont, "/CIDToGIDMap");
		if (m && !(cJSON_IsString(m) && strcmp(m->valuestring, "/Identity") == 0)) {
			map = stream_data(m, &mlen, &why);
			if (!map) {
				fail(&fl, "CIDToGIDMap: %s", why);
				goto out;
			}
		}
	} else {
		FT_Bool is_cid = 0;
		if (FT_Get_CID_Is_Internally_CID_Keyed(sub, &is_cid) == 0 && is_cid) {
			cid_keyed = 1;
			cid2gid = xmalloc(65536 * sizeof *cid2gid);
			for (int i = 0; i < 65536; i++)
				cid2gid[i] = UINT32_MAX;
			for (long g = 0; g < sub->num_glyphs; g++) {
				FT_UInt cid;
				if (FT_Get_CID_From_Glyph_Index(sub, (FT_UInt)g, &cid) == 0 &&
				    cid < 65536)
					cid2gid[cid] = (uint32_t)g;
			}
		}
	}
	/* Source CID -> gid, for CFF codes without a single-code-point text. */
	cJSON *tus = get(pj, d, "/ToUnicode");
	if (!tus) {
		fail(&fl, "no /ToUnicode");
		goto out;
	}
	tudata = stream_data(tus, &tulen, &why);
	if (!tudata) {
		fail(&fl, "ToUnicode: %s", why);
		goto out;
	}
	parse_tounicode(tudata, tulen, &tu);
	cJSON *dwv = get(pj, cidfont, "/DW");
	widths = xmalloc(65536 * sizeof *widths);
	parse_widths(pj, get(pj, cidfont, "/W"), widths,
	             cJSON_IsNumber(dwv) ? (int)dwv->valuedouble : 1000);

	FT_Face srcf = sf->face;
	for (unsigned code = 0; code < 65536; code++) {
		int drawn = (pf->drawn[code >> 3] >> (code & 7)) & 1;
		if (!drawn && !tu.off[code])
			continue;
		checked++;
		char what[64];
		uint32_t cp = 0;
		unsigned sgid;
		if (tu.off[code] && tu.len[code] == 1) {
			cp = tu.cps[tu.off[code] - 1];
			snprintf(what, sizeof what, "code %04X (U+%04X)", code, (unsigned)cp);
			sgid = FT_Get_Char_Index(srcf, cp);
			if (sgid == 0 && cp != 0) {
				fail(&fl, "%s: the source font has no glyph for the text", what);
				continue;
			}
		} else if (!tt) {
			/* No single-code-point text: match by CID (CID-keyed) or GID (name-keyed).
			 */
			snprintf(what, sizeof what, "code %04X (no single-character text)", code);
			sgid = code;
			if (cid_keyed) {
				sgid = UINT32_MAX;
				for (long g = 0; g < srcf->num_glyphs; g++) {
					FT_UInt cid;
					if (FT_Get_CID_From_Glyph_Index(srcf, (FT_UInt)g, &cid) ==
					            0 &&
					    cid == code) {
						sgid = (unsigned)g;
						break;
					}
				}
				if (sgid == UINT32_MAX) {
					fail(&fl, "%s: CID not in the source font", what);
					continue;
				}
			}
		} else {
			fail(&fl, "code %04X is drawn but its ToUnicode text is %s", code,
			     tu.off[code] ? "not one character" : "missing");
			continue;
		}
		/* Embedded glyph. */
		unsigned ngid;
		if (tt) {
			if (map) {
				if (2 * (size_t)code + 1 >= mlen) {
					fail(&fl, "%s: beyond the CIDToGIDMap", what);
					continue;
				}
				ngid = (unsigned)map[2 * code] << 8 | map[2 * code + 1];
			} else {
				ngid = code;
			}
		} else if (cid_keyed) {
			if (cid2gid[code] == UINT32_MAX) {
				fail(&fl, "%s: CID %u is not in the embedded font", what, code);
				continue;
			}
			ngid = cid2gid[code];
		} else {
			ngid = code;
		}
		if (ngid >= (unsigned)sub->num_glyphs) {
			fail(&fl, "%s: glyph %u is beyond the embedded font's %ld glyphs", what,
			     ngid, sub->num_glyphs);
			continue;
		}
		/*
		 * FreeType's CFF loader takes a CID, not a glyph index, for a bare (non-sfnt)
		 * CID-keyed CFF: it maps the CID through the charset itself.
		 */
		unsigned load_index = cid_keyed ? code : ngid;
		outline a, b;
		int ea = load_outline(srcf, sgid, &a);
		int eb = load_outline(sub, load_index, &b);
		if (ea || eb) {
			fail(&fl, "%s: FreeType cannot load the %s glyph", what,
			     ea ? "source" : "embedded");
		} else if (a.n_points > 0 && b.n_points == 0) {
			fail(&fl,
			     "%s: inked in the source (gid %u) but empty in the subset (gid %u)",
			     what, sgid, ngid);
		} else {
			const char *diff = compare_outlines(&a, &b);
			if (diff)
				fail(&fl, "%s: %s (source gid %u, embedded gid %u)", what, diff,
				     sgid, ngid);
		}
		free_outline(&a);
		free_outline(&b);
		FT_Fixed adv = 0;
		FT_Get_Advance(srcf, sgid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &adv);
		long want = (long)((long long)adv * 1000 / srcf->units_per_EM);
		if (widths[code] != want)
			fail(&fl, "%s: /W width %d, source advance gives %ld", what, widths[code],
			     want);
	}
	if (checked == 0 && fl.count == 0)
		fail(&fl, "no glyph to check");
out:
	if (fl.count > MAX_FAIL_LINES)
		printf("FAIL %s: %d more failures\n", fl.font, fl.count - MAX_FAIL_LINES);
	if (sub)
		FT_Done_Face(sub);
	free(prog);
	free(map);
	free(tudata);
	free(cid2gid);
	free(widths);
	free_tounicode(&tu);
	if (fl.count)
		return -1;
	printf("ok %s %d glyphs\n", fl.font, checked);
	return checked;
}

/*
 * Removes the temporary directory and its files.
 */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char p[4400];
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/*
 * glyphcheck FILE.pdf FONTFILE[:INDEX] ...: opens the source faces, dumps the PDF with qpdf,
 * collects the drawn codes per Type0 font and checks every font; see the file comment.
 */
int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: glyphcheck FILE.pdf FONTFILE[:INDEX] ...\n");
		return 2;
	}
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/glyphcheck.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "glyphcheck: mkdtemp: %s\n", strerror(errno));
		return 2;
	}
	int status = 2;
	FT_Library lib = NULL;
	srcface *src = NULL;
	int nsrc = 0;
	pdfjson pj = {NULL, NULL};
	pdffont *fonts = NULL;
	unsigned char *json = NULL;

	if (FT_Init_FreeType(&lib) != 0) {
		fprintf(stderr, "glyphcheck: cannot start FreeType\n");
		goto out;
	}
	for (int i = 2; i < argc; i++)
		if (open_source(lib, argv[i], &src, &nsrc) != 0)
			goto out;
	if (run_qpdf(argv[1], dir) != 0)
		goto out;
	char jpath[4200];
	snprintf(jpath, sizeof jpath, "%s/out.json", dir);
	size_t jlen;
	json = read_all(jpath, &jlen);
	pj.root = json ? cJSON_ParseWithLength((const char *)json, jlen) : NULL;
	cJSON *q = cJSON_GetObjectItemCaseSensitive(pj.root, "qpdf");
	pj.objects = cJSON_GetArrayItem(q, 1);
	if (!cJSON_IsObject(pj.objects)) {
		fprintf(stderr, "glyphcheck: cannot read qpdf's JSON for %s\n", argv[1]);
		goto out;
	}
	if (scan_pages(&pj, &fonts) != 0)
		goto out;
	/* Type0 fonts that no page draws with still get their ToUnicode codes checked. */
	cJSON *o;
	cJSON_ArrayForEach(o, pj.objects)
	{
		cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");
		if (v && is_type0(&pj, v) && o->string && strncmp(o->string, "obj:", 4) == 0)
			font_rec(&fonts, v, o->string + 4);
	}
	int total = 0, bad = 0;
	for (pdffont *f = fonts; f; f = f->next) {
		int n = check_font(&pj, f, lib, src, nsrc);
		if (n < 0)
			bad++;
		else
			total += n;
	}
	if (!fonts)
		printf("FAIL %s: no Type0 font in the file\n", argv[1]);
	else if (!bad && total == 0)
		printf("FAIL %s: no glyph was checked\n", argv[1]);
	status = (!bad && total > 0) ? 0 : 1;
out:
	while (fonts) {
		pdffont *n = fonts->next;
		free(fonts->drawn);
		free(fonts->ref);
		free(fonts);
		fonts = n;
	}
	cJSON_Delete(pj.root);
	free(json);
	for (int i = 0; i < nsrc; i++) {
		FT_Done_Face(src[i].face);
		free(src[i].ps);
	}
	free(src);
	if (lib)
		FT_Done_FreeType(lib);
	remove_dir(dir);
	return status;
}
