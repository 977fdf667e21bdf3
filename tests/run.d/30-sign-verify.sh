# 30-sign-verify.sh: what `gongwen sign` checks before it adds a signature (issue 10, defects
# 4, 8 and 9): the existing signatures (byte range, digest, signature value) and what changed
# after them, the signer certificate's key usage, the signing time's range, and the message
# for a PKCS#12 file that needs a password. Sourced by tests/run.sh (check, ok, bad, $BIN, $T).
#
# Changed documents are made with tests/tools/pdfupdate.py, which appends the incremental
# update another program would write (qpdf cannot write incremental updates). Every file
# made broken on purpose is removed at the end; the valid gongwen-signed ones stay for the
# suite's PDF/A sweep.

V=$T/sigv
mkdir -p "$V"
VT=$(($(date +%s) + 60)) # the certificates start now: sign a minute later
UPD=(python3 "$PWD/tests/tools/pdfupdate.py")
(
  cd "$V" || exit 1
  mk() { # mk NAME REQ-ARGS...: self-signed NAME.pem, its key NAME.key, NAME.p12 without password
    local n=$1
    shift
    openssl req -x509 -nodes -keyout "$n.key" -out "$n.pem" -days 30 -subj "/CN=$n" "$@" &&
      openssl pkcs12 -export -inkey "$n.key" -in "$n.pem" -out "$n.p12" -passout pass:
  }
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  mk rsa -newkey rsa:2048 -addext "keyUsage=critical,digitalSignature,nonRepudiation" &&
    mk ec "${ec[@]}" -addext "keyUsage=critical,digitalSignature" &&
    mk nr "${ec[@]}" -addext "keyUsage=critical,nonRepudiation" &&
    mk noku "${ec[@]}" &&
    mk ca "${ec[@]}" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
    mk tls "${ec[@]}" -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=serverAuth" &&
    mk mail "${ec[@]}" -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=emailProtection" &&
    mk tsa "${ec[@]}" -addext "extendedKeyUsage=critical,timeStamping" &&
    openssl pkcs12 -export -inkey ec.key -in ec.pem -out pw.p12 -passout pass:secret || exit 1
  printf 'secret\n' >pw
  printf 'wrong\n' >badpw
  printf '[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ./tsaserial\ncrypto_device = builtin\n%s\n' \
    'signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256' >tsa.cnf
  echo 01 >tsaserial
) >"$V/keys.log" 2>&1 || bad "sign-verify: test keys" "$(tail -n 3 "$V/keys.log")"
python3 tests/tools/mkpng.py "$V/seal.png"
"$BIN" render samples/annual-report-2020.json -o "$V/in.pdf" >/dev/null 2>&1
vsign() { # vsign IN OUT P12 [ARGS...]: gongwen sign, standard error to $V/err.txt
  local in=$1 out=$2 p12=$3
  shift 3
  "$BIN" sign "$in" -o "$out" --p12 "$V/$p12.p12" --time "$VT" "$@" 2>"$V/err.txt"
}
# refused IN WHAT: signing IN is refused (exit 1, no output) with a message matching WHAT and
# the closing "not signed" line; with --force it signs (exit 0) and says the same as a warning
refused() {
  local in=$1 want=$2
  rm -f "$V/out.pdf"
  vsign "$in" "$V/out.pdf" rsa
  local rc=$?
  [ $rc = 1 ] || { echo "exit $rc, want 1: $(cat "$V/err.txt")"; return 1; }
  [ ! -e "$V/out.pdf" ] || { echo "an output was written"; return 1; }
  grep -q "error: $in: $want" "$V/err.txt" || { echo "no '$want' in: $(cat "$V/err.txt")"; return 1; }
  grep -q 'not signed: a further signature would endorse.*--force signs anyway' "$V/err.txt" ||
    { echo "no closing line: $(cat "$V/err.txt")"; return 1; }
  vsign "$in" "$V/out.pdf" rsa --force
  rc=$?
  [ $rc = 0 ] && [ -s "$V/out.pdf" ] || { echo "--force: exit $rc: $(cat "$V/err.txt")"; return 1; }
  grep -q "warning: $in: $want" "$V/err.txt" && grep -q 'warning: .*signing anyway (--force)' "$V/err.txt" &&
    ! grep -q 'error:' "$V/err.txt" || { echo "--force: not warnings: $(cat "$V/err.txt")"; return 1; }
  [ "$(pdfsig -nocert "$V/out.pdf" 2>/dev/null | grep -c 'Signature is Valid.')" -ge 1 ] ||
    { echo "--force: the new signature is not valid"; return 1; }
  rm -f "$V/out.pdf"
}
silent() { # silent IN [P12]: signing IN succeeds without a word on standard error
  rm -f "$V/out.pdf"
  vsign "$1" "$V/out.pdf" "${2:-rsa}" || { echo "exit $?: $(cat "$V/err.txt")"; return 1; }
  [ ! -s "$V/err.txt" ] || { echo "said: $(cat "$V/err.txt")"; return 1; }
}

# --- defect 4: the existing signatures, and what changed after them ------------------------
vsign "$V/in.pdf" "$V/s1.pdf" rsa --reason "审核"
vsign "$V/s1.pdf" "$V/s2.pdf" ec --page 1 --rect 400,100,120,120 --appearance "$V/seal.png"
resign_valid() {
  silent "$V/s2.pdf" && [ "$(pdfsig -nocert "$V/out.pdf" | grep -c 'Signature is Valid.')" = 3 ]
}
check "sign-verify: control: a validly signed file is signed again without a word, all valid" resign_valid
python3 - "$V" <<'PY'
import re, sys
v = sys.argv[1]
d = bytearray(open(v + "/s1.pdf", "rb").read())
d[7] = ord("5") if d[7] != ord("5") else ord("6")  # the version digit of %PDF-1.x: signed bytes
open(v + "/flip.pdf", "wb").write(d)
d = bytearray(open(v + "/s1.pdf", "rb").read())
a, b, c = map(int, re.findall(rb"/ByteRange \[0 (\d+) (\d+) (\d+)", d)[-1])
raw = bytes.fromhex(d[a + 1:b - 1].decode())
n = raw[1] & 0x7F if raw[1] & 0x80 else 0
total = 2 + n + (int.from_bytes(raw[2:2 + n], "big") if n else raw[1])
i = a + 1 + 2 * (total - 20)  # a hex digit of the RSA signature value (the DER's last 256 bytes)
d[i] = ord("1") if d[i] != ord("1") else ord("2")
open(v + "/badvalue.pdf", "wb").write(d)
PY
check "sign-verify: a byte changed inside the signed range is refused (exit 1), signed with --force and a warning" \
  refused "$V/flip.pdf" 'signature "Signature1" (revision 2 of 2): the bytes it signs were changed after signing (their SHA256 digest differs'
check "sign-verify: a changed signature value (/Contents hex) is refused, signed with --force and a warning" \
  refused "$V/badvalue.pdf" "signature \"Signature1\" (revision 2 of 2): its signature value does not verify with the public key of the signer's certificate"
check "sign-verify: control: pdfsig sees the same two damages" bash -c \
  "pdfsig -nocert '$V/flip.pdf' | grep -q 'Digest Mismatch' && pdfsig -nocert '$V/badvalue.pdf' | grep -q 'Signature Validation: Signature is Invalid.'"
"${UPD[@]}" "$V/s1.pdf" "$V/addpage.pdf" addpage
"${UPD[@]}" "$V/s1.pdf" "$V/content.pdf" content
"${UPD[@]}" "$V/s1.pdf" "$V/annot.pdf" annot
"${UPD[@]}" "$V/s1.pdf" "$V/unsign.pdf" unsign
"${UPD[@]}" "$V/s1.pdf" "$V/short.pdf" shortrange
check "sign-verify: a page added by a later incremental update is refused, signed with --force and a warning" \
  refused "$V/addpage.pdf" 'after signature "Signature1" (revision 2 of 3): the page tree (object 2) was changed'
check "sign-verify: control: the page was added (pdfinfo counts one page more)" bash -c \
  "[ \$(pdfinfo '$V/addpage.pdf' | awk '/^Pages:/ { print \$2 }') = \$((\$(pdfinfo '$V/s1.pdf' | awk '/^Pages:/ { print \$2 }') + 1)) ]"
check "sign-verify: a page's content changed by a later update is refused, signed with --force and a warning" \
  refused "$V/content.pdf" 'after signature "Signature1" (revision 2 of 3): page 1: its content (object 5) was changed'
check "sign-verify: an annotation (not a signature) added by a later update is refused, with --force a warning" \
  refused "$V/annot.pdf" "after signature \"Signature1\" (revision 2 of 3): page 1's annotations (/Annots): object [0-9]* (/Type /Annot) was added, which is not a signature"
check "sign-verify: a signature a later update removed from the form is refused, with --force a warning" \
  refused "$V/unsign.pdf" 'the signature dictionary at byte [0-9]* is no longer listed by any signature field'
check "sign-verify: a /ByteRange that stops short of its revision's end is refused, with --force a warning" \
  refused "$V/short.pdf" 'signature "Signature1": its /ByteRange does not end where a revision of the file ends'

# joint issuance: each organ's --at-seal update re-issues its seal form empty (its own signing
# update, accepted); a later update that empties a seal without a signature is a change
joint_verify() {
  local d=$V/joint
  mkdir -p "$d" && cp "$V/seal.png" "$d/" &&
    printf '{"body": [{"p": "正文一段。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}, {"signature": {"org": "青铜峡市政务服务管理局", "date": "2021-01-15", "seal": "seal.png"}}]}' >"$d/d.json" &&
    "$BIN" render "$d/d.json" -o "$d/u.pdf" || return 1
  vsign "$d/u.pdf" "$d/s1.pdf" rsa --at-seal && [ ! -s "$V/err.txt" ] || { echo "first --at-seal: $(cat "$V/err.txt")"; return 1; }
  vsign "$d/s1.pdf" "$d/s2.pdf" ec --at-seal && [ ! -s "$V/err.txt" ] || { echo "second --at-seal: $(cat "$V/err.txt")"; return 1; }
  silent "$d/s2.pdf" nr || { echo "third, invisible"; return 1; }
  "$BIN" render "$d/d.json" -o "$d/r1.pdf" --sign "$V/rsa.p12" --time "$VT" 2>"$V/err.txt" && [ ! -s "$V/err.txt" ] &&
    vsign "$d/r1.pdf" "$d/r2.pdf" ec --at-seal && [ ! -s "$V/err.txt" ] && silent "$d/r2.pdf" nr ||
    { echo "render --sign, then --at-seal: $(cat "$V/err.txt")"; return 1; }
  [ "$(pdfsig -nocert "$V/out.pdf" | grep -c 'Signature is Valid.')" = 3 ] || { echo "not three valid"; return 1; }
  rm -f "$V/out.pdf"
}
check "sign-verify: joint issuance: --at-seal after --at-seal (and after render --sign) verifies, then signs again silently" joint_verify
"${UPD[@]}" "$V/joint/s1.pdf" "$V/joint/emptyseal.pdf" emptyseal GwSeal2
check "sign-verify: control: a seal emptied by an update that is not its signature is refused, with --force a warning" \
  refused "$V/joint/emptyseal.pdf" 'after signature "Signature1" (revision 2 of 3): page 1: the seal /GwSeal2 (object [0-9]*) was changed or removed, and no signature draws it instead'

# signatures other programs add: poppler (adbe.pkcs7.detached, its widget only on the page;
# with an RSA key: poppler 22.12 sometimes fails to fit an ECDSA signature it made),
# openssl cms without signed attributes, an RFC 3161 document time-stamp (openssl ts)
poppler_signed() {
  rm -rf "$V/nss" && mkdir "$V/nss" && certutil -N --empty-password -d "sql:$V/nss" &&
    pk12util -i "$V/rsa.p12" -d "sql:$V/nss" -W '' >/dev/null &&
    pdfsig -nssdir "sql:$V/nss" -add-signature -nick rsa "$V/s1.pdf" "$V/poppler.pdf" >/dev/null 2>&1 ||
    { echo "pdfsig -add-signature failed"; return 1; }
  silent "$V/poppler.pdf" || return 1
  [ "$(pdfsig -nocert "$V/out.pdf" | grep -c 'Signature is Valid.')" = 3 ] || { echo "not three valid"; return 1; }
  python3 -c "
import sys; d = bytearray(open(sys.argv[1], 'rb').read()); d[7] ^= 1; open(sys.argv[2], 'wb').write(d)" \
    "$V/poppler.pdf" "$V/poppler-x.pdf"
  refused "$V/poppler-x.pdf" 'signature "Signature1" (revision 2 of 3): the bytes it signs were changed'
}
check "sign-verify: a signature poppler added (pdfsig -add-signature) is verified and accepted; a change in it is not" poppler_signed
others() {
  (cd "$V" && "${UPD[@]}" s1.pdf noattr.pdf sign noattr rsa.pem rsa.key &&
    "${UPD[@]}" s1.pdf stamp.pdf sign timestamp tsa.pem tsa.key) >/dev/null 2>&1 ||
    { echo "openssl signatures not made"; return 1; }
  pdfsig -nocert "$V/noattr.pdf" | grep -A9 'Field Name: noattr' | grep -q 'Signature is Valid.' || { echo "pdfsig: noattr not valid"; return 1; }
  silent "$V/noattr.pdf" || { echo "noattr: refused"; return 1; }
  silent "$V/stamp.pdf" || { echo "time-stamp: refused"; return 1; }
  python3 -c "
import sys
for n in ('noattr', 'stamp'):
    d = open(sys.argv[1] + '/' + n + '.pdf', 'rb').read()
    k = b'/T (timestamp)' if n == 'stamp' else b'/T (noattr)'
    assert d.count(k) == 1
    open(sys.argv[1] + '/' + n + '-x.pdf', 'wb').write(d.replace(k, k[:-2] + b'X)'))" "$V" || return 1
  refused "$V/noattr-x.pdf" 'signature "noattX" (revision 3 of 3): it does not verify: the bytes it signs or its signature value were changed' &&
    refused "$V/stamp-x.pdf" 'document time-stamp "timestamX" (revision 3 of 3): the bytes it signs were changed after signing'
}
check "sign-verify: openssl-made signatures (CMS without signed attributes, RFC 3161 document time-stamp) verify; changed, refused" others

# --- defect 8: the signer's key usage, the signing time's range ---------------------------
ku_refused() { # a certificate whose key usage excludes signing: refused; --force: a warning
  vsign "$V/in.pdf" "$V/ku.pdf" ca
  [ $? = 1 ] && [ ! -e "$V/ku.pdf" ] &&
    grep -q "error: .*ca.p12: the certificate's key usage (keyCertSign, cRLSign) allows neither digitalSignature nor nonRepudiation.*--force signs anyway" "$V/err.txt" ||
    { echo "not refused: $(cat "$V/err.txt")"; return 1; }
  vsign "$V/in.pdf" "$V/ku.pdf" ca --force &&
    grep -q 'warning: .*key usage (keyCertSign, cRLSign).*signing anyway (--force)' "$V/err.txt" &&
    pdfsig -nocert "$V/ku.pdf" | grep -q 'Signature is Valid.' || { echo "--force: $(cat "$V/err.txt")"; return 1; }
}
check "sign-verify: a certificate whose key usage excludes signing (keyCertSign, cRLSign) is refused (1); --force signs with a warning" ku_refused
ku_render() {
  "$BIN" render "$V/joint/d.json" -o "$V/ku-r.pdf" --sign "$V/ca.p12" --time "$VT" 2>"$V/err.txt"
  [ $? = 1 ] && [ ! -e "$V/ku-r.pdf" ] && grep -q 'allows neither digitalSignature nor nonRepudiation' "$V/err.txt"
}
check "sign-verify: render --sign refuses that certificate too (exit 1, no output)" ku_render
check "sign-verify: control: nonRepudiation alone signs silently" silent "$V/in.pdf" nr
check "sign-verify: control: no key usage extension at all signs silently" silent "$V/in.pdf" noku
eku_warns() {
  vsign "$V/in.pdf" "$V/eku.pdf" tls &&
    grep -q 'warning: .*tls.p12: the certificate.s extended key usage (serverAuth) names no document-signing purpose' "$V/err.txt"
}
check "sign-verify: an extended key usage without a signing purpose (serverAuth) signs, with a warning" eku_warns
check "sign-verify: control: extended key usage emailProtection signs silently" silent "$V/in.pdf" mail
time_refused() { # time_refused T [ARGS]: --time T is a usage error (2) naming the range, no output
  local t=$1
  shift
  "$BIN" sign "$V/in.pdf" -o "$V/t.pdf" --p12 "$V/rsa.p12" --time "$t" "$@" 2>"$V/err.txt"
  local rc=$?
  [ $rc = 2 ] && [ ! -e "$V/t.pdf" ] && grep -q 'outside 1970-01-01T00:00:00Z..9999-12-31T23:59:59Z' "$V/err.txt" ||
    { echo "exit $rc: $(cat "$V/err.txt")"; rm -f "$V/t.pdf"; return 1; }
}
check "sign-verify: --time 253402300800 (year 10000) is refused (2), even with --allow-expired" \
  time_refused 253402300800 --allow-expired
check "sign-verify: --time 99999999999999999999 (out of range) is refused (2)" time_refused 99999999999999999999
check "sign-verify: --time 1969-12-31T23:59:58Z (before 1970) is refused (2), even with --allow-expired" \
  time_refused 1969-12-31T23:59:58Z --allow-expired
sde_refused() {
  SOURCE_DATE_EPOCH=253402300800 "$BIN" sign "$V/in.pdf" -o "$V/t.pdf" --p12 "$V/rsa.p12" --allow-expired 2>"$V/err.txt"
  [ $? = 1 ] && [ ! -e "$V/t.pdf" ] && grep -q 'bad SOURCE_DATE_EPOCH: 253402300800: outside' "$V/err.txt"
}
check "sign-verify: SOURCE_DATE_EPOCH=253402300800 is refused (1), not written as year 10000" sde_refused
last_second() {
  "$BIN" sign "$V/in.pdf" -o "$V/t.pdf" --p12 "$V/rsa.p12" --time 9999-12-31T23:59:59Z --allow-expired 2>/dev/null &&
    grep -aq "/M (D:99991231235959+00'00')" "$V/t.pdf"
}
check "sign-verify: control: --time 9999-12-31T23:59:59Z (the last second) signs, /M (D:99991231235959...)" last_second

# --- defect 9: a PKCS#12 file protected by a password, given none --------------------------
no_password() {
  "$BIN" sign "$V/in.pdf" -o "$V/p.pdf" --p12 "$V/pw.p12" --time "$VT" 2>"$V/err.txt"
  [ $? = 1 ] && [ ! -e "$V/p.pdf" ] && grep -q 'pw.p12 is protected by a password: give it with --password-file' "$V/err.txt" &&
    ! grep -q 'wrong password' "$V/err.txt"
}
check "sign-verify: a password-protected PKCS#12 without --password-file says so (exit 1), not 'wrong password'" no_password
no_password_render() {
  "$BIN" render "$V/joint/d.json" -o "$V/p.pdf" --sign "$V/pw.p12" 2>"$V/err.txt"
  [ $? = 1 ] && [ ! -e "$V/p.pdf" ] && grep -q 'pw.p12 is protected by a password: give it with --password-file' "$V/err.txt"
}
check "sign-verify: ... and render --sign says the same" no_password_render
wrong_password() {
  "$BIN" sign "$V/in.pdf" -o "$V/p.pdf" --p12 "$V/pw.p12" --password-file "$V/badpw" --time "$VT" 2>"$V/err.txt"
  [ $? = 1 ] && grep -q 'pw.p12: wrong password' "$V/err.txt" &&
    "$BIN" sign "$V/in.pdf" -o "$V/p.pdf" --p12 "$V/pw.p12" --password-file "$V/pw" --time "$VT"
}
check "sign-verify: control: a wrong password given is still 'wrong password'; the right one signs" wrong_password

# the deliberately broken or foreign files go; gongwen's valid signed files stay for the sweep
rm -rf "$V/nss" "$V"/*.der "$V"/*.bin "$V"/*.tsq
rm -f "$V/flip.pdf" "$V/badvalue.pdf" "$V/addpage.pdf" "$V/content.pdf" "$V/annot.pdf" "$V/unsign.pdf" \
  "$V/short.pdf" "$V/joint/emptyseal.pdf" "$V"/poppler*.pdf "$V"/noattr*.pdf "$V"/stamp*.pdf "$V/out.pdf" \
  "$V/t.pdf"
