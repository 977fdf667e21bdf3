/*
 * cli.h: the `gongwen sign` command (see cli.c).
 *
 * In: argc/argv with argv[0] = "sign". Out: the exit status (0 ok, 1 bad input, 2 usage,
 * 3 I/O or internal error).
 */
#ifndef GW_SIGN_CLI_H
#define GW_SIGN_CLI_H

int gw_cli_sign(int argc, char **argv);

#endif
