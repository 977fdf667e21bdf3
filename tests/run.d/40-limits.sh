# 40-limits.sh: issue 10, defects 5 and 7 and the numbers of defect 9.
#
# Every limit of PDF/A-2b and libharu that input reaches (src/gw.h) and every layout value
# that could put content off the page is an input error with a position, found by `check`
# as well as `render`. Each is tested at its boundary: just under, `check` passes and the
# rendered PDF passes qpdf --check and pdfacheck; just over, `check` and `render` both exit 1
# with a positioned message (FILE:LINE:COL: error: ... (at /pointer)) and no output file.
# Sourced by tests/run.sh: uses check, $BIN and $T; scratch files under $T/limits.

lim=$T/limits
mkdir -p "$lim"

# lim_json FILE EXPR: writes the Python expression EXPR as JSON (UTF-8) to FILE.
lim_json() {
  python3 -c 'import json, sys; json.dump(eval(sys.argv[2]), open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)' "$1" "$2"
}
# lim_png FILE W H: an 8-bit RGB PNG of W x H red pixels.
lim_png() {
  python3 - "$@" <<'EOF'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
raw = b"".join(b"\0" + b"\xff\0\0" * w for _ in range(h))
open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
EOF
}
# lim_args DATA [LAYOUT]: sets lim_a to the command's arguments.
lim_args() {
  lim_a=("$1")
  [ -n "${2:-}" ] && lim_a+=(-l "$2")
  return 0
}
# lim_good NAME DATA [LAYOUT]: check and render exit 0; the PDF passes qpdf and pdfacheck.
lim_good() {
  local name=$1 out
  lim_args "$2" "${3:-}"
  out=$("$BIN" check "${lim_a[@]}" 2>&1) || { echo "check failed: $out" | head -n 3; return 1; }
  out=$("$BIN" render "${lim_a[@]}" -o "$lim/$name.pdf" 2>&1) ||
    { echo "render failed: $out" | head -n 3; return 1; }
  out=$(qpdf --check "$lim/$name.pdf" 2>&1) || { echo "qpdf: $out" | tail -n 3; return 1; }
  out=$(python3 tests/tools/pdfacheck.py "$lim/$name.pdf" 2>&1) ||
    { echo "pdfacheck: $out" | head -n 3; return 1; }
}
# lim_error OUT MSG PTR: OUT has a positioned error line containing MSG, at pointer PTR.
lim_error() {
  printf '%s\n' "$1" | grep -E '^[^ ]+:[0-9]+:[0-9]+: error: ' | grep -F -- "$2" | grep -qF -- "(at $3)"
}
# lim_bad NAME MSG PTR DATA [LAYOUT]: check and render exit 1 with a positioned error holding
# MSG at PTR; render creates no output file and leaves no temporary file.
lim_bad() {
  local name=$1 msg=$2 ptr=$3 out rc pdf=$lim/$1.pdf
  lim_args "$4" "${5:-}"
  rm -f "$pdf"
  out=$("$BIN" check "${lim_a[@]}" 2>&1)
  rc=$?
  [ $rc = 1 ] || { echo "check exited $rc: $out" | head -n 3; return 1; }
  lim_error "$out" "$msg" "$ptr" || { echo "check: no error '$msg' at $ptr: $out" | head -n 3; return 1; }
  out=$("$BIN" render "${lim_a[@]}" -o "$pdf" 2>&1)
  rc=$?
  if [ -e "$pdf" ]; then rm -f "$pdf"; echo "render wrote $pdf (exit $rc)"; return 1; fi
  [ $rc = 1 ] || { echo "render exited $rc: $out" | head -n 3; return 1; }
  lim_error "$out" "$msg" "$ptr" || { echo "render: no error '$msg' at $ptr: $out" | head -n 3; return 1; }
  ! ls "$pdf".tmp-* >/dev/null 2>&1 || { echo "a temporary file was left"; return 1; }
}
# lim_title_bytes PDF OBJ: the byte length of object OBJ's /Title string (libharu writes hex).
lim_title_bytes() {
  qpdf --show-object="$2" "$1" | grep -o '/Title <[0-9a-fA-F]*>' | awk '{ print (length($2) - 2) / 2 }'
}
# lim_outline_titles PDF: each outline entry as BYTES:END, BYTES its title's length as a PDF
# string (UTF-16BE with the BOM), END its last two characters; joined with spaces.
lim_outline_titles() {
  qpdf --json --json-key=outlines "$1" | python3 -c '
import json, sys
def walk(items):
    for o in items:
        yield o["title"]
        yield from walk(o.get("kids", []))
print(" ".join("%d:%s" % (2 + len(t.encode("utf-16-be")), t[-2:]) for t in walk(json.load(sys.stdin)["outlines"])))'
}

# --- defect 5: PDF/A strings (ISO 19005-2 6.1.13-3: at most 32,767 bytes) ----------------
# meta strings go to the Info dictionary as UTF-16BE with a BOM: 2 + 2 bytes a character
lim_json "$lim/title-max.json" '{"meta": {"title": "a" * 16382}, "body": [{"p": "正文"}]}'
lim_json "$lim/title-over.json" '{"meta": {"title": "a" * 16383}, "body": [{"p": "正文"}]}'
lim_json "$lim/title-32768.json" '{"meta": {"title": "a" * 32768}, "body": [{"p": "正文"}]}'
check "limits: meta.title of 16,382 characters (32,766 bytes in UTF-16) renders" \
  lim_good title-max "$lim/title-max.json"
lim_info_title_bytes() {
  local info n
  info=$(qpdf --show-object=trailer "$lim/title-max.pdf" | grep -o '/Info [0-9]* 0 R' | awk '{ print $2 }')
  n=$(lim_title_bytes "$lim/title-max.pdf" "$info")
  [ "$n" = 32766 ] || { echo "Info /Title is $n bytes, want 32766"; return 1; }
}
check "limits: meta.title of 16,382 characters is a 32,766-byte Info string" lim_info_title_bytes
check "limits: meta.title of 16,383 characters is an input error at /meta/title" \
  lim_bad title-over "the title is too long for the PDF: it takes 32768 bytes" /meta/title "$lim/title-over.json"
check "limits: meta.title of 32,768 bytes (render exit 3 before) is an input error" \
  lim_bad title-32768 "the title is too long for the PDF" /meta/title "$lim/title-32768.json"
# a character beyond U+FFFF takes a surrogate pair: 8,191 of them are 16,382 units
lim_json "$lim/astral-max.json" '{"meta": {"title": "\U00020BB7" * 8191}, "body": [{"p": "正文"}]}'
lim_json "$lim/astral-over.json" '{"meta": {"title": "\U00020BB7" * 8191 + "a"}, "body": [{"p": "正文"}]}'
check "limits: meta.title of 8,191 characters beyond U+FFFF renders" lim_good astral-max "$lim/astral-max.json"
check "limits: meta.title of 8,191 characters beyond U+FFFF and one more is an input error" \
  lim_bad astral-over "the title is too long for the PDF" /meta/title "$lim/astral-over.json"
lim_json "$lim/author-over.json" '{"meta": {"author": "机" * 16383}, "body": [{"p": "正文"}]}'
lim_json "$lim/subject-over.json" '{"meta": {"subject": "s" * 16383}, "body": [{"p": "正文"}]}'
check "limits: meta.author over the string limit is an input error at /meta/author" \
  lim_bad author-over "the author is too long for the PDF" /meta/author "$lim/author-over.json"
check "limits: meta.subject over the string limit is an input error at /meta/subject" \
  lim_bad subject-over "the subject is too long for the PDF" /meta/subject "$lim/subject-over.json"
# keywords are joined with ", " into one Info string
lim_json "$lim/kw-max.json" '{"meta": {"keywords": ["k" * 10000, "w" * 6380]}, "body": [{"p": "正文"}]}'
lim_json "$lim/kw-over.json" '{"meta": {"keywords": ["k" * 10000, "w" * 6381]}, "body": [{"p": "正文"}]}'
check "limits: meta.keywords joined to 16,382 characters render" lim_good kw-max "$lim/kw-max.json"
check "limits: meta.keywords joined to 16,383 characters are an input error at /meta/keywords" \
  lim_bad kw-over "the keywords, joined with" /meta/keywords "$lim/kw-over.json"

# Outline titles (the title block, h1-h4 with their numbers) are not refused: the bookmark
# keeps what fits and ends with "…", with a warning at the text.
lim_json "$lim/h1-max.json" '{"body": [{"h1": "a" * 16380}, {"p": "正文"}]}'
lim_json "$lim/h1-cut.json" '{"body": [{"h1": "a" * 16381}, {"p": "正文"}]}'
lim_json "$lim/h1-40000.json" '{"body": [{"title": "b" * 40000}, {"h1": "a" * 40000}, {"p": "正文"}]}'
lim_outline() {
  local name=$1 want=$2 warn=$3 out
  out=$("$BIN" check "$lim/$name.json" 2>&1) || { echo "check failed: $out" | head -n 3; return 1; }
  if [ "$warn" = yes ]; then
    printf '%s\n' "$out" | grep -E '^[^ ]+:[0-9]+:[0-9]+: warning: the text is too long for its bookmark' |
      grep -qF '(at /body/' || { echo "no positioned warning: $out" | head -n 3; return 1; }
  else
    [ -z "$out" ] || { echo "unexpected output: $out" | head -n 3; return 1; }
  fi
  lim_good "$name" "$lim/$name.json" || return 1
  out=$(lim_outline_titles "$lim/$name.pdf")
  [ "$out" = "$want" ] || { echo "outline titles: got $out, want $want"; return 1; }
}
# "一、" and 16,380 letters: 16,382 UTF-16 units, 32,766 bytes with the BOM
check "limits: an h1 whose bookmark takes 32,766 bytes keeps it whole, no warning" \
  lim_outline h1-max "32766:aa" no
check "limits: an h1 one character longer gets a bookmark cut to 16,381 characters and …" \
  lim_outline h1-cut "32766:a…" yes
check "limits: a title and an h1 of 40,000 letters (exit 3 before) render with cut bookmarks" \
  lim_outline h1-40000 "32766:b… 32766:a…" yes

# --- defect 5: page boundaries (6.1.13-11: 3 to 14,400 units; libharu refuses others) ------
lim_page() {
  lim_json "$lim/page-$1.json" '{"extends": "gbt9704", "page": {"width": "'"$2"'", "height": "'"$2"'",
    "margins": {"top": "37mm", "bottom": "35mm", "left": "28mm", "right": "26mm"}}}'
}
lim_json "$lim/doc.json" '{"body": [{"h1": "总体情况"}, {"p": "本年度，本机关认真贯彻落实政府信息公开工作要求。"}]}'
lim_page max 14400pt
lim_page over 14400.001pt
check "limits: a page of 14,400 x 14,400 pt renders" lim_good page-max "$lim/doc.json" "$lim/page-max.json"
check "limits: a page of 14,400.001 pt is an input error at /page/width" \
  lim_bad page-over "out of range" /page/width "$lim/doc.json" "$lim/page-over.json"

# --- defect 5 and 7: the seal stays on the page (libharu's /BBox reals end at 32,767) --------
# gbt9704 with a seal: the block's top can be the type area's top (104.882pt + 2 lines of
# 28.99pt above the seal's centre) or its end the type area's end (99.213pt + 2 lines below
# it): 314.386pt high at most, so a 42 mm (119.055pt) wide image of 100 x 264 pixels fits and
# one of 100 x 265 does not.
lim_png "$lim/seal-264.png" 100 264
lim_png "$lim/seal-265.png" 100 265
lim_png "$lim/seal-tall.png" 10 2000
lim_seal() {
  lim_json "$lim/seal-$1.json" '{"body": [{"p": "正文"}, {"signature": {"org": "青铜峡市信访局",
    "date": "2021-01-15", "seal": "'"$2"'"}}]}'
}
lim_seal 264 seal-264.png
lim_seal 265 seal-265.png
lim_seal tall seal-tall.png
check "limits: a seal 314.3pt high renders" lim_good seal-264 "$lim/seal-264.json"
check "limits: a seal 315.5pt high is an input error at the seal" \
  lim_bad seal-265 "would run past the page's bottom edge; at most 314.386pt high fits" \
  /body/1/signature/seal "$lim/seal-265.json"
check "limits: a 10 x 2000 pixel seal (drawn 23,811pt high, off the page before) is an input error" \
  lim_bad seal-tall "the seal image (10x2000 pixels) drawn 119.055pt wide is 23811pt high" \
  /body/1/signature/seal "$lim/seal-tall.json"
lim_json "$lim/seal-wide.json" '{"extends": "gbt9704", "seal": {"width": "442.206pt"}}'
check "limits: seal.width wider than the type area is an input error at /seal/width" \
  lim_bad seal-wide "does not fit the type area's width of 442.205pt" /seal/width \
  "$lim/doc.json" "$lim/seal-wide.json"

# --- defect 7: indents and sizes against the measure -----------------------------------------
# the issue's case: one character per line and indent 100 put the first glyph at x = 44,299pt
lim_json "$lim/one-char.json" '{"extends": "gbt9704", "grid": {"chars_per_line": 1, "lines_per_page": 22,
  "style": "body"}, "styles": {"body": {"font": "fang", "size": "三号", "align": "justify", "indent": 100}}}'
check "limits: indent 100 on a line of one character is an input error at /styles/body/indent" \
  lim_bad one-char "indent 100 leaves no room on the first line: a line holds 1 character" \
  /styles/body/indent "$lim/doc.json" "$lim/one-char.json"
lim_indent() {
  lim_json "$lim/indent-$1.json" '{"extends": "gbt9704", "styles": {"body": {"font": "fang",
    "size": "三号", "align": "justify", "indent": '"$1"'}}}'
}
lim_indent 27
lim_indent 28
check "limits: indent 27 on a line of 28 characters renders" \
  lim_good indent-27 "$lim/doc.json" "$lim/indent-27.json"
check "limits: indent 28 on a line of 28 characters is an input error" \
  lim_bad indent-28 "so the indent is at most 27" /styles/body/indent "$lim/doc.json" "$lim/indent-28.json"
# a character of the size is at most the type area's width: 448pt on gbt9704's grid (28
# cells of 16pt); the bottom margin is made large so that the line pitch is not what fails
lim_size() {
  lim_json "$lim/size-$1.json" '{"extends": "gbt9704", "page": {"width": "210mm", "height": "1000pt",
    "margins": {"top": "50pt", "bottom": "500pt", "left": "28mm", "right": "26mm"}},
    "styles": {"title": {"font": "xiaobiaosong", "size": "'"$2"'", "align": "center"}}}'
}
lim_size max 448pt
lim_size over 448.01pt
lim_json "$lim/title.json" '{"body": [{"title": "标题"}, {"p": "正文"}]}'
check "limits: a title style of 448pt (one character fills the line) renders" \
  lim_good size-max "$lim/title.json" "$lim/size-max.json"
check "limits: a title style of 448.01pt is an input error at /styles/title/size" \
  lim_bad size-over "size 448.01pt is too large for the grid" /styles/title/size \
  "$lim/title.json" "$lim/size-over.json"
# a line's em box on the last grid line ends on the page: size <= pitch + bottom margin
# (800pt page, 100pt and 20pt margins, 20 lines of 34pt: 54pt)
lim_pitch() {
  lim_json "$lim/pitch-$1.json" '{"extends": "gbt9704", "page": {"width": "210mm", "height": "800pt",
    "margins": {"top": "100pt", "bottom": "20pt", "left": "28mm", "right": "26mm"}},
    "grid": {"chars_per_line": 28, "lines_per_page": 20, "style": "body"}, "page_number": None,
    "styles": {"title": {"font": "xiaobiaosong", "size": "'"$2"'", "align": "center"}}}'
}
lim_pitch max 54pt
lim_pitch over 54.001pt
check "limits: a 54pt title with a 34pt pitch and a 20pt bottom margin renders" \
  lim_good pitch-max "$lim/title.json" "$lim/pitch-max.json"
check "limits: a 54.001pt title there is an input error (it could end below the page)" \
  lim_bad pitch-over "size 54.001pt is too large for the line pitch" /styles/title/size \
  "$lim/title.json" "$lim/pitch-over.json"
# the grid: a line pitch or a cell under 1pt cannot hold text (a pitch of 0 divided by zero)
lim_grid() {
  lim_json "$lim/grid-$1.json" '{"extends": "gbt9704", "page": {"width": "210mm", "height": "297mm",
    "margins": {"top": "37mm", "bottom": "'"$2"'", "left": "28mm", "right": "26mm"}},
    "grid": {"chars_per_line": 28, "lines_per_page": 200, "style": "body"}}'
}
lim_grid max 537.008pt
lim_grid over 537.009pt
lim_grid zero 736.99pt
check "limits: 200 lines in a type area 200pt high (a 1pt pitch) render" \
  lim_good grid-max "$lim/doc.json" "$lim/grid-max.json"
check "limits: 200 lines in a type area 199.999pt high are an input error at /grid/lines_per_page" \
  lim_bad grid-over "200 lines per page make a line pitch of 0.999pt" /grid/lines_per_page \
  "$lim/doc.json" "$lim/grid-over.json"
check "limits: a line pitch of 0 (SIGFPE before) is an input error" \
  lim_bad grid-zero "make a line pitch of 0pt" /grid/lines_per_page "$lim/doc.json" "$lim/grid-zero.json"
lim_json "$lim/cells.json" '{"extends": "gbt9704", "page": {"width": "210mm", "height": "297mm",
  "margins": {"top": "37mm", "bottom": "35mm", "left": "100mm", "right": "109.99mm"}},
  "grid": {"chars_per_line": 200, "lines_per_page": 22, "style": "body"}}'
check "limits: a grid cell under 1pt is an input error at /grid/chars_per_line" \
  lim_bad cells "200 characters per line make a cell of" /grid/chars_per_line "$lim/doc.json" "$lim/cells.json"

# --- defect 7: the page number ------------------------------------------------------------
# indent: room for one character of 14pt in 442.205pt: 31 characters, the indent at most 30
lim_pn() {
  lim_json "$lim/pn-$1.json" '{"extends": "gbt9704", "page_number": {"style": "page_number",
    "format": "'"$2"'", "below": "'"$3"'", "indent": '"$4"'}}'
}
lim_pn indent-max "{n}" 7mm 30
lim_pn indent-over "{n}" 7mm 31
lim_pn below-max "— {n} —" 85.213pt 1
lim_pn below-over "— {n} —" 85.214pt 1
lim_pn wide "第{n}页共计若干页此处文字很长很长很长很长很长很长很长很长很长很长很长很长很长" 7mm 1
check "limits: page number indent 30 renders" lim_good pn-indent-max "$lim/doc.json" "$lim/pn-indent-max.json"
check "limits: page number indent 31 is an input error at /page_number/indent" \
  lim_bad pn-indent-over "indent 31 leaves no room for the page number" /page_number/indent \
  "$lim/doc.json" "$lim/pn-indent-over.json"
# its 14pt em box, "below" under the type area, ends above the page's edge (35 mm margin)
check "limits: a page number 85.213pt below the type area renders" \
  lim_good pn-below-max "$lim/doc.json" "$lim/pn-below-max.json"
check "limits: a page number 85.214pt below the type area is an input error at /page_number/below" \
  lim_bad pn-below-over "would end 0.001pt below the page" /page_number/below \
  "$lim/doc.json" "$lim/pn-below-over.json"
check "limits: a page number wider than the type area is an input error at /page_number/format" \
  lim_bad pn-wide "does not fit the type area's width of 442.205pt" /page_number/format \
  "$lim/doc.json" "$lim/pn-wide.json"

# --- defect 7: the signature (2 characters from the right, GB/T 9704-2012 7.3.5.2) ---------
# 26 characters of 15.793pt and the 2-character offset fill the 442.205pt line
lim_org() {
  lim_json "$lim/org-$1.json" '{"body": [{"p": "正文"}, {"signature": {"org": "局" * '"$1"', "date": "2021-01-15"}}]}'
}
lim_org 26
lim_org 27
check "limits: an organ of 26 characters renders" lim_good org-26 "$lim/org-26.json"
check "limits: an organ of 27 characters (drawn off the page before) is an input error at its org" \
  lim_bad org-27 "the signature does not fit on the line: the organ" /body/1/signature/org "$lim/org-27.json"
lim_json "$lim/lines-3.json" '{"extends": "gbt9704", "grid": {"chars_per_line": 28, "lines_per_page": 3, "style": "body"}}'
lim_json "$lim/lines-2.json" '{"extends": "gbt9704", "grid": {"chars_per_line": 28, "lines_per_page": 2, "style": "body"}}'
check "limits: a signature of 3 lines on pages of 3 lines renders" \
  lim_good lines-3 "$lim/org-26.json" "$lim/lines-3.json"
check "limits: a signature of 3 lines on pages of 2 lines is an input error at the block" \
  lim_bad lines-2 "the signature takes 3 lines (1 blank above the organ) and a page of this layout has 2" \
  /body/1 "$lim/org-26.json" "$lim/lines-2.json"

# --- defect 7: table padding ------------------------------------------------------------
# 2 x padding_x + border + one 14pt character (13.818pt on the grid) <= 442.205pt
lim_pad() {
  lim_json "$lim/pad-$1.json" '{"extends": "gbt9704", "table": {"border": "0.5pt", "padding_x": "'"$2"'",
    "padding_y": "1mm", "leading": 1.25}}'
}
lim_pad max 213.943pt
lim_pad over 213.944pt
lim_json "$lim/table.json" '{"body": [{"table": {"columns": ["1fr"], "rows": [["甲"], ["乙"]]}}]}'
check "limits: table padding that leaves one character renders" lim_good pad-max "$lim/table.json" "$lim/pad-max.json"
check "limits: table padding that leaves less is an input error at /table/padding_x" \
  lim_bad pad-over "table cells need 442.206pt" /table/padding_x "$lim/table.json" "$lim/pad-over.json"

# --- defect 9: numbers that underflow are refused like numbers that overflow -----------------
lim_num() {
  printf '{"body": [{"table": {"columns": ["1fr"], "rows": [[%s]]}}]}\n' "$2" >"$lim/num-$1.json"
}
lim_num under 1e-400
lim_num subnormal -1.5e-310
lim_num over 1e309
lim_num min 2.2250738585072014e-308
lim_num zero 0e-400
check "limits: 1e-400 (read as 0 before) is an input error" \
  lim_bad num-under "number 1e-400 is out of range (too close to 0" /body/0/table/rows/0/0 "$lim/num-under.json"
check "limits: a subnormal -1.5e-310 is an input error" \
  lim_bad num-subnormal "number -1.5e-310 is out of range (too close to 0" /body/0/table/rows/0/0 \
  "$lim/num-subnormal.json"
check "limits: 1e309 is an input error" \
  lim_bad num-over "number 1e309 is out of range" /body/0/table/rows/0/0 "$lim/num-over.json"
check "limits: the smallest normal double renders" lim_good num-min "$lim/num-min.json"
check "limits: 0e-400 is zero and renders" lim_good num-zero "$lim/num-zero.json"
