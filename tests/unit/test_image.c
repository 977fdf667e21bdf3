/*
 * test_image.c: unit test of load/image.c, the PNG decoder behind seals (issue 10, point 2).
 *
 * In: PNGs written here with libpng's own writer (RGBA, RGB, gray + alpha, gray; the shell
 * test tests/run.d/20-images.sh covers palettes, depths and interlacing), into a mkdtemp
 * directory removed at the end. Out: one line per check, "ok
 * NAME" or "FAIL NAME: detail", then "N passed, N failed"; exit status 1 when any failed.
 *
 * Checks: each kind decodes to exactly the pixels written (an opaque alpha dropped); then
 * every prefix of a valid file and every single-byte change of it is refused with a reason
 * and never crashes or aborts (every byte of a PNG after its signature is covered by a
 * chunk's CRC or length, so no change can go unseen); the size limits come before decoding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "harness.h"
#include "load/image.h"

static char dir[64];

/* Writes bytes to dir/name; returns the path (static buffer). */
static const char *put(const char *name, const unsigned char *b, size_t n)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return path;
}

/* A 40 x 30 test picture in the given libpng simplified format, encoded as a PNG. */
static unsigned char *encode(uint32_t format, unsigned char **pixels, size_t *n)
{
	png_image pi;
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	pi.width = 40;
	pi.height = 30;
	pi.format = format;
	size_t ch = PNG_IMAGE_SAMPLE_CHANNELS(format);
	unsigned char *px = gw_xmalloc(40 * 30 * ch);
	for (size_t i = 0; i < 40 * 30; i++)
		for (size_t c = 0; c < ch;
		     c++) /* a few distinct values, as a colour-mapped image allows */
			px[i * ch + c] = (unsigned char)(((i / 7 + c * 3) % 4) * 60 +
			                                 (c == ch - 1 ? 15 : 0));
	png_alloc_size_t size = 0;
	if (!png_image_write_to_memory(&pi, NULL, &size, 0, px, 0, NULL)) {
		fprintf(stderr, "png_image_write_to_memory: %s\n", pi.message);
		exit(1);
	}
	unsigned char *b = gw_xmalloc(size);
	if (!png_image_write_to_memory(&pi, b, &size, 0, px, 0, NULL)) {
		fprintf(stderr, "png_image_write_to_memory: %s\n", pi.message);
		exit(1);
	}
	*pixels = px;
	*n = size;
	return b;
}

/* Each kind decodes to the samples written: colour apart from alpha. */
static void kinds(void)
{
	static const struct {
		const char *name;
		uint32_t format;
		int colour, alpha; /* channels expected in the gw_image */
	} k[] = {
	        {"RGBA", PNG_FORMAT_RGBA, 3, 1},
	        {"RGB", PNG_FORMAT_RGB, 3, 0},
	        {"gray + alpha", PNG_FORMAT_GA, 1, 1},
	        {"gray", PNG_FORMAT_GRAY, 1, 0},
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		unsigned char *px, *b;
		size_t n;
		b = encode(k[i].format, &px, &n);
		char err[300] = "", name[80];
		gw_image *im = gw_image_read_png(put("kind.png", b, n), err, sizeof err);
		snprintf(name, sizeof name, "image: %s decodes to the samples written", k[i].name);
		int same = im && im->w == 40 && im->h == 30 && im->channels == k[i].colour &&
		           (im->alpha != NULL) == k[i].alpha;
		int ch = k[i].colour + k[i].alpha;
		for (int p = 0; same && p < 40 * 30; p++) {
			same = memcmp(im->pix + p * k[i].colour, px + p * ch,
			              (size_t)k[i].colour) == 0;
			if (same && k[i].alpha)
				same = im->alpha[p] == px[p * ch + ch - 1];
		}
		check(same, name, "%s", im ? "samples differ" : err);
		gw_image_drop(im);
		free(px);
		free(b);
	}
	/* an alpha channel that is opaque everywhere changes no pixel: dropped */
	unsigned char *px, *b;
	size_t n;
	b = encode(PNG_FORMAT_RGBA, &px, &n);
	free(b);
	for (int p = 0; p < 40 * 30; p++)
		px[p * 4 + 3] = 255;
	png_image pi;
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	pi.width = 40;
	pi.height = 30;
	pi.format = PNG_FORMAT_RGBA;
	png_alloc_size_t size = 64 << 10;
	b = gw_xmalloc(size);
	char err[300] = "";
	gw_image *im = png_image_write_to_memory(&pi, b, &size, 0, px, 0, NULL)
	                       ? gw_image_read_png(put("opaque.png", b, size), err, sizeof err)
	                       : NULL;
	CHECK("image: an opaque alpha channel is dropped", im && im->channels == 3 && !im->alpha);
	gw_image_drop(im);
	free(px);
	free(b);
}

/* Every prefix and every single-byte change of a valid PNG is refused with a reason. */
static void damage(void)
{
	unsigned char *px, *b;
	size_t n;
	b = encode(PNG_FORMAT_RGBA, &px, &n);
	char err[300];
	int bad = 0;
	char first[400] = "";
	for (size_t cut = 0; cut < n; cut++) {
		err[0] = 0;
		gw_image *im = gw_image_read_png(put("cut.png", b, cut), err, sizeof err);
		int ok = !im && (strncmp(err, "is damaged: ", 12) == 0 ||
		                 strcmp(err, "is not a PNG image") == 0);
		if (!ok && !bad++)
			snprintf(first, sizeof first, "prefix of %zu bytes: %s", cut,
			         im ? "decoded" : err);
		gw_image_drop(im);
	}
	check(!bad, "image: every prefix of a PNG is refused (damaged or not a PNG)", "%d: %s", bad,
	      first);
	/* the ancillary chunks (sRGB, gAMA ...): libpng skips one with a bad CRC (a benign
	   error), so a change there may leave the same pixels, never others */
	unsigned char *anc = gw_xcalloc(n, 1);
	for (size_t at = 8; at + 12 <= n;) {
		size_t len = (size_t)b[at] << 24 | (size_t)b[at + 1] << 16 |
		             (size_t)b[at + 2] << 8 | b[at + 3];
		if (b[at + 4] & 0x20)
			memset(anc + at, 1, len + 12 <= n - at ? len + 12 : n - at);
		at += len + 12;
	}
	unsigned char *c = gw_xmalloc(n);
	bad = 0;
	int same = 0;
	for (size_t at = 0; at < n; at++) {
		memcpy(c, b, n);
		c[at] ^= (unsigned char)(1u << (at % 8));
		err[0] = 0;
		gw_image *im = gw_image_read_png(put("flip.png", c, n), err, sizeof err);
		int ok = im ? anc[at] && im->channels == 3 && im->alpha : err[0] != 0;
		if (im && ok)
			for (int p = 0; p < 40 * 30 && ok; p++)
				ok = memcmp(im->pix + 3 * p, px + 4 * p, 3) == 0 &&
				     im->alpha[p] == px[4 * p + 3];
		same += im && ok;
		if (!ok && !bad++)
			snprintf(first, sizeof first, "byte %zu changed: %s", at,
			         im ? "decoded to other pixels, or in a critical chunk"
			            : "no reason");
		gw_image_drop(im);
	}
	check(!bad,
	      "image: every single-byte change of a PNG is refused with a reason (or, in an "
	      "ancillary chunk, leaves the pixels)",
	      "%d: %s", bad, first);
	check(same < 20, "image: only a few changes, all in ancillary chunks, leave the pixels",
	      "%d did", same);
	free(anc);
	free(c);
	/* the whole file still decodes: the sweeps above tested the file, not a broken one */
	gw_image *im = gw_image_read_png(put("whole.png", b, n), err, sizeof err);
	CHECK("image: the file the sweeps cut and changed decodes whole", im != NULL);
	gw_image_drop(im);
	free(px);
	free(b);
}

/* A PNG whose IHDR declares w x h (CRC right), with no image data after it. */
static const char *declared(uint32_t w, uint32_t h)
{
	unsigned char b[8 + 25 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
	                                0,    0,   0,   13,  'I',  'H',  'D',  'R'};
	unsigned char *p = b + 16;
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(w >> (24 - 8 * i)),
		p[4 + i] = (unsigned char)(h >> (24 - 8 * i));
	p[8] = 8, p[9] = 6, p[10] = p[11] = p[12] = 0;
	uint32_t crc = (uint32_t)crc32(0, b + 12, 17);
	for (int i = 0; i < 4; i++)
		b[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
	memcpy(b + 33, "\0\0\0\0IEND\xAE\x42\x60\x82", 12);
	return put("declared.png", b, sizeof b);
}

/* Sizes over GW_MAX_IMAGE_SIDE or GW_MAX_IMAGE_PIXELS are refused before decoding. */
static void limits(void)
{
	char err[300] = "";
	gw_image *im = gw_image_read_png(declared(GW_MAX_IMAGE_SIDE + 1, 1), err, sizeof err);
	check(!im && strstr(err, "over the limit"),
	      "image: a side over GW_MAX_IMAGE_SIDE is refused", "%s", err);
	gw_image_drop(im);
	im = gw_image_read_png(declared(GW_MAX_IMAGE_SIDE, GW_MAX_IMAGE_SIDE), err, sizeof err);
	check(!im && strstr(err, "over the limit"),
	      "image: more than GW_MAX_IMAGE_PIXELS is refused", "%s", err);
	gw_image_drop(im);
	/* within the limits, the same file is damaged (no image data), not too big */
	im = gw_image_read_png(declared(100, 100), err, sizeof err);
	check(!im && strncmp(err, "is damaged: ", 12) == 0,
	      "image: within the limits, a file without image data is damaged", "%s", err);
	gw_image_drop(im);
	im = gw_image_read_png(dir, err, sizeof err);
	check(!im && strcmp(err, "is a directory") == 0, "image: a directory says so", "%s", err);
	gw_image_drop(im);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/gw-image-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	kinds();
	damage();
	limits();
	const char *names[] = {"kind.png", "opaque.png", "cut.png",
	                       "flip.png", "whole.png",  "declared.png"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	DONE();
}
