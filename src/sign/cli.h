/*
 * cli.h: the `gongwen sign` command (see cli.c).
 *
 * In: argc/argv with argv[0] = "sign". Out: the exit status (0 ok, 1 bad input, 2 usage,
 * 3 I/O or internal error).
 */
#ifndef GW_SIGN_CLI_H
#define GW_SIGN_CLI_H

#include <stddef.h>
#include <time.h>

int gw_cli_sign(int argc, char **argv);

/*
 * --time: seconds since 1970 (digits only) or YYYY-MM-DDTHH:MM:SSZ (UTC). Returns 0, -1 when
 * it is no time, -2 when it is outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z.
 */
int gw_sign_parse_time(const char *s, time_t *t);
#endif
