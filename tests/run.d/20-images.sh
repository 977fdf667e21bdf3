# 20-images.sh: seal images and font files (issue 10, point 2 and the file-kind part of point 9).
#
# Sourced by tests/run.sh. Seals: every PNG kind decodes to exactly the samples it holds
# (gray, gray + alpha, palette with and without tRNS, RGB, RGBA, 1 to 16 bits, interlaced);
# a damaged PNG (cut short anywhere, a bad CRC, too little or corrupt image data, a size over
# the limits), a directory or a device is an input error at the seal's position, in `check`
# as in `render`, and nothing is written. Fonts: a directory or a device says what it is; a
# damaged font (a table directory pointing wrong or outside the file, no usable cmap, glyph
# counts that disagree) is an error at the layout's position instead of every character
# "missing" or a failed render. Scratch files live in $T/images.
IMG=$T/images
mkdir -p "$IMG"

# img_doc DIR SEAL: DIR/d.json, a signature with the seal SEAL; its value sits at 4:11
img_doc() {
  printf '{"body": [\n {"p": "正文一段。"},\n {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15",\n  "seal": "%s"}}\n]}\n' "$2" >"$1/d.json"
}

# --- every PNG kind: the PDF holds exactly the decoded samples, the alpha as /SMask ------------
# img_kind NAME MKPNG-ARGS...: renders a seal of that kind; the image's samples (and its
# /SMask's) in the PDF must equal what mkpng.py says an 8-bit decoder gives
img_kind() {
  local name=$1 d=$IMG/kind-$1
  shift
  mkdir -p "$d" && python3 tests/tools/mkpng.py "$d/seal.png" "$@" --samples "$d/want" && img_doc "$d" seal.png &&
    (cd "$d" && "$BIN" render d.json -o d.pdf) || return 1
  local list want got obj
  list=$(pdfimages -list "$d/d.pdf" | awk 'NR > 2 { print $3, $11 }')
  want="image"
  [ -f "$d/want.alpha" ] && want="image smask"
  got=$(awk '{ print $1 }' <<<"$list" | tr '\n' ' ')
  [ "$got" = "$want " ] || { echo "images: '$got', want '$want '"; return 1; }
  obj=$(awk '$1 == "image" { print $2 }' <<<"$list")
  qpdf --show-object="$obj" --filtered-stream-data "$d/d.pdf" >"$d/got.pix" &&
    cmp "$d/want.pix" "$d/got.pix" || { echo "colour samples differ"; return 1; }
  if [ -f "$d/want.alpha" ]; then
    # pdfimages lists a soft mask under its image's number: the /SMask entry names it
    obj=$(qpdf --show-object="$obj" "$d/d.pdf" | sed -n 's|.*/SMask \([0-9]*\) 0 R.*|\1|p')
    [ -n "$obj" ] || { echo "no /SMask reference"; return 1; }
    qpdf --show-object="$obj" --filtered-stream-data "$d/d.pdf" >"$d/got.alpha" &&
      cmp "$d/want.alpha" "$d/got.alpha" || { echo "alpha samples differ"; return 1; }
  fi
  # the soft mask is compressed like everything else
  ! qpdf --qdf --object-streams=disable "$d/d.pdf" - | grep -a -A3 '/SMask' | grep -q '/Length [0-9]\{5,\}'
}
while read -r name args; do
  # shellcheck disable=SC2086
  check "seal kinds: $name decodes to exactly its samples (alpha as /SMask)" img_kind "$name" $args
done <<'EOF'
rgba-8 --kind rgba
rgba-8-adam7 --kind rgba --interlace
rgba-16 --kind rgba --depth 16
rgb-8 --kind rgb
rgb-8-trns --kind rgb --trns
rgb-16-trns-adam7 --kind rgb --depth 16 --trns --interlace
gray-1 --kind gray --depth 1
gray-2-adam7 --kind gray --depth 2 --interlace
gray-4-trns --kind gray --depth 4 --trns
gray-8 --kind gray
gray-16-trns --kind gray --depth 16 --trns
gray-alpha-8 --kind gray-alpha
gray-alpha-16-adam7 --kind gray-alpha --depth 16 --interlace
palette-1-trns-adam7 --kind palette --depth 1 --trns --interlace
palette-2 --kind palette --depth 2
palette-4-trns --kind palette --depth 4 --trns
palette-8 --kind palette
palette-8-trns --kind palette --trns
EOF
img_gray_space() { pdfimages -list "$IMG/kind-gray-8/d.pdf" | awk 'NR == 3 { exit !($6 == "gray" && $7 == 1) }'; }
check "seal kinds: a gray PNG stays DeviceGray (one sample a pixel)" img_gray_space
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$IMG/k.pem" -out "$IMG/c.pem" -days 2 \
  -subj "/CN=images" >/dev/null 2>&1 &&
  openssl pkcs12 -export -inkey "$IMG/k.pem" -in "$IMG/c.pem" -out "$IMG/id.p12" -passout pass: >/dev/null 2>&1
img_sign16() { # render --sign draws the 16-bit seal with the samples render decodes
  local d=$IMG/kind-rgba-16
  (cd "$d" && "$BIN" render d.json -o signed.pdf --sign "$IMG/id.p12") &&
    pdfsig "$d/signed.pdf" 2>&1 | grep -q 'Signature is Valid' &&
    pdftoppm -r 72 -png "$d/d.pdf" "$d/plain" && pdftoppm -r 72 -png "$d/signed.pdf" "$d/signed" &&
    cmp -s "$d/plain-1.png" "$d/signed-1.png" || { echo "the signed page looks different"; return 1; }
}
check "seal kinds: render --sign with a 16-bit seal signs, the page looks as render draws it" img_sign16

# --- damaged seals: exit 1, the message at the seal, nothing written ---------------------------
python3 - "$IMG" <<'PY'
import os, struct, subprocess, sys, zlib
d = sys.argv[1]
subprocess.run([sys.executable, "tests/tools/mkpng.py", f"{d}/good.png"], check=True)
png = open(f"{d}/good.png", "rb").read()

def chunks(b):
    out, i = [], 8
    while i < len(b):
        n = struct.unpack(">I", b[i:i + 4])[0]
        out.append((b[i + 4:i + 8], b[i + 8:i + 8 + n], i))
        i += 12 + n
    return out

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

cs = chunks(png)
ihdr, idat = cs[0][1], cs[1][1]
idat_at = cs[1][2]
raw = zlib.decompress(idat)
sig = png[:8]
def ihdr_size(w, h):
    return sig + chunk(b"IHDR", struct.pack(">II", w, h) + ihdr[8:]) + png[33:]
cases = {
    "cut59": png[:59],  # the issue's case: inside IDAT
    "cut-ihdr": png[:20],  # inside IHDR
    "cut-idat": png[:idat_at + 8 + len(idat) // 2],  # half the compressed data
    "cut-iend": png[:-12],  # all the image, no IEND
    "crc": png[:idat_at + 8 + len(idat)] + bytes([png[idat_at + 8 + len(idat)] ^ 1]) + png[idat_at + 9 + len(idat):],
    "flip": png[:idat_at + 30] + bytes([png[idat_at + 30] ^ 0x40]) + png[idat_at + 31:],
    "crc-ihdr": png[:29] + bytes([png[29] ^ 1]) + png[30:],
    "short": sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw[:len(raw) // 2])) + chunk(b"IEND", b""),
    "junk": sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bytes(range(7, 250)) * 4) + chunk(b"IEND", b""),
    "huge": ihdr_size(100000, 100000),
    "wide": ihdr_size(8001, 1),
    "many": ihdr_size(5000, 4000),
    "zero": ihdr_size(0, 200),
    "text": b"not a PNG at all\n",
    "empty": b"",
}
for name, data in cases.items():
    os.makedirs(f"{d}/{name}", exist_ok=True)
    open(f"{d}/{name}/{name}.png", "wb").write(data)
PY
mkdir -p "$IMG/dir/dir.png" "$IMG/devzero" "$IMG/missing"
# img_bad CASE SEAL WANT: in $IMG/CASE, check and render exit 1 with WANT (a regex) after
# 'seal file "SEAL" ' at the seal's position; render writes nothing, in out/ or beside the data
img_bad() {
  local c=$1 seal=$2 want=$3 d=$IMG/$1 line cmd
  img_doc "$d" "$seal" && mkdir -p "$d/out" || return 1
  line="d.json:4:11: error: seal file \"$seal\" $want \(at /body/1/signature/seal\)"
  for cmd in check render; do
    (cd "$d" && if [ $cmd = check ]; then "$BIN" check d.json; else "$BIN" render d.json -o out/d.pdf; fi) \
      >"$d/$cmd.err" 2>&1
    local rc=$?
    [ $rc = 1 ] || { echo "$cmd exited $rc: $(head -c 300 "$d/$cmd.err")"; return 1; }
    [ "$(wc -l <"$d/$cmd.err")" = 1 ] && grep -qxE "$line" "$d/$cmd.err" ||
      { echo "$cmd said: $(cat "$d/$cmd.err")"; return 1; }
  done
  [ -z "$(ls -A "$d/out")" ] || { echo "render left in out/: $(ls -A "$d/out")"; return 1; }
  [ "$(ls -A "$d" | grep -v -e '^d\.json$' -e '^out$' -e '\.err$' -e "^$c\.png\$")" = "" ] ||
    { echo "render left: $(ls -A "$d")"; return 1; }
}
# `check` used to pass these and `render` abort (134) inside libharu, leaving out/d.pdf.tmp-*
while read -r c want; do
  check "seal damaged: $c: check and render exit 1 at the seal, nothing written" img_bad "$c" "$c.png" "$want"
done <<'EOF'
cut59 is damaged: the file ends too early
cut-ihdr is damaged: the file ends too early
cut-idat is damaged: the file ends too early
cut-iend is damaged: the file ends too early
crc is damaged: IDAT: CRC error
flip is damaged: IDAT: .+
crc-ihdr is damaged: IHDR: CRC error
short is damaged: Not enough image data
junk is damaged: IDAT: .+
huge is 100000 x 100000 pixels, over the limit of 8000 pixels a side and 16777216 in all
wide is 8001 x 1 pixels, over the limit of 8000 pixels a side and 16777216 in all
many is 5000 x 4000 pixels, over the limit of 8000 pixels a side and 16777216 in all
zero is damaged: .+
text is not a PNG image
empty is not a PNG image
dir is a directory
EOF
check "seal: a device is not a regular file (was: not found)" \
  img_bad devzero /dev/zero 'is not a regular file but a character device'
check "seal: a missing file is still not found" img_bad missing none.png 'not found'
img_truncations() { # every prefix of a valid seal is refused by check, and none crashes it
  local d=$IMG/prefixes n size
  mkdir -p "$d" && img_doc "$d" seal.png || return 1
  size=$(stat -c %s "$IMG/good.png")
  for ((n = 0; n < size; n += (ASAN ? 97 : 13))); do
    head -c "$n" "$IMG/good.png" >"$d/seal.png"
    (cd "$d" && "$BIN" check d.json) 2>"$d/err"
    local rc=$?
    [ $rc = 1 ] && grep -q 'seal file "seal.png" is \(damaged\|not a PNG\)' "$d/err" ||
      { echo "a prefix of $n bytes: exit $rc, $(cat "$d/err")"; return 1; }
  done
  cp "$IMG/good.png" "$d/seal.png" && (cd "$d" && "$BIN" check d.json)
}
check "seal: every prefix of a valid PNG is an error in check (the whole file passes)" img_truncations
img_sign_bad() { # sign --appearance decodes as render does: a damaged PNG is bad input
  local d=$IMG/cut59
  "$BIN" sign "$IMG/kind-rgb-8/d.pdf" -o "$d/out/s.pdf" --p12 "$IMG/id.p12" --page 1 \
    --rect 50,50,100,100 --appearance "$d/cut59.png" 2>"$d/sign.err"
  [ $? = 1 ] && [ -z "$(ls -A "$d/out")" ] &&
    grep -q -- '--appearance ".*cut59.png" is damaged: the file ends too early' "$d/sign.err"
}
check "sign: --appearance with a damaged PNG is bad input (1), no output" img_sign_bad

# --- fonts: what a font file is, and damaged fonts ------------------------------------------
python3 - "$IMG" <<'PY'
import os, struct, sys
d = sys.argv[1] + "/fonts"
os.makedirs(d, exist_ok=True)
lib = open("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", "rb").read()
fandol = open("fonts/fandol/FandolFang-Regular.otf", "rb").read()

def records(b):
    n = struct.unpack(">H", b[4:6])[0]
    return {bytes(b[12 + 16 * k:16 + 16 * k]): 12 + 16 * k for k in range(n)}

def patched(b, tag, field, value):  # field 8: the record's offset; 0: its tag
    b = bytearray(b)
    r = records(b)[tag]
    b[r + field:r + field + 4] = value
    return bytes(b)

def set_maxp_glyphs(b, n):
    b = bytearray(b)
    off = struct.unpack(">I", b[records(b)[b"maxp"] + 8:][:4])[0]
    b[off + 4:off + 6] = struct.pack(">H", n)
    return bytes(b)

cmap_at = struct.unpack(">I", lib[records(lib)[b"cmap"] + 8:][:4])[0]
cases = {
    # the cmap record points 4 bytes off: FreeType drops the table and makes a map from the
    # glyph names, which covers Latin only; the layout was accepted, CJK text all "missing"
    "cmap-moved.ttf": patched(lib, b"cmap", 8, struct.pack(">I", cmap_at + 4)),
    "cmap-renamed.ttf": patched(lib, b"cmap", 0, b"cmaq"),
    "cmap-outside.ttf": patched(lib, b"cmap", 8, struct.pack(">I", len(lib) + 100)),
    "cut.ttf": lib[:len(lib) // 3],
    "no-tables.ttf": lib[:4] + b"\0\0" + lib[6:],
    # maxp says 0 glyphs: FreeType counts the CFF's, HarfBuzz maxp's; render failed (exit 3)
    "maxp0.otf": set_maxp_glyphs(fandol, 0),
}
for name, data in cases.items():
    open(f"{d}/{name}", "wb").write(data)
os.makedirs(f"{d}/adir.ttf", exist_ok=True)
PY
# font_bad NAME FILE WANT: a layout whose one font is FILE; check and render exit 1 with WANT
# (a regex) at the font's "file" (4:15); nothing written
font_bad() {
  local d=$IMG/fonts c=$1 f=$2 want=$3 cmd
  case $want in :*) ;; *) want=" $want" ;; esac
  printf '{"version": 1, "name": "t", "page": {"width": "210mm", "height": "297mm", "margins": {"top": "37mm", "bottom": "35mm", "left": "28mm", "right": "26mm"}},\n "grid": {"chars_per_line": 28, "lines_per_page": 22, "style": "body"},\n "fonts": {"fang": [\n   {"file": "%s"}]},\n "styles": {"body": {"font": "fang", "size": "三号"}},\n "blocks": {"title": "body", "h1": "body", "h2": "body", "h3": "body", "h4": "body", "p": "body", "signature": "body"}}\n' \
    "$f" >"$d/$c.json" || return 1
  printf '{"body": [{"p": "Latin text only."}]}\n' >"$d/$c-data.json"
  mkdir -p "$d/out-$c"
  for cmd in check render; do
    (cd "$d" && if [ $cmd = check ]; then "$BIN" check "$c-data.json" -l "$c.json"
      else "$BIN" render "$c-data.json" -l "$c.json" -o "out-$c/x.pdf"; fi) >"$d/$c.$cmd" 2>&1
    local rc=$?
    [ $rc = 1 ] || { echo "$cmd exited $rc: $(head -c 300 "$d/$c.$cmd")"; return 1; }
    [ "$(wc -l <"$d/$c.$cmd")" = 1 ] &&
      grep -qxE "$c\.json:4:13: error: font( file)? \"$f\"$want \(at /fonts/fang/0/file\)" "$d/$c.$cmd" ||
      { echo "$cmd said: $(cat "$d/$c.$cmd")"; return 1; }
  done
  [ -z "$(ls -A "$d/out-$c")" ] || { echo "render left: $(ls -A "$d/out-$c")"; return 1; }
}
while read -r c f want; do
  check "font: $c: check and render exit 1 at the layout's font, saying what is wrong" font_bad "$c" "$f" "$want"
done <<'EOF'
dir adir.ttf  is a directory
dev /dev/zero  is not a regular file but a character device
cmap-moved cmap-moved.ttf : the file is damaged: it has no usable Unicode character map \('cmap'\)
cmap-renamed cmap-renamed.ttf : the file is damaged: it has no 'cmap' table
cmap-outside cmap-outside.ttf : the file is damaged: its table 'cmap' lies outside the file \(bytes [0-9]+ to [0-9]+ of 393576\)
cut cut.ttf : the file is damaged: its table '[A-Za-z/ ]{4}' lies outside the file \(bytes [0-9]+ to [0-9]+ of 131192\)
no-tables no-tables.ttf : the file is damaged: its table directory lists no table
maxp0 maxp0.otf : the file is damaged: FreeType counts 10365 glyphs in it, HarfBuzz 0 \(see its 'maxp' table\)
EOF
font_search_dir() { # a directory met along the font search path is named with where it was
  local d=$IMG/fonts
  printf '{"version": 1, "extends": "gbt9704", "fonts": {"song": [{"file": "fandol"}]}}\n' >"$d/search.json"
  (cd "$d" && "$BIN" check "$IMG/fonts/cut-data.json" -l search.json) 2>"$d/search.err"
  [ $? = 1 ] && grep -qE '^search\.json:1:[0-9]+: error: font file "fandol" \(.*/fonts/fandol\) is a directory \(at /fonts/song/0/file\)$' "$d/search.err" ||
    { cat "$d/search.err"; return 1; }
}
check "font: a directory found along the search path says where (was: not found)" font_search_dir
find "$IMG/fonts" -type f \( -name '*.ttf' -o -name '*.otf' \) -delete
