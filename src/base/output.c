/*
 * output.c: output files that appear whole or not at all (see output.h).
 *
 * In: a target path and the bytes. Out: the target replaced or created in one step, or
 * written into (a stream), or left as it was.
 *
 * How: the temporary file is opened with O_TMPFILE (open(2), Linux 3.11) in the folder of
 * the file the result replaces (dest). It has no name, so a run that ends in any way, SIGKILL
 * included, leaves nothing. On commit it is flushed (fsync), linked under a temporary name of
 * the pattern below (linkat(2) of /proc/self/fd/N with AT_SYMLINK_FOLLOW, else with
 * AT_EMPTY_PATH, else copied into a named file) and renamed over dest: rename(2) replaces
 * atomically, which linkat cannot do. Where O_TMPFILE is refused (EOPNOTSUPP from a file
 * system without it; EISDIR or EINVAL from a kernel without it), the temporary file is named
 * from the start:
 *
 *     .NAME.gongwen-HOST-PID-XXXXXX.tmp   in dest's folder; NAME is dest's file name ("stream"
 *                                         for a stream target, in $TMPDIR), HOST 8 hex digits
 *                                         hashed from the host name, PID the writer's process
 *                                         id, XXXXXX random
 *
 * and it is removed on an error and, in the command line, by the handler of SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE (cli/signals.c, through gw_output_set_tracker). A
 * SIGKILL, a crash or a power cut cannot be caught: gw_output_open first removes the files of
 * this pattern for the same NAME whose HOST is this machine's, whose owner is this user and
 * whose PID is no live process (kill(PID, 0) fails with ESRCH). The same pattern names the
 * file in the moment between linkat and rename, so that window leaves nothing a later run
 * keeps either. (A PID reused by a live process keeps its file until a run after that.)
 *
 * Kept from the plain rename design: a replaced file keeps its permission bits (a new one
 * gets 0666 less the umask); a symbolic link is followed, not replaced; other hard links to a
 * replaced file keep the old content (the rename makes a new file, which is what makes the
 * update atomic); "-" and an existing non-regular file (a device, a pipe) are written into,
 * from a temporary file in the caller's tmp_dir (the context's; the CLI's $TMPDIR), else
 * /tmp, since a rename would replace the device.
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, realpath, getentropy */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h> /* kill(pid, 0), pthread_sigmask */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define TMP_MARK ".gongwen-" /* after ".NAME" in a temporary file's name */
#define TMP_SUFFIX ".tmp"

/*
 * A named temporary file is announced to the tracker, if one is set: the command line's
 * (cli/signals.c) removes the files alive when a signal ends the run (Ctrl-C, kill, a
 * closed pipe on "-o -"). The library sets none: it installs no signal handler, and a
 * write keeps no state outside its gw_output, so writes in several threads are independent.
 */
static void (*tracker)(const char *path, int alive);

void gw_output_set_tracker(void (*fn)(const char *path, int alive))
{
	tracker = fn;
}

static void track(char *path)
{
	if (tracker)
		tracker(path, 1);
}

static void untrack(const char *path)
{
	if (tracker)
		tracker(path, 0);
}

/*
 * 32 bits of FNV-1a over the host name: a folder shared by several machines (NFS, where
 * O_TMPFILE is often refused) holds their temporary files side by side, and a process id
 * can be checked only on its own machine.
 */
static unsigned host_hash(void)
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) != 0)
		host[0] = 0;
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)host; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* Six random characters of [A-Za-z0-9] and a NUL. */
static void random6(char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	if (getentropy(r, sizeof r) != 0) {
		/* no getrandom(2): the clock, the pid and an address, stirred (an LCG step each) */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
		             ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)out;
		for (int i = 0; i < 6; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			r[i] = (unsigned char)(x >> 56);
		}
	}
	for (int i = 0; i < 6; i++)
		out[i] = abc[r[i] % 62];
	out[6] = 0;
}

/* A fresh temporary name "DIR/.BASE.gongwen-HOST-PID-XXXXXX.tmp" (malloc'ed). */
static char *tmp_name(const char *dir, const char *base)
{
	char r[7];
	random6(r);
	return gw_xasprintf("%s/.%s" TMP_MARK "%08x-%ld-%s" TMP_SUFFIX, dir, base, host_hash(),
	                    (long)getpid(), r);
}

/* The file name part of path. */
static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/*
 * Whether the directory entry name is a temporary file of base made on this machine
 * (host): exactly ".BASE.gongwen-HOST-PID-XXXXXX.tmp". Sets *pid.
 */
static int ours(const char *name, const char *base, unsigned host, long *pid)
{
	size_t nb = strlen(base), nm = strlen(TMP_MARK);
	if (name[0] != '.' || strncmp(name + 1, base, nb) != 0 ||
	    strncmp(name + 1 + nb, TMP_MARK, nm) != 0)
		return 0;
	const char *p = name + 1 + nb + nm;
	unsigned h = 0;
	for (int i = 0; i < 8; i++, p++) {
		int c = *p;
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return 0;
		h = h << 4 | (unsigned)v;
	}
	if (h != host || *p++ != '-' || *p < '1' || *p > '9')
		return 0;
	long v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return 0;
	}
	if (*p++ != '-')
		return 0;
	for (int i = 0; i < 6; i++, p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9')))
			return 0;
	if (strcmp(p, TMP_SUFFIX) != 0)
		return 0;
	*pid = v;
	return 1;
}

/*
 * Removes from dir the temporary files of base that a process of this machine and user
 * left when it was killed: its pid is no live process. Errors are ignored (a file we may not
 * remove is not ours to remove).
 */
static void remove_stale(const char *dir, const char *base)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return;
	unsigned host = host_hash();
	struct dirent *e;
	while ((e = readdir(dp))) {
		long pid;
		struct stat st;
		if (!ours(e->d_name, base, host, &pid) || pid == (long)getpid())
			continue;
		if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
			unlinkat(dirfd(dp), e->d_name, 0);
	}
	closedir(dp);
}

/*
 * Blocks (block 1) the signals the CLI's handler cleans up after, saving the mask in *old, or
 * restores *old (block 0): between a temporary file's creation and its announcement to the
 * tracker a signal would otherwise end the run with the file left behind; blocked, it is
 * delivered once the file is tracked.
 */
static void fatal_signals(int block, sigset_t *old)
{
	if (block) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGINT);
		sigaddset(&s, SIGTERM);
		sigaddset(&s, SIGHUP);
		sigaddset(&s, SIGPIPE);
		pthread_sigmask(SIG_BLOCK, &s, old);
	} else {
		pthread_sigmask(SIG_SETMASK, old, NULL);
	}
}

/*
 * Creates a new named temporary file for base in o->dir: sets o->tmp (tracked for the
 * signal handler) and returns the open descriptor, or -1 with errno set.
 */
static int open_named(gw_output *o, const char *base)
{
	for (int tries = 0; tries < 100; tries++) {
		char *name = tmp_name(o->dir, base);
		sigset_t old;
		fatal_signals(1, &old);
		int fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		int e = errno;
		if (fd >= 0) {
			o->tmp = name;
			track(o->tmp);
		}
		fatal_signals(0, &old);
		if (fd >= 0)
			return fd;
		free(name);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

/* The target as messages name it. */
static const char *shown(const gw_output *o)
{
	return strcmp(o->target, "-") == 0 ? "standard output" : o->target;
}

/* Writes p[0..n) to fd whole. Returns 0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Copies the whole of file from (from its start) into to. Returns 0, or -1 with errno set. */
static int copy_fd(int from, int to)
{
	char buf[65536];
	if (lseek(from, 0, SEEK_SET) != 0)
		return -1;
	for (;;) {
		ssize_t n = read(from, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (write_all(to, buf, (size_t)n) < 0)
			return -1;
	}
}

int gw_output_open(gw_output *o, const char *target, const char *tmp_dir, char *err, size_t errsz)
{
	struct stat st;
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->target = target;
	int exists = strcmp(target, "-") != 0 && stat(target, &st) == 0;
	o->stream = strcmp(target, "-") == 0 || (exists && !S_ISREG(st.st_mode));
	/* a replaced file keeps its permissions; a new one gets 0666 less the umask */
	mode_t mask = umask(0);
	umask(mask);
	o->mode = exists && !o->stream ? (st.st_mode & 07777) : (0666 & ~mask);
	const char *base = "stream";
	if (o->stream) {
		o->dir = gw_xstrdup(tmp_dir && *tmp_dir ? tmp_dir : "/tmp");
	} else {
		/* the file the rename replaces: a symbolic link's target, not the link */
		char real[PATH_MAX];
		o->dest = gw_xstrdup(exists && realpath(target, real) ? real : target);
		o->dir = gw_dirname(o->dest);
		base = base_of(o->dest);
	}
	remove_stale(o->dir, base);
	o->fd = open(o->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (o->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		o->fd = open_named(o, base);
	if (o->fd < 0) {
		int e = errno;
		if (o->stream)
			snprintf(err, errsz, "cannot create a temporary file in %s: %s", o->dir,
			         strerror(e));
		else
			snprintf(err, errsz, "cannot write %s: %s", target, strerror(e));
		gw_output_abort(o);
		return -1;
	}
	return 0;
}

/*
 * Puts "cannot write ..." for errno e in err: the temporary file's folder for a stream
 * output, else the target. Returns -1.
 */
static int write_failed(const gw_output *o, int e, char *err, size_t errsz)
{
	if (o->stream)
		snprintf(err, errsz, "cannot write a temporary file in %s: %s", o->dir,
		         strerror(e));
	else
		snprintf(err, errsz, "cannot write %s: %s", o->target, strerror(e));
	return -1;
}

int gw_output_write(gw_output *o, const void *data, size_t len, char *err, size_t errsz)
{
	if (ftruncate(o->fd, 0) == 0 && lseek(o->fd, 0, SEEK_SET) == 0 &&
	    write_all(o->fd, data, len) == 0)
		return 0;
	return write_failed(o, errno, err, errsz);
}

int gw_output_append(gw_output *o, const void *data, size_t len, char *err, size_t errsz)
{
	if (write_all(o->fd, data, len) == 0)
		return 0;
	return write_failed(o, errno, err, errsz);
}

/*
 * Gives the unnamed temporary file a temporary name beside dest (o->tmp): linkat through
 * /proc/self/fd, else AT_EMPTY_PATH (which needs CAP_DAC_READ_SEARCH), else a named copy.
 * Returns 0, or -1 with errno set.
 */
static int name_unnamed(gw_output *o)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
	for (int tries = 0; tries < 100; tries++) {
		char *name = tmp_name(o->dir, base_of(o->dest));
		sigset_t old;
		fatal_signals(1, &old);
		int r = linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
		if (r != 0 && errno != EEXIST)
			r = linkat(o->fd, "", AT_FDCWD, name, AT_EMPTY_PATH);
		int e = errno;
		if (r == 0) {
			o->tmp = name;
			track(o->tmp);
		}
		fatal_signals(0, &old);
		if (r == 0)
			return 0;
		free(name);
		if (e != EEXIST)
			break;
	}
	/* no /proc and no capability: copy the bytes into a named file */
	int fd = open_named(o, base_of(o->dest));
	if (fd < 0)
		return -1;
	if (copy_fd(o->fd, fd) < 0 || fchmod(fd, o->mode) != 0 || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(o->fd);
	o->fd = fd;
	return 0;
}

/* commit for a regular or new target: flush, name, rename. Returns 0 or -1 (errno). */
static int commit_file(gw_output *o)
{
	/* the mode is set now: it is the file's before it has the target's name */
	if (fchmod(o->fd, o->mode) != 0)
		return -1;
	/* the bytes reach the disk before the name does (EINVAL: a file system without fsync) */
	if (fsync(o->fd) != 0 && errno != EINVAL)
		return -1;
	if (!o->tmp && name_unnamed(o) < 0)
		return -1;
	if (rename(o->tmp, o->dest) != 0)
		return -1;
	untrack(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

/* commit for "-" or a device or pipe: copy into it. Returns 0 or -1 (errno). */
static int commit_stream(gw_output *o)
{
	int to = strcmp(o->target, "-") == 0
	                 ? STDOUT_FILENO
	                 : open(o->target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (to < 0)
		return -1;
	int rc = copy_fd(o->fd, to);
	int e = errno;
	if (to != STDOUT_FILENO && close(to) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	errno = e;
	return rc;
}

int gw_output_commit(gw_output *o, char *err, size_t errsz)
{
	int rc = o->stream ? commit_stream(o) : commit_file(o);
	if (rc < 0)
		snprintf(err, errsz, "cannot write %s: %s", shown(o), strerror(errno));
	gw_output_abort(o); /* closes the file; removes its name if it has one still */
	return rc;
}

void gw_output_abort(gw_output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp) {
		unlink(o->tmp);
		untrack(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	free(o->dest);
	free(o->dir);
	o->dest = o->dir = NULL;
}

int gw_output_clash(const char *target, const char *const *inputs, int n)
{
	struct stat t, s;
	/* only a regular file is replaced; a device or a pipe is written into */
	if (strcmp(target, "-") == 0 || stat(target, &t) != 0 || !S_ISREG(t.st_mode))
		return -1;
	for (int i = 0; i < n; i++)
		if (inputs[i] && strcmp(inputs[i], "-") != 0 && stat(inputs[i], &s) == 0 &&
		    s.st_dev == t.st_dev && s.st_ino == t.st_ino)
			return i;
	return -1;
}
