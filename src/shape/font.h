/*
 * font.h: font faces opened with FreeType, shared by the shaper and the PDF painter.
 *
 * In: a font file path and face index (collections such as .ttc/.otc). Out: a gw_font with
 * coverage (code point -> glyph id), advances in 1/1000 em truncated the way the PDF /W
 * array is written, vertical metrics, and the raw file bytes for subsetting.
 * A gw_fontset owns the FreeType library and every face it opened (opened once per path+index).
 */
#ifndef GW_FONT_H
#define GW_FONT_H

#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H

typedef enum gw_font_kind {
	GW_FONT_TRUETYPE, /* glyf outlines: embedded as CIDFontType2 + FontFile2 */
	GW_FONT_CFF_CID, /* CID-keyed CFF (Fandol, Noto CJK): CIDFontType0C, code = CID */
	GW_FONT_CFF_NAMED /* name-keyed CFF: CIDFontType0C, code = GID, subset keeps GIDs */
} gw_font_kind;

/*
 * A font program already subset and Flate-compressed for one glyph set (paint/pdf_font.c):
 * a context that paints the same glyphs of a font again (the same document, or one that
 * uses exactly the same glyphs) copies these bytes instead of subsetting and compressing.
 */
typedef struct gw_font_program {
	unsigned char *key; /* the subset's input: used-glyph bitmap, then kept code points */
	size_t key_len; /* bytes of key; 0: an empty slot */
	unsigned char *z; /* the program, compressed exactly as libharu compresses a stream */
	size_t z_len; /* bytes of z */
	unsigned char *raw; /* the program uncompressed (the PDF's /ID hashes these bytes) */
	uint32_t plen; /* bytes of raw (/Length1) */
	uint32_t *o2n; /* TrueType: original gid -> subset gid (0xFFFFFFFF: not in it), else NULL */
} gw_font_program;

#define GW_FONT_PROGRAMS 4 /* glyph sets remembered per font (the oldest is replaced) */

typedef struct gw_font {
	char *path; /* file path as resolved (owned) */
	int index; /* face index inside a collection, 0 for single fonts */
	FT_Face face; /* FreeType face, unscaled use only */
	gw_font_kind kind; /* outline flavour, decides the PDF font structure */
	char *ps_name; /* PostScript name (owned), "Unknown" when the font has none */
	int upem; /* font units per em */
	int ascent; /* 1/1000 em, positive above the baseline (hhea/OS2 ascender) */
	int descent; /* 1/1000 em, negative below the baseline */
	int cap_height; /* 1/1000 em */
	int bbox[4]; /* font bbox in 1/1000 em: xmin ymin xmax ymax */
	unsigned char *data; /* whole file bytes (owned; FreeType reads from it too) */
	size_t size; /* bytes of data */
	uint16_t *adv_cache; /* advance in 1/1000 em per glyph id, 0xFFFF = not computed */
	int nglyphs; /* glyphs in the face */
	/* the HarfBuzz face hb-subset works on (paint/pdf_font.c), made at the font's first
	   subset and kept while the font lives: the tables and accelerators HarfBuzz parses
	   lazily stay on it, so a warm context parses them once, not once per document (not
	   hb_subset_preprocess: that subsets the whole font, ~2 s for the Fandol set); NULL
	   until then (owned) */
	struct hb_face_t *subset_face;
	gw_font_program programs[GW_FONT_PROGRAMS]; /* the last subsets painted (owned) */
	int next_program; /* the slot of programs the next new subset takes */
} gw_font;

typedef struct gw_fontset gw_fontset;

/* Creates an empty set; returns NULL if FreeType cannot start. Drop with gw_fontset_drop. */
gw_fontset *gw_fontset_new(void);
void gw_fontset_drop(gw_fontset *fs);

/*
 * Opens path/index once (later calls return the same gw_font, owned by the set).
 * Returns NULL and writes a one-sentence reason to err when the file cannot be read,
 * is not a font, the index is out of range, or the font kind is unsupported (CFF2).
 */
gw_font *gw_fontset_open(gw_fontset *fs, const char *path, int index, char *err, size_t errlen);

/* Faces the set holds (opened so far). */
int gw_fontset_count(const gw_fontset *fs);

/* gw_fontset_open with the font set as a void *: the runtime's open_font (base/rt.h), by
   which a context lends its font set to the layout loader. */
gw_font *gw_fontset_opener(void *fs, const char *path, int index, char *err, size_t errlen);

/*
 * Checks cheaply whether path/index can be opened later (a fallback face, opened at its first
 * use): the file is mapped and its sfnt table directory checked (the required tables, inside
 * the file, the face index in the collection); no face is parsed. Returns 1 when it looks
 * sound, 0 when only opening it can tell (not an sfnt, an index out of range: the opening
 * says why) or it is already open in fs, -1 with the reason in err. fs is a gw_fontset.
 */
int gw_fontset_prober(void *fs, const char *path, int index, char *err, size_t errlen);

/* Glyph id of code point cp through the font's Unicode cmap, 0 when missing. */
uint32_t gw_font_glyph(gw_font *f, uint32_t cp);

/*
 * Advance of glyph gid in 1/1000 em: trunc(advance * 1000 / upem), the same integer the PDF
 * /W array carries, so layout and viewers agree exactly.
 */
int gw_font_advance(gw_font *f, uint32_t gid);

/* The CID of glyph gid for GW_FONT_CFF_CID fonts (from the CFF charset); gid otherwise. */
uint32_t gw_font_cid(gw_font *f, uint32_t gid);

#endif
