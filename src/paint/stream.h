/*
 * stream.h: one page's content stream, written by us (issue 14, point 1).
 *
 * In: a page's items in painting order (text runs, rules, and operators the caller makes
 * for the paper and the seals' XObjects), in layout coordinates (1/1000 pt, origin at the
 * page's top-left, y down). Out: the page's content stream (PDF 32000-1 8 and 9) in one
 * buffer: text in as few BT..ET objects as the page allows, with relative moves (Td), the
 * font set only when it changes, the grid's tracking as character spacing (Tc) and TJ
 * adjustments only where a glyph deviates from it; rules merged into long segments, one
 * path per width and colour; every number printed from our integer lengths with at most 3
 * decimals (gw_stream_num). Then the stream compressed (gw_stream_deflate).
 *
 * No libharu here: the caller maps each glyph to its font resource and 2-byte code through
 * a callback (pdf.c uses pdf_font.h).
 */
#ifndef GW_STREAM_H
#define GW_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "../base/util.h"
#include "../model.h"

/*
 * Maps glyph g to the resource name of its font (borrowed; compared by pointer: one
 * pointer per font resource) and its 2-byte code. Returns 0, or -1 with a reason in err.
 */
typedef int (*gw_stream_code_fn)(void *user, const gw_glyph *g, const char **res, uint16_t *code,
                                 char *err, size_t errlen);

/* A rule waiting to be painted with the page's other rules of its width and colour. */
typedef struct gw_stream_rule {
	gw_len x1, y1, x2, y2; /* end points in PDF user space (y up), 1/1000 pt */
	gw_len lw; /* line width, 1/1000 pt */
	gw_rgb color; /* stroke colour, 0xRRGGBB */
} gw_stream_rule;

/*
 * The writer of one page at a time, with the graphics and text state the stream has set
 * (PDF 32000-1 8.4 and 9.3: Tc, Tr, Tf, colours and line width persist across BT..ET),
 * so an operator is written only when its value changes.
 */
typedef struct gw_stream {
	gw_buf buf; /* the page's content stream, uncompressed */
	gw_len page_h; /* page height, 1/1000 pt (layout y down -> PDF y up) */
	int in_bt; /* 1 inside BT..ET */
	const char *font; /* resource selected by Tf, NULL for none */
	gw_len size; /* font size set by Tf, 1/1000 pt */
	gw_len tc; /* character spacing Tc, 1/1000 unscaled text space unit */
	int tr; /* text rendering mode Tr (0 fill, 2 fill and stroke) */
	gw_len lw; /* line width w, 1/1000 pt */
	gw_rgb fill, stroke; /* nonstroking and stroking colour, 0xRRGGBB (DeviceRGB) */
	int lm_scale; /* horizontal scale of the text line matrix, 1/1000; 0: not set */
	gw_len lm_x, lm_y; /* origin of the text line matrix in PDF user space, 1/1000 pt */
	gw_stream_rule *rules; /* rules not painted yet */
	int nrules, rules_cap;
	gw_len rx0, ry0, rx1, ry1; /* the rules' bounding box in PDF user space, 1/1000 pt */
	struct libdeflate_compressor *z; /* the page streams' compressor, NULL until used */
} gw_stream;

/* Starts a page of height page_h (1/1000 pt): an empty buffer, the initial graphics state
 * (PDF 32000-1 8.4.1 Table 52: black, line width 1, Tc 0, Tr 0, no font). */
void gw_stream_begin(gw_stream *s, gw_len page_h);

/*
 * Appends text item it (GW_ITEM_TEXT). Every glyph lands where the layout put it, to
 * 1e-4 pt (the TJ adjustments carry no rounding from one glyph to the next).
 * Returns 0, or -1 with the callback's reason in err.
 */
int gw_stream_text(gw_stream *s, const gw_item *it, gw_stream_code_fn code, void *user, char *err,
                   size_t errlen);

/* Records rule it (GW_ITEM_RULE); it is painted at the next gw_stream_flush. */
void gw_stream_rule_add(gw_stream *s, const gw_item *it);

/* 1 when rules are recorded and the layout point (x, y) (1/1000 pt from the page's top
 * left) lies inside their bounding box: a table's cell text among its borders. */
int gw_stream_in_rules(const gw_stream *s, gw_len x, gw_len y);

/*
 * Paints the recorded rules: collinear horizontal or vertical segments of one width and
 * colour that touch or overlap joined into one, and one path per width and colour, then
 * closes a text object left open. The caller calls it before writing operators of its own
 * (gw_stream_raw) and at the page's end.
 */
void gw_stream_flush(gw_stream *s);

/* Appends operators made by the caller (the paper, a seal's Do) outside any text object,
 * after the rules recorded so far; the graphics state must be the same after them. */
void gw_stream_raw(gw_stream *s, const char *ops);

/* Appends the length v in 1/1000 pt as a PDF number in pt: "521.575", "16", "-0.5". */
void gw_stream_num(gw_buf *b, int64_t v);

/*
 * The compression level of content streams and font programs: libdeflate's level 9
 * (Debian libdeflate-dev 1.14). Measured on the 50x document's 334 page streams (1,677,068
 * bytes as this writer makes them) and its 6 font programs (286,605 bytes), best of 5 on
 * the 2-core test machine: zlib level 6 (libharu's, and ours before) 413,417 bytes of
 * pages, level 9 411,849, level 1 470,568, zlib 6-9 taking 12-25 times libdeflate 9's time;
 * libdeflate 1 434,899 bytes in 4.6 ms, 6 414,001 in 21 ms, 9 409,916 in 18 ms, 10
 * 394,377 in 100 ms, 12 393,193 in 434 ms. Level 9 is the smallest before the slow
 * near-optimal parser of 10-12 (4 % smaller for 5-25 times the time). Font programs: zlib
 * 6 229,222 bytes in 16 ms, libdeflate 9 228,441 in 4 ms.
 */
#define GW_STREAM_DEFLATE_LEVEL 9

/*
 * Compresses data[0..len) as a FlateDecode stream (PDF 32000-1 7.4.4, zlib format) with
 * the writer's compressor (made at the first call, kept for the document's pages).
 * Returns a malloc'ed buffer and its length in *zlen, or NULL with err.
 */
unsigned char *gw_stream_deflate(gw_stream *s, const void *data, size_t len, size_t *zlen,
                                 char *err, size_t errlen);

/* Frees the writer's buffers. */
void gw_stream_free(gw_stream *s);

#endif
