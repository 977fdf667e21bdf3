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
  sed -i 's/^BT$/BT 3 Tr/' "$T/q.pdf" && fix-qdf "$T/q.pdf" >"$T/invisible.pdf" &&
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
  grep -q '^image .* 119.055 119.055 seal.png multiply$' "$T/sealed.trace" &&
  [ "$(pdfimages -list "$T/sealed.pdf" | awk 'NR > 2 { print $3 }' | sort | tr '\n' ' ')" = "image smask " ] &&
  # red ink where the seal is: the ring's left edge is 12 px in at 100 dpi
  pdftoppm -r 100 -png "$T/sealed.pdf" "$T/sealed" &&
  python3 tests/tools/inkcheck.py "$T/sealed.pdf" >/dev/null
}
check "seal: an 8-bit RGBA PNG is drawn 42 mm wide with its alpha (image + smask)" seal_drawn
seal16() { # we decode the PNG (src/load/image.c): 16-bit samples are rounded to 8 bits
  (cd "$T" && "$BIN" render sealed16.json -o sealed16.pdf) &&
  pdftoppm -r 100 -png "$T/sealed16.pdf" "$T/sealed16" && cmp "$T/sealed-1.png" "$T/sealed16-1.png"
}
check "seal: a 16-bit PNG is drawn exactly as its 8-bit twin" seal16

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
  sed 's/^BT$/q 1 0 0 1 0 -3 cm BT/; s/^ET$/ET Q/' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/down3.pdf"
  sed 's/^BT$/q 1 0 0 1 5 0 cm BT/; s/^ET$/ET Q/' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/right5.pdf"
  sed 's|/Outlines|/Outlinez|' "$grid_dir/q.pdf" | fix-qdf >"$grid_dir/nooutline.pdf"
  # the seal moved 5 pt right of the date's centre
  qpdf --qdf --object-streams=disable "$grid_dir/seal/doc.pdf" "$grid_dir/qs.pdf" &&
  python3 - "$grid_dir/qs.pdf" "$grid_dir/sealmoved.qdf" <<'PY' && fix-qdf <"$grid_dir/sealmoved.qdf" >"$grid_dir/sealmoved.pdf"
import re, sys
s = open(sys.argv[1], "rb").read()
# the seal form's content (src/paint/pdf.c paint_seal): "q /GwMultiply gs W 0 0 H X Y cm /Im1 Do Q"
s, n = re.subn(rb"^(q (?:/GwMultiply gs )?\S+ 0 0 \S+ )([\d.]+)( [\d.]+ cm /Im1 Do Q)$",
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
# GB/T 15834-2011 5.1.5: two ellipses together (twelve dots) take a line of their own
twelve_dots() {
  local d=$T/grid/twelve
  mkdir -p "$d" &&
  printf '{"body": [{"p": "从隔壁房间传来缓缓而抑扬顿挫的吟咏声：床前明月光，疑是地上霜。…………举头望明月，低头思故乡。这是一段用来检验十二连点独占一行的正文。"}, {"p": "下一段。"}]}' >"$d/doc.json" &&
  "$BIN" render "$d/doc.json" -o "$d/doc.pdf" --trace "$d/doc.trace" || return 1
  grep -q '^text 79.370 [0-9.]* 63.172 16.000 [^ ]* "…………"$' "$d/doc.trace" || { echo "no line of four cells holding only …………"; return 1; }
  python3 tests/tools/gridcheck.py "$d/doc.pdf" --data "$d/doc.json" --only twelve-dots,flush-right,cells,left-edge,paragraphs,kinsoku,unsplit,grid-pitch,grid-first-line,type-area
}
check "GB/T 15834 5.1.5: two ellipses take a line of their own, four cells, flush left (trace and gridcheck)" twelve_dots
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
pairs = list(re.finditer(rb"^([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l\n", q, re.M))
vert = [m for m in pairs if m.group(1) == m.group(3) and m.group(2) != m.group(4)]
right = max(float(m.group(1)) for m in vert)
m = next(m for m in vert if float(m.group(1)) == right)
open(f"{d}/norule.qdf", "wb").write(q[:m.start()] + q[m.end():])
# the first text drawn after a rule (the header cell 序号) moved 30 pt right, across its border
# (src/paint/stream.c: the text after a table's rules is a text object whose first Td is
# absolute and the next one relative to it: the first moved 30 pt, the second back)
m = re.search(rb"^S\nBT\n(?:[^\n]*\n)*?(-?[\d.]+)( -?[\d.]+ Td\n)", q, re.M)
n = re.compile(rb"^(-?[\d.]+)( -?[\d.]+ Td\n)", re.M).search(q, m.end())
x, x2 = float(m.group(1)) + 30, float(n.group(1)) - 30
open(f"{d}/shifted.qdf", "wb").write(q[:m.start(1)] + b"%.3f" % x + q[m.end(1):n.start(1)] + b"%.3f" % x2 + q[n.end(1):])
# the label of the 30-row group gone from the page it goes on to: the TJ arrays drawn where
# pdftotext finds the label's lines on the last page that shows 项目203 (src/paint/stream.c:
# a text object's first Td is absolute, the others relative, so a TJ can go alone)
import subprocess
label = "项目203（合并30行）"
pages = q.split(b"%% Contents for page ")[1:]
bbox = subprocess.run(["pdftotext", "-bbox", f"{d}/t300.pdf", "-"], capture_output=True, text=True).stdout
bpages = bbox.split("<page ")[1:]
pn = max(i for i, t in enumerate(bpages) if "项目203" in t)
h = float(re.search(r'height="([\d.]+)"', bpages[pn]).group(1))
words = [(float(x), float(y0), float(y1), w) for x, y0, y1, w in
         re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', bpages[pn])]
k = next(i for i, w in enumerate(words) if w[3].startswith("项目203"))
got, spots = "", []
while len(got) < len(label):
    got += words[k][3]
    spots.append(words[k])
    k += 1
text = pages[pn]
out, x, y = [], 0.0, 0.0
for line in text.split(b"\n"):
    if line == b"BT":
        x = y = 0.0
    m = re.fullmatch(rb"(-?[\d.]+) (-?[\d.]+) Td", line)
    if m:
        x, y = x + float(m.group(1)), y + float(m.group(2))
    if line.startswith(b"[") and line.endswith(b"] TJ") and any(
            abs(x - sx) < 0.05 and y0 - 1 <= h - y <= y1 + 1 for sx, y0, y1, _ in spots):
        continue
    out.append(line)
pages[pn] = b"\n".join(out)
open(f"{d}/nolabel.qdf", "wb").write(q.split(b"%% Contents for page ")[0] + b"".join(b"%% Contents for page " + p for p in pages))
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

# --- templates (issue 5) ------------------------------------------------------------------
# The shipped template layouts (layouts/gov-info-annual-2019.json, -2021.json), their samples
# and the worked example of docs/templates.md §6. tplexpand.py expands a template layout and its
# data into plain data, written from docs/templates.md, not from gongwen: an independent oracle
# for the skeleton, the bound values, the sums and the checks. tablepos.py compares the table
# text lines and the rules of two traces.
tpl_dir=$T/templates
mkdir -p "$tpl_dir"
tpl_v19=samples/annual-report-2020-values.json
tpl_v21=samples/annual-report-2021.json
tpl_we=examples/worked-example/data.json
tpl_expand() { python3 tests/tools/tplexpand.py "$@"; }
# NAME DATA [ARGS...]: render DATA to $tpl_dir/NAME.pdf with its trace; errors in NAME.err
tpl_render() {
  local name=$1 doc=$2
  shift 2
  "$BIN" render "$doc" "$@" -o "$tpl_dir/$name.pdf" --trace "$tpl_dir/$name.trace" 2>"$tpl_dir/$name.err"
}
tpl_row() { # PDF LABEL [ROW]: the texts of the row of the cell LABEL (or row ROW of the table part
  # that holds LABEL), joined by |, as tablecheck --dump reads them from the PDF
  python3 tests/tools/tablecheck.py "$1" --dump 2>/dev/null | python3 -c '
import re, sys
label, row = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
for line in sys.stdin:
    cells = re.findall(r"\((\d+),(\d+),\d+,\d+\)(?: \"([^\"]*)\")?", line)
    hit = [r for r, c, t in cells if t == label]
    if hit:
        r0 = row or hit[0]
        got = {int(c): t for r, c, t in cells if r == r0}
        print("|".join(got.get(k, "") for k in range(max(got) + 1)))
        break' "$2" ${3:+"$3"}
}
tpl_seed_tables() {
  # the layout alone, before any rendering: the values-only seed, expanded, has exactly the seed's
  # tables (columns, header_rows, rows, spans, labels, 0 and blank), and only 六 added to its text
  tpl_expand $tpl_v19 -o "$tpl_dir/v19-plain.json" || return 1
  python3 - "$tpl_dir/v19-plain.json" <<'PY'
import json, sys
seed = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))["body"]
got = json.load(open(sys.argv[1], encoding="utf-8"))["body"]
def cell(c):  # {"text": X} alone is the cell X
    return c["text"] if isinstance(c, dict) and set(c) == {"text"} else c
def tables(body):
    return [dict(b["table"], rows=[[cell(c) for c in r] for r in b["table"]["rows"]]) for b in body if "table" in b]
a, b = tables(seed), tables(got)
if a != b:
    sys.exit("the expanded tables differ from the seed's: " +
             next(f"table {i + 1}" for i, (x, y) in enumerate(zip(a, b)) if x != y) if len(a) == len(b) else "count")
if [x for x in got if x not in seed] != [{"h1": "其他需要报告的事项"}, {"p": "无。"}] or \
   [x for x in seed if x not in got]:
    sys.exit("the text is not the seed's (plus 六、其他需要报告的事项 / 无。)")
PY
}
check "templates: the 2019 layout fills the values-only seed into exactly the seed's three tables (tplexpand)" tpl_seed_tables
check "templates: the 2021 sample satisfies 勾稽关系 in every column, no implied-total warning (tplexpand)" \
  bash -c "out=\$(python3 tests/tools/tplexpand.py $tpl_v21 --check) && [ \"\$(tail -n 1 <<<\"\$out\")\" = '0 error(s), 0 warning(s)' ]"
# (a) the values-only seed lays out its tables exactly as the full-table sample
tpl_render seed samples/annual-report-2020.json || bad "templates: the full-table sample renders" "$(head -n 5 "$tpl_dir/seed.err")"
if tpl_render v19 $tpl_v19; then
  ok "templates: the values-only seed renders with gov-info-annual-2019"
  check "templates: values-only seed: every table text line and rule at the full-table sample's place (tablepos)" \
    python3 tests/tools/tablepos.py "$tpl_dir/seed.trace" "$tpl_dir/v19.trace"
  check "templates: values-only seed: the tables read from the PDF are the seed's, cell by cell (tablecheck)" \
    python3 tests/tools/tablecheck.py "$tpl_dir/v19.pdf" --data samples/annual-report-2020.json --grid-data --tables 3 \
    --expect-spans tests/tools/expected-spans-table3.json
  check "templates: values-only seed: pdftotext gives back exactly its expanded text (textcheck)" \
    python3 tests/tools/textcheck.py "$tpl_dir/v19-plain.json" "$tpl_dir/v19.trace" "$tpl_dir/v19.pdf"
  check "templates: values-only seed: qpdf --check" qpdf --check "$tpl_dir/v19.pdf"
else
  bad "templates: the values-only seed renders with gov-info-annual-2019" "$(head -n 5 "$tpl_dir/v19.err")"
fi
# (b) gongwen check passes on the samples and the worked example; fails on an unbalanced report
for tpl_doc in $tpl_v19 $tpl_v21 $tpl_we; do
  check "templates: gongwen check passes on $tpl_doc (exit 0, no message)" \
    bash -c "out=\$('$BIN' check '$tpl_doc' 2>&1) && [ -z \"\$out\" ]"
done
tpl_unbalanced() {
  # one more 自然人 application received: 勾稽关系 fails for 自然人 and 总计; check and render exit 1
  python3 - "$tpl_dir/unbalanced.json" <<'PY' || return 1
import json, sys
d = json.load(open("samples/annual-report-2021.json", encoding="utf-8"))
d["values"]["applications"]["new_received"]["natural_person"] += 1
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
  local out
  out=$("$BIN" check "$tpl_dir/unbalanced.json" 2>&1)
  [ $? = 1 ] || { echo "check: exit status not 1: $out"; return 1; }
  grep -q 'error: 勾稽关系 fails in 收到和处理政府信息公开申请情况, column 自然人: 一 + 二 = 21, but 三（七）总计 + 四 = 20 (at /values/applications)$' <<<"$out" ||
    { echo "check said: $out"; return 1; }
  grep -q 'column 总计: 一 + 二 = 29, but 三（七）总计 + 四 = 28' <<<"$out" || { echo "no 总计 column: $out"; return 1; }
  ! "$BIN" render "$tpl_dir/unbalanced.json" -o "$tpl_dir/unbalanced.pdf" 2>/dev/null && [ ! -e "$tpl_dir/unbalanced.pdf" ]
}
check "templates: 勾稽关系 is an error: check and render exit 1 on an unbalanced 2021 report, naming the column" tpl_unbalanced
tpl_implied() {
  # a 总计 the data gives that differs from the sum: a warning, exit 0; the data's figure is printed
  # as published, never corrected (issue 12, point 11)
  python3 - "$tpl_dir/implied.json" <<'PY' || return 1
import json, sys
d = json.load(open("samples/annual-report-2021.json", encoding="utf-8"))
d["values"]["applications"]["new_received"]["total"] = 26
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
  local out
  out=$("$BIN" check "$tpl_dir/implied.json" 2>&1) || { echo "check failed: $out"; return 1; }
  grep -q 'warning: .*26' <<<"$out" || { echo "no warning: $out"; return 1; }
  ! grep -q 'error' <<<"$out" || { echo "$out"; return 1; }
  "$BIN" render "$tpl_dir/implied.json" -o "$tpl_dir/implied.pdf" 2>/dev/null || return 1
  out=$(tpl_row "$tpl_dir/implied.pdf" 一、本年新收政府信息公开申请数量)
  [ "$out" = "一、本年新收政府信息公开申请数量|||18|3|1|0|2|1|26" ] || { echo "the row reads $out"; return 1; }
}
check "templates: an implied total the data gets wrong is a warning (exit 0), printed as the data gives it" tpl_implied
# (c) the 2021 sample: Table 三 with the three （六） sub-rows, every cell as the layout says
tpl_expand $tpl_v21 -o "$tpl_dir/v21-plain.json" 2>/dev/null
if tpl_render v21 $tpl_v21; then
  ok "templates: the 2021 sample renders with gov-info-annual-2021"
  check "templates: 2021 sample: three tables; Table 三 has the 28 rows of standards.md §2.5 (2021), （六） in three (tablecheck)" \
    python3 tests/tools/tablecheck.py "$tpl_dir/v21.pdf" --tables 3 --expect-spans tests/tools/expected-spans-table3-2021.json
  check "templates: 2021 sample: cells (spans, text) as expanded; pdftotext finds every cell, 1.25 万元 too (tablecheck)" \
    python3 tests/tools/tablecheck.py "$tpl_dir/v21.pdf" --data "$tpl_dir/v21-plain.json" --grid-data --rows-whole \
    --header-repeat 3 --cells-text "$tpl_dir/v21-plain.json"
  check "templates: 2021 sample: tables closed, no glyph across a border, in the type area (tablecheck)" \
    python3 tests/tools/tablecheck.py "$tpl_dir/v21.pdf" --closed --no-cross --within 28,184 --within-y 37,262
  check "templates: 2021 sample: pdftotext gives back exactly its expanded text (textcheck)" \
    python3 tests/tools/textcheck.py "$tpl_dir/v21-plain.json" "$tpl_dir/v21.trace" "$tpl_dir/v21.pdf"
else
  bad "templates: the 2021 sample renders with gov-info-annual-2021" "$(head -n 5 "$tpl_dir/v21.err")"
fi
# the engine against the oracle: a template document lays out exactly as its tplexpand expansion
# (plain data with the merged layout): same trace, line for line
tpl_same_as_plain() { # NAME DATA
  local name=$1 doc=$2
  [ -s "$tpl_dir/$name.trace" ] || { echo "no trace of $doc"; return 1; }
  tpl_expand "$doc" -o "$tpl_dir/$name-plain.json" --layout-out "$tpl_dir/$name-layout.json" || return 1
  "$BIN" render "$tpl_dir/$name-plain.json" -l "$tpl_dir/$name-layout.json" -o "$tpl_dir/$name-plain.pdf" \
    --trace "$tpl_dir/$name-plain.trace" || return 1
  diff -u "$tpl_dir/$name-plain.trace" "$tpl_dir/$name.trace" >"$tpl_dir/$name.diff" ||
    { head -n 12 "$tpl_dir/$name.diff"; return 1; }
}
# (d) blank and 0 stay distinct, read from the PDF: in the values-only seed the 政府集中采购 and
# 行政复议 cells ("") are empty, the 行政事业性收费 and 行政诉讼 cells (0) read 0; with 0 given for
# two of the blank ones, those two read 0
tpl_blank_zero() {
  local got
  got="$(tpl_row "$tpl_dir/v19.pdf" 行政事业性收费) $(tpl_row "$tpl_dir/v19.pdf" 政府集中采购) $(tpl_row "$tpl_dir/v19.pdf" 复议后起诉 3)"
  [ "$got" = "行政事业性收费|0|0| 政府集中采购||| |||||0|0|0|0|0|0|0|0|0|0" ] || { echo "read \"$got\""; return 1; }
  python3 - "$tpl_dir/zeros.json" <<'PY' || return 1
import json, sys
d = json.load(open("samples/annual-report-2020-values.json", encoding="utf-8"))
d["values"]["active"]["item9"]["procurement"]["count"] = 0
d["values"]["review"]["reconsideration"]["upheld"] = 0
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
  "$BIN" render "$tpl_dir/zeros.json" -o "$tpl_dir/zeros.pdf" || return 1
  got="$(tpl_row "$tpl_dir/zeros.pdf" 政府集中采购) $(tpl_row "$tpl_dir/zeros.pdf" 复议后起诉 3)"
  # (the 行政复议 总计 the seed gives as "" stays blank: issue 12, blank stays blank)
  [ "$got" = "政府集中采购|0|| 0|||||0|0|0|0|0|0|0|0|0|0" ] || { echo "with two 0s given, read \"$got\""; return 1; }
}
check "templates: blank (\"\") and 0 stay distinct in the PDF: empty cells and 0s where the data says (tablecheck)" tpl_blank_zero
check "templates: the values-only seed renders exactly as its tplexpand expansion (trace)" tpl_same_as_plain v19 $tpl_v19
check "templates: the 2021 sample renders exactly as its tplexpand expansion (trace)" tpl_same_as_plain v21 $tpl_v21
# the worked example of docs/templates.md §6: renders, passes check, equals the listings in the
# doc, and the error message the doc shows is the one gongwen prints
if tpl_render we $tpl_we; then
  ok "templates: the worked example (examples/worked-example) renders"
  check "templates: the worked example renders exactly as its tplexpand expansion (trace)" tpl_same_as_plain we $tpl_we
  check "templates: worked example: one table, cells (spans, text) as expanded, 合计 computed (tablecheck)" \
    python3 tests/tools/tablecheck.py "$tpl_dir/we.pdf" --tables 1 --data "$tpl_dir/we-plain.json" --grid-data
else
  bad "templates: the worked example (examples/worked-example) renders" "$(head -n 5 "$tpl_dir/we.err")"
fi
tpl_doc_listings() {
  python3 - <<'PY'
import json, re, sys
doc = open("docs/templates.md", encoding="utf-8").read()
sec = doc[doc.index("## 6. Worked example"):]
blocks = re.findall(r"```json\n(.*?)```", sec, re.S)
for name, text in zip(("layout", "data"), blocks):
    path = f"examples/worked-example/{name}.json"
    if text != open(path, encoding="utf-8").read():
        sys.exit(f"docs/templates.md §6: the {name} listing differs from {path}")
if len(blocks) < 2:
    sys.exit("docs/templates.md §6: fewer than two JSON listings")
PY
}
check "templates: docs/templates.md §6 lists exactly examples/worked-example/{layout,data}.json" tpl_doc_listings
check "templates: the worked example's files validate against their \"\$schema\" (schemacheck)" \
  /usr/bin/python3 tests/tools/schemacheck.py examples/worked-example/layout.json examples/worked-example/data.json
tpl_doc_message() {
  # the doc's example: 12 instead of 13 for concluded.letters; the message as the doc prints it
  local d=$tpl_dir/we-err want got
  mkdir -p "$d" && cp examples/worked-example/layout.json "$d/" &&
  sed 's/"concluded": {"letters": 13,/"concluded": {"letters": 12,/' examples/worked-example/data.json >"$d/data.json" || return 1
  want=$(sed -n '/^## 6\. Worked example/,/^## 7\./p' docs/templates.md | grep '^    data.json:' | sed 's/^    //')
  [ -n "$want" ] || { echo "no message in docs/templates.md §6"; return 1; }
  got=$(cd "$d" && "$BIN" check data.json 2>&1)
  [ $? = 1 ] && [ "$got" = "$want" ] || { echo "got: $got"; echo "doc: $want"; return 1; }
}
check "templates: the worked example's error message in docs/templates.md §6 is gongwen's, word for word" tpl_doc_message
tpl_catches() {
  # negative control for tablepos: the full-table sample with one table value changed (0 -> 7)
  python3 - "$tpl_dir/changed.json" <<'PY' || return 1
import json, sys
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
t = next(b["table"] for b in d["body"] if "table" in b)
t["rows"][2][1] = 7
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
  "$BIN" render "$tpl_dir/changed.json" -o "$tpl_dir/changed.pdf" --trace "$tpl_dir/changed.trace" || return 1
  ! python3 tests/tools/tablepos.py "$tpl_dir/seed.trace" "$tpl_dir/changed.trace" >/dev/null
}
check "tablepos catches: one table value changed between two renderings" tpl_catches
unset tpl_dir tpl_v19 tpl_v21 tpl_we tpl_doc

# --- JSON schemas (issue 5) ----------------------------------------------------------------
# schemas/data.schema.json and schemas/layout.schema.json (JSON Schema draft 2020-12) say what
# the loaders accept. Every layout and sample (and the test cases) names its schema with
# "$schema" (relative to the file) and must validate against it with a real validator:
# schemacheck.py runs jsonschema's Draft202012Validator with format checking (Debian's
# python3-jsonschema, hence /usr/bin/python3: a pyenv python3 on PATH does not see it).
# Negative controls: copies with one known mistake must fail, at that mistake.
SCHEMACHECK=(/usr/bin/python3 tests/tools/schemacheck.py)
check "schemas: both are valid draft 2020-12 schemas and every \$ref resolves" \
  "${SCHEMACHECK[@]}" schemas/data.schema.json schemas/layout.schema.json
for schema_f in layouts/*.json samples/*.json tests/cases/*.json; do
  check "schema: $schema_f validates against its \"\$schema\"" "${SCHEMACHECK[@]}" "$schema_f"
done
schema_dir=$T/schema
mkdir -p "$schema_dir/samples" "$schema_dir/layouts" "$schema_dir/mkdoc"
ln -s "$PWD/schemas" "$schema_dir/schemas"
/usr/bin/python3 - "$schema_dir" <<'PY'
import copy, json, sys
d = sys.argv[1]
def save(path, v):
    json.dump(v, open(f"{d}/{path}", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
def named(v, schema):
    return {"$schema": f"../schemas/{schema}.schema.json", **{k: x for k, x in v.items() if k != "$schema"}}
sample = named(json.load(open("samples/annual-report-2020.json", encoding="utf-8")), "data")
layout = named(json.load(open("layouts/gbt9704.json", encoding="utf-8")), "layout")
def variant(path, base, edit):
    v = copy.deepcopy(base)
    edit(v)
    save(path, v)
save("samples/ok.json", sample)
save("layouts/ok.json", layout)
variant("samples/no-schema.json", sample, lambda v: v.pop("$schema"))
variant("samples/unknown-key.json", sample, lambda v: v["meta"].update(titel="年度报告"))
variant("samples/bad-date.json", sample, lambda v: v["meta"].update(date="2021-02-30"))
variant("samples/two-kinds.json", sample, lambda v: v["body"].__setitem__(1, {"h1": "总体情况", "p": "正文"}))
first_table = lambda v: next(b["table"] for b in v["body"] if "table" in b)
variant("samples/bad-width.json", sample, lambda v: first_table(v)["columns"].__setitem__(0, "14"))
variant("layouts/bad-length.json", layout, lambda v: v["page"]["margins"].update(left="28"))
variant("layouts/bad-size.json", layout, lambda v: v["styles"]["body"].update(size="九号"))
# the template extension (docs/templates.md): a child layout with a skeleton, a table template
# with value and sum cells and checks, and data with slots and values
tpl = {
    "$schema": "../schemas/layout.schema.json", "version": 1, "name": "tpl", "extends": "gbt9704",
    "styles": {"cell": {"font": "fang", "size": "小四", "align": "right"}},
    "blocks": {"table": "cell"},
    "skeleton": [{"slot": "title"}, {"h1": "总体情况"}, {"slot": "overall"},
                 {"h2": {"text": "申请", "number": False}}, {"template": "t"}, {"page_break": True},
                 {"slot": "signature"}],
    "templates": {"t": {
        "title": "申请情况", "columns": ["3fr", "1fr", "1fr", "auto"], "header_rows": 1,
        "missing": "blank", "row_keys": [None, "a", "b", "total", None], "column_keys": [None, "x", "y", "sum"],
        "row_names": {"a": "甲"}, "column_names": {"x": "自然人"},
        "rows": [["", "自然人", "法人", {"text": "总计", "valign": "top"}],
                 ["甲", {"value": True}, {"value": "a.y"}, {"sum": {"row": ["x", "y"]}}],
                 ["乙", {"value": True}, {"value": True, "align": "left"}, {"sum": {"row": ["x", "y"]}}],
                 ["合计", {"sum": {"column": ["a", "b"]}}, {"sum": {"column": ["a", "b"]}}, {"sum": ["a.sum", "b.sum"]}],
                 ["总计", {"sum": ["total.x", "total.y"], "key": "grand", "colspan": 3}]],
        "checks": [{"name": "合计", "level": "warning", "each": "column", "left": ["a", "b"], "right": ["total"]}]}},
    "checks": [{"name": "总计", "level": "error", "left": ["t.total.sum"], "right": ["t.grand"]}],
}
tdata = {
    "$schema": "../schemas/data.schema.json", "layout": "../layouts/tpl.json",
    "meta": {"title": "年度报告", "date": "2021-01-15"},
    "slots": {"title": [{"title": "年度报告"}], "overall": [{"h2": "组织"}, {"p": "正文。"}],
              "signature": [{"signature": {"org": "青铜峡市信访局", "date": "2021-01-15"}}]},
    "values": {"t": {"a": {"x": 1, "y": ""}, "b": {"x": None, "y": 2.5}}},
}
save("layouts/tpl.json", tpl)
save("samples/tpl.json", tdata)
variant("layouts/tpl-two-keys.json", tpl, lambda v: v["skeleton"].__setitem__(4, {"slot": "a", "template": "t"}))
variant("layouts/tpl-bad-value.json", tpl, lambda v: v["templates"]["t"]["rows"][1].__setitem__(1, {"value": False}))
variant("layouts/tpl-bad-sum.json", tpl, lambda v: v["templates"]["t"]["rows"][1].__setitem__(3, {"sum": {"row": ["x"], "column": ["a"]}}))
variant("layouts/tpl-bad-check.json", tpl, lambda v: v["templates"]["t"]["checks"][0].update(each="cell"))
variant("samples/tpl-body-and-slots.json", tdata, lambda v: v.update(body=[{"p": "正文。"}]))
variant("samples/tpl-bad-value.json", tdata, lambda v: v["values"]["t"]["a"].update(x=True))
PY
for schema_k in long seal alone kinsoku table300; do
  python3 tests/tools/mkdoc.py "$schema_k" -o "$schema_dir/mkdoc/$schema_k.json" >/dev/null 2>&1
done
schema_rejects() { # FILE TEXT [ARGS...]: schemacheck fails, with TEXT in its message
  local f=$1 want=$2 out
  shift 2
  [ -s "$f" ] || { echo "no file $f"; return 1; }
  out=$("${SCHEMACHECK[@]}" "$@" "$f" 2>&1)
  [ $? = 1 ] && grep -q '^FAIL ' <<<"$out" && grep -qF -- "$want" <<<"$out" || { echo "$out"; return 1; }
}
check "schema: the controls' unmodified copies and the template examples validate" \
  "${SCHEMACHECK[@]}" "$schema_dir/samples/ok.json" "$schema_dir/layouts/ok.json" \
  "$schema_dir/layouts/tpl.json" "$schema_dir/samples/tpl.json"
check "schema catches: a data file without \"\$schema\"" schema_rejects "$schema_dir/samples/no-schema.json" 'no "$schema"'
check "schema catches: an unknown key (meta.titel)" schema_rejects "$schema_dir/samples/unknown-key.json" "'titel' was unexpected"
check "schema catches: a date that does not exist (2021-02-30; format checking is on)" \
  schema_rejects "$schema_dir/samples/bad-date.json" "'2021-02-30' is not a 'date' (at /meta/date)"
check "schema catches: a block with two kind keys" schema_rejects "$schema_dir/samples/two-kinds.json" "has too many properties (at /body/1)"
check "schema catches: a column width without a unit (\"14\")" \
  schema_rejects "$schema_dir/samples/bad-width.json" "/table/columns/0)"
check "schema catches: a layout length without a unit (\"28\")" \
  schema_rejects "$schema_dir/layouts/bad-length.json" "(at /page/margins/left)"
check "schema catches: a font size that is no size name (九号)" \
  schema_rejects "$schema_dir/layouts/bad-size.json" "(at /styles/body/size)"
check "schema catches: a skeleton entry with two keys (slot and template)" \
  schema_rejects "$schema_dir/layouts/tpl-two-keys.json" "has too many properties (at /skeleton/4)"
check "schema catches: a template value cell {\"value\": false}" \
  schema_rejects "$schema_dir/layouts/tpl-bad-value.json" "(at /templates/t/rows/1/1/value)"
check "schema catches: a sum over both a row and a column" \
  schema_rejects "$schema_dir/layouts/tpl-bad-sum.json" "has too many properties (at /templates/t/rows/1/3/sum)"
check "schema catches: a check with \"each\": \"cell\"" \
  schema_rejects "$schema_dir/layouts/tpl-bad-check.json" "'cell' is not one of ['column', 'row']"
check "schema catches: data with both body and slots" \
  schema_rejects "$schema_dir/samples/tpl-body-and-slots.json" "False schema does not allow"
check "schema catches: a value that is neither a number, \"\" nor null (true)" \
  schema_rejects "$schema_dir/samples/tpl-bad-value.json" "(at /values/t/a/x)"
schema_loader_agrees() {
  # gongwen itself takes the unmodified copies and the template example, and refuses each mistake
  local f
  # (samples/tpl*.json name their layout by a path, ../layouts/tpl.json: --allow-layout-paths)
  for f in samples/ok.json samples/tpl.json; do
    "$BIN" check "$schema_dir/$f" --allow-layout-paths >/dev/null 2>&1 || { echo "gongwen refuses $f"; return 1; }
  done
  for f in unknown-key bad-date two-kinds bad-width tpl-bad-value tpl-body-and-slots; do
    status_is 1 "$BIN" check "$schema_dir/samples/$f.json" --allow-layout-paths || { echo "gongwen takes samples/$f.json"; return 1; }
  done
  for f in bad-length bad-size; do
    status_is 1 "$BIN" check "$schema_dir/samples/ok.json" -l "$schema_dir/layouts/$f.json" || { echo "gongwen takes layouts/$f.json"; return 1; }
  done
  for f in tpl-two-keys tpl-bad-value tpl-bad-sum tpl-bad-check; do
    status_is 1 "$BIN" check "$schema_dir/samples/tpl.json" -l "$schema_dir/layouts/$f.json" || { echo "gongwen takes layouts/$f.json"; return 1; }
  done
}
check "schema: gongwen agrees: it takes the controls' copies and the template example, refuses each mistake" schema_loader_agrees
# the schemas against the loaders: what the loader refuses in tests/errors/ for a reason a schema
# can express, the schema refuses too; the documents mkdoc.py writes for the tests pass
schema_errors() {
  local e k
  for e in blocks:'too many properties' dates:"is not a 'date'" types:"5 is not of type 'string'; 5 is not of type 'object'] (at /body/0/p)" \
           unknown-keys:"'bdy' was unexpected" table-spans:"'captoin' was unexpected" \
           duplicate-keys:'duplicate key "title"' nesting:'nesting deeper than 64' numbers:'1e400 is out of range'; do
    k=${e%%:*}
    schema_rejects "tests/errors/$k/data.json" "${e#*:}" --schema schemas/data.schema.json || { echo "not refused: $k"; return 1; }
  done
  for e in ranges:'1000 is greater than the maximum of 200' numbers:'1e999 is out of range' missing-font:"'middle' is not one of"; do
    k=${e%%:*}
    schema_rejects "tests/errors/$k/layout.json" "${e#*:}" --schema schemas/layout.schema.json || { echo "not refused: $k"; return 1; }
  done
}
check "schema: refuses the tests/errors fixtures whose mistakes a schema can express" schema_errors
check "schema: the documents mkdoc.py writes (long, seal, alone, kinsoku, table300) validate" \
  "${SCHEMACHECK[@]}" --schema schemas/data.schema.json "$schema_dir"/mkdoc/{long,seal,alone,kinsoku,table300}.json
unset schema_f schema_k schema_dir

# --- check and --force (issue 5) --------------------------------------------------------
# tests/errors/check-broken: a report whose 勾稽关系 fails (standards.md 2.7). `render` refuses it
# (exit 1, no PDF, the failed check and why it stopped); --force renders it with the failures as
# warnings; a report that only has a warning renders without --force.
force_dir=$T/force
mkdir -p "$force_dir"
cp tests/errors/check-broken/layout.json tests/errors/check-broken/data.json "$force_dir/"
cp tests/errors/check-warning/data.json "$force_dir/warn.json"
render_refuses() {
  local err
  err=$(cd "$force_dir" && "$BIN" render data.json -o refused.pdf 2>&1)
  [ $? = 1 ] && [ ! -e "$force_dir/refused.pdf" ] || { echo "exit not 1 or a PDF: $err"; return 1; }
  grep -q '^data.json:6:21: error: 勾稽关系 fails in 收到和处理政府信息公开申请情况, column 自然人: 一 + 二 = 12, but 三（七）总计 + 四 = 11 (at /values/applications)$' <<<"$err" &&
  [ "$(tail -n 1 <<<"$err")" = 'gongwen: error: not rendered: 2 error-level checks failed (--force renders anyway)' ] ||
    { echo "said: $err"; return 1; }
}
check "render: refuses (exit 1, no PDF) when an error-level check fails, and says why" render_refuses
render_forced() {
  local err
  err=$(cd "$force_dir" && "$BIN" render data.json -o forced.pdf --force 2>&1) || { echo "$err"; return 1; }
  [ -s "$force_dir/forced.pdf" ] && qpdf --check "$force_dir/forced.pdf" >/dev/null &&
  [ "$(grep -c '^data.json:6:21: warning: 勾稽关系 fails' <<<"$err")" = 2 ] && ! grep -q 'error' <<<"$err" ||
    { echo "said: $err"; return 1; }
  pdftotext -q "$force_dir/forced.pdf" - | grep -q '三、（七）总计' || { echo "no table in the PDF"; return 1; }
}
check "render --force: renders anyway, the failed checks printed as warnings" render_forced
render_warned() {
  local err
  err=$(cd "$force_dir" && "$BIN" render warn.json -o warned.pdf 2>&1) || { echo "$err"; return 1; }
  [ -s "$force_dir/warned.pdf" ] && [ "$(grep -c ': warning: ' <<<"$err")" = 2 ] || { echo "said: $err"; return 1; }
}
check "render: warnings alone do not stop it (exit 0, PDF written)" render_warned
check "cli: check takes no -o (usage error 2)" status_is 2 "$BIN" check x.json -o x.pdf

# --- signing (issue 6) --------------------------------------------------------------------
# `gongwen sign`: PAdES B-B as an incremental update. Keys and certificates are made here with
# the openssl CLI (none committed). pdfsig and mutool exit 0 even for an invalid signature,
# so their output lines are matched.
S=$T/sign
mkdir -p "$S"
"$BIN" render samples/annual-report-2020.json -o "$S/in.pdf" >/dev/null 2>&1
SNOW=$(date +%s)
STIME=$((SNOW + 60)) # certificates start now: sign a minute later, the same time in every run
(
  cd "$S" || exit 1
  openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days 30 \
    -subj "/C=CN/O=Test Org/CN=Test Signer" -addext "keyUsage=critical,digitalSignature,nonRepudiation"
  openssl pkcs12 -export -inkey self.key -in self.pem -out self.p12 -passout pass:secret
  printf 'secret\n' >pw
  printf 'wrong\n' >badpw
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr \
    -subj "/CN=Leaf Signer"
  printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >leaf.ext
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 30 -extfile leaf.ext
  openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -out leaf.p12 -passout pass:
  # a PKCS#12 whose key does not match its certificate: export EC key A with certificate A
  # unencrypted, then put key B's PKCS#8 (the same length for P-256) where key A's was; the
  # bags keep their localKeyID, so only the key itself betrays the mismatch
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ea.key -out ea.pem \
    -days 30 -subj "/CN=Key A"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out eb.key
  openssl pkcs12 -export -inkey ea.key -in ea.pem -out ea.p12 -passout pass: -keypbe NONE -certpbe NONE -nomac
  openssl pkcs8 -topk8 -nocrypt -in ea.key -outform DER -out ea.der
  openssl pkcs8 -topk8 -nocrypt -in eb.key -outform DER -out eb.der
  /usr/bin/python3 -c '
a, b, p = (open(f, "rb").read() for f in ("ea.der", "eb.der", "ea.p12"))
assert len(a) == len(b) and p.count(a) == 1 and a != b
open("mismatch.p12", "wb").write(p.replace(a, b))'
  openssl pkcs12 -export -nocerts -inkey eb.key -certfile ea.pem -out nocert.p12 -passout pass:
  /usr/bin/python3 - <<'PY'
import struct, zlib
w = h = 64  # an RGBA red disc on transparency: the seal appearance
rows = b"".join(b"\0" + b"".join(bytes([200, 0, 0, 255 if (x - 32) ** 2 + (y - 32) ** 2 < 900 else 0])
                                 for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open("seal.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
) >"$S/keys.log" 2>&1 || bad "sign: test keys" "$(tail -n 3 "$S/keys.log")"
sign1() { "$BIN" sign "$S/in.pdf" -o "$1" --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" \
  --reason "审核" --location "Beijing"; }
check "sign: self-signed RSA signature (exit 0)" sign1 "$S/s1.pdf"
check "sign: the original bytes are unchanged (incremental update)" \
  cmp -n "$(stat -c %s "$S/in.pdf")" "$S/in.pdf" "$S/s1.pdf"
check "sign: pdfsig -nocert: Signature is Valid, Total document signed" bash -c \
  "pdfsig -nocert '$S/s1.pdf' >'$S/p1.txt' 2>&1; grep -q 'Signature Validation: Signature is Valid.' '$S/p1.txt' &&
   grep -q 'Total document signed' '$S/p1.txt' && grep -q 'Signature Type: ETSI.CAdES.detached' '$S/p1.txt'"
check "sign: mutool sign -v: unchanged since signing" bash -c \
  "mutool sign -v '$S/s1.pdf' 2>&1 | grep -q 'The document is unchanged since signing.'"
check "sign: qpdf --check is clean" bash -c "qpdf --check '$S/s1.pdf' >/dev/null 2>&1"
check "sign: CMS has content-type, message-digest, signing-certificate-v2, no signing-time" \
  /usr/bin/python3 - "$S" <<'PY'
import re, subprocess, sys
s = sys.argv[1]
d = open(s + "/s1.pdf", "rb").read()
a, b, c = map(int, re.findall(rb"/ByteRange \[0 (\d+) (\d+) (\d+)", d)[-1])
raw = bytes.fromhex(d[a + 1:b - 1].decode())
n = raw[1] & 0x7F if raw[1] & 0x80 else 0
total = 2 + n + (int.from_bytes(raw[2:2 + n], "big") if n else raw[1])
open(s + "/sig.der", "wb").write(raw[:total])
open(s + "/ranges.bin", "wb").write(d[:a] + d[b:b + c])
v = subprocess.run(["openssl", "cms", "-verify", "-cades", "-binary", "-inform", "DER", "-in", s + "/sig.der",
                    "-content", s + "/ranges.bin", "-CAfile", s + "/self.pem", "-purpose", "any",
                    "-out", "/dev/null"], capture_output=True, text=True)
assert "CAdES Verification successful" in v.stderr, v.stderr
p = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", s + "/sig.der"],
                   capture_output=True, text=True).stdout
for want in ("contentType", "messageDigest", "signingCertificateV2"):
    assert want in p, want + " missing"
assert "signingTime" not in p, "signingTime present"
PY
check "sign: deterministic (same input, key and --time: identical bytes)" bash -c \
  "$(declare -f sign1); BIN='$BIN' S='$S' STIME='$STIME' sign1 '$S/s1b.pdf' && cmp '$S/s1.pdf' '$S/s1b.pdf'"
/usr/bin/python3 - "$S" <<'PY'
import sys
s = sys.argv[1]
d = bytearray(open(s + "/s1.pdf", "rb").read())
d[7] = ord("5") if d[7] != ord("5") else ord("6")  # the version digit of %PDF-1.x: inside the signed range
open(s + "/flip.pdf", "wb").write(d)
PY
check "sign: a flipped byte: pdfsig reports Digest Mismatch" bash -c \
  "pdfsig -nocert '$S/flip.pdf' >'$S/pf.txt' 2>&1; grep -q 'Signature Validation: Digest Mismatch.' '$S/pf.txt' &&
   ! grep -q 'Signature is Valid' '$S/pf.txt'"
check "sign: a flipped byte: mutool reports the signature invalidated" bash -c \
  "mutool sign -v '$S/flip.pdf' 2>&1 | grep -q 'Digest error: Signature invalidated by change to document.'"
check "sign: second signature (ECDSA, CA chain, visible seal) on the signed file" \
  "$BIN" sign "$S/s1.pdf" -o "$S/s2.pdf" --p12 "$S/leaf.p12" --time "$STIME" \
  --appearance "$S/seal.png" --page 1 --rect 400,100,120,120 --reason "会签"
check "sign: joint issuance: both signatures valid, the first for its revision" bash -c \
  "pdfsig -nocert '$S/s2.pdf' >'$S/p2.txt' 2>&1; [ \$(grep -c 'Signature Validation: Signature is Valid.' '$S/p2.txt') = 2 ] &&
   grep -A8 'Signature #1' '$S/p2.txt' | grep -q 'Not total document signed' &&
   grep -A8 'Signature #2' '$S/p2.txt' | grep -q 'Total document signed'"
check "sign: joint issuance: mutool agrees" bash -c \
  "mutool sign -v '$S/s2.pdf' >'$S/m2.txt' 2>&1;
   grep -q 'The signature is valid but there have been edits since signing.' '$S/m2.txt' &&
   grep -q 'The document is unchanged since signing.' '$S/m2.txt'"
check "sign: the CA-issued signer is trusted through a temporary NSS database" bash -c \
  "mkdir -p '$S/nss' && certutil -N --empty-password -d 'sql:$S/nss' >/dev/null 2>&1 &&
   certutil -A -d 'sql:$S/nss' -n testroot -t 'CT,C,C' -i '$S/ca.pem' &&
   pdfsig -nssdir 'sql:$S/nss' '$S/s2.pdf' 2>&1 | grep -A10 'Signature #2' | grep -q 'Certificate is Trusted.'"
check "sign: the seal is painted (red pixels inside the widget)" bash -c \
  "pdftoppm -r 72 -f 1 -l 1 -x 440 -y 662 -W 40 -H 40 -singlefile '$S/s2.pdf' '$S/seal' &&
   /usr/bin/python3 -c \"
d=open('$S/seal.ppm','rb').read().split(b'\\\\n',3)[3]
assert any(d[i]>150 and d[i+1]<60 for i in range(0,len(d),3))\""
# errors: the exit status, a message, and no output file
sign_err() { # sign_err NAME STATUS OUT ARGS...: exit STATUS, no OUT
  local name=$1 want=$2 o=$3
  shift 3
  "$BIN" sign "$@" -o "$o" >"$S/err.txt" 2>&1
  local rc=$?
  if [ $rc -eq "$want" ] && [ ! -e "$o" ] && [ -s "$S/err.txt" ]; then ok "$name"; else
    bad "$name" "exit $rc, $(ls "$o" 2>/dev/null) $(tail -n 2 "$S/err.txt")"; fi
}
sign_err "sign: wrong password is bad input (1), no output" 1 "$S/e1.pdf" "$S/in.pdf" \
  --p12 "$S/self.p12" --password-file "$S/badpw" --time "$STIME"
check "sign: wrong password message" grep -q 'wrong password' "$S/err.txt"
sign_err "sign: not a PDF is bad input (1), no output" 1 "$S/e2.pdf" samples/annual-report-2020.json \
  --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME"
head -c 20000 "$S/in.pdf" >"$S/trunc.pdf"
sign_err "sign: a damaged (truncated) PDF is bad input (1), no output" 1 "$S/e3.pdf" "$S/trunc.pdf" \
  --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME"
sign_err "sign: a rectangle off the page is bad input (1), no output" 1 "$S/e4.pdf" "$S/in.pdf" \
  --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" --rect 500,700,200,200
# a page whose CropBox shows only its lower left 300 x 300 pt: a rectangle outside it is refused
qpdf --qdf --object-streams=disable "$S/in.pdf" "$S/crop.qdf" &&
  sed '0,/^  \/Type \/Page$/s//  \/Type \/Page \/CropBox [0 0 300 300]/' "$S/crop.qdf" | fix-qdf >"$S/crop.pdf"
check "sign: a test page with a CropBox can be made" grep -aq '/CropBox \[0 0 300 300\]' "$S/crop.pdf"
sign_err "sign: a rectangle on the page but outside its CropBox is bad input (1), no output" 1 "$S/e10.pdf" \
  "$S/crop.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" --rect 350,350,50,50
check "sign: the CropBox message says visible area" grep -q 'not inside the visible area of page 1 (\[0 0 300 300\])' "$S/err.txt"
check "sign: a rectangle inside the CropBox signs" \
  "$BIN" sign "$S/crop.pdf" -o "$S/crop-s.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" --rect 10,10,50,50
rm -f "$S/crop.qdf" "$S/crop.pdf" "$S/crop-s.pdf"
sign_err "sign: a certificate expired at the signing time is bad input (1)" 1 "$S/e5.pdf" "$S/in.pdf" \
  --p12 "$S/self.p12" --password-file "$S/pw" --time 4102444800
check "sign: expired message names --allow-expired" grep -q 'expired.*--allow-expired' "$S/err.txt"
check "sign: --allow-expired signs anyway with a warning" bash -c \
  "'$BIN' sign '$S/in.pdf' -o '$S/e6.pdf' --p12 '$S/self.p12' --password-file '$S/pw' --time 4102444800 \
   --allow-expired 2>&1 | grep -q 'warning:.*expired' && [ -s '$S/e6.pdf' ]"
sign_err "sign: a key that does not match its certificate is bad input (1), no output" 1 "$S/e8.pdf" \
  "$S/in.pdf" --p12 "$S/mismatch.p12" --time "$STIME"
check "sign: the mismatch message says so" grep -q 'no certificate matching the private key' "$S/err.txt"
sign_err "sign: a key beside a certificate that is not its own is bad input (1), no output" 1 "$S/e9.pdf" \
  "$S/in.pdf" --p12 "$S/nocert.p12" --time "$STIME"
check "sign: a matching key and certificate from the same openssl run do sign (control)" \
  "$BIN" sign "$S/in.pdf" -o "$S/ea-signed.pdf" --p12 "$S/ea.p12" --time "$STIME"
check "sign: no -o is a usage error (2)" status_is 2 "$BIN" sign "$S/in.pdf" --p12 "$S/self.p12"
check "sign: unknown option is a usage error (2)" status_is 2 "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --fast
check "sign: --help" bash -c "'$BIN' sign --help | grep -q 'ETSI.CAdES.detached'"
# command-line values are checked, not silently shifted or passed through
check "sign: --time 2026-02-30T10:00:00Z (no such day) is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time 2026-02-30T10:00:00Z
check "sign: --time 2026-12-01T25:00:00Z is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time 2026-12-01T25:00:00Z
check "sign: --time ' 1796119200' (not only digits) is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time " 1796119200"
check "sign: --rect nan,10,50,50 is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --rect nan,10,50,50
check "sign: a --reason over 4 KB (PDF/A strings <= 32767 bytes) is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --reason "$(printf '%05000d' 0)"
check "sign: a --reason that is not UTF-8 is a usage error (2)" status_is 2 \
  "$BIN" sign "$S/in.pdf" -o "$S/x.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --reason "$(printf 'a\xff')"
check "sign: the password can come from a pipe (--password-file /dev/stdin)" bash -c \
  "printf 'secret\n' | '$BIN' sign '$S/in.pdf' -o '$S/pw-pipe.pdf' --p12 '$S/self.p12' --password-file /dev/stdin --time '$STIME' &&
   pdfsig -nocert '$S/pw-pipe.pdf' | grep -q 'Signature is Valid.'"
legacy_p12() { # an older PKCS#12 export (RC2-40, as Windows and older CAs write) needs OpenSSL's legacy provider
  openssl pkcs12 -export -legacy -inkey "$S/self.key" -in "$S/self.pem" -out "$S/legacy.p12" -passout pass:secret 2>/dev/null &&
    openssl pkcs12 -in "$S/legacy.p12" -info -noout -passin pass:secret -legacy 2>&1 | grep -q 'RC2\|40-bit' &&
    "$BIN" sign "$S/in.pdf" -o "$S/legacy-signed.pdf" --p12 "$S/legacy.p12" --password-file "$S/pw" --time "$STIME" &&
    pdfsig -nocert "$S/legacy-signed.pdf" | grep -q 'Signature is Valid.'
}
check "sign: a legacy (RC2-40) PKCS#12 file signs" legacy_p12
aspect() { # --appearance keeps the image's aspect ratio: a square seal in a 120 x 60 rectangle
  "$BIN" sign "$S/in.pdf" -o "$S/aspect.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" \
    --appearance "$S/seal.png" --page 1 --rect 50,50,120,60 &&
    grep -aq 'q /GwMultiply gs 60.000 0 0 60.000 30.000 0.000 cm /Im1 Do Q' "$S/aspect.pdf"
}
check "sign: --appearance keeps the image's aspect ratio, centred in --rect" aspect
out_modes() { # a new output gets 0666 less the umask; a replaced one keeps its mode; a link stays a link
  (umask 022 && "$BIN" sign "$S/in.pdf" -o "$S/mode-new.pdf" --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME") &&
    [ "$(stat -c %a "$S/mode-new.pdf")" = 644 ] || { echo "new file: $(stat -c %a "$S/mode-new.pdf")"; return 1; }
  cp "$S/in.pdf" "$S/mode-old.pdf" && chmod 640 "$S/mode-old.pdf" && ln -sf mode-old.pdf "$S/mode-link.pdf" &&
    "$BIN" sign "$S/mode-link.pdf" --in-place --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" || return 1
  [ -L "$S/mode-link.pdf" ] || { echo "the link was replaced"; return 1; }
  [ "$(stat -c %a "$S/mode-old.pdf")" = 640 ] || { echo "mode not kept: $(stat -c %a "$S/mode-old.pdf")"; return 1; }
  pdfsig -nocert "$S/mode-old.pdf" | grep -q 'Signature is Valid.' || { echo "the link's target is not signed"; return 1; }
  (umask 027 && "$BIN" render tests/cases/special.json -o "$S/mode-render.pdf") &&
    [ "$(stat -c %a "$S/mode-render.pdf")" = 640 ] || { echo "render: $(stat -c %a "$S/mode-render.pdf")"; return 1; }
}
check "output: 0666 less the umask for a new file, the mode of a replaced one, a symbolic link followed" out_modes
interrupted() { # a closed pipe (SIGPIPE) or SIGTERM leaves no temporary file
  rm -rf "$S/tmpd" && mkdir "$S/tmpd" || return 1
  python3 -c '
import json, sys
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
d["body"] = d["body"][:1] + d["body"][1:-1] * 100 + d["body"][-1:]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)' "$S/x100.json" &&
    "$BIN" render "$S/x100.json" -o "$S/x100.pdf" || return 1
  TMPDIR=$S/tmpd "$BIN" sign "$S/x100.pdf" -o - --p12 "$S/self.p12" --password-file "$S/pw" | head -c 10 >/dev/null
  [ "${PIPESTATUS[0]}" = 141 ] || echo "(sign finished before the pipe closed)"
  [ -z "$(ls -A "$S/tmpd")" ] || { echo "left after SIGPIPE: $(ls -A "$S/tmpd")"; return 1; }
  timeout -s TERM 0.3 "$BIN" render "$S/x100.json" -o "$S/tmpd/killed.pdf" --sign "$S/self.p12" --password-file "$S/pw"
  [ $? = 124 ] || echo "(render finished before SIGTERM)"
  [ -z "$(ls -A "$S/tmpd" | grep -v '^killed.pdf$')" ] || { echo "left after SIGTERM: $(ls -A "$S/tmpd")"; return 1; }
  rm -rf "$S/tmpd" "$S/x100.json" "$S/x100.pdf"
}
check "output: an interrupted run (closed pipe, SIGTERM) leaves no temporary file" interrupted
# the deliberately broken inputs go; the signed files stay for the PDF/A walk over $T below
rm -f "$S/flip.pdf" "$S/trunc.pdf"

widget_on_seal() { # widget_on_seal PDF TRACE: one widget, its /Rect on the trace's seal within 0.5 mm
  qpdf --json=2 "$1" | python3 -c '
import json, sys
trace, = sys.argv[1:2]
x, y, w, h = (float(v) for v in [l for l in open(trace) if l.startswith("image ")][0].split()[1:5])
ph = 841.89
want = [x, ph - y - h, x + w, ph - y]
objs = json.load(sys.stdin)["qpdf"][1]
rects = [v["value"]["/Rect"] for v in objs.values()
         if isinstance(v.get("value"), dict) and v["value"].get("/Subtype") == "/Widget"]
ok = len(rects) == 1 and all(abs(a - b) <= 72 / 25.4 * 0.5 for a, b in zip(rects[0], want))
print("widget", rects, "seal", [round(v, 2) for v in want])
sys.exit(0 if ok else 1)' "$2"
}
# --- render --sign: the seal is the signature's appearance (issue 6, point 4) ---------------
render_sign() {
  local d=$T/rsign
  mkdir -p "$d" && python3 tests/tools/mkpng.py "$d/seal.png" &&
  printf '{"body": [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}]}' >"$d/d.json" &&
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/k.pem" -out "$d/c.pem" -days 2 -subj "/CN=render-sign" >/dev/null 2>&1 &&
  openssl pkcs12 -export -inkey "$d/k.pem" -in "$d/c.pem" -out "$d/id.p12" -passout pass: >/dev/null 2>&1 &&
  "$BIN" render "$d/d.json" -o "$d/unsigned.pdf" --trace "$d/u.trace" &&
  "$BIN" render "$d/d.json" -o "$d/signed.pdf" --sign "$d/id.p12" --reason "成文" || return 1
  pdfsig -nocert "$d/signed.pdf" | grep -q 'Signature Validation: Signature is Valid.' || { echo "pdfsig: not valid"; return 1; }
  mutool sign -v "$d/signed.pdf" 2>&1 | grep -q 'unchanged since signing' || { echo "mutool: not unchanged"; return 1; }
  # the seal is drawn once, by the signature's widget, exactly where the layout put it
  [ "$(mutool draw -F trace -o - "$d/signed.pdf" 2>/dev/null | grep -c '<fill_image')" = 1 ] || { echo "seal drawn more or less than once"; return 1; }
  widget_on_seal "$d/signed.pdf" "$d/u.trace"
}
check "render --sign: signed in one step; the seal is the signature's appearance, on the laid-out seal within 0.5 mm" render_sign
no_sign_out() {
  "$BIN" render "$T/rsign/d.json" -o "$T/rsign/bad.pdf" --sign "$T/rsign/nosuch.p12" 2>/dev/null
  [ $? -ne 0 ] && [ ! -e "$T/rsign/bad.pdf" ] && [ -z "$(ls "$T/rsign" | grep unsigned-)" ]
}
check "render --sign: a missing key writes nothing" no_sign_out
check "render: --reason without --sign is a usage error (2), not an unsigned file" status_is 2 \
  "$BIN" render "$T/rsign/d.json" -o "$T/rsign/nosign.pdf" --reason x
check "render --sign --allow-expired is passed to the signer" bash -c \
  "'$BIN' render '$T/rsign/d.json' -o '$T/rsign/exp.pdf' --sign '$T/rsign/id.p12' --time 4102444800 --allow-expired 2>&1 | grep -q 'warning:.*expired' &&
   pdfsig -nocert '$T/rsign/exp.pdf' | grep -q 'Signature is Valid.'"
seal_smask_compressed() { # the seal's alpha is Flate-compressed (libharu would leave it raw)
  qpdf --json=2 "$T/rsign/unsigned.pdf" | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
sm = [v["stream"]["dict"] for k, v in objs.items() if "stream" in v and "/SMask" in v["stream"]["dict"]]
masks = [objs["obj:" + d["/SMask"]]["stream"]["dict"] for d in sm]
print(masks)
sys.exit(0 if masks and all(m.get("/Filter") in ("/FlateDecode", ["/FlateDecode"]) for m in masks) else 1)'
}
check "render: the seal's alpha (/SMask) is compressed" seal_smask_compressed

# --- sign --at-seal: the seal `render` drew becomes the signature's appearance (point 3) ------
# render records each seal as a form XObject /GwSealN whose /BBox is the seal's rectangle;
# --at-seal re-issues that form empty and draws the same image object in the widget, so the
# page must look exactly as before (both renderers, pixel for pixel) with the seal drawn once.
A=$T/atseal
mkdir -p "$A"
at_seal() { "$BIN" sign "$T/rsign/unsigned.pdf" -o "$1" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal --reason "盖章"; }
check "sign --at-seal: signs the rendered file (exit 0)" at_seal "$A/at.pdf"
check "sign --at-seal: pdfsig: Signature is Valid, Total document signed" bash -c \
  "pdfsig -nocert '$A/at.pdf' >'$A/p.txt'; grep -q 'Signature Validation: Signature is Valid.' '$A/p.txt' &&
   grep -q 'Total document signed' '$A/p.txt'"
check "sign --at-seal: mutool sign -v: unchanged since signing" bash -c \
  "mutool sign -v '$A/at.pdf' 2>&1 | grep -q 'The document is unchanged since signing.'"
check "sign --at-seal: the original bytes are unchanged" bash -c \
  "cmp -n \$(stat -c %s '$T/rsign/unsigned.pdf') '$T/rsign/unsigned.pdf' '$A/at.pdf'"
check "sign --at-seal: the seal is drawn once (by the widget)" bash -c \
  "[ \"\$(mutool draw -F trace -o - '$A/at.pdf' 2>/dev/null | grep -c '<fill_image')\" = 1 ]"
check "sign --at-seal: the widget sits on the laid-out seal within 0.5 mm" widget_on_seal "$A/at.pdf" "$T/rsign/u.trace"
same_pixels() { # same_pixels A.pdf B.pdf: poppler and mupdf each render both pages identically
  pdftoppm -r 110 -png "$1" "$A/pa" && pdftoppm -r 110 -png "$2" "$A/pb" && cmp -s "$A/pa-1.png" "$A/pb-1.png" || { echo "poppler pixels differ"; return 1; }
  mutool draw -r 110 -o "$A/ma.png" "$1" 2>/dev/null && mutool draw -r 110 -o "$A/mb.png" "$2" 2>/dev/null &&
    cmp -s "$A/ma.png" "$A/mb.png" || { echo "mupdf pixels differ"; return 1; }
}
check "sign --at-seal: the page looks exactly as before signing (poppler and mupdf, pixel for pixel)" \
  same_pixels "$T/rsign/unsigned.pdf" "$A/at.pdf"
seal_alpha() { # text under the seal shows through: dark ink and red ink inside the widget's rectangle
  pdftoppm -r 72 -f 1 -l 1 "$1" "$A/al" && python3 - "$A/al-1.ppm" "$2" <<'PY'
import sys
ppm, trace = sys.argv[1:3]
d = open(ppm, "rb").read()
parts = d.split(b"\n", 3)
w, h = (int(v) for v in parts[1].split())
px = parts[3]
x, y, sw, sh = (float(v) for v in [l for l in open(trace) if l.startswith("image ")][0].split()[1:5])
dark = red = 0
for j in range(int(y) + 1, int(y + sh) - 1):
    for i in range(int(x) + 1, int(x + sw) - 1):
        r, g, b = px[3 * (j * w + i):3 * (j * w + i) + 3]
        dark += r < 120 and g < 120 and b < 120
        red += r > 150 and g < 110 and b < 110
print("dark", dark, "red", red)
sys.exit(0 if dark > 20 and red > 200 else 1)
PY
}
check "sign --at-seal: the seal keeps its alpha (the signer's name shows through it)" seal_alpha "$A/at.pdf" "$T/rsign/u.trace"
no_alpha_caught() { # control: the same file with the seal's /SMask renamed away (and drawn
  # without Multiply, through which the name would still show) fails seal_alpha
  qpdf --qdf --object-streams=disable "$A/at.pdf" "$A/q.pdf" &&
    sed 's|/SMask|/SMasq|; s|/BM /Multiply|/BM /Normal|' "$A/q.pdf" | fix-qdf >"$A/noalpha.pdf" && ! seal_alpha "$A/noalpha.pdf" "$T/rsign/u.trace"
}
check "sign --at-seal: control: without its alpha (and without Multiply) the seal hides the name, and the check sees it" no_alpha_caught
sign_streams() { # sign and render --sign into "-" and a named pipe: copied, never renamed over
  rm -rf "$A/pipe" "$A/tmpd" && mkfifo "$A/pipe" && mkdir "$A/tmpd" || return 1
  local TMPDIR=$A/tmpd # temporary files for a stream target go here; none may stay
  export TMPDIR
  cat "$A/pipe" >"$A/from-pipe.pdf" &
  "$BIN" sign "$T/rsign/unsigned.pdf" -o "$A/pipe" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal --reason "盖章" || return 1
  wait
  [ -p "$A/pipe" ] || { echo "the pipe was replaced"; return 1; }
  cmp "$A/from-pipe.pdf" "$A/at.pdf" || { echo "the pipe got other bytes"; return 1; }
  (cd "$A" && "$BIN" sign "$T/rsign/unsigned.pdf" -o - --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal --reason "盖章") >"$A/from-stdout.pdf" &&
    cmp "$A/from-stdout.pdf" "$A/at.pdf" && [ ! -e "$A/-" ] || { echo "-o - did not write standard output"; return 1; }
  cat "$A/pipe" >"$A/from-pipe2.pdf" &
  "$BIN" render "$T/rsign/d.json" -o "$A/pipe" --sign "$T/rsign/id.p12" || return 1
  wait
  [ -p "$A/pipe" ] && pdfsig -nocert "$A/from-pipe2.pdf" | grep -q 'Signature is Valid.' || { echo "render --sign into a pipe failed"; return 1; }
  [ -z "$(ls "$A" | grep -e '^pipe\.' -e 'unsigned-')" ] || { echo "temporary files left: $(ls "$A" | grep -e '^pipe\.' -e 'unsigned-')"; return 1; }
  [ -z "$(ls -A "$A/tmpd")" ] || { echo "left in TMPDIR: $(ls -A "$A/tmpd")"; return 1; }
  rm -rf "$A/pipe" "$A/tmpd" "$A/from-"*.pdf
}
check "sign and render --sign: -o - and a named pipe get the signed file; the pipe stays a pipe" sign_streams
in_place() { # --in-place: the file is replaced by its signed version
  cp "$T/rsign/unsigned.pdf" "$A/inplace.pdf" &&
    "$BIN" sign "$A/inplace.pdf" --in-place --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal --reason "盖章" &&
    cmp "$A/inplace.pdf" "$A/at.pdf"
}
check "sign: --in-place signs the file in place (the same bytes as to a new file)" in_place
check "sign --at-seal: deterministic (same input, key and --time)" bash -c \
  "$(declare -f at_seal); BIN='$BIN' T='$T' STIME='$STIME' at_seal '$A/at2.pdf' && cmp '$A/at.pdf' '$A/at2.pdf'"
# negative control: the plain --appearance over the page's own seal draws it twice, and the
# pixel comparison sees it
over_twice() {
  "$BIN" sign "$T/rsign/unsigned.pdf" -o "$A/twice.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" \
    --appearance "$T/rsign/seal.png" --page 1 --rect "$(python3 -c '
import sys
x, y, w, h = (float(v) for v in [l for l in open(sys.argv[1]) if l.startswith("image ")][0].split()[1:5])
print(f"{x},{841.89 - y - h},{w},{h}")' "$T/rsign/u.trace")" && ! same_pixels "$T/rsign/unsigned.pdf" "$A/twice.pdf"
}
check "sign --at-seal: control: a second drawing of the seal changes the pixels" over_twice
sign_err "sign --at-seal: a seal already taken is bad input (1), no output" 1 "$A/again.pdf" "$A/at.pdf" \
  --p12 "$S/leaf.p12" --time "$STIME" --at-seal
check "sign --at-seal: the message says the seal is taken" grep -q 'already the appearance of an earlier signature' "$S/err.txt"
joint_seals() { # joint issuance: two organs, two seals; each --at-seal takes the next seal
  local d=$A/joint
  mkdir -p "$d" && cp "$T/rsign/seal.png" "$d/" &&
  printf '{"body": [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}, {"signature": {"org": "青铜峡市政务服务管理局", "date": "2021-01-15", "seal": "seal.png"}}]}' >"$d/d.json" &&
  "$BIN" render "$d/d.json" -o "$d/u.pdf" --trace "$d/u.trace" &&
  "$BIN" sign "$d/u.pdf" -o "$d/s1.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal &&
  "$BIN" sign "$d/s1.pdf" -o "$d/s2.pdf" --p12 "$S/leaf.p12" --time "$STIME" --at-seal || return 1
  pdfsig -nocert "$d/s2.pdf" >"$d/p.txt"
  [ "$(grep -c 'Signature is Valid.' "$d/p.txt")" = 2 ] && grep -A8 'Signature #1' "$d/p.txt" | grep -q 'Not total document signed' ||
    { echo "not both valid"; return 1; }
  qpdf --json=2 "$d/s2.pdf" | python3 -c '
import json, sys
seals = [[float(v) for v in l.split()[1:5]] for l in open(sys.argv[1]) if l.startswith("image ")]
ph = 841.89
want = [[x, ph - y - h, x + w, ph - y] for x, y, w, h in seals]
objs = json.load(sys.stdin)["qpdf"][1]
rects = [v["value"]["/Rect"] for v in objs.values()
         if isinstance(v.get("value"), dict) and v["value"].get("/Subtype") == "/Widget"]
ok = len(rects) == 2 and all(any(all(abs(a - b) <= 72 / 25.4 * 0.5 for a, b in zip(r, w)) for r in rects) for w in want)
print("widgets", rects, "seals", want)
sys.exit(0 if ok else 1)' "$d/u.trace" || return 1
  same_pixels "$d/u.pdf" "$d/s2.pdf" || return 1
  "$BIN" sign "$d/s2.pdf" -o "$d/s3.pdf" --p12 "$S/leaf.p12" --time "$STIME" --at-seal 2>"$d/err.txt"
  [ $? = 1 ] && [ ! -e "$d/s3.pdf" ] && grep -q 'left on the page (2) is already' "$d/err.txt"
}
check "sign --at-seal: joint issuance, two seals: each signature takes its seal, both valid, the page unchanged" joint_seals
joint_render_sign() { # render --sign takes the first organ's seal and leaves the second's on the page
  local d=$A/joint
  "$BIN" render "$d/d.json" -o "$d/rs1.pdf" --sign "$T/rsign/id.p12" --time "$STIME" &&
    "$BIN" sign "$d/rs1.pdf" -o "$d/rs2.pdf" --p12 "$S/leaf.p12" --time "$STIME" --at-seal || return 1
  [ "$(pdfsig -nocert "$d/rs2.pdf" | grep -c 'Signature is Valid.')" = 2 ] || { echo "not both valid"; return 1; }
  [ "$(mutool draw -F trace -o - "$d/rs2.pdf" 2>/dev/null | grep -c '<fill_image')" = 2 ] || { echo "not two seals drawn"; return 1; }
  same_pixels "$d/u.pdf" "$d/rs2.pdf"
}
check "render --sign on a joint document: the first seal signs, the second stays for the next organ's --at-seal" joint_render_sign
check "sign --at-seal: the taken file can still be signed again, invisibly, both valid" bash -c \
  "'$BIN' sign '$A/at.pdf' -o '$A/joint.pdf' --p12 '$S/leaf.p12' --time '$STIME' &&
   [ \"\$(pdfsig -nocert '$A/joint.pdf' | grep -c 'Signature is Valid.')\" = 2 ]"
sign_err "sign --at-seal: a file without a seal is bad input (1), no output" 1 "$A/noseal.pdf" "$S/in.pdf" \
  --p12 "$S/self.p12" --password-file "$S/pw" --time "$STIME" --at-seal
check "sign --at-seal: the message says there is no seal" grep -q 'no seal drawn by gongwen render' "$S/err.txt"
certified() { # the rendered file with /Perms /DocMDP in its catalog (a certified document)
  qpdf --qdf --object-streams=disable "$T/rsign/unsigned.pdf" "$A/q.pdf" &&
    sed 's|^  /Type /Catalog$|  /Type /Catalog /Perms << /DocMDP 1 0 R >>|' "$A/q.pdf" | fix-qdf >"$A/certified.pdf" &&
    grep -aq '/DocMDP' "$A/certified.pdf"
}
check "sign --at-seal: a certified test file can be made" certified
sign_err "sign --at-seal: a certified (DocMDP) document is bad input (1), no output" 1 "$A/cert-signed.pdf" \
  "$A/certified.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal
check "sign --at-seal: the message names DocMDP" grep -q 'certified (/Perms /DocMDP)' "$S/err.txt"
check "sign: a certified document signed without --at-seal gets a DocMDP warning" bash -c \
  "'$BIN' sign '$A/certified.pdf' -o '$A/cert-vis.pdf' --p12 '$T/rsign/id.p12' --time '$STIME' 2>&1 | grep -q 'warning:.*certified' &&
   rm -f '$A/cert-vis.pdf'"
check "sign --at-seal: with --rect is a usage error (2)" status_is 2 "$BIN" sign "$T/rsign/unsigned.pdf" \
  -o "$A/x.pdf" --p12 "$T/rsign/id.p12" --at-seal --rect 1,1,10,10

# --- signing files other tools wrote: cross-reference streams, object streams, hybrids -------
# qpdf rewrites the seal document with its pages, resources and catalog inside object streams
# and a cross-reference stream (--newline-before-endstream keeps it PDF/A: 6.1.7.1-1);
# mkhybrid.py makes the hybrid layout some office suites write, whose new catalog only /XRefStm finds.
qpdf --object-streams=generate --newline-before-endstream "$T/rsign/unsigned.pdf" "$A/objstm.pdf"
check "sign: input with object streams and a cross-reference stream (qpdf-made) is readable" \
  bash -c "grep -aq '/Type /ObjStm' '$A/objstm.pdf' && ! grep -aq '^xref' '$A/objstm.pdf'"
check "sign --at-seal: a file with object streams signs (exit 0)" \
  "$BIN" sign "$A/objstm.pdf" -o "$A/objstm-s.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal
check "sign --at-seal: object streams: pdfsig valid, mutool unchanged, qpdf --check clean" bash -c \
  "pdfsig -nocert '$A/objstm-s.pdf' | grep -q 'Signature Validation: Signature is Valid.' &&
   mutool sign -v '$A/objstm-s.pdf' 2>&1 | grep -q 'The document is unchanged since signing.' &&
   qpdf --check '$A/objstm-s.pdf' >/dev/null 2>&1"
check "sign: after a cross-reference stream the update's cross-reference is a stream too" bash -c \
  "tail -c +\$((\$(stat -c %s '$A/objstm.pdf') + 1)) '$A/objstm-s.pdf' | grep -aq '/Type /XRef /Size' &&
   ! tail -c +\$((\$(stat -c %s '$A/objstm.pdf') + 1)) '$A/objstm-s.pdf' | grep -aq '^xref'"
check "sign --at-seal: object streams: the page looks exactly as before (poppler and mupdf)" \
  same_pixels "$A/objstm.pdf" "$A/objstm-s.pdf"
check "sign: object streams: signed again (ECDSA, visible), both signatures valid" bash -c \
  "'$BIN' sign '$A/objstm-s.pdf' -o '$A/objstm-s2.pdf' --p12 '$S/leaf.p12' --time '$STIME' --page 1 --rect 60,60,120,40 &&
   [ \"\$(pdfsig -nocert '$A/objstm-s2.pdf' | grep -c 'Signature is Valid.')\" = 2 ] &&
   qpdf --check '$A/objstm-s2.pdf' >/dev/null 2>&1"
python3 tests/tools/mkhybrid.py "$T/rsign/unsigned.pdf" "$A/hybrid.pdf"
check "sign: a hybrid file (classic table + /XRefStm) signs; pdfsig valid" bash -c \
  "'$BIN' sign '$A/hybrid.pdf' -o '$A/hybrid-s.pdf' --p12 '$T/rsign/id.p12' --time '$STIME' --at-seal &&
   pdfsig -nocert '$A/hybrid-s.pdf' | grep -q 'Signature Validation: Signature is Valid.'"
check "sign: a hybrid file: the re-issued catalog is the one only /XRefStm points to (it has /Lang)" bash -c \
  "tail -c +\$((\$(stat -c %s '$A/hybrid.pdf') + 1)) '$A/hybrid-s.pdf' | grep -aq '/Lang (zh-CN)'"
# files as other producers write them: linearized (qpdf), cairo (pdftocairo), mupdf (whose
# xref gives the free object 0 generation 65536)
other_producers() {
  local f bad=
  qpdf --linearize "$T/rsign/unsigned.pdf" "$A/lin.pdf" &&
    qpdf --linearize --object-streams=generate "$T/rsign/unsigned.pdf" "$A/linos.pdf" &&
    pdftocairo -pdf "$T/rsign/unsigned.pdf" "$A/cairo.pdf" &&
    mutool clean -gggg -z "$T/rsign/unsigned.pdf" "$A/mclean.pdf" || return 1
  for f in lin linos cairo mclean; do
    "$BIN" sign "$A/$f.pdf" -o "$A/$f-s.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" --page 1 --rect 60,60,120,40 &&
      pdfsig -nocert "$A/$f-s.pdf" | grep -q 'Signature Validation: Signature is Valid.' &&
      mutool sign -v "$A/$f-s.pdf" 2>&1 | grep -q 'The document is unchanged since signing.' &&
      qpdf --check "$A/$f-s.pdf" >/dev/null 2>&1 || bad="$bad $f"
  done
  rm -f "$A"/lin*.pdf "$A"/cairo*.pdf "$A"/mclean*.pdf # not PDF/A (other producers): kept out of the walk
  [ -z "$bad" ] || { echo "not signed validly:$bad"; return 1; }
}
check "sign: files from other producers (linearized, cairo, mupdf) sign validly (pdfsig, mutool, qpdf)" other_producers
sed 's|/Type /XRef|/Type /XRaf|' "$A/objstm.pdf" >"$A/badxs.pdf"
sign_err "sign: a broken cross-reference stream is bad input (1), no output" 1 "$A/badxs-s.pdf" "$A/badxs.pdf" \
  --p12 "$T/rsign/id.p12" --time "$STIME"
check "sign: the broken cross-reference message says damaged" grep -q 'damaged PDF' "$S/err.txt"
rm -f "$A"/*.png "$A"/*.ppm "$A/q.pdf" "$A/noalpha.pdf" "$A/certified.pdf" "$A/badxs.pdf"

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
size_under() { # LAYOUT TEXT LIMIT: the font cost, measured without PDF/A's fixed ~4 KB
  local out=$T/size-$1-$2.pdf
  "$BIN" render "$T/$2.json" -l "tests/cases/$1.json" -o "$out" --no-pdfa || return 1
  "$BIN" render "$T/$2.json" -l "tests/cases/$1.json" -o "$T/size-pdfa.pdf" || return 1
  local pages size
  pages=$(pdfinfo "$out" | awk '/^Pages:/ { print $2 }')
  size=$(stat -c %s "$out")
  echo "$1, $2 (distinct characters): $size bytes, $pages page(s); as PDF/A-2b: $(stat -c %s "$T/size-pdfa.pdf") bytes" >>"$T/sizes"
  rm -f "$out" # not PDF/A on purpose: kept out of the blanket PDF/A check below
  [ "$pages" = 1 ] && [ "$size" -lt "$3" ]
}
# (the limits are the foundation issue's; PDF/A-2b adds about 4 KB to every file: the sRGB
# profile and the XMP packet, reported beside each figure)
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
  check "valgrind: sign --at-seal of a file with object streams, no memory errors or leaks" \
    valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
    "$BIN" sign "$T/atseal/objstm.pdf" -o "$T/atseal/vg-signed.pdf" --p12 "$T/rsign/id.p12" --time "$STIME" --at-seal
fi

# --- PDF/A-2b (issue #6): tests/tools/pdfacheck.py names the veraPDF PDFA-2B rule it fails --
pdfa_dir=$T/pdfa
mkdir -p "$pdfa_dir"
PDFACHECK=(python3 tests/tools/pdfacheck.py)
pdfa_escaped() { # a title with & < > and both quotes: XMP well-formed and equal to the Info
  python3 - "$pdfa_dir/amp.json" <<'PY'
import json, sys
json.dump({"meta": {"title": "A & B <c> \"q\" 'x' 测试", "author": "某某局 & <办公室>",
                    "subject": "s&s", "keywords": ["k<1>", "k\"2\""], "date": "2021-01-15"},
           "body": [{"p": "正文"}]}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
  "$BIN" render "$pdfa_dir/amp.json" -o "$pdfa_dir/amp.pdf" || return 1
  "${PDFACHECK[@]}" "$pdfa_dir/amp.pdf" || return 1
  python3 - "$pdfa_dir/amp.pdf" <<'PY'
import re, subprocess, sys, xml.etree.ElementTree as ET
q = subprocess.run(["qpdf", "--show-object=trailer", sys.argv[1]], capture_output=True, text=True).stdout
raw = open(sys.argv[1], "rb").read()
x = raw[raw.index(b"<?xpacket begin"):raw.index(b'<?xpacket end="w"?>') + 19]
t = ET.fromstring(x).find(".//{http://purl.org/dc/elements/1.1/}title//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li").text
assert t == "A & B <c> \"q\" 'x' 测试", t
assert "/ID [" in q, q
PY
}
check "pdfa: a title with & < > and quotes: the XMP parses and agrees with the Info" pdfa_escaped
pdfa_negative() { # the checker fails a PDF whose pdfaid part is 1, and one without XMP
  "$BIN" render tests/cases/special.json -o "$pdfa_dir/neg.pdf" || return 1
  qpdf --qdf --object-streams=disable "$pdfa_dir/neg.pdf" "$pdfa_dir/neg.qdf" || return 1
  sed 's|<pdfaid:part>2</pdfaid:part>|<pdfaid:part>1</pdfaid:part>|' "$pdfa_dir/neg.qdf" | fix-qdf >"$pdfa_dir/neg-part1.pdf"
  sed 's|/Metadata [0-9]* 0 R||' "$pdfa_dir/neg.qdf" | fix-qdf >"$pdfa_dir/neg-noxmp.pdf"
  sed 's|/N 3|/N 4|' "$pdfa_dir/neg.qdf" | fix-qdf >"$pdfa_dir/neg-icc.pdf"
  "${PDFACHECK[@]}" "$pdfa_dir/neg.pdf" >/dev/null || { echo "the unbroken original fails"; return 1; }
  "${PDFACHECK[@]}" "$pdfa_dir/neg-part1.pdf" | grep -q '6.6.4-2' || { echo "part 1 not caught"; return 1; }
  "${PDFACHECK[@]}" "$pdfa_dir/neg-noxmp.pdf" | grep -q '6.6.2.1-1' || { echo "missing XMP not caught"; return 1; }
  "${PDFACHECK[@]}" "$pdfa_dir/neg-icc.pdf" | grep -q '6.2.3-1' || { echo "ICC /N 4 not caught"; return 1; }
}
check "pdfa: the checker catches pdfaid:part 1 (6.6.4-2), no XMP (6.6.2.1-1), a wrong ICC /N (6.2.3-1)" pdfa_negative
pdfa_off() {
  "$BIN" render tests/cases/special.json --no-pdfa -o "$pdfa_dir/plain.pdf" 2>/dev/null || return 1
  qpdf --check "$pdfa_dir/plain.pdf" >/dev/null && ! grep -aq '/Metadata' "$pdfa_dir/plain.pdf" &&
  ! grep -aq 'GTS_PDFA1' "$pdfa_dir/plain.pdf"
}
check "pdfa: --no-pdfa writes a PDF without /Metadata or OutputIntent" pdfa_off
# content streams reached only through a form XObject or an annotation's appearance are checked
pdfa_seal() { # $1: output stem; more args go to render. Writes $1.pdf and $1.qdf
  [ -f "$pdfa_dir/seal.png" ] || python3 tests/tools/mkpng.py "$pdfa_dir/seal.png" || return 1
  printf '{"body": [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}]}' >"$pdfa_dir/seal.json"
  "$BIN" render "$pdfa_dir/seal.json" -o "$pdfa_dir/$1.pdf" "${@:2}" &&
  qpdf --qdf --object-streams=disable "$pdfa_dir/$1.pdf" "$pdfa_dir/$1.qdf" || return 1
  "${PDFACHECK[@]}" "$pdfa_dir/$1.pdf" >/dev/null || { echo "the unbroken $1.pdf fails"; return 1; }
}
pdfa_fails_with() { # $1: edited QDF, $2: output PDF, $3: rule ID that must be named
  local out
  fix-qdf <"$1" >"$2.qdf" && qpdf --newline-before-endstream "$2.qdf" "$2" || return 1
  out=$("${PDFACHECK[@]}" "$2"); [ $? = 1 ] || { echo "pdfacheck did not exit 1: $out"; return 1; }
  grep -qF ": $3: " <<<"$out" || { echo "$3 not named: $out"; return 1; }
}
pdfa_form_opi() { # 6.2.9-1: /OPI in the seal's form XObject dictionary
  pdfa_seal seal || return 1
  sed 's|^  /Subtype /Form$|  /OPI << >>\n  /Subtype /Form|' "$pdfa_dir/seal.qdf" >"$pdfa_dir/opi.qdf"
  grep -q '^  /OPI << >>$' "$pdfa_dir/opi.qdf" || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/opi.qdf" "$pdfa_dir/neg-form-opi.pdf" 6.2.9-1
}
check "pdfa: /OPI in the seal's form XObject fails 6.2.9-1" pdfa_form_opi
# A .notdef (code 0) shown only inside the seal's form: the page's font /F1 is added to the
# form's own resources and "BT /F1 12 Tf <0000> Tj ET" put before "q ... cm /Im1 Do Q".
pdfa_notdef_in_seal() { # $1: stem of the QDF; $2: output PDF
  local f1
  f1=$(grep -aom1 '/F1 [0-9]* 0 R' "$pdfa_dir/$1.qdf") || { echo "no /F1 in $1"; return 1; }
  sed -e "s|^\( *\)/Im1 \([0-9]* 0 R\)\$|\1/Im1 \2 >> /Font << $f1|" \
      -e 's|^q \(.*\) cm /Im1 Do Q$|BT /F1 12 Tf <0000> Tj ET q \1 cm /Im1 Do Q|' \
      "$pdfa_dir/$1.qdf" >"$pdfa_dir/$1-notdef.qdf"
  [ "$(grep -ac '/Font << /F1\|<0000> Tj' "$pdfa_dir/$1-notdef.qdf")" = 2 ] || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/$1-notdef.qdf" "$2" 6.2.11.8-1
}
pdfa_form_notdef() { pdfa_seal seal && pdfa_notdef_in_seal seal "$pdfa_dir/neg-form-notdef.pdf"; }
check "pdfa: .notdef shown inside the seal's form XObject fails 6.2.11.8-1" pdfa_form_notdef
pdfa_ap_notdef() { # the same inside a signed file's widget appearance (/AP /N), not the page
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pdfa_dir/k.pem" -out "$pdfa_dir/c.pem" -days 2 \
    -subj "/CN=pdfa" >/dev/null 2>&1 &&
  openssl pkcs12 -export -inkey "$pdfa_dir/k.pem" -in "$pdfa_dir/c.pem" -out "$pdfa_dir/id.p12" \
    -passout pass: >/dev/null 2>&1 || return 1
  pdfa_seal signed --sign "$pdfa_dir/id.p12" || return 1
  grep -aq '/GwSeal1' "$pdfa_dir/signed.qdf" && { echo "signed file still has the page's seal form"; return 1; }
  pdfa_notdef_in_seal signed "$pdfa_dir/neg-ap-notdef.pdf"
}
check "pdfa: .notdef shown inside a widget's appearance stream fails 6.2.11.8-1" pdfa_ap_notdef
# the rules of archive-sign.md §3.6 that need a planted fault of their own (veraPDF PDFA-2B numbering)
# Negative controls for the rules pdfacheck.py gained: each plants one fault (sed on a QDF,
# fix-qdf, qpdf --newline-before-endstream) and wants that rule named.
pdfa_text() { # $pdfa_dir/text.pdf and .qdf: one paragraph, no seal (text in the initial DeviceGray)
  [ -f "$pdfa_dir/text.qdf" ] && return 0
  printf '{"body": [{"p": "正文一段。"}]}' >"$pdfa_dir/text.json" &&
  "$BIN" render "$pdfa_dir/text.json" -o "$pdfa_dir/text.pdf" &&
  qpdf --qdf --object-streams=disable "$pdfa_dir/text.pdf" "$pdfa_dir/text.qdf" || return 1
  "${PDFACHECK[@]}" "$pdfa_dir/text.pdf" >/dev/null || { echo "the unbroken text.pdf fails"; return 1; }
}
pdfa_qdf_add() { # $1: QDF; $2: output QDF; $3: dictionary ("<< ... >>", @ = its own number);
                 # $4: stream data (optional). Appends the object as number /Size; prints "N 0 R"
  python3 - "$@" <<'PY'
import re, sys
q = open(sys.argv[1], "rb").read()
n = int(re.search(rb"/Size (\d+)", q)[1])
d = sys.argv[3].replace("@", str(n)).encode()
obj = b"%d 0 obj\n" % n
if len(sys.argv) > 4:  # QDF streams: /Length is the next object, which fix-qdf rewrites
    data = sys.argv[4].encode()
    obj += d[:-2] + b" /Length %d 0 R >>\nstream\n%s\nendstream\nendobj\n\n%d 0 obj\n%d\nendobj\n\n" % (n + 1, data, n + 1, len(data))
else:
    obj += d + b"\nendobj\n\n"
i = q.rindex(b"\nxref\n") + 1
open(sys.argv[2], "wb").write(q[:i] + obj + q[i:])
print(f"{n} 0 R")
PY
}
pdfa_no_intent() { # $1: QDF, $2: output QDF: the catalog's /OutputIntents removed
  sed '/^  \/OutputIntents \[$/,/^  \]$/d' "$1" >"$2"
  grep -q '/OutputIntents' "$2" && { echo "edit not applied"; return 1; }
  return 0
}
pdfa_gray_nointent() { # 6.2.4.3-4: text shown in the initial colour (DeviceGray), no OutputIntent
  pdfa_text && pdfa_no_intent "$pdfa_dir/text.qdf" "$pdfa_dir/gray.qdf" &&
  pdfa_fails_with "$pdfa_dir/gray.qdf" "$pdfa_dir/neg-gray-nointent.pdf" 6.2.4.3-4
}
check "pdfa: text in DeviceGray without an OutputIntent fails 6.2.4.3-4" pdfa_gray_nointent
pdfa_group_nointent() { # 6.2.10-2: the seal (image with /SMask) on a page without /Group /CS, no OutputIntent
  pdfa_seal seal && pdfa_no_intent "$pdfa_dir/seal.qdf" "$pdfa_dir/group.qdf" &&
  pdfa_fails_with "$pdfa_dir/group.qdf" "$pdfa_dir/neg-group-nointent.pdf" 6.2.10-2
}
check "pdfa: a transparent page without OutputIntent or /Group /CS fails 6.2.10-2" pdfa_group_nointent
pdfa_cmap_unknown() { # 6.2.11.3.3-1: a Type0 font's CMap is a name outside ISO 32000-1 Table 118
  pdfa_text || return 1
  sed '0,/^  \/Encoding \/Identity-H$/s||  /Encoding /GwUnknown-H|' "$pdfa_dir/text.qdf" >"$pdfa_dir/cmapname.qdf"
  grep -q '/GwUnknown-H' "$pdfa_dir/cmapname.qdf" || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/cmapname.qdf" "$pdfa_dir/neg-cmap-name.pdf" 6.2.11.3.3-1
}
check "pdfa: a CMap neither embedded nor predefined fails 6.2.11.3.3-1" pdfa_cmap_unknown
pdfa_cmap_embedded() { # $1: stem; $2: extra CMap dictionary keys; $3: program WMode; $4: first CID
  # An identity CMap embedded for the first Type0 font, with its CIDFont's character collection
  # (the first /Ordering and /Supplement in the QDF: Adobe-GB1-5 for the Fandol fonts)
  local ref csi
  pdfa_text || return 1
  csi="/Registry (Adobe) $(grep -aom1 '/Ordering ([A-Za-z0-9]*)' "$pdfa_dir/text.qdf") $(grep -aom1 '/Supplement [0-9]*' "$pdfa_dir/text.qdf")"
  ref=$(pdfa_qdf_add "$pdfa_dir/text.qdf" "$pdfa_dir/$1-add.qdf" \
    "<< /Type /CMap /CMapName /GwIdentity-H /CIDSystemInfo << $csi >> $2 >>" \
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << $csi >> def
/CMapName /GwIdentity-H def /CMapType 1 def /WMode $3 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 begincidrange <0000> <FFFF> $4 endcidrange
endcmap CMapName currentdict /CMap defineresource pop end end") || return 1
  sed "0,/^  \/Encoding \/Identity-H\$/s||  /Encoding $ref|" "$pdfa_dir/$1-add.qdf" >"$pdfa_dir/$1.qdf"
  grep -q "/Encoding $ref" "$pdfa_dir/$1.qdf" || { echo "edit not applied"; return 1; }
}
pdfa_cmap_ok() { # control for the three below: the same embedded CMap, consistent, passes
  pdfa_cmap_embedded cmapok "/WMode 0" 0 0 &&
  fix-qdf <"$pdfa_dir/cmapok.qdf" >"$pdfa_dir/cmapok.fixed.qdf" &&
  qpdf --newline-before-endstream "$pdfa_dir/cmapok.fixed.qdf" "$pdfa_dir/neg-cmap-ok.pdf" &&
  "${PDFACHECK[@]}" "$pdfa_dir/neg-cmap-ok.pdf"
}
check "pdfa: an embedded identity CMap with consistent WMode passes" pdfa_cmap_ok
pdfa_cmap_wmode() { # 6.2.11.3.3-2: the CMap stream says /WMode 1, its program /WMode 0
  pdfa_cmap_embedded cmapwmode "/WMode 1" 0 0 &&
  pdfa_fails_with "$pdfa_dir/cmapwmode.qdf" "$pdfa_dir/neg-cmap-wmode.pdf" 6.2.11.3.3-2
}
check "pdfa: an embedded CMap whose /WMode disagrees with its program fails 6.2.11.3.3-2" pdfa_cmap_wmode
pdfa_cmap_usecmap() { # 6.2.11.3.3-3: the embedded CMap uses a CMap outside Table 118
  pdfa_cmap_embedded cmapuse "/UseCMap /GwBase-H" 0 0 &&
  pdfa_fails_with "$pdfa_dir/cmapuse.qdf" "$pdfa_dir/neg-cmap-usecmap.pdf" 6.2.11.3.3-3
}
check "pdfa: an embedded CMap with /UseCMap of a non-predefined CMap fails 6.2.11.3.3-3" pdfa_cmap_usecmap
pdfa_cmap_cid() { # 6.1.13-10: the embedded CMap maps <FFFF> to CID 65536
  pdfa_cmap_embedded cmapcid "" 0 1 &&
  pdfa_fails_with "$pdfa_dir/cmapcid.qdf" "$pdfa_dir/neg-cmap-cid.pdf" 6.1.13-10
}
check "pdfa: an embedded CMap with a CID above 65535 fails 6.1.13-10" pdfa_cmap_cid
pdfa_simple_widths() { # 6.2.11.2-6: a simple font (a page font's program) with 1 width for 2 codes
  local ff ref
  pdfa_text || return 1
  ff=$(grep -aoEm1 '/FontFile[23] [0-9]+ 0 R' "$pdfa_dir/text.qdf") || { echo "no /FontFile2 or 3"; return 1; }
  ref=$(pdfa_qdf_add "$pdfa_dir/text.qdf" "$pdfa_dir/simple-add.qdf" \
    "<< /Type /Font /Subtype /$([ "${ff:9:1}" = 2 ] && echo TrueType || echo Type1) /BaseFont /GwSimple /FirstChar 32 /LastChar 33 /Widths [ 500 ] /FontDescriptor << /Type /FontDescriptor /FontName /GwSimple /Flags 32 /FontBBox [ 0 0 1000 1000 ] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 $ff >> >>") || return 1
  sed "0,/^      \/F1 \([0-9]* 0 R\)\$/s||      /F1 \1\n      /GwF $ref|" "$pdfa_dir/simple-add.qdf" >"$pdfa_dir/simple.qdf"
  grep -q "/GwF $ref" "$pdfa_dir/simple.qdf" || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/simple.qdf" "$pdfa_dir/neg-simple-widths.pdf" 6.2.11.2-6
}
check "pdfa: a simple font whose /Widths does not match FirstChar..LastChar fails 6.2.11.2-6" pdfa_simple_widths
# Signed files: qpdf rewrites move /Contents, so pdfa_sig_fix sets each /ByteRange to what
# 6.4.3-1 wants for the new bytes (same width, space padded) and the planted fault stays the
# only one; with a gap N it leaves N bytes after /Contents uncovered instead.
pdfa_signed() { # $pdfa_dir/signed.pdf and .qdf: the seal document signed at the seal
  if [ ! -f "$pdfa_dir/id.p12" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pdfa_dir/k.pem" -out "$pdfa_dir/c.pem" -days 2 \
      -subj "/CN=pdfa" >/dev/null 2>&1 &&
    openssl pkcs12 -export -inkey "$pdfa_dir/k.pem" -in "$pdfa_dir/c.pem" -out "$pdfa_dir/id.p12" \
      -passout pass: >/dev/null 2>&1 || return 1
  fi
  [ -f "$pdfa_dir/signed.qdf" ] || pdfa_seal signed --sign "$pdfa_dir/id.p12"
}
pdfa_sig_fix() { # $1: PDF patched in place; $2: gap (default 0)
  python3 - "$1" "${2:-0}" <<'PY'
import re, sys
path, gap = sys.argv[1], int(sys.argv[2])
raw = bytearray(open(path, "rb").read())
n = 0
for m in list(re.finditer(rb"/ByteRange\s*(\[[\d\s]*\])", raw)):
    lo, hi = raw.rfind(b" obj", 0, m.start()), raw.find(b"endobj", m.end())
    c = re.compile(rb"/Contents\s*(<[0-9A-Fa-f\s]*>)").search(raw, lo, hi)
    new = b"[0 %d %d %d]" % (c.start(1), c.end(1) + gap, len(raw) - c.end(1) - gap)
    assert len(new) <= len(m.group(1)), (new, m.group(1))
    raw[m.start(1):m.end(1)] = new.ljust(len(m.group(1)))
    n += 1
open(path, "wb").write(raw)
sys.exit(0 if n else 1)
PY
}
pdfa_fails_signed() { # pdfa_fails_with for a signed file; $4: a /ByteRange gap (pdfa_sig_fix)
  local out
  fix-qdf <"$1" >"$2.qdf" && qpdf --newline-before-endstream "$2.qdf" "$2" && pdfa_sig_fix "$2" "${4:-0}" || return 1
  out=$("${PDFACHECK[@]}" "$2"); [ $? = 1 ] || { echo "pdfacheck did not exit 1: $out"; return 1; }
  grep -qF ": $3: " <<<"$out" || { echo "$3 not named: $out"; return 1; }
}
pdfa_sig_roundtrip() { # control: the signed file through qpdf + pdfa_sig_fix, unedited, passes
  pdfa_signed || return 1
  fix-qdf <"$pdfa_dir/signed.qdf" >"$pdfa_dir/sigrt.qdf" &&
  qpdf --newline-before-endstream "$pdfa_dir/sigrt.qdf" "$pdfa_dir/neg-sig-roundtrip.pdf" &&
  pdfa_sig_fix "$pdfa_dir/neg-sig-roundtrip.pdf" && "${PDFACHECK[@]}" "$pdfa_dir/neg-sig-roundtrip.pdf"
}
check "pdfa: a signed file rewritten by qpdf with its /ByteRange recomputed passes" pdfa_sig_roundtrip
pdfa_sig_gap() { # 6.4.3-1: /ByteRange leaves 2 bytes after /Contents unsigned
  pdfa_signed && pdfa_fails_signed "$pdfa_dir/signed.qdf" "$pdfa_dir/neg-sig-gap.pdf" 6.4.3-1 2
}
check "pdfa: a /ByteRange with a gap after /Contents fails 6.4.3-1" pdfa_sig_gap
pdfa_put_cms() { # $1: signed QDF, $2: DER file, $3: output QDF with /Contents <DER hex, zero padded>
  python3 - "$@" <<'PY'
import re, sys
q = open(sys.argv[1], "rb").read()
h = open(sys.argv[2], "rb").read().hex().encode()
m = re.search(rb"/Contents <([0-9a-fA-F]*)>", q)
assert m and len(h) <= len(m.group(1)), "no /Contents, or the CMS does not fit"
open(sys.argv[3], "wb").write(q[:m.start(1)] + h.ljust(len(m.group(1)), b"0") + q[m.end(1):])
PY
}
pdfa_sig_cms() { # $1: stem, $2: rule; more args go to openssl cms -sign (over signed.pdf)
  pdfa_signed || return 1
  openssl cms -sign -binary -in "$pdfa_dir/signed.pdf" -outform DER -out "$pdfa_dir/$1.der" "${@:3}" &&
  pdfa_put_cms "$pdfa_dir/signed.qdf" "$pdfa_dir/$1.der" "$pdfa_dir/$1.qdf" &&
  pdfa_fails_signed "$pdfa_dir/$1.qdf" "$pdfa_dir/neg-sig-$1.pdf" "$2"
}
pdfa_sig_nocert() { # 6.4.3-2: the CMS carries no certificate (openssl cms -nocerts)
  pdfa_sig_cms nocert 6.4.3-2 -nocerts -signer "$pdfa_dir/c.pem" -inkey "$pdfa_dir/k.pem"
}
check "pdfa: a CMS without the signer's certificate fails 6.4.3-2" pdfa_sig_nocert
pdfa_key2() { # a second signer: $pdfa_dir/k2.pem, c2.pem (EC P-256)
  [ -f "$pdfa_dir/c2.pem" ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$pdfa_dir/k2.pem" -out "$pdfa_dir/c2.pem" -days 2 -subj "/CN=pdfa2" >/dev/null 2>&1
}
pdfa_sig_othercert() { # 6.4.3-2: the CMS carries a certificate, but not the signer's
  pdfa_signed && pdfa_key2 &&
  pdfa_sig_cms othercert 6.4.3-2 -nocerts -certfile "$pdfa_dir/c2.pem" -signer "$pdfa_dir/c.pem" -inkey "$pdfa_dir/k.pem"
}
check "pdfa: a CMS with only someone else's certificate fails 6.4.3-2" pdfa_sig_othercert
pdfa_sig_twosigners() { # 6.4.3-3: the CMS has two SignerInfos
  pdfa_signed && pdfa_key2 &&
  pdfa_sig_cms two 6.4.3-3 -signer "$pdfa_dir/c.pem" -inkey "$pdfa_dir/k.pem" -signer "$pdfa_dir/c2.pem" -inkey "$pdfa_dir/k2.pem"
}
check "pdfa: a CMS with two SignerInfos fails 6.4.3-3" pdfa_sig_twosigners
pdfa_sig_edit() { # $1: stem, $2: rule, $3: sed script applied to signed.qdf; the edit must change it
  pdfa_signed || return 1
  sed "$3" "$pdfa_dir/signed.qdf" >"$pdfa_dir/$1.qdf"
  cmp -s "$pdfa_dir/signed.qdf" "$pdfa_dir/$1.qdf" && { echo "edit not applied"; return 1; }
  pdfa_fails_signed "$pdfa_dir/$1.qdf" "$pdfa_dir/neg-$1.pdf" "$2"
}
pdfa_perms_extra() { # 6.1.12-1: /Perms with a key other than DocMDP and UR3
  local sig
  pdfa_signed && sig=$(grep -aom1 '^  /V [0-9]* 0 R$' "$pdfa_dir/signed.qdf") || return 1
  pdfa_sig_edit perms-extra 6.1.12-1 "s|^  /Type /Catalog\$|  /Perms << /DocMDP ${sig#  /V } /FieldMDP ${sig#  /V } >>\n  /Type /Catalog|"
}
check "pdfa: /Perms with /FieldMDP fails 6.1.12-1" pdfa_perms_extra
pdfa_perms_digest() { # 6.1.12-2: with /Perms /DocMDP, the signature's SigRef has /DigestMethod
  local sig
  pdfa_signed && sig=$(grep -aom1 '^  /V [0-9]* 0 R$' "$pdfa_dir/signed.qdf") || return 1
  pdfa_sig_edit perms-digest 6.1.12-2 "s|^  /Type /Catalog\$|  /Perms << /DocMDP ${sig#  /V } >>\n  /Type /Catalog|
s|^  /Type /Sig\$|  /Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2 /V /1.2 >> /DigestMethod /MD5 >> ]\n  /Type /Sig|"
}
check "pdfa: a DocMDP signature reference with /DigestMethod fails 6.1.12-2" pdfa_perms_digest
pdfa_annot_f0() { # 6.3.2-2: the signature widget's /F 132 (Print, Locked) made 0
  pdfa_sig_edit annot-f0 6.3.2-2 's|^  /F 132$|  /F 0|'
}
check "pdfa: a widget with /F 0 fails 6.3.2-2" pdfa_annot_f0
pdfa_annot_nof() { # 6.3.2-1: the signature widget without /F
  pdfa_sig_edit annot-nof 6.3.2-1 '/^  \/F 132$/d'
}
check "pdfa: a widget without /F fails 6.3.2-1" pdfa_annot_nof
pdfa_annot_apd() { # 6.3.3-2: the widget's /AP has /D beside /N
  pdfa_sig_edit annot-apd 6.3.3-2 's|^    /N \([0-9]* 0 R\)$|    /N \1\n    /D \1|'
}
check "pdfa: an appearance dictionary with /D fails 6.3.3-2" pdfa_annot_apd
pdfa_annot_noap() { # 6.3.3-1: the visible signature widget without /AP
  pdfa_sig_edit annot-noap 6.3.3-1 '/^  \/AP <<$/,/^  >>$/d'
}
check "pdfa: a visible widget without /AP fails 6.3.3-1" pdfa_annot_noap
pdfa_annot_nstates() { # 6.3.3-4: the signature widget's /AP /N is a dictionary of states, not a stream
  pdfa_sig_edit annot-nstates 6.3.3-4 's|^    /N \([0-9]* 0 R\)$|    /N << /On \1 >>|'
}
check "pdfa: a non-Btn widget whose /AP /N is not a stream fails 6.3.3-4" pdfa_annot_nstates
pdfa_xmp_prefix() { # 6.6.4-4: pdfaid:part written with another prefix bound to the pdfaid namespace
  pdfa_text || return 1
  sed 's|<pdfaid:part>2</pdfaid:part>|<id:part xmlns:id="http://www.aiim.org/pdfa/ns/id/">2</id:part>|' \
    "$pdfa_dir/text.qdf" >"$pdfa_dir/prefix.qdf"
  grep -q '<id:part' "$pdfa_dir/prefix.qdf" || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/prefix.qdf" "$pdfa_dir/neg-xmp-prefix.pdf" 6.6.4-4
}
check "pdfa: pdfaid:part under another prefix fails 6.6.4-4" pdfa_xmp_prefix
pdfa_xmp_encoding() { # 6.6.2.1-3: the xpacket header has an encoding attribute
  pdfa_text || return 1
  sed 's|^\(<?xpacket begin=.*\)?>$|\1 encoding="UTF-8"?>|' "$pdfa_dir/text.qdf" >"$pdfa_dir/encoding.qdf"
  grep -q 'encoding="UTF-8"?>' "$pdfa_dir/encoding.qdf" || { echo "edit not applied"; return 1; }
  pdfa_fails_with "$pdfa_dir/encoding.qdf" "$pdfa_dir/neg-xmp-encoding.pdf" 6.6.2.1-3
}
check "pdfa: an xpacket header with encoding= fails 6.6.2.1-3" pdfa_xmp_encoding
# --- more checks, one file per concern: tests/run.d/*.sh, sourced here in name order -------
# Each uses check/ok/bad, $BIN, $B, $T and $ASAN. A PDF one of them leaves under $T is checked
# below like every other (PDF/A-2b, qpdf): negative controls go elsewhere or are removed.
for f in tests/run.d/*.sh; do
  [ -f "$f" ] || continue
  # shellcheck source=/dev/null
  . "$f"
done

# Every PDF the suite wrote under $T passes pdfacheck and qpdf --check, except these, made
# broken or not-PDF/A on purpose: keep.pdf (holds "keep me"), the pdfa negative controls
# (pdfa/neg-*.pdf), pdfa/plain.pdf (--no-pdfa), and the other checkers' negative controls
# hand-edited through qpdf --qdf + sed + fix-qdf (their bytes are not gongwen's):
# invisible.pdf, grid/{down3,right5,nooutline,sealmoved}.pdf, tables/{norule,shifted,nolabel}.pdf,
# and the QDF intermediates q.pdf, grid/q.pdf, grid/qs.pdf, tables/q.pdf (QDF streams end in
# "%QDF: ignore_newline" lines, which 6.1.7.1-1 rightly rejects).
pdfa_all() {
  local files=() f
  while IFS= read -r f; do
    case "$f" in
      "$T/keep.pdf" | "$pdfa_dir"/neg-*.pdf | "$pdfa_dir/plain.pdf") continue ;;
      "$T/invisible.pdf" | "$T"/grid/down3.pdf | "$T"/grid/right5.pdf | "$T"/grid/nooutline.pdf) continue ;;
      "$T"/grid/sealmoved.pdf | "$T"/tables/norule.pdf | "$T"/tables/shifted.pdf | "$T"/tables/nolabel.pdf) continue ;;
      "$T/q.pdf" | "$T"/grid/q.pdf | "$T"/grid/qs.pdf | "$T"/tables/q.pdf) continue ;;
    esac
    files+=("$f")
  done < <(find "$T" -name '*.pdf' | sort)
  [ ${#files[@]} -gt 20 ] || { echo "only ${#files[@]} PDFs found"; return 1; }
  echo "${#files[@]} PDFs" >"$pdfa_dir/count"
  "${PDFACHECK[@]}" "${files[@]}" | sed "s|$T/||"
  return "${PIPESTATUS[0]}"
}
check "pdfa: every PDF the suite rendered passes pdfacheck (PDF/A-2b rules) and qpdf --check" pdfa_all
[ -f "$pdfa_dir/count" ] && sed 's/^/     /' "$pdfa_dir/count"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
