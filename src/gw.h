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

#define GW_VERSION "0.1.0"

/* A length in 1/1000 pt (millipoints). int32 holds +-2147 m: every page fits. */
typedef int32_t gw_len;

#define GW_PT(x) ((gw_len)((x)*1000))

/* mm to millipoints, rounded to nearest: 1 mm = 72/25.4 pt. */
static inline gw_len gw_mm(double mm)
{
	double v = mm * 72000.0 / 25.4;
	return (gw_len)(v < 0 ? v - 0.5 : v + 0.5);
}

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
#define GW_MAX_ERRORS 100 /* diagnostics printed before we stop listing */

/* Exit statuses of the CLI. */
enum {
	GW_EXIT_OK = 0,
	GW_EXIT_INPUT = 1, /* bad input: JSON, layout, data, missing files */
	GW_EXIT_USAGE = 2, /* bad command line */
	GW_EXIT_IO = 3 /* I/O or internal error */
};

#endif
