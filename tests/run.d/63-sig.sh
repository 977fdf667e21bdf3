# 63-sig.sh: signatures of every kind (issue 11 part C; GB/T 9704-2012 7.3.5, standards.md 1.8).
#
# Sourced by tests/run.sh. The documents in tests/cases/i11/sig/ are rendered and measured from
# the PDF with tests/tools/sigcheck.py (mutool draw -F trace): joint issuance with seals (2, 3
# and 5 organs, and long names) keeps its seals apart and inside the type area, each centred
# on its organ, the last on the last organ and the date, the first row within one line of
# the body; joint issuance without seals stacks the organs (7.3.5.2); the 签名章 mode places
# title, stamp and date (7.3.5.3); a date given as text is printed as given. Each measured
# check has a negative control: the same PDF edited through qpdf --qdf (sigcheck.py move) +
# fix-qdf, which the check must refuse. Seals print like ink (Multiply): a black name under an
# opaque red seal stays dark (pdftoppm), and the same page with /BM /Normal hides it; the
# signature appearances of sign --at-seal and render --sign use the same blend, so a joint
# document signed seal by seal looks exactly as before (poppler and mupdf, pixel for pixel).
# Bad dates, mixed seals and the other wrong forms are errors with exact messages.
# Scratch files in $T/sig; negative controls and QDF files are removed (the PDF/A sweep).
SG=$T/sig
SGC=tests/cases/i11/sig
SIGCHECK=(python3 tests/tools/sigcheck.py)
mkdir -p "$SG"

# sig_render NAME: renders $SGC/NAME.json to $SG/NAME.pdf (and its trace); check agrees
sig_render() {
  "$BIN" check "$SGC/$1.json" && "$BIN" render "$SGC/$1.json" -o "$SG/$1.pdf" --trace "$SG/$1.trace"
}
for n in joint2 joint3 joint5 joint5-bottom joint-long plain3 stamp2 stamp-name textdate; do
  check "sig: $n renders (check agrees)" sig_render "$n"
done

# sig_catches WANT MODE PDF ARGS...: sigcheck refuses PDF, and for the reason WANT
sig_catches() {
  local want=$1 out
  shift
  out=$("${SIGCHECK[@]}" "$@") && { echo "not refused"; return 1; }
  grep -q "^BAD $want" <<<"$out" || { echo "refused, but not for \"$want\": $(grep '^BAD' <<<"$out" | head -3)"; return 1; }
}
# sig_edit NAME OUT ARGS...: OUT.pdf, $SG/NAME.pdf edited by sigcheck.py move ARGS
sig_edit() {
  local name=$1 out=$2
  shift 2
  qpdf --qdf --object-streams=disable "$SG/$name.pdf" "$SG/q.pdf" &&
    "${SIGCHECK[@]}" move "$SG/q.pdf" "$SG/$out.qdf" "$@" >/dev/null &&
    fix-qdf <"$SG/$out.qdf" >"$SG/$out.pdf" && rm -f "$SG/q.pdf" "$SG/$out.qdf"
}
J2=(--orgs 财政部,教育部 --date 2021年1月15日)
J3=(--orgs 财政部,教育部,科学技术部 --date 2021年1月15日)
J5=(--orgs 财政部,教育部,科学技术部,水利部,农业农村部 --date 2021年1月15日)
JL=(--orgs 人力资源和社会保障部,国家发展和改革委员会,生态环境部 --date 2021年12月25日)
check "sig: joint, 2 organs with seals (7.3.5.1): seals apart, inside the 版心, each on its organ, the last on the last organ and the date, first row within one line of the body" \
  "${SIGCHECK[@]}" joint "$SG/joint2.pdf" "${J2[@]}"
check "sig: joint, 3 organs with seals: the same" "${SIGCHECK[@]}" joint "$SG/joint3.pdf" "${J3[@]}"
check "sig: joint, 5 organs with seals (two rows): the same" "${SIGCHECK[@]}" joint "$SG/joint5.pdf" "${J5[@]}"
check "sig: joint, 3 organs with long names (wider columns, two rows): the same" \
  "${SIGCHECK[@]}" joint "$SG/joint-long.pdf" "${JL[@]}"
check "sig: joint, 5 organs with long names (2 a row), the date on the page's last line: the seals stay in the 版心" \
  "${SIGCHECK[@]}" joint "$SG/joint5-bottom.pdf" --orgs 财政部,教育部,科学技术部,人力资源和社会保障部,国家发展和改革委员会 --date 2021年1月15日
check "sig: joint, 5 organs with long names: the date is on the page's last line (22)" bash -c \
  "grep -q '^text [0-9.]* 727.752 .*\"日\"\$' '$SG/joint5-bottom.trace'"
sig_sample() {
  "$BIN" render samples/joint-notice.json -o "$SG/joint-notice.pdf" &&
    "${SIGCHECK[@]}" joint "$SG/joint-notice.pdf" --orgs 财政部,教育部,科学技术部 --date 2021年3月15日 --page 2
}
check "sig: samples/joint-notice.json (three organs, three seals) renders and passes the joint checks" sig_sample
check "sig: joint, 5 organs: 3 seals in the first row, 2 in the second, right-aligned to the date's" bash -c \
  "[ \"\$(awk '/^image/ { print \$3 }' '$SG/joint5.trace' | uniq -c | awk '{ print \$1 }' | tr '\n' ' ')\" = '3 2 ' ] &&
   [ \"\$(awk '/^image/ { print \$2 }' '$SG/joint5.trace' | sed -n '3p;5p' | uniq | wc -l)\" = 1 ]"
sig_negatives() {
  sig_edit joint3 neg-overlap --seal 2 --dx 15 &&
    sig_catches "two seals neither touch nor overlap" joint "$SG/neg-overlap.pdf" "${J3[@]}" || { echo "overlap: $(cat)"; return 1; } </dev/null
  sig_edit joint3 neg-out --seal 1 --dx -60 &&
    sig_catches "seal inside the type area (left, right)" joint "$SG/neg-out.pdf" "${J3[@]}" || return 1
  sig_edit joint5 neg-off --seal 5 --dy -40 &&
    sig_catches "the last seal covers the date" joint "$SG/neg-off.pdf" "${J5[@]}" || return 1
  sig_edit joint3 neg-low --seal all --dy 30 &&
    sig_catches "the first row's top within one line of the text above" joint "$SG/neg-low.pdf" "${J3[@]}" || return 1
  sig_edit joint2 neg-name --seal 1 --dx -8 &&
    sig_catches "财政部: the name centred under its seal" joint "$SG/neg-name.pdf" "${J2[@]}" || return 1
  sig_edit joint2 neg-blend --blend Normal &&
    sig_catches "seal drawn with the Multiply blend mode" joint "$SG/neg-blend.pdf" "${J2[@]}" || return 1
  rm -f "$SG"/neg-*.pdf
}
check "sig: control: seals that touch, leave the 版心, miss the date, sit low, are off their organ or not Multiply are caught" sig_negatives

# 7.3.5.2: the organs stacked, aligned, the longest 2 characters from the right, the date after
P3=(--orgs 财政部,人力资源和社会保障部,教育部 --date 2021年1月15日)
check "sig: joint without seals (7.3.5.2): organs one a line, lead first, aligned, longest 2 字 from the right, date 2 字 in below, 1 blank line above" \
  "${SIGCHECK[@]}" plain "$SG/plain3.pdf" "${P3[@]}"
sig_plain_negatives() {
  local y
  # the second organ's baseline in PDF space: from the trace (top-down)
  y=$(awk '/人力资源和社会保障部/ { printf "%.3f", 841.89 - $3 }' "$SG/plain3.trace")
  sig_edit plain3 neg-plain --text-y "$y" --dx 8 &&
    sig_catches "人力资源和社会保障部: its start aligned" plain "$SG/neg-plain.pdf" "${P3[@]}" || return 1
  rm -f "$SG/neg-plain.pdf"
}
check "sig: control: an organ out of alignment is caught" sig_plain_negatives

# 7.3.5.3: title 2 字 left of the stamp, centred on it; stamp and date 4 字 from the right
S2=(--titles 国务院总理,中央军委主席 --date 一九九七年四月八日)
check "sig: 签名章 (7.3.5.3): 2 blank lines above, stamps 4 字 from the right, titles 2 字 left of them and centred on them, 1 blank line, the date 4 字 from the right" \
  "${SIGCHECK[@]}" stamp "$SG/stamp2.pdf" "${S2[@]}"
sig_stamp_negatives() {
  sig_edit stamp2 neg-stamp --seal 1 --dy -6 &&
    sig_catches "国务院总理: the title vertically centred on the stamp" stamp "$SG/neg-stamp.pdf" "${S2[@]}" || return 1
  sig_edit stamp2 neg-stamp2 --seal 2 --dx 10 &&
    sig_catches "中央军委主席: the stamp 4 characters from the right" stamp "$SG/neg-stamp2.pdf" "${S2[@]}" || return 1
  rm -f "$SG"/neg-stamp*.pdf
}
check "sig: control: a stamp off its title or off its column is caught" sig_stamp_negatives
check "sig: 签名章 with a name instead of a stamp image: the name centred in the stamp's place" bash -c \
  "grep -q '^text 408.595 292.902 31.586 16.000 FandolFang-Regular \"张三\"\$' '$SG/stamp-name.trace' &&
   grep -q '^text 327.200 292.902 31.586 16.000 FandolFang-Regular \"局长\"\$' '$SG/stamp-name.trace' &&
   ! grep -q '^image' '$SG/stamp-name.trace'"

# dates: a text date is printed as given; the numeric one as 2021年1月15日
check "sig: a date given as text (一九九七年四月八日) is printed as given" \
  "${SIGCHECK[@]}" text "$SG/textdate.pdf" --date 一九九七年四月八日
check "sig: control: the text check sees a date that is not there" \
  sig_catches "'一九九七年四月九日' is printed" text "$SG/textdate.pdf" --date 一九九七年四月九日

# --- errors: exact messages, check and render agree, nothing written ----------------------
# sig_error NAME: check and render of errors/NAME.json exit 1, print exactly errors/NAME.err
sig_error() {
  local got
  got=$(cd "$SGC/errors" && "$BIN" check "$1.json" 2>&1) && { echo "check passed"; return 1; }
  [ "$got" = "$(cat "$SGC/errors/$1.err")" ] || { diff <(printf '%s\n' "$got") "$SGC/errors/$1.err" | head -8; return 1; }
  got=$(cd "$SGC/errors" && "$BIN" render "$1.json" -o "$SG/err.pdf" 2>&1)
  [ $? = 1 ] && [ ! -e "$SG/err.pdf" ] || { echo "render: exit not 1 or a PDF written"; return 1; }
  [ "$got" = "$(cat "$SGC/errors/$1.err")" ] || { echo "render says otherwise"; return 1; }
}
check "sig: errors: bad dates (no such date, not YYYY-MM-DD, empty, a line break, a number)" sig_error dates
check "sig: errors: mixed seals in joint issuance, at the first odd organ" sig_error mixed
check "sig: errors: two forms at once, a seal beside orgs, no organ, no org, a signer without stamp or name or with both, a missing seal file" sig_error forms
check "sig: errors: more than 20 organs" sig_error many
check "sig: errors: 20 sealed organs take more than a page" sig_error tall

# --- Multiply: black under red stays dark ---------------------------------------------------
# a solid red disc as the seal: with Multiply the organ's name and the date under it stay dark;
# with /BM /Normal (the control) the opaque red hides them
sig_dark() { # sig_dark PDF TRACE: prints the dark pixels inside the (round) seal at 100 dpi
  pdftoppm -r 100 -f 1 -l 1 "$1" "$SG/px" && python3 - "$SG/px-1.ppm" "$2" <<'PY'
import sys
ppm, trace = sys.argv[1:3]
d = open(ppm, "rb").read()
parts = d.split(b"\n", 3)
w, h = (int(v) for v in parts[1].split())
px = parts[3]
x, y, sw, sh = (float(v) * 100 / 72 for v in [l for l in open(trace) if l.startswith("image ")][0].split()[1:5])
dark = 0
cx, cy, rr = x + sw / 2, y + sh / 2, (sw / 2 * 0.95) ** 2  # inside the disc only
for j in range(int(y) + 1, int(y + sh) - 1):
    for i in range(int(x) + 1, int(x + sw) - 1):
        r, g, b = px[3 * (j * w + i):3 * (j * w + i) + 3]
        dark += (i - cx) ** 2 + (j - cy) ** 2 < rr and r < 90 and g < 90 and b < 90
print(dark)
PY
}
sig_multiply() {
  python3 - "$SG/solid.png" <<'PY' || return 1
import struct, sys, zlib
n = 200
rows = b"".join(b"\0" + b"".join(b"\xd7\x14\x1a" + (b"\xff" if (x - 99.5) ** 2 + (y - 99.5) ** 2 < 99 ** 2 else b"\0")
                                 for x in range(n)) for y in range(n))
def chunk(k, data):
    return struct.pack(">I", len(data)) + k + data + struct.pack(">I", zlib.crc32(k + data) & 0xFFFFFFFF)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
  printf '{"body": [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "solid.png"}}]}' >"$SG/solid.json" &&
    "$BIN" render "$SG/solid.json" -o "$SG/solid.pdf" --trace "$SG/solid.trace" || return 1
  local dark ctl
  dark=$(sig_dark "$SG/solid.pdf" "$SG/solid.trace") || return 1
  sig_edit solid neg-normal --blend Normal || return 1
  ctl=$(sig_dark "$SG/neg-normal.pdf" "$SG/solid.trace") || return 1
  rm -f "$SG/neg-normal.pdf" "$SG"/px-1.ppm
  echo "dark pixels under the seal: Multiply $dark, Normal $ctl"
  [ "$dark" -gt 300 ] && [ "$ctl" -lt 5 ]
}
check "sig: Multiply: the black name and date under an opaque red seal stay dark (control: /BM /Normal hides them)" sig_multiply
check "sig: the trace marks seals and stamps \"multiply\"" bash -c \
  "[ \"\$(grep -c '^image .* multiply\$' '$SG/joint3.trace')\" = 3 ] && [ \"\$(grep -c '^image .* multiply\$' '$SG/stamp2.trace')\" = 2 ]"

# --- signing: each organ's --at-seal takes the next seal; the page looks the same -------------
sig_sign() {
  local d=$SG/sign
  mkdir -p "$d" &&
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/k.pem" -out "$d/c.pem" -days 2 -subj "/CN=sig" >/dev/null 2>&1 &&
    openssl pkcs12 -export -inkey "$d/k.pem" -in "$d/c.pem" -out "$d/id.p12" -passout pass: >/dev/null 2>&1 || return 1
  local f=$SG/joint3.pdf i
  for i in 1 2 3; do
    "$BIN" sign "$f" -o "$d/s$i.pdf" --p12 "$d/id.p12" --at-seal --reason "会签" 2>"$d/err" &&
      [ ! -s "$d/err" ] || { echo "--at-seal $i: $(cat "$d/err")"; return 1; }
    f=$d/s$i.pdf
  done
  [ "$(pdfsig -nocert "$d/s3.pdf" | grep -c 'Signature is Valid.')" = 3 ] || { echo "not three valid signatures"; return 1; }
  status_is 1 "$BIN" sign "$d/s3.pdf" -o "$d/s4.pdf" --p12 "$d/id.p12" --at-seal || { echo "a fourth --at-seal was not refused"; return 1; }
  pdftoppm -r 110 -png "$SG/joint3.pdf" "$d/pa" && pdftoppm -r 110 -png "$d/s3.pdf" "$d/pb" &&
    cmp -s "$d/pa-1.png" "$d/pb-1.png" || { echo "poppler pixels differ"; return 1; }
  mutool draw -r 110 -o "$d/ma.png" "$SG/joint3.pdf" 2>/dev/null && mutool draw -r 110 -o "$d/mb.png" "$d/s3.pdf" 2>/dev/null &&
    cmp -s "$d/ma.png" "$d/mb.png" || { echo "mupdf pixels differ"; return 1; }
  # render --sign takes the lead organ's seal, --at-seal the next two
  (cd "$SGC" && "$BIN" render joint3.json -o "$d/r1.pdf" --sign "$d/id.p12") &&
    "$BIN" sign "$d/r1.pdf" -o "$d/r2.pdf" --p12 "$d/id.p12" --at-seal 2>"$d/err" && [ ! -s "$d/err" ] &&
    "$BIN" sign "$d/r2.pdf" -o "$d/r3.pdf" --p12 "$d/id.p12" --at-seal 2>"$d/err" && [ ! -s "$d/err" ] ||
    { echo "render --sign, then --at-seal twice: $(cat "$d/err")"; return 1; }
  [ "$(pdfsig -nocert "$d/r3.pdf" | grep -c 'Signature is Valid.')" = 3 ] || { echo "render --sign: not three valid"; return 1; }
  pdftoppm -r 110 -png "$d/r3.pdf" "$d/pr" && cmp -s "$d/pa-1.png" "$d/pr-1.png" || { echo "render --sign: poppler pixels differ"; return 1; }
  mutool draw -r 110 -o "$d/mr.png" "$d/r3.pdf" 2>/dev/null && cmp -s "$d/ma.png" "$d/mr.png" || { echo "render --sign: mupdf pixels differ"; return 1; }
  # the appearances draw with the same blend
  [ "$(qpdf --qdf --object-streams=disable "$d/s3.pdf" - | grep -ac '^q /GwMultiply gs [0-9.]* 0 0 [0-9.]* 0 0 cm /Im1 Do Q')" = 3 ] ||
    { echo "appearances without /GwMultiply"; return 1; }
}
check "sig: joint issuance: three --at-seal signatures (and render --sign + two) take the three seals, verify, and the page looks exactly as before (poppler, mupdf)" sig_sign
sig_sign_one() { # one organ: render --sign takes the only seal; the page keeps its paper
  local d=$SG/sign
  "$BIN" render "$SG/solid.json" -o "$d/one.pdf" --sign "$d/id.p12" 2>"$d/err" && [ ! -s "$d/err" ] || return 1
  pdftoppm -r 110 -png "$SG/solid.pdf" "$d/o1" && pdftoppm -r 110 -png "$d/one.pdf" "$d/o2" &&
    cmp -s "$d/o1-1.png" "$d/o2-1.png" || { echo "poppler pixels differ"; return 1; }
  mutool draw -r 110 -o "$d/o1.png" "$SG/solid.pdf" 2>/dev/null && mutool draw -r 110 -o "$d/o2.png" "$d/one.pdf" 2>/dev/null &&
    cmp -s "$d/o1.png" "$d/o2.png" || { echo "mupdf pixels differ"; return 1; }
}
check "sig: one organ: render --sign (the seal becomes the appearance) looks exactly as render without --sign (poppler, mupdf)" sig_sign_one
sig_sign_control() { # the pixel comparison sees an appearance drawn without Multiply
  local d=$SG/sign
  qpdf --qdf --object-streams=disable "$d/s1.pdf" "$d/q.pdf" &&
    sed 's|^q /GwMultiply gs \([0-9.]* 0 0 [0-9.]* 0 0 cm /Im1 Do Q\)$|q \1|' "$d/q.pdf" | fix-qdf >"$d/nomul.pdf" || return 1
  rm -f "$d/q.pdf"
  pdftoppm -r 110 -png "$d/nomul.pdf" "$d/pn" || return 1
  rm -f "$d/nomul.pdf"
  ! cmp -s "$d/pa-1.png" "$d/pn-1.png"
}
check "sig: control: an --at-seal appearance without Multiply changes the pixels" sig_sign_control

# --- the schema agrees: the documents validate; what it can express of the errors it refuses
sig_schema() {
  /usr/bin/python3 tests/tools/schemacheck.py "$SGC"/*.json samples/joint-notice.json >/dev/null || {
    /usr/bin/python3 tests/tools/schemacheck.py "$SGC"/*.json samples/joint-notice.json | grep -v '^ok'; return 1; }
  local f
  for f in dates mixed forms many; do
    ! /usr/bin/python3 tests/tools/schemacheck.py --schema schemas/data.schema.json "$SGC/errors/$f.json" >/dev/null ||
      { echo "the schema takes errors/$f.json"; return 1; }
  done
}
check "sig: schema: the signature documents validate; bad dates, mixed seals, two forms, too many organs are refused" sig_schema
