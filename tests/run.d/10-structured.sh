# 10-structured.sh: the seeded random test of structured documents, and the defects the
# structured fuzzer found (issue 10, "the fuzzer that would have found them"). Sourced by
# tests/run.sh.
#
# $B/fuzz/struct_random decodes the bytes of seeds 1..N (tests/fuzz/gen_doc.h) into layouts and
# documents (tables with random spans, long rowspans, header rows, headings, paragraphs,
# signatures and seals, page sizes and margins) and runs each through the pipeline with
# fuzz_struct.c's checks. GW_STRUCT_DOCS sets N: 5000 by default (about 20 s), 2000 under
# `make asan` (about 15 s). A failure prints the seed and the command that reproduces it.
st_dir=$T/structured
mkdir -p "$st_dir"
st_n=${GW_STRUCT_DOCS:-$([ "$ASAN" = 1 ] && echo 2000 || echo 5000)}
if st_out=$(TMPDIR=$st_dir "$B/fuzz/struct_random" --count "$st_n" 2>"$st_dir/random.err"); then
  ok "$st_out"
else
  bad "structured documents: $st_n seeds" "$(grep -E 'fuzz_struct:|struct:|ERROR|runtime error|^  ' "$st_dir/random.err" | head -n 8)"
fi

# The defects it found, each as the smallest input; each failed on the code before its fix.
# st_err NAME CMD...: the command exits 1 and prints exactly one error, saved in NAME.err
st_err() {
  local name=$1
  shift
  "$@" >/dev/null 2>"$st_dir/$name.err"
  [ $? = 1 ] && [ "$(grep -c ': error: ' "$st_dir/$name.err")" = 1 ]
}
st_json() { # FILE JSON: writes the file
  printf '%s\n' "$2" >"$st_dir/$1"
}
st_json body.json '{"body": [{"p": "正文。"}]}'

# a line break in the organ's name: a glyph without a font (trace painter crash, PDF exit 3)
st_json org-nl.json '{"body": [{"p": "正文。"}, {"signature": {"org": "机关一\n机关二", "date": "2021-01-15"}}]}'
st_org_nl() {
  st_err org-nl "$BIN" render "$st_dir/org-nl.json" -o "$st_dir/org-nl.pdf" --trace "$st_dir/org-nl.trace" &&
  [ ! -e "$st_dir/org-nl.pdf" ] &&
  grep -q 'org-nl.json:1:[0-9]*: error: a line break (\\n) is not allowed here: this text is set on one line (at /body/1/signature/org)$' "$st_dir/org-nl.err" &&
  st_err org-nl-check "$BIN" check "$st_dir/org-nl.json"
}
check "structured: a line break in a signature's organ is an error in check and render (render crashed)" st_org_nl
# the same in a page number format (render failed with exit 3 where check passed)
st_json pn-nl.json '{"version": 1, "extends": "gbt9704", "page_number": {"style": "page_number", "format": "— {n}\n —", "below": "7mm"}}'
st_pn_nl() {
  st_err pn-nl "$BIN" check "$st_dir/body.json" -l "$st_dir/pn-nl.json" &&
  grep -q 'pn-nl.json:1:[0-9]*: error: a line break (\\n) is not allowed here: this text is set on one line (at /page_number/format)$' "$st_dir/pn-nl.err" &&
  st_err pn-nl-render "$BIN" render "$st_dir/body.json" -l "$st_dir/pn-nl.json" -o "$st_dir/pn-nl.pdf" &&
  [ ! -e "$st_dir/pn-nl.pdf" ]
}
check "structured: a line break in the page number format is an error in check and render (render exit 3)" st_pn_nl

# beside a seal the name is centred over the date, but ends at the type area's right edge
python3 tests/tools/mkpng.py "$st_dir/seal.png"
st_json org-seal.json '{"body": [{"p": "正文。"}, {"signature": {"org": "某某省某某市人民政府办公室信息公开工作处理中心", "date": "2021-01-15", "seal": "seal.png"}}]}'
st_org_seal() {
  "$BIN" render "$st_dir/org-seal.json" -o "$st_dir/org-seal.pdf" --trace "$st_dir/org-seal.trace" || return 1
  # the type area of gbt9704 ends at 210 - 26 mm = 521.575 pt
  awk '$1 == "text" && /某某省/ { found = 1; if ($2 + $4 > 521.576) { print "ends at " $2 + $4; bad = 1 } }
       END { exit !found || bad }' "$st_dir/org-seal.trace"
}
check "structured: a long organ's name beside a seal ends at the type area's right edge (ran past it)" st_org_seal

# a caption taller than a page was one block: its lines ran off the page
python3 - "$st_dir/caption.json" <<'PY'
import json, sys
json.dump({"body": [{"table": {"columns": ["1fr", "1fr"], "caption": "很长的表格标题" * 400,
                               "rows": [["甲", "乙"]]}}]}, open(sys.argv[1], "w"), ensure_ascii=False)
PY
st_caption() {
  "$BIN" render "$st_dir/caption.json" -o "$st_dir/caption.pdf" --trace "$st_dir/caption.trace" || return 1
  awk '$1 == "page" { h = $4; n++ } $1 == "text" && ($3 < 0 || $3 > h) { print "baseline " $3; bad = 1 }
       END { exit bad || n < 2 }' "$st_dir/caption.trace" &&
  [ "$(grep -o '格' "$st_dir/caption.trace" | wc -l)" = 400 ]
}
check "structured: a caption taller than a page is cut between its lines, all on the pages (ran off the page)" st_caption

# an "auto" column beside an "fr" one took the whole width: the fr column was 0 pt wide and its
# text stood right of the table, in the margin (off the page with a margin of 0)
python3 - "$st_dir/fr.json" <<'PY'
import json, sys
json.dump({"body": [{"table": {"columns": ["auto", "1fr"],
                               "rows": [["很长很长的文字" * 20, "甲乙丙"]]}}]},
          open(sys.argv[1], "w"), ensure_ascii=False)
PY
st_fr() {
  "$BIN" render "$st_dir/fr.json" -o "$st_dir/fr.pdf" --trace "$st_dir/fr.trace" || return 1
  # gbt9704's type area: 79.370 to 521.575 pt; the fr column holds one character a line
  awk '$1 == "text" && /"(甲|乙|丙)"$/ { n++; if ($2 < 79.37 || $2 + $4 > 521.576) { print $0; bad = 1 } }
       END { exit bad || n != 3 }' "$st_dir/fr.trace"
}
check "structured: an fr column keeps its narrowest content beside an auto column (was 0 pt wide, text outside the table)" st_fr

# row heights summed in 32 bits: a rowspan over 160 rows of 14200 pt each passed 2^31 millipoints
# (signed overflow; the category label then appeared on 1 page of 160)
st_json ovf-layout.json '{"version": 1, "extends": "gbt9704", "page": {"width": "14400pt", "height": "14400pt", "margins": {"top": 0, "bottom": 0, "left": 0, "right": 0}}, "table": {"padding_y": "7100pt"}, "page_number": null}'
python3 - "$st_dir/ovf.json" <<'PY'
import json, sys
rows = [[{"text": "类别", "rowspan": 160}, "1"]] + [[str(i)] for i in range(2, 161)]
json.dump({"body": [{"table": {"columns": ["1fr", "1fr"], "rows": rows}}]},
          open(sys.argv[1], "w"), ensure_ascii=False)
PY
st_ovf() {
  "$BIN" render "$st_dir/ovf.json" -l "$st_dir/ovf-layout.json" -o "$st_dir/ovf.pdf" --trace "$st_dir/ovf.trace" || return 1
  [ "$(grep -c '^page' "$st_dir/ovf.trace")" = 160 ] &&
  [ "$(grep -c ' "类别"$' "$st_dir/ovf.trace")" = 160 ]
}
check "structured: rows whose heights pass 2^31 millipoints lay out (a label on each of 160 pages; was a signed overflow)" st_ovf
rm -f "$st_dir"/ovf.pdf
