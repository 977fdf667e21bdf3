/*
 * env.h: the command line's environment -> gw_ctx_options (the library reads no variable).
 *
 * In: GONGWEN_FONT_PATH, TMPDIR, GW_DEBUG, SOURCE_DATE_EPOCH. Out: the options every command
 * makes its contexts with (render, check, sign, batch, serve, worker).
 */
#ifndef GW_CLI_ENV_H
#define GW_CLI_ENV_H

#include "gongwen.h"

/*
 * $SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), the PDF's
 * dates when the data has no meta.date: 0 when unset or empty; 1 with *t when it is decimal
 * digits for 0 to 253402300799 (9999-12-31T23:59:59Z, the last date a PDF date holds); -1
 * for anything else, which the command line refuses (GW_SOURCE_DATE_EPOCH_BAD) before it
 * starts, for check as for render.
 */
int gw_source_date_epoch(long long *t);
#define GW_SOURCE_DATE_EPOCH_BAD                                                                   \
	"SOURCE_DATE_EPOCH is not a number of seconds since 1970-01-01 (decimal digits, at most "  \
	"253402300799)"

/*
 * Fills *c (zeroed first) from the environment: font_path from GONGWEN_FONT_PATH, tmp_dir
 * from TMPDIR, debug from GW_DEBUG ("pages"), the source date from SOURCE_DATE_EPOCH.
 * Returns 0, or -1 after the message "PROG: error: ..." on stderr when SOURCE_DATE_EPOCH is
 * set but unusable. The strings stay the environment's.
 */
int gw_cli_ctx_options(gw_ctx_options *c, const char *prog);

#endif
