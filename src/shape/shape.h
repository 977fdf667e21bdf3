/*
 * shape.h: text -> glyphs, with per-character font fallback.
 *
 * In: UTF-8 text, a style of a layout. Out: one gw_glyph per character, drawn by the first
 * face of the style's family that covers the character (and whose "chars" ranges, if any,
 * include it), with its advance on the layout's character grid. A character that no face
 * has is an error at its own line:column in the source, naming the code point.
 * A '\n' becomes a glyph with font == NULL: a forced line break.
 */
#ifndef GW_SHAPE_H
#define GW_SHAPE_H

#include "../base/diag.h"
#include "../model.h"

/*
 * Shapes s[0..len) (valid UTF-8) in style st of layout l. src locates the text for messages
 * (src.node is a JSON string whose decoded value is s, or any value when the text was
 * generated; then errors point at the value). Returns the number of glyphs and stores a
 * malloc'ed array in *out (caller frees), or -1 after adding errors to d.
 */
int gw_shape(const gw_layout *l, const gw_style *st, const char *s, size_t len, gw_src src,
             int src_is_text, gw_diags *d, gw_glyph **out);

/* gw_grid_advance, the advance of a glyph on the layout's grid, is model.h's. */

#endif
