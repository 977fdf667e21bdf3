# 05-table-pages.sh: tables whose spans or headers are large against a page (issue 10, defects
# 1 and 3). Sourced by tests/run.sh.
#
# A category cell spanning many rows makes one table item cover many pages; the per-page record
# of repeated headers was sized by items, not pages (a heap overflow, ASan in `make asan`, an
# abort with rowspan 1000). A header that with one body line cannot fit on a page was drawn off
# the page and repeated on every page: it is an input error at "header_rows".
tp_dir=$T/table-pages
mkdir -p "$tp_dir"
# tp_doc NAME NHEADER NBODY SPAN [LONG]: a two-column table; the first body cell spans SPAN rows
# (1: none); LONG: the header's second cell holds a text taller than a page
tp_doc() {
  python3 - "$tp_dir/$1.json" "$2" "$3" "$4" "${5:-}" <<'PY'
import json, sys
out, nh, nb, span, long_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = [["表头%d" % i, ("很长的表头文字" * 300) if long_ else "表头列二"] for i in range(nh)]
for i in range(nb):
    text = "内容第%d行" % (i + 1)
    if i == 0 and span > 1:
        rows.append([{"text": "类别", "rowspan": span}, text])
    elif 1 < span and i < span:
        rows.append([text])
    else:
        rows.append(["%d" % (i + 1), text])
doc = {"meta": {"title": "跨页表格测试"},
       "body": [{"p": "前文。"},
                {"table": {"columns": ["1fr", "3fr"], "header_rows": nh, "rows": rows}},
                {"p": "后文。"}]}
json.dump(doc, open(out, "w"), ensure_ascii=False, indent=1)
PY
}
tp_tab() { python3 tests/tools/tablecheck.py "$@"; }
for n in 100 1000; do
  tp_doc "span$n" 0 "$n" "$n"
  if "$BIN" render "$tp_dir/span$n.json" -o "$tp_dir/span$n.pdf" 2>"$tp_dir/span$n.err"; then
    ok "table pages: a category cell spanning all $n rows renders"
    check "table pages: rowspan $n: cells and spans are the data's, the label repeated on every page, rows whole (tablecheck)" \
      tp_tab "$tp_dir/span$n.pdf" --data "$tp_dir/span$n.json" --grid-data --labels --rows-whole --tables 1 \
      --min-pages $((n / 30)) --cells-text "$tp_dir/span$n.json"
    check "table pages: rowspan $n: closed on every page, inside the type area (tablecheck)" \
      tp_tab "$tp_dir/span$n.pdf" --closed --no-cross --within 28,184 --within-y 37,262 --page-numbers
  else
    bad "table pages: a category cell spanning all $n rows renders" "$(tail -n 3 "$tp_dir/span$n.err")"
  fi
done
# the same under a header: the header repeats above every page's share of the span
tp_doc span200h 2 200 200
if "$BIN" render "$tp_dir/span200h.json" -o "$tp_dir/span200h.pdf" 2>"$tp_dir/span200h.err"; then
  check "table pages: rowspan 200 under a 2-row header: header on every page, label repeated, in the type area (tablecheck)" \
    tp_tab "$tp_dir/span200h.pdf" --data "$tp_dir/span200h.json" --grid-data --labels --rows-whole \
    --header-repeat 2 --closed --within-y 37,262 --min-pages 6
else
  bad "table pages: rowspan 200 under a 2-row header renders" "$(tail -n 3 "$tp_dir/span200h.err")"
fi
# defect 3: headers that leave no room for the body
tp_refused() { # NAME: check and render both exit 1 at header_rows, and no PDF is written
  local name=$1 out
  out=$("$BIN" check "$tp_dir/$name.json" 2>&1)
  [ $? = 1 ] || { echo "check did not exit 1: $out"; return 1; }
  grep -q "^$tp_dir/$name.json:[0-9]*:[0-9]*: error: the header (.*) is .* pt tall; .* type area is 637.8 pt tall.*(at /body/1/table/header_rows)$" <<<"$out" ||
    { echo "check: unexpected message: $out"; return 1; }
  "$BIN" render "$tp_dir/$name.json" -o "$tp_dir/$name.pdf" >/dev/null 2>&1
  [ $? = 1 ] || { echo "render did not exit 1"; return 1; }
  [ ! -e "$tp_dir/$name.pdf" ] || { echo "render wrote a PDF"; return 1; }
}
tp_doc h40 40 60 1
tp_doc h27 27 60 1
tp_doc hlong 1 60 1 long
check "table pages: 40 header rows (taller than a page) are an input error at header_rows, in check and render" tp_refused h40
check "table pages: 27 header rows (a page, but not with a body line) are an input error" tp_refused h27
check "table pages: one header row taller than a page is an input error" tp_refused hlong
# the largest header that leaves a body line is kept and repeated, and nothing leaves the page
tp_doc h26 26 40 1
if "$BIN" render "$tp_dir/h26.json" -o "$tp_dir/h26.pdf" 2>"$tp_dir/h26.err"; then
  check "table pages: 26 header rows and one body row a page: repeated, closed, in the type area (tablecheck)" \
    tp_tab "$tp_dir/h26.pdf" --data "$tp_dir/h26.json" --header-repeat 26 --rows-whole --closed --within-y 37,262
else
  bad "table pages: 26 header rows render" "$(tail -n 3 "$tp_dir/h26.err")"
fi

# A cell spanning rows that a page break cuts gives each piece its own padding and whole lines
# only: its last piece can be too short for the rest of its text. That text was dropped in
# silence (found by the structured fuzzer); it is now an error at the cell, in check as in
# render, until the pieces are made to hold it (an open defect: tests/fuzz/README.md).
# span-cut-page.json: 782 characters over three rows cut by paginate (the last line was lost);
# span-cut-row/: a rowspan cell beside a row taller than a page, cut at build time.
tp_lost() { # DATA [ARGS...]: exit 1 with one error "...would be lost..." at a cell, no PDF
  local data=$1 out
  shift
  for cmd in check render; do
    if [ $cmd = render ]; then
      out=$("$BIN" render "$data" "$@" -o "$tp_dir/lost.pdf" 2>&1)
    else
      out=$("$BIN" check "$data" "$@" 2>&1)
    fi
    [ $? = 1 ] || { echo "$cmd did not exit 1: $out"; return 1; }
    grep -q "^[^ ]*:[0-9]*:[0-9]*: error: this cell's text ([0-9]* lines) does not fit the pieces its [0-9]* rows get when the table is cut across pages: [0-9]* lines\? would be lost.*(at /body/[0-9]*/table/rows/[0-9]*/0)$" <<<"$out" ||
      { echo "$cmd: unexpected message: $out"; return 1; }
  done
  [ ! -e "$tp_dir/lost.pdf" ] || { echo "render wrote a PDF"; return 1; }
}
check "table pages: a rowspan cell too long for its pieces across pages is an error, not text lost (paginate's cut)" \
  tp_lost tests/cases/span-cut-page.json
check "table pages: a rowspan cell beside a row taller than a page, too long for its pieces, is an error (build's cut)" \
  tp_lost tests/cases/span-cut-row/data.json -l tests/cases/span-cut-row/layout.json
