# 62-flow.sh: 附件 pages (GB/T 9704-2012 7.3.7), the 版记 (7.4) and page numbers (7.5).
#
# Sourced by tests/run.sh. Scratch: $T/flow. Data: tests/cases/i11/flow/ (documents, control
# layouts, errors/*/ with their exact messages). Measured from the PDFs by
# tests/tools/flowcheck.py (mutool draw -F trace for rules, pdftotext -bbox for words); every
# measured point has a negative control, a document or layout that breaks it and must fail.
FL=$T/flow
FC=tests/cases/i11/flow
FLOWCHECK=(python3 tests/tools/flowcheck.py)
mkdir -p "$FL"

flow_render() { # NAME DATA [LAYOUT]: $FL/NAME.pdf; check must agree (exit 0 too)
  local largs=()
  [ -n "${3:-}" ] && largs=(-l "$3")
  "$BIN" render "$2" "${largs[@]}" -o "$FL/$1.pdf" --trace "$FL/$1.trace" &&
    "$BIN" check "$2" "${largs[@]}"
}
flow_fails() { ! "$@" 2>/dev/null; } # a negative control: the check must fail
flow_all() {
  for n in basic even-fits odd-fits even-full odd-full handmade to-cc indented-printer \
    table-header table-noheader; do
    flow_render "$n" "$FC/$n.json" || { echo "$n does not render"; return 1; }
  done
  for l in noeven thick margin; do
    flow_render "even-full-$l" "$FC/even-full.json" "$FC/$l.json" || { echo "$l: does not render"; return 1; }
  done
  flow_render odd-fits-noeven "$FC/odd-fits.json" "$FC/noeven.json" &&
    flow_render samples-notice samples/notice.json &&
    flow_render samples-minutes samples/minutes.json
}
check "flow: the test documents render, and check agrees" flow_all

# gridcheck's "paragraphs" and "left-edge" rules do not know the 主送, 附件说明 and attendance
# lines (flush left, or aligned after a label; tests/tools/paracheck.py measures those): every
# other rule runs on the samples
FLOW_GRID=pages,grid-first-line,grid-pitch,type-area,twelve-dots,flush-right,cells,page-fill,kinsoku,unsplit,page-number,sig-text,signature,seal,sig-not-alone,outline
check "flow: samples/notice.json passes the grid checks (附件 labels and the 版记 known to gridcheck)" \
  python3 tests/tools/gridcheck.py "$FL/samples-notice.pdf" --data samples/notice.json --only "$FLOW_GRID"
check "flow: samples/minutes.json passes the grid checks" \
  python3 tests/tools/gridcheck.py "$FL/samples-minutes.pdf" --data samples/minutes.json --only "$FLOW_GRID"
check "flow: the blank page and the unnumbered 版记 page pass the grid checks" \
  python3 tests/tools/gridcheck.py "$FL/even-full.pdf" --data "$FC/even-full.json" --no-outline
check "flow: samples/notice.json: 版记 measures" "${FLOWCHECK[@]}" record "$FL/samples-notice.pdf"
check "flow: samples/notice.json: 附件1 and 附件2 pages" bash -c "${FLOWCHECK[*]} attach --page 4 --label 附件1 --title 2019年政务公开工作要点 '$FL/samples-notice.pdf' && ${FLOWCHECK[*]} attach --page 5 --label 附件2 --title 2019年政务公开重点任务分工表 '$FL/samples-notice.pdf' && ${FLOWCHECK[*]} header --pages 6-6 --text 序号 '$FL/samples-notice.pdf'"
check "flow: 版记 rules 0.35/0.25/0.35 mm, last on 262 mm, 印发 line 1 字 from both sides" \
  "${FLOWCHECK[@]}" record "$FL/basic.pdf"
check "flow: 版记 with 主送 and 抄送 wrapped, a text date: the same measures" \
  "${FLOWCHECK[@]}" record "$FL/to-cc.pdf"
check "flow: control: outer rules 0.5 mm fail the width check" flow_fails "${FLOWCHECK[@]}" record "$FL/even-full-thick.pdf"
check "flow: control: a 40 mm bottom margin fails the 262 mm check" flow_fails "${FLOWCHECK[@]}" record "$FL/even-full-margin.pdf"
check "flow: control: the same PDF passes measured against its own 257 mm edge" "${FLOWCHECK[@]}" record --bottom 40 "$FL/even-full-margin.pdf"
check "flow: control: a printer set 2 字 in fails the 1 字 check" flow_fails "${FLOWCHECK[@]}" record "$FL/indented-printer.pdf"

flow_even() { for n in basic even-fits odd-fits even-full odd-full to-cc samples-notice; do "${FLOWCHECK[@]}" even "$FL/$n.pdf" || return 1; done; }
check "flow: the 版记 page is even (content ending odd or even, with room or without)" flow_even
check "flow: control: even_page false puts the 版记 on page 3 (fails the even check)" flow_fails "${FLOWCHECK[@]}" even "$FL/even-full-noeven.pdf"
check "flow: control: even_page false leaves the 版记 on page 1" bash -c "[ \$(pdfinfo '$FL/odd-fits-noeven.pdf' | awk '/^Pages:/ {print \$2}') = 1 ]"

flow_blank() {
  "${FLOWCHECK[@]}" blank --expect yes "$FL/even-full.pdf" || return 1
  for n in basic even-fits odd-fits odd-full to-cc even-full-noeven samples-notice; do
    "${FLOWCHECK[@]}" blank --expect no "$FL/$n.pdf" || { echo "$n"; return 1; }
  done
}
check "flow: a blank page exactly when the content ends on an even page without room" flow_blank
check "flow: control: the blank-page check sees the blank page" flow_fails "${FLOWCHECK[@]}" blank --expect no "$FL/even-full.pdf"
check "flow: control: and sees none when even_page is false" flow_fails "${FLOWCHECK[@]}" blank --expect yes "$FL/even-full-noeven.pdf"

flow_numbers() {
  "${FLOWCHECK[@]}" numbers --absent 3,4 "$FL/even-full.pdf" || return 1
  for n in basic even-fits odd-fits odd-full to-cc even-full-noeven table-header samples-notice; do
    "${FLOWCHECK[@]}" numbers "$FL/$n.pdf" || { echo "$n"; return 1; }
  done
}
check "flow: 7.5: no number on the blank page and the 版记 page after it, numbers elsewhere and through attachments" flow_numbers
check "flow: control: the numbers check sees the missing numbers" flow_fails "${FLOWCHECK[@]}" numbers "$FL/even-full.pdf"
check "flow: control: and sees numbers where 7.5 drops them" flow_fails "${FLOWCHECK[@]}" numbers --absent 3,4 "$FL/even-full-noeven.pdf"

flow_attach() {
  "${FLOWCHECK[@]}" attach --page 2 --label 附件1 --title 测试办法 "$FL/basic.pdf" &&
    "${FLOWCHECK[@]}" attach --page 3 --label 附件2 --title 重点工作任务分工表 "$FL/basic.pdf" &&
    "${FLOWCHECK[@]}" attach --page 2 --label 附件 --title 表 "$FL/table-header.pdf"
}
check "flow: 附件N flush left on line 1, its title centred on line 3 of a new page (附件 alone for one)" flow_attach
check "flow: control: a hand-made attachment (label indented, title on line 2) fails" flow_fails "${FLOWCHECK[@]}" attach --page 2 --label 附件1 --title 手工附件 "$FL/handmade.pdf"
check "flow: a 60-row table in an attachment repeats its header on every page" "${FLOWCHECK[@]}" header --pages 3-4 --text 序号 "$FL/table-header.pdf"
check "flow: control: header_rows 0 fails the header check" flow_fails "${FLOWCHECK[@]}" header --pages 3-4 --text 序号 "$FL/table-noheader.pdf"
check "flow: headings are numbered afresh in each attachment" bash -c "grep -c '\"二、附则\"' '$FL/basic.trace' | grep -qx 1 && grep -q '\"一、总则\"' '$FL/basic.trace'"

# load and build errors: exact messages, exit 1, no output, check agrees
for dir in "$FC"/errors/*/; do
  name=$(basename "$dir")
  args=(render data.json -o out.pdf)
  [ -f "$dir/args" ] && read -r -a args <"$dir/args"
  rm -f "$dir/out.pdf"
  got=$(cd "$dir" && "$BIN" "${args[@]}" 2>&1 >/dev/null)
  rc=$?
  cargs=(check)
  for ((i = 1; i < ${#args[@]}; i++)); do
    if [ "${args[i]}" = -o ]; then i=$((i + 1)); else cargs+=("${args[i]}"); fi
  done
  cgot=$(cd "$dir" && "$BIN" "${cargs[@]}" 2>&1 >/dev/null)
  crc=$?
  if [ $rc -ne 1 ] || [ $crc -ne 1 ]; then
    bad "flow: error $name: exit status" "render $rc, check $crc, want 1: $got"
  elif [ -e "$dir/out.pdf" ]; then
    bad "flow: error $name: no output file" "out.pdf was created"
    rm -f "$dir/out.pdf"
  elif [ "$got" != "$(cat "$dir/expect.stderr")" ] || [ "$cgot" != "$got" ]; then
    bad "flow: error $name: message" "$(diff <(printf '%s\n' "$got") "$dir/expect.stderr" | head -n 8)"
  else
    ok "flow: error $name: exact message, exit 1, no output, check agrees"
  fi
done

flow_limit() {
  python3 -c "
import json
json.dump({'body': [{'p': '正文'}] * 50000, 'attachments': [{'title': '附', 'body': [{'page_break': True}] * 25000}] * 2}, open('$FL/limit.json', 'w'))
" && [ "$(cd "$FL" && "$BIN" check limit.json 2>&1)" = 'limit.json:1:1700087: error: more than 100000 blocks (at /attachments/1/body)' ]
}
check "flow: attachments and their blocks count against the 100000-block limit" flow_limit

# the schemas take what the loader takes, and refuse what it refuses for a reason they can say
check "flow: schema: the test documents validate against data.schema.json" \
  /usr/bin/python3 tests/tools/schemacheck.py --schema schemas/data.schema.json \
  "$FC"/{note-mismatch,note-count,printer-only,basic,even-fits,odd-fits,even-full,odd-full,handmade,to-cc,indented-printer,table-header,table-noheader}.json
check "flow: schema: the control layouts validate against layout.schema.json" \
  /usr/bin/python3 tests/tools/schemacheck.py --schema schemas/layout.schema.json "$FC"/{noeven,thick,margin,norecord,nofirst}.json
flow_schema_refuses() {
  local e
  for e in load:"'tilte' was unexpected" types:"is not of type 'array'" record-type:"is not of type 'object'"; do
    schema_rejects "$FC/errors/${e%%:*}/data.json" "${e#*:}" --schema schemas/data.schema.json || { echo "not refused: ${e%%:*}"; return 1; }
  done
}
check "flow: schema: refuses the error fixtures' mistakes" flow_schema_refuses

# a template layout (skeleton) keeps working: the attachments come after the resolved body
flow_template() {
  python3 - "$FL/tpl.json" <<'PY' || return 1
import json, sys
d = json.load(open("samples/annual-report-2020-values.json", encoding="utf-8"))
d["attachments"] = [{"title": "附表", "body": [{"p": "附表内容。"}]}]
d["record"] = {"cc": "市政府办公室", "printer": "某区人民政府办公室", "date": "2021-01-20"}
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
  local n
  flow_render tpl "$FL/tpl.json" || return 1
  n=$(pdfinfo "$FL/tpl.pdf" | awk '/^Pages:/ { print $2 }')
  "${FLOWCHECK[@]}" attach --page $((n - 1)) --label 附件 --title 附表 "$FL/tpl.pdf" &&
    "${FLOWCHECK[@]}" even "$FL/tpl.pdf" && "${FLOWCHECK[@]}" record "$FL/tpl.pdf" &&
    "${FLOWCHECK[@]}" numbers "$FL/tpl.pdf"
}
check "flow: a skeleton layout (gov-info-annual-2019) with an attachment and a 版记" flow_template

# page_number.first_page false (信函, GB/T 9704-2012 10.1): no number on page 1 only
flow_nofirst() {
  flow_render nofirst "$FC/basic.json" "$FC/nofirst.json" &&
    "${FLOWCHECK[@]}" numbers --absent 1 "$FL/nofirst.pdf" && flow_fails "${FLOWCHECK[@]}" numbers "$FL/nofirst.pdf"
}
check "flow: page_number.first_page false drops the number of page 1 only (and the check sees it)" flow_nofirst

# 7.4.3: the 印发日期 without leading zeros; a 版记 of the 印发 line alone has no thin rule
flow_printer_only() {
  flow_render printer-only "$FC/printer-only.json" || return 1
  pdftotext "$FL/printer-only.pdf" - | tr -d ' \n' | grep -q '2018年1月5日印发' || { echo "no 2018年1月5日印发"; return 1; }
  [ "$(grep -c '^rule ' "$FL/printer-only.trace")" = 2 ] && "${FLOWCHECK[@]}" record "$FL/printer-only.pdf"
}
check "flow: 印发 line alone: 2018年1月5日印发 (no leading zeros), two 0.35 mm rules" flow_printer_only

# 7.4.2 as clerks set it: a wrapped 抄送 list breaks between organs, never inside a name
check "flow: the notice's 抄送 wraps between organs (各民主党派中央 whole on one line)" \
  bash -c "pdftotext -f 6 -l 6 '$FL/samples-notice.pdf' - | grep -q '^各民主党派中央，'"

# 7.3.7: the 附件说明 (part D's block) against the attachments' titles: warnings, exit 0
flow_note() {
  local w
  w=$("$BIN" check "$FC/note-mismatch.json" 2>&1) || return 1
  [ "$w" = "$FC/note-mismatch.json:2:55: warning: the 附件说明's item 2 is not the title of attachment 2 (\"分工表\"): GB/T 9704-2012 7.3.7 wants them to match (at /body/1/attachment_note/1)" ] || { echo "$w"; return 1; }
  w=$("$BIN" check "$FC/note-count.json" 2>&1) || return 1
  [ "$w" = "$FC/note-count.json:2:26: warning: the 附件说明 names 1 attachment and the document has 2 (\"attachments\"): GB/T 9704-2012 7.3.7 wants them to match (at /body/1)" ] || { echo "$w"; return 1; }
  w=$("$BIN" check samples/notice.json 2>&1) && [ -z "$w" ] # control: matching names, no warning
}
check "flow: an 附件说明 that does not match the attachments is a warning (count, name); the notice's matches" flow_note
