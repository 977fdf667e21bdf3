/*
 * gw.h: types shared by every stage of gongwen; no logic.
 *
 * In: nothing. Out: the length type, the version, and the limits that turn bad input into
 * errors instead of crashes. Every length in the layout engine is a gw_len in 1/1000 pt;
 * only the PDF painter converts to floating point.
 */
#ifndef GW_H
#define GW_H

#include <stddef.h>
#include <stdint.h>

#include "gongwen.h" /* GW_VERSION, gw_status */

/* A length in 1/1000 pt (millipoints). int32 holds +-2147 m: every page fits. */
typedef int32_t gw_len;

#define GW_PT(x) ((gw_len)((x)*1000))

/* mm to millipoints, rounded to nearest: 1 mm = 72/25.4 pt. */
static inline gw_len gw_mm(double mm)
{
	double v = mm * 72000.0 / 25.4;
	return (gw_len)(v < 0 ? v - 0.5 : v + 0.5);
}

/* The installed folders of layouts and fonts (the Makefile passes them with -D). */
#ifndef GW_FONT_DIR
#define GW_FONT_DIR "fonts"
#endif
#ifndef GW_LAYOUT_DIR
#define GW_LAYOUT_DIR "layouts"
#endif
/* The system's fonts (Debian's font packages), which the installed layouts name: always
   readable, in a confined context too. */
#ifndef GW_SYSTEM_FONT_DIR
#define GW_SYSTEM_FONT_DIR "/usr/share/fonts"
#endif

/* Limits: exceeding one is an input error with a message, never a crash. */
#define GW_MAX_FILE_BYTES (16u << 20) /* bytes of one JSON input file */
#define GW_MAX_NESTING 64 /* JSON nesting depth */
#define GW_MAX_BLOCKS 100000 /* body blocks in one document */
#define GW_MAX_TEXT_BYTES (1u << 20) /* bytes of one text string */
#define GW_MAX_PAGES 10000 /* pages of one document */
#define GW_MAX_TABLE_ROWS 100000 /* rows of one table */
#define GW_MAX_TABLE_COLS 100 /* columns of one table */
#define GW_MAX_SPAN 1000 /* rowspan or colspan of one cell */
#define GW_MAX_FONTS_PER_FAMILY 16 /* fallback list length */
#define GW_MAX_EXTENDS 8 /* "extends" links from a layout to its farthest ancestor */
#define GW_MAX_IMAGE_SIDE 8000 /* pixels of a seal image's width or height (as sign's) */
#define GW_MAX_IMAGE_PIXELS (16u << 20) /* pixels of one seal image: 64 MiB decoded as RGBA */
#define GW_MAX_SIG_ORGANS 20 /* organs (or signers) of one signature (7.3.5) */
#define GW_MAX_ERRORS 100 /* diagnostics printed before we stop listing */

/*
 * Limits of the PDF we write: PDF/A-2b (ISO 19005-2:2011 6.1.13, which makes the
 * architectural limits of ISO 32000-1 Annex C, Table C.1, requirements; the veraPDF rule
 * 6.1.13-N is named) and libharu 2.3.0's own (hpdf_consts.h, checked in its sources).
 * Input reaches these; a value beyond one is an input error where `check` finds it too
 * (docs/data-format.md and docs/layout-format.md, "Limits"):
 * - a string object holds at most 32,767 bytes (6.1.13-3; ISO 32000-1 limits only strings
 *   in content streams, PDF/A-2 every string; libharu refuses more than 65,535 with
 *   HPDF_BINARY_LENGTH_ERR). Our text strings (the Info dictionary, outline titles) are
 *   UTF-16BE with a byte order mark: 2 bytes, then 2 per character of the BMP and 4 per
 *   character beyond it;
 * - page boundaries span 3 to 14,400 units (6.1.13-11; libharu's HPDF_Page_SetWidth and
 *   SetHeight refuse others). PDF/A-2 has no UserUnit exception: 14,400 pt (200 in);
 * - libharu's real objects (HPDF_Real_New: /BBox, /Dest coordinates) hold -32,767 to
 *   32,767, and every real it writes into a content stream is clamped to that range
 *   (HPDF_FToA). PDF/A-2 itself allows +-3.403e38 (6.1.13-2): the limit is libharu's. We
 *   keep everything drawn on the page, whose size is at most 14,400 pt.
 * Not reachable from input, so not checked: integers beyond 32 bits (6.1.13-1), names over
 * 127 bytes (6.1.13-4: ours are short; a font's PostScript name is cut in pdf_font.c),
 * 8,388,607 indirect objects (6.1.13-7: GW_MAX_PAGES pages and GW_MAX_BLOCKS outline entries
 * use a few objects each), q/Q nesting over 28 (6.1.13-8: we nest one level), DeviceN
 * (6.1.13-9: none), CIDs over 65,535 (6.1.13-10: glyph ids are 16-bit), libharu's 32,767
 * array elements (HPDF_LIMIT_MAX_ARRAY: the page tree holds at most GW_MAX_PAGES, width
 * arrays are split in pdf_font.c; a TJ array in a content stream is ours and unlimited in
 * PDF/A-2, which dropped PDF/A-1's 8,191), libharu's 4,095 entries in a dictionary
 * (HPDF_LIMIT_MAX_DICT_ELEMENT: a page's /Font resources hold one entry per font face it
 * uses, its /XObject ones one per seal on it, a few lines each).
 */
#define GW_PDF_MAX_STRING 32767 /* bytes of one PDF string object (6.1.13-3) */
/* UTF-16 code units of one PDF text string after its 2-byte BOM: 16,382 */
#define GW_PDF_MAX_TEXT_UNITS ((GW_PDF_MAX_STRING - 2) / 2)
/* 1/1000 pt: the largest page (6.1.13-11), and so the longest length a layout or data gives */
#define GW_PDF_MAX_PAGE 14400000

/* Exit statuses of the CLI. */
enum {
	GW_EXIT_OK = 0,
	GW_EXIT_INPUT = 1, /* bad input: JSON, layout, data, missing files */
	GW_EXIT_USAGE = 2, /* bad command line */
	GW_EXIT_IO = 3 /* I/O or internal error */
};

#endif
