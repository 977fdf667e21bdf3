/*
 * signals.h: the command line's cleanup of named temporary files when a signal ends a run.
 *
 * In: the temporary files base/output.c names (only where O_TMPFILE is refused). Out: on
 * SIGINT, SIGTERM, SIGHUP or SIGPIPE those alive are removed and the signal then ends the
 * process as it would have. The library installs no handler; a command opts in.
 */
#ifndef GW_CLI_SIGNALS_H
#define GW_CLI_SIGNALS_H

/* Installs the handlers (a signal the caller ignores stays ignored) and the tracker. */
void gw_cli_cleanup_on_signals(void);

#endif
