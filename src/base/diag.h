/*
 * diag.h: diagnostics, collected and printed gcc-style.
 *
 * In: errors found by any stage, each with the file, 1-based line and column (columns count
 * code points), and the JSON pointer of the value at fault. Out: lines of the form
 *   FILE:LINE:COL: error: MESSAGE (at /json/pointer)
 * printed in the order they were added, capped at GW_MAX_ERRORS with a closing count.
 */
#ifndef GW_DIAG_H
#define GW_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef struct gw_diag {
	char *file; /* file the error is in, as the user named it; NULL for none */
	uint32_t line; /* 1-based line, 0 when the error has no position */
	uint32_t col; /* 1-based column in code points, 0 when no position */
	char *pointer; /* JSON pointer (RFC 6901) of the value at fault, NULL for none */
	char *msg; /* one sentence, lower-case start, no final period */
} gw_diag;

typedef struct gw_diags {
	gw_diag *v; /* the diagnostics, in the order added */
	int n; /* number of diagnostics held */
	int cap; /* allocated slots of v */
} gw_diags;

/* Adds one error. file, pointer may be NULL; line 0 means no position. */
void gw_diags_add(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Prints every diagnostic (at most GW_MAX_ERRORS, then a count of the rest) to f. */
void gw_diags_print(const gw_diags *d, FILE *f);

/* Formats diagnostic i into a malloc'ed line without newline; the caller frees it. */
char *gw_diag_format(const gw_diag *g);

/* Frees every diagnostic and resets d to empty. */
void gw_diags_clear(gw_diags *d);

#endif
