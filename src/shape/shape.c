/*
 * shape.c: characters -> glyphs with per-character fallback (see shape.h).
 *
 * No OpenType shaping is applied: Chinese official documents set every character on the
 * grid, and the Latin face's kerning and ligatures are not wanted inside the grid.
 */
#include "shape.h"

#include <stdlib.h>

#include "../base/utf8.h"
#include "../base/util.h"
#include "../load/values.h"
#include "font.h"

static int in_ranges(const gw_face_ref *f, uint32_t cp)
{
	if (!f->ranges)
		return 1;
	for (int i = 0; i < f->nranges; i++)
		if (cp >= f->ranges[i][0] && cp <= f->ranges[i][1])
			return 1;
	return 0;
}

/* Reports an error about the character at byte off of the text. */
static void char_error(gw_src src, int src_is_text, size_t off, gw_diags *d, const char *msg)
{
	if (src.json)
		gw_json_error_at_text(src.json, d, src.node, src_is_text ? off : (size_t)-1, "%s",
		                      msg);
	else
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", msg);
}

/*
 * The font of face ref f of a family, opened at its first use when the loader left it for
 * later (model.h gw_face_ref). NULL when it cannot be opened: the reason is reported at the
 * face's "file" in the layout, once per call (bit f of *reported); the opening is tried
 * again by a later call (a service may have the file fixed meanwhile).
 */
static gw_font *face_font(gw_face_ref *r, int f, unsigned *reported, gw_diags *d)
{
	if (r->font || !r->open_font)
		return r->font;
	if (*reported & 1u << f)
		return NULL;
	char err[256] = "no font set to open it in";
	r->font = r->open_font(r->font_arg, r->path, r->index, err, sizeof err);
	if (!r->font) {
		*reported |= 1u << f;
		if (r->json)
			gw_json_error(r->json, d, r->node, 0, "font \"%s\": %s", r->path, err);
		else
			gw_diags_add(d, NULL, 0, 0, NULL, "font \"%s\": %s", r->path, err);
	}
	return r->font;
}

int gw_shape(const gw_layout *l, const gw_style *st, const char *s, size_t len, gw_src src,
             int src_is_text, gw_diags *d, gw_glyph **out)
{
	const gw_family *fam = &l->families[st->family];
	gw_glyph *g = gw_xcalloc(len ? len : 1, sizeof *g);
	int n = 0, errors0 = d->nerr;
	unsigned reported = 0; /* faces whose opening failed in this call (face_font) */
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = gw_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			k = 1; /* cannot happen: the loader validated UTF-8 */
		gw_glyph *gl = &g[n];
		gl->cp = cp;
		gl->off = (uint32_t)i;
		if (cp == '\n') {
			n++;
			i += (size_t)k;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			char *msg = gw_xasprintf("control character U+%04X is not allowed in text",
			                         (unsigned)cp);
			char_error(src, src_is_text, i, d, msg);
			free(msg);
			i += (size_t)k;
			continue;
		}
		for (int f = 0; f < fam->nfaces && !gl->font; f++) {
			if (!in_ranges(&fam->faces[f], cp))
				continue;
			gw_font *font = face_font(&fam->faces[f], f, &reported, d);
			uint32_t gid = font ? gw_font_glyph(font, cp) : 0;
			if (gid) {
				gl->font = font;
				gl->gid = gid;
			}
		}
		if (!gl->font) {
			char ch[5] = {0};
			gw_utf8_encode(cp, ch);
			char *msg =
			        gw_xasprintf("no font of family \"%s\" has character U+%04X '%s'",
			                     fam->name, (unsigned)cp, ch);
			char_error(src, src_is_text, i, d, msg);
			free(msg);
			i += (size_t)k;
			continue;
		}
		gl->adv = gw_grid_advance(l, gw_font_advance(gl->font, gl->gid), st->size);
		n++;
		i += (size_t)k;
	}
	if (d->nerr > errors0) {
		free(g);
		return -1;
	}
	/* one glyph per byte was allocated: CJK text (3 bytes a character) leaves two thirds
	   unused, and a table's shaped cells live until their table is paginated (issue 14,
	   point 4) */
	if ((size_t)n < (len ? len : 1))
		g = gw_xrealloc(g, (size_t)(n ? n : 1) * sizeof *g);
	*out = g;
	return n;
}
