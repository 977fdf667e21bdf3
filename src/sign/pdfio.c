/*
 * pdfio.c: a small PDF reader (classic xref tables, dictionaries kept as raw key/value
 * spans), the writer of the signing update, and what the checks before signing need from the
 * file (its signatures, its revisions, two states compared object by object). See pdfio.h and
 * the team's measured recipe ../shared/reference/archive-sign.md (outside this repository)
 * §1.2-1.5 for the objects written; docs/archive-and-sign.md for the user's side.
 */
#include "pdfio.h"

#include <ctype.h>
#include <math.h>
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

/* The first occurrence of the n bytes of needle in hay[0..len), or NULL (memmem is GNU). */
static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
	for (const char *h = hay;
	     n <= len && (h = memchr(h, needle[0], len - n + 1 - (size_t)(h - hay))); h++)
		if (memcmp(h, needle, n) == 0)
			return h;
	return NULL;
}

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

/* 1 when the first object, within the first KB, is a linearization dictionary (Annex F.2.2). */
static int is_linearized(const gw_pdf *p)
{
	const char *f = find_bytes(p->data, p->len < 1024 ? p->len : 1024, " obj", 4);
	if (!f)
		return 0;
	size_t j = skip_ws(p, (size_t)(f - p->data) + 4);
	if (j + 2 > p->len || memcmp(p->data + j, "<<", 2) != 0)
		return 0;
	return keyword_at(p, skip_ws(p, j + 2), "/Linearized");
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
		p->sect = gw_xrealloc(p->sect, (size_t)(p->nsect + 1) * sizeof *p->sect);
		p->sect[p->nsect++] = at;
		at = prev;
	}
	p->linearized = is_linearized(p);
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
	free(p->sect);
	memset(p, 0, sizeof *p);
}

/*
 * The Multiply blend mode (PDF 32000-1 11.3.5; allowed in PDF/A-2, ISO 19005-2 6.4) of an
 * image appearance: the resource entry and the operator that selects it, as render's seals.
 */
#define GW_MULTIPLY_RES " /ExtGState << /GwMultiply << /Type /ExtGState /BM /Multiply >> >>"
#define GW_MULTIPLY_GS "/GwMultiply gs "

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
	/* render draws its seals through /GwMultiply, an /ExtGState with /BM /Multiply */
	s->multiply = dict_find(p, &res, "ExtGState") >= 0;
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
	/* the items are copied as they stand, separators included: joining them anew with
	 * spaces could make other tokens of them ("8 0  R11 0 R" holds the items 8, 0, R and
	 * 11 0 R, but "8 0 R 11 0 R" two references) */
	size_t j = r.a + 1, end = j;
	for (;;) {
		j = skip_ws(p, j);
		if (j >= r.b || p->data[j] == ']')
			break;
		span e;
		if (skip_value(p, &j, 0, &e) < 0)
			return -1;
		end = e.b;
		(*count)++;
	}
	if (end > r.a + 1) {
		gw_buf_putc(b, ' ');
		put_span(b, p, (span){r.a + 1, end});
	}
	return 0;
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
		char d[320], c[256];
		snprintf(d, sizeof d,
		         "/Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources << "
		         "/XObject << /Im1 %d %d R >>%s >>",
		         w, h, s->seal->image, s->seal->image_gen,
		         s->seal->multiply ? GW_MULTIPLY_RES : "");
		snprintf(c, sizeof c, "q %s%.3f 0 0 %.3f 0 0 cm /Im1 Do Q",
		         s->seal->multiply ? GW_MULTIPLY_GS : "", w, h);
		put_stream(out, d, (const unsigned char *)c, strlen(c), 0);
		/* the page's drawing of the seal, re-issued empty: the widget now draws it */
		begin_obj(out, x, &nx, s->seal->form, s->seal->form_gen);
		snprintf(d, sizeof d, "/Type /XObject /Subtype /Form /BBox [%.3f %.3f %.3f %.3f]",
		         x1, y1, x1 + w, y1 + h);
		put_stream(out, d, (const unsigned char *)"", 0, 0);
	} else if (s->image) {
		char d[320], c[256];
		snprintf(d, sizeof d,
		         "/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources << "
		         "/XObject "
		         "<< /Im1 %d 0 R >>" GW_MULTIPLY_RES " >>",
		         w, h, N + 3);
		/* the image keeps its aspect ratio: fitted into the rectangle and centred; it is
		   a seal or a signature, drawn like ink (Multiply, as render draws seals) */
		const gw_sig_image *im = s->image;
		double sx = w / im->w, sy = h / im->h, sc = sx < sy ? sx : sy;
		double dw = im->w * sc, dh = im->h * sc;
		snprintf(c, sizeof c, "q " GW_MULTIPLY_GS "%.3f 0 0 %.3f %.3f %.3f cm /Im1 Do Q",
		         dw, dh, (w - dw) / 2, (h - dh) / 2);
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

/* --- existing signatures (PDF 32000-1 12.8.1) and what changed after them ---------------- */

#define MAX_FIELD_VISITS 100000 /* form fields and annotations looked at: a bound on cycles */
#define MAX_FIELD_DEPTH 32 /* /Kids and /Parent levels followed */

/* Decodes a string value (literal or hexadecimal, 7.3.4) into at most max bytes of out. */
static size_t string_bytes(const gw_pdf *p, span v, unsigned char *out, size_t max)
{
	const char *s = p->data;
	size_t n = 0;
	if (v.b < v.a + 2)
		return 0;
	if (s[v.a] == '<') {
		int hi = -1;
		for (size_t i = v.a + 1; i + 1 < v.b && n < max; i++) {
			int c = (unsigned char)s[i], d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				continue; /* white space */
			if (hi < 0) {
				hi = d;
			} else {
				out[n++] = (unsigned char)(hi << 4 | d);
				hi = -1;
			}
		}
		if (hi >= 0 && n < max)
			out[n++] = (unsigned char)(hi << 4); /* an odd last digit: a trailing 0 */
		return n;
	}
	if (s[v.a] != '(')
		return 0;
	for (size_t i = v.a + 1; i + 1 < v.b && n < max; i++) {
		int c = (unsigned char)s[i];
		if (c == '\\' && i + 2 < v.b) {
			c = (unsigned char)s[++i];
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case '\r':
				if (i + 2 < v.b && s[i + 1] == '\n')
					i++;
				continue; /* a line continuation */
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int o = c - '0';
					for (int k = 0; k < 2 && i + 2 < v.b && s[i + 1] >= '0' &&
					                s[i + 1] <= '7';
					     k++)
						o = o * 8 + (s[++i] - '0');
					c = o & 0xff;
				}
			}
		}
		out[n++] = (unsigned char)c;
	}
	return n;
}

/*
 * A text string (7.9.2.2: UTF-16BE or, PDF 2.0, UTF-8 after a byte order mark, else
 * PDFDocEncoding, read as Latin-1) as UTF-8 for a message: control characters become '?', so
 * that a file cannot write to the terminal; cut to outsz - 1 bytes.
 */
static void text_utf8(const gw_pdf *p, span v, char *out, size_t outsz)
{
	unsigned char raw[512];
	size_t n = string_bytes(p, v, raw, sizeof raw), o = 0;
	int utf16 = n >= 2 && raw[0] == 0xFE && raw[1] == 0xFF;
	int utf8 = n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF;
	size_t i = utf16 ? 2 : utf8 ? 3 : 0;
	while (i < n) {
		uint32_t cp;
		if (utf16) {
			if (i + 1 >= n)
				break;
			cp = (uint32_t)raw[i] << 8 | raw[i + 1];
			i += 2;
			if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) {
				uint32_t lo = (uint32_t)raw[i] << 8 | raw[i + 1];
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			if (cp >= 0xD800 && cp < 0xE000)
				cp = '?';
		} else if (utf8) {
			int k = gw_utf8_decode(raw + i, n - i, &cp);
			if (k <= 0) {
				cp = '?';
				k = 1;
			}
			i += (size_t)k;
		} else {
			cp = raw[i++];
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			cp = '?';
		char e[4];
		int k = gw_utf8_encode(cp, e);
		if (k <= 0 || o + (size_t)k >= outsz)
			break;
		memcpy(out + o, e, (size_t)k);
		o += (size_t)k;
	}
	out[o] = 0;
}

typedef struct sigwalk {
	const gw_pdf *p;
	gw_pdf_sig *v;
	int n, cap;
	int visits;
} sigwalk;

/* Copies a name value (without its slash) into out, or "" when v is no name. */
static void name_copy(const gw_pdf *p, span v, char *out, size_t outsz)
{
	size_t n = v.b > v.a + 1 && p->data[v.a] == '/' ? v.b - v.a - 1 : 0;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p->data + v.a + 1, n);
	out[n] = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e)
			out[i] = '?';
}

/* Records the signature of the field whose dictionary is at fd (its /V), named name. */
static void add_sig(sigwalk *w, span fd, const char *name)
{
	const gw_pdf *p = w->p;
	dict d;
	size_t i = fd.a;
	int k;
	if (parse_dict(p, &i, &d) < 0 || (k = dict_find(p, &d, "V")) < 0)
		return; /* an empty signature field: nothing signed yet */
	span v = d.val[k], r;
	long num = as_ref(p, v, NULL);
	int ok = resolve(p, v, &r) == 0 && r.b >= r.a + 2 && p->data[r.a] == '<' &&
	         p->data[r.a + 1] == '<';
	for (int j = 0; j < w->n; j++)
		if ((num > 0 && w->v[j].obj == num) || (ok && w->v[j].dict_at == r.a))
			return; /* the same signature, found once more */
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 4;
		w->v = gw_xrealloc(w->v, (size_t)w->cap * sizeof *w->v);
	}
	gw_pdf_sig *s = &w->v[w->n++];
	memset(s, 0, sizeof *s);
	s->name = gw_xstrdup(name);
	s->obj = num > 0 ? num : 0;
	s->nrange = -1;
	if (!ok) {
		s->problem = "its signature dictionary (/V) is unreadable";
		return;
	}
	s->dict_at = r.a;
	s->dict_end = r.b;
	i = r.a;
	if (parse_dict(p, &i, &d) < 0) {
		s->problem = "its signature dictionary (/V) is unreadable";
		return;
	}
	if ((k = dict_find(p, &d, "Type")) >= 0)
		name_copy(p, d.val[k], s->type, sizeof s->type);
	if ((k = dict_find(p, &d, "SubFilter")) >= 0)
		name_copy(p, d.val[k], s->subfilter, sizeof s->subfilter);
	span br;
	if ((k = dict_find(p, &d, "ByteRange")) >= 0 && resolve(p, d.val[k], &br) == 0) {
		long tmp[8];
		int m = int_array(p, br, tmp, 8);
		s->nrange = m;
		for (int j = 0; j < m && j < 4; j++)
			s->range[j] = tmp[j];
	}
	if (r.b > p->flen) {
		/* its /Contents must be left out of the signed bytes at a place in the file */
		s->problem = "its signature dictionary lies in a compressed object stream, where "
		             "no byte range can leave out its value";
		return;
	}
	span cv = {0, 0};
	if ((k = dict_find(p, &d, "Contents")) >= 0)
		cv = d.val[k];
	if (cv.b < cv.a + 2 || p->data[cv.a] != '<' || p->data[cv.a + 1] == '<') {
		s->problem = "its signature value (/Contents) is not a hexadecimal string";
		return;
	}
	s->contents_at = cv.a;
	s->contents_end = cv.b;
	s->der = gw_xmalloc((cv.b - cv.a) / 2 + 1);
	s->derlen = string_bytes(p, cv, s->der, (cv.b - cv.a) / 2 + 1);
}

/* Appends the text of string value t to name (a full field name joins with '.'). */
static void name_append(const gw_pdf *p, span t, char *name, size_t size)
{
	char part[160];
	text_utf8(p, t, part, sizeof part);
	size_t n = strlen(name);
	snprintf(name + n, size - n, "%s%s", n ? "." : "", part);
}

/* Walks the field at ref and its kids (12.7.3.1): field type and name are inherited. */
static void walk_field(sigwalk *w, span ref, const char *parent, int sig, int depth)
{
	const gw_pdf *p = w->p;
	span r;
	dict d;
	if (depth > MAX_FIELD_DEPTH || ++w->visits > MAX_FIELD_VISITS || resolve(p, ref, &r) < 0)
		return;
	size_t i = r.a;
	if (parse_dict(p, &i, &d) < 0)
		return;
	char name[512];
	snprintf(name, sizeof name, "%s", parent);
	int k;
	if ((k = dict_find(p, &d, "T")) >= 0)
		name_append(p, d.val[k], name, sizeof name);
	if ((k = dict_find(p, &d, "FT")) >= 0)
		sig = name_is(p, d.val[k], "Sig");
	if (sig)
		add_sig(w, r, name);
	span kids;
	if ((k = dict_find(p, &d, "Kids")) < 0 || resolve(p, d.val[k], &kids) < 0 ||
	    p->data[kids.a] != '[')
		return;
	size_t j = kids.a + 1;
	for (;;) {
		j = skip_ws(p, j);
		span e;
		if (j >= kids.b || p->data[j] == ']' || skip_value(p, &j, 0, &e) < 0)
			return;
		if (as_ref(p, e, NULL) > 0)
			walk_field(w, e, name, sig, depth + 1);
	}
}

/*
 * A widget annotation's field (12.7.3.1): whether its field type, found on it or inherited
 * through /Parent, is /Sig; *field: the dictionary holding the value /V (the widget itself
 * when merged with its field, else the first ancestor with one); name: the full name.
 */
static int widget_sig_field(const gw_pdf *p, span annot, span *field, char *name, size_t size)
{
	span chain[MAX_FIELD_DEPTH], t[MAX_FIELD_DEPTH], cur = annot;
	int n = 0, nt = 0, sig = -1, have_v = 0;
	dict d;
	while (n < MAX_FIELD_DEPTH) {
		span r;
		size_t i;
		int k;
		if (resolve(p, cur, &r) < 0 || (i = r.a, parse_dict(p, &i, &d) < 0))
			return 0;
		chain[n++] = r;
		if (sig < 0 && (k = dict_find(p, &d, "FT")) >= 0)
			sig = name_is(p, d.val[k], "Sig");
		if (!have_v && dict_find(p, &d, "V") >= 0) {
			*field = r;
			have_v = 1;
		}
		if ((k = dict_find(p, &d, "T")) >= 0)
			t[nt++] = d.val[k];
		if ((k = dict_find(p, &d, "Parent")) < 0 || as_ref(p, d.val[k], NULL) <= 0)
			break;
		cur = d.val[k];
	}
	if (sig != 1)
		return 0;
	if (!have_v)
		*field = chain[0];
	name[0] = 0;
	while (nt > 0)
		name_append(p, t[--nt], name, size);
	return 1;
}

/* The elements of the array at v (resolved) that are references, through fn. */
static void each_ref(const gw_pdf *p, span v, void (*fn)(void *ctx, span e), void *ctx)
{
	span r;
	if (resolve(p, v, &r) < 0 || r.b <= r.a || p->data[r.a] != '[')
		return;
	size_t j = r.a + 1;
	for (;;) {
		j = skip_ws(p, j);
		span e;
		if (j >= r.b || p->data[j] == ']' || skip_value(p, &j, 0, &e) < 0)
			return;
		fn(ctx, e);
	}
}

static void annot_sig(void *ctx, span e)
{
	sigwalk *w = ctx;
	span field;
	char name[512];
	if (++w->visits <= MAX_FIELD_VISITS && widget_sig_field(w->p, e, &field, name, sizeof name))
		add_sig(w, field, name);
}

void gw_pdf_signatures(const gw_pdf *p, gw_pdf_sig **sigs, int *n)
{
	sigwalk w = {.p = p};
	long cb = object_body(p, p->root);
	size_t ci = (size_t)cb;
	dict cat, af;
	int k;
	if (cb >= 0 && parse_dict(p, &ci, &cat) == 0 && (k = dict_find(p, &cat, "AcroForm")) >= 0 &&
	    resolve_dict(p, cat.val[k], &af) == 0 && (k = dict_find(p, &af, "Fields")) >= 0) {
		span fr;
		if (resolve(p, af.val[k], &fr) == 0 && fr.b > fr.a && p->data[fr.a] == '[') {
			size_t j = fr.a + 1;
			for (;;) {
				j = skip_ws(p, j);
				span e;
				if (j >= fr.b || p->data[j] == ']' || skip_value(p, &j, 0, &e) < 0)
					break;
				walk_field(&w, e, "", 0, 0);
			}
		}
	}
	/* widgets on the pages, for a signer that left its field out of /Fields */
	for (int pg = 0; pg < p->npages && w.visits <= MAX_FIELD_VISITS; pg++) {
		long b = object_body(p, p->pages[pg]);
		size_t i = (size_t)b;
		dict page;
		if (b >= 0 && parse_dict(p, &i, &page) == 0 &&
		    (k = dict_find(p, &page, "Annots")) >= 0)
			each_ref(p, page.val[k], annot_sig, &w);
	}
	*sigs = w.v;
	*n = w.n;
}

void gw_pdf_sigs_free(gw_pdf_sig *sigs, int n)
{
	for (int i = 0; i < n; i++) {
		free(sigs[i].name);
		free(sigs[i].der);
	}
	free(sigs);
}

int gw_pdf_revision(const gw_pdf *p, size_t end, int *nrev)
{
	int n = p->nsect, before = 0;
	for (int i = 0; i < p->nsect; i++)
		if (p->sect[i] >= 0 && (size_t)p->sect[i] < end)
			before++;
	if (p->linearized && n >= 2)
		n--;
	if (p->linearized && before >= 2)
		before--;
	*nrev = n;
	/* a revision ends with %%EOF and at most one end-of-line marker (7.5.5, 7.5.6) */
	size_t e = end;
	if (e > p->flen)
		return 0;
	if (e > 0 && p->data[e - 1] == '\n')
		e--;
	if (e > 0 && p->data[e - 1] == '\r')
		e--;
	if (e < 5 || memcmp(p->data + e - 5, "%%EOF", 5) != 0)
		return 0;
	return before;
}

int gw_pdf_unlisted_sigs(const gw_pdf *p, const gw_pdf_sig *sigs, int n, size_t *at, int max)
{
	int found = 0;
	static const char key[] = "/ByteRange";
	for (size_t i = 0; i + sizeof key - 1 < p->flen;) {
		const char *h = find_bytes(p->data + i, p->flen - i, key, sizeof key - 1);
		if (!h)
			break;
		size_t pos = (size_t)(h - p->data);
		i = pos + sizeof key - 1;
		/* a real signature's range: [0 a b c], the gap a hex string */
		size_t j = skip_ws(p, i);
		long r[4];
		int m = 0;
		if (j < p->flen && p->data[j] == '[') {
			j++;
			while (m < 4 && (r[m] = read_uint(p, &j)) >= 0)
				m++;
		}
		if (m != 4 || r[0] != 0 || r[1] < 1 || r[2] <= r[1] || (size_t)r[2] > p->flen ||
		    p->data[r[1]] != '<' || p->data[r[2] - 1] != '>')
			continue;
		int listed = 0;
		for (int s = 0; s < n && !listed; s++)
			listed = sigs[s].dict_end > sigs[s].dict_at && pos >= sigs[s].dict_at &&
			         pos < sigs[s].dict_end;
		if (!listed && found++ < max)
			at[found - 1] = pos;
	}
	return found;
}

/* --- comparing two states of a file --- */

/* The value of object num in p and, for a stream, its data span (else {0, 0}). */
static int obj_value(const gw_pdf *p, long num, span *v, span *data)
{
	long b = object_body(p, num);
	if (b < 0)
		return -1;
	size_t i = (size_t)b;
	if (skip_value(p, &i, 0, v) < 0)
		return -1;
	data->a = data->b = 0;
	size_t j = skip_ws(p, i);
	if (v->b >= v->a + 2 && p->data[v->a] == '<' && keyword_at(p, j, "stream")) {
		dict d;
		size_t k = v->a;
		span lv;
		long n = -1;
		int kl;
		if (parse_dict(p, &k, &d) == 0 && (kl = dict_find(p, &d, "Length")) >= 0 &&
		    resolve(p, d.val[kl], &lv) == 0)
			n = direct_int(p, lv);
		j += 6;
		if (j < p->len && p->data[j] == '\r')
			j++;
		if (j < p->len && p->data[j] == '\n')
			j++;
		if (n < 0 || j > p->len || (size_t)n > p->len - j) {
			/* no usable /Length: the data up to "endstream", as viewers recover it */
			const char *e = find_bytes(p->data + j, p->len - j, "endstream", 9);
			n = e ? (long)(e - (p->data + j)) : (long)(p->len - j);
		}
		data->a = j;
		data->b = j + (size_t)n;
	}
	return 0;
}

/* The span of object num's value in p (a dictionary, array, ...). */
static int obj_span(const gw_pdf *p, long num, span *v)
{
	long b = object_body(p, num);
	size_t i = (size_t)b;
	return b < 0 ? -1 : skip_value(p, &i, 0, v);
}

/* The same bytes: span va of a and vb of b. */
static int same_bytes(const gw_pdf *a, span va, const gw_pdf *b, span vb)
{
	return va.b - va.a == vb.b - vb.a &&
	       memcmp(a->data + va.a, b->data + vb.a, va.b - va.a) == 0;
}

static int is_number_start(int c)
{
	return isdigit(c) || c == '-' || c == '+' || c == '.';
}

/*
 * The index in d (of p) of the key that matches key k of e (of q): the same name, and the same
 * occurrence of it when a (damaged) dictionary repeats a key; -1 when there is none.
 */
static int dict_match(const gw_pdf *p, const dict *d, const gw_pdf *q, const dict *e, int k)
{
	int nth = 0;
	for (int i = 0; i < k; i++)
		nth += same_bytes(q, e->key[i], q, e->key[k]);
	for (int i = 0; i < d->n; i++)
		if (same_bytes(p, d->key[i], q, e->key[k]) && nth-- == 0)
			return i;
	return -1;
}

/*
 * 1 when value va of a and value vb of b are the same PDF object, however written: white
 * space and comments aside, numbers by value, strings by their bytes (literal or hex),
 * dictionaries whatever their key order. References compare by number and generation
 * (an object keeps its number in every revision of a file).
 */
static int same_value(const gw_pdf *a, span va, const gw_pdf *b, span vb, int depth)
{
	va.a = skip_ws(a, va.a);
	vb.a = skip_ws(b, vb.a);
	if (va.a >= va.b || vb.a >= vb.b)
		return va.a >= va.b && vb.a >= vb.b;
	int ca = (unsigned char)a->data[va.a], cb = (unsigned char)b->data[vb.a];
	int ga, gb;
	long ra = as_ref(a, va, &ga), rb = as_ref(b, vb, &gb);
	if (ra >= 0 || rb >= 0)
		return ra == rb && ga == gb;
	if (depth > MAX_DEPTH)
		return same_bytes(a, va, b, vb);
	int da = ca == '<' && va.b > va.a + 1 && a->data[va.a + 1] == '<';
	int db = cb == '<' && vb.b > vb.a + 1 && b->data[vb.a + 1] == '<';
	if (da || db) {
		if (!da || !db)
			return 0;
		dict *x = gw_xmalloc(sizeof *x), *y = gw_xmalloc(sizeof *y);
		size_t i = va.a, j = vb.a;
		int same;
		if (parse_dict(a, &i, x) < 0 || parse_dict(b, &j, y) < 0) {
			same = same_bytes(a, va, b, vb);
		} else {
			same = x->n == y->n;
			for (int k = 0; k < x->n && same; k++) {
				int m = dict_match(b, y, a, x, k);
				same = m >= 0 && same_value(a, x->val[k], b, y->val[m], depth + 1);
			}
		}
		free(x);
		free(y);
		return same;
	}
	if (ca == '[' || cb == '[') {
		if (ca != cb)
			return 0;
		size_t i = va.a + 1, j = vb.a + 1;
		for (;;) {
			i = skip_ws(a, i);
			j = skip_ws(b, j);
			int ea = i >= va.b || a->data[i] == ']',
			    eb = j >= vb.b || b->data[j] == ']';
			if (ea || eb)
				return ea && eb;
			span x, y;
			if (skip_value(a, &i, 0, &x) < 0 || skip_value(b, &j, 0, &y) < 0)
				return 0;
			if (!same_value(a, x, b, y, depth + 1))
				return 0;
		}
	}
	if ((ca == '(' || ca == '<') && (cb == '(' || cb == '<')) {
		size_t na = va.b - va.a, nb = vb.b - vb.a;
		unsigned char *x = gw_xmalloc(na), *y = gw_xmalloc(nb);
		size_t lx = string_bytes(a, va, x, na), ly = string_bytes(b, vb, y, nb);
		int same = lx == ly && memcmp(x, y, lx) == 0;
		free(x);
		free(y);
		return same;
	}
	if (is_number_start(ca) && is_number_start(cb)) {
		char x[64], y[64];
		size_t na = va.b - va.a, nb = vb.b - vb.a;
		if (na >= sizeof x || nb >= sizeof y)
			return same_bytes(a, va, b, vb);
		memcpy(x, a->data + va.a, na);
		memcpy(y, b->data + vb.a, nb);
		x[na] = y[nb] = 0;
		return strtod(x, NULL) == strtod(y, NULL);
	}
	return same_bytes(a, va, b, vb);
}

/* Object num in a and in b: the same value (and the same stream data). */
static int same_object(const gw_pdf *a, const gw_pdf *b, long num)
{
	span va, da, vb, db;
	if (obj_value(a, num, &va, &da) < 0 || obj_value(b, num, &vb, &db) < 0)
		return 0;
	if ((da.b > da.a || db.b > db.a || keyword_at(a, skip_ws(a, va.b), "stream") ||
	     keyword_at(b, skip_ws(b, vb.b), "stream"))) {
		/* streams: the dictionaries apart from /Length, then the data */
		dict *x = gw_xmalloc(sizeof *x), *y = gw_xmalloc(sizeof *y);
		size_t i = va.a, j = vb.a;
		x->n = y->n = 0;
		int same = parse_dict(a, &i, x) == 0 && parse_dict(b, &j, y) == 0 &&
		           same_bytes(a, da, b, db);
		int n = 0;
		for (int k = 0; k < x->n && same; k++) {
			if (x->key[k].b - x->key[k].a == 6 &&
			    memcmp(a->data + x->key[k].a, "Length", 6) == 0)
				continue;
			n++;
			int m = dict_match(b, y, a, x, k);
			same = m >= 0 && same_value(a, x->val[k], b, y->val[m], 0);
		}
		same = same && n == y->n - (dict_find(b, y, "Length") >= 0);
		free(x);
		free(y);
		return same;
	}
	return same_value(a, va, b, vb, 0);
}

/* Object num has the same definition in a and b: the same bytes of the file. */
static int same_place(const gw_pdf *a, const gw_pdf *b, long num)
{
	int pa = a->packed && a->packed[num], pb = b->packed && b->packed[num];
	if (pa != pb || a->gen[num] != b->gen[num])
		return 0;
	if (!pa)
		return a->off[num] == b->off[num];
	/* in an object stream: the same stream object, at the same place */
	int sa = a->stm[num], sb = b->stm[num];
	return sa == sb && sa > 0 && sa < a->size && sb < b->size && a->off[sa] >= 0 &&
	       a->off[sa] == b->off[sb];
}

typedef struct diff {
	const gw_pdf *a, *b;
	const char *prefix;
	gw_buf *out;
	int max, count;
	long *pages; /* a's pages: (object number << 24 | index), sorted */
} diff;

static void report(diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(diff *d, const char *fmt, ...)
{
	if (d->count++ >= d->max)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = gw_xvasprintf(fmt, ap);
	va_end(ap);
	gw_buf_printf(d->out, "%s%s\n", d->prefix, m);
	free(m);
}

static int long_cmp(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;
	return a < b ? -1 : a > b;
}

/* The 1-based page that object num is in a, or 0. */
static int page_of(const diff *d, long num)
{
	int lo = 0, hi = d->a->npages - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		long m = d->pages[mid] >> 24;
		if (m == num)
			return (int)(d->pages[mid] & 0xffffff) + 1;
		if (m < num)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* What object num of p is, for a message: " (/Type /Font)", " (a stream)" or "". */
static void describe(const gw_pdf *p, long num, char *out, size_t outsz)
{
	span v, data;
	dict *d = gw_xmalloc(sizeof *d);
	size_t i;
	int k;
	char name[40];
	out[0] = 0;
	if (obj_value(p, num, &v, &data) == 0 && (i = v.a, parse_dict(p, &i, d) == 0) &&
	    ((k = dict_find(p, d, "Type")) >= 0 || (k = dict_find(p, d, "Subtype")) >= 0)) {
		name_copy(p, d->val[k], name, sizeof name);
		snprintf(out, outsz, " (/%.*s /%s)", (int)(d->key[k].b - d->key[k].a),
		         p->data + d->key[k].a, name);
	} else if (data.b > data.a) {
		snprintf(out, outsz, " (a stream)");
	}
	free(d);
}

/* Appends " /Key" to keys for every key, apart from skip, whose value differs. */
static int dict_diff(const gw_pdf *a, const dict *x, const gw_pdf *b, const dict *y,
                     const char *const *skip, gw_buf *keys)
{
	int n = 0;
	for (int pass = 0; pass < 2; pass++) {
		const gw_pdf *p = pass ? b : a, *q = pass ? a : b;
		const dict *u = pass ? y : x, *w = pass ? x : y;
		for (int k = 0; k < u->n; k++) {
			int skipped = 0;
			for (const char *const *s = skip; *s && !skipped; s++)
				skipped = u->key[k].b - u->key[k].a == strlen(*s) &&
				          memcmp(p->data + u->key[k].a, *s, strlen(*s)) == 0;
			if (skipped)
				continue;
			int m = dict_match(q, w, p, u, k);
			if (m >= 0 && (pass || same_value(p, u->val[k], q, w->val[m], 0)))
				continue; /* (the second pass looks for keys only b has) */
			n++;
			char name[44];
			span v = {u->key[k].a - 1, u->key[k].b}; /* with its slash */
			name_copy(p, v, name, sizeof name);
			gw_buf_printf(keys, "%s/%s", keys->len ? ", " : "", name);
		}
	}
	return n;
}

/* The elements of an array: its references (num << 16 | gen, sorted), its direct values. */
typedef struct elems {
	long *ref;
	int nref;
	span *dir;
	int ndir;
	int bad; /* v is no array */
} elems;

#define MAX_DIRECT 1000 /* direct elements matched one against each other */

/* The elements of the array at v (resolved) in p; none when v is empty (no such key). */
static void elem_list(const gw_pdf *p, span v, elems *e)
{
	span r;
	memset(e, 0, sizeof *e);
	if (v.b <= v.a)
		return;
	if (resolve(p, v, &r) < 0 || r.b <= r.a || p->data[r.a] != '[') {
		e->bad = 1;
		return;
	}
	int rcap = 0, dcap = 0;
	size_t j = r.a + 1;
	for (;;) {
		j = skip_ws(p, j);
		span x;
		if (j >= r.b || p->data[j] == ']' || skip_value(p, &j, 0, &x) < 0)
			break;
		int g;
		long num = as_ref(p, x, &g);
		if (num >= 0) {
			if (e->nref == rcap) {
				rcap = rcap ? 2 * rcap : 8;
				e->ref = gw_xrealloc(e->ref, (size_t)rcap * sizeof *e->ref);
			}
			e->ref[e->nref++] = num << 16 | g;
		} else if (e->ndir < MAX_DIRECT) {
			if (e->ndir == dcap) {
				dcap = dcap ? 2 * dcap : 4;
				e->dir = gw_xrealloc(e->dir, (size_t)dcap * sizeof *e->dir);
			}
			e->dir[e->ndir++] = x;
		} else {
			e->bad = 1;
		}
	}
	if (e->nref)
		qsort(e->ref, (size_t)e->nref, sizeof *e->ref, long_cmp);
}

static void elems_free(elems *e)
{
	free(e->ref);
	free(e->dir);
}

/* 1 when the annotation or field at ref in p is a signature field or one's widget. */
static int is_sig_field(const gw_pdf *p, span ref)
{
	span field;
	char name[8];
	return widget_sig_field(p, ref, &field, name, sizeof name);
}

/*
 * The elements of array old (in a) and new (in b), /Fields or a page's /Annots: none may be
 * removed, and an added one must be a signature field or widget. where names the array.
 */
static void array_diff(diff *d, span old, span new, const char *where)
{
	elems x, y;
	elem_list(d->a, old, &x);
	elem_list(d->b, new, &y);
	char what[96];
	if (x.bad || y.bad) {
		report(d, "%s: changed", where);
		goto done;
	}
	for (int i = 0; i < x.nref; i++)
		if (!y.nref || !bsearch(&x.ref[i], y.ref, (size_t)y.nref, sizeof *y.ref, long_cmp))
			report(d, "%s: object %ld was removed", where, x.ref[i] >> 16);
	for (int i = 0; i < y.nref; i++) {
		if (x.nref && bsearch(&y.ref[i], x.ref, (size_t)x.nref, sizeof *x.ref, long_cmp))
			continue;
		span rs;
		long num = y.ref[i] >> 16;
		if (obj_span(d->b, num, &rs) == 0 && is_sig_field(d->b, rs))
			continue;
		describe(d->b, num, what, sizeof what);
		report(d, "%s: object %ld%s was added, which is not a signature", where, num, what);
	}
	/* direct elements (not what the standard asks for, but seen): matched by value */
	unsigned char *used = gw_xcalloc((size_t)y.ndir + 1, 1);
	for (int i = 0; i < x.ndir; i++) {
		int m = -1;
		for (int k = 0; k < y.ndir && m < 0; k++)
			if (!used[k] && same_value(d->a, x.dir[i], d->b, y.dir[k], 0))
				m = k;
		if (m < 0)
			report(d, "%s: a direct element was removed or changed", where);
		else
			used[m] = 1;
	}
	for (int k = 0; k < y.ndir; k++)
		if (!used[k] && !is_sig_field(d->b, y.dir[k]))
			report(d, "%s: a direct element was added, which is not a signature",
			       where);
	free(used);
done:
	elems_free(&x);
	elems_free(&y);
}

/* What a page of a uses an object for (one pass over the pages, when first needed). */
enum { USE_ANNOTS = 1, USE_CONTENTS, USE_SEAL };
typedef struct use {
	long num;
	int page; /* 1-based */
	int role;
	char name[16]; /* the seal's resource name */
} use;

static int use_cmp(const void *x, const void *y)
{
	long a = ((const use *)x)->num, b = ((const use *)y)->num;
	return a < b ? -1 : a > b;
}

typedef struct uses {
	use *v;
	int n, cap;
	int built;
} uses;

static void add_use(uses *u, long num, int page, int role, const char *name)
{
	if (num <= 0)
		return;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->v = gw_xrealloc(u->v, (size_t)u->cap * sizeof *u->v);
	}
	use *e = &u->v[u->n++];
	e->num = num;
	e->page = page;
	e->role = role;
	snprintf(e->name, sizeof e->name, "%s", name ? name : "");
}

typedef struct contents_ctx {
	uses *u;
	const gw_pdf *p;
	int page;
} contents_ctx;

static void add_content_ref(void *ctx, span e)
{
	contents_ctx *c = ctx;
	add_use(c->u, as_ref(c->p, e, NULL), c->page, USE_CONTENTS, NULL);
}

static void build_uses(const gw_pdf *p, uses *u)
{
	u->built = 1;
	dict *pg = gw_xmalloc(sizeof *pg), *res = gw_xmalloc(sizeof *res),
	     *xo = gw_xmalloc(sizeof *xo);
	for (int i = 0; i < p->npages; i++) {
		long b = object_body(p, p->pages[i]);
		size_t j = (size_t)b;
		int k;
		if (b < 0 || parse_dict(p, &j, pg) < 0)
			continue;
		if ((k = dict_find(p, pg, "Annots")) >= 0)
			add_use(u, as_ref(p, pg->val[k], NULL), i + 1, USE_ANNOTS, NULL);
		if ((k = dict_find(p, pg, "Contents")) >= 0) {
			contents_ctx c = {u, p, i + 1};
			long num = as_ref(p, pg->val[k], NULL);
			span r;
			if (resolve(p, pg->val[k], &r) == 0 && r.b > r.a && p->data[r.a] == '[') {
				add_use(u, num, i + 1, USE_CONTENTS, NULL); /* the array itself */
				each_ref(p, r, add_content_ref, &c);
			} else {
				add_use(u, num, i + 1, USE_CONTENTS, NULL);
			}
		}
		if ((k = dict_find(p, pg, "Resources")) >= 0 &&
		    resolve_dict(p, pg->val[k], res) == 0 &&
		    (k = dict_find(p, res, "XObject")) >= 0 &&
		    resolve_dict(p, res->val[k], xo) == 0)
			for (k = 0; k < xo->n; k++) {
				span key = xo->key[k];
				if (key.b - key.a < 7 || key.b - key.a > 15 ||
				    memcmp(p->data + key.a, "GwSeal", 6) != 0)
					continue;
				char name[16];
				name_copy(p, (span){key.a - 1, key.b}, name, sizeof name);
				add_use(u, as_ref(p, xo->val[k], NULL), i + 1, USE_SEAL, name);
			}
	}
	free(pg);
	free(res);
	free(xo);
	if (u->n)
		qsort(u->v, (size_t)u->n, sizeof *u->v, use_cmp);
}

static const use *find_use(const gw_pdf *p, uses *u, long num)
{
	if (!u->built)
		build_uses(p, u);
	use key = {.num = num};
	const use *e = u->n ? bsearch(&key, u->v, (size_t)u->n, sizeof *u->v, use_cmp) : NULL;
	while (e && e > u->v && e[-1].num == num)
		e--;
	/* an object with several uses (a damaged file): a seal's strict rule first, then the
	   content's (any change), then the annotations' */
	static const int rank[] = {[USE_SEAL] = 0, [USE_CONTENTS] = 1, [USE_ANNOTS] = 2};
	const use *best = e;
	for (; e && e < u->v + u->n && e->num == num; e++)
		if (rank[e->role] < rank[best->role])
			best = e;
	return best;
}

typedef struct draws_ctx {
	const gw_pdf *p;
	long image; /* the seal's image XObject */
	double rect[4]; /* the seal's rectangle: x, y, w, h */
	const long *old; /* the page's annotations before (elem_list), sorted */
	int nold;
	int found;
} draws_ctx;

/*
 * Is annotation e a signature widget added since (not among c->old) that sits on the seal's
 * rectangle and draws the seal's image through its normal appearance, as --at-seal makes it?
 */
static void widget_draws_image(void *ctx, span e)
{
	draws_ctx *c = ctx;
	const gw_pdf *p = c->p;
	int g, k;
	long num = as_ref(p, e, &g), key = num < 0 ? -1 : num << 16 | g;
	if (c->found || num < 0 || !is_sig_field(p, e) ||
	    (c->nold > 0 && bsearch(&key, c->old, (size_t)c->nold, sizeof *c->old, long_cmp)))
		return;
	dict *d = gw_xmalloc(sizeof *d);
	double r[4];
	if (resolve_dict(p, e, d) == 0 && (k = dict_find(p, d, "Rect")) >= 0 &&
	    parse_box(p, d->val[k], r) == 0 && fabs(r[0] - c->rect[0]) < 0.01 &&
	    fabs(r[1] - c->rect[1]) < 0.01 && fabs(r[2] - r[0] - c->rect[2]) < 0.01 &&
	    fabs(r[3] - r[1] - c->rect[3]) < 0.01 && (k = dict_find(p, d, "AP")) >= 0 &&
	    resolve_dict(p, d->val[k], d) == 0 && (k = dict_find(p, d, "N")) >= 0 &&
	    resolve_dict(p, d->val[k], d) == 0 && (k = dict_find(p, d, "Resources")) >= 0 &&
	    resolve_dict(p, d->val[k], d) == 0 && (k = dict_find(p, d, "XObject")) >= 0 &&
	    resolve_dict(p, d->val[k], d) == 0)
		for (k = 0; k < d->n; k++)
			if (as_ref(p, d->val[k], NULL) == c->image)
				c->found = 1;
	free(d);
}

typedef struct diff_state {
	diff d;
	uses u; /* of a */
	long info, acroform, fields; /* object numbers in a, or -1 */
} diff_state;

/* The catalog's form: every key but /Fields, /SigFlags, /DR and /DA the same; fields only added,
 * and signature fields. */
static void acroform_diff(diff *d, const dict *x, const dict *y)
{
	/* /DR and /DA only serve fields that have no appearance yet (12.7.3.3) */
	static const char *const skip[] = {"Fields", "SigFlags", "DR", "DA", NULL};
	gw_buf keys = {0};
	if (dict_diff(d->a, x, d->b, y, skip, &keys))
		report(d, "the form (/AcroForm): %s changed", keys.data);
	gw_buf_free(&keys);
	int ka = dict_find(d->a, x, "Fields"), kb = dict_find(d->b, y, "Fields");
	span none = {0, 0};
	array_diff(d, ka >= 0 ? x->val[ka] : none, kb >= 0 ? y->val[kb] : none,
	           "the form's fields (/AcroForm /Fields)");
}

/*
 * The catalog: every key but /AcroForm, /DSS (validation data, ETSI EN 319 142-1 5.4) and
 * /Extensions (the developer extensions declared with it, PDF 32000-1 7.12) the same.
 */
static void catalog_diff(diff *d, span va, span vb)
{
	dict *x = gw_xmalloc(sizeof *x), *y = gw_xmalloc(sizeof *y);
	size_t i = va.a, j = vb.a;
	if (parse_dict(d->a, &i, x) < 0 || parse_dict(d->b, &j, y) < 0) {
		report(d, "the document catalog was changed");
		goto done;
	}
	static const char *const skip[] = {"AcroForm", "DSS", "Extensions", NULL};
	gw_buf keys = {0};
	if (dict_diff(d->a, x, d->b, y, skip, &keys))
		report(d, "the document catalog: %s changed", keys.data);
	gw_buf_free(&keys);
	int ka = dict_find(d->a, x, "AcroForm"), kb = dict_find(d->b, y, "AcroForm");
	if (ka >= 0 && kb < 0) {
		report(d, "the document catalog: the form (/AcroForm) was removed");
	} else if (kb >= 0) {
		span fa = ka >= 0 ? x->val[ka] : (span){0, 0}, fb = y->val[kb];
		if (ka >= 0 && same_value(d->a, fa, d->b, fb, 0) && as_ref(d->a, fa, NULL) > 0)
			goto done; /* the same indirect form: compared as an object of its own */
		dict *p = gw_xmalloc(sizeof *p), *q = gw_xmalloc(sizeof *q);
		p->n = 0;
		if ((ka >= 0 && resolve_dict(d->a, fa, p) < 0) || resolve_dict(d->b, fb, q) < 0)
			report(d, "the form (/AcroForm) is unreadable");
		else
			acroform_diff(d, p, q);
		free(p);
		free(q);
	}
done:
	free(x);
	free(y);
}

/* A page: every key but /Annots the same; annotations only added, and signature widgets. */
static void page_diff(diff *d, int page, long num, span va, span vb)
{
	dict *x = gw_xmalloc(sizeof *x), *y = gw_xmalloc(sizeof *y);
	size_t i = va.a, j = vb.a;
	if (parse_dict(d->a, &i, x) < 0 || parse_dict(d->b, &j, y) < 0) {
		report(d, "page %d (object %ld) was changed", page, num);
	} else {
		static const char *const skip[] = {"Annots", NULL};
		gw_buf keys = {0};
		if (dict_diff(d->a, x, d->b, y, skip, &keys))
			report(d, "page %d (object %ld): %s changed", page, num, keys.data);
		gw_buf_free(&keys);
		int ka = dict_find(d->a, x, "Annots"), kb = dict_find(d->b, y, "Annots");
		span none = {0, 0};
		char where[64];
		snprintf(where, sizeof where, "page %d's annotations (/Annots)", page);
		array_diff(d, ka >= 0 ? x->val[ka] : none, kb >= 0 ? y->val[kb] : none, where);
	}
	free(x);
	free(y);
}

/*
 * A signature field or its widget: once signed (a /V), no change at all; an empty one may
 * get its value and appearance (/V, /AP, /AS, /DA, /MK): it is being signed.
 */
static void sigfield_diff(diff *d, long num, span va, span vb)
{
	span field = va;
	char name[256] = "";
	widget_sig_field(d->a, va, &field, name, sizeof name);
	dict *x = gw_xmalloc(sizeof *x), *y = gw_xmalloc(sizeof *y);
	size_t i = field.a, j = vb.a;
	int was_signed = parse_dict(d->a, &i, x) == 0 && dict_find(d->a, x, "V") >= 0;
	i = va.a;
	if (was_signed) {
		report(d, "the signature field \"%s\" (object %ld) was changed after it was signed",
		       name, num);
	} else if (parse_dict(d->a, &i, x) < 0 || parse_dict(d->b, &j, y) < 0) {
		report(d, "the signature field \"%s\" (object %ld) was changed", name, num);
	} else {
		static const char *const skip[] = {"V", "AP", "AS", "DA", "MK", NULL};
		gw_buf keys = {0};
		if (dict_diff(d->a, x, d->b, y, skip, &keys))
			report(d, "the signature field \"%s\" (object %ld): %s changed", name, num,
			       keys.data);
		gw_buf_free(&keys);
	}
	free(x);
	free(y);
}

/* Object num, changed between a and b: a change, unless signing explains it. */
static void classify(diff_state *s, long num)
{
	diff *d = &s->d;
	const gw_pdf *a = d->a, *b = d->b;
	span va, vb, xa, xb;
	char what[96];
	if (obj_value(a, num, &va, &xa) < 0 || obj_value(b, num, &vb, &xb) < 0) {
		report(d, "object %ld was changed (now unreadable)", num);
		return;
	}
	if (num == a->root) {
		if (a->root == b->root)
			catalog_diff(d, va, vb);
		return; /* else compared as the catalog already */
	}
	int page = page_of(d, num);
	if (page) {
		page_diff(d, page, num, va, vb);
		return;
	}
	dict *x = gw_xmalloc(sizeof *x);
	size_t i = va.a;
	int isdict = parse_dict(a, &i, x) == 0, k;
	int type_is_xref = isdict && (k = dict_find(a, x, "Type")) >= 0 &&
	                   (name_is(a, x->val[k], "XRef") || name_is(a, x->val[k], "ObjStm"));
	int type_is_sig =
	        isdict &&
	        (((k = dict_find(a, x, "Type")) >= 0 &&
	          (name_is(a, x->val[k], "Sig") || name_is(a, x->val[k], "DocTimeStamp"))) ||
	         (dict_find(a, x, "ByteRange") >= 0 && dict_find(a, x, "Contents") >= 0));
	int type_is_pages =
	        isdict && (k = dict_find(a, x, "Type")) >= 0 && name_is(a, x->val[k], "Pages");
	free(x);
	const use *u = find_use(a, &s->u, num);
	if (type_is_xref) {
		/* cross-reference and object streams are the file's structure, not its content:
		   the objects inside are compared one by one */
	} else if (type_is_sig) {
		report(d, "the signature dictionary object %ld was changed", num);
	} else if (type_is_pages) {
		report(d,
		       "the page tree (object %ld) was changed: pages added, removed or "
		       "reordered, or their inherited attributes",
		       num);
	} else if (isdict && is_sig_field(a, va)) {
		sigfield_diff(d, num, va, vb);
	} else if (num == s->acroform) {
		dict *p = gw_xmalloc(sizeof *p), *q = gw_xmalloc(sizeof *q);
		size_t j = vb.a;
		i = va.a;
		if (parse_dict(a, &i, p) < 0 || parse_dict(b, &j, q) < 0)
			report(d, "the form (/AcroForm, object %ld) was changed", num);
		else
			acroform_diff(d, p, q);
		free(p);
		free(q);
	} else if (num == s->fields) {
		array_diff(d, va, vb, "the form's fields (/AcroForm /Fields)");
	} else if (u && u->role == USE_ANNOTS) {
		char where[64];
		snprintf(where, sizeof where, "page %d's annotations (/Annots)", u->page);
		array_diff(d, va, vb, where);
	} else if (u && u->role == USE_SEAL) {
		/* --at-seal: the seal's form re-issued empty, its image now drawn by a signature */
		gw_pdf_seal sa, sb;
		int gen = a->gen[num];
		draws_ctx c = {.p = b};
		if (read_seal(a, u->page, num, gen, &sa) == 1 &&
		    read_seal(b, u->page, num, gen, &sb) == 0 && u->page <= b->npages) {
			long pa = object_body(a, a->pages[u->page - 1]);
			long pb = object_body(b, b->pages[u->page - 1]);
			size_t j = (size_t)pa;
			dict *pg = gw_xmalloc(sizeof *pg);
			elems old = {0};
			c.image = sa.image;
			memcpy(c.rect, sa.rect, sizeof c.rect);
			if (pa >= 0 && parse_dict(a, &j, pg) == 0 &&
			    (k = dict_find(a, pg, "Annots")) >= 0)
				elem_list(a, pg->val[k], &old);
			c.old = old.ref;
			c.nold = old.nref;
			j = (size_t)pb;
			if (!old.bad && pb >= 0 && parse_dict(b, &j, pg) == 0 &&
			    (k = dict_find(b, pg, "Annots")) >= 0)
				each_ref(b, pg->val[k], widget_draws_image, &c);
			elems_free(&old);
			free(pg);
		}
		if (!c.found)
			report(d,
			       "page %d: the seal /%s (object %ld) was changed or removed, and no "
			       "signature draws it instead",
			       u->page, u->name, num);
	} else if (u && u->role == USE_CONTENTS) {
		report(d, "page %d: its content (object %ld) was changed", u->page, num);
	} else if (num == s->info) {
		report(d, "the document information dictionary (/Info, object %ld) was changed",
		       num);
	} else {
		describe(a, num, what, sizeof what);
		report(d, "object %ld%s was changed", num, what);
	}
}

#define MAX_CLASSIFIED 1000 /* changed objects looked at closely; the rest are only counted */

int gw_pdf_changes(const gw_pdf *a, const gw_pdf *b, const char *prefix, gw_buf *out, int max)
{
	diff_state s = {.d = {.a = a, .b = b, .prefix = prefix, .out = out, .max = max},
	                .info = -1,
	                .acroform = -1,
	                .fields = -1};
	diff *d = &s.d;
	d->pages = gw_xmalloc(((size_t)a->npages + 1) * sizeof *d->pages);
	for (int i = 0; i < a->npages; i++)
		d->pages[i] = (long)a->pages[i] << 24 | i;
	qsort(d->pages, (size_t)a->npages, sizeof *d->pages, long_cmp);
	if (a->info)
		s.info = atol(a->info);
	span ca, cb;
	dict *cat = gw_xmalloc(sizeof *cat), *af = gw_xmalloc(sizeof *af);
	size_t i;
	int k;
	if (obj_span(a, a->root, &ca) == 0 && (i = ca.a, parse_dict(a, &i, cat) == 0) &&
	    (k = dict_find(a, cat, "AcroForm")) >= 0) {
		s.acroform = as_ref(a, cat->val[k], NULL);
		if (resolve_dict(a, cat->val[k], af) == 0 && (k = dict_find(a, af, "Fields")) >= 0)
			s.fields = as_ref(a, af->val[k], NULL);
	}
	free(cat);
	free(af);
	/* the catalog, when the trailer names another object for it */
	if (a->root != b->root) {
		if (obj_span(a, a->root, &ca) < 0 || obj_span(b, b->root, &cb) < 0)
			report(d, "the document catalog was replaced by an unreadable one");
		else
			catalog_diff(d, ca, cb);
	}
	if (strcmp(a->info ? a->info : "", b->info ? b->info : "") != 0)
		report(d, "the document information dictionary (/Info) was replaced");
	char what[96];
	for (long num = 1; num < a->size; num++) {
		if (a->off[num] < 0)
			continue; /* new in b, if at all: reachable only through a changed object */
		if (num >= b->size || b->off[num] < 0) {
			span v, data;
			dict *x = gw_xmalloc(sizeof *x);
			int structure =
			        obj_value(a, num, &v, &data) == 0 &&
			        (i = v.a, parse_dict(a, &i, x) == 0) &&
			        (k = dict_find(a, x, "Type")) >= 0 &&
			        (name_is(a, x->val[k], "XRef") || name_is(a, x->val[k], "ObjStm"));
			free(x);
			if (!structure) {
				describe(a, num, what, sizeof what);
				report(d, "object %ld%s was deleted", num, what);
			}
			continue;
		}
		if (same_place(a, b, num))
			continue;
		if (d->count >= MAX_CLASSIFIED) {
			d->count++;
			continue;
		}
		if (!same_object(a, b, num))
			classify(&s, num);
	}
	free(d->pages);
	free(s.u.v);
	return d->count;
}
