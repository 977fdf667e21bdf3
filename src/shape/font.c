/*
 * font.c: font faces opened with FreeType (implements shape/font.h).
 *
 * In: a font file path and a face index. Out: gw_font records owned by a gw_fontset: the
 * outline kind (TrueType, CID-keyed CFF, name-keyed CFF), metrics in 1/1000 em, Unicode
 * coverage, advances truncated exactly as the PDF /W array writes them, CIDs, and the raw
 * file bytes for hb-subset. Faces are opened from memory, once per (path, index).
 *
 * Reference: ../shared/reference/font-embedding.md section 2 (codes are CIDs for CID-keyed
 * CFF, GIDs otherwise) and ../shared/reference/libharu-2.3.md section 4 (advance truncation).
 */
#include "font.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include FT_CID_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include FT_ADVANCES_H
#include FT_FONT_FORMATS_H

#include "../base/util.h"

/* Largest font file we read: the Noto CJK collections are about 26 MiB. */
#define MAX_FONT_BYTES ((size_t)256 << 20)

struct gw_fontset {
	FT_Library lib; /* owned */
	gw_font **v; /* opened fonts, owned */
	int n; /* fonts held */
	int cap; /* slots of v */
};

/*
 * Creates an empty font set with its own FreeType library.
 * Returns NULL when FreeType cannot be initialised.
 */
gw_fontset *gw_fontset_new(void)
{
	gw_fontset *fs = gw_xcalloc(1, sizeof *fs);
	if (FT_Init_FreeType(&fs->lib) != 0) {
		free(fs);
		return NULL;
	}
	return fs;
}

/*
 * Frees one font record: the FreeType face first (it reads from data), then the bytes.
 */
static void font_free(gw_font *f)
{
	if (!f)
		return;
	if (f->face)
		FT_Done_Face(f->face);
	gw_unmap_file(f->data, f->size);
	free(f->path);
	free(f->ps_name);
	free(f->adv_cache);
	free(f);
}

/*
 * Frees every font of the set, then the FreeType library. NULL is ignored.
 */
void gw_fontset_drop(gw_fontset *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < fs->n; i++)
		font_free(fs->v[i]);
	free(fs->v);
	FT_Done_FreeType(fs->lib);
	free(fs);
}

/*
 * 1 when the sfnt face has a table with this tag (FT_Load_Sfnt_Table with a NULL buffer
 * only reports the length).
 */
static int has_table(FT_Face face, FT_ULong tag)
{
	FT_ULong len = 0;
	return FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) == 0 && len > 0;
}

/*
 * Font units to 1/1000 em, rounded to nearest (halves away from zero).
 */
static int to_milli(long v, int upem)
{
	long long n = (long long)v * 1000;
	if (n >= 0)
		return (int)((n + upem / 2) / upem);
	return (int)-((-n + upem / 2) / upem);
}

/*
 * Font units to 1/1000 em rounded down (floor), for the lower bbox corner.
 */
static int to_milli_floor(long v, int upem)
{
	long long n = (long long)v * 1000;
	long long q = n / upem;
	if (n % upem != 0 && n < 0)
		q--;
	return (int)q;
}

/*
 * Font units to 1/1000 em rounded up (ceiling), for the upper bbox corner.
 */
static int to_milli_ceil(long v, int upem)
{
	return -to_milli_floor(-v, upem);
}

/*
 * Classifies the outline flavour of an opened face. Returns 0 and sets *kind, or -1 with a
 * reason in err (CFF2, or not an sfnt with glyf/CFF outlines).
 */
static int detect_kind(FT_Face face, gw_font_kind *kind, char *err, size_t errlen)
{
	if (FT_IS_SFNT(face) && has_table(face, TTAG_glyf)) {
		*kind = GW_FONT_TRUETYPE;
		return 0;
	}
	if (FT_IS_SFNT(face) && has_table(face, TTAG_CFF)) {
		FT_Bool cid = 0;
		const char *reg = NULL, *ord = NULL;
		FT_Int sup = 0;
		if ((FT_Get_CID_Is_Internally_CID_Keyed(face, &cid) == 0 && cid) ||
		    FT_Get_CID_Registry_Ordering_Supplement(face, &reg, &ord, &sup) == 0)
			*kind = GW_FONT_CFF_CID;
		else
			*kind = GW_FONT_CFF_NAMED;
		return 0;
	}
	if (FT_IS_SFNT(face) && has_table(face, FT_MAKE_TAG('C', 'F', 'F', '2'))) {
		snprintf(err, errlen, "CFF2 fonts are not supported");
		return -1;
	}
	snprintf(err, errlen, "unsupported font format %s (need TrueType or OpenType CFF outlines)",
	         FT_Get_Font_Format(face) ? FT_Get_Font_Format(face) : "unknown");
	return -1;
}

/*
 * Fills the metrics of f from its face: upem, ascent/descent (OS/2 typo values when set,
 * else hhea as FreeType reports it), cap height (OS/2 v2+, else 700), bbox.
 */
static void read_metrics(gw_font *f)
{
	FT_Face face = f->face;
	int upem = face->units_per_EM ? face->units_per_EM : 1000;
	f->upem = upem;
	TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
	long asc = face->ascender, desc = face->descender;
	if (os2 && os2->version != 0xFFFF &&
	    (os2->sTypoAscender != 0 || os2->sTypoDescender != 0)) {
		asc = os2->sTypoAscender;
		desc = os2->sTypoDescender;
	}
	if (asc == 0 && desc == 0) {
		asc = face->bbox.yMax;
		desc = face->bbox.yMin;
	}
	f->ascent = to_milli(asc, upem);
	f->descent = to_milli(desc, upem);
	if (f->descent > 0)
		f->descent = -f->descent;
	if (os2 && os2->version != 0xFFFF && os2->version >= 2 && os2->sCapHeight > 0)
		f->cap_height = to_milli(os2->sCapHeight, upem);
	else
		f->cap_height = 700;
	f->bbox[0] = to_milli_floor(face->bbox.xMin, upem);
	f->bbox[1] = to_milli_floor(face->bbox.yMin, upem);
	f->bbox[2] = to_milli_ceil(face->bbox.xMax, upem);
	f->bbox[3] = to_milli_ceil(face->bbox.yMax, upem);
}

/*
 * Opens path/index once; a second call with the same path and index returns the same font.
 * The file is mapped into memory and FreeType reads the face from there, so the subsetter
 * later works on exactly the bytes FreeType measured; only the pages touched are read.
 * Returns NULL with a one-sentence reason in err on failure.
 */
gw_font *gw_fontset_open(gw_fontset *fs, const char *path, int index, char *err, size_t errlen)
{
	for (int i = 0; i < fs->n; i++)
		if (fs->v[i]->index == index && strcmp(fs->v[i]->path, path) == 0)
			return fs->v[i];

	size_t size = 0;
	char *data = gw_map_file(path, MAX_FONT_BYTES, &size);
	if (!data) {
		snprintf(err, errlen, "cannot read font file: %s", strerror(errno));
		return NULL;
	}

	/* A negative index only asks for the number of faces. */
	FT_Face probe = NULL;
	if (FT_New_Memory_Face(fs->lib, (const FT_Byte *)data, (FT_Long)size, 0, &probe) != 0) {
		gw_unmap_file(data, size);
		snprintf(err, errlen, "not a font file");
		return NULL;
	}
	long nfaces = probe->num_faces;
	FT_Done_Face(probe);
	if (index < 0 || index >= nfaces) {
		gw_unmap_file(data, size);
		if (nfaces == 1)
			snprintf(err, errlen, "font file has 1 face, index %d is out of range",
			         index);
		else
			snprintf(err, errlen,
			         "font collection has %ld faces, index %d is out of range", nfaces,
			         index);
		return NULL;
	}

	gw_font *f = gw_xcalloc(1, sizeof *f);
	f->data = (unsigned char *)data;
	f->size = size;
	f->index = index;
	if (FT_New_Memory_Face(fs->lib, f->data, (FT_Long)size, index, &f->face) != 0) {
		f->face = NULL;
		font_free(f);
		snprintf(err, errlen, "not a font file");
		return NULL;
	}
	if (detect_kind(f->face, &f->kind, err, errlen) != 0) {
		font_free(f);
		return NULL;
	}
	/*
	 * FreeType's FT_Select_Charmap(FT_ENCODING_UNICODE) prefers a UCS-4 subtable (format 12,
	 * platform 3 encoding 10) over the BMP one, so non-BMP code points such as U+20BB7 map.
	 * A font without a Unicode cmap keeps FreeType's default and covers nothing.
	 */
	FT_Select_Charmap(f->face, FT_ENCODING_UNICODE);

	f->path = gw_xstrdup(path);
	const char *ps = FT_Get_Postscript_Name(f->face);
	f->ps_name = gw_xstrdup(ps && ps[0] ? ps : "Unknown");
	f->nglyphs = (int)f->face->num_glyphs;
	f->adv_cache = gw_xmalloc((size_t)(f->nglyphs > 0 ? f->nglyphs : 1) * sizeof(uint16_t));
	for (int i = 0; i < f->nglyphs; i++)
		f->adv_cache[i] = 0xFFFF;
	read_metrics(f);

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 8;
		fs->v = gw_xrealloc(fs->v, (size_t)fs->cap * sizeof *fs->v);
	}
	fs->v[fs->n++] = f;
	return f;
}

/*
 * Glyph id for code point cp through the selected Unicode cmap; 0 (.notdef) when missing.
 */
uint32_t gw_font_glyph(gw_font *f, uint32_t cp)
{
	if (!f->face->charmap || f->face->charmap->encoding != FT_ENCODING_UNICODE)
		return 0;
	return (uint32_t)FT_Get_Char_Index(f->face, cp);
}

/*
 * Advance of gid in 1/1000 em, truncated: trunc(advance * 1000 / upem) with the unscaled
 * advance from hmtx (TrueType) or the charstring width (CFF). Cached per glyph. A glyph id
 * outside the font has advance 0.
 */
int gw_font_advance(gw_font *f, uint32_t gid)
{
	if (gid >= (uint32_t)f->nglyphs)
		return 0;
	if (f->adv_cache[gid] != 0xFFFF)
		return f->adv_cache[gid];
	FT_Fixed adv = 0;
	long v = 0;
	if (FT_Get_Advance(f->face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING, &adv) == 0 &&
	    adv > 0)
		v = (long)((long long)adv * 1000 / f->upem);
	if (v > 0xFFFE)
		v = 0xFFFE;
	f->adv_cache[gid] = (uint16_t)v;
	return (int)v;
}

/*
 * CID of gid for CID-keyed CFF (from the font's charset); the gid itself for other kinds or
 * when FreeType cannot tell.
 */
uint32_t gw_font_cid(gw_font *f, uint32_t gid)
{
	if (f->kind != GW_FONT_CFF_CID)
		return gid;
	FT_UInt cid = 0;
	if (FT_Get_CID_From_Glyph_Index(f->face, gid, &cid) != 0)
		return gid;
	return cid;
}
