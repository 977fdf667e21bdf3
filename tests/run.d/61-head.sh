# 61-head.sh: issue 11, part A: the 版头 (GB/T 9704-2012 7.2) and the 信函/命令/纪要 heads (10).
#
# Every position is measured from the PDF by tests/tools/headcheck.py (mutool draw -F trace):
# the red 发文机关标志's em top 35 mm +-1 below the type area's top (信函 30 mm from the page's
# top, 命令 20 mm), centred +-0.5 mm and never wider than the type area (a too-long name is
# compressed); joint issuance stacked with the suffix centred on the stack; the red separator
# 156 mm +-0.3 long (信函: double rules 170 mm) 4 mm +-0.5 below the 字号's em bottom;
# 份号/密级/紧急程度 flush left on lines 1-3; the 签发人 block; no page number on page 1 of a
# 信函. Each measured point has a negative control: a layout or document that violates it
# makes the same check fail. Load errors (bad colour, unknown key, empty organ list, a line
# break) are exact messages with positions, the same from check and render, with no output.
# Test data: tests/cases/i11/head/ and samples/{request,letter,order}.json. Scratch: $T/head.
hd=$T/head
hc=tests/cases/i11/head
mkdir -p "$hd"
HEADCHECK=(python3 tests/tools/headcheck.py)

# hd_render NAME DATA [LAYOUT]: check and render both pass; the PDF passes pdfacheck.
hd_render() {
  local name=$1 data=$2 largs=()
  [ -n "${3:-}" ] && largs=(-l "$3")
  "$BIN" check "$data" "${largs[@]}" || return 1
  "$BIN" render "$data" "${largs[@]}" -o "$hd/$name.pdf" --trace "$hd/$name.trace" || return 1
  python3 tests/tools/pdfacheck.py "$hd/$name.pdf" >/dev/null
}
# hd_not CMD...: CMD fails
hd_not() { ! "$@" >/dev/null 2>&1; }
# hd_fails PDF WANT ARGS...: headcheck fails, saying WANT (a negative control)
hd_fails() {
  local pdf=$1 want=$2 out
  shift 2
  out=$("${HEADCHECK[@]}" "$pdf" "$@") && { echo "headcheck passed: $*"; return 1; }
  grep -qF -- "$want" <<<"$out" || { echo "headcheck failed otherwise: $out"; return 1; }
}

while read -r name data layout; do
  check "head: $name renders (check agrees, PDF/A)" hd_render "$name" "$data" "$layout"
done <<EOF
notice $hc/notice.json
partial $hc/partial.json
joint $hc/joint.json
long $hc/long.json
minutes $hc/minutes.json
request samples/request.json
letter samples/letter.json
letter2 $hc/letter2.json
order samples/order.json
top40 $hc/notice.json $hc/top40.json
rule6 $hc/notice.json $hc/rule6.json
rule150 $hc/notice.json $hc/rule150.json
black $hc/notice.json $hc/black.json
shrink $hc/long.json $hc/shrink.json
letter-pn samples/letter.json $hc/letter-pn.json
letter-top samples/letter.json $hc/letter-top.json
one-per-line samples/request.json $hc/one-per-line.json
title0 $hc/notice.json $hc/title0.json
EOF

# --- 7.2: the 标志 35 mm down, centred, red; the separator; 份号/密级/紧急程度 on lines 1-3 ----
check "head: notice: 标志 em top 35 mm below the type area, centred, red separator 156 mm 4 mm below the 字号" \
  "${HEADCHECK[@]}" "$hd/notice.pdf" --issuer-top 35 --centred --rule 156
check "head: notice: 份号, 密级, 紧急程度 flush left on lines 1, 2, 3" \
  "${HEADCHECK[@]}" "$hd/notice.pdf" --line 000001=1 --line 机密=2 --line 特急=3
check "head: a 密级 without a 份号 moves up to line 1" \
  "${HEADCHECK[@]}" "$hd/partial.pdf" --line 秘密=1 --issuer-top 35 --rule 156
check "head: negative control: that 密级 is not on line 2" hd_fails "$hd/partial.pdf" "\"秘密\" has its em top" --line 秘密=2
check "head: negative control: a layout with the 标志 40 mm down fails the 35 +-1 check" \
  hd_fails "$hd/top40.pdf" "the 标志's em top is 40.00 mm" --issuer-top 35
check "head: negative control: a type area 1 mm off makes the 标志 off centre" \
  hd_fails "$hd/notice.pdf" "off the type area's centre" --centred --left 29
check "head: negative control: a separator 6 mm below the 字号 fails the 4 +-0.5 check" \
  hd_fails "$hd/rule6.pdf" "mm below the em bottom of \"国办发〔2018〕1号\", want 4 +-0.5" --rule 156
check "head: negative control: a separator 150 mm long fails the 156 +-0.3 check" \
  hd_fails "$hd/rule150.pdf" "the red rule is 150.00 mm long" --rule 156
check "head: negative control: a layout whose red is black has no red 标志 or rule" \
  hd_fails "$hd/black.pdf" "no red text on page 1" --issuer-top 35 --rule 156
# the colour in gongwen's own trace as well: the layout's red, #FF3333 by default
check "head: the trace shows the 标志 and the separator in #ff3333" \
  bash -c "grep -q '\"国务院办公厅\" color=#ff3333' '$hd/notice.trace' && grep -q '^rule .* color=#ff3333$' '$hd/notice.trace'"

# --- a name too long for the type area: compressed, never wider; or shrunk ------------------
check "head: a too-long organ name is compressed horizontally, centred, not wider than the type area" \
  "${HEADCHECK[@]}" "$hd/long.pdf" --compressed --centred --issuer-top 35
check "head: negative control: the same name with \"issuer_fit\": \"shrink\" is not compressed" \
  hd_fails "$hd/shrink.pdf" "not drawn compressed" --compressed
check "head: \"shrink\" keeps it inside the type area, centred" "${HEADCHECK[@]}" "$hd/shrink.pdf" --centred
check "head: negative control: measured against a narrower type area, the compressed 标志 is too wide" \
  hd_fails "$hd/long.pdf" "the 标志 spans" --compressed --width 150 --left 31

# --- joint issuance (7.2.4): organs stacked, lead first, 文件 centred on the stack -------------
check "head: joint: three organs stacked, 文件 to their right centred on the stack, the whole centred" \
  "${HEADCHECK[@]}" "$hd/joint.pdf" --stack 3 --centred --issuer-top 35 --rule 156
check "head: joint: lead organ first" bash -c "grep -m1 'color=' '$hd/joint.trace' | grep -q '\"财政部\"'"
check "head: negative control: a single organ is not a stack of three" \
  hd_fails "$hd/notice.pdf" "organ lines in the 标志, want 3" --stack 3

# --- 上行文 (7.2.6): 签发人 flush right 1 字 in, 字号 1 字 in on the last 签发人 line ------------
check "head: request: 签发人 (仿宋 label, 楷体 names) flush right 1 字 in, 字号 on its line 1 字 in" \
  "${HEADCHECK[@]}" "$hd/request.pdf" --signers 2 --line 000018=1 --line 特急=2 --issuer-top 35 --centred --rule 156
check "head: request: one 签发人 per line (\"signers_per_line\": 1) stacks them, the 字号 on the last" \
  "${HEADCHECK[@]}" "$hd/one-per-line.pdf" --signers 2 --rule 156
check "head: request: two names per line share one line; one per line takes two" \
  bash -c "[ \$(grep -c 'Kai' '$hd/request.trace') = 2 ] && [ \$(awk '/Kai/ { print \$3 }' '$hd/request.trace' | sort -u | wc -l) = 1 ] &&
           [ \$(awk '/Kai/ { print \$3 }' '$hd/one-per-line.trace' | sort -u | wc -l) = 2 ]"
check "head: negative control: a notice has no 签发人" hd_fails "$hd/notice.pdf" "no \"签发人：\"" --signers 2

# --- 信函 (10.1) ------------------------------------------------------------------------------
check "head: letter: 标志 30 mm from the page top, centred; red double rules 170 mm; no page number on page 1" \
  "${HEADCHECK[@]}" "$hd/letter.pdf" --letter --issuer-top 30 --centred --rule 170 --no-number-page1
check "head: letter: the 字号 flush right with the type area, 份号 flush left, on one line under the rules" \
  bash -c "awk '/^page 2/ { exit } /\"000105\"/ { y = \$3; ok = \$2 == \"79.370\" } /\"号\"$/ && \$3 == y { r = \$2 + \$4 }
            END { exit !(ok && r > 521.5 && r < 521.6) }' '$hd/letter.trace'"
check "head: letter: page 2 has its number" grep -q '"— 2 —"' "$hd/letter2.trace"
check "head: negative control: \"first_page\": true puts a number on page 1 of the 信函" \
  hd_fails "$hd/letter-pn.pdf" "page 1 has a page number" --no-number-page1
check "head: negative control: a 信函 标志 33 mm down fails the 30 +-1 check" \
  hd_fails "$hd/letter-top.pdf" "the 标志's em top is 33.00 mm below the page's top" --letter --issuer-top 30
check "head: negative control: 160 mm double rules fail the 170 +-0.3 check" \
  hd_fails "$hd/letter-top.pdf" "a red rule is 160.00 mm long" --letter --rule 170

# --- 命令 (10.2) and 纪要 (10.3) --------------------------------------------------------------
check "head: order: 标志 20 mm below the type area's top, centred, red" \
  "${HEADCHECK[@]}" "$hd/order.pdf" --issuer-top 20 --centred
check "head: order: no red separator" hd_fails "$hd/order.pdf" "0 red rules on page 1" --rule 156
check "head: order: the 令号 centred, 2 lines below the 标志; the 正文 on the grid 2+ lines below it" \
  bash -c "awk '/\"第\"|\"第780号\"|\"号\"/ && !n { n = \$3 } /《某某管理条例》|\"《某某/ && !b { b = \$3 } END { exit !(n > 0 && b - n >= 2 * 28.99) }' '$hd/order.trace'"
check "head: minutes: 标志 \"…纪要\" 35 mm down, centred, red, with the separator" \
  "${HEADCHECK[@]}" "$hd/minutes.pdf" --issuer-top 35 --centred --rule 156

# --- the title starts 2 lines below the red line, on the grid --------------------------------
hd_title_gap() {
  awk '/^rule / && !r { r = $3 } /FandolSong-Bold .*[^f]$/ && r && $5 == "22.000" && !t { t = $3 - 0.88 * 22 }
       END { top = 104.882; pitch = 637.795 / 22; line = (t - top) / pitch;
             if (t - r < 2 * pitch || t - r > 3 * pitch + 0.01 || line - int(line + 0.001) > 0.001) {
               printf "title em top %.3f, red line %.3f\n", t, r; exit 1 } }' "$1"
}
check "head: the title starts on a grid line at least 2 lines below the red line" hd_title_gap "$hd/notice.trace"
check "head: negative control: \"title_space\": 0 puts the title less than 2 lines below the red line" \
  hd_not hd_title_gap "$hd/title0.trace"

# --- no head: nothing changes (the golden traces stay identical; tests/run.sh compares them) --

# --- load errors: exact messages with positions, from check and render alike, no output ----
hd_errors() {
  local data=$1 want=$2 out
  shift 2
  out=$("$BIN" check "$data" "$@" 2>&1) && { echo "check passed"; return 1; }
  [ "$out" = "$(printf '%b' "$want")" ] || { printf 'got:\n%s\n' "$out"; return 1; }
  out=$("$BIN" render "$data" "$@" -o "$hd/bad.pdf" 2>&1) && { echo "render passed"; return 1; }
  [ "$out" = "$(printf '%b' "$want")" ] || { printf 'render said:\n%s\n' "$out"; return 1; }
  [ ! -e "$hd/bad.pdf" ] || { echo "render wrote a PDF"; rm -f "$hd/bad.pdf"; return 1; }
}
printf '{"head": {"issuer": [], "numbr": "x", "copy_no": "12\\n3"},\n "body": [{"p": "x"}]}\n' >"$hd/e1.json"
check "head: data errors: empty organ list, unknown key with a hint, a line break in the 份号" \
  hd_errors "$hd/e1.json" "$hd/e1.json:1:21: error: the list of organs is empty: give at least one (at /head/issuer)
$hd/e1.json:1:25: error: unknown key \"numbr\" (did you mean \"number\"?) (at /head/numbr)
$hd/e1.json:1:53: error: a line break (\\\\n) is not allowed in the 份号 (copy_no): it is set on one line (at /head/copy_no)"
printf '{"head": {"issuer": ["财政部", "教育\\n部"], "suffix": "文件"},\n "body": [{"p": "x"}]}\n' >"$hd/e2.json"
check "head: a line break in an organ's name points at the character and says how to stack organs" \
  hd_errors "$hd/e2.json" "$hd/e2.json:1:32: error: a line break (\\\\n) is not allowed in the 发文机关标志 (issuer): it is set on one line (for joint issuance give a list of organs) (at /head/issuer/1)"
cat >"$hd/lay.json" <<'EOF'
{"extends": "gbt9704", "version": 1,
 "colors": {"crimson": "#C0000"},
 "styles": {"issuer": {"font": "xiaobiaosong", "size": "小初", "color": "rde"}},
 "head": {"issuer_fit": "squash", "formt": "letter", "rule_color": "#12345G"}}
EOF
printf '{"body": [{"p": "x"}]}\n' >"$hd/plain.json"
check "head: layout errors: bad colour value, unknown colour with a hint, unknown fit, unknown key" \
  hd_errors "$hd/plain.json" "$hd/lay.json:2:24: error: expected a colour such as \"#FF3333\" (sRGB, \"#\" and six hex digits) (at /colors/crimson)
$hd/lay.json:3:71: error: unknown colour \"rde\" (did you mean \"red\"?) (at /styles/issuer/color)
$hd/lay.json:4:25: error: unknown fit \"squash\" (expected \"compress\": narrower characters, or \"shrink\": a smaller size) (at /head/issuer_fit)
$hd/lay.json:4:35: error: unknown key \"formt\" (did you mean \"format\"?) (at /head/formt)
$hd/lay.json:4:68: error: expected a colour such as \"#FF3333\" (sRGB, \"#\" and six hex digits) or a name from \"colors\" (at /head/rule_color)" -l "$hd/lay.json"
# a layout without "head" settings cannot set a 版头
python3 - "$hd/nohead.json" <<'PY'
import json, sys
l = json.load(open("layouts/gbt9704.json", encoding="utf-8"))
l.pop("head"); l.pop("$schema"); l["name"] = "nohead"
for fam in l["fonts"].values():
    for f in fam:
        if not f["file"].startswith("/"):
            f["file"] = __import__("os").path.abspath("fonts/" + f["file"])
json.dump(l, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
check "head: a 版头 in a layout without \"head\" settings is an error at the data's head" \
  hd_errors "$hc/notice.json" "$hc/notice.json:2:3: error: the layout \"nohead\" has no \"head\" settings, so it cannot set a 版头: use a layout that has them (gbt9704, letter, order, minutes) (at /head)" -l "$hd/nohead.json"
check "head: a 信函 has no 签发人" \
  hd_errors samples/request.json "samples/request.json:15:16: error: a 信函 has no 签发人 (GB/T 9704-2012 10.1): remove \"signers\" (at /head/signers)" -l letter
printf '{"head": {"copy_no": "12", "issuer": "国务院办公厅"},\n "body": [{"p": "x"}]}\n' >"$hd/w.json"
check "head: a 份号 that is not 6 digits is a warning, set as given" \
  bash -c "'$BIN' check '$hd/w.json' 2>&1 | grep -qF '$hd/w.json:1:22: warning: a 份号 is usually 6 Arabic digits'"
rm -f "$hd/bad.pdf"
