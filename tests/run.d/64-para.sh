# 64-para.sh: the 主体's paragraph forms (issue 11, part D), check/render agreement, --trace.
#
# Sourced by tests/run.sh. Scratch: $T/para. Data: tests/cases/i11/para/. Covers, measured from
# the PDF by tests/tools/paracheck.py (±0.5 pt), each with a negative control (a document that
# breaks the rule makes the check fail): paragraph alignment left/center/right; a run-in
# heading in 楷体 followed by 仿宋 on the same line, with the line breaking across runs (and
# gridcheck's kinsoku rules); bold (more ink, stroked text) and its trace token; 主送 flush left
# ending with "："; 附注 in brackets 2 字 in on the line after the date; 附件说明's hanging indent
# and its blank line; attendance label in 黑体, names in 仿宋 with a hanging indent; headings
# typed with their own number (kept, warned about at their position when not the automatic
# number); load and build errors with exact messages; `check` and `render` agree on every JSON
# document of the repository; `--trace` with a line break in every block kind that allows one.
PARA=$T/para
PD=tests/cases/i11/para
PC=(python3 tests/tools/paracheck.py)
mkdir -p "$PARA"
L=79.370     # the type area's left edge (28 mm)
L2=110.956   # 2 字 in: L + 2 * 442.205 / 28

# variant DST SED_EXPR: a copy of all.json edited (for negative controls), rendered to DST.pdf
para_variant() {
  sed "$2" "$PD/all.json" >"$PARA/$1.json" &&
    "$BIN" render "$PARA/$1.json" -o "$PARA/$1.pdf" --trace "$PARA/$1.trace" 2>/dev/null
}
# fails CMD...: CMD fails (a negative control)
fails() { ! "$@" >/dev/null 2>&1; }

check "para: all.json renders (every paragraph form), with no message" \
  bash -c "'$BIN' render '$PD/all.json' -o '$PARA/all.pdf' --trace '$PARA/all.trace' 2>'$PARA/all.err' && [ ! -s '$PARA/all.err' ]"

# --- alignment and indent ------------------------------------------------------------------
for a in left center right; do
  t=$(case $a in left) echo 左对齐的一行 ;; center) echo 居中的一行 ;; right) echo 右对齐的一行 ;; esac)
  check "para: \"align\": \"$a\" with indent 0 is $a-aligned in the type area (±0.5 pt)" \
    "${PC[@]}" align "$PARA/all.pdf" "$t" "$a"
done
para_noalign() {
  sed -e 's/, "align": "[a-z]*", "indent": 0//' "$PD/all.json" >"$PARA/noalign.json" &&
    "$BIN" render "$PARA/noalign.json" -o "$PARA/noalign.pdf" || return 1
  fails "${PC[@]}" align "$PARA/noalign.pdf" 左对齐的一行 left &&
    fails "${PC[@]}" align "$PARA/noalign.pdf" 居中的一行 center &&
    fails "${PC[@]}" align "$PARA/noalign.pdf" 右对齐的一行 right
}
check "para: negative controls: paragraphs without \"align\" fail the left, center and right checks" para_noalign
para_indent() {
  "${PC[@]}" startx "$PARA/all.pdf" 左对齐的一行 "$L" && "${PC[@]}" startx "$PARA/noalign.pdf" 左对齐的一行 "$L2"
}
check "para: \"indent\": 0 puts the first line at the type area's left edge; the default is the style's 2" para_indent

# --- runs ----------------------------------------------------------------------------------
check "para: the run-in heading is in 楷体 and the text after it in 仿宋, on the same line" \
  "${PC[@]}" runin "$PARA/all.pdf" "（一）依申请公开情况。" Kai "本年度" Fang
check "para: the paragraph with runs breaks as one (a run runs over a full line's end)" \
  "${PC[@]}" split "$PARA/all.pdf" "一百二十件"
para_nostyle() {
  para_variant nostyle 's/, "style": "h2"//' &&
    fails "${PC[@]}" runin "$PARA/nostyle.pdf" （一）依申请公开情况。 Kai 本年度 Fang
}
check "para: negative control: without its style the run-in heading is not in 楷体" para_nostyle
check "para: no line of all.json breaks the kinsoku rules (gridcheck)" \
  python3 tests/tools/gridcheck.py "$PARA/all.pdf" --kinsoku-only
check "para: a line with runs is one trace item per run piece, each with its face" \
  bash -c "grep -q '^text 110.956 [0-9.]* [0-9.]* 16.000 FandolKai-Regular \"（一）依申请公开情况。\"\$' '$PARA/all.trace' &&
    grep -q 'FandolFang-Regular \"本年度' '$PARA/all.trace'"

# --- bold ----------------------------------------------------------------------------------
para_bold() {
  para_variant plain 's/"bold": true/"bold": false/' || return 1
  grep -q '"办理时限全部符合规定。" bold$' "$PARA/all.trace" || { echo "no bold token in the trace"; return 1; }
  ! grep -q ' bold$' "$PARA/plain.trace" || { echo "bold token without bold"; return 1; }
  "${PC[@]}" bolder "$PARA/all.pdf" "$PARA/plain.pdf" || return 1
  # negative control: the plain document is not bolder than itself
  fails "${PC[@]}" bolder "$PARA/plain.pdf" "$PARA/plain.pdf" || { echo "control passed"; return 1; }
}
check "para: a bold run is emboldened (stroked text, more ink than without; trace \" bold\"), with a control" para_bold

# --- 主送, 附注, 附件说明, attendance -----------------------------------------------------------
check "para: 主送 flush left, its continuation line flush left, ending with \"：\" (added)" \
  "${PC[@]}" block "$PARA/all.pdf" 各区县 "和人民团体：" "$L"
check "para: 主送 is one blank line below the title (the title style's space_after)" \
  "${PC[@]}" below "$PARA/all.pdf" 通知 各区县 2
para_to_p() {
  para_variant to-p 's/{"to": /{"p": /' && fails "${PC[@]}" block "$PARA/to-p.pdf" 各区县 和人民团体 "$L"
}
check "para: negative control: a 主送 given as a paragraph fails the flush-left check" para_to_p
para_note() {
  "${PC[@]}" below "$PARA/all.pdf" 2021年1月15日 （此件公开发布） 1 &&
    "${PC[@]}" startx "$PARA/all.pdf" （此件公开发布） "$L2"
}
check "para: 附注 in full-width brackets on the line after the date, 2 字 in" para_note
para_note_p() {
  para_variant note-p 's/{"note": /{"p": /' &&
    fails "${PC[@]}" below "$PARA/note-p.pdf" 2021年1月15日 （此件公开发布） 1
}
check "para: negative control: a 附注 given as a paragraph has no brackets" para_note_p
para_an() {
  "${PC[@]}" startx "$PARA/all.pdf" 附件：1. "$L2" && "${PC[@]}" below "$PARA/all.pdf" 右对齐的一行 附件： 2 &&
    grep -q '^text 158.335 [0-9.]* 12.000 16.000 LiberationSerif "2."' "$PARA/all.trace"
}
check "para: 附件说明 2 字 in, one blank line below the 正文, the numbers under each other" para_an
check "para: 附件说明's continuation line starts at the item text's x (hanging indent, ±0.5 pt)" \
  "${PC[@]}" hang "$PARA/all.pdf" 某某市二〇二〇
para_an_p() {
  para_variant an-p 's/{"attachment_note": \["\([^"]*\)", "\([^"]*\)"\]}/{"p": "附件：1.\1"}/' &&
    fails "${PC[@]}" hang "$PARA/an-p.pdf" 某某市二〇二〇
}
check "para: negative control: 附件说明 typed as a paragraph has no hanging indent" para_an_p
para_att() {
  "${PC[@]}" face "$PARA/all.pdf" 出席： Hei && "${PC[@]}" face "$PARA/all.pdf" 张三、李四 Fang &&
    "${PC[@]}" hang "$PARA/all.pdf" 张三 && "${PC[@]}" startx "$PARA/all.pdf" 出席： "$L2" &&
    "${PC[@]}" face "$PARA/all.pdf" 请假： Hei && "${PC[@]}" below "$PARA/all.pdf" （此件公开发布） 出席 2
}
check "para: attendance: label in 黑体, names in 仿宋 aligned after the colon, a blank line above" para_att
para_att_neg() {
  sed 's/"attendance": "label"/"attendance": "body"/' layouts/gbt9704.json >"$PARA/lay.json" &&
    para_variant att 's|"layout": "gbt9704"|"layout": "lay.json"|' &&
    fails "${PC[@]}" face "$PARA/att.pdf" 出席： Hei || return 1
  para_variant att-p 's/{"attendance": {"label": "出席", "text": "\([^"]*\)"}}/{"p": "出席：\1"}/' &&
    fails "${PC[@]}" hang "$PARA/att-p.pdf" 张三
}
check "para: negative controls: a label in the body style is not 黑体; names as a paragraph do not hang" para_att_neg

# --- headings with their own number, messages -------------------------------------------------
para_messages() { # NAME: check and render print exactly $PD/NAME.stderr
  local n=$1 want=$PD/$1.stderr
  "$BIN" check "$PD/$n.json" 2>"$PARA/$n.check" >/dev/null
  "$BIN" render "$PD/$n.json" -o "$PARA/$n.pdf" 2>"$PARA/$n.render" >/dev/null
  grep -v '^gongwen: error: not rendered' "$PARA/$n.render" | diff "$want" - || return 1
  diff "$want" "$PARA/$n.check"
}
check "para: headings typed with their own number: kept, warned at the number when not the automatic one" \
  para_messages headings
check "para: own-numbered headings are not numbered twice; the automatic count goes on" \
  bash -c "'$BIN' render '$PD/headings.json' -o '$PARA/h.pdf' --trace '$PARA/h.trace' 2>/dev/null &&
    grep -q '\"一、总体情况\"' '$PARA/h.trace' && ! grep -q '一、一、' '$PARA/h.trace' &&
    grep -q '\"三、\"\$' '$PARA/h.trace' && grep -q '\"1.5\"' '$PARA/h.trace' && grep -q '\"四、改进措施\"' '$PARA/h.trace'"
para_errors() { para_messages "$1" && [ ! -e "$PARA/$1.pdf" ]; }
check "para: load errors of the paragraph forms, every one with its exact message and position" \
  para_errors load-errors
check "para: run styles unknown or of another size, an indent past the line (errors); ':' and '()' (warnings)" \
  para_errors build-errors

# --- check and render agree on every JSON document --------------------------------------------
# para_agree_one FILE: check and render FILE; prints what differs (exit status zero or not;
# the messages, but for render's closing "not rendered" line)
para_agree_one() {
  local f=$1 w c r
  w=$(mktemp -d "$PARA/agree.XXXXXX")
  "$BIN" check "$f" >/dev/null 2>"$w/check"
  c=$?
  "$BIN" render "$f" -o "$w/out.pdf" >/dev/null 2>"$w/render"
  r=$?
  grep -v '^gongwen: error: not rendered: ' "$w/render" >"$w/render.msgs"
  if [ $((c != 0)) != $((r != 0)) ]; then
    echo "$f: check exits $c, render $r"
  elif ! diff -q "$w/check" "$w/render.msgs" >/dev/null; then
    echo "$f: check and render print different messages:"
    diff "$w/check" "$w/render.msgs" | head -5
  fi
  rm -rf "$w"
}
para_agree() {
  local n out
  n=$(find samples tests examples docs -name '*.json' | wc -l)
  [ "$n" -ge 80 ] || { echo "only $n documents"; return 1; }
  export -f para_agree_one
  out=$(find samples tests examples docs -name '*.json' -print0 | sort -z |
    BIN=$BIN PARA=$PARA xargs -0 -n 1 -P 8 bash -c 'para_agree_one "$1"' _)
  [ -z "$out" ] || { echo "$out"; return 1; }
}
check "para: check and render agree (exit status, messages) on every JSON document of the repository" para_agree

# --- --trace never crashes ---------------------------------------------------------------------
check "para: --trace with line breaks in every block kind that allows one (title, h1-h4, p, runs, to, 附件说明, table, 附注, attendance)" \
  bash -c "'$BIN' render '$PD/newlines.json' -o '$PARA/nl.pdf' --trace '$PARA/nl.trace' 2>'$PARA/nl.err' &&
    grep -q '\"（附\"' '$PARA/nl.trace' && grep -q '\"第二个\"' '$PARA/nl.trace' && ! grep -q '\"\"' '$PARA/nl.trace' &&
    python3 tests/tools/pdfacheck.py '$PARA/nl.pdf' >/dev/null"

# --- the schema knows the new keys ---------------------------------------------------------------
check "para: all.json and headings.json validate against schemas/data.schema.json; load-errors.json does not" \
  bash -c "/usr/bin/python3 tests/tools/schemacheck.py '$PD/all.json' '$PD/headings.json' --schema schemas/data.schema.json >/dev/null &&
    ! /usr/bin/python3 tests/tools/schemacheck.py '$PD/load-errors.json' --schema schemas/data.schema.json >/dev/null"
