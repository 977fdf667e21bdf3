# 74-lines.sh: line and title breaking (issue 12, part D: points 14-17).
#
# Sourced by tests/run.sh. Scratch: $T/lines. Data: tests/cases/i12/lines/. Measured by
# tests/tools/linecheck.py from the PDF (mutool stext: every character's origin) or the
# --trace, each checker with a negative control:
#  14 ten long titles made from real office names (titles.txt) break only between words;
#  15 paragraphs dense in 、，； are squeezed, not stretched (dense.json);
#  16 URLs and e-mail addresses break after / . @ and the Chinese before them is not
#     letter-spaced (url.json);
#  17 no paragraph ends with a line of one character (lone.json: once by a squeeze, once
#     by a different break).
LN=$T/lines
LD=tests/cases/i12/lines
LC=(python3 tests/tools/linecheck.py)
mkdir -p "$LN"
lines_fails() { ! "$@" >/dev/null 2>&1; }

# --- 14: titles ----------------------------------------------------------------------------
lines_titles() {
  local i=0 t words bad=0
  while IFS='|' read -r t words; do
    case $t in '#'* | '') continue ;; esac
    i=$((i + 1))
    t=$(printf '%s' "$t" | sed 's/ *$//')
    printf '{"layout": "gbt9704", "body": [{"title": "%s"}]}\n' "$(printf '%s' "$t" | sed 's/"/\\"/g')" >"$LN/title$i.json"
    "$BIN" render "$LN/title$i.json" -o "$LN/title$i.pdf" --trace "$LN/title$i.trace" || return 1
    # shellcheck disable=SC2086
    "${LC[@]}" title "$LN/title$i.trace" $words || bad=1
  done <"$LD/titles.txt"
  [ "$i" = 10 ] && [ $bad = 0 ]
}
check "lines: ten long titles of real offices break only between words (ICU zh word break, glued)" lines_titles
lines_title_control() {
  printf '{"layout": "gbt9704", "body": [{"title": "国务院办公\\n厅关于进一步优化营商环境更好服务市场主体的实施意见"}]}\n' >"$LN/tsplit.json" &&
    "$BIN" render "$LN/tsplit.json" -o "$LN/tsplit.pdf" --trace "$LN/tsplit.trace" &&
    lines_fails "${LC[@]}" title "$LN/tsplit.trace" 办公厅
}
check "lines: negative control: a title split inside 办公厅 fails the title check" lines_title_control

# --- 15: squeeze before stretch --------------------------------------------------------------
check "lines: dense.json renders with no message" \
  bash -c "'$BIN' render '$LD/dense.json' -o '$LN/dense.pdf' --trace '$LN/dense.trace' 2>'$LN/dense.err' && [ ! -s '$LN/dense.err' ]"
check "lines: lines dense in 、，； are not stretched by more than a line-end mark's half cell" \
  "${LC[@]}" stretch "$LN/dense.pdf"
check "lines: the marks of dense.json are squeezed instead (at least 4 set closer than a cell)" \
  "${LC[@]}" squeezed "$LN/dense.pdf" 4
lines_stretch_control() {
  "$BIN" render "$LD/stretched.json" -o "$LN/stretched.pdf" 2>/dev/null &&
    lines_fails "${LC[@]}" stretch "$LN/stretched.pdf" &&
    lines_fails "${LC[@]}" squeezed "$LN/stretched.pdf" 1
}
check "lines: negative control: a line letter-spaced before a long Latin word fails the stretch check" lines_stretch_control

# --- 16: URLs and e-mail addresses -----------------------------------------------------------
check "lines: url.json renders with no message" \
  bash -c "'$BIN' render '$LD/url.json' -o '$LN/url.pdf' --trace '$LN/url.trace' 2>'$LN/url.err' && [ ! -s '$LN/url.err' ]"
check "lines: no Chinese is letter-spaced before a URL or an e-mail address" "${LC[@]}" stretch "$LN/url.pdf"
check "lines: a URL breaks after a \".\" (a line ends with \"https://www.hangzhou.gov.\")" \
  "${LC[@]}" lineend "$LN/url.trace" "https://www.hangzhou.gov."
lines_url_text() {
  # the addresses are printed whole, in order, with nothing added (no hyphen at a break)
  tr -d '\n' <"$LN/url.trace" >/dev/null &&
    pdftotext -layout "$LN/url.pdf" - | tr -d ' \n' |
    grep -q 'zhengwugongkai@hangzhou.gov.cn，网址：https://www.hangzhou.gov.cn/col/col1229063401/index.html'
}
check "lines: the broken addresses read whole, with no hyphen added" lines_url_text

# --- 17: no one-character last line ----------------------------------------------------------
check "lines: lone.json renders with no message" \
  bash -c "'$BIN' render '$LD/lone.json' -o '$LN/lone.pdf' --trace '$LN/lone.trace' 2>'$LN/lone.err' && [ ! -s '$LN/lone.err' ]"
check "lines: no paragraph of lone.json ends with a line of one character" "${LC[@]}" lone "$LN/lone.pdf"
check "lines: the first is taken back by a squeeze (the line before ends with 符合规定。)" \
  "${LC[@]}" lineend "$LN/lone.trace" "办理时限符合规定。"
check "lines: the second by a different break (the last line is 建设。)" \
  "${LC[@]}" lineend "$LN/lone.trace" "公开重大"
lines_lone_control() {
  sed 's/"p": "本年度共收到[^"]*"/"p": "平。"/' "$LD/lone.json" >"$LN/lonec.json" &&
    "$BIN" render "$LN/lonec.json" -o "$LN/lonec.pdf" 2>/dev/null &&
    lines_fails "${LC[@]}" lone "$LN/lonec.pdf"
}
check "lines: negative control: a paragraph \"平。\" fails the one-character check" lines_lone_control
