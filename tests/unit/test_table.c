/*
 * test_table.c: unit test of load/table.c, table blocks -> gw_table.
 *
 * In: table JSON held in this file (written with ' for " to stay readable), loaded with
 * gw_json_parse as "t.json" and read with gw_load_table; generated tables for the limits;
 * and samples/annual-report-2020.json (run from the repository's root, as tests/run.sh
 * does) for the annual report's three tables. Out: one line per check, "ok NAME" or
 * "FAIL NAME: detail", then "N passed, N failed"; exit status 1 when any check failed.
 *
 * Error checks compare the exact lines the CLI prints (gw_diags_print: sorted by position),
 * so a change of wording or position shows up here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "gw.h"
#include "harness.h"
#include "load/data.h"
#include "load/json.h"
#include "load/table.h"

/* A loaded table with its JSON (which the table's texts point into) and its errors. */
typedef struct loaded {
	gw_json *j;
	gw_table *t;
	char *errs; /* the diagnostics as the CLI prints them, "" for none */
} loaded;

/* Parses JSON text `in` (with ' for ") as "t.json" and reads its root as a table. */
static loaded load_raw(const char *in, size_t len)
{
	loaded x = {0};
	gw_diags d = {0};
	x.j = gw_json_parse(in, len, "t.json", &d);
	if (x.j)
		x.t = gw_load_table(x.j, &d, gw_json_root(x.j));
	x.errs = printed(&d);
	gw_diags_clear(&d);
	return x;
}

static loaded load(const char *in)
{
	char *s = dq(in);
	loaded x = load_raw(s, strlen(s));
	free(s);
	return x;
}

static void unload(loaded *x)
{
	gw_table_drop(x->t);
	gw_json_drop(x->j);
	free(x->errs);
}

/* Loads in and checks that it fails with exactly the printed lines want. */
static void expect_errors(const char *name, const char *in, const char *want)
{
	loaded x = load(in);
	check(!x.t && strcmp(x.errs, want) == 0, name, "\n--- got (%s)\n%s--- want\n%s",
	      x.t ? "loaded" : "NULL", x.errs, want);
	unload(&x);
}

/* The text of the cell covering slot (r, c) of t, "?" when out of range (static buffer). */
static const char *at(const gw_table *t, int r, int c)
{
	static char buf[256];
	if (r < 0 || c < 0 || r >= t->nrows || c >= t->ncols || t->grid[r * t->ncols + c] < 0)
		return "?";
	const gw_text *x = &t->cells[t->grid[r * t->ncols + c]].text;
	size_t n = x->len < sizeof buf - 1 ? x->len : sizeof buf - 1;
	memcpy(buf, x->s, n);
	buf[n] = 0;
	return buf;
}

/*
 * The grid as text: each slot's owner cell's text (cells of one character), rows joined by
 * '/'; e.g. "aab/cdb" (malloc'ed).
 */
static char *grid_str(const gw_table *t)
{
	gw_buf b = {0};
	for (int r = 0; r < t->nrows; r++) {
		if (r)
			gw_buf_putc(&b, '/');
		for (int c = 0; c < t->ncols; c++)
			gw_buf_puts(&b, at(t, r, c));
	}
	return gw_buf_take(&b);
}

/* Loads in, which must succeed, and checks its grid against want (grid_str's form). */
static void expect_grid(const char *name, const char *in, const char *want)
{
	loaded x = load(in);
	char *g = x.t ? grid_str(x.t) : gw_xstrdup("");
	check(x.t && strcmp(g, want) == 0, name, "got \"%s\", want \"%s\"; errors:\n%s", g, want,
	      x.errs);
	free(g);
	unload(&x);
}

/* Checks that cell k of t starts at (row, col) and spans rs x cs. */
static int cell_is(const gw_table *t, int k, int row, int col, int rs, int cs)
{
	const gw_cell *c = &t->cells[k];
	return c->row == row && c->col == col && c->rowspan == rs && c->colspan == cs;
}

/* === Grids ============================================================================= */

static void grids(void)
{
	expect_grid("grid: a plain 2 x 3 table",
	            "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	            "[['a', 'b', 'c'], ['d', 'e', 'f']]}",
	            "abc/def");
	expect_grid("grid: colspan",
	            "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	            "[['a', {'text': 'b', 'colspan': 2}], [{'text': 'c', 'colspan': 3}], "
	            "['d', 'e', 'f']]}",
	            "abb/ccc/def");
	expect_grid("grid: rowspan; the next row's cells skip the covered slot",
	            "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	            "[[{'text': 'a', 'rowspan': 2}, 'b', {'text': 'c', 'rowspan': 3}], "
	            "['d'], ['e', 'f']]}",
	            "abc/adc/efc");
	expect_grid("grid: a rowspan x colspan block in the middle",
	            "{'columns': ['1fr', '1fr', '1fr', '1fr'], 'rows': "
	            "[['a', {'text': 'b', 'rowspan': 2, 'colspan': 2}, 'c'], ['d', 'e'], "
	            "['f', 'g', 'h', 'i']]}",
	            "abbc/dbbe/fghi");
	expect_grid("grid: a row entirely covered from above may be empty",
	            "{'columns': ['1fr', '1fr'], 'rows': "
	            "[[{'text': 'a', 'rowspan': 2}, {'text': 'b', 'rowspan': 2}], [], ['c', 'd']]}",
	            "ab/ab/cd");
	expect_grid("grid: a one-cell table", "{'columns': ['auto'], 'rows': [['a']]}", "a");

	loaded x = load("{'columns': [30, '30mm', '12pt', '1.5cm', '2fr', '0.5fr', 'auto'], "
	                "'header_rows': 1, 'caption': 'Cap', 'style': 'small', "
	                "'rows': [['a', 'b', 'c', 'd', 'e', 'f', {'text': 'g', 'align': 'right', "
	                "'valign': 'bottom'}], "
	                "[null, '', {'colspan': 2}, {'text': 7, 'align': 'left', 'valign': 'top'}, "
	                "{'text': null, 'align': 'center', 'valign': 'middle'}, 'x']]}");
	const gw_table *t = x.t;
	CHECK("grid: a table with every kind of width loads", t && t->ncols == 7 && t->nrows == 2);
	if (t) {
		const gw_colspec *c = t->cols;
		CHECK("widths: 30 is 30 pt", c[0].kind == GW_COL_FIXED && c[0].width == 30000);
		CHECK("widths: \"30mm\" is 30 mm",
		      c[1].kind == GW_COL_FIXED && abs(c[1].width - gw_mm(30)) <= 1);
		CHECK("widths: \"12pt\"", c[2].kind == GW_COL_FIXED && c[2].width == 12000);
		CHECK("widths: \"1.5cm\" is 15 mm",
		      c[3].kind == GW_COL_FIXED && abs(c[3].width - gw_mm(15)) <= 1);
		CHECK("widths: \"2fr\" is 2000 in 1/1000 fr",
		      c[4].kind == GW_COL_FR && c[4].fr == 2000);
		CHECK("widths: \"0.5fr\" is 500", c[5].kind == GW_COL_FR && c[5].fr == 500);
		CHECK("widths: \"auto\"", c[6].kind == GW_COL_AUTO);
		CHECK("widths: each keeps its JSON value",
		      c[4].src.node && cJSON_IsString(c[4].src.node) && c[4].src.json == x.j);
		CHECK("table: header_rows, caption and style are kept",
		      t->header_rows == 1 && t->caption.len == 3 && !strcmp(t->caption.s, "Cap") &&
		              t->style && !strcmp(t->style, "small") && t->style_src.node);
		CHECK("cells: alignments default to -1; align and valign are read",
		      t->cells[0].align == -1 && t->cells[0].valign == -1 &&
		              t->cells[6].align == GW_ALIGN_RIGHT &&
		              t->cells[6].valign == GW_VALIGN_BOTTOM &&
		              t->cells[10].align == GW_ALIGN_LEFT &&
		              t->cells[10].valign == GW_VALIGN_TOP &&
		              t->cells[11].align == GW_ALIGN_CENTER &&
		              t->cells[11].valign == GW_VALIGN_MIDDLE);
		CHECK("cells: null, \"\", an object without text and {\"text\": null} are empty",
		      t->ncells == 13 && t->cells[7].text.len == 0 && t->cells[8].text.len == 0 &&
		              t->cells[9].text.len == 0 && t->cells[11].text.len == 0 &&
		              t->cells[7].text.s && t->cells[9].text.s);
		CHECK("cells: a number as text is formatted",
		      t->cells[10].num && !strcmp(t->cells[10].text.s, "7") &&
		              t->cells[10].text.len == 1);
		CHECK("cells: positions and spans",
		      cell_is(t, 0, 0, 0, 1, 1) && cell_is(t, 9, 1, 2, 1, 2) &&
		              cell_is(t, 10, 1, 4, 1, 1) && cell_is(t, 12, 1, 6, 1, 1));
		CHECK("cells: src is the cell's value, text.src the text's",
		      cJSON_IsObject(t->cells[10].src.node) &&
		              cJSON_IsNumber(t->cells[10].text.src.node));
	}
	unload(&x);
}

/* === Number cells ====================================================================== */

/* Checks that the number cell written as `json` prints as want. */
static void number(const char *json, const char *want)
{
	char in[200], name[200];
	snprintf(in, sizeof in, "{'columns': ['1fr'], 'rows': [[%s]]}", json);
	snprintf(name, sizeof name, "numbers: %s prints as %s", json, want);
	loaded x = load(in);
	const char *got = x.t ? x.t->cells[0].text.s : "(not loaded)";
	check(x.t && !strcmp(got, want) && x.t->cells[0].text.len == strlen(want), name,
	      "got \"%s\"; %s", got, x.errs);
	unload(&x);
}

static void numbers(void)
{
	number("0", "0");
	number("-0", "0");
	number("0.0", "0");
	number("12", "12");
	number("12.0", "12");
	number("12.5", "12.5");
	number("-3", "-3");
	number("0.1", "0.1");
	number("1e2", "100");
	number("251000", "251000");
	number("123456789012345", "123456789012345");
	number("9007199254740993", "9007199254740992");
	number("0.000001", "0.000001");
	number("1e-7", "1e-7");
	number("1.5e-7", "1.5e-7");
	number("1e20", "100000000000000000000");
	number("1e21", "1e+21");
	number("-2.5e300", "-2.5e+300");
	number("0.30000000000000004", "0.30000000000000004");
	number("3.14159", "3.14159");
}

/* === The annual report's tables (standards.md 2.5, 2.6) ================================ */

static void report_headers(void)
{
	/* Table 三's header and first rows, 2019 format */
	loaded x = load("{'columns': ['14mm', '22mm', '3fr', '1fr', '1fr', '1fr', '1fr', '1fr', "
	                "'1fr', '1fr'], 'header_rows': 3, 'rows': ["
	                "[{'text': 'L', 'colspan': 3, 'rowspan': 3}, {'text': 'A', 'colspan': 7}],"
	                "[{'text': 'N', 'rowspan': 2}, {'text': 'O', 'colspan': 5}, "
	                "{'text': 'T', 'rowspan': 2}],"
	                "['b', 'k', 'g', 'f', 'q'],"
	                "[{'text': '1', 'colspan': 3}, 0, 0, 0, 0, 0, 0, 0],"
	                "[{'text': '3', 'rowspan': 3}, {'text': 'y', 'colspan': 2}, 0, 0, 0, 0, 0, "
	                "0, 0],"
	                "[{'text': 'n', 'rowspan': 2}, 's', 0, 0, 0, 0, 0, 0, 0],"
	                "['t', 0, 0, 0, 0, 0, 0, 0]]}");
	char *g = x.t ? grid_str(x.t) : gw_xstrdup("");
	check(x.t && !strcmp(g, "LLLAAAAAAA/LLLNOOOOOT/LLLNbkgfqT/1110000000/3yy0000000/"
	                        "3ns0000000/3nt0000000"),
	      "report: Table 三's header (3x3 label block, 申请人情况 over 7, 自然人 and 总计 "
	      "down 2, 法人或其他组织 over 5) and rows",
	      "got %s; %s", g, x.errs);
	if (x.t)
		CHECK("report: Table 三's cells start where standards.md 2.5 puts them",
		      cell_is(x.t, 0, 0, 0, 3, 3) && cell_is(x.t, 1, 0, 3, 1, 7) &&
		              cell_is(x.t, 2, 1, 3, 2, 1) && cell_is(x.t, 3, 1, 4, 1, 5) &&
		              cell_is(x.t, 4, 1, 9, 2, 1) && cell_is(x.t, 5, 2, 4, 1, 1) &&
		              cell_is(x.t, 9, 2, 8, 1, 1) && x.t->header_rows == 3);
	free(g);
	unload(&x);

	/* Table 四: 15 columns, 3 header rows, one row of numbers */
	x = load("{'columns': ['1fr', '1fr', '1fr', '1fr', '1fr', '1fr', '1fr', '1fr', '1fr', "
	         "'1fr', '1fr', '1fr', '1fr', '1fr', '1fr'], 'header_rows': 3, 'rows': ["
	         "[{'text': 'F', 'colspan': 5}, {'text': 'S', 'colspan': 10}],"
	         "[{'text': 'a', 'rowspan': 2}, {'text': 'b', 'rowspan': 2}, "
	         "{'text': 'c', 'rowspan': 2}, {'text': 'd', 'rowspan': 2}, "
	         "{'text': 'e', 'rowspan': 2}, {'text': 'U', 'colspan': 5}, "
	         "{'text': 'V', 'colspan': 5}],"
	         "['a', 'b', 'c', 'd', 'e', 'a', 'b', 'c', 'd', 'e'],"
	         "[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5]]}");
	g = x.t ? grid_str(x.t) : gw_xstrdup("");
	check(x.t && !strcmp(g, "FFFFFSSSSSSSSSS/abcdeUUUUUVVVVV/abcdeabcdeabcde/"
	                        "123456789012345"),
	      "report: Table 四's header (行政复议 over 5, 行政诉讼 over 10, five rowspan-2 "
	      "cells, two groups of 5)",
	      "got %s; %s", g, x.errs);
	free(g);
	unload(&x);
}

/* Loads the full sample and checks its three tables against standards.md 2.4-2.6. */
static void report_sample(void)
{
	const char *path = "samples/annual-report-2020.json";
	gw_diags d = {0};
	gw_json *j = gw_json_load(path, path, &d);
	gw_doc *doc = j ? gw_load_data(j, &d) : NULL;
	char *errs = printed(&d);
	check(doc != NULL, "sample: the full annual report with its tables loads", "%s", errs);
	free(errs);
	gw_diags_clear(&d);
	const gw_table *tab[3] = {NULL};
	int n = 0;
	for (int i = 0; doc && i < doc->nblocks; i++)
		if (doc->blocks[i].kind == GW_BLOCK_TABLE && n < 3)
			tab[n++] = doc->blocks[i].table;
	if (n == 3) {
		const gw_table *t2 = tab[0], *t3 = tab[1], *t4 = tab[2];
		CHECK("sample: Table 二 is 4 columns x 18 rows, no repeated header",
		      t2->ncols == 4 && t2->nrows == 18 && t2->header_rows == 0);
		CHECK("sample: Table 二's block titles span the 4 columns",
		      !strcmp(at(t2, 0, 3), "第二十条第（一）项") &&
		              !strcmp(at(t2, 15, 0), "第二十条第（九）项") &&
		              t2->cells[t2->grid[15 * 4]].colspan == 4);
		CHECK("sample: Table 二's numbers (规范性文件 2 2 2; 政府集中采购 empty)",
		      !strcmp(at(t2, 3, 0), "规范性文件") && !strcmp(at(t2, 3, 3), "2") &&
		              !strcmp(at(t2, 17, 0), "政府集中采购") &&
		              !strcmp(at(t2, 17, 1), "") && !strcmp(at(t2, 17, 2), "") &&
		              !strcmp(at(t2, 14, 3), ""));
		CHECK("sample: Table 三 is 10 columns x 26 rows with 3 header rows",
		      t3->ncols == 10 && t3->nrows == 26 && t3->header_rows == 3);
		const gw_cell *c = &t3->cells[t3->grid[5 * 10]];
		CHECK("sample: Table 三's 三、本年度办理结果 spans 20 rows (2019 format)",
		      c->row == 5 && c->rowspan == 20 &&
		              !strncmp(c->text.s, "三、本年度办理结果", c->text.len));
		c = &t3->cells[t3->grid[7 * 10 + 1]];
		CHECK("sample: Table 三's （三）不予公开 spans 8 rows",
		      c->row == 7 && c->rowspan == 8 && c->colspan == 1);
		CHECK("sample: Table 三's （四） spans 3, （五） 5, （六） and （七） 2 columns",
		      t3->cells[t3->grid[15 * 10 + 1]].rowspan == 3 &&
		              t3->cells[t3->grid[18 * 10 + 1]].rowspan == 5 &&
		              t3->cells[t3->grid[23 * 10 + 1]].colspan == 2 &&
		              t3->cells[t3->grid[24 * 10 + 1]].colspan == 2 &&
		              t3->cells[t3->grid[25 * 10]].colspan == 3 &&
		              !strcmp(at(t3, 25, 9), "0"));
		CHECK("sample: Table 四 is 15 columns x 4 rows, 3 header rows; 行政复议 values "
		      "empty as in the seed",
		      t4->ncols == 15 && t4->nrows == 4 && t4->header_rows == 3 &&
		              !strcmp(at(t4, 0, 5), "行政诉讼") && !strcmp(at(t4, 2, 14), "总计") &&
		              !strcmp(at(t4, 3, 14), "0") && !strcmp(at(t4, 3, 4), ""));
	} else {
		check(0, "sample: the full annual report has three tables", "found %d", n);
	}
	gw_doc_drop(doc);
	gw_json_drop(j);
}

/* === Errors ============================================================================ */

static void errors(void)
{
	expect_errors("error: colspan past the table's edge",
	              "{'columns': ['1fr', '1fr', '1fr', '1fr'], 'rows': "
	              "[['a', 'b', {'text': 'c', 'colspan': 3}]]}",
	              "t.json:1:88: error: colspan 3 from column 3 runs past the table's 4 "
	              "columns (at /rows/0/2/colspan)\n");
	expect_errors("error: rowspan past the last row",
	              "{'columns': ['1fr', '1fr'], 'rows': "
	              "[['a', {'text': 'b', 'rowspan': 3}], ['c']]}",
	              "t.json:1:69: error: rowspan 3 from row 1 runs past the table's 2 rows "
	              "(at /rows/0/1/rowspan)\n");
	expect_errors("error: a row with more cells than columns",
	              "{'columns': ['1fr', '1fr'], 'rows': [['a', 'b', 'c', 'd']]}",
	              "t.json:1:49: error: row 1 has more cells than the table's 2 columns (at "
	              "/rows/0/2)\n");
	expect_errors("error: more cells than the columns a rowspan leaves free",
	              "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	              "[[{'text': 'a', 'rowspan': 2}, 'b', 'c'], ['d', 'e', 'f']]}",
	              "t.json:1:97: error: row 2 has more cells than fit in the table's 3 "
	              "columns (1 taken by rowspans from above) (at /rows/1/2)\n");
	expect_errors("error: a hole at the end of a row",
	              "{'columns': ['1fr', '1fr', '1fr', '1fr'], 'rows': [['a', 'b', 'c'], "
	              "['d', 'e', 'f', 'g']]}",
	              "t.json:1:52: error: row 1 leaves column 4 empty (at /rows/0)\n");
	expect_errors("error: holes in several places are named as runs",
	              "{'columns': ['1fr', '1fr', '1fr', '1fr', '1fr', '1fr'], 'rows': "
	              "[['a', {'text': 'b', 'rowspan': 2}, 'c', 'd', {'text': 'e', 'rowspan': 2}, "
	              "'f'], ['g'], []]}",
	              "t.json:1:146: error: row 2 leaves columns 3 to 4 and 6 empty (at /rows/1)\n"
	              "t.json:1:153: error: row 3 leaves columns 1 to 6 empty (at /rows/2)\n");
	expect_errors("error: a colspan that runs into a rowspan from above",
	              "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	              "[['a', {'text': 'b', 'rowspan': 2}, 'c'], "
	              "[{'text': 'd', 'colspan': 2}, 'e']]}",
	              "t.json:1:112: error: colspan 2 from column 1 overlaps the cell at row 1, "
	              "column 2, which spans down into row 2 (at /rows/1/0/colspan)\n");
	expect_errors("error: a colspan past the edge is reported once, not also as an overlap",
	              "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	              "[['a', 'b', {'text': 'c', 'rowspan': 2}], "
	              "[{'text': 'd', 'colspan': 4}]]}",
	              "t.json:1:112: error: colspan 4 from column 1 runs past the table's 3 "
	              "columns (at /rows/1/0/colspan)\n");
	expect_errors("error: the cells after a bad span land where the author meant them",
	              "{'columns': ['1fr', '1fr', '1fr'], 'rows': "
	              "[['a', {'text': 'b', 'rowspan': 2}, 'c'], "
	              "[{'text': 'd', 'colspan': 2, 'rowspan': 2}, 'e'], ['f', 'g', 'h', 'i']]}",
	              "t.json:1:112: error: colspan 2 from column 1 overlaps the cell at row 1, "
	              "column 2, which spans down into row 2 (at /rows/1/0/colspan)\n");
	expect_errors("error: bad widths",
	              "{'columns': ['30', 'abc', '0mm', '0fr', '2000fr', 0, -5, '-5mm', '2 fr', "
	              "'auto ', '1e3pt', 15000, true], 'rows': [[{'text': 'a', 'colspan': 13}]]}",
	              "t.json:1:14: error: column width \"30\" needs a unit: \"30mm\", \"30pt\" "
	              "or \"30fr\" (at /columns/0)\n"
	              "t.json:1:20: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/1)\n"
	              "t.json:1:27: error: column width \"0mm\" is out of range (above 0, at most "
	              "14400pt) (at /columns/2)\n"
	              "t.json:1:34: error: column width \"0fr\" is out of range (0.001fr to "
	              "1000fr) (at /columns/3)\n"
	              "t.json:1:41: error: column width \"2000fr\" is out of range (0.001fr to "
	              "1000fr) (at /columns/4)\n"
	              "t.json:1:51: error: column width 0 is out of range (above 0, at most "
	              "14400pt) (at /columns/5)\n"
	              "t.json:1:54: error: column width -5 is out of range (above 0, at most "
	              "14400pt) (at /columns/6)\n"
	              "t.json:1:58: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/7)\n"
	              "t.json:1:66: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/8)\n"
	              "t.json:1:74: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/9)\n"
	              "t.json:1:83: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/10)\n"
	              "t.json:1:92: error: column width 15000 is out of range (above 0, at most "
	              "14400pt) (at /columns/11)\n"
	              "t.json:1:99: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/12)\n");
	expect_errors("error: bad cells: types, keys, spans, alignments",
	              "{'columns': ['1fr', '1fr', '1fr', '1fr', '1fr', '1fr'], 'rows': [[true, "
	              "['x'], {'txt': 'a'}, {'text': false}, {'align': 'centre'}, "
	              "{'valign': 3}]]}",
	              "t.json:1:67: error: expected a cell: a string, a number, null or an "
	              "object such as {\"text\": \"...\", \"colspan\": 2} (at /rows/0/0)\n"
	              "t.json:1:73: error: expected a cell: a string, a number, null or an "
	              "object such as {\"text\": \"...\", \"colspan\": 2} (at /rows/0/1)\n"
	              "t.json:1:81: error: unknown key \"txt\" (did you mean \"text\"?) (at "
	              "/rows/0/2/txt)\n"
	              "t.json:1:103: error: expected the cell's text: a string or a number (at "
	              "/rows/0/3/text)\n"
	              "t.json:1:121: error: expected \"left\", \"center\" or \"right\", not "
	              "\"centre\" (at /rows/0/4/align)\n"
	              "t.json:1:143: error: expected \"top\", \"middle\" or \"bottom\" (at "
	              "/rows/0/5/valign)\n");
	expect_errors("error: bad span values; no hole errors follow from them",
	              "{'columns': ['1fr', '1fr', '1fr'], 'rows': [[{'text': 'a', 'colspan': 0}, "
	              "'b'], [{'text': 'c', 'rowspan': 1.5}, 'd', 'e'], ['f'], "
	              "[{'text': 'g', 'colspan': 1001}]]}",
	              "t.json:1:71: error: expected an integer from 1 to 1000 (at "
	              "/rows/0/0/colspan)\n"
	              "t.json:1:107: error: expected an integer from 1 to 1000 (at "
	              "/rows/1/0/rowspan)\n"
	              "t.json:1:157: error: expected an integer from 1 to 1000 (at "
	              "/rows/3/0/colspan)\n");
	expect_errors("error: the table's own keys",
	              "{'colums': [], 'header_rows': 2, 'rows': [['a']], 'caption': '', "
	              "'style': 7}",
	              "t.json:1:1: error: missing key \"columns\" (at the root)\n"
	              "t.json:1:2: error: unknown key \"colums\" (did you mean \"columns\"?) (at "
	              "/colums)\n"
	              "t.json:1:31: error: expected an integer from 0 to 1 (at /header_rows)\n"
	              "t.json:1:62: error: caption is empty; leave the key out for none (at "
	              "/caption)\n"
	              "t.json:1:75: error: expected a string (at /style)\n");
	expect_errors("error: empty columns, empty rows",
	              "{'columns': [], 'rows': [], 'style': ''}",
	              "t.json:1:13: error: a table needs at least one column (at /columns)\n"
	              "t.json:1:25: error: a table needs at least one row (at /rows)\n"
	              "t.json:1:38: error: style name is empty; leave the key out for the "
	              "layout's table style (at /style)\n");
	expect_errors("error: rows and columns of the wrong type",
	              "{'columns': '1fr', 'rows': [['a'], 'b', ['c']]}",
	              "t.json:1:13: error: expected an array of column widths such as [\"30mm\", "
	              "\"2fr\", \"auto\"] (a column may be {\"width\": \"30mm\", \"align\": "
	              "\"left\"}) (at /columns)\n"
	              "t.json:1:36: error: expected a row: an array of cells (at /rows/1)\n");
	expect_errors("error: rows not an array", "{'columns': ['1fr'], 'rows': {}}",
	              "t.json:1:30: error: expected an array of rows, each an array of cells (at "
	              "/rows)\n");
	expect_errors("error: a table that is not an object", "[]",
	              "t.json:1:1: error: expected a table object such as {\"columns\": [\"1fr\", "
	              "\"1fr\"], \"rows\": [[\"a\", \"b\"]]} (at the root)\n");
	expect_errors("error: a header that cuts through a rowspan",
	              "{'columns': ['1fr', '1fr'], 'header_rows': 1, 'rows': "
	              "[['a', {'text': 'b', 'rowspan': 2}], ['c']]}",
	              "t.json:1:44: error: header_rows 1 cuts through the cell at row 1, column "
	              "2 (rowspan 2) (at /header_rows)\n");
	expect_errors("error: an unknown key far from every known one gets no hint",
	              "{'columns': ['1fr'], 'rows': [[{'text': 'a', 'colspan': 1, 'rowspan': 1, "
	              "'align': 'left', 'valign': 'top', 'x': 1}]]}",
	              "t.json:1:108: error: unknown key \"x\" (at /rows/0/0/x)\n");
}

/* === Limits ============================================================================ */

/* A table of `rows` rows of `cols` cells "a" (malloc'ed JSON), `cols` widths of "1fr". */
static char *big_table(int rows, int cols)
{
	gw_buf b = {0};
	gw_buf_puts(&b, "{\"columns\": [");
	for (int c = 0; c < cols; c++)
		gw_buf_puts(&b, c ? ", \"1fr\"" : "\"1fr\"");
	gw_buf_puts(&b, "], \"rows\": [");
	for (int r = 0; r < rows; r++) {
		gw_buf_puts(&b, r ? ",\n[" : "[");
		for (int c = 0; c < cols; c++)
			gw_buf_puts(&b, c ? ",\"a\"" : "\"a\"");
		gw_buf_putc(&b, ']');
	}
	gw_buf_puts(&b, "]}");
	return gw_buf_take(&b);
}

/*
 * A 4-column table of `rows` rows with spans: every 1000th row starts a rowspan-1000 cell
 * and a colspan-2 number cell; the rows between fill the 3 columns beside it (malloc'ed).
 */
static char *spans_table(int rows)
{
	gw_buf b = {0};
	gw_buf_puts(&b, "{\"columns\": [\"1fr\", \"1fr\", \"1fr\", \"1fr\"], \"rows\": [");
	for (int r = 0; r < rows; r++) {
		if (r)
			gw_buf_puts(&b, ",\n");
		if (r % 1000 == 0)
			gw_buf_puts(&b, "[{\"text\": \"x\", \"rowspan\": 1000}, 1, "
			                "{\"text\": 2.5, \"colspan\": 2}]");
		else
			gw_buf_puts(&b, "[\"a\", 12, null]");
	}
	gw_buf_puts(&b, "]}");
	return gw_buf_take(&b);
}

/* Loads spans_table(rows) and returns the CPU seconds gw_load_table took; *ok: loaded right. */
static double time_spans(int rows, int *ok)
{
	char *s = spans_table(rows);
	gw_diags d = {0};
	gw_json *j = gw_json_parse(s, strlen(s), "t.json", &d);
	clock_t t0 = clock();
	gw_table *t = j ? gw_load_table(j, &d, gw_json_root(j)) : NULL;
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	*ok = t && d.n == 0 && t->nrows == rows && t->ncells == 3 * rows &&
	      !strcmp(at(t, rows - 1, 0), "x") && !strcmp(at(t, rows - 1, 3), "") &&
	      !strcmp(at(t, rows - 1000, 3), "2.5");
	gw_table_drop(t);
	gw_json_drop(j);
	gw_diags_clear(&d);
	free(s);
	return secs;
}

static void limits(void)
{
	/*
	 * Linear time: 100,000 rows load in under 2 s, or (on a slow machine or under
	 * valgrind) in under 30 times what a tenth of them takes (a quadratic load takes ~100).
	 */
	int ok10, ok100;
	double t10 = time_spans(GW_MAX_TABLE_ROWS / 10, &ok10);
	double t100 = time_spans(GW_MAX_TABLE_ROWS, &ok100);
	check(ok10 && ok100 && (t100 < 2.0 || t100 < 30 * t10),
	      "limits: a 100,000-row table with spans loads in linear time",
	      "loaded right: %d %d; 10,000 rows %.3f s, 100,000 rows %.3f s", ok10, ok100, t10,
	      t100);

	char *s;
	loaded x;
	s = big_table(GW_MAX_TABLE_ROWS + 1, 1);
	x = load_raw(s, strlen(s));
	check(!x.t && !strcmp(x.errs, "t.json:1:30: error: more than 100000 rows (at /rows)\n"),
	      "limits: 100,001 rows is an error", "got %s", x.errs);
	unload(&x);
	free(s);

	s = big_table(1, GW_MAX_TABLE_COLS + 1);
	x = load_raw(s, strlen(s));
	check(!x.t && !strcmp(x.errs, "t.json:1:13: error: more than 100 columns (at /columns)\n"),
	      "limits: 101 columns is an error", "got %s", x.errs);
	unload(&x);
	free(s);

	s = big_table(1, GW_MAX_TABLE_COLS);
	x = load_raw(s, strlen(s));
	CHECK("limits: 100 columns load", x.t && x.t->ncols == 100 && x.t->ncells == 100);
	unload(&x);
	free(s);

	expect_errors("limits: a span of 1000 is allowed, 1001 is not",
	              "{'columns': ['1fr'], 'rows': [[{'text': 'a', 'rowspan': 1001}]]}",
	              "t.json:1:57: error: expected an integer from 1 to 1000 (at "
	              "/rows/0/0/rowspan)\n");
}

/* === Columns with an alignment (issue 12, point 6) ===================================== */

static void columns(void)
{
	loaded x = load("{'columns': [{'width': '20mm', 'align': 'left'}, '1fr', "
	                "{'width': 'auto', 'align': 'right'}, {'width': '2fr'}], "
	                "'rows': [['a', 'b', 'c', 'd']]}");
	check(x.t && x.t->ncols == 4 && x.t->cols[0].kind == GW_COL_FIXED &&
	              x.t->cols[0].align == GW_ALIGN_LEFT && x.t->cols[1].kind == GW_COL_FR &&
	              x.t->cols[1].align == -1 && x.t->cols[2].kind == GW_COL_AUTO &&
	              x.t->cols[2].align == GW_ALIGN_RIGHT && x.t->cols[3].fr == 2000 &&
	              x.t->cols[3].align == -1,
	      "columns: objects with width and align beside plain widths", "errors:\n%s", x.errs);
	unload(&x);
	expect_errors("columns: a column object's errors, all at once",
	              "{'columns': [{'align': 'left'}, {'width': '1fr', 'valign': 'top'}, "
	              "{'width': '1fr', 'align': 'justify'}, {'width': []}], 'rows': [['a', 'b', "
	              "'c', 'd']]}",
	              "t.json:1:14: error: missing key \"width\" (at /columns/0)\n"
	              "t.json:1:50: error: unknown key \"valign\" (did you mean \"align\"?) (at "
	              "/columns/1/valign)\n"
	              "t.json:1:94: error: expected \"left\", \"center\" or \"right\", not "
	              "\"justify\" (at /columns/2/align)\n"
	              "t.json:1:116: error: expected a column width such as \"30mm\", 12, \"2fr\" "
	              "or \"auto\" (at /columns/3/width)\n");
}

int main(void)
{
	grids();
	columns();
	numbers();
	report_headers();
	report_sample();
	errors();
	limits();
	DONE();
}
