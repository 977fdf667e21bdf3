#!/usr/bin/env bash
# run.sh: the whole gongwen test suite; `make test` and `make asan` call it.
#
# In: GW_BUILD, the build folder whose gongwen, tests/test_* and tools/* are tested
# (build/release by default). Out: one line per check ("ok NAME" or "FAIL NAME: why") and
# the closing line "N passed, N failed"; exit 1 when anything failed.
set -u
cd "$(dirname "$0")/.."
B=${GW_BUILD:-build/release}
BIN=$PWD/$B/gongwen
GLYPHCHECK=$PWD/$B/tools/glyphcheck
export GW_BUILD=$B
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
# check NAME CMD...: passes when CMD exits 0; shows the end of its output otherwise.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name" "$(printf '%s' "$out" | tail -n 5)"; fi
}
ASAN=0
case "$B" in *asan*) ASAN=1 ;; esac

# --- unit tests: each binary prints "ok NAME" / "FAIL NAME: why" lines ---------------------
for t in "$B"/tests/test_*; do
  [ -x "$t" ] || continue
  out=$("$t" 2>&1)
  rc=$?
  n_ok=$(printf '%s\n' "$out" | grep -c '^ok ')
  n_bad=$(printf '%s\n' "$out" | grep -c '^FAIL ')
  pass=$((pass + n_ok))
  fail=$((fail + n_bad))
  printf '%s\n' "$out" | grep -E '^(ok|FAIL) ' | sed "s|^|$(basename "$t"): |"
  if [ $rc -ne 0 ] && [ "$n_bad" = 0 ]; then
    bad "$(basename "$t") exit status" "exited $rc: $(printf '%s' "$out" | tail -n 3)"
  fi
done

# --- fuzz corpora, replayed (crashers found by libFuzzer are added to them) -------------------
for r in "$B"/fuzz/replay_*; do
  [ -x "$r" ] || continue
  what=${r##*/replay_}
  check "fuzz: replay of the $what corpus" "$r" "tests/fuzz/corpus/$what"
done

# --- command line ------------------------------------------------------------------------
check "cli: --version" bash -c "'$BIN' --version | grep -qx 'gongwen [0-9.]*'"
check "cli: --help" bash -c "'$BIN' --help | grep -q 'gongwen render DATA.json'"
status_is() { local want=$1; shift; "$@" >/dev/null 2>&1; [ $? -eq "$want" ]; }
check "cli: no arguments is a usage error (2)" status_is 2 "$BIN"
check "cli: unknown command is a usage error (2)" status_is 2 "$BIN" draw x.json
check "cli: unknown option is a usage error (2)" status_is 2 "$BIN" render --fast x.json
check "cli: -o without value is a usage error (2)" status_is 2 "$BIN" render x.json -o
check "cli: missing data file is bad input (1)" status_is 1 "$BIN" render "$T/none.json"
check "cli: unwritable output is an I/O error (3)" status_is 3 "$BIN" render samples/annual-report-2020.json -o /nonexistent-dir/x.pdf

# --- documents: the sample and the special-character test ---------------------------------
FONTS=(fonts/fandol/*.otf /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
       /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
       /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
       /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf
       /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf)
pdffonts_ok() {
  # every font row: embedded, subset, with ToUnicode; at least one font
  pdffonts "$1" | awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad = 1 }
                       END { exit (n == 0 || bad) }'
}
# NAME DATA [LAYOUT]: TrueType (Liberation), CID-keyed CFF (Fandol), an OpenType collection
# (Noto CJK .ttc face 2) and, with the termes layout, name-keyed CFF (TeX Gyre Termes).
while read -r name doc layout; do
  pdf=$T/$name.pdf
  largs=()
  [ -n "$layout" ] && largs=(-l "$layout")
  if ! "$BIN" render "$doc" "${largs[@]}" -o "$pdf" --trace "$T/$name.trace" 2>"$T/$name.err"; then
    bad "$name: renders" "$(head -n 5 "$T/$name.err")"
    continue
  fi
  ok "$name: renders"
  check "$name: qpdf --check" qpdf --check "$pdf"
  check "$name: every font embedded, subset, with ToUnicode (pdffonts)" pdffonts_ok "$pdf"
  check "$name: pdftotext gives back exactly the input text" python3 tests/tools/textcheck.py "$doc" "$T/$name.trace" "$pdf"
  check "$name: every visible character leaves ink on the page (inkcheck)" python3 tests/tools/inkcheck.py "$pdf"
  check "$name: every glyph has its source outline and width (glyphcheck)" "$GLYPHCHECK" "$pdf" "${FONTS[@]}"
  "$BIN" render "$doc" "${largs[@]}" -o "$T/$name-2.pdf" 2>/dev/null
  check "$name: same input gives the same bytes" cmp "$pdf" "$T/$name-2.pdf"
done <<'EOF'
annual-report-2020 samples/annual-report-2020.json
special tests/cases/special.json
special-termes tests/cases/special.json tests/cases/termes.json
EOF
# golden traces: the exact layout of the sample and the special document, reviewed by reading
# the diff; `make golden-update` rewrites them after an intended layout change
for g in annual-report-2020 special; do
  check "$g: layout trace equals tests/golden/$g.trace" diff -u "tests/golden/$g.trace" "$T/$g.trace"
done
check "special-termes: the Latin face is name-keyed CFF (TeX Gyre Termes)" bash -c "pdffonts '$T/special-termes.pdf' | grep -q 'TeXGyreTermes-Regular *CID Type 0C'"
invisible_is_caught() {
  # the ink check must fail on text drawn invisibly (render mode 3) that pdftotext still finds
  qpdf --qdf --object-streams=disable "$T/special.pdf" "$T/q.pdf" &&
  sed -i 's/^q BT$/q BT 3 Tr/' "$T/q.pdf" && fix-qdf "$T/q.pdf" >"$T/invisible.pdf" &&
  pdftotext -q "$T/invisible.pdf" - | grep -q '特殊字符测试' &&
  ! python3 tests/tools/inkcheck.py "$T/invisible.pdf" >/dev/null
}
check "inkcheck: catches invisible text that pdftotext still extracts" invisible_is_caught
special_has() { pdftotext -q "$T/special.pdf" - | grep -q "$1"; }
check "special: U+20BB7 extracts from the PDF" special_has '𠮷野家'
check "special: U+20BB7 is drawn by the Noto fallback" grep -q 'NotoSerifCJKsc-Regular "𠮷"' "$T/special.trace"
check "special: ㈠㈡ ü ǖ “” —— …… extract exactly" special_has '㈠㈡ ü ǖ “” —— ……'
check "special: a title outside the BMP reaches the Info dictionary" bash -c "pdfinfo '$T/special.pdf' | grep -q '^Title: *测试：特殊字符 𠮷\$'"
info_ok() {
  local i
  i=$(pdfinfo -isodates "$T/annual-report-2020.pdf") || return 1
  grep -q '^Title: *青铜峡市信访局2020年政府信息公开工作年度报告$' <<<"$i" &&
  grep -q '^Author: *青铜峡市信访局$' <<<"$i" &&
  grep -q '^Keywords: *政府信息公开, 年度报告, 2020$' <<<"$i" &&
  grep -q "^Creator: *gongwen $("$BIN" --version | cut -d' ' -f2)$" <<<"$i" &&
  grep -q '^CreationDate: *2021-01-15T00:00:00+08' <<<"$i"
}
check "sample: Info dictionary from meta (pdfinfo)" info_ok
nodate() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["meta"]["date"]; json.dump(d,open(sys.argv[2],"w"),ensure_ascii=False)' tests/cases/special.json "$T/nodate.json"
  env -u SOURCE_DATE_EPOCH "$BIN" render "$T/nodate.json" -o "$T/nodate.pdf" || return 1
  ! pdfinfo "$T/nodate.pdf" | grep -q CreationDate || return 1
  SOURCE_DATE_EPOCH=1610674200 "$BIN" render "$T/nodate.json" -o "$T/epoch.pdf" || return 1
  pdfinfo -isodates "$T/epoch.pdf" | grep -q '^CreationDate: *2021-01-15T01:30:00Z'
}
check "dates: none without meta.date or SOURCE_DATE_EPOCH, else from SOURCE_DATE_EPOCH" nodate

# --- seal image ---------------------------------------------------------------------------
seal_doc() {
  python3 tests/tools/mkpng.py "$T/seal.png" && python3 tests/tools/mkpng.py "$T/seal16.png" --16 &&
  python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
body = [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "SEAL"}}]
for name, seal in (("sealed", "seal.png"), ("sealed16", "seal16.png")):
    body[1]["signature"]["seal"] = seal
    json.dump({"body": body}, open(f"{t}/{name}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}
seal_drawn() {
  seal_doc && "$BIN" render "$T/sealed.json" -o "$T/sealed.pdf" --trace "$T/sealed.trace" &&
  qpdf --check "$T/sealed.pdf" >/dev/null &&
  grep -q '^image .* 119.055 119.055 seal.png$' "$T/sealed.trace" &&
  [ "$(pdfimages -list "$T/sealed.pdf" | awk 'NR > 2 { print $3 }' | sort | tr '\n' ' ')" = "image smask " ] &&
  # red ink where the seal is: the ring's left edge is 12 px in at 100 dpi
  pdftoppm -r 100 -png "$T/sealed.pdf" "$T/sealed" &&
  python3 tests/tools/inkcheck.py "$T/sealed.pdf" >/dev/null
}
check "seal: an 8-bit RGBA PNG is drawn 42 mm wide with its alpha (image + smask)" seal_drawn
seal16() {
  local err
  err=$(cd "$T" && "$BIN" render sealed16.json -o sealed16.pdf 2>&1)
  [ $? = 1 ] && [ ! -e "$T/sealed16.pdf" ] &&
  [ "$err" = 'sealed16.json:10:13: error: seal file "seal16.png" has 16 bits per channel; convert it to 8 bits (at /body/1/signature/seal)' ]
}
check "seal: a 16-bit PNG is refused with its position (libharu mangles them)" seal16

# --- GB/T 9704 composition (measured from the PDF) ---------------------------------------
# gridcheck.py measures from the PDF alone (mutool's structured text, trace and outline): the
# 22 x 28 grid, the type area, line edges, line-start/end rules, page numbers, signature, seal.
# mkdoc.py writes the test documents: long (8+ pages), seal, alone (a signature that would stand
# alone at a page top), kinsoku (every prohibited mark at a would-be line edge).
grid_dir=$T/grid
mkdir -p "$grid_dir"
"$BIN" render samples/annual-report-2020.json -o "$grid_dir/sample.pdf" 2>/dev/null
check "sample: GB/T 9704 composition (gridcheck)" \
  python3 tests/tools/gridcheck.py "$grid_dir/sample.pdf" --data samples/annual-report-2020.json
check "special: no line starts with a closing mark or ends with an opening one (gridcheck)" \
  python3 tests/tools/gridcheck.py "$T/special.pdf" --kinsoku-only
for grid_kind in long seal alone alone-seal kinsoku; do
  grid_d=$grid_dir/$grid_kind
  mkdir -p "$grid_d"
  if ! python3 tests/tools/mkdoc.py "$grid_kind" -o "$grid_d/doc.json" ||
     ! "$BIN" render "$grid_d/doc.json" -o "$grid_d/doc.pdf" 2>"$grid_d/err"; then
    bad "mkdoc $grid_kind: renders" "$(head -n 5 "$grid_d/err" 2>/dev/null)"
    continue
  fi
  grid_extra=()
  case $grid_kind in
    long) grid_extra=(--min-pages 5) ;;
    alone*) grid_extra=(--expect-carry) ;;
  esac
  check "mkdoc $grid_kind: GB/T 9704 composition (gridcheck)" \
    python3 tests/tools/gridcheck.py "$grid_d/doc.pdf" --data "$grid_d/doc.json" "${grid_extra[@]}"
done
# negative controls: PDFs with one known defect; gridcheck must report exactly that rule failing
# (exit 1 and "FAIL RULE:"), so a checker that passes everything is caught
grid_catches() { # RULE PDF [ARGS...]
  local rule=$1 pdf=$2 out
  shift 2
  [ -s "$pdf" ] || return 1
  out=$(python3 tests/tools/gridcheck.py "$pdf" --only "$rule" "$@" 2>&1)
  [ $? = 1 ] && grep -q "^FAIL $rule:" <<<"$out"
}
grid_variants() {
  python3 - "$grid_dir" <<'PY'
import json, sys
t = sys.argv[1]
def variant(name, edit):
    lay = json.load(open("layouts/gbt9704.json", encoding="utf-8"))
    edit(lay)
    json.dump(lay, open(f"{t}/{name}.json", "w", encoding="utf-8"), ensure_ascii=False)
variant("left30", lambda l: l["page"]["margins"].update(left="30mm", right="24mm"))
variant("cpl27", lambda l: l["grid"].update(chars_per_line=27))
variant("pn9", lambda l: l["page_number"].update(below="9mm"))
variant("ragged", lambda l: l["styles"]["body"].update(align="left"))
variant("indent0", lambda l: l["styles"]["body"].update(indent=0))
PY
  local v
  for v in left30 cpl27 pn9 ragged indent0; do
    "$BIN" render samples/annual-report-2020.json -l "$grid_dir/$v.json" -o "$grid_dir/$v.pdf"
  done
  qpdf --qdf --object-streams=disable "$grid_dir/sample.pdf" "$grid_dir/q.pdf"
  sed 's/^q BT$/q 1 0 0 1 0 -3 cm BT/' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/down3.pdf"
  sed 's/^q BT$/q 1 0 0 1 5 0 cm BT/' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/right5.pdf"
  sed 's|/Outlines|/Outlinez|' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/nooutline.pdf"
  # the seal moved 5 pt right of the date's centre
  qpdf --qdf --object-streams=disable "$grid_dir/seal/doc.pdf" "$grid_dir/qs.pdf" &&
  python3 - "$grid_dir/qs.pdf" "$grid_dir/sealmoved.qdf" <<'PY' && fix-qdf <"$grid_dir/sealmoved.qdf" >"$grid_dir/sealmoved.pdf"
import re, sys
s = open(sys.argv[1], "rb").read()
s, n = re.subn(rb"^(\S+ 0 0 \S+ )([\d.]+)( [\d.]+ cm\n/X\w* Do)$",
               lambda m: m.group(1) + b"%.3f" % (float(m.group(2)) + 5) + m.group(3), s, flags=re.M)
open(sys.argv[2], "wb").write(s)
sys.exit(n != 1)
PY
  printf '{"body": [{"title": "标题测试\\n，逗号开头的一行"}, {"p": "正文。"}]}' >"$grid_dir/comma.json"
  "$BIN" render "$grid_dir/comma.json" -o "$grid_dir/comma.pdf"
}
grid_variants >/dev/null 2>&1
grid_s=samples/annual-report-2020.json
check "gridcheck catches: a 30 mm left margin (left-edge)" grid_catches left-edge "$grid_dir/left30.pdf" --data $grid_s
check "gridcheck catches: a 30 mm left margin (type-area)" grid_catches type-area "$grid_dir/left30.pdf" --data $grid_s
check "gridcheck catches: 27 characters a line (cells)" grid_catches cells "$grid_dir/cpl27.pdf" --data $grid_s
check "gridcheck catches: page numbers 9 mm below the type area (page-number)" grid_catches page-number "$grid_dir/pn9.pdf" --data $grid_s
check "gridcheck catches: body lines set flush left, not justified (flush-right)" grid_catches flush-right "$grid_dir/ragged.pdf" --data $grid_s
check "gridcheck catches: paragraphs without the 2-character indent (paragraphs)" grid_catches paragraphs "$grid_dir/indent0.pdf" --data $grid_s
check "gridcheck catches: all text 3 pt lower (grid-first-line)" grid_catches grid-first-line "$grid_dir/down3.pdf" --data $grid_s
check "gridcheck catches: all text 5 pt to the right (signature)" grid_catches signature "$grid_dir/right5.pdf" --data $grid_s
check "gridcheck catches: no outline (outline)" grid_catches outline "$grid_dir/nooutline.pdf" --data $grid_s
check "gridcheck catches: a seal 5 pt off the date's centre (seal)" grid_catches seal "$grid_dir/sealmoved.pdf" --data "$grid_dir/seal/doc.json"
check "gridcheck catches: a line starting with ， (kinsoku)" grid_catches kinsoku "$grid_dir/comma.pdf" --kinsoku-only
unset grid_s

# --- headings and title (GB/T 9704-2012 7.3.1, 7.3.3) ---------------------------------------
# trace_lines TRACE: one line per text line, "PAGE Y SIZE TEXT", its runs joined
trace_lines() {
  awk '/^page/ { p = $2; next }
       /^text/ { t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t); k = p " " $3 " " $5
                 if (k != last) { if (last != "") print line; line = k " " t; last = k }
                 else line = line t }
       END { if (last != "") print line }' "$1"
}
headings() {
  "$BIN" render tests/cases/headings.json -o "$T/headings.pdf" --trace "$T/headings.trace" &&
  python3 tests/tools/textcheck.py tests/cases/headings.json "$T/headings.trace" "$T/headings.pdf" >/dev/null &&
  # independent of textcheck: the numbers as printed
  for want in '"十、第10部分"' '"十一、第11部分"' '"十二、第12部分"' '"（一）甲项"' '"1.子项"' '"（2）细目"' \
    '"（甲）自定编号"' '"不编号"' '"（四）乙项"' '"2.子项"' '"（1）细目"'; do
    trace_lines "$T/headings.trace" | grep -q " ${want//\"/}\$" || { echo "missing $want"; return 1; }
  done
}
check "headings: numbered 一、（一）1.（1）, restarting under a parent; own numbers and none" headings
outline_ok() {
  mutool show "$T/headings.pdf" outline >"$T/outline.txt" &&
  [ "$(grep -c '#page=' "$T/outline.txt")" = 22 ] &&
  grep -q '"宁夏回族自治区青铜峡市人民政府办公室关于印发青铜峡市2021年政府信息公开工作要点的通知"' "$T/outline.txt" &&
  grep -q '"十二、第12部分"' "$T/outline.txt" && grep -q '"（1）细目"' "$T/outline.txt"
}
check "outline: mutool show outline lists the title and every heading, in Chinese" outline_ok
title_shape() {
  # three lines, broken at word boundaries, none shorter than both neighbours; 22 pt, centred
  local lines
  lines=$(trace_lines "$T/headings.trace" | awk '$3 == "22.000" { print $4 }' | tr '\n' '|')
  [ "$lines" = "宁夏回族自治区青铜峡市人民政府|办公室关于印发青铜峡市2021年|政府信息公开工作要点的通知|" ] ||
    { echo "title lines: $lines"; return 1; }
}
check "title: a long title breaks at words into a trapezoid (7.3.1)" title_shape
heading_keep() {
  # a heading that would fall on a page's last grid line moves to the next page with its text
  python3 - "$T/keep.json" <<'PY'
import json, sys
line = "我局高度重视政府信息公开工作严格按照政府信息公开工作的部署和要求及时成立了信访局政府信息公开工作领导小组将信息公开"
p = line[:54]
body = [{"p": p}] * 10 + [{"p": line[:20]}, {"h1": "标题不落页尾"}, {"p": p}]
json.dump({"body": body}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
  "$BIN" render "$T/keep.json" -o "$T/keep.pdf" --trace "$T/keep.trace" &&
  trace_lines "$T/keep.trace" | grep -q '^2 118.962 16.000 一、标题不落页尾$'
}
check "headings: a heading never ends a page; it goes on with the lines that follow" heading_keep
for f in headings keep; do
  check "$f: no line starts with a closing mark or ends with an opening one (gridcheck)" \
    python3 tests/tools/gridcheck.py "$T/$f.pdf" --kinsoku-only
done
docs_png() {
  grep -q '(docs/sample-page1.png)' README.md &&
  "$BIN" render samples/annual-report-2020.json -o "$T/docs.pdf" &&
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$T/docs.pdf" "$T/docs" &&
  cmp "$T/docs.png" docs/sample-page1.png
}
check "docs: page 1 of the sample, shown in the README, is current (make docs-png)" docs_png

# --- tables (measured from the PDF) ------------------------------------------------------
# tablecheck.py rebuilds every table's grid from the PDF alone (the stroked rules of mutool's
# trace, the characters of its structured text, pdftotext): cells and spans from the rules
# drawn, borders closed on every page, no glyph across a border, the type area (28-184 mm
# across, 37-262 mm down), repeated headers and labels, whole rows, page numbers. mkdoc.py
# table300: 300 rows under a three-row merged header, with 2-row groups and a 30-row group that
# a page must cut.
tab_dir=$T/tables
mkdir -p "$tab_dir"
tab_s=samples/annual-report-2020.json
tab() { python3 tests/tools/tablecheck.py "$@"; }
if "$BIN" render $tab_s -o "$tab_dir/sample.pdf" 2>"$tab_dir/sample.err"; then
  check "sample tables: three tables; Table 三 has exactly the spans of standards.md §2.5, from its rules (tablecheck)" \
    tab "$tab_dir/sample.pdf" --tables 3 --expect-spans tests/tools/expected-spans-table3.json
  check "sample tables: cells (spans, text) are the data's; rows whole; headers, cut labels repeated (tablecheck)" \
    tab "$tab_dir/sample.pdf" --data $tab_s --grid-data --rows-whole --header-repeat 3 --labels
  check "sample tables: closed on every page, no glyph crosses a border, in the type area (tablecheck)" \
    tab "$tab_dir/sample.pdf" --closed --no-cross --within 28,184 --within-y 37,262
  check "sample tables: pdftotext finds every cell's text (tablecheck)" \
    tab "$tab_dir/sample.pdf" --cells-text $tab_s
else
  bad "sample tables: renders" "$(head -n 5 "$tab_dir/sample.err")"
fi
if python3 tests/tools/mkdoc.py table300 -o "$tab_dir/t300.json" &&
   "$BIN" render "$tab_dir/t300.json" -o "$tab_dir/t300.pdf" 2>"$tab_dir/t300.err"; then
  check "mkdoc table300: 8+ pages, the 3-row header on each, no row cut, page numbers go on (tablecheck)" \
    tab "$tab_dir/t300.pdf" --data "$tab_dir/t300.json" --min-pages 8 --tables 1 --header-repeat 3 \
    --rows-whole --labels --page-numbers
  check "mkdoc table300: closed on every page, no glyph crosses a border, in the type area (tablecheck)" \
    tab "$tab_dir/t300.pdf" --closed --no-cross --within 28,184 --within-y 37,262
  check "mkdoc table300: cells (spans, text) are the data's; pdftotext finds every cell (tablecheck)" \
    tab "$tab_dir/t300.pdf" --data "$tab_dir/t300.json" --grid-data --cells-text "$tab_dir/t300.json"
else
  bad "mkdoc table300: renders" "$(head -n 5 "$tab_dir/t300.err" 2>/dev/null)"
fi
# negative controls: PDFs (or expectations) with one known defect; tablecheck must report that
# rule failing (exit 1 and "FAIL RULE:"), not pass and not crash
tab_catches() { # RULE PDF [ARGS...]
  local rule=$1 pdf=$2 out
  shift 2
  [ -s "$pdf" ] || return 1
  out=$(python3 tests/tools/tablecheck.py "$pdf" "$@" 2>&1)
  [ $? = 1 ] && grep -q "^FAIL $rule:" <<<"$out"
}
tab_variants() {
  local d=$tab_dir
  qpdf --qdf --object-streams=disable "$d/t300.pdf" "$d/q.pdf" || return 1
  python3 - "$d" <<'PY'
import json, re, sys
d = sys.argv[1]
q = open(f"{d}/q.pdf", "rb").read()
# one rule piece gone: the first piece of the table's right edge (the largest x of a vertical)
pairs = list(re.finditer(rb"^([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\n", q, re.M))
vert = [m for m in pairs if m.group(1) == m.group(3) and m.group(2) != m.group(4)]
right = max(float(m.group(1)) for m in vert)
m = next(m for m in vert if float(m.group(1)) == right)
open(f"{d}/norule.qdf", "wb").write(q[:m.start()] + q[m.end():])
# the first text drawn after a rule (the header cell 序号) moved 30 pt right, across its border
m = re.search(rb"^S\nq BT\n(/\S+ [\d.]+ Tf 1 0 0 1 )([\d.]+)( [\d.]+ Tm)", q, re.M)
x = float(m.group(2)) + 30
open(f"{d}/shifted.qdf", "wb").write(q[:m.start(2)] + b"%.3f" % x + q[m.end(2):])
# the label of the 30-row group gone from the page it goes on to: the text drawn right after the
# last cell whose left edge is taller than 200 pt (the group's piece on its second page)
lines = q.split(b"\n")
tall = [i for i in range(len(lines) - 1)
        if re.fullmatch(rb"([\d.]+) ([\d.]+) m", lines[i]) and re.fullmatch(rb"([\d.]+) ([\d.]+) l", lines[i + 1])
        and lines[i].split()[0] == lines[i + 1].split()[0]
        and abs(float(lines[i].split()[1]) - float(lines[i + 1].split()[1])) > 200]
i = lines.index(b"S", tall[-1])
j = i + 1
while j < len(lines) and lines[j] == b"q BT":
    j = lines.index(b"ET Q", j) + 1
open(f"{d}/nolabel.qdf", "wb").write(b"\n".join(lines[:i + 1] + lines[j:]))
# the expected spans of Table 三 with one wrong: 三、 spanning 19 rows instead of 20
e = json.load(open("tests/tools/expected-spans-table3.json", encoding="utf-8"))
e["cells"] = [[5, 0, 19, 1] if c[:4] == [5, 0, 20, 1] else c for c in e["cells"]]
json.dump(e, open(f"{d}/wrong-spans.json", "w", encoding="utf-8"), ensure_ascii=False)
# the data of table300 with two body rows swapped (rows-whole), with one label changed (grid-data,
# cells-text), and without header rows (header-repeat)
t = json.load(open(f"{d}/t300.json", encoding="utf-8"))
rows = next(b["table"] for b in t["body"] if "table" in b)["rows"]
rows[4], rows[5] = rows[5], rows[4]
json.dump(t, open(f"{d}/swapped.json", "w", encoding="utf-8"), ensure_ascii=False)
rows[4], rows[5] = rows[5], rows[4]
rows[7][0] = "第5列"
json.dump(t, open(f"{d}/altered.json", "w", encoding="utf-8"), ensure_ascii=False)
rows[7][0] = "第5行"
next(b["table"] for b in t["body"] if "table" in b)["header_rows"] = 0
json.dump(t, open(f"{d}/nohead.json", "w", encoding="utf-8"), ensure_ascii=False)
# layouts: the type area 8 mm further left; page numbers without their dashes
lay = json.load(open("layouts/gbt9704.json", encoding="utf-8"))
lay["page"]["margins"].update(left="20mm", right="34mm")
json.dump(lay, open(f"{d}/left20.json", "w", encoding="utf-8"), ensure_ascii=False)
lay = json.load(open("layouts/gbt9704.json", encoding="utf-8"))
lay["page_number"]["format"] = "{n}"
json.dump(lay, open(f"{d}/plainpn.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
  fix-qdf <"$d/norule.qdf" >"$d/norule.pdf"
  fix-qdf <"$d/shifted.qdf" >"$d/shifted.pdf"
  fix-qdf <"$d/nolabel.qdf" >"$d/nolabel.pdf"
  "$BIN" render "$d/nohead.json" -o "$d/nohead.pdf"
  "$BIN" render "$d/t300.json" -l "$d/left20.json" -o "$d/left20.pdf"
  "$BIN" render "$d/t300.json" -l "$d/plainpn.json" -o "$d/plainpn.pdf"
}
tab_variants >/dev/null 2>&1
check "tablecheck catches: one rule piece of the right edge removed (closed)" \
  tab_catches closed "$tab_dir/norule.pdf" --closed
check "tablecheck catches: a header text moved 30 pt right, across its border (no-cross)" \
  tab_catches no-cross "$tab_dir/shifted.pdf" --no-cross
check "tablecheck catches: a 30-row group's label missing on the page it goes on to (labels)" \
  tab_catches labels "$tab_dir/nolabel.pdf" --data "$tab_dir/t300.json" --labels
check "tablecheck catches: Table 三 expected with 三、 spanning 19 rows, not 20 (spans)" \
  tab_catches spans "$tab_dir/sample.pdf" --expect-spans "$tab_dir/wrong-spans.json"
check "tablecheck catches: a table whose header is not repeated (header-repeat)" \
  tab_catches header-repeat "$tab_dir/nohead.pdf" --header-repeat 3
check "tablecheck catches: two body rows in the wrong order (rows-whole)" \
  tab_catches rows-whole "$tab_dir/t300.pdf" --data "$tab_dir/swapped.json" --rows-whole
check "tablecheck catches: a cell the data has as 第5列, the PDF as 第5行 (grid-data)" \
  tab_catches grid-data "$tab_dir/t300.pdf" --data "$tab_dir/altered.json" --grid-data
check "tablecheck catches: a cell text that is not in the PDF (cells-text)" \
  tab_catches cells-text "$tab_dir/t300.pdf" --cells-text "$tab_dir/altered.json"
check "tablecheck catches: a table 8 mm left of the type area (within)" \
  tab_catches within "$tab_dir/left20.pdf" --within 28,184
check "tablecheck catches: page numbers without their dashes (page-numbers)" \
  tab_catches page-numbers "$tab_dir/plainpn.pdf" --page-numbers
unset tab_s

# --- size: a font costs only its used glyphs ---------------------------------------------
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
# "report": the first distinct hanzi of the sample report, in order of appearance (the
# characters of a real official document); "dense": the first level-1 GB2312 hanzi
# (啊阿埃…), which have many more strokes: a harder case, reported and bounded too.
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
report = []
for b in d["body"]:
    for v in b.values():
        for c in v if isinstance(v, str) else "":
            if "\u4e00" <= c <= "\u9fff" and c not in report:
                report.append(c)
dense = []
for row in range(0xB0, 0xD8):
    for col in range(0xA1, 0xFF):
        try:
            dense.append(bytes([row, col]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for name, chars in (("report", report), ("dense", dense)):
    for n in (30, 300):
        json.dump({"body": [{"p": "".join(chars[:n])}]},
                  open(f"{t}/{name}{n}.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
size_under() { # LAYOUT TEXT LIMIT
  local out=$T/size-$1-$2.pdf
  "$BIN" render "$T/$2.json" -l "tests/cases/$1.json" -o "$out" || return 1
  local pages size
  pages=$(pdfinfo "$out" | awk '/^Pages:/ { print $2 }')
  size=$(stat -c %s "$out")
  echo "$1, $2 (distinct characters): $size bytes, $pages page(s)" >>"$T/sizes"
  [ "$pages" = 1 ] && [ "$size" -lt "$3" ]
}
check "size: 300 distinct characters of the report in FandolFang, one page, under 140 KB" size_under fang-only report300 140000
check "size: 300 distinct characters of the report in Noto Serif CJK SC, one page, under 80 KB" size_under noto-only report300 80000
check "size: 30 distinct characters in FandolFang under 25 KB (a font costs its used glyphs)" size_under fang-only report30 25000
check "size: 30 distinct characters in Noto Serif CJK SC under 15 KB" size_under noto-only report30 15000
check "size: 300 dense GB2312 hanzi in FandolFang under 180 KB" size_under fang-only dense300 180000
check "size: 300 dense GB2312 hanzi in Noto Serif CJK SC under 85 KB" size_under noto-only dense300 85000
[ -f "$T/sizes" ] && sed 's/^/     /' "$T/sizes"

# --- input errors: exact messages, exit 1, no output --------------------------------------
for dir in tests/errors/*/; do
  name=$(basename "$dir")
  args=(render data.json -o out.pdf)
  [ -f "$dir/args" ] && read -r -a args <"$dir/args"
  want_status=1
  [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
  rm -f "$dir/out.pdf"
  got=$(cd "$dir" && "$BIN" "${args[@]}" 2>&1 >/dev/null)
  rc=$?
  if [ $rc -ne "$want_status" ]; then
    bad "error $name: exit status" "got $rc, want $want_status: $got"
  elif [ -e "$dir/out.pdf" ]; then
    bad "error $name: no output file" "out.pdf was created"
    rm -f "$dir/out.pdf"
  elif [ "$got" != "$(cat "$dir/expect.stderr")" ]; then
    bad "error $name: message" "$(diff <(printf '%s\n' "$got") "$dir/expect.stderr" | head -n 8)"
  else
    ok "error $name: exact message, exit $want_status, no output"
  fi
done
limits() {
  python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
json.dump({"body": [{"page_break": True}] * 100001}, open(f"{t}/blocks.json", "w"))
json.dump({"body": [{"p": "页"}, {"page_break": True}] * 10001}, open(f"{t}/pages.json", "w"))
PY
  local e1 e2
  e1=$(cd "$T" && "$BIN" render blocks.json -o limit.pdf 2>&1)
  [ $? = 1 ] || return 1
  e2=$(cd "$T" && "$BIN" render pages.json -o limit.pdf 2>&1)
  [ $? = 1 ] && [ ! -e "$T/limit.pdf" ] &&
  [ "$e1" = 'blocks.json:1:10: error: more than 100000 blocks (at /body)' ] &&
  [ "$e2" = 'gongwen: error: the document needs more than 10000 pages' ]
}
check "limits: more than 100000 blocks, more than 10000 pages: errors, not crashes" limits
page_breaks() {
  printf '{"body": [{"page_break": true}, {"p": "一"}, {"page_break": true}, {"page_break": true}, {"p": "二"}, {"page_break": true}]}' >"$T/pb.json"
  "$BIN" render "$T/pb.json" -o "$T/pb.pdf" --trace "$T/pb.trace" &&
  [ "$(grep -c '^page ' "$T/pb.trace")" = 2 ] && [ "$(pdfinfo "$T/pb.pdf" | awk '/^Pages:/ { print $2 }')" = 2 ]
}
check "page breaks: none before the first content, none doubled, no empty last page" page_breaks
untouched() {
  printf 'keep me' >"$T/keep.pdf"
  "$BIN" render tests/errors/syntax/data.json -o "$T/keep.pdf" 2>/dev/null
  [ "$(cat "$T/keep.pdf")" = "keep me" ] && [ -z "$(ls "$T" | grep 'keep.pdf.tmp')" ]
}
to_stdout() {
  "$BIN" render tests/cases/special.json -o - >"$T/stdout.pdf" && cmp "$T/stdout.pdf" "$T/special.pdf" &&
  "$BIN" render tests/cases/special.json -o /dev/null && [ -c /dev/null ]
}
check "output: -o - writes to standard output; -o /dev/null leaves the device a device" to_stdout
check "errors: an existing output file is left untouched, no temporary file left" untouched

# --- memory: valgrind on the sample (the asan build checks the whole suite instead) --------
if [ "$ASAN" = 0 ] && command -v valgrind >/dev/null; then
  check "valgrind: the sample renders with no memory errors or leaks" \
    valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
    "$BIN" render samples/annual-report-2020.json -o "$T/vg.pdf"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
