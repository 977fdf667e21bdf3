/*
 * pdfio.c: a small PDF reader (classic xref tables, dictionaries kept as raw key/value
 * spans) and the writer of the signing update. See pdfio.h and
 * the team's measured recipe ../shared/reference/archive-sign.md (outside this repository)
 * §1.2-1.5 for the objects written; docs/archive-and-sign.md for the user's side.
 */
#include "pdfio.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "../base/utf8.h"

#define MAX_OBJECTS 8000000
#define MAX_DEPTH 64

typedef struct span {
	size_t a, b; /* [a, b) in the file */
} span;

/* A dictionary: keys (names without the slash) and raw value spans. */
typedef struct dict {
	int n;
	span key[256];
	span val[256];
} dict;

static int fail(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0;
}

static int is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static size_t skip_ws(const gw_pdf *p, size_t i)
{
	while (i < p->len) {
		if (is_ws((unsigned char)p->data[i])) {
			i++;
		} else if (p->data[i] == '%') {
			while (i < p->len && p->data[i] != '\n' && p->data[i] != '\r')
				i++;
		} else {
			break;
		}
	}
	return i;
}

/* Reads a non-negative integer at i (after white space); -1 when there is none. */
static long read_uint(const gw_pdf *p, size_t *i)
{
	size_t j = skip_ws(p, *i);
	if (j >= p->len || !isdigit((unsigned char)p->data[j]))
		return -1;
	long v = 0;
	while (j < p->len && isdigit((unsigned char)p->data[j])) {
		if (v > 100000000000L)
			return -1;
		v = v * 10 + (p->data[j++] - '0');
	}
	*i = j;
	return v;
}

static int keyword_at(const gw_pdf *p, size_t i, const char *kw)
{
	size_t n = strlen(kw);
	return i + n <= p->len && memcmp(p->data + i, kw, n) == 0 &&
	       (i + n == p->len || is_ws((unsigned char)p->data[i + n]) ||
	        is_delim((unsigned char)p->data[i + n]));
}

/* Skips one value starting at or after *i; returns its span start or -1 on a syntax error. */
static int skip_value(const gw_pdf *p, size_t *i, int depth, span *out)
{
	size_t j = skip_ws(p, *i);
	if (j >= p->len || depth > MAX_DEPTH)
		return -1;
	size_t start = j;
	char c = p->data[j];
	if (c == '/') {
		j++;
		while (j < p->len && !is_ws((unsigned char)p->data[j]) &&
		       !is_delim((unsigned char)p->data[j]))
			j++;
	} else if (c == '(') {
		int level = 0;
		for (; j < p->len; j++) {
			if (p->data[j] == '\\') {
				j++;
			} else if (p->data[j] == '(') {
				level++;
			} else if (p->data[j] == ')' && --level == 0) {
				j++;
				break;
			}
		}
		if (level != 0)
			return -1;
	} else if (c == '<' && j + 1 < p->len && p->data[j + 1] == '<') {
		j += 2;
		for (;;) {
			j = skip_ws(p, j);
			if (j + 1 < p->len && p->data[j] == '>' && p->data[j + 1] == '>') {
				j += 2;
				break;
			}
			if (skip_value(p, &j, depth + 1, NULL) < 0)
				return -1;
		}
	} else if (c == '<') {
		while (j < p->len && p->data[j] != '>')
			j++;
		if (j >= p->len)
			return -1;
		j++;
	} else if (c == '[') {
		j++;
		for (;;) {
			j = skip_ws(p, j);
			if (j < p->len && p->data[j] == ']') {
				j++;
				break;
			}
			if (skip_value(p, &j, depth + 1, NULL) < 0)
				return -1;
		}
	} else if (isdigit((unsigned char)c) || c == '-' || c == '+' || c == '.') {
		j++;
		while (j < p->len && (isdigit((unsigned char)p->data[j]) || p->data[j] == '.'))
			j++;
		/* "num gen R" is one value */
		size_t k = j;
		long g = read_uint(p, &k);
		if (g >= 0 && isdigit((unsigned char)c)) {
			k = skip_ws(p, k);
			if (k < p->len && p->data[k] == 'R' &&
			    (k + 1 == p->len || is_ws((unsigned char)p->data[k + 1]) ||
			     is_delim((unsigned char)p->data[k + 1])))
				j = k + 1;
		}
	} else if (isalpha((unsigned char)c)) {
		while (j < p->len && isalpha((unsigned char)p->data[j]))
			j++;
	} else {
		return -1;
	}
	*i = j;
	if (out) {
		out->a = start;
		out->b = j;
	}
	return 0;
}

/* Parses the dictionary whose "<<" is at or after *i. */
static int parse_dict(const gw_pdf *p, size_t *i, dict *d)
{
	size_t j = skip_ws(p, *i);
	d->n = 0;
	if (j + 1 >= p->len || p->data[j] != '<' || p->data[j + 1] != '<')
		return -1;
	j += 2;
	for (;;) {
		j = skip_ws(p, j);
		if (j + 1 < p->len && p->data[j] == '>' && p->data[j + 1] == '>') {
			*i = j + 2;
			return 0;
		}
		span k, v;
		if (j >= p->len || p->data[j] != '/' || skip_value(p, &j, 0, &k) < 0 ||
		    skip_value(p, &j, 0, &v) < 0 || d->n >= 256)
			return -1;
		k.a++; /* drop the slash */
		d->key[d->n] = k;
		d->val[d->n] = v;
		d->n++;
	}
}

static int dict_find(const gw_pdf *p, const dict *d, const char *key)
{
	size_t n = strlen(key);
	for (int i = 0; i < d->n; i++)
		if (d->key[i].b - d->key[i].a == n && memcmp(p->data + d->key[i].a, key, n) == 0)
			return i;
	return -1;
}

/* "num gen R" in span v: returns num (and *gen), or -1. */
static long as_ref(const gw_pdf *p, span v, int *gen)
{
	size_t i = v.a;
	long num = read_uint(p, &i);
	long g = num >= 0 ? read_uint(p, &i) : -1;
	i = skip_ws(p, i);
	if (num < 0 || g < 0 || i >= v.b || p->data[i] != 'R')
		return -1;
	if (gen)
		*gen = (int)g;
	return num;
}

/* The offset just after "num gen obj" of object num, or -1. */
static long object_body(const gw_pdf *p, long num)
{
	if (num <= 0 || num >= p->size || p->off[num] < 0)
		return -1;
	if (p->packed && p->packed[num])
		return p->off[num];
	size_t i = (size_t)p->off[num];
	if (read_uint(p, &i) != num || read_uint(p, &i) < 0)
		return -1;
	i = skip_ws(p, i);
	if (!keyword_at(p, i, "obj"))
		return -1;
	return (long)(i + 3);
}

/* Resolves v when it is a reference: the span of the referenced object's value. */
static int resolve(const gw_pdf *p, span v, span *out)
{
	long num = as_ref(p, v, NULL);
	if (num < 0) {
		*out = v;
		return 0;
	}
	long b = object_body(p, num);
	if (b < 0)
		return -1;
	size_t i = (size_t)b;
	return skip_value(p, &i, 0, out);
}

static int resolve_dict(const gw_pdf *p, span v, dict *d)
{
	span r;
	if (resolve(p, v, &r) < 0)
		return -1;
	size_t i = r.a;
	return parse_dict(p, &i, d);
}

static int name_is(const gw_pdf *p, span v, const char *name)
{
	size_t n = strlen(name);
	return v.b - v.a == n + 1 && p->data[v.a] == '/' && memcmp(p->data + v.a + 1, name, n) == 0;
}

/* --- cross-reference tables and streams ------------------------------------------------ */

#define OFF_UNSEEN -2 /* off[num]: no section has spoken of num yet */
#define OFF_PACKED -3 /* off[num]: in object stream stm[num], not yet inflated */
#define MAX_INFLATED ((size_t)256 << 20) /* bytes of inflated streams per file */

/* Makes room for objects [0, n). */
static void grow(gw_pdf *p, long n)
{
	if (n <= p->size)
		return;
	p->off = gw_xrealloc(p->off, (size_t)n * sizeof *p->off);
	p->gen = gw_xrealloc(p->gen, (size_t)n * sizeof *p->gen);
	p->stm = gw_xrealloc(p->stm, (size_t)n * sizeof *p->stm);
	for (long j = p->size; j < n; j++) {
		p->off[j] = OFF_UNSEEN;
		p->gen[j] = 0;
		p->stm[j] = 0;
	}
	p->size = (int)n;
}

/* A direct non-negative integer in span v; -1 when it is not one. */
static long direct_int(const gw_pdf *p, span v)
{
	size_t i = v.a;
	long n = read_uint(p, &i);
	return n >= 0 && i == v.b ? n : -1;
}

/* The trailer keys (a classic trailer or a cross-reference stream's dictionary). */
static int read_trailer(gw_pdf *p, const dict *t, int first, long *prev, char *err, size_t errsz)
{
	int k;
	if ((k = dict_find(p, t, "Prev")) >= 0 && (*prev = direct_int(p, t->val[k])) < 0)
		return fail(err, errsz, "damaged PDF: bad /Prev in a trailer");
	if (!first)
		return 0;
	if ((k = dict_find(p, t, "Root")) < 0 ||
	    (p->root = (int)as_ref(p, t->val[k], &p->root_gen)) < 0)
		return fail(err, errsz, "damaged PDF: the trailer has no /Root");
	if ((k = dict_find(p, t, "Encrypt")) >= 0)
		return fail(err, errsz, "encrypted PDFs cannot be signed");
	if ((k = dict_find(p, t, "Info")) >= 0) {
		/* kept as "num gen R" rebuilt from numbers: the raw span may hold NULs or comments
		 */
		int g;
		long n = as_ref(p, t->val[k], &g);
		if (n > 0)
			p->info = gw_xasprintf("%ld %d R", n, g);
	}
	if ((k = dict_find(p, t, "ID")) >= 0) {
		size_t j = t->val[k].a;
		span s;
		if (p->data[j] == '[') {
			j++;
			if (skip_value(p, &j, 0, &s) == 0 && p->data[s.a] == '<') {
				/* hex digits only: the raw string may hold white space or NULs */
				gw_buf h = {0};
				gw_buf_putc(&h, '<');
				for (size_t c = s.a + 1; c + 1 < s.b; c++)
					if (isxdigit((unsigned char)p->data[c]))
						gw_buf_putc(&h, p->data[c]);
				gw_buf_putc(&h, '>');
				p->id0 = gw_xstrndup(h.data, h.len);
				gw_buf_free(&h);
			}
		}
	}
	return 0;
}

/* Inflates n bytes at src into a new buffer of at most cap bytes. */
static int inflate_all(const unsigned char *src, size_t n, size_t cap, unsigned char **out,
                       size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return -1;
	size_t size = n < cap / 4 ? n * 4 + 1024 : cap, used = 0;
	unsigned char *buf = gw_xmalloc(size);
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)n;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (used == size) {
			if (size >= cap)
				break;
			size = size * 2 > cap ? cap : size * 2;
			buf = gw_xrealloc(buf, size);
		}
		z.next_out = buf + used;
		z.avail_out = (uInt)(size - used);
		rc = inflate(&z, Z_NO_FLUSH);
		used = size - z.avail_out;
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			rc = Z_STREAM_END; /* data ends without the zlib trailer: take what came */
	}
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = used;
	return 0;
}

/* Paeth predictor (PNG, RFC 2083 6.6). */
static int paeth(int a, int b, int c)
{
	int q = a + b - c, pa = abs(q - a), pb = abs(q - b), pc = abs(q - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/*
 * The decoded data of the stream whose dictionary d ends at i: no filter or /FlateDecode
 * (PDF 32000-1 7.4.4) with or without PNG predictors (/Predictor >= 10, as cross-reference
 * streams use). Returns 0 and *out (malloc'ed), or -1 with err.
 */
static int stream_data(gw_pdf *p, const dict *d, size_t i, unsigned char **out, size_t *outlen,
                       char *err, size_t errsz)
{
	int k = dict_find(p, d, "Length");
	span lv;
	long n = -1;
	if (k >= 0 && resolve(p, d->val[k], &lv) == 0)
		n = direct_int(p, lv);
	i = skip_ws(p, i);
	if (n < 0 || !keyword_at(p, i, "stream"))
		return fail(err, errsz, "damaged PDF: a stream without a readable /Length");
	i += 6;
	if (i < p->len && p->data[i] == '\r')
		i++;
	if (i < p->len && p->data[i] == '\n')
		i++;
	if ((size_t)n > p->len - i)
		return fail(err, errsz, "damaged PDF: a stream runs past the end of the file");
	const unsigned char *src = (const unsigned char *)p->data + i;
	span f = {0, 0}, dp = {0, 0};
	if ((k = dict_find(p, d, "Filter")) >= 0 && resolve(p, d->val[k], &f) < 0)
		return fail(err, errsz, "damaged PDF: bad /Filter");
	if ((k = dict_find(p, d, "DecodeParms")) >= 0 && resolve(p, d->val[k], &dp) < 0)
		return fail(err, errsz, "damaged PDF: bad /DecodeParms");
	/* a one-element array is the same as its element */
	if (f.b > f.a && p->data[f.a] == '[') {
		size_t j = f.a + 1;
		if (skip_value(p, &j, 0, &f) < 0 || p->data[skip_ws(p, j)] != ']')
			return fail(err, errsz, "unsupported: a stream with more than one filter");
		j = dp.a + 1;
		if (dp.b > dp.a && p->data[dp.a] == '[' &&
		    (skip_value(p, &j, 0, &dp) < 0 || resolve(p, dp, &dp) < 0))
			return fail(err, errsz, "damaged PDF: bad /DecodeParms");
	}
	unsigned char *buf;
	size_t len;
	if (f.b == f.a) {
		buf = gw_xmalloc((size_t)n + 1);
		memcpy(buf, src, (size_t)n);
		len = (size_t)n;
	} else if (name_is(p, f, "FlateDecode")) {
		if (inflate_all(src, (size_t)n, MAX_INFLATED, &buf, &len) < 0)
			return fail(err, errsz,
			            "damaged PDF: a compressed stream does not inflate");
	} else {
		snprintf(err, errsz,
		         "unsupported: a cross-reference or object stream with /Filter %.*s",
		         (int)(f.b - f.a < 40 ? f.b - f.a : 40), p->data + f.a);
		return -1;
	}
	long pred = 1, cols = 1;
	dict parms;
	if (dp.b > dp.a) {
		size_t j = dp.a;
		if (parse_dict(p, &j, &parms) < 0) {
			free(buf);
			return fail(err, errsz, "damaged PDF: bad /DecodeParms");
		}
		if ((k = dict_find(p, &parms, "Predictor")) >= 0)
			pred = direct_int(p, parms.val[k]);
		if ((k = dict_find(p, &parms, "Columns")) >= 0)
			cols = direct_int(p, parms.val[k]);
		if (((k = dict_find(p, &parms, "Colors")) >= 0 &&
		     direct_int(p, parms.val[k]) != 1) ||
		    ((k = dict_find(p, &parms, "BitsPerComponent")) >= 0 &&
		     direct_int(p, parms.val[k]) != 8))
			pred = -1;
	}
	if (pred >= 10 && cols >= 1 && cols < 1 << 20) {
		/* PNG predictors, one filter-type byte per row, one byte per pixel */
		size_t row = (size_t)cols, rows = len / (row + 1), o = 0;
		unsigned char *dec = gw_xmalloc(rows * row + 1);
		for (size_t r = 0; r < rows; r++) {
			const unsigned char *in = buf + r * (row + 1);
			unsigned char *cur = dec + r * row, *up = r ? cur - row : NULL;
			for (size_t c = 0; c < row; c++) {
				int a = c ? cur[c - 1] : 0, b = up ? up[c] : 0,
				    ul = c && up ? up[c - 1] : 0;
				int x = in[1 + c];
				switch (in[0]) {
				case 0:
					break;
				case 1:
					x += a;
					break;
				case 2:
					x += b;
					break;
				case 3:
					x += (a + b) / 2;
					break;
				case 4:
					x += paeth(a, b, ul);
					break;
				default:
					free(dec);
					free(buf);
					return fail(err, errsz,
					            "damaged PDF: a bad PNG predictor row");
				}
				cur[c] = (unsigned char)x;
			}
			o += row;
		}
		free(buf);
		buf = dec;
		len = o;
	} else if (pred != 1) {
		free(buf);
		return fail(err, errsz, "unsupported: a stream with a TIFF or unusual predictor");
	}
	*out = buf;
	*outlen = len;
	return 0;
}

/* An array of direct integers in v (at most max); returns the count or -1. */
static int int_array(const gw_pdf *p, span v, long *out, int max)
{
	if (v.b <= v.a || p->data[v.a] != '[')
		return -1;
	size_t j = v.a + 1;
	int n = 0;
	for (;;) {
		j = skip_ws(p, j);
		if (j >= v.b)
			return -1;
		if (p->data[j] == ']')
			return n;
		long x = read_uint(p, &j);
		if (x < 0 || n >= max)
			return -1;
		out[n++] = x;
	}
}

/* A cross-reference stream (PDF 32000-1 7.5.8) at offset at: its entries and trailer keys. */
static int read_xref_stream(gw_pdf *p, long at, int first, long *prev, char *err, size_t errsz)
{
	size_t i = (size_t)at;
	dict d;
	if (read_uint(p, &i) < 0 || read_uint(p, &i) < 0 || !keyword_at(p, skip_ws(p, i), "obj"))
		return fail(err, errsz, "damaged PDF: no cross-reference at startxref");
	i = skip_ws(p, i) + 3;
	int k;
	if (parse_dict(p, &i, &d) < 0 || (k = dict_find(p, &d, "Type")) < 0 ||
	    !name_is(p, d.val[k], "XRef"))
		return fail(err, errsz, "damaged PDF: no cross-reference at startxref");
	long w[3], idx[512], size;
	int nidx;
	if ((k = dict_find(p, &d, "W")) < 0 || int_array(p, d.val[k], w, 3) != 3 || w[0] > 4 ||
	    w[1] > 8 || w[2] > 4 || w[1] < 1)
		return fail(err, errsz, "damaged PDF: bad /W in a cross-reference stream");
	if ((k = dict_find(p, &d, "Size")) < 0 || (size = direct_int(p, d.val[k])) < 0 ||
	    size > MAX_OBJECTS)
		return fail(err, errsz, "damaged PDF: bad /Size in a cross-reference stream");
	if ((k = dict_find(p, &d, "Index")) >= 0) {
		nidx = int_array(p, d.val[k], idx, 512);
		if (nidx < 0 || nidx % 2)
			return fail(err, errsz,
			            "damaged PDF: bad /Index in a cross-reference stream");
	} else {
		idx[0] = 0, idx[1] = size, nidx = 2;
	}
	unsigned char *buf;
	size_t len;
	if (stream_data(p, &d, i, &buf, &len, err, errsz) < 0)
		return -1;
	size_t rowlen = (size_t)(w[0] + w[1] + w[2]), r = 0;
	for (int s = 0; s < nidx; s += 2) {
		if (idx[s] + idx[s + 1] > MAX_OBJECTS) {
			free(buf);
			return fail(err, errsz, "damaged PDF: too many objects");
		}
		grow(p, idx[s] + idx[s + 1]);
		for (long e = 0; e < idx[s + 1]; e++, r++) {
			if ((r + 1) * rowlen > len) {
				free(buf);
				return fail(err, errsz,
				            "damaged PDF: a cross-reference stream is short");
			}
			const unsigned char *row = buf + r * rowlen;
			unsigned long long f[3];
			for (int c = 0, o = 0; c < 3; o += (int)w[c], c++) {
				f[c] = 0;
				for (int b = 0; b < w[c]; b++)
					f[c] = f[c] << 8 | row[o + b];
			}
			if (w[0] == 0)
				f[0] = 1;
			long num = idx[s] + e;
			if (p->off[num] != OFF_UNSEEN)
				continue; /* a newer revision already set it */
			if (f[0] == 1 && f[2] > 65535) {
				free(buf);
				return fail(err, errsz,
				            "damaged PDF: a generation number above 65535");
			} else if (f[0] == 1 && f[1] < p->len) {
				p->off[num] = (long)f[1];
				p->gen[num] = (int)f[2];
			} else if (f[0] == 2 && f[1] > 0 && f[1] < MAX_OBJECTS) {
				p->off[num] = OFF_PACKED;
				p->stm[num] = (int)f[1];
			} else {
				p->off[num] = -1; /* free, or a type this reader need not know */
			}
		}
	}
	free(buf);
	grow(p, size);
	return read_trailer(p, &d, first, prev, err, errsz);
}

/* A cross-reference section (classic table, or a stream) at offset at. */
static int read_xref(gw_pdf *p, long at, int first, long *prev, char *err, size_t errsz)
{
	size_t i = (size_t)at;
	*prev = -1;
	if (at < 0 || (size_t)at >= p->len)
		return fail(err, errsz,
		            "damaged PDF: a cross-reference offset points outside the file");
	i = skip_ws(p, i);
	if (!keyword_at(p, i, "xref")) {
		if (first)
			p->xref_stream = 1;
		return read_xref_stream(p, (long)i, first, prev, err, errsz);
	}
	i += 4;
	for (;;) {
		size_t k = skip_ws(p, i);
		if (keyword_at(p, k, "trailer")) {
			i = k + 7;
			break;
		}
		long start = read_uint(p, &i), count = read_uint(p, &i);
		if (start < 0 || count < 0 || start + count > MAX_OBJECTS)
			return fail(err, errsz, "damaged PDF: bad cross-reference subsection");
		grow(p, start + count);
		for (long e = 0; e < count; e++) {
			long o = read_uint(p, &i), g = read_uint(p, &i);
			size_t t = skip_ws(p, i);
			/* an in-use entry's generation is at most 65535 (7.5.4); a free one's is
			   not judged (mupdf writes 65536 for object 0) */
			if (o < 0 || g < 0 || t >= p->len ||
			    (p->data[t] != 'n' && p->data[t] != 'f') ||
			    (p->data[t] == 'n' && g > 65535))
				return fail(err, errsz, "damaged PDF: bad cross-reference entry");
			i = t + 1;
			long num = start + e;
			if (p->off[num] != OFF_UNSEEN)
				continue; /* a newer revision already set it */
			if (p->data[t] == 'n' && (size_t)o < p->len) {
				p->off[num] = o;
				p->gen[num] = (int)g;
			} else {
				p->off[num] = -1;
			}
		}
	}
	dict t;
	if (parse_dict(p, &i, &t) < 0)
		return fail(err, errsz, "damaged PDF: unreadable trailer");
	if (read_trailer(p, &t, first, prev, err, errsz) < 0)
		return -1;
	/* a hybrid file (7.5.8.4): the table's entries, then its stream's, then /Prev's */
	int k = dict_find(p, &t, "XRefStm");
	long xs, ignored = -1;
	if (k >= 0 && ((xs = direct_int(p, t.val[k])) < 0 || (size_t)xs >= p->len ||
	               read_xref_stream(p, xs, 0, &ignored, err, errsz) < 0))
		return k >= 0 && (xs < 0 || (size_t)xs >= p->len)
		               ? fail(err, errsz, "damaged PDF: bad /XRefStm")
		               : -1;
	return 0;
}

/*
 * Inflates every object stream (7.5.7) that holds an object the cross-reference points into,
 * appending its data after the file's bytes, so that such objects are read like any other.
 */
static int unpack_object_streams(gw_pdf *p, char *err, size_t errsz)
{
	size_t total = 0;
	for (int num = 0; num < p->size; num++) {
		if (p->off[num] != OFF_PACKED)
			continue;
		int s = p->stm[num];
		long b = s < p->size && (!p->packed || !p->packed[s]) ? object_body(p, s) : -1;
		size_t i = (size_t)b;
		dict d;
		int k;
		long n, first;
		if (b < 0 || parse_dict(p, &i, &d) < 0 || (k = dict_find(p, &d, "Type")) < 0 ||
		    !name_is(p, d.val[k], "ObjStm") || (k = dict_find(p, &d, "N")) < 0 ||
		    (n = direct_int(p, d.val[k])) < 0 || (k = dict_find(p, &d, "First")) < 0 ||
		    (first = direct_int(p, d.val[k])) < 0) {
			snprintf(err, errsz,
			         "damaged PDF: object %d lies in %d, which is no object stream",
			         num, s);
			return -1;
		}
		unsigned char *buf;
		size_t len;
		if (stream_data(p, &d, i, &buf, &len, err, errsz) < 0)
			return -1;
		if ((total += len) > MAX_INFLATED || (size_t)first > len) {
			free(buf);
			return fail(err, errsz,
			            "damaged PDF: object streams too large or malformed");
		}
		/* the file's bytes, then each inflated stream after a newline */
		if (!p->own) {
			p->own = gw_xmalloc(p->len + len + 2);
			memcpy(p->own, p->data, p->len);
			p->packed = gw_xmalloc((size_t)p->size);
			memset(p->packed, 0, (size_t)p->size);
		} else {
			p->own = gw_xrealloc(p->own, p->len + len + 2);
		}
		p->own[p->len] = '\n';
		size_t base = p->len + 1;
		memcpy(p->own + base, buf, len);
		p->own[base + len] = '\n';
		free(buf);
		p->data = p->own;
		p->len = base + len + 1;
		size_t j = base;
		for (long e = 0; e < n; e++) {
			long o = read_uint(p, &j), at = read_uint(p, &j);
			if (o < 0 || at < 0 || j > base + (size_t)first ||
			    (size_t)(first + at) >= len)
				return fail(err, errsz, "damaged PDF: a bad object stream header");
			if (o < p->size && p->off[o] == OFF_PACKED && p->stm[o] == s) {
				p->off[o] = (long)(base + (size_t)first + (size_t)at);
				p->packed[o] = 1;
			}
		}
		if (p->off[num] == OFF_PACKED)
			p->off[num] = -1; /* not in the stream the cross-reference named */
	}
	return 0;
}

/* --- the page tree ------------------------------------------------------------------ */

static int parse_box(const gw_pdf *p, span v, double box[4])
{
	span r;
	if (resolve(p, v, &r) < 0 || p->data[r.a] != '[')
		return -1;
	char tmp[256];
	size_t n = r.b - r.a;
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, p->data + r.a + 1, n - 2);
	tmp[n - 2] = 0;
	if (sscanf(tmp, "%lf %lf %lf %lf", &box[0], &box[1], &box[2], &box[3]) != 4)
		return -1;
	/* any two opposite corners (7.9.5): normalised to lower left, upper right */
	for (int c = 0; c < 2; c++)
		if (box[c] > box[c + 2]) {
			double t = box[c];
			box[c] = box[c + 2];
			box[c + 2] = t;
		}
	return 0;
}

/*
 * Walks the page tree from node num. inherited holds the MediaBox and the CropBox (both
 * inheritable, PDF 32000-1 7.7.3.4; a CropBox x1 > x2 means none given); each page
 * records its visible area: the CropBox clipped to the MediaBox (14.11.2).
 */
static int walk_pages(gw_pdf *p, long num, const double inherited[8], int depth, char *err,
                      size_t errsz)
{
	if (depth > MAX_DEPTH || ++p->walked > 200000)
		return fail(err, errsz, "damaged PDF: the page tree is too deep or has a cycle");
	long b = object_body(p, num);
	dict d;
	size_t i = (size_t)b;
	if (b < 0 || parse_dict(p, &i, &d) < 0)
		return fail(err, errsz, "damaged PDF: unreadable page tree node");
	double box[8];
	memcpy(box, inherited, sizeof box);
	int k = dict_find(p, &d, "MediaBox");
	if (k >= 0 && parse_box(p, d.val[k], box) < 0)
		return fail(err, errsz, "damaged PDF: bad /MediaBox");
	k = dict_find(p, &d, "CropBox");
	if (k >= 0 && parse_box(p, d.val[k], box + 4) < 0)
		return fail(err, errsz, "damaged PDF: bad /CropBox");
	int kt = dict_find(p, &d, "Type");
	if (kt >= 0 && name_is(p, d.val[kt], "Page")) {
		p->pages = gw_xrealloc(p->pages, (size_t)(p->npages + 1) * sizeof *p->pages);
		p->media = gw_xrealloc(p->media, (size_t)(p->npages + 1) * sizeof *p->media);
		p->pages[p->npages] = (int)num;
		double *v = p->media[p->npages];
		memcpy(v, box, 4 * sizeof *v);
		if (box[4] <= box[6]) { /* a CropBox: clipped to the MediaBox */
			v[0] = box[4] > v[0] ? box[4] : v[0];
			v[1] = box[5] > v[1] ? box[5] : v[1];
			v[2] = box[6] < v[2] ? box[6] : v[2];
			v[3] = box[7] < v[3] ? box[7] : v[3];
		}
		p->npages++;
		return 0;
	}
	int kk = dict_find(p, &d, "Kids");
	span kids;
	if (kk < 0 || resolve(p, d.val[kk], &kids) < 0 || p->data[kids.a] != '[')
		return fail(err, errsz, "damaged PDF: a page tree node without /Kids");
	size_t j = kids.a + 1;
	for (;;) {
		j = skip_ws(p, j);
		if (j >= kids.b || p->data[j] == ']')
			break;
		span v;
		if (skip_value(p, &j, 0, &v) < 0)
			return fail(err, errsz, "damaged PDF: bad /Kids");
		long kid = as_ref(p, v, NULL);
		if (kid < 0 || kid == num || walk_pages(p, kid, box, depth + 1, err, errsz) < 0)
			return kid < 0 || kid == num ? fail(err, errsz, "damaged PDF: bad /Kids")
			                             : -1;
	}
	return 0;
}

int gw_pdf_open(gw_pdf *p, const char *data, size_t len, char *err, size_t errsz)
{
	memset(p, 0, sizeof *p);
	p->data = data;
	p->len = len;
	p->flen = len;
	if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
		return fail(err, errsz, "not a PDF file (no %PDF- header)");
	/* the last "startxref" within the final KB */
	size_t from = len > 1024 ? len - 1024 : 0;
	long sx = -1;
	for (size_t i = len - 9; i + 1 > from && i < len; i--)
		if (memcmp(data + i, "startxref", 9) == 0) {
			size_t j = i + 9;
			sx = read_uint(p, &j);
			break;
		}
	if (sx < 0)
		return fail(err, errsz, "damaged PDF: no startxref at the end of the file");
	p->startxref = sx;
	long at = sx;
	for (int round = 0; at >= 0; round++) {
		long prev;
		if (round > 1000)
			return fail(err, errsz, "damaged PDF: a loop in the /Prev chain");
		if (read_xref(p, at, round == 0, &prev, err, errsz) < 0)
			return -1;
		at = prev;
	}
	for (int j = 0; j < p->size; j++)
		if (p->off[j] == OFF_UNSEEN)
			p->off[j] = -1;
	if (unpack_object_streams(p, err, errsz) < 0)
		return -1;
	long b = object_body(p, p->root);
	dict cat;
	size_t i = (size_t)b;
	if (b < 0 || parse_dict(p, &i, &cat) < 0)
		return fail(err, errsz, "damaged PDF: unreadable catalog");
	int k = dict_find(p, &cat, "Pages");
	long pages = k >= 0 ? as_ref(p, cat.val[k], NULL) : -1;
	if (pages < 0)
		return fail(err, errsz, "damaged PDF: the catalog has no /Pages");
	double box[8] = {0, 0, 612, 792, 1, 0, 0, 0}; /* US Letter, no CropBox */
	if (walk_pages(p, pages, box, 0, err, errsz) < 0)
		return -1;
	if (p->npages == 0)
		return fail(err, errsz, "damaged PDF: no pages");
	return 0;
}

void gw_pdf_close(gw_pdf *p)
{
	free(p->off);
	free(p->gen);
	free(p->stm);
	free(p->own);
	free(p->packed);
	free(p->info);
	free(p->id0);
	free(p->pages);
	free(p->media);
	memset(p, 0, sizeof *p);
}

/* --- seals recorded by the renderer ---------------------------------------------------- */

/* The integer value at v (resolved); -1 when it is not one. */
static long int_value(const gw_pdf *p, span v)
{
	span r;
	if (resolve(p, v, &r) < 0)
		return -1;
	size_t i = r.a;
	long n = read_uint(p, &i);
	return n >= 0 && i == r.b ? n : -1;
}

/* Reads the seal form num (see pdfio.h); returns 1 untaken, 0 taken, -1 unreadable. */
static int read_seal(const gw_pdf *p, int page, long num, int gen, gw_pdf_seal *s)
{
	long b = object_body(p, num);
	size_t i = (size_t)b;
	dict f, res, xo;
	int k;
	if (b < 0 || parse_dict(p, &i, &f) < 0 || (k = dict_find(p, &f, "Subtype")) < 0 ||
	    !name_is(p, f.val[k], "Form") || (k = dict_find(p, &f, "BBox")) < 0)
		return -1;
	double box[4];
	if (parse_box(p, f.val[k], box) < 0 || box[2] <= box[0] || box[3] <= box[1])
		return -1;
	if ((k = dict_find(p, &f, "Length")) < 0)
		return -1;
	if (int_value(p, f.val[k]) == 0)
		return 0; /* emptied by an earlier --at-seal signature */
	if ((k = dict_find(p, &f, "Resources")) < 0 || resolve_dict(p, f.val[k], &res) < 0 ||
	    (k = dict_find(p, &res, "XObject")) < 0 || resolve_dict(p, res.val[k], &xo) < 0 ||
	    xo.n != 1 || (s->image = (int)as_ref(p, xo.val[0], &s->image_gen)) < 0)
		return -1;
	s->page = page;
	s->rect[0] = box[0];
	s->rect[1] = box[1];
	s->rect[2] = box[2] - box[0];
	s->rect[3] = box[3] - box[1];
	s->form = (int)num;
	s->form_gen = gen;
	return 1;
}

int gw_pdf_certified(const gw_pdf *p)
{
	long cb = object_body(p, p->root);
	size_t ci = (size_t)cb;
	dict cat, perms;
	int kp;
	return cb >= 0 && parse_dict(p, &ci, &cat) == 0 &&
	       (kp = dict_find(p, &cat, "Perms")) >= 0 &&
	       resolve_dict(p, cat.val[kp], &perms) == 0 && dict_find(p, &perms, "DocMDP") >= 0;
}

int gw_pdf_find_seal(const gw_pdf *p, gw_pdf_seal *s, int *ntaken, char *err, size_t errsz)
{
	*ntaken = 0;
	/* a certified document (PDF 32000-1 12.8.2.2, DocMDP) allows no change of page content */
	if (gw_pdf_certified(p))
		return fail(err, errsz,
		            "--at-seal: the document is certified (/Perms /DocMDP), which forbids "
		            "changing what its pages draw; sign with --page and --rect instead");
	for (int pg = 0; pg < p->npages; pg++) {
		long b = object_body(p, p->pages[pg]);
		size_t i = (size_t)b;
		dict page, res, xo;
		int k;
		if (b < 0 || parse_dict(p, &i, &page) < 0)
			return fail(err, errsz, "damaged PDF: unreadable page");
		/* the renderer puts /Resources on every page itself, never inherited */
		if ((k = dict_find(p, &page, "Resources")) < 0 ||
		    resolve_dict(p, page.val[k], &res) < 0 ||
		    (k = dict_find(p, &res, "XObject")) < 0 || resolve_dict(p, res.val[k], &xo) < 0)
			continue;
		for (k = 0; k < xo.n; k++) {
			span key = xo.key[k];
			if (key.b - key.a < 7 || memcmp(p->data + key.a, "GwSeal", 6) != 0)
				continue;
			int gen = 0;
			long num = as_ref(p, xo.val[k], &gen);
			int r = num < 0 ? -1 : read_seal(p, pg + 1, num, gen, s);
			if (r < 0) {
				snprintf(err, errsz,
				         "damaged PDF: the seal /%.*s on page %d is unreadable",
				         (int)(key.b - key.a), p->data + key.a, pg + 1);
				return -1;
			}
			if (r == 1)
				return 1;
			(*ntaken)++;
		}
	}
	return 0;
}

/* --- the update ---------------------------------------------------------------------- */

/* A PDF text string: literal for printable ASCII, else UTF-16BE hex with a BOM. */
static void put_text(gw_buf *b, const char *s)
{
	int ascii = 1;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			ascii = 0;
	if (ascii) {
		gw_buf_putc(b, '(');
		for (const char *c = s; *c; c++) {
			if (*c == '(' || *c == ')' || *c == '\\')
				gw_buf_putc(b, '\\');
			gw_buf_putc(b, *c);
		}
		gw_buf_putc(b, ')');
		return;
	}
	gw_buf_puts(b, "<FEFF");
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = gw_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			gw_buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else {
			gw_buf_printf(b, "%04X", cp);
		}
	}
	gw_buf_putc(b, '>');
}

static void put_span(gw_buf *b, const gw_pdf *p, span v)
{
	gw_buf_put(b, p->data + v.a, v.b - v.a);
}

/* Writes the dictionary d minus the keys in skip (NULL-terminated), without the closing ">>". */
static void put_dict_except(gw_buf *b, const gw_pdf *p, const dict *d, const char *const *skip)
{
	gw_buf_puts(b, "<<");
	for (int i = 0; i < d->n; i++) {
		int drop = 0;
		for (const char *const *s = skip; *s; s++) {
			size_t n = strlen(*s);
			if (d->key[i].b - d->key[i].a == n &&
			    memcmp(p->data + d->key[i].a, *s, n) == 0)
				drop = 1;
		}
		if (drop)
			continue;
		gw_buf_puts(b, " /");
		put_span(b, p, d->key[i]);
		gw_buf_putc(b, ' ');
		put_span(b, p, d->val[i]);
	}
}

/* Writes the elements of the array value v (resolved), without brackets; counts them. */
static int put_array_items(gw_buf *b, const gw_pdf *p, span v, int *count)
{
	span r;
	if (resolve(p, v, &r) < 0 || p->data[r.a] != '[')
		return -1;
	size_t j = r.a + 1;
	for (;;) {
		j = skip_ws(p, j);
		if (j >= r.b || p->data[j] == ']')
			return 0;
		span e;
		if (skip_value(p, &j, 0, &e) < 0)
			return -1;
		gw_buf_putc(b, ' ');
		put_span(b, p, e);
		(*count)++;
	}
}

typedef struct xent {
	int num, gen;
	size_t off;
} xent;

static int xent_cmp(const void *a, const void *b)
{
	return ((const xent *)a)->num - ((const xent *)b)->num;
}

static void begin_obj(gw_buf *b, xent *x, int *nx, int num, int gen)
{
	x[*nx].num = num;
	x[*nx].gen = gen;
	x[*nx].off = b->len;
	(*nx)++;
	gw_buf_printf(b, "%d %d obj\n", num, gen);
}

static void put_stream(gw_buf *b, const char *dict_rest, const unsigned char *data, size_t n,
                       int deflate)
{
	unsigned char *z = NULL;
	uLongf zn = 0;
	if (deflate) {
		zn = compressBound((uLong)n);
		z = gw_xmalloc(zn);
		if (compress2(z, &zn, data, (uLong)n, 9) != Z_OK) {
			free(z);
			z = NULL;
		}
	}
	gw_buf_printf(b, "<< %s%s /Length %lu >>\nstream\n", dict_rest,
	              z ? " /Filter /FlateDecode" : "", z ? (unsigned long)zn : (unsigned long)n);
	gw_buf_put(b, z ? z : data, z ? zn : n);
	gw_buf_puts(b, "\nendstream\nendobj\n");
	free(z);
}

int gw_pdf_add_sig(const gw_pdf *p, const gw_sig_spec *s, gw_buf *out, size_t *cs, size_t *ce,
                   char *err, size_t errsz)
{
	if (s->page < 1 || s->page > p->npages) {
		snprintf(err, errsz, "page %d does not exist (the document has %d)", s->page,
		         p->npages);
		return -1;
	}
	int pg = p->pages[s->page - 1];
	int pg_gen = p->gen[pg];
	dict cat, page;
	size_t i = (size_t)object_body(p, p->root);
	if (parse_dict(p, &i, &cat) < 0)
		return fail(err, errsz, "damaged PDF: unreadable catalog");
	long pb = object_body(p, pg);
	i = (size_t)pb;
	if (pb < 0 || parse_dict(p, &i, &page) < 0)
		return fail(err, errsz, "damaged PDF: unreadable page");

	int N = p->size;
	int visible = s->rect[2] > 0 && s->rect[3] > 0;
	xent x[11]; /* the update's objects, and an xref stream's own entry */
	int nx = 0;
	gw_buf_put(out, p->data, p->flen);
	if (p->flen && p->data[p->flen - 1] != '\n' && p->data[p->flen - 1] != '\r')
		gw_buf_putc(out, '\n');

	/* N: the signature value */
	char m[64];
	struct tm tm;
	gmtime_r(&s->when, &tm);
	strftime(m, sizeof m, "D:%Y%m%d%H%M%S+00'00'", &tm);
	begin_obj(out, x, &nx, N, 0);
	gw_buf_puts(out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n"
	                 "/ByteRange ");
	size_t br = out->len;
	gw_buf_puts(out, "[0 0000000000 0000000000 0000000000]");
	size_t br_end = out->len;
	gw_buf_puts(out, "\n/Contents ");
	*cs = out->len;
	gw_buf_putc(out, '<');
	for (size_t k = 0; k < 2 * s->reserve; k++)
		gw_buf_putc(out, '0');
	gw_buf_putc(out, '>');
	*ce = out->len;
	gw_buf_printf(out, "\n/M (%s)", m);
	if (s->reason && *s->reason) {
		gw_buf_puts(out, " /Reason ");
		put_text(out, s->reason);
	}
	if (s->location && *s->location) {
		gw_buf_puts(out, " /Location ");
		put_text(out, s->location);
	}
	gw_buf_puts(out, " >>\nendobj\n");

	/* the field count decides the new field's name */
	int nfields = 0;
	gw_buf fields = {0};
	int ka = dict_find(p, &cat, "AcroForm");
	dict af = {0};
	if (ka >= 0) {
		if (resolve_dict(p, cat.val[ka], &af) < 0)
			return fail(err, errsz, "damaged PDF: unreadable /AcroForm");
		int kf = dict_find(p, &af, "Fields");
		if (kf >= 0 && put_array_items(&fields, p, af.val[kf], &nfields) < 0) {
			gw_buf_free(&fields);
			return fail(err, errsz, "damaged PDF: unreadable /AcroForm /Fields");
		}
	}

	/* N+1: the merged field and widget */
	double x1 = s->rect[0], y1 = s->rect[1], w = s->rect[2], h = s->rect[3];
	begin_obj(out, x, &nx, N + 1, 0);
	gw_buf_printf(
	        out,
	        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /V %d 0 R /F 132\n"
	        "/Rect [%.3f %.3f %.3f %.3f] /P %d %d R /AP << /N %d 0 R >> >>\nendobj\n",
	        nfields + 1, N, visible ? x1 : 0, visible ? y1 : 0, visible ? x1 + w : 0,
	        visible ? y1 + h : 0, pg, pg_gen, N + 2);

	/* N+2: the appearance (N+3, N+4: the image and its alpha) */
	begin_obj(out, x, &nx, N + 2, 0);
	int nobj = 3;
	if (!visible) {
		put_stream(out, "/Type /XObject /Subtype /Form /BBox [0 0 0 0]",
		           (const unsigned char *)"", 0, 0);
	} else if (s->seal) {
		/* --at-seal: the seal's own image object, so its pixels are not copied */
		char d[256], c[256];
		snprintf(d, sizeof d,
		         "/Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources << "
		         "/XObject << /Im1 %d %d R >> >>",
		         w, h, s->seal->image, s->seal->image_gen);
		snprintf(c, sizeof c, "q %.3f 0 0 %.3f 0 0 cm /Im1 Do Q", w, h);
		put_stream(out, d, (const unsigned char *)c, strlen(c), 0);
		/* the page's drawing of the seal, re-issued empty: the widget now draws it */
		begin_obj(out, x, &nx, s->seal->form, s->seal->form_gen);
		snprintf(d, sizeof d, "/Type /XObject /Subtype /Form /BBox [%.3f %.3f %.3f %.3f]",
		         x1, y1, x1 + w, y1 + h);
		put_stream(out, d, (const unsigned char *)"", 0, 0);
	} else if (s->image) {
		char d[256], c[256];
		snprintf(d, sizeof d,
		         "/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << "
		         "/XObject "
		         "<< /Im1 %d 0 R >> >>",
		         w, h, N + 3);
		/* the image keeps its aspect ratio: fitted into the rectangle and centred */
		const gw_sig_image *im = s->image;
		double sx = w / im->w, sy = h / im->h, sc = sx < sy ? sx : sy;
		double dw = im->w * sc, dh = im->h * sc;
		snprintf(c, sizeof c, "q %.3f 0 0 %.3f %.3f %.3f cm /Im1 Do Q", dw, dh,
		         (w - dw) / 2, (h - dh) / 2);
		put_stream(out, d, (const unsigned char *)c, strlen(c), 0);
		begin_obj(out, x, &nx, N + 3, 0);
		char smask[32] = "";
		if (im->alpha)
			snprintf(smask, sizeof smask, " /SMask %d 0 R", N + 4);
		snprintf(d, sizeof d,
		         "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
		         "/DeviceRGB "
		         "/BitsPerComponent 8%s",
		         im->w, im->h, smask);
		put_stream(out, d, im->rgb, (size_t)im->w * im->h * 3, 1);
		nobj = 4;
		if (im->alpha) {
			begin_obj(out, x, &nx, N + 4, 0);
			snprintf(d, sizeof d,
			         "/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
			         "/DeviceGray /BitsPerComponent 8",
			         im->w, im->h);
			put_stream(out, d, im->alpha, (size_t)im->w * im->h, 1);
			nobj = 5;
		}
	} else {
		char d[128], c[256];
		snprintf(d, sizeof d, "/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f]", w, h);
		snprintf(c, sizeof c, "q 0.8 0 0 RG 1 w 0.5 0.5 %.2f %.2f re S Q", w - 1, h - 1);
		put_stream(out, d, (const unsigned char *)c, strlen(c), 0);
	}

	/* the catalog, re-issued */
	begin_obj(out, x, &nx, p->root, p->root_gen);
	static const char *const cat_skip[] = {"AcroForm", NULL};
	put_dict_except(out, p, &cat, cat_skip);
	gw_buf_puts(out, "\n/AcroForm ");
	static const char *const af_skip[] = {"Fields", "SigFlags", NULL};
	if (ka >= 0) {
		put_dict_except(out, p, &af, af_skip);
	} else {
		gw_buf_puts(out, "<<");
	}
	gw_buf_puts(out, " /Fields [");
	gw_buf_put(out, fields.data, fields.len);
	gw_buf_free(&fields);
	gw_buf_printf(out, " %d 0 R] /SigFlags 3 >> >>\nendobj\n", N + 1);

	/* the page, re-issued */
	begin_obj(out, x, &nx, pg, pg_gen);
	static const char *const pg_skip[] = {"Annots", NULL};
	put_dict_except(out, p, &page, pg_skip);
	gw_buf_puts(out, "\n/Annots [");
	int kan = dict_find(p, &page, "Annots"), nann = 0;
	if (kan >= 0 && put_array_items(out, p, page.val[kan], &nann) < 0)
		return fail(err, errsz, "damaged PDF: unreadable /Annots");
	gw_buf_printf(out, " %d 0 R] >>\nendobj\n", N + 1);

	/* a new /ID: a digest of the original bytes and /M, so the output is deterministic */
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, p->data, p->flen) || !EVP_DigestUpdate(ctx, m, strlen(m)) ||
	    !EVP_DigestFinal_ex(ctx, md, &mdlen)) {
		EVP_MD_CTX_free(ctx);
		return fail(err, errsz, "internal error: SHA-256 failed");
	}
	EVP_MD_CTX_free(ctx);
	char id1[40], first[48];
	for (int k = 0; k < 16; k++)
		snprintf(id1 + 2 * k, 3, "%02X", md[k]);
	snprintf(first, sizeof first, "<%s>", id1);
	gw_buf trailer = {0};
	gw_buf_printf(&trailer, "/Root %d %d R", p->root, p->root_gen);
	if (p->info)
		gw_buf_printf(&trailer, " /Info %s", p->info);
	gw_buf_printf(&trailer, " /Prev %ld /ID [%s <%s>]", p->startxref, p->id0 ? p->id0 : first,
	              id1);

	/* the cross-reference: a stream after a stream (PDF 32000-1 7.5.8), else a table */
	size_t xref_at = out->len;
	if (p->xref_stream) {
		int xn = N + nobj;
		x[nx].num = xn, x[nx].gen = 0, x[nx].off = xref_at, nx++;
		qsort(x, (size_t)nx, sizeof *x, xent_cmp);
		gw_buf index = {0};
		unsigned char rows[sizeof x / sizeof *x * 7];
		for (int a = 0; a < nx;) {
			int e = a + 1;
			while (e < nx && x[e].num == x[e - 1].num + 1)
				e++;
			gw_buf_printf(&index, "%s%d %d", a ? " " : "", x[a].num, e - a);
			a = e;
		}
		for (int k = 0; k < nx; k++) { /* W [1 4 2]: type 1, offset, generation */
			unsigned char *r = rows + 7 * k;
			r[0] = 1;
			for (int b = 0; b < 4; b++)
				r[1 + b] = (unsigned char)(x[k].off >> (24 - 8 * b));
			r[5] = (unsigned char)(x[k].gen >> 8), r[6] = (unsigned char)x[k].gen;
		}
		gw_buf_printf(out, "%d 0 obj\n", xn);
		char *d = gw_xasprintf("/Type /XRef /Size %d /W [1 4 2] /Index [%.*s] %.*s", xn + 1,
		                       (int)index.len, index.data, (int)trailer.len, trailer.data);
		put_stream(out, d, rows, (size_t)nx * 7, 0);
		free(d);
		gw_buf_free(&index);
		if (xref_at > 0xffffffffu) {
			gw_buf_free(&trailer);
			return fail(err, errsz, "the file is too large to sign (over 4 GB)");
		}
		gw_buf_printf(out, "startxref\n%zu\n%%%%EOF\n", xref_at);
	} else {
		qsort(x, (size_t)nx, sizeof *x, xent_cmp);
		gw_buf_puts(out, "xref\n");
		for (int a = 0; a < nx;) {
			int e = a + 1;
			while (e < nx && x[e].num == x[e - 1].num + 1)
				e++;
			gw_buf_printf(out, "%d %d\n", x[a].num, e - a);
			for (int k = a; k < e; k++)
				gw_buf_printf(out, "%010zu %05d n\r\n", x[k].off, x[k].gen);
			a = e;
		}
		gw_buf_printf(out, "trailer\n<< /Size %d %.*s >>\nstartxref\n%zu\n%%%%EOF\n",
		              N + nobj, (int)trailer.len, trailer.data, xref_at);
	}
	gw_buf_free(&trailer);

	/* ByteRange */
	char r[64];
	int rn = snprintf(r, sizeof r, "[0 %zu %zu %zu]", *cs, *ce, out->len - *ce);
	if (rn < 0 || (size_t)rn > br_end - br)
		return fail(err, errsz, "internal error: ByteRange does not fit");
	memset(out->data + br, ' ', br_end - br);
	memcpy(out->data + br, r, (size_t)rn);
	return 0;
}

int gw_pdf_put_contents(gw_buf *out, size_t cs, size_t ce, const unsigned char *der, size_t derlen)
{
	if (2 * derlen > ce - cs - 2)
		return -1;
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < derlen; i++) {
		out->data[cs + 1 + 2 * i] = hex[der[i] >> 4];
		out->data[cs + 2 + 2 * i] = hex[der[i] & 15];
	}
	return 0;
}
