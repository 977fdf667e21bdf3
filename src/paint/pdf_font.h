/*
 * pdf_font.h: our own CJK-capable font embedding through libharu's object API.
 *
 * In: gw_font faces (shape/font.h) and, while pages are painted, each glyph used with the
 * text it stands for. Out: Type0 font dictionaries registered on pages, a 2-byte code per
 * glyph for the content stream, and at the end the subset font programs (HarfBuzz
 * hb-subset), CIDFont, FontDescriptor, /W, CIDToGIDMap and ToUnicode objects.
 * libharu's own TrueType loader is not used: it breaks CJK (../shared/reference/libharu-2.3.md).
 *
 * Codes (../shared/reference/font-embedding.md section 2):
 *  - TrueType: a sequential code per (glyph, text) pair, CIDToGIDMap stream code -> new gid;
 *  - CID-keyed CFF: the code is the CID; a glyph used for two texts gets an alias Type0
 *    dictionary (same CIDFont, own ToUnicode) so extraction stays exact;
 *  - name-keyed CFF: the code is the original GID (subset keeps GIDs).
 * Widths in /W are gw_font_advance() values, the integers the layout used.
 */
#ifndef GW_PDF_FONT_H
#define GW_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "../shape/font.h"

typedef struct gw_pdf_fonts gw_pdf_fonts;

/* Starts the font table of one document. Drop with gw_pdf_fonts_drop (after HPDF_Free is fine). */
gw_pdf_fonts *gw_pdf_fonts_new(HPDF_Doc pdf);
void gw_pdf_fonts_drop(gw_pdf_fonts *t);

/*
 * Records that glyph gid of font stands for the text cps[0..ncps) on page.
 * OUT res_name: the page resource name of the Type0 dictionary to select with Tf (borrowed,
 * valid until the document is freed). OUT code: the 2-byte code to write in the string.
 * Returns 0, or -1 with a reason in err (libharu failure, too many codes for one font).
 */
int gw_pdf_fonts_use(gw_pdf_fonts *t, HPDF_Page page, gw_font *font, uint32_t gid,
                     const uint32_t *cps, int ncps, const char **res_name, uint16_t *code,
                     char *err, size_t errlen);

/*
 * Subsets every used font and writes its objects. Call once, after the last page is
 * painted and before HPDF_SaveToFile. Returns 0, or -1 with a reason in err.
 */
int gw_pdf_fonts_finish(gw_pdf_fonts *t, char *err, size_t errlen);

/*
 * A font program stream holds Flate data already (taken from the font's cache of
 * programs); the document's /ID (pdfa.c) hashes the uncompressed bytes of every stream, so
 * for such a stream this gives them and their length; NULL for any other stream.
 */
const unsigned char *gw_pdf_stream_raw(HPDF_Dict d, size_t *len);

#endif
