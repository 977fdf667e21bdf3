/*
 * util.c: allocation, buffers and file reading (see util.h).
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(size_t n)
{
	fprintf(stderr, "gongwen: out of memory allocating %zu bytes\n", n);
	abort();
}

void *gw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *gw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *gw_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *gw_xstrdup(const char *s)
{
	return gw_xstrndup(s, strlen(s));
}

char *gw_xstrndup(const char *s, size_t n)
{
	char *p = gw_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *gw_xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = gw_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *gw_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = gw_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void gw_buf_put(gw_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = gw_xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void gw_buf_puts(gw_buf *b, const char *s)
{
	gw_buf_put(b, s, strlen(s));
}

void gw_buf_putc(gw_buf *b, char c)
{
	gw_buf_put(b, &c, 1);
}

void gw_buf_printf(gw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = gw_xvasprintf(fmt, ap);
	va_end(ap);
	gw_buf_puts(b, s);
	free(s);
}

char *gw_buf_take(gw_buf *b)
{
	char *s = b->data ? b->data : gw_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void gw_buf_free(gw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/*
 * Reads a stream that has no size to ask for (a pipe, a terminal, a device) to its end, in
 * growing steps, failing with EFBIG past max_bytes (so /dev/zero ends). Returns the buffer.
 */
static char *read_stream(FILE *f, size_t max_bytes, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = gw_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max_bytes) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = gw_xrealloc(buf, cap + 1);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f) || n > max_bytes) {
		int e = ferror(f) ? EIO : EFBIG;
		free(buf);
		errno = e;
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

char *gw_read_file(const char *path, size_t max_bytes, size_t *len)
{
	int std_in = strcmp(path, "-") == 0;
	FILE *f = std_in ? stdin : fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	int e = 0;
	char *buf = NULL;
	if (fstat(fileno(f), &st) != 0) {
		e = errno;
	} else if (S_ISDIR(st.st_mode)) {
		e = EISDIR;
	} else if (!S_ISREG(st.st_mode)) { /* standard input, a pipe, /dev/stdin */
		buf = read_stream(f, max_bytes, len);
		e = buf ? 0 : errno;
	} else if ((unsigned long long)st.st_size > max_bytes) {
		e = EFBIG;
	} else {
		size_t n = (size_t)st.st_size;
		buf = gw_xmalloc(n + 1);
		size_t got = fread(buf, 1, n, f);
		if (ferror(f) || got != n) {
			free(buf);
			buf = NULL;
			e = EIO;
		} else {
			buf[n] = 0;
			*len = n;
		}
	}
	if (!std_in)
		fclose(f);
	errno = e;
	return buf;
}

void *gw_map_file(const char *path, size_t max_bytes, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct stat st;
	int e = 0;
	void *p = NULL;
	if (fstat(fd, &st) != 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EISDIR;
	else if (st.st_size == 0)
		e = ENODATA;
	else if ((unsigned long long)st.st_size > max_bytes)
		e = EFBIG;
	else if ((p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		e = errno, p = NULL;
	close(fd);
	if (!p) {
		errno = e;
		return NULL;
	}
	*len = (size_t)st.st_size;
	return p;
}

void gw_unmap_file(void *p, size_t len)
{
	if (p)
		munmap(p, len);
}

int gw_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *gw_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return gw_xstrdup(".");
	if (slash == path)
		return gw_xstrdup("/");
	return gw_xstrndup(path, (size_t)(slash - path));
}

char *gw_path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
		return gw_xstrdup(rel);
	return gw_xasprintf("%s/%s", dir, rel);
}

int gw_file_kind(const char *path, const char **what)
{
	struct stat st;
	*what = NULL;
	if (stat(path, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return 1;
	if (S_ISDIR(st.st_mode))
		*what = "is a directory";
	else if (S_ISCHR(st.st_mode))
		*what = "is not a regular file but a character device";
	else if (S_ISBLK(st.st_mode))
		*what = "is not a regular file but a block device";
	else if (S_ISFIFO(st.st_mode))
		*what = "is not a regular file but a pipe";
	else if (S_ISSOCK(st.st_mode))
		*what = "is not a regular file but a socket";
	else
		*what = "is not a regular file";
	return -1;
}

int gw_is_stdin_path(const char *path)
{
	return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0 ||
	       strcmp(path, "/dev/fd/0") == 0 || strcmp(path, "/proc/self/fd/0") == 0;
}
