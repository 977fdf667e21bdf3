/*
 * diag.h: diagnostics, collected and printed gcc-style.
 *
 * In: errors and warnings found by any stage, each with the file, 1-based line and column
 * (columns count code points), and the JSON pointer of the value at fault. Out: lines of the form
 *   FILE:LINE:COL: error: MESSAGE (at /json/pointer)
 *   FILE:LINE:COL: warning: MESSAGE (at /json/pointer)
 *   FILE:LINE:COL: note: MESSAGE (at /json/pointer)
 * printed in reading order, capped at GW_MAX_ERRORS with a closing count. Only errors make a
 * command fail; warnings (docs/templates.md: implied totals, warning-level checks) are reported
 * and let it go on; notes (issue 12: the office's own wording that replaces a template layout's,
 * docs/templates.md) only inform.
 */
#ifndef GW_DIAG_H
#define GW_DIAG_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "gongwen.h"

/* gw_severity and gw_diag are public (include/gongwen.h); the list is ours. */
struct gw_diags {
	gw_diag *v; /* the diagnostics, in the order added */
	int n; /* number of diagnostics held */
	int cap; /* allocated slots of v */
	int nerr; /* how many of them are errors */
};

/* Adds one error. file, pointer may be NULL; line 0 means no position. */
void gw_diags_add(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Adds one warning; the arguments are gw_diags_add's. */
void gw_diags_warn(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Adds one note; the arguments are gw_diags_add's. */
void gw_diags_note(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Adds one diagnostic of severity sev with the message fmt applied to ap. */
void gw_diags_vadd(gw_diags *d, gw_severity sev, const char *file, uint32_t line, uint32_t col,
                   const char *pointer, const char *fmt, va_list ap)
        __attribute__((format(printf, 7, 0)));

/* gw_diags_print, gw_diag_format and the accessors are public (gongwen.h). */
/* Frees every diagnostic and resets d to empty. */
void gw_diags_clear(gw_diags *d);

#endif
