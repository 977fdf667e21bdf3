/*
 * output.h: an output file written whole or not at all (render, sign, render --sign).
 *
 * In: the target path ("-" for standard output). Out: a temporary file (o->tmp) for the
 * caller to fill, by path or with gw_output_write; gw_output_commit then moves it to the
 * target: renamed over a regular or new file, or copied into "-" or an existing non-regular
 * file (/dev/null, a pipe), which a rename would replace. gw_output_abort removes it, so
 * an error leaves the target untouched; so does a run ended by a signal (see output.c).
 */
#ifndef GW_OUTPUT_H
#define GW_OUTPUT_H

#include <stddef.h>

typedef struct gw_output {
	const char *target; /* the path given (not owned) */
	char *dest; /* what the rename replaces: target, or a symbolic link's target; owned */
	char *tmp; /* the temporary file, owned; NULL once committed or aborted */
	int stream; /* 1: the target is "-" or not a regular file: copy, never rename */
	unsigned mode; /* permission bits the result gets (of the replaced file, else 0666 & ~umask)
	                */
} gw_output;

/*
 * Creates the temporary file: beside the target ("TARGET.TAG-XXXXXX"), or in $TMPDIR (else
 * /tmp) for a stream target. Returns 0, or -1 with a message in err.
 */
int gw_output_open(gw_output *o, const char *target, const char *tag, char *err, size_t errsz);

/* Replaces the temporary file's content with data[0..len). Returns 0 or -1 (err). */
int gw_output_write(gw_output *o, const void *data, size_t len, char *err, size_t errsz);

/* Moves the temporary file to the target (see above). Returns 0 or -1 (err). */
int gw_output_commit(gw_output *o, char *err, size_t errsz);

/* Removes the temporary file, if any; the target is left as it was. */
void gw_output_abort(gw_output *o);

#endif
