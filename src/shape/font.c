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

#include <hb.h>

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
	hb_face_destroy(f->subset_face); /* it reads from data too */
	for (int i = 0; i < GW_FONT_PROGRAMS; i++) {
		free(f->programs[i].key);
		free(f->programs[i].z);
		free(f->programs[i].raw);
		free(f->programs[i].o2n);
	}
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

/* Big-endian reads from the font bytes; the caller has checked the bounds. */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A table tag as text for messages ("glyf", "CFF "). */
static void tag_text(const unsigned char *p, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[4] = 0;
}

/*
 * Checks the sfnt table directory of face index (OpenType 1.9 "Organization of an OpenType
 * font": the offset table, its table records, and a collection's TTC header) against the
 * file: every table must lie inside it, and the tables a face needs (cmap, head, hhea, hmtx,
 * maxp, and glyf + loca or CFF or CFF2 outlines) must be there. FreeType quietly drops a
 * table that lies outside the file, and a font without its cmap then opens fine and covers
 * no character, so every character would be reported missing. Files that are not sfnt
 * (Type 1 ...) are left to FreeType. Returns 1 (an sfnt that passed), 0 (not an sfnt, or a
 * face index the collection does not have), or -1 with the reason in err.
 */
static int check_sfnt(const unsigned char *d, size_t size, int index, char *err, size_t errlen)
{
	uint64_t off = 0;
	if (size >= 12 && memcmp(d, "ttcf", 4) == 0) {
		if (index < 0 || (uint32_t)index >= be32(d + 8))
			return 0; /* the face count check says so */
		if (12 + 4 * ((uint64_t)index + 1) > size) {
			snprintf(err, errlen, "the file is damaged: its collection header is cut");
			return -1;
		}
		off = be32(d + 12 + 4 * (size_t)index);
		if (off + 12 > size) {
			snprintf(err, errlen,
			         "the file is damaged: face %d's table directory lies outside the "
			         "file",
			         index);
			return -1;
		}
	}
	if (off + 12 > size || (be32(d + off) != 0x00010000 && memcmp(d + off, "OTTO", 4) != 0 &&
	                        memcmp(d + off, "true", 4) != 0))
		return 0;
	unsigned ntables = (unsigned)d[off + 4] << 8 | d[off + 5];
	if (ntables == 0 || off + 12 + 16 * (uint64_t)ntables > size) {
		snprintf(err, errlen, "the file is damaged: its table directory %s",
		         ntables ? "runs past the end of the file" : "lists no table");
		return -1;
	}
	unsigned have = 0; /* bits: cmap head hhea hmtx maxp glyf loca CFF CFF2 */
	static const char need[][5] = {"cmap", "head", "hhea", "hmtx", "maxp",
	                               "glyf", "loca", "CFF ", "CFF2"};
	for (unsigned i = 0; i < ntables; i++) {
		const unsigned char *r = d + off + 12 + 16 * (uint64_t)i;
		uint64_t at = be32(r + 8), len = be32(r + 12);
		char tag[5];
		tag_text(r, tag);
		if (at + len > size) {
			snprintf(err, errlen,
			         "the file is damaged: its table '%s' lies outside the file "
			         "(bytes %llu to %llu of %zu)",
			         tag, (unsigned long long)at, (unsigned long long)(at + len), size);
			return -1;
		}
		for (unsigned k = 0; k < sizeof need / sizeof need[0]; k++)
			if (memcmp(r, need[k], 4) == 0 && len > 0)
				have |= 1u << k;
	}
	for (unsigned k = 0; k < 5; k++)
		if (!(have & 1u << k)) {
			snprintf(err, errlen, "the file is damaged: it has no '%s' table", need[k]);
			return -1;
		}
	if ((have & 0x60) != 0x60 && !(have & 0x180)) {
		snprintf(err, errlen,
		         "the file is damaged: it has no outlines (no 'glyf' "
		         "and 'loca', no 'CFF ')");
		return -1;
	}
	return 1;
}

/*
 * Checks that HarfBuzz, which the subsetter uses (paint/pdf_font.c), sees the face FreeType
 * measured: tables, and as many glyphs (HarfBuzz counts maxp's, FreeType a CFF font's
 * charstrings), so no glyph the layout placed is missing from the embedded subset.
 * Returns 0, or -1 with the reason in err.
 */
static int check_hb(const gw_font *f, char *err, size_t errlen)
{
	hb_blob_t *blob = hb_blob_create((const char *)f->data, (unsigned)f->size,
	                                 HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, (unsigned)f->index);
	hb_blob_destroy(blob);
	unsigned ntables = hb_face_get_table_tags(face, 0, NULL, NULL);
	unsigned nglyphs = hb_face_get_glyph_count(face);
	hb_face_destroy(face);
	if (ntables == 0) {
		snprintf(err, errlen, "the file is damaged: HarfBuzz finds no table in it");
		return -1;
	}
	if (nglyphs != (unsigned)f->nglyphs) {
		snprintf(err, errlen,
		         "the file is damaged: FreeType counts %d glyphs in it, HarfBuzz %u (see "
		         "its 'maxp' table)",
		         f->nglyphs, nglyphs);
		return -1;
	}
	return 0;
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

	int sfnt = check_sfnt((const unsigned char *)data, size, index, err, errlen);
	if (sfnt < 0) {
		gw_unmap_file(data, size);
		return NULL;
	}
	/* an sfnt whose directory is sound but that FreeType cannot open is damaged inside */
	const char *cannot =
	        sfnt ? "the file is damaged: FreeType cannot read it" : "not a font file";

	/*
	 * Face index -1 only asks for the number of faces (FreeType's FT_Open_Face: "face_index
	 * ... -1 ... to check whether the font format is supported"), without loading face 0,
	 * which the open below would load a second time.
	 */
	FT_Face probe = NULL;
	if (FT_New_Memory_Face(fs->lib, (const FT_Byte *)data, (FT_Long)size, -1, &probe) != 0) {
		gw_unmap_file(data, size);
		snprintf(err, errlen, "%s", cannot);
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
		snprintf(err, errlen, "%s", cannot);
		return NULL;
	}
	if (detect_kind(f->face, &f->kind, err, errlen) != 0) {
		font_free(f);
		return NULL;
	}
	/*
	 * FreeType's FT_Select_Charmap(FT_ENCODING_UNICODE) prefers a UCS-4 subtable (format 12,
	 * platform 3 encoding 10) over the BMP one, so non-BMP code points such as U+20BB7 map.
	 * A font without a usable Unicode cmap (none, or one FreeType found invalid and dropped)
	 * would cover no character: an error here, not every character "missing" later.
	 */
	f->path = gw_xstrdup(path);
	f->nglyphs = (int)f->face->num_glyphs;
	/*
	 * When the cmap table is unusable, FreeType makes a Unicode map of its own from the glyph
	 * names (post, CFF charset): it covers a few hundred Latin characters and no hanzi.
	 * FT_Get_CMap_Format is -1 for such a map (and any not read from 'cmap').
	 */
	if (FT_Select_Charmap(f->face, FT_ENCODING_UNICODE) != 0 ||
	    FT_Get_CMap_Format(f->face->charmap) < 0) {
		snprintf(err, errlen,
		         "the file is damaged: it has no usable Unicode character map ('cmap')");
		font_free(f);
		return NULL;
	}
	if (f->nglyphs <= 0) {
		snprintf(err, errlen, "the file is damaged: it has no glyphs");
		font_free(f);
		return NULL;
	}
	if (check_hb(f, err, errlen) < 0) {
		font_free(f);
		return NULL;
	}
	const char *ps = FT_Get_Postscript_Name(f->face);
	f->ps_name = gw_xstrdup(ps && ps[0] ? ps : "Unknown");
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

int gw_fontset_count(const gw_fontset *fs)
{
	return fs->n;
}

gw_font *gw_fontset_opener(void *fs, const char *path, int index, char *err, size_t errlen)
{
	return gw_fontset_open(fs, path, index, err, errlen);
}

int gw_fontset_prober(void *fsv, const char *path, int index, char *err, size_t errlen)
{
	const gw_fontset *fs = fsv;
	for (int i = 0; i < fs->n; i++)
		if (fs->v[i]->index == index && strcmp(fs->v[i]->path, path) == 0)
			return 0; /* open already: nothing to save */
	size_t size = 0;
	char *data = gw_map_file(path, MAX_FONT_BYTES, &size);
	if (!data) {
		snprintf(err, errlen, "cannot read font file: %s", strerror(errno));
		return -1;
	}
	/* the same check gw_fontset_open makes first; it reads the directory's pages only */
	int r = check_sfnt((const unsigned char *)data, size, index, err, errlen);
	if (r == 1 && index != 0 && memcmp(data, "ttcf", 4) != 0)
		r = 0; /* one face, index out of range: gw_fontset_open words it */
	gw_unmap_file(data, size);
	return r;
}
