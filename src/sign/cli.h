/*
 * cli.h: the `gongwen sign` command (see cli.c).
 *
 * In: argc/argv with argv[0] = "sign". Out: the exit status (0 ok, 1 bad input, 2 usage,
 * 3 I/O or internal error).
 */
#ifndef GW_SIGN_CLI_H
#define GW_SIGN_CLI_H

#include <stddef.h>

int gw_cli_sign(int argc, char **argv);

/*
 * As gw_cli_sign, with the input PDF given as pdf[0..len) (still the caller's) instead of
 * read from IN.pdf, which names it in messages: `render --sign` signs what it painted
 * without a temporary file.
 */
int gw_cli_sign_buffer(int argc, char **argv, char *pdf, size_t len);

#endif
