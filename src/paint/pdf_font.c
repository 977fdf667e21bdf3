/*
 * pdf_font.c: our own font embedding through libharu's object API (implements pdf_font.h).
 *
 * In: while pages are painted, (font, glyph id, text) triples from the painter; at the end
 * a call to gw_pdf_fonts_finish. Out: a 2-byte code and a page resource name per use, and at
 * finish, per font: the hb-subset font program (FontFile2, or FontFile3 /CIDFontType0C with
 * the bare 'CFF ' table), FontDescriptor, CIDFont with /DW 1000 and a sparse /W,
 * CIDToGIDMap (TrueType), and one ToUnicode CMap per Type0 dictionary.
 *
 * Implements ../shared/reference/font-embedding.md: section 1 (object recipe, pitfalls 4-8:
 * every return code checked, Xref_Add before containers, Flate set by hand, integer widths),
 * section 2 (codes: sequential per (glyph, text) for TrueType, CID for CID-keyed CFF with
 * alias Type0 dictionaries for a second text, GID with RETAIN_GIDS for name-keyed CFF) and
 * section 3 (hb-subset flags and dropped tables).
 *
 * Everything is deterministic: object order follows first use, the subset tag is a hash of
 * the PostScript name and the glyph set, and hash tables are only used for lookups (every
 * list written to the PDF is sorted).
 */
#include "pdf_font.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>
#include <zlib.h>

#include FT_CID_H

#include "../base/util.h"
#include "../gw.h"

/* Most code points one glyph may stand for (a ligature or a shaped cluster). */
#define MAX_TEXT_CPS 64
/* bfchar entries per block (the CMap operator limit is 100). */
#define BFCHAR_BLOCK 100
/* Elements per inner /W array; libharu refuses arrays above HPDF_LIMIT_MAX_ARRAY. */
#define W_RUN_MAX 32000
/* Gaps of up to this many codes are filled with 1000 inside one /W run (keeps runs few). */
#define W_GAP_FILL 3

/* ---- a small open-addressing hash map from uint64 keys to uint32 values ---- */

#define MAP_EMPTY UINT64_MAX

typedef struct u64map {
	uint64_t *keys; /* MAP_EMPTY marks a free slot */
	uint32_t *vals;
	size_t cap; /* slots, a power of two */
	size_t n; /* keys held */
} u64map;

/*
 * splitmix64 finaliser: spreads the bits of k over the whole word.
 */
static uint64_t mix64(uint64_t k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return k;
}

/*
 * Returns a pointer to the value stored for key, or NULL when absent.
 */
static uint32_t *map_get(const u64map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
		if (m->keys[i] == key)
			return &m->vals[i];
		if (m->keys[i] == MAP_EMPTY)
			return NULL;
	}
}

/*
 * Inserts or replaces key -> val, growing the table to keep it at most half full.
 */
static void map_put(u64map *m, uint64_t key, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		uint64_t *nk = gw_xmalloc(ncap * sizeof *nk);
		uint32_t *nv = gw_xmalloc(ncap * sizeof *nv);
		for (size_t i = 0; i < ncap; i++)
			nk[i] = MAP_EMPTY;
		for (size_t i = 0; i < m->cap; i++) {
			if (m->keys[i] == MAP_EMPTY)
				continue;
			size_t j = mix64(m->keys[i]) & (ncap - 1);
			while (nk[j] != MAP_EMPTY)
				j = (j + 1) & (ncap - 1);
			nk[j] = m->keys[i];
			nv[j] = m->vals[i];
		}
		free(m->keys);
		free(m->vals);
		m->keys = nk;
		m->vals = nv;
		m->cap = ncap;
	}
	size_t mask = m->cap - 1;
	size_t i = mix64(key) & mask;
	while (m->keys[i] != MAP_EMPTY && m->keys[i] != key)
		i = (i + 1) & mask;
	if (m->keys[i] == MAP_EMPTY)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

/*
 * Frees the table's arrays and resets it to empty.
 */
static void map_free(u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- interned texts: each distinct code point sequence gets a small id ---- */

typedef struct textpool {
	uint32_t *cps; /* all texts' code points, concatenated */
	size_t ncps; /* code points used in cps */
	size_t capcps; /* code points allocated in cps */
	uint32_t *off; /* per text id: offset into cps */
	uint32_t *len; /* per text id: number of code points */
	uint32_t n; /* texts held */
	uint32_t cap; /* slots of off/len */
	uint32_t *slots; /* hash table of text id + 1; 0 = free */
	size_t nslots; /* a power of two */
} textpool;

/*
 * FNV-1a over the code points of one text.
 */
static uint64_t text_hash(const uint32_t *cps, int n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < n; i++) {
		for (int b = 0; b < 4; b++) {
			h ^= (cps[i] >> (8 * b)) & 0xFF;
			h *= 0x100000001b3ULL;
		}
	}
	h ^= (uint64_t)n;
	return mix64(h);
}

/*
 * Returns the id of text cps[0..n), adding it to the pool when new.
 */
static uint32_t text_intern(textpool *p, const uint32_t *cps, int n)
{
	if ((p->n + 1) * 2 > p->nslots) {
		size_t ns = p->nslots ? p->nslots * 2 : 64;
		uint32_t *sl = gw_xcalloc(ns, sizeof *sl);
		for (uint32_t id = 0; id < p->n; id++) {
			size_t j = text_hash(p->cps + p->off[id], (int)p->len[id]) & (ns - 1);
			while (sl[j])
				j = (j + 1) & (ns - 1);
			sl[j] = id + 1;
		}
		free(p->slots);
		p->slots = sl;
		p->nslots = ns;
	}
	size_t mask = p->nslots - 1;
	size_t j = text_hash(cps, n) & mask;
	for (; p->slots[j]; j = (j + 1) & mask) {
		uint32_t id = p->slots[j] - 1;
		if (p->len[id] == (uint32_t)n &&
		    (n == 0 || memcmp(p->cps + p->off[id], cps, (size_t)n * sizeof *cps) == 0))
			return id;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->off = gw_xrealloc(p->off, p->cap * sizeof *p->off);
		p->len = gw_xrealloc(p->len, p->cap * sizeof *p->len);
	}
	if (p->ncps + (size_t)n > p->capcps) {
		while (p->ncps + (size_t)n > p->capcps)
			p->capcps = p->capcps ? p->capcps * 2 : 256;
		p->cps = gw_xrealloc(p->cps, p->capcps * sizeof *p->cps);
	}
	uint32_t id = p->n++;
	p->off[id] = (uint32_t)p->ncps;
	p->len[id] = (uint32_t)n;
	if (n)
		memcpy(p->cps + p->ncps, cps, (size_t)n * sizeof *cps);
	p->ncps += (size_t)n;
	p->slots[j] = id + 1;
	return id;
}

/*
 * Frees the pool's arrays.
 */
static void text_free(textpool *p)
{
	free(p->cps);
	free(p->off);
	free(p->len);
	free(p->slots);
	memset(p, 0, sizeof *p);
}

/* ---- the font table ---- */

/* One Type0 dictionary: the font's main one, or an alias with its own ToUnicode. */
typedef struct t0font {
	HPDF_Dict dict; /* indirect object owned by the document; NULL until first use */
	HPDF_Page page; /* page of the last registration (cache) */
	const char *name; /* resource name on that page (owned by the page's dictionary) */
	u64map code_text; /* CFF: code -> text id this dictionary maps it to */
} t0font;

/* One embedded font (one gw_font). */
typedef struct pfont {
	gw_font *font; /* borrowed from the gw_fontset */
	t0font *t0; /* Type0 dictionaries, t0[0] the main one */
	int nt0; /* dictionaries held */
	int capt0; /* slots of t0 */
	unsigned char *used; /* bitmap over original gids */
	/* TrueType: sequential codes, code 0 unused. */
	u64map pair_code; /* (gid << 32 | text id) -> code */
	uint32_t *code_gid; /* code -> original gid */
	uint32_t *code_text; /* code -> text id */
	uint32_t ncodes; /* highest code handed out */
	uint32_t capcodes; /* slots of code_gid/code_text */
	/* CFF: code (CID or GID) -> original gid. */
	u64map cff_code_gid;
} pfont;

struct gw_pdf_fonts {
	HPDF_Doc pdf; /* the document the objects belong to */
	pfont **v; /* fonts in order of first use */
	int n; /* fonts held */
	int cap; /* slots of v */
	textpool texts; /* texts of every font */
	int finished; /* gw_pdf_fonts_finish has run */
};

/*
 * Starts an empty font table for pdf.
 */
gw_pdf_fonts *gw_pdf_fonts_new(HPDF_Doc pdf)
{
	gw_pdf_fonts *t = gw_xcalloc(1, sizeof *t);
	t->pdf = pdf;
	return t;
}

/*
 * Frees our bookkeeping; libharu objects belong to the document and are not touched, so
 * this is safe before or after HPDF_Free.
 */
void gw_pdf_fonts_drop(gw_pdf_fonts *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++) {
		pfont *pf = t->v[i];
		for (int k = 0; k < pf->nt0; k++)
			map_free(&pf->t0[k].code_text);
		free(pf->t0);
		free(pf->used);
		map_free(&pf->pair_code);
		free(pf->code_gid);
		free(pf->code_text);
		map_free(&pf->cff_code_gid);
		free(pf);
	}
	free(t->v);
	text_free(&t->texts);
	free(t);
}

/*
 * Writes "what failed" with libharu's error code into err; returns -1.
 */
static int hpdf_fail(gw_pdf_fonts *t, HPDF_STATUS st, const char *what, char *err, size_t errlen)
{
	if (st == HPDF_OK)
		st = HPDF_GetError(t->pdf);
	snprintf(err, errlen, "pdf library error 0x%04X while %s", (unsigned)st, what);
	return -1;
}

/*
 * Returns the entry of font, creating it at first use.
 */
static pfont *font_entry(gw_pdf_fonts *t, gw_font *font)
{
	for (int i = 0; i < t->n; i++)
		if (t->v[i]->font == font)
			return t->v[i];
	pfont *pf = gw_xcalloc(1, sizeof *pf);
	pf->font = font;
	pf->used = gw_xcalloc((size_t)font->nglyphs / 8 + 1, 1);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = gw_xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
	}
	t->v[t->n++] = pf;
	return pf;
}

/*
 * Makes sure pf has a Type0 dictionary number k (k <= pf->nt0), creating the libharu dict
 * at first use: /Type /Font /Subtype /Type0 /Encoding /Identity-H, indirect at once
 * (font-embedding.md section 1, step 1). Returns 0, or -1 with err.
 */
static int ensure_t0(gw_pdf_fonts *t, pfont *pf, int k, char *err, size_t errlen)
{
	if (k < pf->nt0 && pf->t0[k].dict)
		return 0;
	HPDF_Dict d = HPDF_Dict_New(t->pdf->mmgr);
	if (!d)
		return hpdf_fail(t, HPDF_OK, "creating a font dictionary", err, errlen);
	HPDF_STATUS st = HPDF_Xref_Add(t->pdf->xref, d); /* frees d on failure */
	if (st != HPDF_OK)
		return hpdf_fail(t, st, "adding a font dictionary", err, errlen);
	if ((st = HPDF_Dict_AddName(d, "Type", "Font")) != HPDF_OK ||
	    (st = HPDF_Dict_AddName(d, "Subtype", "Type0")) != HPDF_OK ||
	    (st = HPDF_Dict_AddName(d, "Encoding", "Identity-H")) != HPDF_OK)
		return hpdf_fail(t, st, "filling a font dictionary", err, errlen);
	if (k == pf->nt0) {
		if (pf->nt0 == pf->capt0) {
			pf->capt0 = pf->capt0 ? pf->capt0 * 2 : 2;
			pf->t0 = gw_xrealloc(pf->t0, (size_t)pf->capt0 * sizeof *pf->t0);
		}
		memset(&pf->t0[pf->nt0++], 0, sizeof *pf->t0);
	}
	pf->t0[k].dict = d;
	return 0;
}

/*
 * Registers the Type0 dictionary f on page through HPDF_Page_GetLocalFontName (which adds
 * it to the page's /Resources /Font once and names it F1, F2, ...; the last page is cached)
 * and returns its resource name through *name. Returns 0, or -1 with err.
 */
static int register_on_page(gw_pdf_fonts *t, t0font *f, HPDF_Page page, const char **name,
                            char *err, size_t errlen)
{
	if (f->page != page || !f->name) {
		const char *n = HPDF_Page_GetLocalFontName(page, f->dict);
		if (!n)
			return hpdf_fail(t, HPDF_OK, "registering a font on a page", err, errlen);
		f->page = page;
		f->name = n;
	}
	*name = f->name;
	return 0;
}

/*
 * Records glyph gid of font as standing for cps[0..ncps) on page, and hands out its code and
 * the page resource name of the Type0 dictionary to select (see pdf_font.h).
 */
int gw_pdf_fonts_use(gw_pdf_fonts *t, HPDF_Page page, gw_font *font, uint32_t gid,
                     const uint32_t *cps, int ncps, const char **res_name, uint16_t *code,
                     char *err, size_t errlen)
{
	if (t->finished) {
		snprintf(err, errlen, "fonts are already finished; no glyph can be added");
		return -1;
	}
	if (!page || !font) {
		snprintf(err, errlen, "no page or no font given");
		return -1;
	}
	if (gid >= (uint32_t)font->nglyphs) {
		snprintf(err, errlen, "glyph %u is out of range for font %s (%d glyphs)",
		         (unsigned)gid, font->ps_name, font->nglyphs);
		return -1;
	}
	if (ncps < 0 || ncps > MAX_TEXT_CPS || (ncps > 0 && !cps)) {
		snprintf(err, errlen, "text of one glyph must have 0 to %d code points, not %d",
		         MAX_TEXT_CPS, ncps);
		return -1;
	}
	for (int i = 0; i < ncps; i++) {
		if (cps[i] > 0x10FFFF || (cps[i] >= 0xD800 && cps[i] <= 0xDFFF)) {
			snprintf(err, errlen, "U+%04X is not a Unicode scalar value",
			         (unsigned)cps[i]);
			return -1;
		}
	}

	pfont *pf = font_entry(t, font);
	uint32_t tid = text_intern(&t->texts, cps, ncps);
	uint32_t c;
	int k;

	if (font->kind == GW_FONT_TRUETYPE) {
		/* One dictionary; a new code per distinct (gid, text) pair. */
		k = 0;
		if (ensure_t0(t, pf, 0, err, errlen) != 0)
			return -1;
		uint64_t key = (uint64_t)gid << 32 | tid;
		uint32_t *have = map_get(&pf->pair_code, key);
		if (have) {
			c = *have;
		} else {
			if (pf->ncodes >= 0xFFFF) {
				snprintf(
				        err, errlen,
				        "font %s needs more than 65535 glyph codes in one document",
				        font->ps_name);
				return -1;
			}
			c = ++pf->ncodes;
			if (c >= pf->capcodes) {
				pf->capcodes = pf->capcodes ? pf->capcodes * 2 : 256;
				pf->code_gid =
				        gw_xrealloc(pf->code_gid, pf->capcodes * sizeof(uint32_t));
				pf->code_text =
				        gw_xrealloc(pf->code_text, pf->capcodes * sizeof(uint32_t));
			}
			pf->code_gid[c] = gid;
			pf->code_text[c] = tid;
			map_put(&pf->pair_code, key, c);
		}
	} else {
		/* CFF: code = CID (CID-keyed) or GID (name-keyed); a second text needs an alias. */
		c = font->kind == GW_FONT_CFF_CID ? gw_font_cid(font, gid) : gid;
		if (c > 0xFFFF) {
			snprintf(err, errlen, "glyph %u of font %s has CID %u, above 65535",
			         (unsigned)gid, font->ps_name, (unsigned)c);
			return -1;
		}
		for (k = 0; k < pf->nt0; k++) {
			uint32_t *have = map_get(&pf->t0[k].code_text, c);
			if (!have || *have == tid)
				break;
		}
		if (ensure_t0(t, pf, k, err, errlen) != 0)
			return -1;
		map_put(&pf->t0[k].code_text, c, tid);
		map_put(&pf->cff_code_gid, c, gid);
	}

	if (register_on_page(t, &pf->t0[k], page, res_name, err, errlen) != 0)
		return -1;
	pf->used[gid >> 3] |= (unsigned char)(1u << (gid & 7));
	*code = (uint16_t)c;
	return 0;
}

/* ---- finishing: subset, then the PDF objects ---- */

/* A code with what it maps to, for sorted output. */
typedef struct code_ent {
	uint32_t code;
	uint32_t val; /* gid or text id */
} code_ent;

/*
 * qsort comparator: ascending code.
 */
static int cmp_code(const void *a, const void *b)
{
	uint32_t x = ((const code_ent *)a)->code, y = ((const code_ent *)b)->code;
	return (x > y) - (x < y);
}

/*
 * Copies the entries of a u64map into a code-sorted array; returns the count.
 */
static size_t sorted_entries(const u64map *m, code_ent **out)
{
	code_ent *v = gw_xmalloc((m->n ? m->n : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i] != MAP_EMPTY)
			v[n++] = (code_ent){(uint32_t)m->keys[i], m->vals[i]};
	qsort(v, n, sizeof *v, cmp_code);
	*out = v;
	return n;
}

/*
 * The PDF font name: a 6-letter tag from a hash of the PostScript name, the font kind and
 * the used glyph set, '+', then the PostScript name with characters that are not allowed in
 * a PostScript name (outside '!'..'~', or one of ()<>[]{}/%#) replaced by '-'.
 * Writes at most HPDF_LIMIT_MAX_NAME_LEN characters into out.
 */
static void subset_name(const pfont *pf, char out[HPDF_LIMIT_MAX_NAME_LEN + 1])
{
	const gw_font *f = pf->font;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const char *s = f->ps_name; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= (uint64_t)f->kind;
	h *= 0x100000001b3ULL;
	for (int g = 0; g < f->nglyphs; g++) {
		if (!(pf->used[g >> 3] & (1u << (g & 7))))
			continue;
		for (int b = 0; b < 4; b++) {
			h ^= ((uint32_t)g >> (8 * b)) & 0xFF;
			h *= 0x100000001b3ULL;
		}
	}
	h = mix64(h);
	int n = 0;
	for (int i = 0; i < 6; i++) {
		out[n++] = (char)('A' + h % 26);
		h /= 26;
	}
	out[n++] = '+';
	for (const char *s = f->ps_name; *s && n < HPDF_LIMIT_MAX_NAME_LEN; s++) {
		unsigned char ch = (unsigned char)*s;
		int bad = ch < 0x21 || ch > 0x7E || strchr("()<>[]{}/%#", ch) != NULL;
		out[n++] = bad ? '-' : (char)ch;
	}
	out[n] = 0;
}

/*
 * Appends the code points of text id as UTF-16BE hex (surrogate pairs above the BMP).
 */
static void put_utf16_hex(gw_buf *b, const textpool *p, uint32_t id)
{
	const uint32_t *cps = p->cps + p->off[id];
	for (uint32_t i = 0; i < p->len[id]; i++) {
		uint32_t cp = cps[i];
		if (cp >= 0x10000) {
			cp -= 0x10000;
			gw_buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else {
			gw_buf_printf(b, "%04X", (unsigned)cp);
		}
	}
}

/*
 * Builds the text of a ToUnicode CMap from code-sorted (code, text id) pairs: bfchar blocks
 * of at most 100 entries; codes with an empty text are left out.
 */
static char *tounicode_cmap(const textpool *p, const code_ent *v, size_t n)
{
	gw_buf b = {0};
	gw_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
	                "12 dict begin\n"
	                "begincmap\n"
	                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                "/CMapName /Adobe-Identity-UCS def\n"
	                "/CMapType 2 def\n"
	                "1 begincodespacerange\n"
	                "<0000> <FFFF>\n"
	                "endcodespacerange\n");
	size_t i = 0;
	while (i < n) {
		size_t cnt = 0, j = i;
		for (; j < n && cnt < BFCHAR_BLOCK; j++)
			if (p->len[v[j].val] > 0)
				cnt++;
		if (cnt) {
			gw_buf_printf(&b, "%zu beginbfchar\n", cnt);
			for (size_t k = i; k < j; k++) {
				if (p->len[v[k].val] == 0)
					continue;
				gw_buf_printf(&b, "<%04X> <", (unsigned)v[k].code);
				put_utf16_hex(&b, p, v[k].val);
				gw_buf_puts(&b, ">\n");
			}
			gw_buf_puts(&b, "endbfchar\n");
		}
		i = j;
	}
	gw_buf_puts(&b, "endcmap\n"
	                "CMapName currentdict /CMap defineresource pop\n"
	                "end\n"
	                "end\n");
	return gw_buf_take(&b);
}

/*
 * Creates an indirect, Flate-compressed stream holding data[0..len) (pitfall 6: the filter
 * is set by hand). Returns NULL with err on failure.
 */
static HPDF_Dict new_stream(gw_pdf_fonts *t, const void *data, size_t len, char *err, size_t errlen)
{
	HPDF_Dict s = HPDF_DictStream_New(t->pdf->mmgr, t->pdf->xref);
	if (!s) {
		hpdf_fail(t, HPDF_OK, "creating a stream", err, errlen);
		return NULL;
	}
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_STATUS st = HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
	if (st != HPDF_OK) {
		hpdf_fail(t, st, "writing a stream", err, errlen);
		return NULL;
	}
	return s;
}

/* A stream whose bytes are Flate data already: /Filter [/FlateDecode] is written with the
   dictionary, then the filter is off while libharu copies the bytes, and on again after. */
static HPDF_STATUS flate_off(HPDF_Dict d, HPDF_Stream s)
{
	(void)s;
	d->filter = HPDF_STREAM_FILTER_NONE;
	return HPDF_OK;
}

static HPDF_STATUS flate_on(HPDF_Dict d)
{
	d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return HPDF_OK;
}

/*
 * Creates an indirect stream holding prog's program, compressed already as libharu would
 * (compress_like_hpdf), so that the PDF is the same bytes as with new_stream on the data
 * (the /ID hashes prog->raw: gw_pdf_stream_raw). prog must outlive the document's save.
 * Returns NULL with err on failure.
 */
static HPDF_Dict new_flate_stream(gw_pdf_fonts *t, const gw_font_program *prog, char *err,
                                  size_t errlen)
{
	HPDF_Dict s = new_stream(t, prog->z, prog->z_len, err, errlen);
	if (s) {
		s->write_fn = flate_off; /* called after the keys (and /Filter) are written */
		s->after_write_fn = flate_on;
		s->attr = (void *)prog; /* for gw_pdf_stream_raw; libharu never reads attr here */
	}
	return s;
}

const unsigned char *gw_pdf_stream_raw(HPDF_Dict d, size_t *len)
{
	if (d->write_fn != flate_off)
		return NULL;
	const gw_font_program *prog = d->attr;
	*len = prog->plen;
	return prog->raw;
}

/*
 * Compresses data[0..len) into *z (malloc'ed) and *zlen exactly as libharu compresses a
 * stream (HPDF_Stream_WriteToStreamWithDeflate: deflateInit with Z_DEFAULT_COMPRESSION, the
 * input with Z_NO_FLUSH, then Z_FINISH; zlib's output does not depend on how the input is
 * cut). Returns 0, or -1 with err.
 */
static int compress_like_hpdf(const void *data, size_t len, unsigned char **z, size_t *zlen,
                              char *err, size_t errlen)
{
	uLongf n = compressBound((uLong)len);
	*z = gw_xmalloc(n);
	int r = compress2(*z, &n, data, (uLong)len, Z_DEFAULT_COMPRESSION);
	if (r != Z_OK) {
		free(*z);
		*z = NULL;
		snprintf(err, errlen, "zlib error %d while compressing a font", r);
		return -1;
	}
	*zlen = n;
	return 0;
}

/*
 * Creates an empty indirect dictionary (Xref_Add first, pitfall 5). NULL with err on failure.
 */
static HPDF_Dict new_indirect_dict(gw_pdf_fonts *t, char *err, size_t errlen)
{
	HPDF_Dict d = HPDF_Dict_New(t->pdf->mmgr);
	if (!d) {
		hpdf_fail(t, HPDF_OK, "creating a dictionary", err, errlen);
		return NULL;
	}
	HPDF_STATUS st = HPDF_Xref_Add(t->pdf->xref, d);
	if (st != HPDF_OK) {
		hpdf_fail(t, st, "adding a dictionary", err, errlen);
		return NULL;
	}
	return d;
}

/*
 * Builds the /W array from code-sorted (code, width) pairs of the codes whose width is not
 * 1000 (the /DW). Codes close together share one run "c [w w ...]", the gaps filled with
 * 1000, which keeps the outer array well under libharu's element limit. Returns NULL with
 * err on failure; an empty input gives an empty array the caller does not add.
 */
static HPDF_Array width_array(gw_pdf_fonts *t, const code_ent *v, size_t n, char *err,
                              size_t errlen)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_Array w = HPDF_Array_New(mm);
	if (!w) {
		hpdf_fail(t, HPDF_OK, "creating the width array", err, errlen);
		return NULL;
	}
	HPDF_STATUS st = HPDF_OK;
	size_t i = 0;
	while (i < n && st == HPDF_OK) {
		HPDF_Array run = HPDF_Array_New(mm);
		if (!run) {
			st = HPDF_GetError(t->pdf);
			break;
		}
		if ((st = HPDF_Array_AddNumber(w, (HPDF_INT32)v[i].code)) != HPDF_OK) {
			HPDF_Array_Free(run);
			break;
		}
		if ((st = HPDF_Array_Add(w, run)) != HPDF_OK) /* owns run from here */
			break;
		uint32_t next = v[i].code; /* next code the run will describe */
		size_t used = 0;
		while (i < n && v[i].code - next <= W_GAP_FILL &&
		       used + (v[i].code - next) + 1 <= W_RUN_MAX && st == HPDF_OK) {
			for (; next < v[i].code && st == HPDF_OK; next++, used++)
				st = HPDF_Array_AddNumber(run, 1000);
			if (st == HPDF_OK)
				st = HPDF_Array_AddNumber(run, (HPDF_INT32)v[i].val);
			next++, used++, i++;
		}
	}
	if (st != HPDF_OK) {
		HPDF_Array_Free(w);
		hpdf_fail(t, st, "filling the width array", err, errlen);
		return NULL;
	}
	return w;
}

/* Tables the embedded font never needs (font-embedding.md section 3). */
static const hb_tag_t drop_tags[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
        HB_TAG('V', 'O', 'R', 'G'),
};

/* The HarfBuzz objects of one subset run, freed together by subset_free. */
typedef struct subset_run {
	hb_face_t *face; /* the source face */
	hb_subset_input_t *in; /* glyph set, flags, dropped tables */
	hb_subset_plan_t *plan; /* owns the old -> new glyph map */
	hb_face_t *sub; /* the subset face */
	hb_blob_t *program; /* the bytes to embed */
} subset_run;

/*
 * Releases every HarfBuzz object of r (NULLs are fine).
 */
static void subset_free(subset_run *r)
{
	hb_blob_destroy(r->program);
	hb_face_destroy(r->sub);
	hb_subset_plan_destroy(r->plan);
	hb_subset_input_destroy(r->in);
	hb_face_destroy(r->face);
	memset(r, 0, sizeof *r);
}

/*
 * Runs hb-subset on pf's font: glyph set = used gids plus .notdef; NO_HINTING |
 * NOTDEF_OUTLINE | DESUBROUTINIZE, RETAIN_GIDS for name-keyed CFF; layout and vertical
 * tables dropped; the unicodes unis[0..nunis) kept (kept_unicodes). On success r->plan gives the
 * old -> new glyph map and r->program the bytes to embed: the whole font for TrueType, the
 * bare 'CFF ' table otherwise. Returns 0, or -1 with err.
 */
static int run_subset(pfont *pf, const uint32_t *unis, size_t nunis, subset_run *r, char *err,
                      size_t errlen)
{
	gw_font *f = pf->font;
	if (!f->subset_face) {
		/* once per font (font.h): the subsets of every later document reuse the tables
		   parsed on it; the bytes of a subset are the same either way */
		hb_blob_t *blob = hb_blob_create((const char *)f->data, (unsigned)f->size,
		                                 HB_MEMORY_MODE_READONLY, NULL, NULL);
		hb_face_t *face = hb_face_create(blob, (unsigned)f->index);
		hb_blob_destroy(blob);
		f->subset_face = face;
	}
	r->face = hb_face_reference(f->subset_face);
	r->in = hb_subset_input_create_or_fail();
	if (!r->in) {
		snprintf(err, errlen, "cannot start subsetting font %s", f->ps_name);
		return -1;
	}
	hb_set_t *glyphs = hb_subset_input_glyph_set(r->in);
	hb_set_add(glyphs, 0);
	for (int g = 0; g < f->nglyphs; g++)
		if (pf->used[g >> 3] & (1u << (g & 7)))
			hb_set_add(glyphs, (hb_codepoint_t)g);
	hb_set_t *uni = hb_subset_input_unicode_set(r->in);
	for (size_t i = 0; i < nunis; i++)
		hb_set_add(uni, unis[i]);
	unsigned flags = HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
	                 HB_SUBSET_FLAGS_DESUBROUTINIZE;
	if (f->kind == GW_FONT_CFF_NAMED)
		flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
	hb_subset_input_set_flags(r->in, flags);
	hb_set_t *drop = hb_subset_input_set(r->in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof drop_tags / sizeof drop_tags[0]; i++)
		hb_set_add(drop, drop_tags[i]);

	r->plan = hb_subset_plan_create_or_fail(r->face, r->in);
	if (!r->plan) {
		snprintf(err, errlen, "cannot plan the subset of font %s", f->ps_name);
		return -1;
	}
	r->sub = hb_subset_plan_execute_or_fail(r->plan);
	if (!r->sub) {
		snprintf(err, errlen, "subsetting font %s failed", f->ps_name);
		return -1;
	}
	if (f->kind == GW_FONT_TRUETYPE)
		r->program = hb_face_reference_blob(r->sub);
	else
		r->program = hb_face_reference_table(r->sub, HB_TAG('C', 'F', 'F', ' '));
	if (hb_blob_get_length(r->program) == 0) {
		snprintf(err, errlen, "the subset of font %s is empty", f->ps_name);
		return -1;
	}
	return 0;
}

/*
 * For TrueType, the unicodes whose cmap glyph is the used glyph, in code order, so the
 * subset has a useful cmap without pulling in other glyphs; none for CFF. Malloc'ed.
 */
static uint32_t *kept_unicodes(gw_pdf_fonts *t, pfont *pf, size_t *n)
{
	gw_font *f = pf->font;
	uint32_t *v = gw_xmalloc(((size_t)pf->ncodes + 1) * sizeof *v);
	*n = 0;
	if (f->kind != GW_FONT_TRUETYPE)
		return v;
	for (uint32_t c = 1; c <= pf->ncodes; c++) {
		uint32_t id = pf->code_text[c];
		if (t->texts.len[id] != 1)
			continue;
		uint32_t cp = t->texts.cps[t->texts.off[id]];
		if (gw_font_glyph(f, cp) == pf->code_gid[c])
			v[(*n)++] = cp;
	}
	return v;
}

/*
 * The font program for pf's glyphs (font.h, gw_font_program): from the font's cache when
 * it holds the same subset input (used glyphs and kept unicodes), else subset and
 * compressed now and cached in the oldest slot. Borrowed from the font; NULL with err.
 */
static const gw_font_program *font_program(gw_pdf_fonts *t, pfont *pf, char *err, size_t errlen)
{
	gw_font *f = pf->font;
	size_t nunis, nbits = (size_t)f->nglyphs / 8 + 1;
	uint32_t *unis = kept_unicodes(t, pf, &nunis);
	size_t klen = nbits + nunis * sizeof *unis;
	unsigned char *key = gw_xmalloc(klen);
	memcpy(key, pf->used, nbits);
	if (nunis) /* memcpy from NULL + 0 would be undefined, so guard */
		memcpy(key + nbits, unis, nunis * sizeof *unis);
	for (int i = 0; i < GW_FONT_PROGRAMS; i++) {
		gw_font_program *p = &f->programs[i];
		if (p->key_len == klen && memcmp(p->key, key, klen) == 0) {
			free(key);
			free(unis);
			return p;
		}
	}
	subset_run r = {0};
	gw_font_program np = {key, klen, NULL, 0, NULL, 0, NULL};
	int ok = run_subset(pf, unis, nunis, &r, err, errlen) == 0;
	free(unis);
	if (ok) {
		unsigned plen = 0;
		const char *pdata = hb_blob_get_data(r.program, &plen);
		np.plen = plen;
		np.raw = gw_xmalloc(plen ? plen : 1);
		memcpy(np.raw, pdata, plen);
		ok = compress_like_hpdf(pdata, plen, &np.z, &np.z_len, err, errlen) == 0;
	}
	if (ok && f->kind == GW_FONT_TRUETYPE) {
		const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(r.plan);
		np.o2n = gw_xmalloc((size_t)f->nglyphs * sizeof *np.o2n);
		for (int g = 0; g < f->nglyphs; g++) {
			hb_codepoint_t ng = hb_map_get(o2n, (hb_codepoint_t)g);
			np.o2n[g] = ng == HB_MAP_VALUE_INVALID ? 0xFFFFFFFFu : (uint32_t)ng;
		}
	}
	subset_free(&r);
	if (!ok) {
		free(np.key);
		free(np.z);
		free(np.raw);
		free(np.o2n);
		return NULL;
	}
	gw_font_program *p = &f->programs[f->next_program];
	f->next_program = (f->next_program + 1) % GW_FONT_PROGRAMS;
	free(p->key);
	free(p->z);
	free(p->raw);
	free(p->o2n);
	*p = np;
	return p;
}

/*
 * Adds /Registry /Ordering /Supplement to the CIDFont: the font's own ROS for CID-keyed CFF
 * (font-embedding.md section 1, step 3), Adobe-Identity-0 otherwise.
 */
static int add_cid_system_info(gw_pdf_fonts *t, pfont *pf, HPDF_Dict cidfont, char *err,
                               size_t errlen)
{
	const char *reg = "Adobe", *ord = "Identity";
	FT_Int sup = 0;
	if (pf->font->kind == GW_FONT_CFF_CID) {
		const char *r = NULL, *o = NULL;
		FT_Int s = 0;
		/* a font's own strings past the PDF/A string limit (gw.h) fall back to Identity,
		   which Identity-H allows (ISO 19005-2 6.2.11.3.1) */
		if (FT_Get_CID_Registry_Ordering_Supplement(pf->font->face, &r, &o, &s) == 0 && r &&
		    o && strlen(r) <= GW_PDF_MAX_STRING && strlen(o) <= GW_PDF_MAX_STRING) {
			reg = r, ord = o, sup = s;
		}
	}
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_Dict info = HPDF_Dict_New(mm);
	if (!info)
		return hpdf_fail(t, HPDF_OK, "creating CIDSystemInfo", err, errlen);
	HPDF_STATUS st = HPDF_Dict_Add(cidfont, "CIDSystemInfo", info); /* owns info from here */
	if (st != HPDF_OK)
		return hpdf_fail(t, st, "adding CIDSystemInfo", err, errlen);
	HPDF_String rs = HPDF_String_New(mm, reg, NULL);
	if (!rs || (st = HPDF_Dict_Add(info, "Registry", rs)) != HPDF_OK)
		return hpdf_fail(t, st, "filling CIDSystemInfo", err, errlen);
	HPDF_String os = HPDF_String_New(mm, ord, NULL);
	if (!os || (st = HPDF_Dict_Add(info, "Ordering", os)) != HPDF_OK)
		return hpdf_fail(t, st, "filling CIDSystemInfo", err, errlen);
	if ((st = HPDF_Dict_AddNumber(info, "Supplement", (HPDF_INT32)sup)) != HPDF_OK)
		return hpdf_fail(t, st, "filling CIDSystemInfo", err, errlen);
	return 0;
}

/*
 * Writes every object of one font (font-embedding.md section 1, step 3): font program
 * stream, FontDescriptor, CIDFont (with CIDSystemInfo, /DW, /W, CIDToGIDMap for TrueType),
 * and per Type0 dictionary its ToUnicode, /BaseFont and /DescendantFonts.
 * Returns 0, or -1 with err.
 */
static int finish_font(gw_pdf_fonts *t, pfont *pf, char *err, size_t errlen)
{
	gw_font *f = pf->font;
	HPDF_MMgr mm = t->pdf->mmgr;
	code_ent *ents = NULL, *wents = NULL;
	uint8_t *map = NULL;
	char *cmap = NULL;
	int ret = -1;
	HPDF_STATUS st = HPDF_OK;
	char name[HPDF_LIMIT_MAX_NAME_LEN + 1];
	int tt = f->kind == GW_FONT_TRUETYPE;

	const gw_font_program *prog = font_program(t, pf, err, errlen);
	if (!prog)
		goto out;
	subset_name(pf, name);

	/* (code, original gid) for every code of the font, sorted by code. */
	size_t n;
	if (tt) {
		n = pf->ncodes;
		ents = gw_xmalloc((n ? n : 1) * sizeof *ents);
		for (uint32_t c = 1; c <= pf->ncodes; c++)
			ents[c - 1] = (code_ent){c, pf->code_gid[c]};
	} else {
		n = sorted_entries(&pf->cff_code_gid, &ents);
	}

	/* Font program. */
	HPDF_Dict file = new_flate_stream(t, prog, err, errlen);
	if (!file)
		goto out;
	if (tt)
		st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)prog->plen);
	else
		st = HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
	if (st != HPDF_OK) {
		hpdf_fail(t, st, "describing the font program", err, errlen);
		goto out;
	}

	/* FontDescriptor. */
	HPDF_Dict desc = new_indirect_dict(t, err, errlen);
	if (!desc)
		goto out;
	HPDF_Array bbox = NULL;
	if ((st = HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) != HPDF_OK ||
	    (st = HPDF_Dict_AddName(desc, "FontName", name)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(desc, "Flags", 4)) != HPDF_OK ||
	    !(bbox = HPDF_Array_New(mm)) ||
	    (st = HPDF_Dict_Add(desc, "FontBBox", bbox)) != HPDF_OK) {
		hpdf_fail(t, st, "filling the font descriptor", err, errlen);
		goto out;
	}
	for (int i = 0; i < 4 && st == HPDF_OK; i++)
		st = HPDF_Array_AddNumber(bbox, f->bbox[i]);
	if (st != HPDF_OK || (st = HPDF_Dict_AddNumber(desc, "ItalicAngle", 0)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(desc, "Ascent", f->ascent)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(desc, "Descent", f->descent)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(desc, "CapHeight", f->cap_height)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(desc, "StemV", 80)) != HPDF_OK ||
	    (st = HPDF_Dict_Add(desc, tt ? "FontFile2" : "FontFile3", file)) != HPDF_OK) {
		hpdf_fail(t, st, "filling the font descriptor", err, errlen);
		goto out;
	}

	/* CIDFont. */
	HPDF_Dict cidfont = new_indirect_dict(t, err, errlen);
	if (!cidfont)
		goto out;
	if ((st = HPDF_Dict_AddName(cidfont, "Type", "Font")) != HPDF_OK ||
	    (st = HPDF_Dict_AddName(cidfont, "Subtype", tt ? "CIDFontType2" : "CIDFontType0")) !=
	            HPDF_OK ||
	    (st = HPDF_Dict_AddName(cidfont, "BaseFont", name)) != HPDF_OK) {
		hpdf_fail(t, st, "filling the CID font", err, errlen);
		goto out;
	}
	if (add_cid_system_info(t, pf, cidfont, err, errlen) != 0)
		goto out;
	if ((st = HPDF_Dict_Add(cidfont, "FontDescriptor", desc)) != HPDF_OK ||
	    (st = HPDF_Dict_AddNumber(cidfont, "DW", 1000)) != HPDF_OK) {
		hpdf_fail(t, st, "filling the CID font", err, errlen);
		goto out;
	}
	wents = gw_xmalloc((n ? n : 1) * sizeof *wents);
	size_t nw = 0;
	for (size_t i = 0; i < n; i++) {
		int adv = gw_font_advance(f, ents[i].val);
		if (adv != 1000)
			wents[nw++] = (code_ent){ents[i].code, (uint32_t)adv};
	}
	if (nw) {
		HPDF_Array w = width_array(t, wents, nw, err, errlen);
		if (!w)
			goto out;
		if ((st = HPDF_Dict_Add(cidfont, "W", w)) != HPDF_OK) {
			hpdf_fail(t, st, "adding the width array", err, errlen);
			goto out;
		}
	}
	if (tt) {
		/* CIDToGIDMap: code -> new gid, 2 bytes big-endian per code from 0. */
		size_t mlen = 2 * ((size_t)pf->ncodes + 1);
		map = gw_xcalloc(mlen, 1);
		for (size_t i = 0; i < n; i++) {
			uint32_t ng = ents[i].val < (uint32_t)f->nglyphs ? prog->o2n[ents[i].val]
			                                                 : 0xFFFFFFFFu;
			if (ng > 0xFFFF) {
				snprintf(err, errlen,
				         "glyph %u of font %s is missing from its subset",
				         (unsigned)ents[i].val, f->ps_name);
				goto out;
			}
			map[2 * ents[i].code] = (uint8_t)(ng >> 8);
			map[2 * ents[i].code + 1] = (uint8_t)(ng & 0xFF);
		}
		HPDF_Dict ms = new_stream(t, map, mlen, err, errlen);
		if (!ms)
			goto out;
		if ((st = HPDF_Dict_Add(cidfont, "CIDToGIDMap", ms)) != HPDF_OK) {
			hpdf_fail(t, st, "adding the CIDToGIDMap", err, errlen);
			goto out;
		}
	}

	/* Type0 dictionaries: main and aliases share the CIDFont, each has its ToUnicode. */
	for (int k = 0; k < pf->nt0; k++) {
		t0font *t0 = &pf->t0[k];
		code_ent *tx;
		size_t ntx;
		if (tt) {
			ntx = pf->ncodes;
			tx = gw_xmalloc((ntx ? ntx : 1) * sizeof *tx);
			for (uint32_t c = 1; c <= pf->ncodes; c++)
				tx[c - 1] = (code_ent){c, pf->code_text[c]};
		} else {
			ntx = sorted_entries(&t0->code_text, &tx);
		}
		free(cmap);
		cmap = tounicode_cmap(&t->texts, tx, ntx);
		free(tx);
		HPDF_Dict tu = new_stream(t, cmap, strlen(cmap), err, errlen);
		if (!tu)
			goto out;
		HPDF_Array desc_fonts = NULL;
		if ((st = HPDF_Dict_AddName(t0->dict, "BaseFont", name)) != HPDF_OK ||
		    !(desc_fonts = HPDF_Array_New(mm)) ||
		    (st = HPDF_Dict_Add(t0->dict, "DescendantFonts", desc_fonts)) != HPDF_OK ||
		    (st = HPDF_Array_Add(desc_fonts, cidfont)) != HPDF_OK ||
		    (st = HPDF_Dict_Add(t0->dict, "ToUnicode", tu)) != HPDF_OK) {
			hpdf_fail(t, st, "filling a Type0 font", err, errlen);
			goto out;
		}
	}
	ret = 0;
out:
	free(cmap);
	free(map);
	free(wents);
	free(ents);
	return ret;
}

/* The fonts whose programs prepare_programs makes, shared by its two threads. */
typedef struct prep {
	gw_pdf_fonts *t; /* the table (read only while they run, but each font's cache) */
	atomic_int next; /* index into t->v of the next font to take */
} prep;

/*
 * Makes the programs of the fonts of p->t taken one at a time (font_program: subset and
 * compressed, into each font's cache); an error is left for finish_font to find again.
 * Used as a thread's function too: returns NULL.
 */
static void *prepare_some(void *arg)
{
	prep *p = arg;
	char err[256];
	for (int i; (i = atomic_fetch_add(&p->next, 1)) < p->t->n;)
		if (p->t->v[i]->nt0 > 0)
			font_program(p->t, p->t->v[i], err, sizeof err);
	return NULL;
}

/*
 * Subsets and compresses the programs of the document's fonts on two threads when there are
 * two or more (issue 14: hb-subset and deflate of a Fandol face take ~10-15 ms each, a third
 * of a short document's render, and the fonts are independent). Each thread works on
 * different fonts: a gw_font, its FreeType face (only its cmap is read, kept_unicodes) and
 * its HarfBuzz face are used by one thread at a time; the textpool is only read. The
 * programs land in each font's cache, where finish_font finds them, so the bytes and their
 * order are those of the one-thread path; without a second thread (one CPU online, or
 * pthread_create fails) the calling thread makes them all. valgrind --tool=helgrind reports
 * one race, inside hb-subset: both threads store 16 bytes at a static of
 * libharfbuzz-subset that 1,372 of its instructions address: HarfBuzz's "Crap" pool
 * (hb-null.hh), the scratch object it hands out in place of a missing one, written and
 * never read for its contents; `gongwen serve` has subset on several threads (one context
 * each) since it was written.
 */
static void prepare_programs(gw_pdf_fonts *t)
{
	int used = 0;
	for (int i = 0; i < t->n; i++)
		used += t->v[i]->nt0 > 0;
	if (used < 2 || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	prep p = {t, 0};
	pthread_t th;
	int threaded = pthread_create(&th, NULL, prepare_some, &p) == 0;
	prepare_some(&p);
	if (threaded)
		pthread_join(th, NULL);
}

/*
 * Subsets every used font and writes its objects; once, after the last page is painted.
 */
int gw_pdf_fonts_finish(gw_pdf_fonts *t, char *err, size_t errlen)
{
	if (t->finished) {
		snprintf(err, errlen, "fonts are already finished");
		return -1;
	}
	t->finished = 1;
	prepare_programs(t);
	for (int i = 0; i < t->n; i++)
		if (t->v[i]->nt0 > 0 && finish_font(t, t->v[i], err, errlen) != 0)
			return -1;
	return 0;
}
