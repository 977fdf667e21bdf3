# 71-table-pages.sh: table pagination without orphans and half-empty pages (issue 12, part A:
# points 1 to 5). Sourced by tests/run.sh.
#
# Measured from the --trace (tests/tools/wastecheck.py): the waste line of every page, and the
# table rows by their first-column texts. The documents are real-shaped (tests/cases/i12/tpage/,
# made by its make.py): two county annual reports (2019 and 2021 formats), a city 通知 with a
# 56-row attachment table in three sections, a 国务院办公厅-style 通知 whose attachment has four
# regional row groups; each also swept with 0 to 21 more lines of text before its tables, so
# that the tables start at every line of a page.
tq_dir=$T/table-waste
mkdir -p "$tq_dir/sweep"
tq_case=tests/cases/i12/tpage
tq_w() { python3 tests/tools/wastecheck.py "$@"; }

# --- point 3 and 4 acceptance: the sample's page 4 is no longer a third empty -------------------
if "$BIN" render samples/annual-report-2020.json -o "$tq_dir/ar.pdf" --trace "$tq_dir/ar.trace" 2>"$tq_dir/ar.err"; then
  check "table pages: the sample annual report: no page but the last more than 25 % empty, forced or not (wastecheck)" \
    tq_w waste "$tq_dir/ar.trace" --max 25
  check "table pages: the sample's 20-row group 三、本年度办理结果 starts on page 4 (it does not fit page 5 either)" \
    tq_w onpage "$tq_dir/ar.trace" 4 '^（二）部分公开'
  check "table pages: the sample's group label 三、本年度办理结果 is whole on page 4 (its rows made taller) and repeated on page 5" \
    bash -c "python3 tests/tools/wastecheck.py onpage '$tq_dir/ar.trace' 4 '^果$' && python3 tests/tools/wastecheck.py onpage '$tq_dir/ar.trace' 5 '^果$'"
  check "table pages: the sample's group is cut between its sub-groups, never inside （三） （四） （五）" \
    tq_w together "$tq_dir/ar.trace" '^(属于国家秘密|属于行政查询)' '^(本机关不掌握|补正后申请内)' \
    '^(信访举报投诉|要求行政机关)'
else
  bad "table pages: the sample annual report renders" "$(tail -n 3 "$tq_dir/ar.err")"
fi

# --- point 4: every document the suite renders, and the sweeps ---------------------------------
tq_all() { # renders every JSON that renders under samples/, examples/, tests/cases/, and the sweeps
  local f n rendered=0
  for f in samples/*.json examples/*/*.json tests/cases/*.json tests/cases/*/*.json tests/cases/*/*/*.json \
    tests/cases/*/*/*/*.json "$tq_dir"/sweep/*.json; do
    [ -f "$f" ] || continue
    n=$(printf '%s' "$f" | tr '/' '_')
    if "$BIN" render "$f" -o /dev/null --trace "$tq_dir/all-$n.trace" >/dev/null 2>&1; then
      rendered=$((rendered + 1))
    else
      rm -f "$tq_dir/all-$n.trace"
    fi
  done
  [ "$rendered" -ge 120 ] || { echo "only $rendered documents rendered"; return 1; }
  python3 tests/tools/wastecheck.py waste "$tq_dir"/all-*.trace --max 25 >"$tq_dir/waste.out" ||
    { grep FAIL "$tq_dir/waste.out"; return 1; }
  echo "$rendered documents"
}
python3 $tq_case/make.py sweep "$tq_dir/sweep"
check "table pages: every document the suite renders (samples, examples, tests/cases, 88 sweeps): no page but the last more than 25 % empty unless its waste line names a forcing rule (wastecheck)" tq_all
# the checker itself: a page 40 % empty for no rule, a trace without waste lines, a wrong grid
tq_fake() { # NAME WASTE-LINE...: a two-page trace with these waste lines
  local name=$1
  shift
  { echo "page 1 595.276 841.890"; [ -n "${1:-}" ] && echo "$1"; echo 'text 79.370 100.000 10.000 16.000 F "x"'
    echo "page 2 595.276 841.890"; [ -n "${2:-}" ] && echo "$2"; } >"$tq_dir/$name.trace"
}
tq_fake fill40 "waste page=1 empty=255112 grid=637780 reason=fill" "waste page=2 empty=0 grid=637780 reason=last"
tq_fake forced40 "waste page=1 empty=255112 grid=637780 reason=keep-group" "waste page=2 empty=0 grid=637780 reason=last"
tq_fake none "" ""
tq_fake over "waste page=1 empty=700000 grid=637780 reason=keep-group" "waste page=2 empty=0 grid=637780 reason=last"
check "table pages: control: wastecheck refuses a page 40 % empty with reason=fill" status_is 1 tq_w waste "$tq_dir/fill40.trace"
check "table pages: control: wastecheck accepts it with a forcing rule (reason=keep-group)" tq_w waste "$tq_dir/forced40.trace"
check "table pages: control: wastecheck refuses a trace without waste lines" status_is 1 tq_w waste "$tq_dir/none.trace"
check "table pages: control: wastecheck refuses an empty height past the grid" status_is 1 tq_w waste "$tq_dir/over.trace"

# --- points 1 and 2: headers and label rows with two body rows, two body rows a page ------------
tq_rows() { # KIND LAYOUT: the rows check over the sweeps of one document (LAYOUT "": its own, whose
  # traces tq_all made; with a LAYOUT, a control: stops at the first page that fails)
  local kind=$1 layout=$2 f bad=0 n
  for f in "$tq_dir"/sweep/"$kind"-*.json; do
    if [ -n "$layout" ]; then
      "$BIN" render "$f" -l "$layout" -o "$tq_dir/r.pdf" --trace "$tq_dir/r.trace" >/dev/null 2>&1 || { echo "$f: no render"; return 1; }
    else
      n=$(printf '%s' "$f" | tr '/' '_')
      cp "$tq_dir/all-$n.trace" "$tq_dir/r.trace" || return 1
    fi
    case $kind in
      notice56) python3 tests/tools/wastecheck.py rows "$tq_dir/r.trace" --body '^[0-9]+$' --label '^(序号|[一二三]、)' --x-max 113 ;;
      ar2019) python3 tests/tools/wastecheck.py rows "$tq_dir/r.trace" --label '^第二十条' \
        --body '^(信息内容|规章|规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购)$' ;;
      gwy-funds) python3 tests/tools/wastecheck.py rows "$tq_dir/r.trace" --label '^区域$' --x-max 200 \
        --body '^(北京市|天津市|河北省|上海市|江苏省|浙江省|福建省|山东省|广东省|海南省|山西省|安徽省|江西省|河南省|湖北省|湖南省|内蒙古自治区|广西壮族自治区|重庆市|四川省|贵州省|云南省|西藏自治区|陕西省|甘肃省|青海省|宁夏回族自治区|新疆维吾尔自治区|辽宁省|吉林省|黑龙江省)$' ;;
    esac >"$tq_dir/r.out" || { bad=$((bad + 1)); echo "$(basename "$f"): $(grep FAIL "$tq_dir/r.out" | head -n 2)"; }
    [ -n "$layout" ] && [ $bad != 0 ] && break
  done
  [ $bad = 0 ]
}
check "table pages: 56-row attachment table at 22 positions: 序号 header and section rows (一、产业项目) with 2 body rows on their page, 2 body rows a page (wastecheck rows)" \
  tq_rows notice56 ""
check "table pages: 2019 Table 二 at 22 positions: each 第二十条第（X）项 row with 2 rows on its page, 2 a page" tq_rows ar2019 ""
check "table pages: 31 provinces in 4 regional groups at 22 positions: header with 2 rows, 2 rows a page" tq_rows gwy-funds ""
check "table pages: control: with keep_rows 1 and min_rows 1 the 56-row table leaves a section row or a lone row at some page foot" \
  status_is 1 tq_rows notice56 $tq_case/loose.json
check "table pages: control: likewise Table 二's 第二十条 rows" status_is 1 tq_rows ar2019 $tq_case/loose-2019.json
# point 3: groups that fit a page are kept whole, at every position
tq_groups() {
  local f bad=0
  for f in "$tq_dir"/sweep/gwy-funds-*.json; do
    python3 tests/tools/wastecheck.py together "$tq_dir/all-$(printf '%s' "$f" | tr '/' '_').trace" '^(北京市|天津市|河北省|上海市|江苏省|浙江省|福建省|山东省|广东省|海南省)$' \
      '^(山西省|安徽省|江西省|河南省|湖北省|湖南省)$' '^(辽宁省|吉林省|黑龙江省)$' \
      '^(内蒙古自治区|广西壮族自治区|重庆市|四川省|贵州省|云南省|西藏自治区|陕西省|甘肃省|青海省|宁夏回族自治区|新疆维吾尔自治区)$' \
      >"$tq_dir/g.out" || { bad=1; echo "$(basename "$f"): $(grep FAIL "$tq_dir/g.out")"; }
  done
  [ $bad = 0 ]
}
check "table pages: the four regional row groups (10, 6, 12, 3 provinces) each whole on one page, at 22 positions" tq_groups

# --- point 5: 续表 ------------------------------------------------------------------------------
if "$BIN" render $tq_case/notice56.json -l $tq_case/cont.json -o "$tq_dir/c.pdf" --trace "$tq_dir/c.trace" 2>"$tq_dir/c.err"; then
  check "table pages: continued: \"续表\" above the header of pages 4 to 7, flush left" \
    bash -c "for p in 4 5 6 7; do grep -A3 '^page '\$p' ' '$tq_dir/c.trace' >/dev/null; python3 tests/tools/wastecheck.py onpage '$tq_dir/c.trace' \$p '^续表$' || exit 1; done;
      awk '/^text/ && /\"续表\"/ && \$2 != \"79.370\" {print; bad=1} END {exit bad}' '$tq_dir/c.trace'"
  check "table pages: continued: not on the table's first page (3) nor before it" \
    bash -c "for p in 1 2 3 8; do python3 tests/tools/wastecheck.py onpage '$tq_dir/c.trace' \$p '续表' absent || exit 1; done"
  check "table pages: continued: every page holds the table's rows within the grid (wastecheck waste)" tq_w waste "$tq_dir/c.trace"
else
  bad "table pages: continued layout renders" "$(tail -n 3 "$tq_dir/c.err")"
fi
"$BIN" render $tq_case/notice56.json -o "$tq_dir/n.pdf" --trace "$tq_dir/n.trace" 2>/dev/null
check "table pages: continued: off by default (no 续表 anywhere)" bash -c "! grep -q '续表' '$tq_dir/n.trace'"

# --- layout keys: bad values are errors at the value, in check and render, no PDF ---------------
tq_layout_bad() { # NAME TABLE-JSON POINTER PATTERN
  local name=$1 out
  printf '{"version": 1, "extends": "gbt9704", "table": %s}\n' "$2" >"$tq_dir/$name.json"
  for cmd in check render; do
    if [ $cmd = check ]; then out=$("$BIN" check $tq_case/notice56.json -l "$tq_dir/$name.json" 2>&1)
    else out=$("$BIN" render $tq_case/notice56.json -l "$tq_dir/$name.json" -o "$tq_dir/$name.pdf" 2>&1); fi
    [ $? = 1 ] || { echo "$cmd did not exit 1: $out"; return 1; }
    grep -q "^$tq_dir/$name.json:1:[0-9]*: error: $4 (at $3)$" <<<"$out" || { echo "$cmd: unexpected: $out"; return 1; }
  done
  [ ! -e "$tq_dir/$name.pdf" ] || { echo "render wrote a PDF"; return 1; }
}
check "table pages: layout: keep_rows 0 is an error at /table/keep_rows" tq_layout_bad k0 '{"keep_rows": 0}' /table/keep_rows 'expected an integer from 1 to 20.*'
check "table pages: layout: min_rows \"2\" is an error at /table/min_rows" tq_layout_bad m2 '{"min_rows": "2"}' /table/min_rows '.*integer.*'
check "table pages: layout: continued align \"middle\" is an error with the alignments" tq_layout_bad cm '{"continued": {"text": "续表", "align": "middle"}}' /table/continued/align '.*alignment.*middle.*'
check "table pages: layout: continued text with a line break is an error" tq_layout_bad cn '{"continued": {"text": "续\n表"}}' /table/continued/text 'expected one line of text.*'
check "table pages: layout: continued without text is an error" tq_layout_bad ct '{"continued": {"align": "left"}}' /table/continued 'missing key "text"'

# --- the debug flag ------------------------------------------------------------------------------
tq_debug() {
  local out n
  out=$(GW_DEBUG=pages "$BIN" render samples/annual-report-2020.json -o "$tq_dir/d.pdf" 2>&1 >/dev/null)
  n=$(grep -c '^gongwen: page [0-9]*: [0-9.]* pt empty ([0-9.]* % of the type area), [a-z-]*$' <<<"$out")
  [ "$n" = "$(grep -c '^page ' "$tq_dir/ar.trace")" ] || { echo "got $n lines: $out"; return 1; }
  out=$("$BIN" render samples/annual-report-2020.json -o "$tq_dir/d.pdf" 2>&1 >/dev/null)
  [ -z "$out" ] || { echo "without GW_DEBUG: $out"; return 1; }
}
check "table pages: GW_DEBUG=pages prints one line per page on stderr, nothing without it" tq_debug
