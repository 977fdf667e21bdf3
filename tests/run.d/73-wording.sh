# 73-wording.sh (issue 12, points 9-13): the office's own wording and figures in template
# layouts (docs/templates.md, docs/guide/wording.md).
#  9  headings and labels with an id take the data's text ("headings", "labels"); `check` lists
#     each as a note (render prints the same); "fixed" ones and unknown ids are errors;
# 10  blank stays blank: "" and null print blank, in value and computed cells; the checks still
#     run on the numbers there;
# 11  a published figure that is not its sum prints as published, with a warning; --strict makes
#     it (and a failed warning-level check) an error in check and render, --force renders anyway;
# 12  figures with units ("251000元", "3.5万元") print as written and count as their number;
# 13  layouts/gov-info-annual-2021-2019-table3.json extends gov-info-annual-2021 and takes the
#     2019 Table 三 "from" gov-info-annual-2019; a real-shaped 2023 county report renders with it.
# Data: tests/cases/i12/wording/. Sourced by tests/run.sh (check, bad, ok, status_is, $BIN, $T).
wd=$T/wording
wc_dir=tests/cases/i12/wording
mkdir -p "$wd"
cp "$wc_dir"/*.json "$wd/"
wd_row() { # PDF LABEL: the texts of the table row whose cell reads LABEL, joined by |
  python3 tests/tools/tablecheck.py "$1" --dump 2>/dev/null | python3 -c '
import re, sys
label = sys.argv[1]
for line in sys.stdin:
    cells = re.findall(r"\((\d+),(\d+),\d+,\d+\)(?: \"([^\"]*)\")?", line)
    hit = [r for r, c, t in cells if t == label]
    if hit:
        got = {int(c): t for r, c, t in cells if r == hit[0]}
        print("|".join(got.get(k, "") for k in range(max(got) + 1)))
        break' "$2"
}
wd_edit() { # IN OUT PYTHON: OUT is IN (in $wd) after PYTHON, which changes the dict d
  python3 - "$wd/$1" "$wd/$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}
wd_text() { pdftotext -q -layout "$1" - | tr -d ' '; }

# --- 13: the variant layout and the 2023 county report ------------------------------------
wd_variant_small() {
  # a few lines: "extends" and one "from"; nothing of the 2019 table copied
  local n
  n=$(wc -l <layouts/gov-info-annual-2021-2019-table3.json)
  [ "$n" -le 10 ] || { echo "$n lines"; return 1; }
  grep -q '"extends": "gov-info-annual-2021"' layouts/gov-info-annual-2021-2019-table3.json &&
  grep -q '"applications": {"from": "gov-info-annual-2019"}' layouts/gov-info-annual-2021-2019-table3.json
}
check "wording 13: gov-info-annual-2021-2019-table3 is a few lines: extends the 2021 layout, Table 三 from the 2019 one" wd_variant_small
if "$BIN" render "$wd/county-2023.json" -o "$wd/county.pdf" --trace "$wd/county.trace" 2>"$wd/county.err"; then
  ok "wording 13: the 2023 county report (2021 format, 2019 Table 三) renders"
  check "wording 13: render prints what check prints: the 4 notes, no warning" \
    bash -c "[ \"\$(grep -c ': note: ' '$wd/county.err')\" = 4 ] && ! grep -qv ': note: ' '$wd/county.err'"
  wd_county_tables() {
    local t
    t=$(wd_text "$wd/county.pdf")
    # Table 二 of 2021 (本年制发件数, no （九）), Table 三 of 2019: （六） one row, none of 2021's sub-rows
    [ "$(wd_row "$wd/county.pdf" 信息内容)" = "信息内容|本年制发件数|本年废止件数|现行有效件数" ] &&
      ! grep -q '第二十条第（九）项' <<<"$t" || { echo "Table 二 is not 2021's"; return 1; }
    ! grep -q '逾期不补正' <<<"$t" || { echo "Table 三 has the 2021 （六） sub-rows"; return 1; }
    [ "$(wd_row "$wd/county.pdf" （六）其他处理)" = "|（六）其他处理||1|0|0|0|0|0|1" ] ||
      { echo "（六） reads $(wd_row "$wd/county.pdf" （六）其他处理)"; return 1; }
  }
  check "wording 13: county report: Table 二 in the 2021 form, Table 三 in the 2019 form (（六） one row) (tablecheck)" wd_county_tables
  wd_county_oracle() {
    python3 tests/tools/tplexpand.py "$wd/county-2023.json" -o "$wd/county-plain.json" --layout-out "$wd/county-layout.json" &&
    "$BIN" render "$wd/county-plain.json" -l "$wd/county-layout.json" -o "$wd/county-plain.pdf" --trace "$wd/county-plain.trace" &&
    diff -q "$wd/county-plain.trace" "$wd/county.trace" >/dev/null
  }
  check "wording 13: county report renders exactly as its tplexpand expansion (headings, labels, from; trace)" wd_county_oracle
  check "wording 13: the county report and its layouts validate against their \$schema (schemacheck)" \
    /usr/bin/python3 tests/tools/schemacheck.py "$wc_dir/county-2023.json" "$wc_dir/figures.json" \
    "$wc_dir/figures-layout.json" layouts/gov-info-annual-2021-2019-table3.json layouts/gov-info-annual-2019.json \
    layouts/gov-info-annual-2021.json
else
  bad "wording 13: the 2023 county report (2021 format, 2019 Table 三) renders" "$(head -n 5 "$wd/county.err")"
fi
wd_from_errors() {
  local out
  printf '{"version": 1, "extends": "gov-info-annual-2021", "templates": {"applications": {"from": "gov-info-annual-2019", "template": "aplications"}}}\n' >"$wd/from-bad.json"
  out=$("$BIN" check "$wd/county-2023.json" -l "$wd/from-bad.json" 2>&1)
  [ $? = 1 ] && grep -q 'from-bad.json:1:126: error: layout "gov-info-annual-2019" has no template "aplications" (did you mean "applications"?) (at /templates/applications/template)' <<<"$out" ||
    { echo "unknown template: $out"; return 1; }
  printf '{"version": 1, "extends": "gov-info-annual-2021", "templates": {"applications": {"from": "loop.json"}}}\n' >"$wd/loop.json"
  out=$("$BIN" check "$wd/county-2023.json" -l "$wd/loop.json" 2>&1)
  [ $? = 1 ] && grep -q 'error: more than 8 links of "from"' <<<"$out" || { echo "cycle: $out"; return 1; }
}
check "wording 13: \"from\" naming no template, or a cycle of \"from\": errors, not crashes" wd_from_errors

# --- 9: headings and labels -----------------------------------------------------------------
wd_notes() {
  local out want
  out=$("$BIN" check "$wd/county-2023.json" 2>&1) || { echo "$out"; return 1; }
  [ "$(grep -c ': note: ' <<<"$out")" = 4 ] && [ "$(grep -vc ': note: ' <<<"$out")" = 0 ] || { echo "$out"; return 1; }
  want='county-2023.json:16:15: note: heading "problems" is printed as the data gives it, "政府信息公开工作存在的主要问题及改进情况", not as the layout'"'"'s "存在的主要问题及改进情况" (at /headings/problems)'
  grep -qF "$want" <<<"$out" || { echo "$out"; return 1; }
  grep -qF 'note: label "normative_docs" of 主动公开政府信息情况 is printed as the data gives it, "规范性文件", not as the layout'"'"'s "行政规范性文件" (at /labels/active/normative_docs)' <<<"$out"
}
check "wording 9: check lists each replaced heading and label as a note (FILE:LINE:COL: note: ...), exit 0" wd_notes
wd_printed() {
  local t
  t=$(wd_text "$wd/county.pdf")
  grep -q '五、政府信息公开工作存在的主要问题及改进情况' <<<"$t" || { echo "no published heading 五"; return 1; }
  ! grep -q '行政规范性文件' <<<"$t" && [ "$(wd_row "$wd/county.pdf" 规范性文件)" = "规范性文件|5|4|31" ] || { echo "规范性文件 row"; return 1; }
  # the group label 三、本年度办理结果 may share this row's line where the group is cut (its
  # label is then printed whole in each part), so only the cells from （三） on are compared
  local r
  r=$(wd_row "$wd/county.pdf" 1、属于国家秘密)
  [ "${r#*|}" = "（三）不予公开|1、属于国家秘密|||||||" ] || { echo "1、 row: $r"; return 1; }
}
check "wording 9: the published heading 五 and labels (规范性文件, 1、…) are printed, the layout's are not" wd_printed
wd_defaults() {
  # control: without "headings" and "labels" the layout's words are printed, and check is silent
  wd_edit county-2023.json plain-2023.json 'd.pop("headings"); d.pop("labels")' || return 1
  local out
  out=$("$BIN" check "$wd/plain-2023.json" 2>&1) && [ -z "$out" ] || { echo "$out"; return 1; }
  "$BIN" render "$wd/plain-2023.json" -o "$wd/plain.pdf" || return 1
  grep -q '五、存在的主要问题及改进情况' <<<"$(wd_text "$wd/plain.pdf")" &&
  [ "$(wd_row "$wd/plain.pdf" 行政规范性文件)" = "行政规范性文件|5|4|31" ]
}
check "wording 9: control: without headings and labels the layout's defaults print, check says nothing" wd_defaults
wd_fixed() {
  wd_edit figures.json fixed.json 'd["headings"]["procurement"] = "政府采购"; d["labels"]["t"]["services"] = "服务"; d["headings"]["fess"] = "收费"; d["labels"]["t"]["goods2"] = "x"' || return 1
  local out
  out=$(cd "$wd" && "$BIN" check fixed.json 2>&1)
  [ $? = 1 ] || { echo "exit not 1: $out"; return 1; }
  grep -qF 'fixed.json:10:3: error: layout "wording-figures" has no heading "fess" (did you mean "fees"?) (at /headings/fess)' <<<"$out" &&
  grep -qF 'fixed.json:9:3: error: heading "procurement" is fixed in layout "wording-figures": the data may not replace it (at /headings/procurement)' <<<"$out" &&
  grep -qF 'error: label "services" of 采购和收费情况 is fixed in layout "wording-figures": the data may not replace it (at /labels/t/services)' <<<"$out" &&
  grep -qF 'error: 采购和收费情况 has no label "goods2" (did you mean "goods"?) (at /labels/t/goods2)' <<<"$out" ||
    { echo "$out"; return 1; }
  ! (cd "$wd" && "$BIN" render fixed.json -o fixed.pdf 2>/dev/null) && [ ! -e "$wd/fixed.pdf" ]
}
check "wording 9: a fixed heading or label, an unknown id: errors at the data (check and render, no PDF)" wd_fixed
wd_plain_layout() {
  printf '{"body": [{"p": "正文。"}], "headings": {"x": "y"}}\n' >"$wd/plainbody.json"
  "$BIN" check "$wd/plainbody.json" 2>&1 | grep -q 'error: "headings" is for a layout with a skeleton'
}
check "wording 9: headings for a layout without a skeleton is an error" wd_plain_layout

# --- 10, 11, 12: blank, published figures, units -------------------------------------------
if (cd "$wd" && "$BIN" render figures.json -o figures.pdf 2>figures.err); then
  ok "wording 12: figures with units render"
  wd_units() {
    [ "$(wd_row "$wd/figures.pdf" 1、货物类)" = "1、货物类|3|251000元|1.2万元" ] &&
    [ "$(wd_row "$wd/figures.pdf" 服务类)" = "服务类|2|3.5万元|12,000元" ] ||
      { echo "rows: $(wd_row "$wd/figures.pdf" 1、货物类) / $(wd_row "$wd/figures.pdf" 服务类)"; return 1; }
  }
  check "wording 12: figures with units print as written (251000元, 3.5万元, 1.2万元, 12,000元)" wd_units
  wd_blank() {
    # 合计: 项目数量 "" and 收费金额 null print blank; 采购金额 "286000元" = 251000 + 35000 prints as given
    [ "$(wd_row "$wd/figures.pdf" 合计)" = "合计||286000元|" ] || { echo "合计 reads $(wd_row "$wd/figures.pdf" 合计)"; return 1; }
  }
  check "wording 10: computed cells the data gives as \"\" or null print blank (not the sum, not 0)" wd_blank
  wd_blank_warns() {
    # the checks run on the numbers there: a blank total whose sum is 5 (24000) is reported
    grep -qF 'figures.json:15:26: warning: 采购和收费情况, row 合计, column 项目数量: the data gives blank, but the sum is 5; printed as given (at /values/t/total/count)' "$wd/figures.err" &&
    grep -qF 'warning: 采购和收费情况, row 合计, column 收费金额: the data gives blank, but the sum is 24000; printed as given' "$wd/figures.err" &&
    [ "$(grep -c ': warning: ' "$wd/figures.err")" = 2 ] || { cat "$wd/figures.err"; return 1; }
  }
  check "wording 10: a blank total is still checked against the numbers there (2 warnings)" wd_blank_warns
else
  bad "wording 12: figures with units render" "$(head -n 5 "$wd/figures.err")"
fi
wd_unit_sum() {
  # "4万元" for 251000元 + 3.5万元 = 286000 disagrees (40000): the message shows both forms
  wd_edit figures.json unitsum.json 'd["values"]["t"]["total"] = {"count": 5, "amount": "28.6万元", "fees": "2.4万元"}' || return 1
  local out
  out=$(cd "$wd" && "$BIN" check unitsum.json 2>&1) || return 1
  ! grep -q 'warning' <<<"$out" || { echo "28.6万元 and 2.4万元 should agree: $out"; return 1; }
  wd_edit figures.json unitbad.json 'd["values"]["t"]["total"]["amount"] = "28.5万元"' || return 1
  out=$(cd "$wd" && "$BIN" check unitbad.json 2>&1)
  grep -qF 'the data gives "28.5万元" (285000), but the sum is 286000; printed as given (at /values/t/total/amount)' <<<"$out" || { echo "$out"; return 1; }
}
check "wording 12: 万 multiplies by 10000 for the check: 28.6万元 agrees with 251000元 + 3.5万元, 28.5万元 is reported" wd_unit_sum
wd_unit_forms() {
  local f out
  for f in '25万1千' '１２' '1,23' '1.' '.5' '3.5 万 元' '12元元元元元' '5%' '1e3' '--3' '3,5000'; do
    printf '{"layout": "figures-layout.json", "values": {"t": {"goods": {"amount": "%s"}}}}\n' "$f" >"$wd/form.json"
    out=$(cd "$wd" && "$BIN" check form.json 2>&1)
    [ $? = 1 ] && grep -qF 'error: expected a number, "" or null (blank), or a figure as published with its unit, such as "251000元" or "3.5万元" (docs/templates.md section 4) (at /values/t/goods/amount)' <<<"$out" ||
      { echo "\"$f\" accepted: $out"; return 1; }
  done
  for f in '-2' '+3' '1,234,567元' '0.5亿元' '3 万元' '12人次' '7'; do
    printf '{"layout": "figures-layout.json", "values": {"t": {"goods": {"amount": "%s"}}}}\n' "$f" >"$wd/form.json"
    out=$(cd "$wd" && "$BIN" check form.json 2>&1) || { echo "\"$f\" refused: $out"; return 1; }
  done
}
check "wording 12: the accepted forms of a figure (sign, 1,234 grouping, 万/亿, 1-4 character unit); others refused" wd_unit_forms
wd_published() {
  # the real case: totals published as 0 and 0 where the rows add up to 11 and 5
  wd_edit county-2023.json zero.json 'a = d["values"]["applications"]; a["granted"]["total"] = 0; a["new_received"]["total"] = 0
for c in ("natural_person", "commercial", "research", "public_welfare", "legal_service", "other"): a["new_received"][c] = {"natural_person": 10, "commercial": 1}.get(c, 0)
a["carried_over"] = {"natural_person": 3, "commercial": 1, "research": 0, "public_welfare": 0, "legal_service": 1, "other": 0, "total": 5}' || return 1
  local out
  out=$("$BIN" check "$wd/zero.json" 2>&1)
  [ $? = 0 ] || { echo "check: $out"; return 1; }
  grep -qF 'row 一, column 总计: the data gives 0, but the sum is 11; printed as given' <<<"$out" &&
  grep -qF 'row 三（一）予以公开, column 总计: the data gives 0, but the sum is 8; printed as given' <<<"$out" || { echo "$out"; return 1; }
  "$BIN" render "$wd/zero.json" -o "$wd/zero.pdf" 2>/dev/null || return 1
  [ "$(wd_row "$wd/zero.pdf" 一、本年新收政府信息公开申请数量)" = "一、本年新收政府信息公开申请数量|||10|1|0|0|0|0|0" ] &&
  [ "$(wd_row "$wd/zero.pdf" （一）予以公开)" = "三、本年度办理结果|（一）予以公开||6|1|0|0|1|0|0" ] ||
    { echo "rows: $(wd_row "$wd/zero.pdf" 一、本年新收政府信息公开申请数量) / $(wd_row "$wd/zero.pdf" （一）予以公开)"; return 1; }
}
check "wording 11: published totals 0 and 0 (sums 11 and 8) print as 0 and 0, each a warning, exit 0" wd_published
wd_strict() {
  local out
  out=$("$BIN" check --strict "$wd/zero.json" 2>&1)
  [ $? = 1 ] && grep -qF 'error: 收到和处理政府信息公开申请情况, row 一, column 总计: the data gives 0, but the sum is 11 (--strict) (at /values/applications/new_received/total)' <<<"$out" ||
    { echo "check --strict: $out"; return 1; }
  out=$("$BIN" render --strict "$wd/zero.json" -o "$wd/strict.pdf" 2>&1)
  [ $? = 1 ] && [ ! -e "$wd/strict.pdf" ] || { echo "render --strict wrote a PDF: $out"; return 1; }
  [ "$(tail -n 1 <<<"$out")" = 'gongwen: error: not rendered: 2 error-level checks failed (--force renders anyway)' ] || { echo "$out"; return 1; }
  "$BIN" render --strict --force "$wd/zero.json" -o "$wd/strict.pdf" 2>/dev/null && [ -s "$wd/strict.pdf" ]
}
check "wording 11: --strict: check and render exit 1 (no PDF) on a published figure that is not its sum; --force renders" wd_strict
wd_strict_check() {
  # a failed warning-level check: a warning, an error with --strict
  wd_edit figures.json warnlevel.json 'd["values"]["t"]["services"]["fees"] = "1.3万元"; d["values"]["t"]["total"] = {}' || return 1
  local out
  out=$(cd "$wd" && "$BIN" check warnlevel.json 2>&1) && grep -qF 'warning: 收费核对 fails in 采购和收费情况: goods.fees = 12000, but services.fees = 13000' <<<"$out" ||
    { echo "without --strict: $out"; return 1; }
  out=$(cd "$wd" && "$BIN" check --strict warnlevel.json 2>&1)
  [ $? = 1 ] && grep -qF 'error: 收费核对 fails in 采购和收费情况: goods.fees = 12000, but services.fees = 13000' <<<"$out" || { echo "with --strict: $out"; return 1; }
}
check "wording 11: --strict makes a failed warning-level check an error; without it, a warning" wd_strict_check
check "wording 11: --strict is an option of render and check (not a usage error)" \
  bash -c "'$BIN' check --strict '$wd/county-2023.json' 2>/dev/null"
rm -f "$wd/strict.pdf" "$wd/fixed.pdf"
wd_shipped() {
  # the same on the shipped 2021 layout and sample, with nothing but values: a published 总计 of 0
  # (the sum is 25) and a blank one (given as "" and as null) print as published
  cp samples/annual-report-2021.json "$wd/s21.json"
  wd_edit s21.json s21-pub.json 'a = d["values"]["applications"]; a["new_received"]["total"] = 0; a["granted"]["total"] = ""; a["carried_over"]["total"] = None' || return 1
  "$BIN" render "$wd/s21-pub.json" -o "$wd/s21-pub.pdf" 2>"$wd/s21-pub.err" || { cat "$wd/s21-pub.err"; return 1; }
  [ "$(wd_row "$wd/s21-pub.pdf" 一、本年新收政府信息公开申请数量)" = "一、本年新收政府信息公开申请数量|||18|3|1|0|2|1|0" ] &&
  [ "$(wd_row "$wd/s21-pub.pdf" 二、上年结转政府信息公开申请数量)" = "二、上年结转政府信息公开申请数量|||2|1|0|0|0|0|" ] &&
  [ "$(wd_row "$wd/s21-pub.pdf" （一）予以公开)" = "三、本年度办理结果|（一）予以公开||7|2|1|0|1|0|" ] ||
    { echo "rows: $(wd_row "$wd/s21-pub.pdf" 一、本年新收政府信息公开申请数量) / $(wd_row "$wd/s21-pub.pdf" 二、上年结转政府信息公开申请数量) / $(wd_row "$wd/s21-pub.pdf" （一）予以公开)"; return 1; }
  [ "$(grep -c 'printed as given' "$wd/s21-pub.err")" = 3 ] || { cat "$wd/s21-pub.err"; return 1; }
}
check "wording 10, 11: shipped 2021 layout: a published 总计 of 0 (sum 25), \"\" and null print as published, 3 warnings" wd_shipped
