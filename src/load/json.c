/*
 * json.c: strict JSON loading with source positions (see json.h).
 *
 * In: the bytes of one JSON file and the name to use in messages. Out: a gw_json that holds
 * the cJSON tree, the source bytes and a side index with one record per value (in document
 * order) giving its byte offset, its key's byte offset, its parent and its index; or NULL
 * after adding every error found to the caller's diagnostics, sorted by position.
 *
 * How: our own scanner reads the bytes once, strictly by RFC 8259, records the index and
 * checks what cJSON lets through: invalid UTF-8 (RFC 3629), \u0000 and lone surrogates,
 * duplicate keys, numbers that overflow or that cJSON would read wrong, nesting. Only a file
 * the scanner accepts goes to cJSON; its tree is then walked in pre-order beside the records,
 * which are in the same order because cJSON keeps members in document order.
 *
 * Errors: the first syntax error stops the scan; every other error is collected, and after a
 * syntax error the rest of the file is still checked for invalid UTF-8 (reported without a
 * pointer, since the structure is unknown there). At most MAX_LISTED errors of one file are
 * kept; past that a count is reported first.
 *
 * Messages quote the file's bytes (a bad token, escape or UTF-8 sequence) only once the file
 * has shown that it is JSON: by a string opened inside an object or array (every data and
 * layout file begins with {"), a string read whole, or a ',' after an array's element. A file that
 * is not JSON (/etc/passwd or an INI file named as a layout) must not have its content echoed into
 * a message (issue 10, defect 11): before that point a message names the kind of token only
 * ("invalid literal"), and a syntax error ends the checking there: the UTF-8 pass over the
 * rest is skipped, since the places of a binary file's bytes are content too.
 *
 * Invariants: offsets are bytes from the start of the file (at most GW_MAX_FILE_BYTES, so
 * uint32_t holds them); lines end at '\n' only; columns count code points from the line's
 * start, each byte of an invalid UTF-8 sequence counting as one (as gw_utf8_count does).
 * A leading UTF-8 byte order mark is accepted and skipped (RFC 8259 section 8.1 lets parsers
 * ignore it, and Windows editors write one); it takes no column. A UTF-16 byte order mark
 * is an error.
 *
 * Not here: what the keys and values mean (the layout and data loaders check that).
 */
#include "json.h"

#include <assert.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/util.h"
#include "../gw.h"

#define NO_KEY UINT32_MAX /* node.key_off of a value that is not an object member */
#define NO_POINTER (-2) /* node argument of report(): the diagnostic gets no pointer */

/*
 * cJSON 1.7.15 parse_number copies at most 63 characters before calling strtod and then
 * silently skips the rest, so a longer number would come out wrong; we reject it instead.
 */
#define MAX_NUMBER_CHARS 63

#define MAX_LISTED (GW_MAX_ERRORS * 10) /* errors of one file kept as diagnostics */
#define SHOW_MAX 40 /* bytes of a token quoted in a message */
#define QUOTE_MAX 60 /* code points of a key quoted in a message */
#define HINT_MAX_CHARS 64 /* longest name (code points) gw_did_you_mean compares */

/* One JSON value, in document (pre-)order. */
typedef struct node {
	uint32_t off; /* byte offset of the value's first character */
	uint32_t key_off; /* byte offset of its key's opening quote; NO_KEY if not a member */
	int32_t parent; /* node of the enclosing array or object, -1 for the root */
	uint32_t index; /* 0-based position among the parent's members or elements */
} node;

/* Maps a cJSON item to its node; the array is sorted by item. */
typedef struct item_ref {
	uintptr_t item; /* the cJSON item's address */
	uint32_t node; /* index into gw_json.nodes */
} item_ref;

struct gw_json {
	char *name; /* file name for messages */
	char *src; /* the file's bytes plus a NUL at src[len] */
	size_t len; /* bytes in src, without the NUL */
	uint32_t *lines; /* byte offset of each line's first column (line 1 skips a BOM) */
	size_t nlines; /* entries in lines, >= 1 */
	uint64_t *starts; /* bit k set when byte k starts a column (a code point or bad byte) */
	uint32_t *cum; /* columns starting before byte 64 * w, for each word w of starts */
	node *nodes; /* every value, in document order */
	size_t nnodes; /* entries used in nodes */
	size_t capnodes; /* entries allocated in nodes */
	item_ref *refs; /* one per node, sorted by item; NULL until the tree is indexed */
	cJSON *root; /* the tree; NULL until parsed */
	const gw_rt *rt; /* the runtime of the context that loaded it (borrowed), or NULL */
};

/* === Positions ============================================================================ */

/*
 * Builds the line table and the column bitmap of j->src. start is where line 1's first
 * column is (3 after a UTF-8 byte order mark, else 0).
 */
static void index_positions(gw_json *j, size_t start)
{
	const unsigned char *s = (const unsigned char *)j->src;
	size_t n = j->len, words = (n >> 6) + 1, nl = 1;
	for (size_t i = 0; i < n; i++)
		nl += s[i] == '\n';
	j->lines = gw_xmalloc(nl * sizeof *j->lines);
	j->lines[0] = (uint32_t)start;
	j->nlines = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			j->lines[j->nlines++] = (uint32_t)(i + 1);

	/* Columns start where gw_utf8_count would count one: at each valid sequence and at
	 * each byte it cannot decode. A '\n' is always such a start, so counting from the
	 * start of the file and from a line start agree. */
	j->starts = gw_xcalloc(words, sizeof *j->starts);
	j->cum = gw_xcalloc(words, sizeof *j->cum);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = gw_utf8_decode(s + i, n - i, &cp);
		j->starts[i >> 6] |= (uint64_t)1 << (i & 63);
		i += k ? (size_t)k : 1;
	}
	uint32_t run = 0;
	for (size_t w = 0; w < words; w++) {
		j->cum[w] = run;
		run += (uint32_t)__builtin_popcountll(j->starts[w]);
	}
}

/*
 * Number of columns that start before byte off.
 */
static uint32_t columns_before(const gw_json *j, size_t off)
{
	size_t w = off >> 6;
	uint64_t below = ((uint64_t)1 << (off & 63)) - 1;
	return j->cum[w] + (uint32_t)__builtin_popcountll(j->starts[w] & below);
}

/*
 * Line and column of byte off (off == len is the end of the file).
 */
static gw_srcpos pos_of(const gw_json *j, size_t off)
{
	gw_srcpos p = {1, 1};
	if (off > j->len)
		off = j->len;
	if (off < j->lines[0])
		return p;
	size_t lo = 0, hi = j->nlines - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (j->lines[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	p.line = (uint32_t)lo + 1;
	p.col = 1 + columns_before(j, off) - columns_before(j, j->lines[lo]);
	return p;
}

/* === Strings ============================================================================== */

/* Value of hex digit c, or -1. */
static int hexval(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/*
 * Reads four hex digits at s[p..p+4) into *out. Returns 1, or 0 when they are not there.
 */
static int hex4(const unsigned char *s, size_t n, size_t p, uint32_t *out)
{
	uint32_t v = 0;
	if (p + 4 > n)
		return 0;
	for (int k = 0; k < 4; k++) {
		int h = hexval(s[p + (size_t)k]);
		if (h < 0)
			return 0;
		v = v << 4 | (uint32_t)h;
	}
	*out = v;
	return 1;
}

/* How string_char treats what the scanner rejects: keep it distinct, or make it printable. */
enum { RAW, SAFE };

/*
 * Decodes the string-literal character at s[p] (inside the quotes, not the closing one):
 * stores its UTF-8 bytes in out (4 bytes) and their count in *outlen, and returns the
 * number of source bytes it spans. RFC 8259 section 7: the two-character escapes, \uXXXX,
 * and a surrogate pair written as two \u escapes, which decodes to one 4-byte character.
 * What only a rejected file holds: RAW keeps invalid bytes, \u0000 and lone surrogates
 * distinct (for duplicate-key checks), SAFE turns them into U+FFFD (for messages); an
 * invalid escape decodes to its backslash.
 */
static size_t string_char(const unsigned char *s, size_t n, size_t p, int mode, char *out,
                          int *outlen)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	unsigned c = s[p];
	if (c == '\\' && p + 1 < n) {
		unsigned e = s[p + 1];
		const char *hit = e ? strchr(from, (int)e) : NULL;
		uint32_t cp, lo;
		if (hit) {
			out[0] = to[hit - from];
			*outlen = 1;
			return 2;
		}
		if (e == 'u' && hex4(s, n, p + 2, &cp)) {
			if (cp >= 0xD800 && cp <= 0xDBFF && p + 12 <= n && s[p + 6] == '\\' &&
			    s[p + 7] == 'u' && hex4(s, n, p + 8, &lo) && lo >= 0xDC00 &&
			    lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				*outlen = gw_utf8_encode(cp, out);
				return 12;
			}
			if (mode == SAFE && (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)))
				cp = 0xFFFD;
			*outlen = gw_utf8_encode(cp, out);
			return 6;
		}
	} else if (c >= 0x80) {
		uint32_t cp;
		int k = gw_utf8_decode(s + p, n - p, &cp);
		if (k) {
			memcpy(out, s + p, (size_t)k);
			*outlen = k;
			return (size_t)k;
		}
		if (mode == SAFE) {
			*outlen = gw_utf8_encode(0xFFFD, out);
			return 1;
		}
	}
	out[0] = (char)c;
	*outlen = 1;
	return 1;
}

/*
 * Appends the decoded text of the string literal whose opening quote is at s[q] to b.
 */
static void decode_string(const unsigned char *s, size_t n, size_t q, int mode, gw_buf *b)
{
	char ch[4];
	int k;
	for (size_t p = q + 1; p < n && s[p] != '"';) {
		p += string_char(s, n, p, mode, ch, &k);
		gw_buf_put(b, ch, (size_t)k);
	}
}

/*
 * Returns s[0..n) as a double-quoted string for messages, malloc'ed: quotes, backslashes
 * and control characters escaped as in JSON, invalid UTF-8 as U+FFFD, cut after QUOTE_MAX
 * code points with "...".
 */
static char *quoted(const char *s, size_t n)
{
	gw_buf b = {0};
	const unsigned char *u = (const unsigned char *)s;
	size_t shown = 0;
	gw_buf_putc(&b, '"');
	for (size_t i = 0; i < n; shown++) {
		uint32_t cp;
		int k = gw_utf8_decode(u + i, n - i, &cp);
		if (shown == QUOTE_MAX) {
			gw_buf_puts(&b, "...");
			break;
		}
		if (!k) {
			gw_buf_puts(&b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			gw_buf_printf(&b, "\\%c", (char)cp);
		else if (cp == '\n')
			gw_buf_puts(&b, "\\n");
		else if (cp == '\t')
			gw_buf_puts(&b, "\\t");
		else if (cp == '\r')
			gw_buf_puts(&b, "\\r");
		else if (cp < 0x20 || cp == 0x7F)
			gw_buf_printf(&b, "\\u%04X", (unsigned)cp);
		else
			gw_buf_put(&b, u + i, (size_t)k);
		i += (size_t)k;
	}
	gw_buf_putc(&b, '"');
	return gw_buf_take(&b);
}

/*
 * Copies token s[0..n) (ASCII) into out (SHOW_MAX + 4 bytes), cut with "..." when longer.
 */
static void show_token(char *out, const unsigned char *s, size_t n)
{
	size_t k = n > SHOW_MAX ? SHOW_MAX : n;
	memcpy(out, s, k);
	strcpy(out + k, n > SHOW_MAX ? "..." : "");
}

/* === JSON pointers (RFC 6901) ============================================================ */

/*
 * Appends "/" and one reference token: '~' as "~0" and '/' as "~1" (RFC 6901 section 3).
 */
static void put_token(gw_buf *b, const char *s, size_t n)
{
	gw_buf_putc(b, '/');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '~')
			gw_buf_puts(b, "~0");
		else if (s[i] == '/')
			gw_buf_puts(b, "~1");
		else
			gw_buf_putc(b, s[i]);
	}
}

/*
 * Returns the JSON pointer of node k, malloc'ed: "" for the root and for k < 0. Keys are
 * decoded from the source (SAFE), array indices written in decimal (RFC 6901 section 4).
 */
static char *node_pointer(const gw_json *j, int32_t k)
{
	int32_t chain[GW_MAX_NESTING + 4];
	int depth = 0;
	gw_buf b = {0}, key = {0};
	const unsigned char *s = (const unsigned char *)j->src;
	while (k >= 0 && depth < (int)(sizeof chain / sizeof chain[0])) {
		chain[depth++] = k;
		k = j->nodes[k].parent;
	}
	/* chain[depth - 1] is the root, which adds nothing. */
	for (int i = depth - 2; i >= 0; i--) {
		const node *nd = &j->nodes[chain[i]];
		if (nd->key_off != NO_KEY) {
			key.len = 0;
			decode_string(s, j->len, nd->key_off, SAFE, &key);
			put_token(&b, key.data ? key.data : "", key.len);
		} else {
			gw_buf_printf(&b, "/%u", (unsigned)nd->index);
		}
	}
	gw_buf_free(&key);
	return gw_buf_take(&b);
}

/* === UTF-8 =============================================================================== */

/*
 * Checks the UTF-8 sequence at s[0..n), n >= 1, against RFC 3629 section 4. Returns 0 when
 * it is valid, with its length in *len; else 1, with the length of the bad sequence in *len
 * (the lead byte and the continuation bytes that belong to it) and a message in msg.
 */
static int utf8_bad(const unsigned char *s, size_t n, size_t *len, char *msg, size_t msgsz)
{
	unsigned c = s[0];
	char bytes[24];
	size_t want, k;
	uint32_t v, min;
	if (c < 0x80) {
		*len = 1;
		return 0;
	}
	*len = 1;
	if (c <= 0xBF) {
		snprintf(msg, msgsz, "invalid UTF-8: stray continuation byte 0x%02X", c);
		return 1;
	}
	if (c >= 0xF8) {
		/* RFC 3629 section 1: C0, C1 and F5 to FF never appear; F8 to FF lead nothing. */
		snprintf(msg, msgsz, "invalid UTF-8 byte 0x%02X", c);
		return 1;
	}
	if (c < 0xE0)
		want = 2, v = c & 0x1F, min = 0x80;
	else if (c < 0xF0)
		want = 3, v = c & 0x0F, min = 0x800;
	else
		want = 4, v = c & 0x07, min = 0x10000;
	for (k = 1; k < want && k < n && (s[k] & 0xC0) == 0x80; k++)
		v = v << 6 | (s[k] & 0x3F);
	*len = k;
	if (k == want && v >= min && (v < 0xD800 || v > 0xDFFF) && v <= 0x10FFFF)
		return 0; /* valid: no message to format (issue 14: this runs for every character
		             of a document's text, and printing the bytes cost 6 % of a long one) */
	bytes[0] = 0;
	for (size_t i = 0; i < k; i++)
		snprintf(bytes + strlen(bytes), sizeof bytes - strlen(bytes), "%s0x%02X",
		         i ? " " : "", (unsigned)s[i]);
	if (k < want) {
		if (k == 1 && (c <= 0xC1 || c >= 0xF5))
			snprintf(msg, msgsz, "invalid UTF-8 byte 0x%02X", c);
		else
			snprintf(msg, msgsz, "invalid UTF-8: truncated sequence %s", bytes);
		return 1;
	}
	if (v < min) {
		snprintf(msg, msgsz, "invalid UTF-8: overlong encoding %s of U+%04X", bytes,
		         (unsigned)v);
		return 1;
	}
	if (v >= 0xD800 && v <= 0xDFFF) {
		snprintf(msg, msgsz, "invalid UTF-8: surrogate U+%04X encoded as %s", (unsigned)v,
		         bytes);
		return 1;
	}
	if (v > 0x10FFFF) {
		snprintf(msg, msgsz, "invalid UTF-8: %s encodes U+%X, above U+10FFFF", bytes,
		         (unsigned)v);
		return 1;
	}
	return 0;
}

/* === The scanner ========================================================================= */

typedef struct scan {
	gw_json *j; /* the document being indexed */
	gw_diags *d; /* where errors go */
	const unsigned char *s; /* j->src; s[n] is a NUL */
	size_t n; /* bytes in s */
	size_t i; /* next byte to read */
	int depth; /* arrays and objects open at i */
	int32_t cur; /* node of the value being scanned, -1 outside the root */
	int stopped; /* a syntax error ended the scan */
	int shown; /* the file showed it is JSON (see the top): messages may quote its bytes */
	size_t resume; /* first byte the UTF-8 pass after a syntax error checks */
	size_t errors; /* errors found, listed or not */
	int32_t ptr_node; /* node whose pointer ptr caches, NO_POINTER for none */
	char *ptr; /* cached pointer of ptr_node */
} scan;

/*
 * Adds an error at byte off with the pointer of node k (-1: the root, NO_POINTER: none),
 * unless MAX_LISTED errors have been listed already.
 */
static void vreport(scan *sc, size_t off, int32_t k, const char *fmt, va_list ap)
        __attribute__((format(printf, 4, 0)));
static void vreport(scan *sc, size_t off, int32_t k, const char *fmt, va_list ap)
{
	if (++sc->errors > MAX_LISTED)
		return;
	if (k != NO_POINTER && k != sc->ptr_node) {
		free(sc->ptr);
		sc->ptr = node_pointer(sc->j, k);
		sc->ptr_node = k;
	}
	gw_srcpos p = pos_of(sc->j, off);
	char *msg = gw_xvasprintf(fmt, ap);
	gw_diags_add(sc->d, sc->j->name, p.line, p.col, k == NO_POINTER ? NULL : sc->ptr, "%s",
	             msg);
	free(msg);
}

/* vreport with arguments. */
static void report(scan *sc, size_t off, int32_t k, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static void report(scan *sc, size_t off, int32_t k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(sc, off, k, fmt, ap);
	va_end(ap);
}

/*
 * Reports a syntax error at byte off, at the value being scanned, and stops the scan; the
 * UTF-8 pass resumes at sc->i (every byte before it has been checked).
 */
static void syntax(scan *sc, size_t off, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void syntax(scan *sc, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(sc, off, sc->cur, fmt, ap);
	va_end(ap);
	sc->stopped = 1;
	sc->resume = sc->i;
}

/*
 * Writes into out a hint about the character at s[i] when it is a common slip: a
 * full-width or curly lookalike of JSON punctuation (Chinese input methods type these), a
 * single quote, a comment, a NUL byte. Writes "" otherwise.
 */
static void hint_at(const unsigned char *s, size_t n, size_t i, char *out, size_t outsz)
{
	static const struct {
		uint32_t cp;
		char ascii;
	} look[] = {
	        {0x201C, '"'}, {0x201D, '"'}, {0xFF02, '"'}, {0xFF1A, ':'}, {0xFF0C, ','},
	        {0x3001, ','}, {0xFF5B, '{'}, {0xFF5D, '}'}, {0xFF3B, '['}, {0xFF3D, ']'},
	};
	uint32_t cp;
	int k;
	out[0] = 0;
	if (i >= n)
		return;
	if (s[i] == '\'') {
		snprintf(out, outsz, " (JSON strings need double quotes)");
	} else if (s[i] == '/') {
		snprintf(out, outsz, " (JSON does not allow comments)");
	} else if (s[i] == 0) {
		snprintf(out, outsz, " (found a NUL byte; is the file UTF-16?)");
	} else if (s[i] >= 0x80 && (k = gw_utf8_decode(s + i, n - i, &cp)) != 0) {
		for (size_t m = 0; m < sizeof look / sizeof look[0]; m++)
			if (look[m].cp == cp)
				snprintf(out, outsz, " (found '%.*s' U+%04X; use ASCII '%c')", k,
				         (const char *)s + i, (unsigned)cp, look[m].ascii);
	}
}

/*
 * Reports that the character at sc->i is not what the grammar allows there ("what"), and
 * stops: "unexpected end of file" at the end, the UTF-8 error when the bytes there are not
 * UTF-8, else "what" and a hint.
 */
static void bad_char(scan *sc, const char *what)
{
	char msg[128], hint[96];
	size_t len;
	if (sc->i >= sc->n) {
		syntax(sc, sc->n, "unexpected end of file");
		return;
	}
	if (utf8_bad(sc->s + sc->i, sc->n - sc->i, &len, msg, sizeof msg)) {
		report(sc, sc->i, sc->cur, "%s", sc->shown ? msg : "invalid UTF-8");
		sc->stopped = 1;
		sc->resume = sc->i + len;
		return;
	}
	hint_at(sc->s, sc->n, sc->i, hint, sizeof hint);
	syntax(sc, sc->i, "%s%s", what, hint);
}

/* Skips JSON whitespace: space, tab, line feed, carriage return (RFC 8259 section 2). */
static void skip_ws(scan *sc)
{
	while (sc->i < sc->n) {
		unsigned c = sc->s[sc->i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->i++;
	}
}

/*
 * Appends a node for a value starting at sc->i and returns its index.
 */
static int32_t push_node(scan *sc, uint32_t key_off, uint32_t index)
{
	gw_json *j = sc->j;
	if (j->nnodes == j->capnodes) {
		j->capnodes = j->capnodes ? j->capnodes * 2 : 64;
		j->nodes = gw_xrealloc(j->nodes, j->capnodes * sizeof *j->nodes);
	}
	node *nd = &j->nodes[j->nnodes];
	nd->off = (uint32_t)sc->i;
	nd->key_off = key_off;
	nd->parent = sc->cur;
	nd->index = index;
	return (int32_t)j->nnodes++;
}

/*
 * Scans the escape sequence at sc->i (a backslash) of the string opened at byte open
 * (RFC 8259 section 7). Returns 1 to go on, 0 after a syntax error. \u0000 (cJSON would
 * cut the string there) and lone surrogates (section 8.2: not characters) are errors
 * that do not stop the scan.
 */
static int scan_escape(scan *sc, size_t open)
{
	const unsigned char *s = sc->s;
	size_t b = sc->i, n = sc->n, k;
	uint32_t cp, lo;
	unsigned e;
	if (b + 1 >= n) {
		sc->i = n;
		syntax(sc, open, "unterminated string");
		return 0;
	}
	e = s[b + 1];
	if (e && strchr("\"\\/bfnrt", (int)e)) {
		sc->i = b + 2;
		return 1;
	}
	if (e == 'u') {
		for (k = 0; k < 4 && b + 2 + k < n && hexval(s[b + 2 + k]) >= 0; k++)
			;
		if (k < 4) {
			size_t end = b + 2 + k;
			if (end >= n) {
				sc->i = n;
				syntax(sc, open, "unterminated string");
			} else {
				int shown = s[end] > 0x20 && s[end] < 0x7F && s[end] != '"' &&
				            s[end] != '\\';
				if (sc->shown)
					syntax(sc, b,
					       "invalid escape '\\u%.*s' (expected 4 hex digits)",
					       (int)(k + (size_t)shown), (const char *)s + b + 2);
				else
					syntax(sc, b, "invalid escape (expected 4 hex digits)");
			}
			return 0;
		}
		hex4(s, n, b + 2, &cp);
		sc->i = b + 6;
		if (cp >= 0xD800 && cp <= 0xDBFF && b + 12 <= n && s[b + 6] == '\\' &&
		    s[b + 7] == 'u' && hex4(s, n, b + 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
			sc->i = b + 12;
		else if (cp >= 0xD800 && cp <= 0xDFFF)
			report(sc, b, sc->cur, "lone surrogate %.6s%sin string",
			       sc->shown ? (const char *)s + b : "", sc->shown ? " " : "");
		else if (cp == 0)
			report(sc, b, sc->cur, "\\u0000 (NUL) is not allowed in strings");
		return 1;
	}
	if (!sc->shown) {
		syntax(sc, b, "invalid escape");
	} else if (e >= 0x20 && e < 0x7F) {
		syntax(sc, b, "invalid escape '\\%c'", (char)e);
	} else if (e < 0x80) {
		syntax(sc, b, "invalid escape: '\\' followed by U+%04X", e);
	} else {
		int len = gw_utf8_decode(s + b + 1, n - b - 1, &cp);
		if (len)
			syntax(sc, b, "invalid escape '\\%.*s'", len, (const char *)s + b + 1);
		else
			syntax(sc, b, "invalid escape: '\\' followed by byte 0x%02X", e);
	}
	return 0;
}

/*
 * Scans the string at sc->i (its opening quote), value or key (RFC 8259 section 7):
 * control characters must be escaped, every invalid UTF-8 sequence is an error (that
 * does not stop the scan).
 */
static void scan_string(scan *sc)
{
	const unsigned char *s = sc->s;
	size_t open = sc->i++;
	char msg[128];
	if (sc->depth > 0)
		sc->shown = 1; /* {" or [": JSON */
	for (;;) {
		if (sc->i >= sc->n) {
			sc->i = sc->n;
			syntax(sc, open, "unterminated string");
			return;
		}
		unsigned c = s[sc->i];
		if (c == '"') {
			sc->i++;
			sc->shown = 1;
			return;
		}
		if (c < 0x20) {
			syntax(sc, sc->i, "control character U+%04X in string", c);
			return;
		}
		if (c == '\\') {
			if (!scan_escape(sc, open))
				return;
		} else if (c >= 0x80) {
			size_t len;
			if (utf8_bad(s + sc->i, sc->n - sc->i, &len, msg, sizeof msg))
				report(sc, sc->i, sc->cur, "%s", sc->shown ? msg : "invalid UTF-8");
			sc->i += len;
		} else {
			sc->i++;
		}
	}
}

/* 1 for the characters a number token runs over (more than the grammar, for messages). */
static int number_char(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '.' || c == '+' || c == '-';
}

/*
 * 1 when s[a..b) is a number per RFC 8259 section 6:
 * [ minus ] int [ frac ] [ exp ], int = zero / ( digit1-9 *DIGIT ), frac = "." 1*DIGIT,
 * exp = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT.
 */
static int number_ok(const unsigned char *s, size_t a, size_t b)
{
#define DIGIT(p) ((p) < b && s[p] >= '0' && s[p] <= '9')
	size_t p = a;
	if (p < b && s[p] == '-')
		p++;
	if (p < b && s[p] == '0') {
		p++;
	} else if (DIGIT(p)) {
		while (DIGIT(p))
			p++;
	} else {
		return 0;
	}
	if (p < b && s[p] == '.') {
		p++;
		if (!DIGIT(p))
			return 0;
		while (DIGIT(p))
			p++;
	}
	if (p < b && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (p < b && (s[p] == '+' || s[p] == '-'))
			p++;
		if (!DIGIT(p))
			return 0;
		while (DIGIT(p))
			p++;
	}
	return p == b;
#undef DIGIT
}

/*
 * Converts number s[0..n) (n <= MAX_NUMBER_CHARS) the way cJSON does: strtod with '.'
 * replaced by the locale's decimal point.
 */
static double number_value(const unsigned char *s, size_t n)
{
	char buf[MAX_NUMBER_CHARS + 1];
	const struct lconv *lc = localeconv();
	char point = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	for (size_t i = 0; i < n; i++)
		buf[i] = s[i] == '.' ? point : (char)s[i];
	buf[n] = 0;
	return strtod(buf, NULL);
}

/* 1 when the number s[0..n) is not zero: a digit other than 0 before its exponent. */
static int nonzero_literal(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i] != 'e' && s[i] != 'E'; i++)
		if (s[i] >= '1' && s[i] <= '9')
			return 1;
	return 0;
}

/*
 * Scans the number at sc->i. A malformed one is a syntax error; one that is too long for
 * cJSON, not finite as a double (1e400), or not zero but closer to 0 than the smallest
 * normal double (1e-400 would read as 0, 1e-310 as a subnormal that loses digits) is an
 * error that does not stop the scan: underflow is refused like overflow, so no number
 * silently becomes another.
 */
static void scan_number(scan *sc)
{
	const unsigned char *s = sc->s;
	size_t a = sc->i, b = a;
	char shown[SHOW_MAX + 4];
	while (b < sc->n && number_char(s[b]))
		b++;
	sc->i = b;
	show_token(shown, s + a, b - a);
	if (!number_ok(s, a, b)) {
		if (sc->shown)
			syntax(sc, a, "invalid number '%s'", shown);
		else
			syntax(sc, a, "invalid number");
	} else if (b - a > MAX_NUMBER_CHARS) {
		report(sc, a, sc->cur, "number %s%sis too long (more than %d characters)",
		       sc->shown ? shown : "", sc->shown ? " " : "", MAX_NUMBER_CHARS);
	} else {
		double v = number_value(s + a, b - a);
		if (!isfinite(v))
			report(sc, a, sc->cur, "number %s%sis out of range", sc->shown ? shown : "",
			       sc->shown ? " " : "");
		else if (fabs(v) < DBL_MIN && nonzero_literal(s + a, b - a))
			report(sc, a, sc->cur,
			       "number %s%sis out of range (too close to 0: a number other than 0 "
			       "is at least %.17g in magnitude)",
			       sc->shown ? shown : "", sc->shown ? " " : "", DBL_MIN);
	}
}

static int same_ignoring_case(const char *a, const char *b);

/*
 * Scans the word at sc->i, which starts with a letter: true, false or null (RFC 8259
 * section 3, lower case only); anything else is a syntax error.
 */
static void scan_literal(scan *sc)
{
	static const char *const words[] = {"true", "false", "null", NULL};
	const unsigned char *s = sc->s;
	size_t a = sc->i, b = a;
	char word[SHOW_MAX + 4], hint[64];
	while (b < sc->n && ((s[b] >= 'a' && s[b] <= 'z') || (s[b] >= 'A' && s[b] <= 'Z') ||
	                     (s[b] >= '0' && s[b] <= '9') || s[b] == '_'))
		b++;
	sc->i = b;
	for (int w = 0; words[w]; w++)
		if (b - a == strlen(words[w]) && memcmp(s + a, words[w], b - a) == 0)
			return;
	show_token(word, s + a, b - a);
	const char *near = gw_did_you_mean(word, words);
	if (near)
		snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
	else if (same_ignoring_case(word, "nan") || same_ignoring_case(word, "infinity"))
		snprintf(hint, sizeof hint, " (JSON has no NaN or infinity)");
	else if (!sc->shown && sc->depth == 0)
		snprintf(hint, sizeof hint, " (this file is not JSON)");
	else
		snprintf(hint, sizeof hint, " (strings need double quotes)");
	if (sc->shown)
		syntax(sc, a, "invalid literal '%s'%s", word, hint);
	else
		syntax(sc, a, "invalid literal%s", hint);
}

static void scan_value(scan *sc, uint32_t key_off, uint32_t index);

/* A decoded key of an object, for the duplicate check. */
typedef struct key_ref {
	const char *p; /* decoded bytes (RAW) */
	size_t len; /* bytes at p */
	int32_t node; /* the member's node */
} key_ref;

/* Orders keys by bytes, then by document order. */
static int key_cmp(const void *x, const void *y)
{
	const key_ref *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->p, b->p, n) : 0;
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return (a->node > b->node) - (a->node < b->node);
}

/*
 * Reports every member of an object whose key equals an earlier member's key (RFC 8259
 * section 4: names SHOULD be unique; cJSON keeps both and finds only the first), at the
 * later key. members are the object's member nodes in document order.
 */
static void check_duplicates(scan *sc, const int32_t *members, size_t count)
{
	gw_json *j = sc->j;
	gw_buf all = {0};
	size_t *at;
	key_ref *keys;
	if (count < 2)
		return;
	at = gw_xmalloc(count * sizeof *at);
	keys = gw_xmalloc(count * sizeof *keys);
	for (size_t m = 0; m < count; m++) {
		at[m] = all.len;
		decode_string(sc->s, sc->n, j->nodes[members[m]].key_off, RAW, &all);
	}
	for (size_t m = 0; m < count; m++) {
		keys[m].p = all.data ? all.data + at[m] : "";
		keys[m].len = (m + 1 < count ? at[m + 1] : all.len) - at[m];
		keys[m].node = members[m];
	}
	qsort(keys, count, sizeof *keys, key_cmp);
	size_t first = 0;
	for (size_t m = 1; m < count; m++) {
		if (keys[m].len != keys[first].len ||
		    (keys[m].len && memcmp(keys[m].p, keys[first].p, keys[m].len) != 0)) {
			first = m;
			continue;
		}
		gw_srcpos p = pos_of(j, j->nodes[keys[first].node].key_off);
		char *q = quoted(keys[m].p, keys[m].len);
		report(sc, j->nodes[keys[m].node].key_off, keys[m].node,
		       "duplicate key %s (first at %u:%u)", q, (unsigned)p.line, (unsigned)p.col);
		free(q);
	}
	free(keys);
	free(at);
	gw_buf_free(&all);
}

/*
 * Scans the object at sc->i (RFC 8259 section 4):
 * begin-object [ member *( value-separator member ) ] end-object,
 * member = string name-separator value. Checks its keys for duplicates even when a syntax
 * error ends it early.
 */
static void scan_object(scan *sc)
{
	int32_t *members = NULL;
	size_t count = 0, cap = 0;
	size_t comma = 0;
	sc->i++;
	skip_ws(sc);
	if (sc->i < sc->n && sc->s[sc->i] == '}') {
		sc->i++;
		return;
	}
	for (;;) {
		if (sc->i >= sc->n || sc->s[sc->i] != '"') {
			bad_char(sc, count ? "expected a string key after ','"
			                   : "expected a string key or '}' after '{'");
			break;
		}
		size_t key_off = sc->i;
		scan_string(sc);
		if (sc->stopped)
			break;
		skip_ws(sc);
		if (sc->i >= sc->n || sc->s[sc->i] != ':') {
			bad_char(sc, "expected ':' after object key");
			break;
		}
		sc->i++;
		skip_ws(sc);
		if (count == cap) {
			cap = cap ? cap * 2 : 8;
			members = gw_xrealloc(members, cap * sizeof *members);
		}
		members[count] = (int32_t)sc->j->nnodes; /* the node scan_value adds */
		scan_value(sc, (uint32_t)key_off, (uint32_t)count);
		count++;
		if (sc->stopped)
			break;
		skip_ws(sc);
		if (sc->i < sc->n && sc->s[sc->i] == ',') {
			comma = sc->i++;
			skip_ws(sc);
			if (sc->i < sc->n && sc->s[sc->i] == '}') {
				syntax(sc, comma, "trailing comma");
				break;
			}
			continue;
		}
		if (sc->i < sc->n && sc->s[sc->i] == '}') {
			sc->i++;
			break;
		}
		bad_char(sc, "expected ',' or '}' after object member");
		break;
	}
	check_duplicates(sc, members, count);
	free(members);
}

/*
 * Scans the array at sc->i (RFC 8259 section 5):
 * begin-array [ value *( value-separator value ) ] end-array.
 */
static void scan_array(scan *sc)
{
	uint32_t count = 0;
	sc->i++;
	skip_ws(sc);
	if (sc->i < sc->n && sc->s[sc->i] == ']') {
		sc->i++;
		return;
	}
	for (;;) {
		scan_value(sc, NO_KEY, count++);
		if (sc->stopped)
			return;
		skip_ws(sc);
		if (sc->i < sc->n && sc->s[sc->i] == ',') {
			size_t comma = sc->i++;
			sc->shown = 1; /* [value, : JSON */
			skip_ws(sc);
			if (sc->i < sc->n && sc->s[sc->i] == ']') {
				syntax(sc, comma, "trailing comma");
				return;
			}
			continue;
		}
		if (sc->i < sc->n && sc->s[sc->i] == ']') {
			sc->i++;
			return;
		}
		bad_char(sc, "expected ',' or ']' after array element");
		return;
	}
}

/*
 * Scans one value at sc->i (RFC 8259 section 3), recording its node first; key_off and
 * index say where it sits in its parent. Arrays and objects deeper than GW_MAX_NESTING
 * are an error (the root is level 1).
 */
static void scan_value(scan *sc, uint32_t key_off, uint32_t index)
{
	int32_t outer = sc->cur;
	unsigned c = sc->i < sc->n ? sc->s[sc->i] : 0;
	sc->cur = push_node(sc, key_off, index);
	if (c == '{' || c == '[') {
		if (sc->depth == GW_MAX_NESTING) {
			syntax(sc, sc->i, "nesting deeper than %d levels", GW_MAX_NESTING);
		} else {
			sc->depth++;
			if (c == '{')
				scan_object(sc);
			else
				scan_array(sc);
			sc->depth--;
		}
	} else if (c == '"') {
		scan_string(sc);
	} else if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
		scan_number(sc);
	} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		scan_literal(sc);
	} else {
		bad_char(sc, "expected a value");
	}
	sc->cur = outer;
}

/*
 * After a syntax error: reports every invalid UTF-8 sequence from sc->resume to the end
 * (RFC 3629), without a pointer.
 */
static void utf8_tail(scan *sc)
{
	char msg[128];
	for (size_t p = sc->resume; p < sc->n;) {
		size_t len;
		if (utf8_bad(sc->s + p, sc->n - p, &len, msg, sizeof msg))
			report(sc, p, NO_POINTER, "%s", msg);
		p += len;
	}
}

/*
 * Scans the whole text: ws value ws (RFC 8259 section 2).
 */
static void scan_document(scan *sc)
{
	skip_ws(sc);
	if (sc->i >= sc->n) {
		syntax(sc, sc->n, "file contains no JSON value");
		return;
	}
	scan_value(sc, NO_KEY, 0);
	if (!sc->stopped) {
		skip_ws(sc);
		if (sc->i < sc->n)
			bad_char(sc, "unexpected text after the JSON value");
	}
	if (sc->stopped && sc->shown)
		utf8_tail(sc);
}

/* === The cJSON tree ====================================================================== */

/* Orders item_refs by item. */
static int ref_cmp(const void *x, const void *y)
{
	const item_ref *a = x, *b = y;
	return (a->item > b->item) - (a->item < b->item);
}

/* 1 when cJSON's item has the type that the source character c starts. */
static int kind_matches(const cJSON *item, unsigned c)
{
	if (cJSON_IsObject(item))
		return c == '{';
	if (cJSON_IsArray(item))
		return c == '[';
	if (cJSON_IsString(item))
		return c == '"';
	if (cJSON_IsNumber(item))
		return c == '-' || (c >= '0' && c <= '9');
	if (cJSON_IsTrue(item))
		return c == 't';
	if (cJSON_IsFalse(item))
		return c == 'f';
	if (cJSON_IsNull(item))
		return c == 'n';
	return 0;
}

/*
 * Pairs item and its descendants, in pre-order, with the nodes from *k on. Returns 0 when
 * the two disagree (a bug: the scanner and cJSON read the text differently). Reports
 * numbers that cJSON made infinite (the scanner should have caught them already).
 */
static int walk(gw_json *j, const cJSON *item, size_t *k, gw_diags *d)
{
	const unsigned char *s = (const unsigned char *)j->src;
	size_t idx = *k;
	if (idx >= j->nnodes || !kind_matches(item, s[j->nodes[idx].off]))
		return 0;
	if ((item->string != NULL) != (j->nodes[idx].key_off != NO_KEY))
		return 0;
	j->refs[idx].item = (uintptr_t)item;
	j->refs[idx].node = (uint32_t)idx;
	(*k)++;
	if (cJSON_IsNumber(item) && !isfinite(item->valuedouble)) {
		size_t a = j->nodes[idx].off, b = a;
		char shown[SHOW_MAX + 4];
		while (b < j->len && number_char(s[b]))
			b++;
		show_token(shown, s + a, b - a);
		gw_srcpos p = pos_of(j, a);
		char *ptr = node_pointer(j, (int32_t)idx);
		gw_diags_add(d, j->name, p.line, p.col, ptr, "number %s is out of range", shown);
		free(ptr);
	}
	for (const cJSON *c = item->child; c; c = c->next)
		if (!walk(j, c, k, d))
			return 0;
	return 1;
}

/*
 * Parses j->src (which the scanner accepted) with cJSON and pairs its items with the
 * nodes. Returns 1, or 0 after adding an error.
 */
static int build_tree(gw_json *j, size_t start, gw_diags *d)
{
	size_t k = 0;
	int from = d->n;
	/* The length counts the NUL: with require_null_terminated = 1 cJSON checks that the
	 * byte after the value (and whitespace) is a NUL inside the buffer. */
	j->root = cJSON_ParseWithLengthOpts(j->src + start, j->len - start + 1, NULL, 1);
	if (!j->root) {
		gw_diags_add(d, j->name, 0, 0, NULL, "internal error: cJSON rejected the file");
		return 0;
	}
	j->refs = gw_xcalloc(j->nnodes, sizeof *j->refs);
	int ok = walk(j, j->root, &k, d) && k == j->nnodes;
	assert(ok);
	if (!ok) {
		gw_diags_add(d, j->name, 0, 0, NULL,
		             "internal error: cJSON and the scanner disagree about the file");
		return 0;
	}
	if (d->n != from)
		return 0;
	qsort(j->refs, j->nnodes, sizeof *j->refs, ref_cmp);
	return 1;
}

/*
 * Index of item's node, or -1 when item is not in j's tree.
 */
static int32_t find_node(const gw_json *j, const cJSON *item)
{
	item_ref key, *hit;
	if (!j || !item || !j->refs)
		return -1;
	key.item = (uintptr_t)item;
	key.node = 0;
	hit = bsearch(&key, j->refs, j->nnodes, sizeof *j->refs, ref_cmp);
	return hit ? (int32_t)hit->node : -1;
}

/* === Loading ============================================================================= */

/* A diagnostic and the order it was added in, for a stable sort. */
typedef struct diag_seq {
	gw_diag g; /* the diagnostic (its strings move with it) */
	int seq; /* 0-based order of addition */
} diag_seq;

/* Orders diagnostics by line, column, then the order they were added. */
static int diag_cmp(const void *x, const void *y)
{
	const diag_seq *a = x, *b = y;
	if (a->g.line != b->g.line)
		return a->g.line < b->g.line ? -1 : 1;
	if (a->g.col != b->g.col)
		return a->g.col < b->g.col ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * Sorts d->v[from..n) by position (errors without one first), keeping the order of equal
 * positions: duplicate keys are found when their object closes, after what it contains.
 */
static void sort_diags(gw_diags *d, int from)
{
	int k = d->n - from;
	if (k < 2)
		return;
	diag_seq *t = gw_xmalloc((size_t)k * sizeof *t);
	for (int i = 0; i < k; i++) {
		t[i].g = d->v[from + i];
		t[i].seq = i;
	}
	qsort(t, (size_t)k, sizeof *t, diag_cmp);
	for (int i = 0; i < k; i++)
		d->v[from + i] = t[i].g;
	free(t);
}

/* Adds the error for a file over max bytes. */
static void too_big(const char *name, size_t max, gw_diags *d)
{
	if (max % (1u << 20) == 0)
		gw_diags_add(d, name, 0, 0, NULL, "file is larger than %zu MiB", max >> 20);
	else
		gw_diags_add(d, name, 0, 0, NULL, "file is larger than %zu bytes", max);
}

/*
 * Checks and parses buf[0..len) (malloc'ed, buf[len] a NUL), taking ownership of buf.
 */
static gw_json *parse_owned(char *buf, size_t len, const char *name, gw_diags *d)
{
	const unsigned char *s = (const unsigned char *)buf;
	gw_json *j = gw_xcalloc(1, sizeof *j);
	int from = d->n;
	size_t start = 0;
	j->name = gw_xstrdup(name ? name : "<input>");
	j->src = buf;
	j->len = len;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		gw_diags_add(d, j->name, 0, 0, NULL,
		             "file starts with a UTF-16 byte order mark; save it as UTF-8");
		gw_json_drop(j);
		return NULL;
	}
	/* RFC 8259 section 8.1: a parser MAY ignore a leading byte order mark. */
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		start = 3;
	index_positions(j, start);

	scan sc = {0};
	sc.j = j;
	sc.d = d;
	sc.s = s;
	sc.n = len;
	sc.i = start;
	sc.cur = -1;
	sc.ptr_node = NO_POINTER;
	scan_document(&sc);
	free(sc.ptr);
	if (sc.errors) {
		if (sc.errors > MAX_LISTED)
			gw_diags_add(d, j->name, 0, 0, NULL,
			             "too many errors (%zu); only the first %d are listed",
			             sc.errors, MAX_LISTED);
		sort_diags(d, from);
		gw_json_drop(j);
		return NULL;
	}
	if (!build_tree(j, start, d)) {
		gw_json_drop(j);
		return NULL;
	}
	return j;
}

/*
 * Reads and loads the file at path. Returns the document, or NULL after adding errors to d.
 */
gw_json *gw_json_load(const char *path, const char *name, gw_diags *d)
{
	return gw_json_load_max(path, name, GW_MAX_FILE_BYTES, d);
}

/* gw_json_load for a file of at most max bytes. */
gw_json *gw_json_load_max(const char *path, const char *name, size_t max, gw_diags *d)
{
	size_t len = 0;
	if (max == 0 || max > GW_MAX_FILE_BYTES)
		max = GW_MAX_FILE_BYTES;
	char *buf = gw_read_file(path, max, &len);
	if (!name)
		name = path;
	if (!buf) {
		if (errno == EFBIG)
			too_big(name, max, d);
		else
			gw_diags_add(d, name, 0, 0, NULL, "cannot read file: %s", strerror(errno));
		return NULL;
	}
	return parse_owned(buf, len, name, d);
}

/*
 * Loads a copy of bytes[0..len). Returns the document, or NULL after adding errors to d.
 */
gw_json *gw_json_parse(const char *bytes, size_t len, const char *name, gw_diags *d)
{
	return gw_json_parse_max(bytes, len, name, GW_MAX_FILE_BYTES, d);
}

/* gw_json_parse for at most max bytes. */
gw_json *gw_json_parse_max(const char *bytes, size_t len, const char *name, size_t max, gw_diags *d)
{
	if (max == 0 || max > GW_MAX_FILE_BYTES)
		max = GW_MAX_FILE_BYTES;
	if (len > max) {
		too_big(name ? name : "<input>", max, d);
		return NULL;
	}
	char *buf = gw_xmalloc(len + 1);
	if (len)
		memcpy(buf, bytes, len);
	buf[len] = 0;
	return parse_owned(buf, len, name, d);
}

void gw_json_set_rt(gw_json *j, const gw_rt *rt)
{
	if (j)
		j->rt = rt;
}

const gw_rt *gw_json_rt(const gw_json *j)
{
	return j ? j->rt : NULL;
}

/*
 * Frees j and its tree (NULL is fine).
 */
void gw_json_drop(gw_json *j)
{
	if (!j)
		return;
	cJSON_Delete(j->root);
	free(j->name);
	free(j->src);
	free(j->lines);
	free(j->starts);
	free(j->cum);
	free(j->nodes);
	free(j->refs);
	free(j);
}

/* === Queries ============================================================================= */

/* The root value, borrowed. */
const cJSON *gw_json_root(const gw_json *j)
{
	return j ? j->root : NULL;
}

/* The name used in messages, borrowed. */
const char *gw_json_name(const gw_json *j)
{
	return j ? j->name : NULL;
}

/*
 * Position of item's first character; {0, 0} when item is not in j's tree.
 */
gw_srcpos gw_json_pos(const gw_json *j, const cJSON *item)
{
	gw_srcpos none = {0, 0};
	int32_t k = find_node(j, item);
	return k < 0 ? none : pos_of(j, j->nodes[k].off);
}

/*
 * Position of the key's opening quote for an object member, else of the value;
 * {0, 0} when item is not in j's tree.
 */
gw_srcpos gw_json_key_pos(const gw_json *j, const cJSON *item)
{
	gw_srcpos none = {0, 0};
	int32_t k = find_node(j, item);
	if (k < 0)
		return none;
	const node *nd = &j->nodes[k];
	return pos_of(j, nd->key_off != NO_KEY ? nd->key_off : nd->off);
}

/*
 * Position of the source character that produced byte `offset` of string item's decoded
 * value: walks the literal from its opening quote, decoding escapes (a surrogate pair is
 * one 4-byte character), until the decoded length passes offset. An offset inside a
 * character gives that character; one at or past the end gives the closing quote. For a
 * non-string item: its position. {0, 0} when item is not in j's tree.
 */
gw_srcpos gw_json_text_pos(const gw_json *j, const cJSON *item, size_t offset)
{
	gw_srcpos none = {0, 0};
	int32_t k = find_node(j, item);
	if (k < 0)
		return none;
	const unsigned char *s = (const unsigned char *)j->src;
	size_t p = j->nodes[k].off, decoded = 0;
	if (s[p] != '"')
		return pos_of(j, p);
	for (p++; p < j->len && s[p] != '"';) {
		char ch[4];
		int len;
		size_t used = string_char(s, j->len, p, RAW, ch, &len);
		if (offset < decoded + (size_t)len)
			break;
		decoded += (size_t)len;
		p += used;
	}
	return pos_of(j, p);
}

/*
 * JSON pointer of item (RFC 6901), malloc'ed: "" for the root and for an item not in j.
 */
char *gw_json_pointer(const gw_json *j, const cJSON *item)
{
	int32_t k = find_node(j, item);
	return k < 0 ? gw_xstrdup("") : node_pointer(j, k);
}

/*
 * Adds a diagnostic of severity sev at item's value (at_key = 0) or key, with its pointer;
 * without position or pointer when item is not in j's tree.
 */
static void vdiag(const gw_json *j, gw_diags *d, gw_severity sev, const cJSON *item, int at_key,
                  const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vdiag(const gw_json *j, gw_diags *d, gw_severity sev, const cJSON *item, int at_key,
                  const char *fmt, va_list ap)
{
	int32_t k = find_node(j, item);
	gw_srcpos p = {0, 0};
	char *ptr = NULL, *msg = gw_xvasprintf(fmt, ap);
	if (k >= 0) {
		p = at_key ? gw_json_key_pos(j, item) : pos_of(j, j->nodes[k].off);
		ptr = node_pointer(j, k);
	}
	if (sev == GW_SEV_WARNING)
		gw_diags_warn(d, j ? j->name : NULL, p.line, p.col, ptr, "%s", msg);
	else if (sev == GW_SEV_NOTE)
		gw_diags_note(d, j ? j->name : NULL, p.line, p.col, ptr, "%s", msg);
	else
		gw_diags_add(d, j ? j->name : NULL, p.line, p.col, ptr, "%s", msg);
	free(ptr);
	free(msg);
}

/* Adds an error at item (see json.h). */
void gw_json_error(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                   ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(j, d, GW_SEV_ERROR, item, at_key, fmt, ap);
	va_end(ap);
}

/* Adds a warning at item, as gw_json_error adds an error. */
void gw_json_warning(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                     ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(j, d, GW_SEV_WARNING, item, at_key, fmt, ap);
	va_end(ap);
}

/* Adds a note (json.h). */
void gw_json_note(const gw_json *j, gw_diags *d, const cJSON *item, int at_key, const char *fmt,
                  ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(j, d, GW_SEV_NOTE, item, at_key, fmt, ap);
	va_end(ap);
}

/*
 * Reports each member of obj whose key is not in allowed, at the key, with a
 * "did you mean" hint from gw_did_you_mean. Returns the number of errors added.
 */
int gw_json_check_keys(const gw_json *j, gw_diags *d, const cJSON *obj, const char *const *allowed)
{
	int errors = 0;
	if (!cJSON_IsObject(obj))
		return 0;
	for (const cJSON *m = obj->child; m; m = m->next) {
		int known = 0;
		if (!m->string)
			continue;
		for (size_t a = 0; allowed && allowed[a]; a++)
			if (strcmp(allowed[a], m->string) == 0)
				known = 1;
		if (known)
			continue;
		const char *near = gw_did_you_mean(m->string, allowed);
		char *q = quoted(m->string, strlen(m->string));
		if (near) {
			char *qn = quoted(near, strlen(near));
			gw_json_error(j, d, m, 1, "unknown key %s (did you mean %s?)", q, qn);
			free(qn);
		} else {
			gw_json_error(j, d, m, 1, "unknown key %s", q);
		}
		free(q);
		errors++;
	}
	return errors;
}

/*
 * Decodes s into at most max code points at out (an invalid byte is U+FFFD). Returns the
 * count, or max + 1 when s is longer.
 */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), count = 0;
	for (size_t i = 0; i < n; count++) {
		uint32_t cp;
		int k = gw_utf8_decode(u + i, n - i, &cp);
		if (count == max)
			return max + 1;
		out[count] = cp;
		i += k ? (size_t)k : 1;
	}
	return count;
}

/*
 * Levenshtein distance between a[0..na) and b[0..nb) (nb <= HINT_MAX_CHARS): insertions,
 * deletions and substitutions of code points each cost 1.
 */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t row[HINT_MAX_CHARS + 1], next[HINT_MAX_CHARS + 1];
	for (size_t y = 0; y <= nb; y++)
		row[y] = y;
	for (size_t x = 1; x <= na; x++) {
		next[0] = x;
		for (size_t y = 1; y <= nb; y++) {
			size_t best = row[y - 1] + (a[x - 1] != b[y - 1]);
			if (row[y] + 1 < best)
				best = row[y] + 1;
			if (next[y - 1] + 1 < best)
				best = next[y - 1] + 1;
			next[y] = best;
		}
		memcpy(row, next, (nb + 1) * sizeof row[0]);
	}
	return row[nb];
}

/* 1 when a and b are equal ignoring ASCII case. */
static int same_ignoring_case(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

/*
 * The name in names closest to s: one equal to it ignoring ASCII case first, else the one
 * with the smallest edit distance (in code points) if that is at most 2 and less than the
 * longer length (so "x" does not suggest "id"). Ties go to the earlier name. NULL for none.
 */
const char *gw_did_you_mean(const char *s, const char *const *names)
{
	uint32_t a[HINT_MAX_CHARS + 1], b[HINT_MAX_CHARS + 1];
	size_t na, best_score = SIZE_MAX;
	const char *best = NULL;
	if (!s || !names)
		return NULL;
	na = code_points(s, a, HINT_MAX_CHARS);
	for (size_t i = 0; names[i]; i++) {
		size_t score, nb, dist;
		if (same_ignoring_case(s, names[i])) {
			score = 0;
		} else {
			nb = code_points(names[i], b, HINT_MAX_CHARS);
			if (na > HINT_MAX_CHARS || nb > HINT_MAX_CHARS || na > nb + 2 ||
			    nb > na + 2)
				continue;
			dist = edit_distance(a, na, b, nb);
			if (dist > 2 || dist >= (na > nb ? na : nb))
				continue;
			score = dist;
		}
		if (score < best_score) {
			best_score = score;
			best = names[i];
		}
	}
	return best;
}
