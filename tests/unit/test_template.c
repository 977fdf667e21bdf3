/*
 * test_template.c: unit test of layout templates (docs/templates.md): "extends", table
 * templates and the skeleton (load/extends.c, load/template.c), and data bound to them
 * (resolve/): values by key, sums, checks, blank vs 0 vs missing, unknown keys with hints.
 *
 * In: layouts and data held in this file (written with ' for " to stay readable), loaded with
 * gw_json_parse as "l.json" and "d.json"; template layouts extend the shipped gbt9704 (found in
 * layouts/ by name, with its fonts); for "extends" by path and its errors, layout files written
 * to a temporary folder. Out: one line per check, "ok NAME" or "FAIL NAME: detail", then
 * "N passed, N failed"; exit status 1 when any check failed.
 *
 * Error checks compare the exact lines the CLI prints (gw_diags_print: sorted by position).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "harness.h"
#include "load/data.h"
#include "load/json.h"
#include "load/layout.h"
#include "load/template.h"
#include "resolve/resolve.h"
#include "resolve/template.h"
#include "shape/font.h"

/* A layout and data loaded and resolved, with everything printed. */
typedef struct ran {
	gw_fontset *fs;
	gw_json *lj, *dj;
	gw_layout *l;
	gw_doc *doc;
	int status; /* gw_resolve's result; -2 when it did not run */
	int nerr; /* errors reported */
	char *errs; /* the diagnostics as the CLI prints them, "" for none */
} ran;

/* Loads a layout as the CLI's -l does (paths allowed), its fonts opened in fs. */
static gw_layout *load_layout(const gw_json *j, gw_fontset *fs, gw_diags *d)
{
	gw_rt rt;
	gw_rt_init(&rt);
	rt.open_font = gw_fontset_opener;
	rt.font_arg = fs;
	return gw_load_layout_rt(j, &rt, d);
}

/* Loads layout text lay (' for ") as "l.json", then data text data (may be NULL) as "d.json",
 * and resolves the data against the layout. */
static ran run(const char *lay, const char *data, int force)
{
	ran x = {0};
	gw_diags d = {0};
	char *s = dq(lay);
	x.fs = gw_fontset_new();
	x.lj = gw_json_parse(s, strlen(s), "l.json", &d);
	free(s);
	if (x.lj)
		x.l = load_layout(x.lj, x.fs, &d);
	x.status = -2;
	if (data) {
		s = dq(data);
		x.dj = gw_json_parse(s, strlen(s), "d.json", &d);
		free(s);
		if (x.dj)
			x.doc = gw_load_data(x.dj, &d);
		if (x.l && x.doc && !d.nerr)
			x.status = gw_resolve(x.l, x.doc, force, &d);
	}
	x.nerr = d.nerr;
	x.errs = printed(&d);
	gw_diags_clear(&d);
	return x;
}

static void unrun(ran *x)
{
	gw_doc_drop(x->doc);
	gw_layout_drop(x->l);
	gw_json_drop(x->dj);
	gw_json_drop(x->lj);
	gw_fontset_drop(x->fs);
	free(x->errs);
}

/* The k-th table block of the resolved document, or NULL. */
static const gw_table *table_of(const ran *x, int k)
{
	if (!x->doc)
		return NULL;
	for (int i = 0; i < x->doc->nblocks; i++)
		if (x->doc->blocks[i].kind == GW_BLOCK_TABLE && k-- == 0)
			return x->doc->blocks[i].table;
	return NULL;
}

/*
 * The table's rows as text: each cell's text once, at its first slot, cells joined by '|',
 * rows by '/' (malloc'ed); "(no table)" without one.
 */
static char *rows_str(const gw_table *t)
{
	if (!t)
		return gw_xstrdup("(no table)");
	gw_buf b = {0};
	for (int r = 0; r < t->nrows; r++) {
		if (r)
			gw_buf_putc(&b, '/');
		int first = 1;
		for (int k = 0; k < t->ncells; k++) {
			if (t->cells[k].row != r)
				continue;
			if (!first)
				gw_buf_putc(&b, '|');
			first = 0;
			gw_buf_put(&b, t->cells[k].text.s, t->cells[k].text.len);
		}
	}
	return gw_buf_take(&b);
}

/* Checks that data resolves against lay with exactly the printed lines want (may be "") and,
 * when rows is not NULL, that table k reads rows (rows_str's form). */
static void expect(const char *name, const char *lay, const char *data, int force, int table,
                   const char *rows, const char *want)
{
	ran x = run(lay, data, force);
	char *got = rows_str(table_of(&x, table));
	int ok = strcmp(x.errs, want) == 0 && (!rows || strcmp(got, rows) == 0);
	check(ok, name, "\n--- got\n%s%s\n--- want\n%s%s", x.errs, got, want, rows ? rows : "");
	free(got);
	unrun(&x);
}

/* === A template layout ================================================================= */

/*
 * Table t: three data rows (甲 乙 丙) and a 合计 row whose cells add up 甲 and 乙 (its 总计 is a
 * sum of sums), a 总计 column of row sums; check 平衡: 甲 + 乙 = 丙 in every column. Table u:
 * keys given in the cells, missing values blank.
 */
static const char *LAYOUT =
        "{'version': 1, 'extends': 'gbt9704',\n"
        " 'skeleton': [{'slot': 'intro'}, {'h1': '统计'}, {'template': 't'}, {'template': 'u'},\n"
        "   {'slot': 'end'}],\n"
        " 'templates': {\n"
        "  't': {'title': '测试表', 'columns': ['2fr', '1fr', '1fr', '1fr'], 'header_rows': 1,\n"
        "   'row_keys': [null, 'a', 'b', 'c', 'sum'],\n"
        "   'column_keys': [null, 'x', 'y', 'total'],\n"
        "   'row_names': {'a': '甲', 'b': '乙', 'c': '丙', 'sum': '合计'},\n"
        "   'column_names': {'x': 'X列', 'y': 'Y列', 'total': '总计'},\n"
        "   'rows': [\n"
        "    ['项目', 'X', 'Y', '总计'],\n"
        "    ['甲', {'value': true}, {'value': true}, {'sum': {'row': ['x', 'y']}}],\n"
        "    ['乙', {'value': true}, {'value': true}, {'sum': {'row': ['x', 'y']}}],\n"
        "    ['丙', {'value': true}, {'value': true}, {'sum': {'row': ['x', 'y']}}],\n"
        "    ['合计', {'sum': {'column': ['a', 'b']}}, {'sum': {'column': ['a', 'b']}},\n"
        "     {'sum': {'column': ['a', 'b']}}]],\n"
        "   'checks': [{'name': '平衡', 'level': 'error', 'each': 'column',\n"
        "     'left': ['a', 'b'], 'right': ['c']}]},\n"
        "  'u': {'columns': ['1fr', '1fr', '1fr'], 'missing': 'blank',\n"
        "   'rows': [[{'value': 'g.p'}, {'value': 'g.q'}, {'sum': ['g.p', 'g.q'], 'key': "
        "'g.total'}]]}}}\n";

static void binding(void)
{
	/* 1 + 2 = 3 and 4 + 5 = 9: balanced; the sums are computed, nested ones too */
	expect("bind: values by key, row sums, column sums of row sums", LAYOUT,
	       "{'slots': {'intro': [{'p': '前言。'}]},\n"
	       " 'values': {'t': {'a': {'x': 1, 'y': 4}, 'b': {'x': 2, 'y': 5}, 'c': {'x': 3, "
	       "'y': 9}},\n"
	       "  'u': {'g': {'p': 1.5, 'q': 2.25}}}}",
	       0, 0, "项目|X|Y|总计/甲|1|4|5/乙|2|5|7/丙|3|9|12/合计|3|9|12", "");
	expect("bind: explicit keys; sums rounded to their inputs' decimals", LAYOUT,
	       "{'values': {'t': {'a': {'x': 0.1}, 'b': {'x': 0.2}, 'c': {'x': 0.3}},\n"
	       "  'u': {'g': {'p': 0.1, 'q': 0.2}}}}",
	       0, 1, "0.1|0.2|0.3", "");
	/* the skeleton's order: slot, heading, two tables, slot; an absent slot is empty */
	ran x = run(LAYOUT, "{'slots': {'end': [{'p': '完。'}, {'p': '又。'}]}}", 0);
	int ok = x.doc && x.doc->nblocks == 5 && x.doc->blocks[0].kind == GW_BLOCK_H1 &&
	         x.doc->blocks[1].kind == GW_BLOCK_TABLE &&
	         x.doc->blocks[2].kind == GW_BLOCK_TABLE && x.doc->blocks[3].kind == GW_BLOCK_P &&
	         x.doc->blocks[4].kind == GW_BLOCK_P && x.doc->blocks[0].borrowed &&
	         strncmp(x.doc->blocks[3].text.s, "完。", x.doc->blocks[3].text.len) == 0;
	check(ok, "skeleton: headings, templates and slots in order; an absent slot is empty",
	      "%d blocks; %s", x.doc ? x.doc->nblocks : -1, x.errs);
	unrun(&x);
}

static void blank_zero_missing(void)
{
	/* missing "0": a value left out prints 0, "" and null (issue 12: blank stays blank) print
	 * blank and count as nothing */
	expect("blank vs 0 vs missing: missing 0", LAYOUT,
	       "{'values': {'t': {'a': {'x': 0, 'y': ''}, 'b': {'x': null}, 'c': {'y': ''}}}}", 0,
	       0, "项目|X|Y|总计/甲|0||0/乙||0|0/丙|0||0/合计|0|0|0", "");
	/* missing "blank": left out and null print blank; "" blank; 0 stays 0; a sum of blanks
	 * is blank, of a 0 and a blank 0 */
	expect("blank vs 0 vs missing: missing blank", LAYOUT,
	       "{'values': {'u': {'g': {'p': ''}}}}", 0, 1, "||", "");
	expect("blank vs 0 vs missing: a 0 among blanks", LAYOUT,
	       "{'values': {'u': {'g': {'p': 0, 'q': null}}}}", 0, 1, "0||0", "");
	expect("blank vs 0 vs missing: nothing given", LAYOUT, "{'values': {}}", 0, 1, "||", "");
}

static void checks(void)
{
	/* 甲 + 乙 = 4 but 丙 = 3 in X列; in 总计 (computed) 10 against 9 */
	expect("check: a failed error-level check names the table, the column and both sums",
	       LAYOUT,
	       "{'values': {\n"
	       "  't': {'a': {'x': 1, 'y': 4}, 'b': {'x': 3, 'y': 2}, 'c': {'x': 3, 'y': 6}}}}",
	       0, -1, NULL,
	       "d.json:2:8: error: 平衡 fails in 测试表, column X列: 甲 + 乙 = 4, but 丙 = 3 (at "
	       "/values/t)\n"
	       "d.json:2:8: error: 平衡 fails in 测试表, column 总计: 甲 + 乙 = 10, but 丙 = 9 (at "
	       "/values/t)\n");
	ran x = run(LAYOUT, "{'values': {'t': {'a': {'x': 1}}}}", 0);
	check(x.status == 2 && x.nerr == 2, "check: gw_resolve counts the failed checks", "%d %d",
	      x.status, x.nerr);
	unrun(&x);
	expect("check: with force, a failed check is a warning", LAYOUT,
	       "{'values': {'t': {'a': {'x': 1}}}}", 1, 0, NULL,
	       "d.json:1:18: warning: 平衡 fails in 测试表, column X列: 甲 + 乙 = 1, but 丙 = 0 "
	       "(at "
	       "/values/t)\n"
	       "d.json:1:18: warning: 平衡 fails in 测试表, column 总计: 甲 + 乙 = 1, but 丙 = 0 "
	       "(at "
	       "/values/t)\n");
	x = run(LAYOUT, "{'slots': {}}", 0);
	check(x.status == 0 && x.nerr == 0, "check: all missing (0) balances", "%s", x.errs);
	unrun(&x);
	/* a sum the data gives is compared: a difference is a warning, the data's figure is printed
	 * (issue 12: never corrected in print) */
	expect("check: a sum the data gets wrong is a warning; the data's figure is printed",
	       LAYOUT,
	       "{'values': {'t': {\n"
	       "  'a': {'x': 1, 'total': 2},\n"
	       "  'c': {'x': 1, 'total': 1},\n"
	       "  'sum': {'total': ''}}}}",
	       0, 0, "项目|X|Y|总计/甲|1|0|2/乙|0|0|0/丙|1|0|1/合计|1|0|",
	       "d.json:2:26: warning: 测试表, row 甲, column 总计: the data gives 2, but the sum "
	       "is 1; printed as given (at /values/t/a/total)\n"
	       "d.json:4:20: warning: 测试表, row 合计, column 总计: the data gives blank, but the "
	       "sum is 1; printed as given (at /values/t/sum/total)\n");
	/* every number the data gives is finite, a sum need not be */
	x = run(LAYOUT, "{'values': {'t': {'a': {'x': 1e308, 'y': 1e308}}}}", 0);
	check(x.status == -1 &&
	              strstr(x.errs,
	                     "d.json:1:18: error: 测试表, row 甲, column 总计: the sum is too "
	                     "large to print (at /values/t)\n"),
	      "check: a sum too large for a double is an error, not \"inf\" in a cell", "%s",
	      x.errs);
	unrun(&x);
	/* a top-level check across templates, with full keys; a warning-level one by row */
	static const char *lay2 =
	        "{'extends': 'gbt9704', 'skeleton': [{'template': 't'}],\n"
	        " 'templates': {'t': {'columns': ['1fr', '1fr'], 'row_keys': ['r', 's'],\n"
	        "   'column_keys': ['x', 'y'], 'rows': [[{'value': true}, {'value': true}],\n"
	        "   [{'value': true}, {'value': true}]],\n"
	        "   'checks': [{'name': '行等', 'level': 'warning', 'each': 'row', 'left': ['x'],\n"
	        "     'right': ['y']}]},\n"
	        "  'v': {'columns': ['1fr'], 'rows': [[{'value': 'n'}]]}},\n"
	        " 'checks': [{'name': '跨表', 'level': 'error', 'left': ['t.r.x', 't.s.x'],\n"
	        "   'right': ['v.n']}]}";
	expect("check: top-level check with full keys; warning-level check by row", lay2,
	       "{'values': {'t': {'r': {'x': 2, 'y': 2}, 's': {'x': 1}}, 'v': {'n': 4}}}", 0, 0,
	       "2|2/1|0",
	       "d.json:1:12: error: 跨表 fails: t.r.x + t.s.x = 3, but v.n = 4 (at /values)\n"
	       "d.json:1:18: warning: 行等 fails in t, row s: x = 1, but y = 0 (at /values/t)\n");
}

static void unknown_keys(void)
{
	expect("keys: unknown template, row and column keys, with hints", LAYOUT,
	       "{'values': {\n"
	       " 'tt': {},\n"
	       " 't': {'aa': {}, 'a': {'xx': 1, 'zzz': 2}, 'b': {'x': {}}, 'c': 3, 'a.x': 1},\n"
	       " 'u': {'g': {'pp': '1'}, 'h': 1}},\n"
	       " 'slots': {'intr': [], 'other': []}}",
	       0, -1, NULL,
	       "d.json:2:2: error: unknown template \"tt\" (did you mean \"t\"?) (at /values/tt)\n"
	       "d.json:3:8: error: unknown row key \"aa\" in 测试表 (did you mean \"a\"?) (at "
	       "/values/t/aa)\n"
	       "d.json:3:24: error: unknown column key \"xx\" in 测试表 (did you mean \"x\"?) (at "
	       "/values/t/a/xx)\n"
	       "d.json:3:33: error: unknown column key \"zzz\" in 测试表 (expected \"total\", "
	       "\"x\" or "
	       "\"y\") (at /values/t/a/zzz)\n"
	       "d.json:3:55: error: expected a number, \"\" or null (blank), or a figure as "
	       "published with its unit, such as \"251000元\" or \"3.5万元\" (docs/templates.md "
	       "section 4) (at /values/t/b/x)\n"
	       "d.json:3:65: error: expected an object of the values under \"c\", such as "
	       "{\"total\": 0} (at /values/t/c)\n"
	       "d.json:3:68: error: a key of \"values\" is one level, without \".\": nest the "
	       "levels, {\"a\": {\"x\": ...}} (at /values/t/a.x)\n"
	       "d.json:4:14: error: unknown key \"pp\" in u (did you mean \"p\"?) (at "
	       "/values/u/g/pp)\n"
	       "d.json:4:26: error: unknown key \"h\" in u (expected \"g\") (at /values/u/h)\n"
	       "d.json:5:12: error: layout \"l.json\" has no slot \"intr\" (did you mean "
	       "\"intro\"?) (at /slots/intr)\n"
	       "d.json:5:24: error: layout \"l.json\" has no slot \"other\" (its slots are: "
	       "\"intro\" and \"end\") (at /slots/other)\n");
	expect("form: a body for a layout with a skeleton", LAYOUT, "{'body': [{'p': '正文。'}]}",
	       0, -1, NULL,
	       "d.json:1:2: error: layout \"l.json\" has a skeleton: give the document as "
	       "\"slots\" "
	       "and \"values\" (docs/templates.md), not \"body\" (at /body)\n");
	expect("form: slots for a layout without a skeleton",
	       "{'extends': 'gbt9704', 'name': 'plain'}", "{'slots': {}}", 0, -1, NULL,
	       "d.json:1:2: error: \"slots\" is for a layout with a skeleton (docs/templates.md), "
	       "but layout \"plain\" has none: give the document as \"body\" (at /slots)\n");
	expect("form: body and slots together", LAYOUT, "{'body': [], 'slots': {}}", 0, -1, NULL,
	       "d.json:1:14: error: a document has \"body\", or \"slots\" and \"values\" for a "
	       "layout "
	       "with a skeleton, not both (at /slots)\n");
}

/* Checks that layout text lay fails to load with exactly the printed lines want. */
static void expect_layout(const char *name, const char *lay, const char *want)
{
	ran x = run(lay, NULL, 0);
	check(!x.l && strcmp(x.errs, want) == 0, name, "\n--- got (%s)\n%s--- want\n%s",
	      x.l ? "loaded" : "NULL", x.errs, want);
	unrun(&x);
}

static void layout_errors(void)
{
	expect_layout(
	        "layout: a cycle of sums",
	        "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr', '1fr', '1fr'],\n"
	        " 'rows': [[{'sum': ['k2'], 'key': 'k1'}, {'sum': ['k3', 'k1'], 'key': 'k2'},\n"
	        "  {'sum': {'row': ['k']}, 'key': 'k3'}]]}}}",
	        "l.json:2:20: error: sums form a cycle: k1 -> k2 -> k1 (at "
	        "/templates/t/rows/0/0/sum)\n"
	        "l.json:3:20: error: unknown column key \"k\" (at "
	        "/templates/t/rows/0/2/sum/row/0)\n");
	expect_layout("layout: a sum of itself",
	              "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr'],\n"
	              " 'rows': [[{'sum': ['me'], 'key': 'me'}]]}}}",
	              "l.json:2:20: error: sums form a cycle: me -> me (at "
	              "/templates/t/rows/0/0/sum)\n");
	expect_layout(
	        "layout: keys that do not fit the grid, value cells without keys",
	        "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr', '1fr'],\n"
	        " 'row_keys': ['r', 'r', 's'], 'column_keys': ['x', 'y.z'], 'row_names': {'q': "
	        "'Q'},\n"
	        " 'rows': [['l', {'value': 'a..b'}], [{'value': true}, {'value': true, 'text': "
	        "'x'}],\n"
	        "  [{'value': false}, {'value': 'k', 'key': 'k'}]],\n"
	        " 'checks': [{'name': 'c', 'level': 'fatal', 'each': 'row', 'left': ['x'], "
	        "'right': "
	        "['w']}],\n"
	        " 'missing': 'none'}},\n"
	        " 'skeleton': [{'template': 'tt'}, {'slot': 'a'}, {'slot': 'a'}, {'slto': 'b'},\n"
	        "  {'slot': 'c', 'p': 'x'}]}",
	        "l.json:2:20: error: row key \"r\" is also the key of row 1 (at "
	        "/templates/t/row_keys/1)\n"
	        "l.json:2:52: error: expected a column key (a name without \".\") or null (at "
	        "/templates/t/column_keys/1)\n"
	        "l.json:2:74: error: unknown row key \"q\" (at /templates/t/row_names/q)\n"
	        "l.json:3:27: error: expected true or a key such as \"item1.rules.made\" (at "
	        "/templates/t/rows/0/1/value)\n"
	        "l.json:3:65: error: {\"value\": true} at row 2, column 2 needs a key for its row "
	        "and "
	        "its column (row_keys, column_keys), or give its key: {\"value\": \"KEY\"} (at "
	        "/templates/t/rows/1/1/value)\n"
	        "l.json:3:71: error: a value cell has no \"text\": it shows the number (at "
	        "/templates/t/rows/1/1/text)\n"
	        "l.json:4:14: error: expected true or a key such as \"item1.rules.made\" (at "
	        "/templates/t/rows/2/0/value)\n"
	        "l.json:4:37: error: \"key\" names a sum cell; a value cell's key is its \"value\" "
	        "(at /templates/t/rows/2/1/key)\n"
	        "l.json:5:36: error: expected \"error\" or \"warning\" (at "
	        "/templates/t/checks/0/level)\n"
	        "l.json:5:85: error: unknown column key \"w\" (at /templates/t/checks/0/right/0)\n"
	        "l.json:6:13: error: expected \"0\" or \"blank\" (at /templates/t/missing)\n"
	        "l.json:7:28: error: unknown template \"tt\" (did you mean \"t\"?) (at "
	        "/skeleton/0/template)\n"
	        "l.json:7:59: error: slot \"a\" is already in the skeleton (entry 2) (at "
	        "/skeleton/2/slot)\n"
	        "l.json:7:66: error: unknown key \"slto\" (did you mean \"slot\"?) (at "
	        "/skeleton/3/slto)\n"
	        "l.json:8:17: error: a skeleton entry has exactly one key, but this one has "
	        "\"slot\" "
	        "and \"p\" (at /skeleton/4/p)\n");
	expect_layout(
	        "layout: sums of labels, of unknown keys, twice the same cell; repeated keys",
	        "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr', '1fr', '1fr'],\n"
	        " 'row_keys': ['r', 's'], 'column_keys': ['x', 'y', 'z'],\n"
	        " 'rows': [['label', {'value': true}, {'sum': {'row': ['x', 'y', 'y']}}],\n"
	        "  [{'sum': ['r.yy', 'r.z']}, {'sum': {'col': ['r']}}, {'value': 'r.y'}]]}}}",
	        "l.json:3:55: error: \"x\" is the label at row 1, column 1, not a value or a sum "
	        "(at "
	        "/templates/t/rows/0/2/sum/row/0)\n"
	        "l.json:3:65: error: the sum has this cell (row r, column y) twice (at "
	        "/templates/t/rows/0/2/sum/row/2)\n"
	        "l.json:4:13: error: unknown key \"r.yy\" (did you mean \"r.y\"?) (at "
	        "/templates/t/rows/1/0/sum/0)\n"
	        "l.json:4:38: error: expected {\"row\": [COLUMN, ...]}, {\"column\": [ROW, ...]} "
	        "or "
	        "[KEY, ...] (at /templates/t/rows/1/1/sum)\n"
	        "l.json:4:39: error: unknown key \"col\" (did you mean \"row\"?) (at "
	        "/templates/t/rows/1/1/sum/col)\n"
	        "l.json:4:65: error: key \"r.y\" is also the key of the cell at row 1, column 2 "
	        "(at "
	        "/templates/t/rows/1/2/value)\n");
	expect_layout("layout: a template's unknown key (the table loader's, with its extra keys)",
	              "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr'],\n"
	              " 'rows': [[{'vlaue': true}]], 'titel': 'T'}}}",
	              "l.json:2:13: error: unknown key \"vlaue\" (did you mean \"value\"?) (at "
	              "/templates/t/rows/0/0/vlaue)\n"
	              "l.json:2:31: error: unknown key \"titel\" (did you mean \"title\"?) (at "
	              "/templates/t/titel)\n");
	expect_layout(
	        "layout: a check naming a row that has no cell in a column",
	        "{'extends': 'gbt9704', 'templates': {'t': {'columns': ['1fr', '1fr'],\n"
	        " 'row_keys': ['r', 's'], 'column_keys': ['x', 'y'],\n"
	        " 'rows': [[{'value': true}, {'value': true}], [{'value': true}, 'label']],\n"
	        " 'checks': [{'name': 'c', 'level': 'error', 'each': 'column', 'left': ['r'],\n"
	        "  'right': ['s']}]}},\n"
	        " 'checks': [{'name': 'd', 'level': 'error', 'left': ['t.r'], 'right': "
	        "['q.r.x'], 'each': 'row'}]}",
	        "l.json:5:13: error: row \"s\" has no value or sum in column \"y\" (no cell has "
	        "the key \"s.y\") (at /templates/t/checks/0/right/0)\n"
	        "l.json:6:54: error: unknown key \"r\" in template \"t\" (did you mean "
	        "\"r.x\"?) (at /checks/0/left/0)\n"
	        "l.json:6:72: error: unknown template \"q\" (at /checks/0/right/0)\n"
	        "l.json:6:82: error: unknown key \"each\" (at /checks/0/each)\n");
}

/* === extends ============================================================================ */

/* Writes text (' for ") to file path in the current folder. */
static void write_file(const char *path, const char *text)
{
	char *s = dq(text);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(s, f);
		fclose(f);
	}
	free(s);
}

/* Loads layout file path (in the current folder); *errs gets the printed diagnostics. */
static gw_layout *load_file(const char *path, gw_fontset *fs, gw_json **j, char **errs)
{
	gw_diags d = {0};
	*j = gw_json_load(path, path, &d);
	gw_layout *l = *j ? load_layout(*j, fs, &d) : NULL;
	*errs = printed(&d);
	gw_diags_clear(&d);
	return l;
}

/* The index of style name in l, or -1. */
static int style_index(const gw_layout *l, const char *name)
{
	for (int i = 0; i < l->nstyles; i++)
		if (strcmp(l->styles[i].name, name) == 0)
			return i;
	return -1;
}

static void extends(void)
{
	char cwd[4096], dir[] = "/tmp/gw-test-template-XXXXXX";
	if (!getcwd(cwd, sizeof cwd) || !mkdtemp(dir) || chdir(dir) != 0) {
		check(0, "extends: temporary folder", "cannot make %s", dir);
		return;
	}
	/* base extends gbt9704 by name; mid extends base by path; top extends mid */
	write_file("base.json",
	           "{'version': 1, 'name': 'base', 'extends': 'gbt9704',\n"
	           " 'styles': {'body': {'font': 'kai', 'size': '三号'}, 'extra': {'font': 'hei', "
	           "'size': 12}},\n"
	           " 'templates': {'a': {'columns': ['1fr'], 'rows': [['A']]},\n"
	           "               'b': {'columns': ['1fr'], 'rows': [['B']]}},\n"
	           " 'seal': {'width': '40mm'}}\n");
	mkdir("sub", 0777);
	write_file("sub/mid.json", "{'$schema': 'x', 'extends': '../base.json',\n"
	                           " 'templates': {'b': {'columns': ['1fr', '1fr'], 'rows': [['B', "
	                           "'2']]}},\n"
	                           " 'blocks': {'p': 'extra'}}\n");
	write_file("top.json", "{'extends': 'sub/mid.json', 'name': 'top', 'seal': {}}\n");
	gw_fontset *fs = gw_fontset_new();
	gw_json *j;
	char *errs;
	gw_layout *l = load_file("top.json", fs, &j, &errs);
	int ok = l && l->nparents == 3 && strcmp(l->name, "top") == 0;
	check(ok, "extends: a chain of three files loads (by path and by name)", "%s", errs);
	/* gbt9704's own styles (as many as the layout file has), for the count below */
	gw_json *gj;
	char *gerrs;
	gw_layout *g = load_file(GW_LAYOUT_DIR "/gbt9704.json", fs, &gj, &gerrs);
	int nbase = g ? g->nstyles : -1;
	gw_layout_drop(g);
	gw_json_drop(gj);
	free(gerrs);
	if (ok) {
		int body = style_index(l, "body"), extra = style_index(l, "extra");
		check(body >= 0 && extra >= 0 && l->nstyles == nbase + 1 &&
		              strcmp(l->families[l->styles[body].family].name, "kai") == 0 &&
		              l->block_style[GW_BLOCK_P] == extra &&
		              l->block_style[GW_BLOCK_H1] == style_index(l, "h1"),
		      "extends: styles and blocks merged by entry name, nearest file wins",
		      "%d %d %d", body, extra, l->nstyles);
		check(l->ntemplates == 2 && strcmp(l->templates[0].name, "a") == 0 &&
		              l->templates[1].table->ncols == 2 && l->seal_width == gw_mm(42) &&
		              l->page_w == gw_mm(210),
		      "extends: templates replaced whole by name; other keys from the nearest file",
		      "%d", l->ntemplates);
	}
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);

	/* errors point into the file that holds the value */
	write_file("bad-base.json", "{'extends': 'gbt9704', 'styles': {'x': {'font': 'fnag', "
	                            "'size': 12}}, 'colour': 1}\n");
	write_file("bad.json", "{'extends': 'bad-base.json', 'blocks': {'p': 'bdy'}}\n");
	l = load_file("bad.json", fs, &j, &errs);
	check(!l && strcmp(errs,
	                   "bad-base.json:1:49: error: unknown font family \"fnag\" (did you mean "
	                   "\"fang\"?) (at /styles/x/font)\n"
	                   "bad-base.json:1:71: error: unknown key \"colour\" (did you mean "
	                   "\"colors\"?) (at /colour)\n"
	                   "bad.json:1:46: error: unknown style \"bdy\" (did you mean \"body\"?) "
	                   "(at /blocks/p)\n") == 0,
	      "extends: each error in the file that holds the value", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);

	/* a cycle, spelt two ways; a missing parent; not a string */
	write_file("c1.json", "{'extends': 'c2.json'}\n");
	write_file("c2.json", "{'extends': './c1.json'}\n");
	l = load_file("c1.json", fs, &j, &errs);
	check(!l && strcmp(errs, "c2.json:1:13: error: \"extends\" makes a cycle: c1.json -> "
	                         "c2.json -> c1.json (at /extends)\n") == 0,
	      "extends: a cycle is an error at the \"extends\" that closes it", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);
	write_file("self.json", "{'extends': 'self.json'}\n");
	l = load_file("self.json", fs, &j, &errs);
	check(!l && strcmp(errs, "self.json:1:13: error: \"extends\" makes a cycle: self.json -> "
	                         "self.json (at /extends)\n") == 0,
	      "extends: a layout that extends itself", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);
	write_file("lost.json", "{'extends': 'gbt9074'}\n");
	l = load_file("lost.json", fs, &j, &errs);
	check(!l && strcmp(errs, "lost.json:1:13: error: layout \"gbt9074\" not found (at "
	                         "/extends)\n") == 0,
	      "extends: a parent that is not found", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);

	/* depth: d0 -> d1 -> ... -> d8 is 8 links (fine); d0 ... d9 is 9 (an error) */
	for (int i = 0; i <= 9; i++) {
		char name[32], text[64];
		snprintf(name, sizeof name, "d%d.json", i);
		if (i < 9)
			snprintf(text, sizeof text, "{'extends': 'd%d.json'}\n", i + 1);
		else
			snprintf(text, sizeof text, "{'extends': 'gbt9704'}\n");
		write_file(name, text);
	}
	l = load_file("d2.json", fs, &j, &errs);
	check(l && l->nparents == 8 && !errs[0], "extends: 8 levels are allowed", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);
	l = load_file("d0.json", fs, &j, &errs);
	check(!l && strcmp(errs, "d8.json:1:13: error: more than 8 levels of \"extends\" (at "
	                         "/extends)\n") == 0,
	      "extends: more than 8 levels are an error", "\n%s", errs);
	gw_layout_drop(l);
	gw_json_drop(j);
	free(errs);
	gw_fontset_drop(fs);

	const char *files[] = {"base.json",     "sub/mid.json", "top.json",
	                       "bad-base.json", "bad.json",     "c1.json",
	                       "c2.json",       "self.json",    "lost.json"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(files[i]);
	for (int i = 0; i <= 9; i++) {
		char name[32];
		snprintf(name, sizeof name, "d%d.json", i);
		unlink(name);
	}
	rmdir("sub");
	if (chdir(cwd) != 0)
		check(0, "extends: back to the repository", "%s", cwd);
	rmdir(dir);
}

/* The shipped 2019 layout: its Table 三 has the 勾稽关系 rule and its sums in order. */
static void shipped(void)
{
	ran x = run("{'extends': 'gov-info-annual-2019'}", NULL, 0);
	const gw_template *t = NULL;
	for (int i = 0; x.l && i < x.l->ntemplates; i++)
		if (strcmp(x.l->templates[i].name, "applications") == 0)
			t = &x.l->templates[i];
	int ok = t && t->nchecks == 1 && !t->checks[0].warning && t->checks[0].neqs == 7 &&
	         strcmp(t->checks[0].eqs[0].left_names, "一 + 二") == 0 &&
	         strcmp(t->checks[0].eqs[0].right_names, "三（七）总计 + 四") == 0;
	check(ok, "shipped: Table 三's 勾稽关系 is an error-level check in each of its 7 columns",
	      "%s", x.errs);
	if (t) {
		/* every sum comes after the sums it adds up */
		int good = 1;
		for (int i = 0; i < t->norder; i++)
			for (int n = 0; n < t->cells[t->order[i]].ninputs; n++)
				for (int k = i; k < t->norder; k++)
					if (t->order[k] == t->cells[t->order[i]].inputs[n])
						good = 0;
		int sums = 0;
		for (int k = 0; k < t->table->ncells; k++)
			sums += t->cells[k].kind == GW_TCELL_SUM;
		check(good && t->norder == sums && sums > 0,
		      "shipped: Table 三's sums, each after the sums it adds up", "%d of %d sums",
		      t->norder, sums);
	}
	unrun(&x);
}

/* Warnings: printed as such, in position order with the errors, not counted as errors. */
static void warnings(void)
{
	gw_diags d = {0};
	gw_diags_warn(&d, "a.json", 2, 1, "/x", "a %s", "warning");
	gw_diags_add(&d, "a.json", 1, 5, NULL, "an error");
	gw_diags_warn(&d, NULL, 0, 0, NULL, "no position");
	char *got = printed(&d);
	check(d.n == 3 && d.nerr == 1 &&
	              strcmp(got, "a.json:1:5: error: an error\n"
	                          "a.json:2:1: warning: a warning (at /x)\n"
	                          "gongwen: warning: no position\n") == 0,
	      "diag: warnings print as \"warning:\" and are not counted as errors", "%d %d\n%s",
	      d.n, d.nerr, got);
	free(got);
	gw_diags_clear(&d);
	check(d.n == 0 && d.nerr == 0, "diag: clear resets the error count", "%d", d.nerr);
}

/* Figures as published (issue 12, point 12): the number each form counts as, exactly. */
static void figures(void)
{
	static const struct {
		const char *s;
		double v;
	} good[] = {{"251000元", 251000},
	            {"3.5万元", 35000},
	            {"1.23万", 12300},
	            {"12,000元", 12000},
	            {"1,234,567", 1234567},
	            {"-2", -2},
	            {"+3", 3},
	            {"0.5亿元", 50000000},
	            {"3 万元", 30000},
	            {"12人次", 12},
	            {"0.05", 0.05},
	            {"7万亿元", 7e12}};
	static const char *const bad[] = {
	        "25万1千", "１２", "1,23", "1.",           ".5",     "5%",       "1e3",    "--3",
	        "3,5000",  "元",   "",     "12元元元元元", "1,2345", "3.5万 元", "3万5千", "7亿万"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		double v = -1;
		int ok = gw_parse_figure(good[i].s, &v);
		check(ok && v == good[i].v, "figure: accepted", "\"%s\" -> %d %.17g, want %.17g",
		      good[i].s, ok, v, good[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		double v;
		check(!gw_parse_figure(bad[i], &v), "figure: refused", "\"%s\" accepted as %g",
		      bad[i], v);
	}
}

int main(void)
{
	figures();
	warnings();
	binding();
	blank_zero_missing();
	checks();
	unknown_keys();
	layout_errors();
	extends();
	shipped();
	DONE();
}
