# 91-same.sh: the output unchanged in what matters, against a baseline binary (issue 14, part D).
# Sourced by tests/run.sh.
#
# SAME_BASE is the pinned commit whose pages this build must reproduce. Move the pin when a later
# issue changes the pages on purpose (a layout rule, a font), after checking the change by eye:
# this test is for changes that must not show (content-stream writing, compression, subsetting,
# memory), not a golden file of the layout (tests/golden holds that).
SAME_BASE=${SAME_BASE:-b08688c}
#
# 1. The baseline: tests/tools/baseline.sh builds gongwen at SAME_BASE into
#    build/baseline-SHORTSHA/ once per clone (a release build, ~20 s on 2 cores, also under ASan).
# 2. Four documents rendered by both binaries: the sample, the sample with the issue's
#    TrueType fonts (tests/bench/ttf.json), the 5,000-row table (tests/tools/mkdoc.py table5000,
#    248 pages, all of them compared: ~10 s of pdftoppm) and tests/cases/special.json; each pair
#    must pass tests/tools/same.py: same page count, identical pdftotext output (reading order;
#    -layout is only reported: it changes with 0.005 pt shifts), every glyph's twin within
#    0.01 pt (mutool trace) and the same pixels at 100 dpi within anti-aliasing and one-pixel
#    snapping (same.py's header gives the tolerance and the measurements behind it).
# 3. Negative controls: copies of the baseline's sample altered by tests/tools/same_alter.py,
#    each of which must fail the check named (and a 0.005 pt move must pass the glyph check,
#    a 0.02 pt move the pixel check: the tolerances are not tighter than the issue's); and a
#    real render that differs: this binary with a layout whose left margin is 0.02 pt wider
#    and right margin 0.02 pt narrower (every glyph 0.02 pt to the right) fails the glyph check.
# Everything is made under $T/same91 and removed at the end (the altered copies are not PDF/A).
s91=$T/same91
mkdir -p "$s91"
s91_base=$(bash tests/tools/baseline.sh "$SAME_BASE" 2>"$s91/baseline.err")
if [ -z "$s91_base" ] || [ ! -x "$s91_base" ]; then
  bad "91-same: the baseline binary at $SAME_BASE could not be built"
  head -5 "$s91/baseline.err"
else
  python3 tests/tools/mkdoc.py table5000 -o "$s91/table5000.json"
  # s91_same NAME DATA [ARGS...]: both binaries render DATA; same.py passes on the pair
  s91_same() {
    local name=$1 data=$2
    shift 2
    "$s91_base" render "$data" -o "$s91/$name-base.pdf" "$@" &&
      "$BIN" render "$data" -o "$s91/$name-new.pdf" "$@" &&
      python3 tests/tools/same.py "$s91/$name-base.pdf" "$s91/$name-new.pdf" --tmp "$s91"
  }
  check "same as $SAME_BASE: the sample (pages, text, glyphs within 0.01 pt, pixels at 100 dpi)" \
    s91_same sample samples/annual-report-2020.json
  check "same as $SAME_BASE: the sample with the TrueType bench fonts (tests/bench/ttf.json)" \
    s91_same ttf samples/annual-report-2020.json -l tests/bench/ttf.json --allow-layout-paths
  check "same as $SAME_BASE: the 5,000-row table (all 248 pages)" s91_same table5000 "$s91/table5000.json"
  check "same as $SAME_BASE: tests/cases/special.json" s91_same special tests/cases/special.json
  # issue 14: "the 1x sample's file no larger than today": today is the baseline's
  s91_smaller() { # NAME: this binary's PDF no larger than the baseline's
    local a b
    a=$(stat -c %s "$s91/$1-base.pdf") b=$(stat -c %s "$s91/$1-new.pdf") || return 1
    echo "$1: $b bytes, $SAME_BASE $a"
    [ "$b" -le "$a" ]
  }
  check "no larger than $SAME_BASE's: the sample's PDF" s91_smaller sample
  check "no larger than $SAME_BASE's: the sample's PDF with the TrueType bench fonts" s91_smaller ttf

  # s91_fails CHECK HOW: same.py's CHECK fails (exit 1, "FAIL CHECK:") on the baseline's sample
  # against a copy altered by same_alter.py HOW
  s91_fails() {
    local out
    python3 tests/tools/same_alter.py "$s91/sample-base.pdf" "$s91/alt.pdf" "$2" || return 1
    out=$(python3 tests/tools/same.py "$s91/sample-base.pdf" "$s91/alt.pdf" --only "$1" --tmp "$s91")
    [ $? = 1 ] && grep -q "^FAIL $1:" <<<"$out"
  }
  s91_passes() { # CHECK HOW: the check still passes on the altered copy (a tolerance)
    python3 tests/tools/same_alter.py "$s91/sample-base.pdf" "$s91/alt.pdf" "$2" &&
      python3 tests/tools/same.py "$s91/sample-base.pdf" "$s91/alt.pdf" --only "$1" --tmp "$s91" >/dev/null
  }
  check "same.py catches a text item moved by 0.02 pt (glyphs)" s91_fails glyphs move=0.02
  check "same.py lets a move of 0.005 pt pass (glyphs: within 0.01 pt)" s91_passes glyphs move=0.005
  check "same.py lets a move of 0.02 pt pass the pixels (anti-aliasing only)" s91_passes pixels move=0.02
  check "same.py catches a text item moved by 1 pt in the pixels" s91_fails pixels move=1
  check "same.py catches two glyphs exchanged (text)" s91_fails text swap
  check "same.py catches two glyphs exchanged (glyphs)" s91_fails glyphs swap
  check "same.py catches a missing rule (pixels)" s91_fails pixels norule
  s91_pagecount() {
    local out
    qpdf --empty --pages "$s91/sample-base.pdf" 1-6 -- "$s91/alt.pdf" || return 1
    out=$(python3 tests/tools/same.py "$s91/sample-base.pdf" "$s91/alt.pdf" --only pages)
    [ $? = 1 ] && grep -q "^FAIL pages:" <<<"$out"
  }
  check "same.py catches a missing page (pages)" s91_pagecount
  s91_shifted() {
    local out
    # gbt9704's margins: left 28 mm = 79.370 pt, right 26 mm = 73.701 pt (1/1000 pt rounded)
    printf '%s\n' '{"version": 1, "extends": "gbt9704", "page": {"width": "210mm", "height": "297mm",' \
      '"margins": {"top": "37mm", "bottom": "35mm", "left": "79.39pt", "right": "73.681pt"}}}' >"$s91/shift.json"
    "$BIN" render samples/annual-report-2020.json -l "$s91/shift.json" --allow-layout-paths -o "$s91/alt.pdf" || return 1
    out=$(python3 tests/tools/same.py "$s91/sample-base.pdf" "$s91/alt.pdf" --only glyphs --tmp "$s91")
    [ $? = 1 ] && grep -q "^FAIL glyphs:.*0.0200 pt away" <<<"$out"
  }
  check "same.py catches a render whose glyphs all moved by 0.02 pt (a layout 0.02 pt off)" s91_shifted
fi
rm -rf "$s91"
