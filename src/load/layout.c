/*
 * layout.c: layout file v1 -> gw_layout (see layout.h and docs/layout-format.md).
 *
 * Font paths: absolute paths are used as they are; a relative path is looked up in the
 * layout file's folder, then in each folder of $GONGWEN_FONT_PATH (colon-separated), then
 * in the project's fonts/ folder (GW_FONT_DIR, fixed at build time).
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "values.h"

#ifndef GW_FONT_DIR
#define GW_FONT_DIR "fonts"
#endif
#ifndef GW_LAYOUT_DIR
#define GW_LAYOUT_DIR "layouts"
#endif

static const char *const top_keys[] = {"version", "name",        "page", "grid",  "fonts", "styles",
                                       "blocks",  "page_number", "seal", "table", NULL};
/* Block kinds whose style the layout names; all required but "table" (default: p's). */
static const char *const block_names[] = {"title", "h1",        "h2",    "h3", "h4",
                                          "p",     "signature", "table", NULL};

char *gw_find_layout(const char *name)
{
	size_t n = strlen(name);
	if (strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0))
		return gw_file_exists(name) ? gw_xstrdup(name) : NULL;
	char *p = gw_xasprintf("%s/%s.json", GW_LAYOUT_DIR, name);
	if (gw_file_exists(p))
		return p;
	free(p);
	return NULL;
}

/* Resolves a relative font path along the search path; NULL when not found. */
static char *find_font_file(const char *layout_dir, const char *file)
{
	if (file[0] == '/')
		return gw_file_exists(file) ? gw_xstrdup(file) : NULL;
	char *p = gw_path_join(layout_dir, file);
	if (gw_file_exists(p))
		return p;
	free(p);
	const char *env = getenv("GONGWEN_FONT_PATH");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		if (len) {
			char *dir = gw_xstrndup(env, len);
			p = gw_path_join(dir, file);
			free(dir);
			if (gw_file_exists(p))
				return p;
			free(p);
		}
		env = colon ? colon + 1 : NULL;
	}
	p = gw_path_join(GW_FONT_DIR, file);
	if (gw_file_exists(p))
		return p;
	free(p);
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
                      gw_fontset *fs, gw_family *fam)
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
	char *path = find_font_file(dir, file);
	if (!path) {
		gw_json_error(j, d, f, 0, "font file \"%s\" not found", file);
		free(ref.ranges);
		return;
	}
	char err[256];
	ref.font = gw_fontset_open(fs, path, index, err, sizeof err);
	if (!ref.font) {
		gw_json_error(j, d, f, 0, "font \"%s\": %s", path, err);
		free(path);
		free(ref.ranges);
		return;
	}
	free(path);
	if (fam->nfaces == GW_MAX_FONTS_PER_FAMILY) {
		gw_json_error(j, d, v, 0, "more than %d fonts in one family",
		              GW_MAX_FONTS_PER_FAMILY);
		free(ref.ranges);
		return;
	}
	fam->faces[fam->nfaces++] = ref;
}

static void load_fonts(const gw_json *j, gw_diags *d, const cJSON *fonts, const char *dir,
                       gw_fontset *fs, gw_layout *l)
{
	if (!gw_read_object(j, d, fonts))
		return;
	l->families = gw_xcalloc((size_t)cJSON_GetArraySize(fonts), sizeof *l->families);
	for (const cJSON *m = fonts->child; m; m = m->next) {
		gw_family *fam = &l->families[l->nfamilies++];
		fam->name = gw_xstrdup(m->string);
		fam->faces = gw_xcalloc(GW_MAX_FONTS_PER_FAMILY, sizeof *fam->faces);
		if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) == 0) {
			gw_json_error(j, d, m, 0, "expected a non-empty array of font files");
			continue;
		}
		for (const cJSON *f = m->child; f; f = f->next)
			load_face(j, d, f, dir, fs, fam);
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
	static const char *const keys[] = {"font",         "size",        "align", "indent",
	                                   "space_before", "space_after", NULL};
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

gw_layout *gw_load_layout(const gw_json *j, gw_fontset *fs, gw_diags *d)
{
	int errors0 = d->n;
	const cJSON *root = gw_json_root(j);
	gw_layout *l = gw_xcalloc(1, sizeof *l);
	l->path = gw_xstrdup(gw_json_name(j));
	l->pagenum_style = -1;
	l->body_style = -1;
	l->seal_width = gw_mm(42); /* the usual 4.2 cm organ seal */
	for (int k = 0; k < GW_BLOCK_KINDS; k++)
		l->block_style[k] = -1;
	if (!gw_read_object(j, d, root))
		goto out;
	gw_json_check_keys(j, d, root, top_keys);
	const cJSON *m;
	const char *str;
	if ((m = gw_member(root, "version"))) {
		int v;
		if (gw_read_int(j, d, m, 1, 1000, &v) && v != 1)
			gw_json_error(j, d, m, 0, "layout version %d is not supported (this is 1)",
			              v);
	}
	if ((m = gw_member(root, "name")) && gw_read_string(j, d, m, &str))
		l->name = gw_xstrdup(str);
	if ((m = gw_require(j, d, root, "page")))
		load_page(j, d, m, l);

	const cJSON *grid = gw_require(j, d, root, "grid");
	const cJSON *grid_style = NULL;
	if (grid && gw_read_object(j, d, grid)) {
		static const char *const keys[] = {"chars_per_line", "lines_per_page", "style",
		                                   NULL};
		gw_json_check_keys(j, d, grid, keys);
		if ((m = gw_require(j, d, grid, "chars_per_line")))
			gw_read_int(j, d, m, 1, 200, &l->chars_per_line);
		if ((m = gw_require(j, d, grid, "lines_per_page")))
			gw_read_int(j, d, m, 1, 200, &l->lines_per_page);
		grid_style = gw_require(j, d, grid, "style");
	}

	char *dir = gw_dirname(gw_json_name(j));
	if ((m = gw_require(j, d, root, "fonts")))
		load_fonts(j, d, m, dir, fs, l);
	free(dir);

	const cJSON *styles = gw_require(j, d, root, "styles");
	if (styles && gw_read_object(j, d, styles)) {
		l->styles = gw_xcalloc((size_t)cJSON_GetArraySize(styles), sizeof *l->styles);
		for (const cJSON *s = styles->child; s; s = s->next) {
			gw_style *st = &l->styles[l->nstyles++];
			st->name = gw_xstrdup(s->string);
			load_style(j, d, s, l, st);
		}
	}
	if (grid_style)
		l->body_style = style_ref(j, d, grid_style, l);

	const cJSON *blocks = gw_require(j, d, root, "blocks");
	if (blocks && gw_read_object(j, d, blocks)) {
		gw_json_check_keys(j, d, blocks, block_names);
		for (int k = GW_BLOCK_TITLE; k <= GW_BLOCK_SIGNATURE; k++)
			if ((m = gw_require(j, d, blocks, block_names[k])))
				l->block_style[k] = style_ref(j, d, m, l);
		l->block_style[GW_BLOCK_TABLE] = l->block_style[GW_BLOCK_P];
		if ((m = gw_member(blocks, "table")))
			l->block_style[GW_BLOCK_TABLE] = style_ref(j, d, m, l);
	}

	/* tables: 0.5 pt rules on every cell edge, 1 mm padding, cell lines at 1.25 x size */
	l->table_border = 500;
	l->table_pad_x = gw_mm(1);
	l->table_pad_y = gw_mm(1);
	l->table_leading = 1250;
	const cJSON *tb = gw_member(root, "table");
	if (tb && gw_read_object(j, d, tb)) {
		static const char *const keys[] = {"border", "padding_x", "padding_y", "leading",
		                                   NULL};
		gw_json_check_keys(j, d, tb, keys);
		if ((m = gw_member(tb, "border")))
			gw_read_length(j, d, m, &l->table_border);
		if ((m = gw_member(tb, "padding_x")))
			gw_read_length(j, d, m, &l->table_pad_x);
		if ((m = gw_member(tb, "padding_y")))
			gw_read_length(j, d, m, &l->table_pad_y);
		if ((m = gw_member(tb, "leading"))) {
			double v = 0;
			if (cJSON_IsNumber(m) && (v = m->valuedouble) >= 1 && v <= 3)
				l->table_leading = (int)(v * 1000 + 0.5);
			else
				gw_json_error(j, d, m, 0,
				              "expected a line pitch from 1 to 3 times the size");
		}
	}

	const cJSON *pn = gw_member(root, "page_number");
	if (pn && !cJSON_IsNull(pn) && gw_read_object(j, d, pn)) {
		static const char *const keys[] = {"style", "format", "below", "indent", NULL};
		gw_json_check_keys(j, d, pn, keys);
		if ((m = gw_require(j, d, pn, "style")))
			l->pagenum_style = style_ref(j, d, m, l);
		l->pagenum_src.json = j;
		l->pagenum_src.node = pn;
		l->pagenum_format = gw_xstrdup("{n}");
		if ((m = gw_member(pn, "format")) && gw_read_string(j, d, m, &str)) {
			if (!strstr(str, "{n}"))
				gw_json_error(j, d, m, 0, "format must contain \"{n}\"");
			free(l->pagenum_format);
			l->pagenum_format = gw_xstrdup(str);
			l->pagenum_src.node = m;
		}
		if ((m = gw_member(pn, "below")))
			gw_read_length(j, d, m, &l->pagenum_below);
		if ((m = gw_member(pn, "indent")))
			gw_read_int(j, d, m, 0, 100, &l->pagenum_indent);
	}
	const cJSON *seal = gw_member(root, "seal");
	if (seal && gw_read_object(j, d, seal)) {
		static const char *const keys[] = {"width", NULL};
		gw_json_check_keys(j, d, seal, keys);
		if ((m = gw_member(seal, "width")))
			gw_read_length(j, d, m, &l->seal_width);
	}
out:
	if (d->n > errors0) {
		gw_layout_drop(l);
		return NULL;
	}
	return l;
}

void gw_layout_drop(gw_layout *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nfamilies; i++) {
		for (int k = 0; k < l->families[i].nfaces; k++)
			free(l->families[i].faces[k].ranges);
		free(l->families[i].faces);
		free(l->families[i].name);
	}
	free(l->families);
	for (int i = 0; i < l->nstyles; i++)
		free(l->styles[i].name);
	free(l->styles);
	free(l->pagenum_format);
	free(l->name);
	free(l->path);
	free(l);
}
