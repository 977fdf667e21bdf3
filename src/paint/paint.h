/*
 * paint.h: pages -> output. The only stage that touches libharu (pdf.c).
 *
 * In: paginated gw_pages (layout coordinates: origin at the page's top-left, y down,
 * 1/1000 pt) and the document metadata. Out: a PDF file, or a text trace with one line per
 * painted run, which tests compare as plain text.
 */
#ifndef GW_PAINT_H
#define GW_PAINT_H

#include <stdio.h>

#include "../base/rt.h"
#include "../base/util.h"
#include "../model.h"

/*
 * Paints the PDF into out (appended; PDF/A-2b when pdfa, else plain, as gw_paint_pdf_ex):
 * the whole file in memory, for the caller to write (base/output.h makes it atomic). rt
 * (NULL: none) gives the dates when meta has none, and the deadline, checked before each
 * page. Returns 0; -1 with a reason in err (out then holds nothing useful); -2 with "took
 * longer than N s" in err when the deadline passed.
 */
int gw_paint_pdf_buf(const gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt,
                     gw_buf *out, char *err, size_t errlen);

/*
 * As gw_paint_pdf_buf, but the finished file goes to put(arg, bytes, len) in pieces of at
 * most 64 KiB, in order, instead of into a buffer (issue 14, point 4: a file written to a
 * path is not copied whole out of libharu's memory first). put returns 0, or -1 to stop:
 * then -1 is returned with "cannot write the PDF" in err unless put left its own reason
 * there (err[0] set). Nothing reaches put when the painting fails. release 1: each page's
 * glyphs and items are freed (nitems 0) as soon as the page is painted, success or not;
 * the pages' count, sizes and outline stay (gw_write_options.release_pages).
 */
int gw_paint_pdf_to(gw_pages *pages, const gw_meta *meta, int pdfa, const gw_rt *rt, int release,
                    int (*put)(void *arg, const void *data, size_t len), void *arg, char *err,
                    size_t errlen);

/*
 * Writes the PDF to path (not atomically; the library uses gw_paint_pdf_buf). The Info
 * dictionary comes from meta; dates come from meta->date, else are left out: never the
 * clock.
 * Returns 0, or -1 with a reason in err.
 */
int gw_paint_pdf(const gw_pages *pages, const gw_meta *meta, const char *path, char *err,
                 size_t errlen);

/*
 * As gw_paint_pdf (which is PDF/A-2b), with pdfa == 0 for a plain PDF: no XMP, no
 * OutputIntent, no /ID, libharu's PDF 1.3 header (`gongwen render --no-pdfa`).
 */
int gw_paint_pdf_ex(const gw_pages *pages, const gw_meta *meta, const char *path, int pdfa,
                    char *err, size_t errlen);

/*
 * Writes the text trace:
 *   page N WIDTH HEIGHT
 *   text X Y W SIZE FONT "TEXT" [color=#rrggbb] [scale=S] [bold]
 *                                    (one line per run of one font; X of the first glyph,
 *                                     Y of the baseline, both from the top-left, W the run's
 *                                     advance width, in pt; the colour when not black, the
 *                                     horizontal scale when not 1, bold when emboldened)
 *   image X Y W H FILE [multiply]    (top-left corner and size, in pt; multiply: drawn with
 *                                     the Multiply blend mode)
 *   rule X1 Y1 X2 Y2 W [color=#rrggbb]
 *                                    (a straight line from (X1, Y1) to (X2, Y2), W wide, in
 *                                     pt; its colour when not black)
 */
void gw_paint_trace(const gw_pages *pages, FILE *f);

#endif
