/*
 * dirs.h: the installed folders of layouts and fonts.
 *
 * In: GW_LAYOUT_DIR and GW_FONT_DIR, given when dirs.c is compiled: the source tree's
 * layouts/ and fonts/ for the build folder's gongwen, PREFIX/share/gongwen/layouts and
 * .../fonts for `make install PREFIX=...` (the Makefile compiles this one file again for
 * the installed library and binary). Out: the two paths.
 */
#ifndef GW_BASE_DIRS_H
#define GW_BASE_DIRS_H

/* The folder of the installed layouts (NAME -> DIR/NAME.json). */
const char *gw_layout_dir(void);

/* The folder of the installed fonts, searched last for a layout's relative font paths. */
const char *gw_font_dir(void);

#endif
