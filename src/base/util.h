/*
 * util.h: allocation that aborts on exhaustion, a growable byte buffer, file reading.
 *
 * In: sizes, strings, paths. Out: memory the caller owns and frees with free().
 * Running out of memory prints the size and aborts (a CLI has no useful recovery).
 */
#ifndef GW_UTIL_H
#define GW_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *gw_xmalloc(size_t n);
void *gw_xcalloc(size_t n, size_t size);
void *gw_xrealloc(void *p, size_t n);
char *gw_xstrdup(const char *s);
char *gw_xstrndup(const char *s, size_t n);
char *gw_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gw_xvasprintf(const char *fmt, va_list ap);

/* A growable byte string, always NUL-terminated when len > 0. Zero-initialise to start. */
typedef struct gw_buf {
	char *data; /* bytes, owned */
	size_t len; /* bytes used, without the NUL */
	size_t cap; /* bytes allocated */
} gw_buf;

void gw_buf_put(gw_buf *b, const void *p, size_t n);
void gw_buf_puts(gw_buf *b, const char *s);
void gw_buf_putc(gw_buf *b, char c);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the buffer's string (never NULL; "" when empty) and resets b; caller frees. */
char *gw_buf_take(gw_buf *b);
void gw_buf_free(gw_buf *b);

/*
 * Reads a whole file into a malloc'ed, NUL-terminated buffer (*len excludes the NUL): a
 * regular file, or a pipe or device read to its end ("-" is standard input). Returns NULL
 * with errno set on failure; files over max_bytes fail with EFBIG, a directory with EISDIR.
 */
char *gw_read_file(const char *path, size_t max_bytes, size_t *len);

/*
 * Maps a whole regular file read-only (pages are read on demand, so a large font costs
 * only what is touched). Returns NULL with errno set on failure (ENODATA for an empty file,
 * EFBIG over max_bytes). Release with gw_unmap_file.
 */
void *gw_map_file(const char *path, size_t max_bytes, size_t *len);
void gw_unmap_file(void *p, size_t len);

/* 1 when path names an existing regular file. */
int gw_file_exists(const char *path);

/*
 * 1 when a data path names standard input: "-", or one of the names Linux gives it. Such
 * data is named "<stdin>" in messages, its relative paths (layout, seals) are relative to
 * the current folder, and it has no default output name.
 */
int gw_is_stdin_path(const char *path);

/* Directory part of path ("." for none), malloc'ed. */
char *gw_dirname(const char *path);

/* Joins dir and a relative path; returns rel itself copied when it is absolute. */
char *gw_path_join(const char *dir, const char *rel);

/*
 * What is at path (symbolic links followed), for messages that say what a named file is:
 * 1 a regular file; 0 nothing there or unreachable (errno from stat says which); -1 something
 * else, with *what set to a phrase such as "is a directory" or "is not a regular file but a
 * character device" (static). Only stat is called: a pipe is never opened, so never waited on.
 */
int gw_file_kind(const char *path, const char **what);

#endif
