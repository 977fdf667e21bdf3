/*
 * output.h: an output file written whole or not at all (render, sign, render --sign).
 *
 * In: the target path ("-" for standard output) and the bytes to put there. Out: the target
 * replaced or created in one step, or, on any error, left as it was.
 *
 * gw_output_open makes a temporary file: in the target's folder, unnamed (Linux O_TMPFILE)
 * where the file system allows, so that nothing is left behind whatever ends the run, even
 * SIGKILL; elsewhere named ".TARGET.gongwen-HOST-PID-XXXXXX.tmp" (removed on any error, by
 * the command line on SIGINT, SIGTERM, SIGHUP and SIGPIPE, and by a later run writing the
 * same target when their process is dead). gw_output_write fills it; gw_output_commit renames it
 * over a regular or new target (atomic), or copies it into "-" or an existing non-regular target
 * (/dev/null, a pipe), which a rename would replace; for those the temporary file is in tmp_dir
 * (else /tmp). gw_output_abort drops it. See output.c for modes, links and the details.
 */
#ifndef GW_OUTPUT_H
#define GW_OUTPUT_H

#include <stddef.h>

typedef struct gw_output {
	const char *target; /* the path given (not owned) */
	char *dest; /* what the rename replaces: target, or a symbolic link's target; owned */
	char *dir; /* the folder of the temporary file; owned */
	char *tmp; /* the temporary file's name while it has one (owned); NULL: unnamed or none */
	int fd; /* the temporary file, open; -1 once committed or aborted */
	int stream; /* 1: the target is "-" or not a regular file: copy, never rename */
	unsigned mode; /* permission bits the result gets (of the replaced file, else 0666 & ~umask)
	                */
} gw_output;

/*
 * Creates the temporary file for target (see above), after removing the stale temporary
 * files of the same target left by dead processes of this machine and user. Returns 0, or -1
 * with a message in err.
 */
int gw_output_open(gw_output *o, const char *target, const char *tmp_dir, char *err, size_t errsz);

/*
 * Sets the function told of each named temporary file as it appears (alive 1) and goes
 * (alive 0): the command line's signal cleanup (cli/signals.h). Set once, before any
 * write; NULL (the library's default): none.
 */
void gw_output_set_tracker(void (*fn)(const char *path, int alive));

/* Replaces the temporary file's content with data[0..len). Returns 0 or -1 (err). */
int gw_output_write(gw_output *o, const void *data, size_t len, char *err, size_t errsz);

/*
 * Adds data[0..len) at the end of what the temporary file has so far (a file written in
 * pieces as they are made, not held whole in memory: issue 14). Returns 0 or -1 (err).
 */
int gw_output_append(gw_output *o, const void *data, size_t len, char *err, size_t errsz);

/*
 * Moves the temporary file to the target (see above); the file is flushed to the disk
 * (fsync) before it gets the target's name. Returns 0 or -1 (err); either way o is done.
 */
int gw_output_commit(gw_output *o, char *err, size_t errsz);

/* Removes the temporary file, if any; the target is left as it was. */
void gw_output_abort(gw_output *o);

/*
 * Whether target is one of the files inputs[0..n) (NULL entries skipped): the same device and
 * inode, so a symbolic link or another hard link to an input counts as that input. Returns the
 * index of the first such input, or -1 (also for "-" and a target that does not exist).
 */
int gw_output_clash(const char *target, const char *const *inputs, int n);

#endif
