/*
 * output.c: output files that appear whole or not at all (see output.h).
 *
 * In: a target path. Out: a temporary file to fill, then either renamed over the target (a
 * regular or new file: same folder, so the rename is atomic) or, when the target is "-"
 * or an existing non-regular file (/dev/null, a pipe, a terminal), copied into it, since
 * renaming would replace the device itself. The temporary file never outlives the call
 * that finishes it, nor a run ended by SIGINT, SIGTERM, SIGHUP or SIGPIPE. A replaced file
 * keeps its permissions (a new one: 0666 less the umask), and a symbolic link is followed,
 * not replaced; hard links to a replaced file keep the old content (a rename makes a new
 * file, which is what makes the update atomic).
 */
#define _DEFAULT_SOURCE /* realpath */
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/*
 * The temporary files alive now, removed by the handler of the signals that end a run
 * (Ctrl-C, kill, a closed pipe on "-o -"), so an interrupted run leaves nothing behind.
 */
#define MAX_LIVE 8
static char *volatile live[MAX_LIVE];

static void on_fatal_signal(int sig)
{
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i])
			unlink(live[i]); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track(char *path)
{
	static int installed;
	if (!installed) {
		static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_fatal_signal;
			sigemptyset(&sa.sa_mask);
			struct sigaction old;
			/* a signal the caller ignores (nohup) stays ignored */
			if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
				sigaction(sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	for (int i = 0; i < MAX_LIVE; i++)
		if (!live[i]) {
			live[i] = path;
			return;
		}
}

static void untrack(const char *path)
{
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] == path)
			live[i] = NULL;
}

int gw_output_open(gw_output *o, const char *target, const char *tag, char *err, size_t errsz)
{
	struct stat st;
	memset(o, 0, sizeof *o);
	o->target = target;
	int exists = strcmp(target, "-") != 0 && stat(target, &st) == 0;
	o->stream = strcmp(target, "-") == 0 || (exists && !S_ISREG(st.st_mode));
	/* the file the rename replaces: a symbolic link's target, not the link */
	char real[PATH_MAX];
	o->dest = gw_xstrdup(exists && !o->stream && realpath(target, real) ? real : target);
	/* a replaced file keeps its permissions; a new one gets 0666 less the umask */
	mode_t mask = umask(0);
	umask(mask);
	o->mode = exists && !o->stream ? (st.st_mode & 07777) : (0666 & ~mask);
	if (o->stream) {
		const char *dir = getenv("TMPDIR");
		o->tmp = gw_xasprintf("%s/gongwen-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
	} else {
		o->tmp = gw_xasprintf("%s.%s-XXXXXX", o->dest, tag);
	}
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		if (o->stream)
			snprintf(err, errsz, "cannot create a temporary file in %s: %s",
			         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			         strerror(e));
		else
			snprintf(err, errsz, "cannot write %s: %s", target, strerror(e));
		free(o->tmp);
		free(o->dest);
		o->tmp = o->dest = NULL;
		return -1;
	}
	if (!o->stream)
		fchmod(fd, o->mode);
	close(fd);
	track(o->tmp);
	return 0;
}

/* Copies file `from` into the open stream `to`; returns 0 or -1 with errno set. */
static int copy_into(const char *from, FILE *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return -1;
	char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, to) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fflush(to) != 0)
		rc = -1;
	return rc;
}

int gw_output_write(gw_output *o, const void *data, size_t len, char *err, size_t errsz)
{
	FILE *f = fopen(o->tmp, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		snprintf(err, errsz, "cannot write %s: %s", o->tmp, strerror(errno));
	return ok ? 0 : -1;
}

int gw_output_commit(gw_output *o, char *err, size_t errsz)
{
	int rc = 0;
	const char *name = strcmp(o->target, "-") == 0 ? "standard output" : o->target;
	if (o->stream) {
		FILE *to = strcmp(o->target, "-") == 0 ? stdout : fopen(o->target, "wb");
		if (!to || copy_into(o->tmp, to) < 0) {
			snprintf(err, errsz, "cannot write %s: %s", name, strerror(errno));
			rc = -1;
		}
		if (to && to != stdout)
			fclose(to);
		unlink(o->tmp);
	} else if (chmod(o->tmp, o->mode) != 0 || rename(o->tmp, o->dest) != 0) {
		/* (libharu may have created the file anew, with 0600: the mode is set again) */
		snprintf(err, errsz, "cannot write %s: %s", name, strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	untrack(o->tmp);
	free(o->tmp);
	free(o->dest);
	o->tmp = o->dest = NULL;
	return rc;
}

void gw_output_abort(gw_output *o)
{
	if (o->tmp) {
		unlink(o->tmp);
		untrack(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	free(o->dest);
	o->dest = NULL;
}
