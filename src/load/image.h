/*
 * image.h: PNG images (the seal) decoded with libpng at load time.
 *
 * In: a path. Out: a gw_image (model.h) of 8-bit gray or RGB samples and the alpha apart, or
 * a phrase saying why the file cannot be one. Every PNG kind decodes: gray, gray + alpha,
 * palette (with or without tRNS), RGB, RGBA, 1 to 16 bits per sample, interlaced or not;
 * 16-bit samples are rounded to 8 bits, a tRNS colour becomes alpha. A damaged file (cut
 * short, a bad CRC, too little image data, bad compressed data) is an error here, so
 * `check` finds it and the painter never meets it.
 */
#ifndef GW_LOAD_IMAGE_H
#define GW_LOAD_IMAGE_H

#include <stddef.h>

#include "../model.h"

/*
 * Reads and decodes the PNG file at path. Returns a new image, or NULL with err set to a
 * phrase that follows the file's name in a message: "not found", "is a directory", "is not
 * a PNG image", "is damaged: CRC error", "is 9000 x 9000 pixels, over the limit of ...".
 * Images over GW_MAX_IMAGE_SIDE pixels a side or GW_MAX_IMAGE_PIXELS in all are refused
 * before anything is decoded.
 */
gw_image *gw_image_read_png(const char *path, char *err, size_t errlen);

/* Frees an image and its samples; NULL is ignored. */
void gw_image_drop(gw_image *im);

#endif
