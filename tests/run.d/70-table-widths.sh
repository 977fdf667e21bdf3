# 70-table-widths.sh (issue 12, point 8): fixed column widths that add up to exactly the type
# area's width are accepted, whatever rounding each width took on its way to 1/1000 pt; the
# table then ends exactly on the type area's right edge. Controls: 0.1 mm more is refused.
# Sourced by tests/run.sh (check, bad, ok, $BIN, $T).
tw=$T/widths
mkdir -p "$tw"
tw_doc() { # NAME WIDTH... : a one-row table with these column widths
  local name=$1
  shift
  python3 - "$tw/$name.json" "$@" <<'PY'
import json, sys
cols = sys.argv[2:]
json.dump({"body": [{"table": {"columns": cols, "rows": [[str(i + 1) for i in range(len(cols))]]}}]},
          open(sys.argv[1], "w"), ensure_ascii=False)
PY
}
tw_fits() { # NAME WIDTH...: renders, and its rightmost rule ends on 184 mm (521.575 pt) +- 0.01 pt
  local name=$1
  tw_doc "$@" && "$BIN" render "$tw/$name.json" -o "$tw/$name.pdf" --trace "$tw/$name.trace" || return 1
  awk '$1 == "rule" { x = $4 > $2 ? $4 : $2; if (x > m) m = x } END { d = m - 521.575; if (d < 0) d = -d; if (d > 0.01) { print "right edge " m; exit 1 } }' "$tw/$name.trace"
}
tw_refused() { # NAME WIDTH...: check and render both refuse it with the overflow message
  local name=$1
  tw_doc "$@" || return 1
  "$BIN" check "$tw/$name.json" 2>&1 | grep -q 'the fixed columns are .* more than the type area' &&
  ! "$BIN" render "$tw/$name.json" -o "$tw/$name.pdf" 2>/dev/null && [ ! -e "$tw/$name.pdf" ]
}
check "table widths: 14 + 22 + 36 + 7 x 12 mm = 156 mm is accepted and ends on the type area's edge" \
  tw_fits annual 14mm 22mm 36mm 12mm 12mm 12mm 12mm 12mm 12mm 12mm
check "table widths: 3 x 52 mm = 156 mm" tw_fits w3 52mm 52mm 52mm
check "table widths: 6 x 26 mm = 156 mm" tw_fits w6 26mm 26mm 26mm 26mm 26mm 26mm
check "table widths: 12 x 13 mm = 156 mm" tw_fits w12 13mm 13mm 13mm 13mm 13mm 13mm 13mm 13mm 13mm 13mm 13mm 13mm
check "table widths: 15.6 cm in 4 columns (3.9 cm each)" tw_fits cm4 3.9cm 3.9cm 3.9cm 3.9cm
check "table widths: 442.205 pt (the type area in points) in 5 columns" tw_fits pt5 88.441pt 88.441pt 88.441pt 88.441pt 88.441pt
check "table widths: control: 156.1 mm is refused (check and render)" \
  tw_refused over1 14mm 22mm 36.1mm 12mm 12mm 12mm 12mm 12mm 12mm 12mm
check "table widths: control: 3 x 52.01 mm is refused" tw_refused over2 52.01mm 52.01mm 52.01mm
