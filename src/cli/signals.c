/*
 * signals.c: removes the named temporary files alive when a signal ends a command (see
 * signals.h). The table of live files is a fixed array of atomic pointers, so that several
 * threads (batch -j N) may add and remove entries while the handler reads them; atomic loads
 * of lock-free pointers and unlink(2) are async-signal-safe.
 */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "../base/output.h"

#define MAX_LIVE 64
static _Atomic(const char *) live[MAX_LIVE];

/* The handler: unlinks the live files, then ends the process by the same signal. */
static void on_fatal_signal(int sig)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		const char *p = atomic_load(&live[i]);
		if (p)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* base/output.c's tracker: a named temporary file appears (alive 1) or goes (alive 0). */
static void track(const char *path, int alive)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		const char *want = alive ? NULL : path;
		if (atomic_compare_exchange_strong(&live[i], &want, alive ? path : NULL))
			return;
	}
}

void gw_cli_cleanup_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		/* a signal the caller ignores (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	gw_output_set_tracker(track);
}
