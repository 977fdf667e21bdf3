/*
 * utf8.h: UTF-8 decoding and validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 *
 * In: bytes. Out: code points, or the length of the first invalid sequence.
 */
#ifndef GW_UTF8_H
#define GW_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one code point from s[0..n). Returns the number of bytes used (1..4) and stores
 * the code point in *cp, or returns 0 for an invalid or truncated sequence (then *cp = 0xFFFD).
 */
int gw_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encodes cp into out (at least 4 bytes); returns the byte count. */
int gw_utf8_encode(uint32_t cp, char *out);

/* Counts the code points in s[0..n) (an invalid byte counts as one). */
size_t gw_utf8_count(const char *s, size_t n);

/*
 * Counts the UTF-16 code units of valid UTF-8 s[0..n): one per code point of the BMP, two
 * (a surrogate pair) per code point beyond it.
 */
size_t gw_utf16_units(const char *s, size_t n);

#endif
