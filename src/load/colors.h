/*
 * colors.h: the layout's named colours ("colors") and colour values in styles (issue 11).
 *
 * In: the merged "colors" entries of a layout chain; a colour value ("red" or "#rrggbb").
 * Out: gw_layout.colors (always holding "red", GB/T 9704-2012 6.2's red ink, unless the layout
 * gives its own) and gw_rgb values; errors at the value at fault ("expected a colour such as
 * \"#FF3333\"", "unknown colour \"rde\" (did you mean \"red\"?)").
 */
#ifndef GW_LOAD_COLORS_H
#define GW_LOAD_COLORS_H

#include "../base/diag.h"
#include "../model.h"
#include "extends.h"

/*
 * The default red, GB/T 9704-2012 6.2 (standards.md 1.4): red ink "Y 80 %, M 80 %", i.e. CMYK
 * (0, 0.8, 0.8, 0), converted naively to sRGB: R = 1 - C, G = 1 - M, B = 1 - Y, so #FF3333.
 */
#define GW_RED 0xFF3333u

/* Reads the merged "colors" entries (each "#rrggbb") into l->colors, with "red" first. */
void gw_load_colors(const gw_chain *c, gw_diags *d, gw_layout *l);

/* Reads a colour: a name from l->colors or "#rrggbb". Returns 1, or 0 after an error at v. */
int gw_read_color(const gw_json *j, gw_diags *d, const cJSON *v, const gw_layout *l, gw_rgb *out);

#endif
