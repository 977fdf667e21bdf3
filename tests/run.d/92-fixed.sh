# --- the fixed cost of a render (issue 14, point 2) --------------------------------------------
# A fallback face (any but the first of a family: Noto CJK in the default layout) is opened
# when a character first needs it, not when the layout loads; GW_DEBUG=fonts names each face
# the context opens. Errors of a fallback font's file still come at load, at its "file";
# what only opening finds comes at the first use, at the same place. The binary links no
# library only a command needs (libmicrohttpd, hiredis: dlopen'ed by serve and worker).
FX=$T/fixed
mkdir -p "$FX"

# fx_opened DOC: the faces a render of DOC opens (GW_DEBUG=fonts), one per line
fx_opened() {
  GW_DEBUG=fonts "$BIN" render "$1" -o "$FX/opened.pdf" 2>&1 >/dev/null |
    sed -n 's/^gongwen: font: opened //p'
}
fx_no_fallback() { # the sample needs no Noto CJK character: no Noto face is opened
  local o
  o=$(fx_opened samples/annual-report-2020.json) || return 1
  echo "$o" | grep -q 'FandolFang-Regular\.otf face 0' || { echo "opened: [$o]"; return 1; }
  ! echo "$o" | grep -q Noto || { echo "opened: [$o]"; return 1; }
}
check "fixed: the sample opens its Fandol faces and no Noto CJK fallback (GW_DEBUG=fonts)" fx_no_fallback
fx_fallback_used() { # 𠮷 (U+20BB7) is not in Fandol: Noto Serif CJK is opened for it, once
  printf '{"body": [{"p": "吉野家的𠮷字，吉字。"}]}\n' >"$FX/ji.json"
  local o
  o=$(fx_opened "$FX/ji.json") || { echo "render failed: $o"; return 1; }
  [ "$(echo "$o" | grep -c 'NotoSerifCJK-Regular\.ttc face 2')" = 1 ] || { echo "opened: [$o]"; return 1; }
  pdffonts "$FX/opened.pdf" | grep -q 'NotoSerifCJK' || { pdffonts "$FX/opened.pdf"; return 1; }
}
check "fixed: a character only Noto CJK has opens that fallback face once, and it is embedded" fx_fallback_used

# A layout whose family "fang" is Fandol Fang, then a fallback face FILE (copied from the
# damaged fonts of 20-images.sh's kind): fx_layout NAME FILE
python3 - "$FX" <<'PY'
import struct, sys
d = sys.argv[1]
lib = open("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", "rb").read()
n = struct.unpack(">H", lib[4:6])[0]
rec = {lib[12 + 16 * k:16 + 16 * k]: 12 + 16 * k for k in range(n)}
b = bytearray(lib)
r = rec[b"cmap"]
at = struct.unpack(">I", b[r + 8:r + 12])[0]
b[r + 8:r + 12] = struct.pack(">I", at + 4)  # the directory is sound; FreeType drops the cmap
open(f"{d}/cmap-moved.ttf", "wb").write(bytes(b))
open(f"{d}/cut.ttf", "wb").write(lib[:len(lib) // 3])  # a table lies outside the file
PY
fx_layout() {
  printf '{"version": 1, "extends": "gbt9704",\n "fonts": {"fang": [{"file": "%s/fonts/fandol/FandolFang-Regular.otf"},\n   {"file": "%s"}]}}\n' \
    "$PWD" "$2" >"$FX/$1.json"
}
fx_late_error() { # a fallback FreeType cannot use: no error while unused; at its "file" once used
  fx_layout late cmap-moved.ttf
  printf '{"body": [{"p": "仿宋正文。"}]}\n' >"$FX/cjk.json"
  printf '{"body": [{"p": "𠮷字不在仿宋里。"}]}\n' >"$FX/ji2.json"
  (cd "$FX" && "$BIN" render cjk.json -l late.json -o cjk.pdf) 2>"$FX/late.err" ||
    { echo "unused: $(cat "$FX/late.err")"; return 1; }
  rm -f "$FX/ji2.pdf"
  (cd "$FX" && "$BIN" render ji2.json -l late.json -o ji2.pdf) 2>"$FX/late.err"
  local rc=$?
  [ $rc = 1 ] && [ ! -e "$FX/ji2.pdf" ] &&
    grep -qE "^late\.json:3:[0-9]+: error: font \".*cmap-moved\.ttf\": the file is damaged: it has no usable Unicode character map \('cmap'\) \(at /fonts/fang/1/file\)$" "$FX/late.err" ||
    { echo "used: exit $rc: $(cat "$FX/late.err")"; return 1; }
  # check finds what render finds: the same messages and status, used or not
  (cd "$FX" && "$BIN" check ji2.json -l late.json) 2>"$FX/late-check.err"
  [ $? = $rc ] && cmp -s "$FX/late.err" "$FX/late-check.err" ||
    { echo "check differs: $(cat "$FX/late-check.err")"; return 1; }
  (cd "$FX" && "$BIN" check cjk.json -l late.json) 2>"$FX/late-check.err" ||
    { echo "check of the unused face: $(cat "$FX/late-check.err")"; return 1; }
}
check "fixed: a damaged fallback face is no error while unused, and an error at its \"file\" once used (check agrees)" fx_late_error
fx_load_error() { # a fallback whose table directory is damaged is an error at load, unused
  fx_layout cut cut.ttf
  rm -f "$FX/cut.pdf"
  (cd "$FX" && "$BIN" check cjk.json -l cut.json) 2>"$FX/cut.err"
  local rc=$?
  [ $rc = 1 ] &&
    grep -qE "^cut\.json:3:[0-9]+: error: font \".*cut\.ttf\": the file is damaged: its table '.{4}' lies outside the file .* \(at /fonts/fang/1/file\)$" "$FX/cut.err" ||
    { echo "exit $rc: $(cat "$FX/cut.err")"; return 1; }
  printf '{"version": 1, "extends": "gbt9704", "fonts": {"fang": [{"file": "fandol/FandolFang-Regular.otf"}, {"file": "no-such.ttf"}]}}\n' >"$FX/missing.json"
  (cd "$FX" && "$BIN" check cjk.json -l missing.json) 2>"$FX/missing.err"
  rc=$?
  [ $rc = 1 ] && grep -qE 'missing\.json:1:[0-9]+: error: font file "no-such\.ttf" not found \(at /fonts/fang/1/file\)$' "$FX/missing.err" ||
    { echo "missing: exit $rc: $(cat "$FX/missing.err")"; return 1; }
}
check "fixed: a fallback face whose file is missing or whose table directory is damaged is an error at load" fx_load_error
rm -f "$FX/cjk.pdf" "$FX"/*.ttf

fx_needed() { # the binary needs no library only serve and worker use (they dlopen them)
  local n
  n=$(readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p') || return 1
  for lib in libmicrohttpd libhiredis libgnutls; do
    ! echo "$n" | grep -q "^$lib" || { echo "NEEDED: $(echo $n)"; return 1; }
  done
  echo "$n" | grep -q '^libharfbuzz-subset' || { echo "NEEDED: $(echo $n)"; return 1; }
  ! ldd "$BIN" | grep -qE 'libmicrohttpd|libhiredis|libgnutls' || { ldd "$BIN"; return 1; }
}
[ "$ASAN" = 1 ] || check "fixed: the binary links no libmicrohttpd, hiredis or gnutls (readelf -d, ldd)" fx_needed

fx_subset() { # the sample's fonts are still embedded and subset
  "$BIN" render samples/annual-report-2020.json -o "$FX/s.pdf" || return 1
  local t
  t=$(pdffonts "$FX/s.pdf" | tail -n +3)
  [ "$(echo "$t" | wc -l)" = 6 ] || { echo "$t"; return 1; }
  ! echo "$t" | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"' | grep -q . ||
    { echo "$t"; return 1; }
  echo "$t" | awk '{print $1}' | grep -qvE '^[A-Z]{6}\+' && { echo "$t"; return 1; }
  return 0
}
check "fixed: the sample's six fonts are embedded, subset, with ToUnicode (pdffonts)" fx_subset
rm -rf "$FX"
