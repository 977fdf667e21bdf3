/*
 * image.c: PNG images decoded with libpng (implements load/image.h).
 *
 * In: a path. Out: a gw_image with 8-bit samples, or a phrase saying what is wrong with the
 * file. libpng reports a damaged file through its error callback, which must not return:
 * ours keeps libpng's message and jumps back to decode() (libpng's setjmp/longjmp protocol),
 * so a file cut short or corrupt is an input error. libharu's PNG loader let that callback
 * return, and libpng then aborted the process; the painter now gets our pixels instead and
 * never parses a PNG (paint/pdf.c).
 *
 * The samples are not gamma corrected or colour managed: they go to the PDF as the file
 * holds them, as libharu's loader wrote them, so a valid seal looks exactly as before.
 */
#include "image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <png.h>
#include <zlib.h>

#include "../base/util.h"

/* What decode() works on; allocations live here so that a longjmp loses none. */
typedef struct png_ctx {
	FILE *f; /* the file, after its 8-byte signature */
	char msg[200]; /* libpng's reason for the first error */
	int too_big; /* 1: the size in IHDR is over the limits */
	png_uint_32 w, h; /* from IHDR */
	unsigned char *buf; /* the decoded rows, w * h * channels (owned until taken) */
	png_bytep *rows; /* row pointers into buf (owned) */
	int channels; /* samples per pixel after the transforms: 1 to 4 */
} png_ctx;

/* libpng's error callback: keeps the message and returns to decode()'s setjmp. */
static void on_error(png_structp png, png_const_charp msg)
{
	png_ctx *c = png_get_error_ptr(png);
	if (!c->msg[0])
		snprintf(c->msg, sizeof c->msg, "%s", msg);
	png_longjmp(png, 1);
}

/* libpng's warnings (a benign fault the file still decodes past) are not reported. */
static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* libpng's read callback: a short read means the file was cut short. */
static void on_read(png_structp png, png_bytep data, size_t len)
{
	png_ctx *c = png_get_io_ptr(png);
	if (fread(data, 1, len, c->f) != len)
		png_error(png, ferror(c->f) ? "read error" : "the file ends too early");
}

/* 1 when w x h is over GW_MAX_IMAGE_SIDE or GW_MAX_IMAGE_PIXELS. */
static int too_big(uint32_t w, uint32_t h)
{
	return w > GW_MAX_IMAGE_SIDE || h > GW_MAX_IMAGE_SIDE ||
	       (uint64_t)w * h > GW_MAX_IMAGE_PIXELS;
}

/*
 * Reads the size from the IHDR chunk that follows the signature, when it is whole and its
 * CRC right (PNG specification 11.2.2), so that a size over the limits is reported as such
 * before anything else is read; then goes back to the chunk for libpng. Returns 1 with the
 * size in c->w, c->h, 0 when libpng is to find what is wrong, -1 when the file cannot seek.
 */
static int read_size(png_ctx *c)
{
	unsigned char h[25];
	int whole = fread(h, 1, sizeof h, c->f) == sizeof h;
	if (fseek(c->f, 8, SEEK_SET) != 0)
		return -1;
	if (!whole || memcmp(h, "\0\0\0\15IHDR", 8) != 0 ||
	    crc32(0, h + 4, 17) !=
	            ((uint32_t)h[21] << 24 | (uint32_t)h[22] << 16 | (uint32_t)h[23] << 8 | h[24]))
		return 0;
	c->w = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 | (uint32_t)h[10] << 8 | h[11];
	c->h = (uint32_t)h[12] << 24 | (uint32_t)h[13] << 16 | (uint32_t)h[14] << 8 | h[15];
	return 1;
}

/*
 * Decodes the image after its signature into c->buf: palette, tRNS and gray below 8 bits
 * expanded to 8-bit gray, gray + alpha, RGB or RGBA; 16 bits rounded to 8; every Adam7 pass
 * of an interlaced image read; the chunks after the image data read to IEND, so a CRC or a
 * cut anywhere is found. Returns 0, or -1 with c->msg (libpng's reason) or c->too_big.
 */
static int decode(png_structp png, png_infop info, png_ctx *c)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_set_read_fn(png, c, on_read);
	png_set_sig_bytes(png, 8);
	/* read_size() checked the limits with our message; this only backs it up */
	png_set_user_limits(png, GW_MAX_IMAGE_SIDE, GW_MAX_IMAGE_SIDE);
	png_read_info(png, info);
	c->w = png_get_image_width(png, info);
	c->h = png_get_image_height(png, info);
	if (too_big(c->w, c->h)) {
		c->too_big = 1;
		return -1;
	}
	png_set_expand(png); /* palette -> RGB, gray 1/2/4 -> 8, tRNS -> alpha */
	png_set_scale_16(png); /* 16 -> 8 bits, rounded (v * 255 / 65535) */
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	c->channels = png_get_channels(png, info);
	size_t rowbytes = png_get_rowbytes(png, info);
	if (c->channels < 1 || c->channels > 4 || png_get_bit_depth(png, info) != 8 ||
	    rowbytes != (size_t)c->w * (size_t)c->channels)
		png_error(png, "unexpected sample layout after decoding");
	c->buf = gw_xmalloc(rowbytes * c->h);
	c->rows = gw_xmalloc(c->h * sizeof *c->rows);
	for (png_uint_32 y = 0; y < c->h; y++)
		c->rows[y] = c->buf + y * rowbytes;
	png_read_image(png, c->rows);
	png_read_end(png, NULL);
	return 0;
}

/*
 * Splits the decoded pixels into colour samples (1 or 3 a pixel) and alpha; the alpha is
 * dropped when every pixel is opaque (it would change no pixel). Takes c->buf.
 */
static gw_image *split(png_ctx *c)
{
	size_t n = (size_t)c->w * c->h;
	int alpha = c->channels == 2 || c->channels == 4,
	    cc = alpha ? c->channels - 1 : c->channels;
	gw_image *im = gw_xcalloc(1, sizeof *im);
	im->w = (int)c->w;
	im->h = (int)c->h;
	im->channels = cc;
	if (alpha) {
		int opaque = 1;
		for (size_t i = 0; i < n && opaque; i++)
			opaque = c->buf[i * (size_t)c->channels + (size_t)cc] == 255;
		if (!opaque) {
			im->alpha = gw_xmalloc(n);
			for (size_t i = 0; i < n; i++)
				im->alpha[i] = c->buf[i * (size_t)c->channels + (size_t)cc];
		}
		/* the colour samples move to the front of buf, in place */
		for (size_t i = 0; i < n; i++)
			memmove(c->buf + i * (size_t)cc, c->buf + i * (size_t)c->channels,
			        (size_t)cc);
		c->buf = gw_xrealloc(c->buf, n * (size_t)cc);
	}
	im->pix = c->buf;
	c->buf = NULL;
	return im;
}

/* The message for a size over the limits (GW_MAX_IMAGE_SIDE, GW_MAX_IMAGE_PIXELS). */
static void size_error(const png_ctx *c, char *err, size_t errlen)
{
	snprintf(err, errlen,
	         "is %lu x %lu pixels, over the limit of %d pixels a side and %u in all",
	         (unsigned long)c->w, (unsigned long)c->h, GW_MAX_IMAGE_SIDE, GW_MAX_IMAGE_PIXELS);
}

gw_image *gw_image_read_png(const char *path, char *err, size_t errlen)
{
	const char *what;
	int kind = gw_file_kind(path, &what);
	if (kind < 0) {
		snprintf(err, errlen, "%s", what);
		return NULL;
	}
	FILE *f = kind ? fopen(path, "rb") : NULL;
	if (!f) {
		if (kind == 0 && errno == ENOENT)
			snprintf(err, errlen, "not found");
		else
			snprintf(err, errlen, "cannot be read: %s", strerror(errno));
		return NULL;
	}
	/* the same file, checked on the open descriptor: the path may have changed since */
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		snprintf(err, errlen, "is not a regular file");
		return NULL;
	}
	unsigned char sig[8];
	if (fread(sig, 1, sizeof sig, f) != sizeof sig || png_sig_cmp(sig, 0, sizeof sig) != 0) {
		fclose(f);
		snprintf(err, errlen, "is not a PNG image");
		return NULL;
	}
	png_ctx c;
	memset(&c, 0, sizeof c);
	c.f = f;
	int sized = read_size(&c);
	if (sized < 0 || (sized && too_big(c.w, c.h))) {
		fclose(f);
		if (sized < 0)
			snprintf(err, errlen, "cannot be read: %s", strerror(errno));
		else
			size_error(&c, err, errlen);
		return NULL;
	}
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, on_error, on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	gw_image *im = NULL;
	if (!png || !info)
		snprintf(err, errlen, "cannot be decoded: libpng could not start");
	else if (decode(png, info, &c) == 0)
		im = split(&c);
	else if (c.too_big)
		size_error(&c, err, errlen);
	else
		snprintf(err, errlen, "is damaged: %s", c.msg[0] ? c.msg : "unreadable");
	png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
	free(c.buf);
	free(c.rows);
	fclose(f);
	return im;
}

void gw_image_drop(gw_image *im)
{
	if (!im)
		return;
	free(im->pix);
	free(im->alpha);
	free(im);
}
