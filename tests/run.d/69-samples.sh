# 69-samples.sh: the whole 公文 family measured from the PDF (issue 11, part E). Sourced by
# tests/run.sh.
#
# 1. Negative controls for what gridcheck.py adds for the family: synthetic documents drawn by
#    tests/cases/i11/grid/synth.py, one good document of each kind (通知 with 版头, 附件, blank
#    page and 版记; 信函; 命令 with a 签名章; 纪要; a joint signature with two seals), each of which
#    gridcheck must pass, and copies with one defect each, which must fail exactly the rule named.
# 2. The six samples (samples/notice.json … minutes.json): rendered, then pdfacheck.py, qpdf
#    --check and gridcheck with the flags each needs; a missing sample is a failure
#    (all six are in samples/).
# 3. docs/samples/NAME-first.png and NAME-last.png (make docs-png) are current.
s69=$T/samples69
mkdir -p "$s69"
s69_synth() { python3 tests/cases/i11/grid/synth.py "$1" "$s69/$1.pdf"; }
# s69_catches RULE CASE [ARGS...]: gridcheck exits 1 with "FAIL RULE:" on the synthetic CASE
s69_catches() {
  local rule=$1 case=$2 out
  shift 2
  s69_synth "$case" || return 1
  out=$(python3 tests/tools/gridcheck.py "$s69/$case.pdf" --no-outline --only "$rule" "$@" 2>&1)
  [ $? = 1 ] && grep -q "^FAIL $rule:" <<<"$out"
}
s69_passes() { # CASE [ARGS...]
  local case=$1
  shift
  s69_synth "$case" && python3 tests/tools/gridcheck.py "$s69/$case.pdf" --no-outline "$@"
}
check "gridcheck 版头: a 通知 with 份号, 密级, red 标志, 发文字号 and red rule above a grid body passes" s69_passes notice
check "gridcheck --data: 主送, 附件说明 (附件：1. …), the signature and a 附件's paragraphs as in the data" \
  s69_passes notice --data tests/cases/i11/grid/notice.json
check "gridcheck --data: an 附件说明 whose item differs from the data fails (paragraphs)" \
  s69_catches paragraphs notice --data tests/cases/i11/grid/notice-badnote.json
check "gridcheck --data: a 主送 indented 2 cells, not flush left, fails (paragraphs)" \
  s69_catches paragraphs to-indent --data tests/cases/i11/grid/notice.json
check "gridcheck 版头: a 标志 wider than the type area fails (type-area)" s69_catches type-area head-wide
check "gridcheck 版头: a 发文字号 starting with ， fails (kinsoku)" s69_catches kinsoku head-comma
check "gridcheck 版头: a body line 2 pt off the grid below the 版头 fails (grid-pitch)" s69_catches grid-pitch body-off-grid
check "gridcheck 附件说明: a long name wrapped 1 cell off its hanging indent fails (left-edge)" s69_catches left-edge hang-off
check "gridcheck 附件: the label 2 mm right of 28 mm fails (attachment)" s69_catches attachment att-left
check "gridcheck 附件: the label in 仿宋, not 黑体, fails (attachment)" s69_catches attachment att-font
check "gridcheck 附件: the title on line 2, not 3, fails (attachment)" s69_catches attachment att-title
check "gridcheck 版记: rules 3 mm above the type area's bottom edge fail (record)" s69_catches record record-high
check "gridcheck 版记: 16 pt text fails (record)" s69_catches record record-size
check "gridcheck 版记: a 抄送 line starting with ， fails (kinsoku)" s69_catches kinsoku record-comma
check "gridcheck 7.5: a blank page not right before the 版记 page fails (blank-pages)" s69_catches blank-pages blank-early
check "gridcheck 7.5: a numbered blank page before the 版记 fails (page-number)" s69_catches page-number blank-numbered
check "gridcheck 7.5: a numbered 版记 page after a blank page fails (page-number)" s69_catches page-number record-numbered
check "gridcheck: a page without its number fails (page-number)" s69_catches page-number pn-missing
check "gridcheck: --no-number-pages 2 on a numbered page 2 fails (page-number)" s69_catches page-number notice --no-number-pages 2
check "gridcheck 信函: 标志 30 mm from the top, 170 mm double rules, no number on page 1: passes" s69_passes letter
check "gridcheck 信函: passes with --letter given too" s69_passes letter --letter
check "gridcheck 信函: a 标志 25 mm from the top fails (type-area)" s69_catches type-area letter-high
check "gridcheck 信函: 170 mm rules 5 mm off centre fail (type-area)" s69_catches type-area letter-offcentre
check "gridcheck 信函: 170 mm rules 5 mm off centre fail (zones)" s69_catches zones letter-offcentre
check "gridcheck 信函: a number on page 1 fails (page-number)" s69_catches page-number letter-pn
check "gridcheck 信函: red rules 176 mm long (not 170) are not allowed past the type area (type-area)" s69_catches type-area letter-far
check "gridcheck 命令: red 标志 and 令号 off the grid, 签名章 signature: passes" s69_passes order
check "gridcheck 命令: passes with --head-lines 2 --signature stamp" s69_passes order --head-lines 2 --signature stamp
check "gridcheck 命令: a body line 3 pt off the grid fails (grid-pitch)" s69_catches grid-pitch order-off-grid
check "gridcheck 签名章: a stamp 3 mm right of 4 cells from the right fails (seal)" s69_catches seal stamp-off
check "gridcheck 纪要: 出席 names hanging under the first name pass, paragraphs as in the data" \
  s69_passes minutes --data tests/cases/i11/grid/minutes.json
check "gridcheck 纪要: 出席 names wrapped 1 cell left of the hanging indent fail (left-edge)" s69_catches left-edge attend-off
check "gridcheck joint: two organs, two seals, the last on the date, a white page background: passes (auto)" s69_passes joint
check "gridcheck joint: passes with --signature joint" s69_passes joint --signature joint
check "gridcheck joint: two seals that overlap fail (seal)" s69_catches seal seal-overlap
check "gridcheck joint: a seal past the type area's right edge fails (seal)" s69_catches seal seal-out
rm -f "$s69"/*.pdf

# --- the six samples of the family --------------------------------------------------------
S69_SAMPLES="notice request joint-notice letter order minutes"
s69_sample() { # NAME
  local n=$1 pdf=$s69/$1.pdf
  "$BIN" render "samples/$n.json" -o "$pdf" &&
  python3 tests/tools/pdfacheck.py "$pdf" &&
  qpdf --check "$pdf" >/dev/null &&
  python3 tests/tools/gridcheck.py "$pdf" --data "samples/$n.json"
}
s69_png() { # NAME: docs/samples/NAME-first.png and NAME-last.png are current (make docs-png)
  local n=$1 pdf=$s69/$1.pdf last
  [ -s "$pdf" ] || "$BIN" render "samples/$n.json" -o "$pdf" || return 1
  last=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$pdf" "$s69/$n-first" &&
  pdftoppm -r 60 -png -f "$last" -l "$last" -singlefile "$pdf" "$s69/$n-last" &&
  cmp "$s69/$n-first.png" "docs/samples/$n-first.png" &&
  cmp "$s69/$n-last.png" "docs/samples/$n-last.png"
}
for n in $S69_SAMPLES; do
  if [ ! -f "samples/$n.json" ]; then
    bad "samples/$n.json: missing (the 公文 family needs all six samples)"
    continue
  fi
  check "samples/$n.json: renders; PDF/A (pdfacheck), qpdf --check, GB/T 9704 composition (gridcheck)" s69_sample "$n"
  check "samples/$n.json: docs/samples/$n-first.png and -last.png are current (make docs-png)" s69_png "$n"
done
