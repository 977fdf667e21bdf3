/*
 * layout.c: layout file v1 -> gw_layout (see layout.h and docs/layout-format.md).
 *
 * A layout may extend another (docs/templates.md section 1): the values are read from the
 * merged view of the chain (extends.h), each from the file that holds it, so every message
 * points into that file. Templates, the skeleton and checks are read by template.c.
 *
 * Font paths: absolute paths are used as they are; a relative path is looked up in the
 * folder of the layout file that names it, then in each folder of the context's font path
 * (colon-separated; the CLI passes $GONGWEN_FONT_PATH), then in the installed fonts folder
 * (base/dirs.h, fixed at build time). A confined context refuses a font file outside its
 * folders (base/rt.h).
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "../base/dirs.h"
#include "../base/util.h"
#include "colors.h"
#include "data.h"
#include "extends.h"
#include "head.h"
#include "template.h"
#include "values.h"

static const char *const top_keys[] = {
        "$schema",  "version", "name",        "extends", "page",       "grid",   "fonts",
        "styles",   "blocks",  "page_number", "seal",    "signature",  "table",  "templates",
        "skeleton", "checks",  "colors",      "head",    "attachment", "record", NULL};
/*
 * Block kinds whose style the layout names, in gw_block_kind order but page_break (which has
 * none); title to signature are required, the others default to p's style.
 */
static const char *const block_names[] = {
        "title",           "h1",   "h2",         "h3", "h4", "p", "signature", NULL, "table", "to",
        "attachment_note", "note", "attendance", NULL};
/* The keys a "blocks" object may have (block_names without the gap). */
static const char *const block_keys[] = {"title", "h1",         "h2",    "h3", "h4",
                                         "p",     "signature",  "table", "to", "attachment_note",
                                         "note",  "attendance", NULL};

char *gw_find_layout(const char *name)
{
	size_t n = strlen(name);
	if (strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0))
		return gw_file_exists(name) ? gw_xstrdup(name) : NULL;
	char *p = gw_xasprintf("%s/%s.json", gw_layout_dir(), name);
	if (gw_file_exists(p))
		return p;
	free(p);
	return NULL;
}

char *gw_find_layout_in(const char *list, const char *name)
{
	for (const char *p = list; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len) {
			char *f = gw_xasprintf("%.*s/%s.json", (int)len, p, name);
			if (gw_file_exists(f))
				return f;
			free(f);
		}
		p = colon ? colon + 1 : NULL;
	}
	return NULL;
}

char *gw_find_named_layout(const char *name, const char *dir, int allow_paths, int *refused)
{
	size_t n = strlen(name);
	*refused = 0;
	if (strchr(name, '/')) {
		if (!allow_paths) {
			*refused = 1;
			return NULL;
		}
	} else if (!(n > 5 && strcmp(name + n - 5, ".json") == 0)) {
		return gw_find_layout(name); /* layouts/NAME.json */
	} else if (!dir) {
		return NULL;
	}
	char *p = gw_path_join(dir ? dir : ".", name);
	if (gw_file_exists(p))
		return p;
	free(p);
	return NULL;
}

/*
 * One candidate of the font search: 1 when p is a regular file; otherwise 0, and the first
 * candidate that exists but is not a regular file (a directory, /dev/zero) is kept in *odd
 * with what it is, so "not found" is never said of something that is there.
 */
static int font_candidate(char *p, char **odd, const char **odd_what)
{
	const char *what;
	int kind = gw_file_kind(p, &what);
	if (kind == 1)
		return 1;
	if (kind < 0 && !*odd) {
		*odd = p;
		*odd_what = what;
	} else {
		free(p);
	}
	return 0;
}

/*
 * Resolves a font path along the search path to a regular file; NULL when there is none,
 * with *odd (owned, else NULL) the first candidate found that is not a regular file and
 * *odd_what a phrase saying what it is.
 */
static char *find_font_file(const char *layout_dir, const char *file, const char *font_path,
                            char **odd, const char **odd_what)
{
	*odd = NULL;
	*odd_what = NULL;
	char *p;
	if (file[0] == '/') {
		p = gw_xstrdup(file);
		return font_candidate(p, odd, odd_what) ? p : NULL;
	}
	p = gw_path_join(layout_dir, file);
	if (font_candidate(p, odd, odd_what))
		return p;
	const char *env = font_path;
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (len) {
			char *dir = gw_xstrndup(env, len);
			p = gw_path_join(dir, file);
			free(dir);
			if (font_candidate(p, odd, odd_what))
				return p;
		}
		env = colon ? colon + 1 : NULL;
	}
	p = gw_path_join(gw_font_dir(), file);
	if (font_candidate(p, odd, odd_what))
		return p;
	return NULL;
}

/* Parses "U+XXXX" or "U+XXXX-U+YYYY" into [lo, hi]; 0 when malformed. */
static int parse_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	char *end;
	if (strncmp(s, "U+", 2) != 0)
		return 0;
	unsigned long a = strtoul(s + 2, &end, 16), b = a;
	if (end == s + 2)
		return 0;
	if (*end == '-') {
		const char *t = end + 1;
		if (strncmp(t, "U+", 2) != 0)
			return 0;
		b = strtoul(t + 2, &end, 16);
		if (end == t + 2)
			return 0;
	}
	if (*end || a > b || b > 0x10FFFF)
		return 0;
	*lo = (uint32_t)a, *hi = (uint32_t)b;
	return 1;
}

static void load_face(const gw_json *j, gw_diags *d, const cJSON *v, const char *dir,
                      const gw_rt *rt, gw_family *fam)
{
	static const char *const keys[] = {"file", "index", "chars", NULL};
	if (!gw_read_object(j, d, v))
		return;
	gw_json_check_keys(j, d, v, keys);
	const char *file;
	int index = 0;
	const cJSON *f = gw_require(j, d, v, "file");
	if (!f || !gw_read_string(j, d, f, &file))
		return;
	const cJSON *ix = gw_member(v, "index");
	if (ix && !gw_read_int(j, d, ix, 0, 255, &index))
		return;
	gw_face_ref ref = {0};
	const cJSON *chars = gw_member(v, "chars");
	if (chars) {
		if (!cJSON_IsArray(chars) || cJSON_GetArraySize(chars) == 0) {
			gw_json_error(
			        j, d, chars, 0,
			        "expected a non-empty array of ranges such as \"U+0021-U+007E\"");
			return;
		}
		ref.ranges = gw_xcalloc((size_t)cJSON_GetArraySize(chars), sizeof *ref.ranges);
		for (const cJSON *c = chars->child; c; c = c->next) {
			if (!cJSON_IsString(c) ||
			    !parse_range(c->valuestring, &ref.ranges[ref.nranges][0],
			                 &ref.ranges[ref.nranges][1])) {
				gw_json_error(
				        j, d, c, 0,
				        "expected a range such as \"U+0021-U+007E\" or \"U+3000\"");
				continue;
			}
			ref.nranges++;
		}
	}
	char *odd;
	const char *what;
	char *path = find_font_file(dir, file, rt ? rt->font_path : NULL, &odd, &what);
	if ((path || odd) && !gw_rt_allowed(rt, path ? path : odd)) {
		gw_json_error(j, d, f, 0, "font file \"%s\" is outside the allowed folders", file);
		free(path);
		free(odd);
		free(ref.ranges);
		return;
	}
	if (!path) {
		if (!odd)
			gw_json_error(j, d, f, 0, "font file \"%s\" not found", file);
		else if (strcmp(odd, file) == 0)
			gw_json_error(j, d, f, 0, "font file \"%s\" %s", file, what);
		else
			gw_json_error(j, d, f, 0, "font file \"%s\" (%s) %s", file, odd, what);
		free(odd);
		free(ref.ranges);
		return;
	}
	/*
	 * The path and index are recorded; the context opens the face (rt->open_font): the
	 * first face of a family now, a fallback face (model.h gw_face_ref) at its first use
	 * when rt->probe_font finds its file sound. Errors of the file (missing, unreadable, a
	 * damaged table directory, no such face) come here either way; what only opening can
	 * find (FreeType cannot parse it, no usable cmap, an unsupported kind) comes here for
	 * a first face and at the first use for a fallback face, at this "file" too.
	 */
	char err[256] = "no font set to open it in";
	int later = fam->nfaces > 0 && rt && rt->open_font && rt->probe_font
	                    ? rt->probe_font(rt->font_arg, path, index, err, sizeof err)
	                    : 0;
	if (later == 1) {
		ref.open_font = rt->open_font;
		ref.font_arg = rt->font_arg;
		ref.json = j;
		ref.node = f;
	} else if (later == 0)
		ref.font = rt && rt->open_font
		                   ? rt->open_font(rt->font_arg, path, index, err, sizeof err)
		                   : NULL;
	if (!ref.font && later != 1) {
		gw_json_error(j, d, f, 0, "font \"%s\": %s", path, err);
		free(path);
		free(ref.ranges);
		return;
	}
	if (fam->nfaces == GW_MAX_FONTS_PER_FAMILY) {
		gw_json_error(j, d, v, 0, "more than %d fonts in one family",
		              GW_MAX_FONTS_PER_FAMILY);
		free(path);
		free(ref.ranges);
		return;
	}
	ref.path = path;
	ref.index = index;
	fam->faces[fam->nfaces++] = ref;
}

/* Reads the merged "fonts" entries; relative files are found from each entry's file. */
static void load_fonts(gw_diags *d, const gw_lval *e, int n, const gw_rt *rt, gw_layout *l)
{
	l->families = gw_xcalloc((size_t)n + 1, sizeof *l->families);
	for (int i = 0; i < n; i++) {
		const gw_json *j = e[i].j;
		const cJSON *m = e[i].v;
		gw_family *fam = &l->families[l->nfamilies++];
		fam->name = gw_xstrdup(m->string);
		fam->faces = gw_xcalloc(GW_MAX_FONTS_PER_FAMILY, sizeof *fam->faces);
		if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) == 0) {
			gw_json_error(j, d, m, 0, "expected a non-empty array of font files");
			continue;
		}
		char *dir = gw_dirname(gw_json_name(j));
		for (const cJSON *f = m->child; f; f = f->next)
			load_face(j, d, f, dir, rt, fam);
		free(dir);
	}
}

static int find_family(const gw_layout *l, const char *name)
{
	for (int i = 0; i < l->nfamilies; i++)
		if (strcmp(l->families[i].name, name) == 0)
			return i;
	return -1;
}

static int find_style(const gw_layout *l, const char *name)
{
	for (int i = 0; i < l->nstyles; i++)
		if (strcmp(l->styles[i].name, name) == 0)
			return i;
	return -1;
}

/* Reports an unknown name with a hint from the names defined. */
static void unknown_name(const gw_json *j, gw_diags *d, const cJSON *v, const char *what,
                         const char *name, char **names, int n)
{
	const char **list = gw_xcalloc((size_t)n + 1, sizeof *list);
	for (int i = 0; i < n; i++)
		list[i] = names[i];
	const char *hint = gw_did_you_mean(name, list);
	if (hint)
		gw_json_error(j, d, v, 0, "unknown %s \"%s\" (did you mean \"%s\"?)", what, name,
		              hint);
	else
		gw_json_error(j, d, v, 0, "unknown %s \"%s\"", what, name);
	free(list);
}

static void load_style(const gw_json *j, gw_diags *d, const cJSON *v, gw_layout *l, gw_style *s)
{
	static const char *const keys[] = {"font",   "size",         "align",
	                                   "indent", "space_before", "space_after",
	                                   "color",  "bold",         NULL};
	s->family = -1;
	s->size = 16000;
	s->align = GW_ALIGN_LEFT;
	if (!gw_read_object(j, d, v))
		return;
	gw_json_check_keys(j, d, v, keys);
	const char *str;
	const cJSON *m = gw_require(j, d, v, "font");
	if (m && gw_read_string(j, d, m, &str)) {
		s->family = find_family(l, str);
		if (s->family < 0) {
			char **names = gw_xcalloc((size_t)l->nfamilies + 1, sizeof *names);
			for (int i = 0; i < l->nfamilies; i++)
				names[i] = l->families[i].name;
			unknown_name(j, d, m, "font family", str, names, l->nfamilies);
			free(names);
		}
	}
	m = gw_require(j, d, v, "size");
	if (m)
		gw_read_font_size(j, d, m, &s->size);
	m = gw_member(v, "align");
	if (m && gw_read_string(j, d, m, &str)) {
		static const char *const aligns[] = {"left", "center", "right", "justify", NULL};
		int k = -1;
		for (int i = 0; aligns[i]; i++)
			if (strcmp(str, aligns[i]) == 0)
				k = i;
		if (k < 0)
			unknown_name(j, d, m, "alignment", str, (char **)aligns, 4);
		else
			s->align = (gw_align)k;
	}
	m = gw_member(v, "indent");
	if (m)
		gw_read_int(j, d, m, 0, 100, &s->indent);
	m = gw_member(v, "space_before");
	if (m)
		gw_read_int(j, d, m, 0, 100, &s->space_before);
	m = gw_member(v, "space_after");
	if (m)
		gw_read_int(j, d, m, 0, 100, &s->space_after);
	m = gw_member(v,
	              "color"); /* issue 11: the red of the 发文机关标志 (GB/T 9704-2012 7.2.4) */
	if (m)
		gw_read_color(j, d, m, l, &s->color);
	m = gw_member(v, "bold");
	if (m)
		gw_read_bool(j, d, m, &s->bold);
}

/* Looks a style name up; reports an unknown one at v. */
static int style_ref(const gw_json *j, gw_diags *d, const cJSON *v, const gw_layout *l)
{
	const char *str;
	if (!gw_read_string(j, d, v, &str))
		return -1;
	int k = find_style(l, str);
	if (k < 0) {
		char **names = gw_xcalloc((size_t)l->nstyles + 1, sizeof *names);
		for (int i = 0; i < l->nstyles; i++)
			names[i] = l->styles[i].name;
		unknown_name(j, d, v, "style", str, names, l->nstyles);
		free(names);
	}
	return k;
}

static void load_page(const gw_json *j, gw_diags *d, const cJSON *page, gw_layout *l)
{
	static const char *const keys[] = {"width", "height", "margins", NULL};
	static const char *const mkeys[] = {"top", "bottom", "left", "right", NULL};
	if (!gw_read_object(j, d, page))
		return;
	gw_json_check_keys(j, d, page, keys);
	const cJSON *m;
	if ((m = gw_require(j, d, page, "width")))
		if (gw_read_length(j, d, m, &l->page_w) && l->page_w < 72000)
			gw_json_error(j, d, m, 0, "the page must be at least 1 inch (72pt) wide");
	if ((m = gw_require(j, d, page, "height")))
		if (gw_read_length(j, d, m, &l->page_h) && l->page_h < 72000)
			gw_json_error(j, d, m, 0, "the page must be at least 1 inch (72pt) high");
	const cJSON *mg = gw_require(j, d, page, "margins");
	if (!mg || !gw_read_object(j, d, mg))
		return;
	gw_json_check_keys(j, d, mg, mkeys);
	gw_len *dst[] = {&l->margin_top, &l->margin_bottom, &l->margin_left, &l->margin_right};
	for (int i = 0; i < 4; i++)
		if ((m = gw_require(j, d, mg, mkeys[i])))
			gw_read_length(j, d, m, dst[i]);
	if (l->page_w && l->page_h &&
	    (l->margin_left + l->margin_right >= l->page_w ||
	     l->margin_top + l->margin_bottom >= l->page_h))
		gw_json_error(j, d, mg, 0, "margins leave no type area on the page");
}

/*
 * Checks what every file of the chain has on its own: its top-level keys, "$schema",
 * "version", "name" (these four are never inherited) and the keys of its "blocks".
 */
static void check_files(const gw_chain *c, gw_diags *d)
{
	for (int i = 0; i < c->n; i++) {
		const gw_json *j = c->files[i];
		const cJSON *root = gw_json_root(j), *m;
		gw_json_check_keys(j, d, root, top_keys);
		const char *str;
		if ((m = gw_member(root, "$schema")))
			gw_read_string(j, d, m, &str);
		if ((m = gw_member(root, "name")))
			gw_read_string(j, d, m, &str);
		if ((m = gw_member(root, "version"))) {
			int v;
			if (gw_read_int(j, d, m, 1, 1000, &v) && v != 1)
				gw_json_error(j, d, m, 0,
				              "layout version %d is not supported (this is 1)", v);
		}
		if ((m = gw_member(root, "blocks")) && cJSON_IsObject(m))
			gw_json_check_keys(j, d, m, block_keys);
	}
}

/* The value of key from the chain; adds "missing key" at the layout's root when none has it. */
static gw_lval require(const gw_chain *c, gw_diags *d, const char *key)
{
	gw_lval v = gw_chain_value(c, key);
	if (!v.v)
		gw_json_error(c->files[0], d, gw_json_root(c->files[0]), 0, "missing key \"%s\"",
		              key);
	return v;
}

/* The merged "blocks" entry named name, or an entry with v NULL. */
static gw_lval block_entry(const gw_lval *e, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].v->string, name) == 0)
			return e[i];
	return (gw_lval){NULL, NULL};
}

/* Reads the merged "blocks" entries: a style per block kind, all but "table" required. */
static void load_blocks(const gw_chain *c, gw_diags *d, gw_layout *l)
{
	gw_lval *e;
	int n;
	gw_chain_entries(c, "blocks", d, &e, &n);
	gw_lval at = gw_chain_value(c, "blocks");
	for (int k = GW_BLOCK_TITLE; k <= GW_BLOCK_SIGNATURE; k++) {
		gw_lval b = block_entry(e, n, block_names[k]);
		if (b.v)
			l->block_style[k] = style_ref(b.j, d, b.v, l);
		else if (cJSON_IsObject(at.v))
			gw_json_error(at.j, d, at.v, 0, "missing key \"%s\"", block_names[k]);
	}
	for (int k = GW_BLOCK_TABLE; k < GW_BLOCK_KINDS; k++) {
		gw_lval b = block_entry(e, n, block_names[k]);
		l->block_style[k] = b.v ? style_ref(b.j, d, b.v, l) : l->block_style[GW_BLOCK_P];
	}
	free(e);
}

/* The type area (what the margins leave), 1/1000 pt; load_page checked that it is not empty. */
static gw_len area_w(const gw_layout *l)
{
	return l->page_w - l->margin_left - l->margin_right;
}

static gw_len area_h(const gw_layout *l)
{
	return l->page_h - l->margin_top - l->margin_bottom;
}

/* The line pitch: type-area height / lines_per_page (build.c, gw_line_pitch). */
static gw_len pitch_of(const gw_layout *l)
{
	return area_h(l) / l->lines_per_page;
}

/* Millipoints as points for messages. */
static double pt(int64_t v)
{
	return (double)v / 1000.0;
}

/*
 * Checks that the text of every style fits the type area and stays on the page (issue 10):
 * - one character of the style, a grid cell (shape.c: type-area width / chars_per_line,
 *   scaled from the grid style's size), is at most the type area's width;
 * - the first-line indent leaves room for one character on the line: (indent + 1) cells at
 *   most the width (linebreak.c puts a line's first glyph after the indent whatever its
 *   width);
 * - a line's em box, whose top build.c puts on its grid line, ends on the page when the line
 *   is the last of the type area: the size is at most the line pitch plus the bottom margin.
 * Every style is checked, used or not: a table in the data may name any of them.
 */
static void check_styles_fit(const gw_lval *e, int n, gw_diags *d, const gw_layout *l)
{
	gw_len w = area_w(l), pitch = pitch_of(l);
	int largest = -1;
	for (int i = 0; i < n && i < l->nstyles; i++) {
		const gw_style *s = &l->styles[i];
		const gw_json *j = e[i].j;
		const cJSON *size = gw_member(e[i].v, "size"),
		            *indent = gw_member(e[i].v, "indent");
		int64_t cell = gw_grid_advance(l, 1000, s->size);
		if (largest < 0 || s->size > l->styles[largest].size)
			largest = i;
		if (cell > w) {
			gw_json_error(
			        j, d, size ? size : e[i].v, 0,
			        "size %gpt is too large for the grid: one character takes %gpt "
			        "and the type area is %gpt wide (%d character%s per line at the "
			        "grid style's %gpt)",
			        pt(s->size), pt(cell), pt(w), l->chars_per_line,
			        l->chars_per_line == 1 ? "" : "s",
			        pt(l->styles[l->body_style].size));
			continue;
		}
		int64_t fit = w / cell; /* characters of this style on a line, >= 1 */
		if (indent && s->indent >= fit)
			gw_json_error(
			        j, d, indent, 0,
			        "indent %d leaves no room on the first line: a line holds %d "
			        "character%s of this style (%gpt each in a type area %gpt wide), "
			        "so the indent is at most %d",
			        s->indent, (int)fit, fit == 1 ? "" : "s", pt(cell), pt(w),
			        (int)fit - 1);
	}
	/* once, at the largest size: the fix is there, or in the pitch or the bottom margin */
	if (largest >= 0 && l->styles[largest].size > (int64_t)pitch + l->margin_bottom) {
		const cJSON *size = gw_member(e[largest].v, "size");
		gw_len sz = l->styles[largest].size;
		gw_json_error(e[largest].j, d, size ? size : e[largest].v, 0,
		              "size %gpt is too large for the line pitch: a line of this style on "
		              "the last grid line would end %gpt below the page (line pitch %gpt, "
		              "bottom margin %gpt)",
		              pt(sz), pt((int64_t)sz - pitch - l->margin_bottom), pt(pitch),
		              pt(l->margin_bottom));
	}
}

/*
 * Checks that the table padding and border leave room for text (issue 10): a cell of a
 * one-column table, as wide as the type area, holds one character of the table style
 * between its padding and borders (table.c puts the text at the padding, whatever the
 * column's width), and a row of one line fits the type area's height.
 */
static void check_table_fit(const gw_json *j, const cJSON *tb, gw_diags *d, const gw_layout *l)
{
	const gw_style *st = &l->styles[l->block_style[GW_BLOCK_TABLE]];
	int64_t cell = gw_grid_advance(l, 1000, st->size);
	int64_t line = (int64_t)st->size * l->table_leading / 1000;
	int64_t need_w = 2 * (int64_t)l->table_pad_x + l->table_border + cell;
	int64_t need_h = 2 * (int64_t)l->table_pad_y + l->table_border + line;
	const cJSON *m;
	if (need_w > area_w(l)) {
		m = gw_member(tb, "padding_x") ? gw_member(tb, "padding_x")
		                               : gw_member(tb, "border");
		gw_json_error(j, d, m ? m : tb, 0,
		              "table cells need %gpt for their padding, border and one character "
		              "of %gpt, more than the type area's width of %gpt",
		              pt(need_w), pt(cell), pt(area_w(l)));
	}
	if (need_h > area_h(l)) {
		m = gw_member(tb, "padding_y") ? gw_member(tb, "padding_y")
		                               : gw_member(tb, "border");
		gw_json_error(j, d, m ? m : tb, 0,
		              "a table row of one line needs %gpt for its padding, border and line "
		              "of %gpt, more than the type area's height of %gpt",
		              pt(need_h), pt(line), pt(area_h(l)));
	}
}

/*
 * Checks that the page number stays inside the type area's width and on the page: its indent
 * leaves room for one character of its size, and its em box, "below" under the type area,
 * ends above the page's bottom edge. pn is the page_number object in file j.
 */
static void check_pagenum_fit(const gw_json *j, const cJSON *pn, gw_diags *d, const gw_layout *l)
{
	const gw_style *st = &l->styles[l->pagenum_style];
	gw_len w = area_w(l);
	const cJSON *m;
	int64_t fit = w / st->size; /* page_number cells are one character of its own size */
	if ((m = gw_member(pn, "indent")) && l->pagenum_indent >= fit)
		gw_json_error(
		        j, d, m, 0,
		        "indent %d leaves no room for the page number: the type area holds %d "
		        "characters of its size (%gpt in %gpt), so the indent is at most %d",
		        l->pagenum_indent, (int)fit, pt(st->size), pt(w), (int)fit - 1);
	if ((int64_t)l->pagenum_below + st->size > l->margin_bottom) {
		m = gw_member(pn, "below");
		gw_json_error(j, d, m ? m : pn, 0,
		              "the page number, %gpt high and %gpt below the type area, would end "
		              "%gpt below the page (the bottom margin is %gpt)",
		              pt(st->size), pt(l->pagenum_below),
		              pt((int64_t)l->pagenum_below + st->size - l->margin_bottom),
		              pt(l->margin_bottom));
	}
}

/*
 * "attachment": {"label": STYLE, "title": STYLE} (GB/T 9704-2012 7.3.7: "附件N" in 3号黑体,
 * the title in the title's 2号小标宋; defaults: h1's and title's styles) and "record": false
 * (no 版记, 信函 10.1) or {"style": STYLE, "even_page": BOOL, "pitch": LENGTH,
 * "outer_rule": LENGTH, "inner_rule": LENGTH} (7.4: 4号仿宋, first and last rule 0.35 mm,
 * the middle one 0.25 mm; defaults: p's style, even page on, the grid's pitch).
 */
static void load_flow(const gw_chain *c, gw_diags *d, gw_layout *l)
{
	const cJSON *m;
	l->attach_label_style = l->block_style[GW_BLOCK_H1];
	l->attach_title_style = l->block_style[GW_BLOCK_TITLE];
	l->record_on = 1;
	l->record_style = l->block_style[GW_BLOCK_P];
	l->record_even = 1;
	l->record_rule_outer = gw_mm(0.35);
	l->record_rule_inner = gw_mm(0.25);
	l->record_pitch = l->lines_per_page > 0 ? pitch_of(l) : 0;
	gw_lval a = gw_chain_value(c, "attachment");
	if (a.v && gw_read_object(a.j, d, a.v)) {
		static const char *const keys[] = {"label", "title", NULL};
		gw_json_check_keys(a.j, d, a.v, keys);
		if ((m = gw_member(a.v, "label")))
			l->attach_label_style = style_ref(a.j, d, m, l);
		if ((m = gw_member(a.v, "title")))
			l->attach_title_style = style_ref(a.j, d, m, l);
	}
	gw_lval r = gw_chain_value(c, "record");
	if (!r.v)
		return;
	l->record_src.json = r.j;
	l->record_src.node = r.v;
	if (cJSON_IsFalse(r.v)) {
		l->record_on = 0;
		return;
	}
	if (!cJSON_IsObject(r.v)) {
		gw_json_error(r.j, d, r.v, 0,
		              "expected false (no 版记) or an object such as {\"style\": "
		              "\"record\", \"even_page\": true}");
		return;
	}
	static const char *const keys[] = {"style",      "even_page",  "pitch",
	                                   "outer_rule", "inner_rule", NULL};
	gw_json_check_keys(r.j, d, r.v, keys);
	if ((m = gw_member(r.v, "style")))
		l->record_style = style_ref(r.j, d, m, l);
	if ((m = gw_member(r.v, "even_page")))
		gw_read_bool(r.j, d, m, &l->record_even);
	if ((m = gw_member(r.v, "outer_rule")))
		gw_read_length(r.j, d, m, &l->record_rule_outer);
	if ((m = gw_member(r.v, "inner_rule")))
		gw_read_length(r.j, d, m, &l->record_rule_inner);
	if ((m = gw_member(r.v, "pitch")) && gw_read_length(r.j, d, m, &l->record_pitch) &&
	    l->record_style >= 0 && l->record_pitch < l->styles[l->record_style].size)
		gw_json_error(r.j, d, m, 0,
		              "a 版记 line pitch of %gpt is smaller than its text (%gpt)",
		              pt(l->record_pitch), pt(l->styles[l->record_style].size));
}

gw_layout *gw_load_layout_rt(const gw_json *j, const gw_rt *rt, gw_diags *d)
{
	int errors0 = d->nerr;
	const cJSON *root = gw_json_root(j);
	gw_layout *l = gw_xcalloc(1, sizeof *l);
	l->path = gw_xstrdup(gw_json_name(j));
	l->pagenum_style = -1;
	l->body_style = -1;
	l->seal_width = gw_mm(42); /* the usual 4.2 cm organ seal */
	l->pagenum_first = 1;
	for (int k = 0; k < GW_BLOCK_KINDS; k++)
		l->block_style[k] = -1;
	if (!gw_read_object(j, d, root))
		goto out;
	gw_chain c;
	if (gw_chain_load(j, d, rt, &c, &l->parents, &l->nparents) < 0)
		goto out;
	check_files(&c, d);
	const cJSON *m;
	const char *str;
	gw_lval v;
	if ((m = gw_member(root, "name")) && cJSON_IsString(m))
		l->name = gw_xstrdup(m->valuestring); /* the file's own: a name is not inherited */
	if ((v = require(&c, d, "page")).v)
		load_page(v.j, d, v.v, l);

	gw_lval grid = require(&c, d, "grid");
	const cJSON *grid_style = NULL;
	if (grid.v && gw_read_object(grid.j, d, grid.v)) {
		static const char *const keys[] = {"chars_per_line", "lines_per_page", "style",
		                                   NULL};
		const gw_json *gj = grid.j;
		gw_json_check_keys(gj, d, grid.v, keys);
		/* a grid finer than the smallest font size (1pt) cannot hold text: cells and the
		   line pitch are at least 1pt (a pitch of 0 would divide by zero in paginate.c) */
		int page_ok = d->nerr == errors0 && l->page_w > 0 && l->page_h > 0;
		if ((m = gw_require(gj, d, grid.v, "chars_per_line")) &&
		    gw_read_int(gj, d, m, 1, 200, &l->chars_per_line) && page_ok &&
		    area_w(l) / l->chars_per_line < 1000)
			gw_json_error(
			        gj, d, m, 0,
			        "%d characters per line make a cell of %gpt: the type area is "
			        "%gpt wide and a cell needs at least 1pt",
			        l->chars_per_line, pt(area_w(l) / l->chars_per_line),
			        pt(area_w(l)));
		if ((m = gw_require(gj, d, grid.v, "lines_per_page")) &&
		    gw_read_int(gj, d, m, 1, 200, &l->lines_per_page) && page_ok &&
		    pitch_of(l) < 1000)
			gw_json_error(
			        gj, d, m, 0,
			        "%d lines per page make a line pitch of %gpt: the type area is "
			        "%gpt high and a line needs at least 1pt",
			        l->lines_per_page, pt(pitch_of(l)), pt(area_h(l)));
		grid_style = gw_require(gj, d, grid.v, "style");
	}

	gw_lval *e;
	int n;
	if (require(&c, d, "fonts").v) {
		gw_chain_entries(&c, "fonts", d, &e, &n);
		load_fonts(d, e, n, rt, l);
		free(e);
	}
	gw_load_colors(&c, d, l); /* before the styles, which name them */
	gw_lval *se = NULL; /* the style entries, for check_styles_fit */
	int nse = 0;
	if (require(&c, d, "styles").v) {
		gw_chain_entries(&c, "styles", d, &se, &nse);
		l->styles = gw_xcalloc((size_t)nse + 1, sizeof *l->styles);
		for (int i = 0; i < nse; i++) {
			gw_style *st = &l->styles[l->nstyles++];
			st->name = gw_xstrdup(se[i].v->string);
			load_style(se[i].j, d, se[i].v, l, st);
		}
	}
	if (grid_style)
		l->body_style = style_ref(grid.j, d, grid_style, l);
	/* the geometry checks need page, grid and styles without errors */
	int geometry = d->nerr == errors0 && l->body_style >= 0;
	if (geometry)
		check_styles_fit(se, nse, d, l);
	free(se);
	if (require(&c, d, "blocks").v)
		load_blocks(&c, d, l);
	gw_load_layout_head(&c, d, l, geometry); /* 版头 (issue 11) */

	/* tables: 0.5 pt rules on every cell edge, 1 mm padding, cell lines at 1.25 x size */
	l->table_border = 500;
	l->table_pad_x = gw_mm(1);
	l->table_pad_y = gw_mm(1);
	l->table_leading = 1250;
	l->table_min_size = 9000; /* 小五: the smallest a clerk accepts in a table (issue 12) */
	l->table_keep_rows = 2; /* issue 12, points 1 and 2: two body rows */
	l->table_min_rows = 2;
	l->table_max_empty = 25;
	l->table_cont_align = GW_ALIGN_LEFT;
	gw_lval tb = gw_chain_value(&c, "table");
	if (tb.v && gw_read_object(tb.j, d, tb.v)) {
		static const char *const keys[] = {
		        "border",   "padding_x", "padding_y", "leading",  "keep_rows",
		        "min_rows", "max_empty", "continued", "min_size", NULL};
		const gw_json *tj = tb.j;
		gw_json_check_keys(tj, d, tb.v, keys);
		if ((m = gw_member(tb.v, "border")))
			gw_read_length(tj, d, m, &l->table_border);
		if ((m = gw_member(tb.v, "padding_x")))
			gw_read_length(tj, d, m, &l->table_pad_x);
		if ((m = gw_member(tb.v, "padding_y")))
			gw_read_length(tj, d, m, &l->table_pad_y);
		if ((m = gw_member(tb.v, "leading"))) {
			double x = 0;
			if (cJSON_IsNumber(m) && (x = m->valuedouble) >= 1 && x <= 3)
				l->table_leading = (int)(x * 1000 + 0.5);
			else
				gw_json_error(tj, d, m, 0,
				              "expected a line pitch from 1 to 3 times the size");
		}
		if ((m = gw_member(tb.v, "min_size")))
			gw_read_font_size(tj, d, m, &l->table_min_size);
		/* issue 12, points 1 and 2: pagination of tables (guide/table-pages.md) */
		if ((m = gw_member(tb.v, "keep_rows")))
			gw_read_int(tj, d, m, 1, 20, &l->table_keep_rows);
		if ((m = gw_member(tb.v, "min_rows")))
			gw_read_int(tj, d, m, 1, 20, &l->table_min_rows);
		if ((m = gw_member(tb.v, "max_empty")))
			gw_read_int(tj, d, m, 0, 100, &l->table_max_empty);
		/* issue 12, point 5: the "续表" line of continued pages, off unless given */
		if ((m = gw_member(tb.v, "continued")) && !cJSON_IsNull(m) &&
		    gw_read_object(tj, d, m)) {
			static const char *const ckeys[] = {"text", "align", NULL};
			const cJSON *x;
			gw_json_check_keys(tj, d, m, ckeys);
			l->table_cont_src.json = tj;
			l->table_cont_src.node = m;
			if ((x = gw_require(tj, d, m, "text")) && gw_read_string(tj, d, x, &str)) {
				if (!*str || strchr(str, '\n'))
					gw_json_error(tj, d, x, 0,
					              "expected one line of text (\"续表\")");
				else
					l->table_cont_text = gw_xstrdup(str);
				l->table_cont_src.node = x;
			}
			if ((x = gw_member(m, "align")) && gw_read_string(tj, d, x, &str)) {
				static const char *const al[] = {"left", "center", "right", NULL};
				int k = -1;
				for (int i = 0; al[i]; i++)
					if (strcmp(str, al[i]) == 0)
						k = i;
				if (k < 0)
					unknown_name(tj, d, x, "alignment", str, (char **)al, 3);
				else
					l->table_cont_align = (gw_align)k;
			}
		}
	}
	if (geometry && d->nerr == errors0 && l->block_style[GW_BLOCK_TABLE] >= 0)
		check_table_fit(tb.v ? tb.j : j, tb.v ? tb.v : root, d, l);

	gw_lval pn = gw_chain_value(&c, "page_number");
	if (pn.v && !cJSON_IsNull(pn.v) && gw_read_object(pn.j, d, pn.v)) {
		static const char *const keys[] = {"style",  "format",     "below",
		                                   "indent", "first_page", NULL};
		const gw_json *pj = pn.j;
		gw_json_check_keys(pj, d, pn.v, keys);
		if ((m = gw_require(pj, d, pn.v, "style")))
			l->pagenum_style = style_ref(pj, d, m, l);
		l->pagenum_src.json = pj;
		l->pagenum_src.node = pn.v;
		l->pagenum_format = gw_xstrdup("{n}");
		if ((m = gw_member(pn.v, "format")) && gw_read_string(pj, d, m, &str)) {
			if (!strstr(str, "{n}"))
				gw_json_error(pj, d, m, 0, "format must contain \"{n}\"");
			free(l->pagenum_format);
			l->pagenum_format = gw_xstrdup(str);
			l->pagenum_src.node = m;
		}
		if ((m = gw_member(pn.v, "below")))
			gw_read_length(pj, d, m, &l->pagenum_below);
		if ((m = gw_member(pn.v, "indent")))
			gw_read_int(pj, d, m, 0, 100, &l->pagenum_indent);
		if ((m = gw_member(pn.v, "first_page"))) /* 10.1: a 信函's page 1 has none */
			gw_read_bool(pj, d, m, &l->pagenum_first);
		if (geometry && d->nerr == errors0 && l->pagenum_style >= 0)
			check_pagenum_fit(pj, pn.v, d, l);
	}
	gw_lval seal = gw_chain_value(&c, "seal");
	if (seal.v && gw_read_object(seal.j, d, seal.v)) {
		static const char *const keys[] = {"width", NULL};
		gw_json_check_keys(seal.j, d, seal.v, keys);
		if ((m = gw_member(seal.v, "width")) &&
		    gw_read_length(seal.j, d, m, &l->seal_width) && geometry &&
		    l->seal_width > area_w(l))
			gw_json_error(seal.j, d, m, 0,
			              "a seal %gpt wide does not fit the type area's width of %gpt",
			              pt(l->seal_width), pt(area_w(l)));
	}

	load_flow(&c, d, l); /* "attachment" and "record" */
	/* GB/T 9704-2012 7.3.5: joint seals in rows with a gap; the signature stamp's width */
	l->seal_gap = gw_mm(4);
	l->seal_per_row = 3;
	l->stamp_width = gw_mm(24);
	gw_lval sg = gw_chain_value(&c, "signature");
	if (sg.v && gw_read_object(sg.j, d, sg.v)) {
		static const char *const keys[] = {"seal_gap", "per_row", "stamp", NULL};
		static const char *const stamp_keys[] = {"width", NULL};
		gw_json_check_keys(sg.j, d, sg.v, keys);
		if ((m = gw_member(sg.v, "seal_gap")) && gw_read_length(sg.j, d, m, &l->seal_gap) &&
		    l->seal_gap <= 0)
			gw_json_error(
			        sg.j, d, m, 0,
			        "the gap between seals must be more than 0: seals neither touch "
			        "nor overlap (GB/T 9704-2012 7.3.5.1)");
		if ((m = gw_member(sg.v, "per_row")))
			gw_read_int(sg.j, d, m, 1, GW_MAX_SIG_ORGANS, &l->seal_per_row);
		const cJSON *st = gw_member(sg.v, "stamp");
		if (st && gw_read_object(sg.j, d, st)) {
			gw_json_check_keys(sg.j, d, st, stamp_keys);
			if ((m = gw_member(st, "width")) &&
			    gw_read_length(sg.j, d, m, &l->stamp_width) && geometry &&
			    (l->stamp_width <= 0 || l->stamp_width > area_w(l)))
				gw_json_error(sg.j, d, m, 0,
				              "a signature stamp %gpt wide does not fit the type "
				              "area's width of %gpt",
				              pt(l->stamp_width), pt(area_w(l)));
		}
	}

	/* templates, then the skeleton and the checks that name them (template.c) */
	gw_chain_entries(&c, "templates", d, &e, &n);
	l->templates = gw_xcalloc((size_t)n + 1, sizeof *l->templates);
	for (int i = 0; i < n; i++, l->ntemplates++) {
		gw_lval t; /* an entry {"from": LAYOUT} stands for that layout's template */
		if (gw_chain_from(&e[i], d, rt, &l->parents, &l->nparents, &t) == 0)
			gw_load_template(t.j, d, t.v, e[i].v->string, i, &l->templates[i]);
		else /* reported; the name stays for the skeleton's and the checks' lookups */
			l->templates[i].name = l->templates[i].title = e[i].v->string;
	}
	free(e);
	if ((v = gw_chain_value(&c, "skeleton")).v)
		gw_load_skeleton(v.j, d, v.v, l);
	if ((v = gw_chain_value(&c, "checks")).v)
		gw_load_checks(v.j, d, v.v, l);
out:
	if (d->nerr > errors0) {
		gw_layout_drop(l);
		return NULL;
	}
	return l;
}

/* Frees the layout, its templates, skeleton, checks and the parent files it loaded. */
void gw_layout_drop(gw_layout *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nfamilies; i++) {
		for (int k = 0; k < l->families[i].nfaces; k++) {
			free(l->families[i].faces[k].ranges);
			free(l->families[i].faces[k].path);
		}
		free(l->families[i].faces);
		free(l->families[i].name);
	}
	free(l->families);
	for (int i = 0; i < l->nstyles; i++)
		free(l->styles[i].name);
	free(l->styles);
	free(l->pagenum_format);
	free(l->table_cont_text);
	for (int i = 0; i < l->ncolors; i++)
		free(l->colors[i].name);
	free(l->colors);
	for (int i = 0; i < l->ntemplates; i++)
		gw_template_free(&l->templates[i]);
	free(l->templates);
	for (int i = 0; i < l->nskeleton; i++)
		gw_block_free(&l->skeleton[i].block);
	free(l->skeleton);
	for (int i = 0; i < l->nchecks; i++)
		gw_check_free(&l->checks[i]);
	free(l->checks);
	for (int i = 0; i < l->nparents; i++)
		gw_json_drop(l->parents[i]);
	free(l->parents);
	free(l->name);
	free(l->path);
	free(l);
}
