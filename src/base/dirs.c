/*
 * dirs.c: the installed folders of layouts and fonts (see dirs.h). The only file that uses
 * GW_LAYOUT_DIR and GW_FONT_DIR, so that an installed build recompiles only it.
 */
#include "dirs.h"

#include "../gw.h"

const char *gw_layout_dir(void)
{
	return GW_LAYOUT_DIR;
}

const char *gw_font_dir(void)
{
	return GW_FONT_DIR;
}
