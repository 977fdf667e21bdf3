# 72-table-cols.sh: tables as offices write them (issue 12, points 6 and 7). Sourced by
# tests/run.sh (check, ok, bad, status_is, $BIN, $T).
#
# 6: a column may carry its cells' alignment ({"width": "30mm", "align": "right"}); plain width
# strings stay valid; a cell's own "align" wins; header rows keep the table style's (centred).
# 7: a number (digits with , . % ‰ and a sign) is never broken across lines: where its column
# cannot hold it, auto/fr columns widen from the others' slack, else the cell's text shrinks
# down the 字号 ladder to the layout's table "min_size" (小五 by default), with a warning naming
# the cell; below it, an error. A character wider than its column is treated the same way.
# Data: tests/cases/i12/tcols/; measures: tests/tools/tcolscheck.py on the --trace.
tc_dir=$T/tcols
tc_cases=tests/cases/i12/tcols
TCOLS=(python3 tests/tools/tcolscheck.py)
mkdir -p "$tc_dir"
# tc_render NAME [ARGS...]: renders tc_cases/NAME.json to tc_dir/NAME.pdf, .trace and .err
tc_render() {
  local name=$1
  shift
  "$BIN" render "$tc_cases/$name.json" "$@" -o "$tc_dir/$name.pdf" --trace "$tc_dir/$name.trace" \
    2>"$tc_dir/$name.err"
}
tc_render align && tc_render align-plain && tc_render number-narrow && tc_render number-fits &&
  tc_render number-forms && tc_render widen && tc_render glyph-narrow &&
  tc_render annual-2020-city || bad "table cols: the test documents render" "$(cat "$tc_dir"/*.err | head -n 5)"

# --- 6: per-column alignment ---------------------------------------------------------------
check "table cols: a right-aligned column sets its figures flush right (251,306.4)" \
  "${TCOLS[@]}" align "$tc_dir/align.trace" "251,306.4" right
check "table cols: a left-aligned column sets its text flush left" \
  "${TCOLS[@]}" align "$tc_dir/align.trace" "国有土地使用权出让" left
check "table cols: a cell's own align wins over its column's (含以前年度欠缴 centred)" \
  "${TCOLS[@]}" align "$tc_dir/align.trace" "含以前年度欠缴" center
check "table cols: header rows keep the table style's centring over a left-aligned column" \
  "${TCOLS[@]}" align "$tc_dir/align.trace" "项目" center
check "table cols: control: plain width strings stay valid, and their cells take the style's centring" \
  "${TCOLS[@]}" align "$tc_dir/align-plain.trace" "251,306.4" center
check "table cols: control: the align checker refuses a centred figure as right-aligned" \
  status_is 1 "${TCOLS[@]}" align "$tc_dir/align-plain.trace" "251,306.4" right
tc_bad_columns() {
  local out
  out=$("$BIN" check "$tc_cases/bad-columns.json" 2>&1)
  [ $? -eq 1 ] || return 1
  printf '%s\n' "$out" | grep -q 'error: missing key "width" (at /body/0/table/columns/0)' &&
  printf '%s\n' "$out" | grep -q 'error: unknown key "valign" (did you mean "align"?) (at /body/0/table/columns/1/valign)' &&
  printf '%s\n' "$out" | grep -q 'error: expected "left", "center" or "right", not "middle" (at /body/0/table/columns/2/align)' &&
  printf '%s\n' "$out" | grep -q 'error: column width "14" needs a unit: .* (at /body/0/table/columns/3/width)' &&
  ! "$BIN" render "$tc_cases/bad-columns.json" -o "$tc_dir/bad-columns.pdf" 2>/dev/null &&
  [ ! -e "$tc_dir/bad-columns.pdf" ]
}
check "table cols: a bad column object gives every error at once, each at its pointer; no PDF" tc_bad_columns
check "table cols: the column object validates against data.schema.json (and a bad one does not)" \
  bash -c "/usr/bin/python3 tests/tools/schemacheck.py $tc_cases/align.json >/dev/null &&
           ! /usr/bin/python3 tests/tools/schemacheck.py $tc_cases/bad-columns.json >/dev/null"

# --- 7: numbers never break ------------------------------------------------------------------
# the issue's own widths (14 + 22 + 36 + 7 x 12 mm, the 2019 Table 三) with a 6-digit figure:
# before, "1234/56"; now whole, in 小五, with a warning naming the cell
check "table cols: a 6-digit figure in a 12 mm column is drawn whole (not 1234/56), in 小五" \
  "${TCOLS[@]}" whole "$tc_dir/number-narrow.trace" 123456 9
check "table cols: the shrunk cell is named in a warning (FILE:LINE:COL: warning: ... (at /pointer))" \
  grep -q "number-narrow.json:[0-9]*:[0-9]*: warning: the number \"123456\" does not fit column 4 (12.0 mm): this cell's text is set in 小五 (9 pt) instead of 14 pt (at /body/0/table/rows/1/1)" "$tc_dir/number-narrow.err"
check "table cols: 1,032 needs only 小四 (the largest size that fits)" \
  "${TCOLS[@]}" whole "$tc_dir/number-narrow.trace" 1,032 12
tc_check_agrees() { # check prints the same warnings as render, and exits 0
  "$BIN" check "$tc_cases/number-narrow.json" >"$tc_dir/nn-check.out" 2>&1 &&
  diff <(grep warning "$tc_dir/nn-check.out") <(grep warning "$tc_dir/number-narrow.err")
}
check "table cols: check gives the same warnings as render" tc_check_agrees
check "table cols: control: 4-digit figures that fit stay in 四号 with no warning" \
  bash -c "'${TCOLS[0]}' '${TCOLS[1]}' whole '$tc_dir/number-fits.trace' 1523 14 >/dev/null && ! grep -q warning '$tc_dir/number-fits.err'"
check "table cols: every figure and character stays inside its cell's padding (narrow columns)" \
  bash -c "for f in number-narrow number-fits number-forms widen glyph-narrow align; do '${TCOLS[0]}' '${TCOLS[1]}' inside '$tc_dir/'\$f.trace || exit 1; done"
printf 'page 1 595.276 841.890\nrule 79.370 100.000 79.370 130.000 0.500\nrule 96.378 100.000 96.378 130.000 0.500\ntext 82.205 120.000 13.818 14.000 FandolFang-Regular "甲"\n' >"$tc_dir/overflow.trace"
check "table cols: control: the padding checker refuses a 14 pt character in a 6 mm column" \
  status_is 1 "${TCOLS[@]}" inside "$tc_dir/overflow.trace"
printf 'page 1 595.276 841.890\ntext 100.000 120.000 28.000 14.000 LiberationSerif "1234"\ntext 100.000 137.500 14.000 14.000 LiberationSerif "56"\n' >"$tc_dir/broken.trace"
check "table cols: control: the number checker refuses 1234/56" \
  status_is 1 "${TCOLS[@]}" whole "$tc_dir/broken.trace" 123456
check "table cols: a sign, a decimal point and % stay with their digits (-12.5%)" \
  "${TCOLS[@]}" whole "$tc_dir/number-forms.trace" -12.5%
check "table cols: thousands, decimals and ‰ stay together (1,234.5‰), shrunk to fit" \
  "${TCOLS[@]}" whole "$tc_dir/number-forms.trace" 1,234.5‰ 10.5
check "table cols: a unit after a number may go to the next line, the number may not (251000 / 元)" \
  bash -c "'${TCOLS[0]}' '${TCOLS[1]}' whole '$tc_dir/number-forms.trace' 251000 14 >/dev/null && grep -q '\"元\"\$' '$tc_dir/number-forms.trace'"
tc_widen() { # the fr columns of figures get more than their 1fr share, taken from column 1
  grep -q 'the number "34,567" does not fit column 4 (14.6 mm)' "$tc_dir/widen.err" &&
  # 1fr of 442.205 pt over 11 fr is 40.2 pt (14.2 mm): column 4 is widened to 14.6 mm (41.4 pt)
  awk '$1 == "rule" && $2 == $4 { print $2 }' "$tc_dir/widen.trace" | sort -n -u |
    awk '{ v[NR] = $1 } END { if (NR != 11) exit 1; exit !(v[5] - v[4] > 41.0 && v[2] - v[1] < 80.4) }' &&
  "${TCOLS[@]}" whole "$tc_dir/widen.trace" 34,567 12 >/dev/null
}
check "table cols: fr columns too narrow for their figures widen from a text column's slack" tc_widen
tc_error() { # NAME PATTERN: check and render both refuse it with PATTERN; no PDF
  local out
  out=$("$BIN" check "$tc_cases/$1.json" 2>&1)
  [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q "$2" &&
  ! "$BIN" render "$tc_cases/$1.json" -o "$tc_dir/$1.pdf" 2>/dev/null && [ ! -e "$tc_dir/$1.pdf" ]
}
check "table cols: a 7-digit figure that does not fit 12 mm even in 小五 is an error at the cell; no PDF" \
  tc_error number-error 'number-error.json:[0-9]*:[0-9]*: error: the number "1,234,567" does not fit column 4 (12.0 mm), not even in .* 小五 (9 pt) .* (at /body/0/table/rows/1/1)'
check "table cols: the layout's table min_size (五号) refuses what needs 小五; check and render agree" \
  bash -c "out=\$('$BIN' check '$tc_cases/number-narrow.json' -l '$tc_cases/min-size-layout.json' 2>&1); [ \$? -eq 1 ] &&
           printf '%s\n' \"\$out\" | grep -q 'error: the number \"123456\" does not fit column 4 (12.0 mm), not even in .* 五号 (10.5 pt)' &&
           ! '$BIN' render '$tc_cases/number-narrow.json' -l '$tc_cases/min-size-layout.json' -o '$tc_dir/ms.pdf' 2>/dev/null && [ ! -e '$tc_dir/ms.pdf' ]"
check "table cols: a character wider than a 6 mm column shrinks to 五号, with a warning" \
  bash -c "grep -q 'warning: the character \"甲\" does not fit column 1 (6.0 mm): this cell.s text is set in 五号 (10.5 pt)' '$tc_dir/glyph-narrow.err' &&
           grep -q ' 10.500 FandolFang-Regular \"甲\"' '$tc_dir/glyph-narrow.trace'"
check "table cols: a character that does not fit 4 mm even in 小五 is an error; no PDF" \
  tc_error glyph-error 'error: the character "甲" does not fit column 1 (4.0 mm)'
check "table cols: a city's 2020 annual report (gov-info-annual-2019): 5-digit figures fit their fr columns whole, at full size, without a warning" \
  bash -c "'${TCOLS[0]}' '${TCOLS[1]}' whole '$tc_dir/annual-2020-city.trace' 12345 14 >/dev/null &&
           '${TCOLS[0]}' '${TCOLS[1]}' whole '$tc_dir/annual-2020-city.trace' 12666 14 >/dev/null &&
           ! grep -q 'does not fit' '$tc_dir/annual-2020-city.err'"

# --- 6, docs: a dense attachment table in 四号, 小四 and 五号 (docs/guide/tables.md) -----------
# 56 rows of a real-shaped 重点任务分工表 (序号, 工作任务 of 60 to 90 characters, 牵头单位,
# 完成时限): the document's pages as the guide states them. The layout's table_xiaosi and
# table_wuhao styles are named by the table's "style".
tc_pages() { # NAME PAGES
  "$BIN" render "$tc_cases/$1.json" -o "$tc_dir/$1.pdf" 2>/dev/null &&
  [ "$(pdfinfo "$tc_dir/$1.pdf" | awk '/^Pages:/ { print $2 }')" = "$2" ]
}
check "table cols: the 56-row attachment: 12 pages in 四号 (the guide's figure)" tc_pages attachment-56-sihao 12
check "table cols: the 56-row attachment: 10 pages in 小四 (\"style\": \"table_xiaosi\")" tc_pages attachment-56-xiaosi 10
check "table cols: the 56-row attachment: 8 pages in 五号 (\"style\": \"table_wuhao\")" tc_pages attachment-56-wuhao 8
