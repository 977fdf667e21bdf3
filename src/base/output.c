/*
 * output.c: output files that appear whole or not at all (see output.h).
 *
 * In: a target path. Out: a temporary file to fill, then either renamed over the target (a
 * regular or new file: same folder, so the rename is atomic) or, when the target is "-"
 * or an existing non-regular file (/dev/null, a pipe, a terminal), copied into it, since
 * renaming would replace the device itself. The temporary file never outlives the call
 * that finishes it.
 */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int gw_output_open(gw_output *o, const char *target, const char *tag, char *err, size_t errsz)
{
	struct stat st;
	memset(o, 0, sizeof *o);
	o->target = target;
	o->stream = strcmp(target, "-") == 0 || (stat(target, &st) == 0 && !S_ISREG(st.st_mode));
	if (o->stream) {
		const char *dir = getenv("TMPDIR");
		o->tmp = gw_xasprintf("%s/gongwen-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
	} else {
		o->tmp = gw_xasprintf("%s.%s-XXXXXX", target, tag);
	}
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errsz, "cannot create %s: %s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	close(fd);
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
	if (o->stream) {
		FILE *to = strcmp(o->target, "-") == 0 ? stdout : fopen(o->target, "wb");
		if (!to || copy_into(o->tmp, to) < 0) {
			snprintf(err, errsz, "cannot write %s: %s", o->target, strerror(errno));
			rc = -1;
		}
		if (to && to != stdout)
			fclose(to);
		unlink(o->tmp);
	} else if (rename(o->tmp, o->target) != 0) {
		snprintf(err, errsz, "cannot write %s: %s", o->target, strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

void gw_output_abort(gw_output *o)
{
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
}
