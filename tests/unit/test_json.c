/*
 * test_json.c: unit test of load/json.c, the strict JSON loader.
 *
 * In: JSON texts held in this file (and a few generated ones), loaded with gw_json_parse,
 * plus temporary files in a mkdtemp directory for gw_json_load (removed at the end).
 * Out: one line per check, "ok NAME" or "FAIL NAME: detail", then "N passed, N failed";
 * exit status 1 when any check failed.
 *
 * Error checks compare the exact lines gw_diag_format makes, in order, for the file name
 * "t.json", so a change of wording or position shows up here.
 */
#include <float.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "harness.h"
#include "gw.h"
#include "load/json.h"

/*
 * Returns every diagnostic of d formatted, one per line (no final newline), malloc'ed.
 */
static char *all_diags(const gw_diags *d)
{
	gw_buf b = {0};
	for (int i = 0; i < d->n; i++) {
		char *s = gw_diag_format(&d->v[i]);
		if (i)
			gw_buf_putc(&b, '\n');
		gw_buf_puts(&b, s);
		free(s);
	}
	return gw_buf_take(&b);
}

/*
 * Loads in[0..len) as "t.json" and checks that the diagnostics are exactly want (lines
 * joined by '\n'); want "" means the load must succeed. Returns the document (or NULL)
 * for further checks; the caller drops it.
 */
static gw_json *expect_n(const char *name, const char *in, size_t len, const char *want)
{
	gw_diags d = {0};
	gw_json *j = gw_json_parse(in, len, "t.json", &d);
	char *got = all_diags(&d);
	int ok = strcmp(got, want) == 0 && (want[0] ? j == NULL : j != NULL);
	check(ok, name, "\n--- got (%s)\n%s\n--- want\n%s", j ? "loaded" : "NULL", got, want);
	free(got);
	gw_diags_clear(&d);
	return j;
}

/* expect_n on a string literal (which may hold NUL bytes). */
#define EXPECT(name, lit, want) gw_json_drop(expect_n(name, lit, sizeof(lit) - 1, want))
#define LOAD(name, lit) expect_n(name, lit, sizeof(lit) - 1, "")

/* Follows member key of object o, or NULL. */
static const cJSON *at(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Checks that p is line:col. */
static void check_pos(const char *name, gw_srcpos p, uint32_t line, uint32_t col)
{
	check(p.line == line && p.col == col, name, "got %u:%u, want %u:%u", (unsigned)p.line,
	      (unsigned)p.col, (unsigned)line, (unsigned)col);
}

/* Checks that the pointer of item is want. */
static void check_pointer(const char *name, const gw_json *j, const cJSON *item, const char *want)
{
	char *p = gw_json_pointer(j, item);
	check(strcmp(p, want) == 0, name, "got \"%s\", want \"%s\"", p, want);
	free(p);
}

/* === Syntax errors ======================================================================= */

static void syntax_errors(void)
{
	EXPECT("syntax_missing_comma_in_object", "{\"a\":1 \"b\":2}",
	       "t.json:1:8: error: expected ',' or '}' after object member (at the root)");
	EXPECT("syntax_missing_comma_in_array", "[1 2]",
	       "t.json:1:4: error: expected ',' or ']' after array element (at the root)");
	EXPECT("syntax_missing_colon", "{\"a\" 1}",
	       "t.json:1:6: error: expected ':' after object key (at the root)");
	EXPECT("syntax_unquoted_key", "{a:1}",
	       "t.json:1:2: error: expected a string key or '}' after '{' (at the root)");
	EXPECT("syntax_key_after_comma", "{\"a\":1,2}",
	       "t.json:1:8: error: expected a string key after ',' (at the root)");
	EXPECT("syntax_single_quotes", "{'a':1}",
	       "t.json:1:2: error: expected a string key or '}' after '{' (JSON strings need "
	       "double quotes) (at the root)");
	EXPECT("syntax_trailing_comma_object", "{\"a\":1,}",
	       "t.json:1:7: error: trailing comma (at the root)");
	EXPECT("syntax_trailing_comma_array", "{\"a\":[1,2 ,\n ]}",
	       "t.json:1:11: error: trailing comma (at /a)");
	EXPECT("syntax_missing_value", "[1,,2]", "t.json:1:4: error: expected a value (at /1)");
	EXPECT("syntax_missing_member_value", "{\"a\":}",
	       "t.json:1:6: error: expected a value (at /a)");
	EXPECT("syntax_unterminated_string", "{\"a\":\"abc",
	       "t.json:1:6: error: unterminated string (at /a)");
	EXPECT("syntax_unterminated_after_backslash", "[\"a\\",
	       "t.json:1:2: error: unterminated string (at /0)");
	EXPECT("syntax_unterminated_in_u_escape", "[\"\\u12",
	       "t.json:1:2: error: unterminated string (at /0)");
	EXPECT("syntax_invalid_escape", "[\"a\\qb\"]",
	       "t.json:1:4: error: invalid escape '\\q' (at /0)");
	EXPECT("syntax_invalid_u_escape", "[\"a\\u12G4\"]",
	       "t.json:1:4: error: invalid escape '\\u12G' (expected 4 hex digits) (at /0)");
	EXPECT("syntax_short_u_escape", "[\"\\u12\"]",
	       "t.json:1:3: error: invalid escape '\\u12' (expected 4 hex digits) (at /0)");
	EXPECT("syntax_escape_of_newline", "[\"a\\\n\"]",
	       "t.json:1:4: error: invalid escape: '\\' followed by U+000A (at /0)");
	EXPECT("syntax_escape_of_hanzi", "[\"\\中\"]",
	       "t.json:1:3: error: invalid escape '\\中' (at /0)");
	EXPECT("syntax_control_character", "{\"a\":\"x\ny\"}",
	       "t.json:1:8: error: control character U+000A in string (at /a)");
	EXPECT("syntax_control_character_tab", "[\"\t\"]",
	       "t.json:1:3: error: control character U+0009 in string (at /0)");
	EXPECT("syntax_number_leading_zero", "[0, 01]",
	       "t.json:1:5: error: invalid number '01' (at /1)");
	EXPECT("syntax_number_no_fraction_digits", "[0, 1.]",
	       "t.json:1:5: error: invalid number '1.' (at /1)");
	EXPECT("syntax_number_lone_minus", "[0, -]",
	       "t.json:1:5: error: invalid number '-' (at /1)");
	EXPECT("syntax_number_leading_point", "[0, .5]",
	       "t.json:1:5: error: invalid number '.5' (at /1)");
	EXPECT("syntax_number_plus", "[0, +1]", "t.json:1:5: error: invalid number '+1' (at /1)");
	EXPECT("syntax_number_no_exponent_digits", "[0, 1e]",
	       "t.json:1:5: error: invalid number '1e' (at /1)");
	EXPECT("syntax_number_hex", "[0, 0x10]",
	       "t.json:1:5: error: invalid number '0x10' (at /1)");
	EXPECT("syntax_number_minus_infinity", "[0, -Infinity]",
	       "t.json:1:5: error: invalid number '-Infinity' (at /1)");
	EXPECT("syntax_literal_typo", "{\"a\":[tru]}",
	       "t.json:1:7: error: invalid literal 'tru' (did you mean 'true'?) (at /a/0)");
	/* a file that has not shown it is JSON: its bytes are not quoted (issue 10, defect 11) */
	EXPECT("syntax_literal_case", "True",
	       "t.json:1:1: error: invalid literal (did you mean 'true'?) (at the root)");
	EXPECT("syntax_literal_nan", "[0, NaN]",
	       "t.json:1:5: error: invalid literal 'NaN' (JSON has no NaN or infinity) (at /1)");
	EXPECT("syntax_bare_word", "{\"a\":hello}",
	       "t.json:1:6: error: invalid literal 'hello' (strings need double quotes) (at /a)");
	EXPECT("syntax_literal_with_tail", "[0, truex]",
	       "t.json:1:5: error: invalid literal 'truex' (did you mean 'true'?) (at /1)");
	EXPECT("syntax_unexpected_eof", "{\"a\":[1,2",
	       "t.json:1:10: error: unexpected end of file (at /a)");
	EXPECT("syntax_unexpected_eof_after_colon", "{\"a\":\n",
	       "t.json:2:1: error: unexpected end of file (at /a)");
	EXPECT("syntax_text_after_value", "{} {}",
	       "t.json:1:4: error: unexpected text after the JSON value (at the root)");
	EXPECT("syntax_comment", "[1, // one\n2]",
	       "t.json:1:5: error: expected a value (JSON does not allow comments) (at /1)");
	EXPECT("syntax_fullwidth_colon", "{\"a\"：1}",
	       "t.json:1:5: error: expected ':' after object key (found '：' U+FF1A; use ASCII "
	       "':') (at the root)");
	EXPECT("syntax_fullwidth_comma", "[1，2]",
	       "t.json:1:3: error: expected ',' or ']' after array element (found '，' U+FF0C; use "
	       "ASCII ',') (at the root)");
	EXPECT("syntax_curly_quotes", "[“x”]",
	       "t.json:1:2: error: expected a value (found '“' U+201C; use ASCII '\"') (at /0)");
	EXPECT("syntax_nul_byte", "{\0\"\0",
	       "t.json:1:2: error: expected a string key or '}' after '{' (found a NUL byte; "
	       "is the file UTF-16?) (at the root)");
	EXPECT("syntax_empty_input", "",
	       "t.json:1:1: error: file contains no JSON value (at the root)");
	EXPECT("syntax_only_whitespace", " \n\t ",
	       "t.json:2:3: error: file contains no JSON value (at the root)");
	EXPECT("syntax_crlf_lines", "{\r\n\"a\": tru}",
	       "t.json:2:6: error: invalid literal 'tru' (did you mean 'true'?) (at /a)");
	EXPECT("syntax_only_first_is_reported", "[1 2 3, }",
	       "t.json:1:4: error: expected ',' or ']' after array element (at the root)");
}

/* === String content: \u0000, surrogates ================================================== */

static void string_content(void)
{
	EXPECT("nul_escape_rejected", "{\"a\":\"x\\u0000y\"}",
	       "t.json:1:8: error: \\u0000 (NUL) is not allowed in strings (at /a)");
	EXPECT("nul_escape_in_key_rejected", "{\"\\u0000\":1}",
	       "t.json:1:3: error: \\u0000 (NUL) is not allowed in strings (at the root)");
	EXPECT("lone_high_surrogate", "[\"\\ud800\"]",
	       "t.json:1:3: error: lone surrogate \\ud800 in string (at /0)");
	EXPECT("lone_low_surrogate", "[\"\\uDC00x\"]",
	       "t.json:1:3: error: lone surrogate \\uDC00 in string (at /0)");
	EXPECT("high_surrogate_then_not_low", "[\"\\ud800\\u0041\"]",
	       "t.json:1:3: error: lone surrogate \\ud800 in string (at /0)");
	EXPECT("string_errors_do_not_stop", "[\"\\u0000\", \"\\udfff\", 1e999]",
	       "t.json:1:3: error: \\u0000 (NUL) is not allowed in strings (at /0)\n"
	       "t.json:1:13: error: lone surrogate \\udfff in string (at /1)\n"
	       "t.json:1:22: error: number 1e999 is out of range (at /2)");

	gw_json *j =
	        LOAD("surrogate_pair_accepted", "[\"\\ud842\\udfb7\", \"\\/\\b\\f\\n\\r\\t\"]");
	if (j) {
		const cJSON *r = gw_json_root(j);
		const char *s0 = cJSON_GetArrayItem(r, 0)->valuestring;
		const char *s1 = cJSON_GetArrayItem(r, 1)->valuestring;
		check(strcmp(s0, "\xF0\xA0\xAE\xB7") == 0, "surrogate_pair_decodes_to_u20bb7",
		      "got %s", s0);
		check(strcmp(s1, "/\b\f\n\r\t") == 0, "short_escapes_decode", "got %s", s1);
	}
	gw_json_drop(j);
}

/* === Numbers ============================================================================= */

static void numbers(void)
{
	EXPECT("number_1e400", "{\"a\":1e400}",
	       "t.json:1:6: error: number 1e400 is out of range (at /a)");
	EXPECT("number_minus_1e400", "[0, -1e400]",
	       "t.json:1:5: error: number -1e400 is out of range (at /1)");
	EXPECT("number_too_long",
	       "[0, 0.00000000000000000000000000000000000000000000000000000000000000001]",
	       "t.json:1:5: error: number 0.00000000000000000000000000000000000000... is too long "
	       "(more than 63 characters) (at /1)");
	/* underflow is refused like overflow (issue 10): 1e-400 would read as 0, 1e-310 as a
	   subnormal; a zero with any exponent is still 0 */
	EXPECT("number_1e-400", "[0, 1e-400]",
	       "t.json:1:5: error: number 1e-400 is out of range (too close to 0: a number other "
	       "than 0 is at least 2.2250738585072014e-308 in magnitude) (at /1)");
	EXPECT("number_minus_subnormal", "{\"a\":-1.5e-310}",
	       "t.json:1:6: error: number -1.5e-310 is out of range (too close to 0: a number "
	       "other than 0 is at least 2.2250738585072014e-308 in magnitude) (at /a)");
	gw_json *j =
	        LOAD("numbers_valid",
	             "[-0, 0.5e-3, 1E+2, 0.000e-400, 123456789012, -1.5, 2.2250738585072014e-308]");
	if (j) {
		const cJSON *r = gw_json_root(j);
		check(cJSON_GetArrayItem(r, 1)->valuedouble == 0.5e-3 &&
		              cJSON_GetArrayItem(r, 2)->valuedouble == 100 &&
		              cJSON_GetArrayItem(r, 3)->valuedouble == 0 &&
		              cJSON_GetArrayItem(r, 4)->valuedouble == 123456789012.0 &&
		              cJSON_GetArrayItem(r, 6)->valuedouble == DBL_MIN,
		      "numbers_values", "wrong values");
	}
	gw_json_drop(j);
}

/* === Nesting ============================================================================= */

static void nesting(void)
{
	char in[2 * GW_MAX_NESTING + 8], want[512];
	gw_buf ptr = {0};
	int n = GW_MAX_NESTING;
	for (int i = 0; i < n; i++)
		in[i] = '[', in[n + i] = ']';
	gw_json *j = expect_n("nesting_64_accepted", in, (size_t)(2 * n), "");
	gw_json_drop(j);

	n = GW_MAX_NESTING + 1;
	for (int i = 0; i < n; i++)
		in[i] = '[', in[n + i] = ']';
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&ptr, "/0");
	snprintf(want, sizeof want, "t.json:1:%d: error: nesting deeper than 64 levels (at %s)", n,
	         ptr.data);
	gw_json_drop(expect_n("nesting_65_rejected", in, (size_t)(2 * n), want));
	gw_buf_free(&ptr);

	/* Objects count too: 64 levels of {"a": ...}, then one more array. */
	gw_buf b = {0};
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&b, "{\"a\":");
	gw_buf_puts(&b, "1");
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&b, "}");
	gw_json_drop(expect_n("nesting_64_objects_accepted", b.data, b.len, ""));
	gw_buf_free(&b);
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&b, "{\"a\":");
	gw_buf_puts(&b, "[]");
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&b, "}");
	for (int i = 0; i < GW_MAX_NESTING; i++)
		gw_buf_puts(&ptr, "/a");
	snprintf(want, sizeof want, "t.json:1:%d: error: nesting deeper than 64 levels (at %s)",
	         5 * GW_MAX_NESTING + 1, ptr.data);
	gw_json_drop(expect_n("nesting_65_objects_rejected", b.data, b.len, want));
	gw_buf_free(&b);
	gw_buf_free(&ptr);
}

/* === Invalid UTF-8 ======================================================================= */

static void utf8(void)
{
	EXPECT("utf8_in_key", "{\"k\xFF\":1}",
	       "t.json:1:4: error: invalid UTF-8 byte 0xFF (at the root)");
	EXPECT("utf8_in_value", "{\"k\":\"ab\xE4\xB8\"}",
	       "t.json:1:9: error: invalid UTF-8: truncated sequence 0xE4 0xB8 (at /k)");
	EXPECT("utf8_overlong", "[\"\xC0\xAF\"]",
	       "t.json:1:3: error: invalid UTF-8: overlong encoding 0xC0 0xAF of U+002F (at /0)");
	EXPECT("utf8_overlong_3_bytes", "[\"\xE0\x80\xAF\"]",
	       "t.json:1:3: error: invalid UTF-8: overlong encoding 0xE0 0x80 0xAF of U+002F (at "
	       "/0)");
	EXPECT("utf8_surrogate", "[\"\xED\xA0\x80\"]",
	       "t.json:1:3: error: invalid UTF-8: surrogate U+D800 encoded as 0xED 0xA0 0x80 (at "
	       "/0)");
	EXPECT("utf8_above_max", "[\"\xF4\x90\x80\x80\"]",
	       "t.json:1:3: error: invalid UTF-8: 0xF4 0x90 0x80 0x80 encodes U+110000, above "
	       "U+10FFFF (at /0)");
	EXPECT("utf8_stray_continuation", "[\"\x80\"]",
	       "t.json:1:3: error: invalid UTF-8: stray continuation byte 0x80 (at /0)");
	EXPECT("utf8_c0_alone", "[\"\xC0x\"]",
	       "t.json:1:3: error: invalid UTF-8 byte 0xC0 (at /0)");
	/* Every bad sequence is reported; each bad byte is one column. */
	EXPECT("utf8_several_at_once",
	       "{\"k\xFF\":\"v\xC0\xAFw\xE4\xB8\",\n \"z\":[\"\xED\xA0\x80\", \"中\x80\"]}",
	       "t.json:1:4: error: invalid UTF-8 byte 0xFF (at the root)\n"
	       "t.json:1:9: error: invalid UTF-8: overlong encoding 0xC0 0xAF of U+002F (at "
	       "/k\xEF\xBF\xBD)\n"
	       "t.json:1:12: error: invalid UTF-8: truncated sequence 0xE4 0xB8 (at "
	       "/k\xEF\xBF\xBD)\n"
	       "t.json:2:8: error: invalid UTF-8: surrogate U+D800 encoded as 0xED 0xA0 0x80 (at "
	       "/z/0)\n"
	       "t.json:2:16: error: invalid UTF-8: stray continuation byte 0x80 (at /z/1)");
	EXPECT("utf8_outside_string", "[1, \xFF]",
	       "t.json:1:5: error: invalid UTF-8 byte 0xFF (at /1)");
	/* After a syntax error the rest is still checked for UTF-8, without pointers. */
	EXPECT("utf8_after_syntax_error", "[\"\xFF\", tru, \"\xFE\"]\n\"\xE4\"",
	       "t.json:1:3: error: invalid UTF-8 byte 0xFF (at /0)\n"
	       "t.json:1:7: error: invalid literal 'tru' (did you mean 'true'?) (at /1)\n"
	       "t.json:1:13: error: invalid UTF-8 byte 0xFE\n"
	       "t.json:2:2: error: invalid UTF-8: truncated sequence 0xE4");
	/* a lone string that never closes has not shown the file is JSON: bytes unquoted */
	EXPECT("utf8_truncated_at_eof", "\"\xF0\x9F",
	       "t.json:1:1: error: unterminated string (at the root)\n"
	       "t.json:1:2: error: invalid UTF-8 (at the root)");
	EXPECT("utf16_bom", "\xFF\xFE{\0}\0",
	       "t.json: error: file starts with a UTF-16 byte order mark; save it as UTF-8");
}

/* === Duplicate keys ====================================================================== */

static void duplicates(void)
{
	EXPECT("duplicate_key", "{\"a\":1,\n \"a\":2}",
	       "t.json:2:2: error: duplicate key \"a\" (first at 1:2) (at /a)");
	EXPECT("duplicate_keys_two", "{\"a\":1,\"b\":2,\"a\":3,\"b\":4}",
	       "t.json:1:14: error: duplicate key \"a\" (first at 1:2) (at /a)\n"
	       "t.json:1:20: error: duplicate key \"b\" (first at 1:8) (at /b)");
	EXPECT("duplicate_key_three_times", "{\"x\":1,\"x\":2,\"x\":3}",
	       "t.json:1:8: error: duplicate key \"x\" (first at 1:2) (at /x)\n"
	       "t.json:1:14: error: duplicate key \"x\" (first at 1:2) (at /x)");
	/* Keys are compared decoded: "\u0061" is "a". */
	EXPECT("duplicate_key_escaped", "{\"a\":1,\"\\u0061\":2}",
	       "t.json:1:8: error: duplicate key \"a\" (first at 1:2) (at /a)");
	EXPECT("duplicate_keys_nested_in_order", "{\"o\":{\"a\":1e999,\"a\":2},\"o\":0}",
	       "t.json:1:11: error: number 1e999 is out of range (at /o/a)\n"
	       "t.json:1:17: error: duplicate key \"a\" (first at 1:7) (at /o/a)\n"
	       "t.json:1:24: error: duplicate key \"o\" (first at 1:2) (at /o)");
	EXPECT("duplicate_then_syntax_error", "{\"a\":1,\"a\":2,}",
	       "t.json:1:8: error: duplicate key \"a\" (first at 1:2) (at /a)\n"
	       "t.json:1:13: error: trailing comma (at the root)");
	EXPECT("same_key_in_different_objects_ok", "[{\"a\":1},{\"a\":2}]", "");
	EXPECT("duplicate_key_quoted", "{\"q\\\"\\n\":1,\"q\\\"\\n\":2}",
	       "t.json:1:12: error: duplicate key \"q\\\"\\n\" (first at 1:2) (at /q\"\n)");

	/* More than MAX_LISTED errors: a count first, then the first 1000. */
	gw_buf b = {0};
	gw_buf_putc(&b, '{');
	for (int i = 0; i < 1101; i++)
		gw_buf_puts(&b, i ? ",\"a\":0" : "\"a\":0");
	gw_buf_putc(&b, '}');
	gw_diags d = {0};
	gw_json *j = gw_json_parse(b.data, b.len, "t.json", &d);
	char *first = d.n ? gw_diag_format(&d.v[0]) : gw_xstrdup("");
	check(!j && d.n == 1001 &&
	              strcmp(first,
	                     "t.json: error: too many errors (1100); only the first 1000 are "
	                     "listed") == 0,
	      "too_many_errors_capped", "n=%d first=%s", d.n, first);
	free(first);
	gw_diags_clear(&d);
	gw_buf_free(&b);
}

/* === Positions =========================================================================== */

static void positions(void)
{
	/* Columns count code points: 名字 and 值 are one column each. */
	EXPECT("column_counts_code_points", "{\"名字\":\"值\", \"x\": tru}",
	       "t.json:1:17: error: invalid literal 'tru' (did you mean 'true'?) (at /x)");
	EXPECT("column_counts_non_bmp", "[\"𠮷𠮷\", 01]",
	       "t.json:1:8: error: invalid number '01' (at /1)");

	gw_json *j = LOAD("positions_doc", "{\n  \"名\": [1, \"x\"],\n\t\"b\": {\"c\": null}\n}");
	if (j) {
		const cJSON *r = gw_json_root(j);
		const cJSON *a = at(r, "名"), *c = at(at(r, "b"), "c");
		check_pos("pos_root", gw_json_pos(j, r), 1, 1);
		check_pos("pos_member_value", gw_json_pos(j, a), 2, 8);
		check_pos("pos_member_key", gw_json_key_pos(j, a), 2, 3);
		check_pos("pos_array_element", gw_json_pos(j, cJSON_GetArrayItem(a, 1)), 2, 12);
		check_pos("key_pos_of_element_is_value",
		          gw_json_key_pos(j, cJSON_GetArrayItem(a, 1)), 2, 12);
		check_pos("pos_after_tab", gw_json_key_pos(j, c), 3, 8);
		check_pos("pos_nested_value", gw_json_pos(j, c), 3, 13);
		check(strcmp(gw_json_name(j), "t.json") == 0, "json_name", "got %s",
		      gw_json_name(j));

		/* An item that is not in the tree has no position and the root's pointer. */
		cJSON *stray = cJSON_CreateNull();
		check_pos("pos_of_foreign_item", gw_json_pos(j, stray), 0, 0);
		check_pointer("pointer_of_foreign_item", j, stray, "");
		cJSON_Delete(stray);

		gw_diags d = {0};
		gw_json_error(j, &d, a, 0, "bad %s", "value");
		gw_json_error(j, &d, a, 1, "bad key");
		gw_json_error(j, &d, r, 0, "bad root");
		char *got = all_diags(&d);
		const char *want = "t.json:2:8: error: bad value (at /名)\n"
		                   "t.json:2:3: error: bad key (at /名)\n"
		                   "t.json:1:1: error: bad root (at the root)";
		check(strcmp(got, want) == 0, "json_error_format", "\n%s\n--- want\n%s", got, want);
		free(got);
		gw_diags_clear(&d);
	}
	gw_json_drop(j);

	/* A byte order mark is skipped and takes no column. */
	j = LOAD("bom_accepted", "\xEF\xBB\xBF{\"a\": 1}");
	if (j)
		check_pos("bom_takes_no_column", gw_json_pos(j, at(gw_json_root(j), "a")), 1, 7);
	gw_json_drop(j);
	EXPECT("bom_error_column", "\xEF\xBB\xBF{\"a\": x}",
	       "t.json:1:7: error: invalid literal 'x' (strings need double quotes) (at /a)");
	EXPECT("bom_only", "\xEF\xBB\xBF",
	       "t.json:1:1: error: file contains no JSON value (at the root)");
	EXPECT("bom_not_at_start", "[1,\xEF\xBB\xBF 2]",
	       "t.json:1:4: error: expected a value (at /1)");
}

/* === Text positions inside strings ======================================================= */

static void text_positions(void)
{
	/* Decoded: a(0) \n(1) b(2) 中(3..5) U+20BB7(6..9) x(10); 11 bytes. */
	gw_json *j = LOAD("text_pos_doc", "{\"k\":\"a\\nb\\u4e2d\\ud842\\udfb7x\",\n"
	                                  " \"m\":\"中文x\", \"n\": 5}");
	if (!j)
		return;
	const cJSON *r = gw_json_root(j), *k = at(r, "k"), *m = at(r, "m");
	check(strcmp(k->valuestring, "a\nb中\xF0\xA0\xAE\xB7x") == 0, "text_pos_value", "got %s",
	      k->valuestring);
	check_pos("text_pos_first", gw_json_text_pos(j, k, 0), 1, 7);
	check_pos("text_pos_after_nothing_escaped", gw_json_text_pos(j, k, 1), 1, 8);
	check_pos("text_pos_after_newline_escape", gw_json_text_pos(j, k, 2), 1, 10);
	check_pos("text_pos_u_escape", gw_json_text_pos(j, k, 3), 1, 11);
	check_pos("text_pos_inside_u_escape", gw_json_text_pos(j, k, 5), 1, 11);
	check_pos("text_pos_surrogate_pair", gw_json_text_pos(j, k, 6), 1, 17);
	check_pos("text_pos_inside_surrogate_pair", gw_json_text_pos(j, k, 9), 1, 17);
	check_pos("text_pos_after_surrogate_pair", gw_json_text_pos(j, k, 10), 1, 29);
	check_pos("text_pos_end_is_closing_quote", gw_json_text_pos(j, k, 11), 1, 30);
	check_pos("text_pos_past_end", gw_json_text_pos(j, k, 1000), 1, 30);
	check_pos("text_pos_raw_hanzi_0", gw_json_text_pos(j, m, 0), 2, 7);
	check_pos("text_pos_raw_hanzi_3", gw_json_text_pos(j, m, 3), 2, 8);
	check_pos("text_pos_raw_hanzi_6", gw_json_text_pos(j, m, 6), 2, 9);
	check_pos("text_pos_of_number", gw_json_text_pos(j, at(r, "n"), 3), 2, 18);
	gw_json_drop(j);
}

/* === JSON pointers ======================================================================= */

static void pointers(void)
{
	gw_json *j = LOAD("pointer_doc", "{\"a/b\":{\"m~n\":[0,{\"\":1,\"~1\":2}]}}");
	if (!j)
		return;
	const cJSON *r = gw_json_root(j);
	const cJSON *arr = at(at(r, "a/b"), "m~n");
	const cJSON *obj = cJSON_GetArrayItem(arr, 1);
	check_pointer("pointer_root", j, r, "");
	check_pointer("pointer_slash_escaped", j, at(r, "a/b"), "/a~1b");
	check_pointer("pointer_tilde_escaped", j, arr, "/a~1b/m~0n");
	check_pointer("pointer_index", j, cJSON_GetArrayItem(arr, 0), "/a~1b/m~0n/0");
	check_pointer("pointer_empty_key", j, at(obj, ""), "/a~1b/m~0n/1/");
	check_pointer("pointer_tilde_one_key", j, at(obj, "~1"), "/a~1b/m~0n/1/~01");
	gw_json_drop(j);
	EXPECT("pointer_in_syntax_error", "{\"a~/b\":{\"c\":[0,tru]}}",
	       "t.json:1:17: error: invalid literal 'tru' (did you mean 'true'?) (at "
	       "/a~0~1b/c/1)");
}

/* === Unknown keys and hints ============================================================== */

static void hints(void)
{
	static const char *const allowed[] = {"type", "text", "style", "fontSize", NULL};
	static const char *const sizes[] = {"height", "width", NULL};
	static const char *const ids[] = {"id", NULL};
	static const char *const cjk[] = {"标题", "正文", NULL};
	static const char *const tie[] = {"abcx", "abcy", NULL};

	const char *h = gw_did_you_mean("txet", allowed);
	check(h && strcmp(h, "text") == 0, "did_you_mean_transposition", "got %s", h ? h : "NULL");
	h = gw_did_you_mean("FONTSIZE", allowed);
	check(h && strcmp(h, "fontSize") == 0, "did_you_mean_case", "got %s", h ? h : "NULL");
	h = gw_did_you_mean("widht", sizes);
	check(h && strcmp(h, "width") == 0, "did_you_mean_closest", "got %s", h ? h : "NULL");
	h = gw_did_you_mean("abc", tie);
	check(h && strcmp(h, "abcx") == 0, "did_you_mean_tie_first", "got %s", h ? h : "NULL");
	h = gw_did_you_mean("标提", cjk);
	check(h && strcmp(h, "标题") == 0, "did_you_mean_code_points", "got %s", h ? h : "NULL");
	check(gw_did_you_mean("colour_scheme", allowed) == NULL, "did_you_mean_none", "got %s",
	      gw_did_you_mean("colour_scheme", allowed));
	check(gw_did_you_mean("x", ids) == NULL, "did_you_mean_not_total_replacement", "got %s",
	      gw_did_you_mean("x", ids));

	gw_json *j = LOAD("check_keys_doc",
	                  "{\"type\":1,\"txet\":2,\n\"Style\":3,\"zzz\":4,\"a\\\"b\":5}");
	if (!j)
		return;
	gw_diags d = {0};
	int n = gw_json_check_keys(j, &d, gw_json_root(j), allowed);
	char *got = all_diags(&d);
	const char *want =
	        "t.json:1:11: error: unknown key \"txet\" (did you mean \"text\"?) (at /txet)\n"
	        "t.json:2:1: error: unknown key \"Style\" (did you mean \"style\"?) (at /Style)\n"
	        "t.json:2:11: error: unknown key \"zzz\" (at /zzz)\n"
	        "t.json:2:19: error: unknown key \"a\\\"b\" (at /a\"b)";
	check(n == 4 && strcmp(got, want) == 0, "check_keys_messages", "n=%d\n%s\n--- want\n%s", n,
	      got, want);
	free(got);
	gw_diags_clear(&d);
	check(gw_json_check_keys(j, &d, at(gw_json_root(j), "type"), allowed) == 0 && d.n == 0,
	      "check_keys_of_non_object", "n=%d", d.n);
	gw_json_drop(j);
}

/* === A big valid document ================================================================ */

static void big_document(void)
{
	gw_buf b = {0};
	enum { MEMBERS = 3000 };
	gw_buf_puts(&b, "{\n");
	for (int i = 0; i < MEMBERS; i++)
		gw_buf_printf(&b,
		              "%s\"k%d\": [%d, \"s\\u00e9%d\", {\"x\": true, \"y\": [null, "
		              "false, -%d.5e1]}, []]",
		              i ? ",\n" : "", i, i, i, i);
	gw_buf_puts(&b, "\n}\n");
	gw_json *j = expect_n("big_document_loads", b.data, b.len, "");
	gw_buf_free(&b);
	if (!j)
		return;
	const cJSON *r = gw_json_root(j);
	check(cJSON_GetArraySize(r) == MEMBERS, "big_document_size", "got %d",
	      cJSON_GetArraySize(r));
	const cJSON *k = at(r, "k2500");
	const cJSON *x = at(cJSON_GetArrayItem(k, 2), "x");
	const cJSON *y2 = cJSON_GetArrayItem(at(cJSON_GetArrayItem(k, 2), "y"), 2);
	check_pos("big_document_key_pos", gw_json_key_pos(j, k), 2502, 1);
	check_pos("big_document_nested_key_pos", gw_json_key_pos(j, x), 2502, 33);
	check_pointer("big_document_pointer", j, y2, "/k2500/2/y/2");
	check(y2 && y2->valuedouble == -2500.5e1, "big_document_value", "got %g",
	      y2 ? y2->valuedouble : 0.0);
	/* Every item has a position, and positions grow in document order. */
	int ok = 1;
	gw_srcpos last = {0, 0};
	for (const cJSON *m = r->child; m && ok; m = m->next) {
		gw_srcpos p = gw_json_key_pos(j, m), q = gw_json_pos(j, m);
		ok = p.line > last.line && q.line == p.line && q.col > p.col;
		for (const cJSON *e = m->child; e && ok; e = e->next) {
			gw_srcpos pe = gw_json_pos(j, e);
			ok = pe.line == p.line && pe.col > q.col;
			q = pe;
		}
		last = p;
	}
	check(ok, "big_document_positions_ordered", "order broken near line %u",
	      (unsigned)last.line);
	gw_json_drop(j);
}

/* === Files =============================================================================== */

static void files(void)
{
	char dir[] = "/tmp/test_json.XXXXXX";
	if (!mkdtemp(dir)) {
		check(0, "files_mkdtemp", "mkdtemp failed");
		return;
	}
	char *good = gw_xasprintf("%s/good.json", dir);
	char *big = gw_xasprintf("%s/big.json", dir);
	char *missing = gw_xasprintf("%s/missing.json", dir);
	FILE *f = fopen(good, "wb");
	if (f) {
		fputs("{\"a\": [1, 2]}\n", f);
		fclose(f);
	}
	f = fopen(big, "wb");
	if (f) {
		fseek(f, (long)GW_MAX_FILE_BYTES, SEEK_SET);
		fputc('x', f);
		fclose(f);
	}

	gw_diags d = {0};
	gw_json *j = gw_json_load(good, "good.json", &d);
	check(j && d.n == 0 && cJSON_GetArraySize(at(gw_json_root(j), "a")) == 2, "load_file",
	      "d.n=%d", d.n);
	gw_json_drop(j);

	j = gw_json_load(missing, "missing.json", &d);
	char *got = all_diags(&d);
	check(!j && strcmp(got, "missing.json: error: cannot read file: No such file or "
	                        "directory") == 0,
	      "load_missing_file", "got %s", got);
	free(got);
	gw_diags_clear(&d);

	j = gw_json_load(dir, "dir", &d);
	got = all_diags(&d);
	check(!j && strcmp(got, "dir: error: cannot read file: Is a directory") == 0,
	      "load_directory", "got %s", got);
	free(got);
	gw_diags_clear(&d);

	j = gw_json_load(big, "big.json", &d);
	got = all_diags(&d);
	check(!j && strcmp(got, "big.json: error: file is larger than 16 MiB") == 0,
	      "load_too_big_file", "got %s", got);
	free(got);
	gw_diags_clear(&d);

	size_t n = (size_t)GW_MAX_FILE_BYTES + 1;
	char *bytes = gw_xcalloc(n, 1);
	j = gw_json_parse(bytes, n, "mem.json", &d);
	got = all_diags(&d);
	check(!j && strcmp(got, "mem.json: error: file is larger than 16 MiB") == 0,
	      "parse_too_big_buffer", "got %s", got);
	free(got);
	free(bytes);
	gw_diags_clear(&d);

	unlink(good);
	unlink(big);
	rmdir(dir);
	free(good);
	free(big);
	free(missing);
}

/* === Files that are not JSON: no byte of theirs in a message (issue 10, defect 11) ======== */

static void not_json(void)
{
	/* /etc/passwd named as a layout: its first word ("root") is not shown */
	EXPECT("not_json_passwd", "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1::/:/sbin/nologin\n",
	       "t.json:1:1: error: invalid literal (this file is not JSON) (at the root)");
	/* an INI file begins with '[' too: its section name is not shown */
	EXPECT("not_json_ini", "[client]\npassword = hunter2\n",
	       "t.json:1:2: error: invalid literal (strings need double quotes) (at /0)");
	EXPECT("not_json_digits", "[0123456]", "t.json:1:2: error: invalid number (at /0)");
	EXPECT("not_json_escape_at_root", "\"\\q secret\"",
	       "t.json:1:2: error: invalid escape (at the root)");
	/* a binary file: one error, no list of where its non-UTF-8 bytes are, nor their values */
	EXPECT("not_json_binary", "\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR\xFF\xFE\xC0\xAF",
	       "t.json:1:1: error: invalid UTF-8 (at the root)");
	/* once the file has shown it is JSON ({" or [value,), tokens are quoted again */
	EXPECT("json_shown_by_key", "{\"a\": root}",
	       "t.json:1:7: error: invalid literal 'root' (strings need double quotes) (at /a)");
	EXPECT("json_shown_by_comma", "[1, root]",
	       "t.json:1:5: error: invalid literal 'root' (strings need double quotes) (at /1)");
}

int main(void)
{
	syntax_errors();
	string_content();
	numbers();
	nesting();
	utf8();
	duplicates();
	positions();
	text_positions();
	pointers();
	hints();
	big_document();
	files();
	not_json();
	DONE();
}
