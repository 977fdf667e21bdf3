# 50-io.sh: what gongwen reads and writes (issue 10, defects 6, 9 (messages), 10 and 11).
#
# Sourced by tests/run.sh. Scratch: $T/io. Covers: an output that is one of the run's inputs is
# refused (render and sign; symbolic and hard links; sign --in-place); no temporary file
# survives SIGKILL (O_TMPFILE), and where O_TMPFILE is refused (tools/notmpfile, a seccomp
# filter) the named temporary file a SIGKILL leaves is removed by the next run for the same
# target; a layout the data names stays inside layouts/ and the data's folder; no message
# quotes a file that is not JSON; a full file system, data from standard input and a bad
# SOURCE_DATE_EPOCH get clear messages.
IO=$T/io
NOTMPFILE=$PWD/$B/tools/notmpfile
mkdir -p "$IO"

# fixtures: data with a seal and a layout in its own folder that draws Latin text with a copy
# of a font there; a key; the PDF rendered from them
io_setup() {
  python3 tests/tools/mkpng.py "$IO/seal.png" &&
    cp /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf "$IO/serif.ttf" &&
    printf '{"version": 1, "extends": "gbt9704", "fonts": {"fang": [{"file": "serif.ttf", "chars": ["U+0020-U+007E"]}, {"file": "fandol/FandolFang-Regular.otf"}]}}' >"$IO/l.json" &&
    printf '{"layout": "l.json", "body": [{"p": "正文 text。"}, {"signature": {"org": "青铜峡市信访局", "date": "2021-01-15", "seal": "seal.png"}}]}' >"$IO/d.json" &&
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$IO/k.pem" -out "$IO/c.pem" -days 2 -subj "/CN=io" >/dev/null 2>&1 &&
    openssl pkcs12 -export -inkey "$IO/k.pem" -in "$IO/c.pem" -out "$IO/id.p12" -passout pass: >/dev/null 2>&1 &&
    printf '\n' >"$IO/pw" &&
    "$BIN" render "$IO/d.json" -o "$IO/d.pdf" --trace "$IO/d.trace" || return 1
  grep -q 'serif.ttf\|LiberationSerif' "$IO/d.trace" || { echo "the layout's font copy is not used"; return 1; }
  ln -s d.json "$IO/data-link.out" && ln "$IO/d.json" "$IO/data-hard.out" &&
    ln -s d.pdf "$IO/pdf-link.pdf" && ln "$IO/d.pdf" "$IO/pdf-hard.pdf"
}
check "io: fixtures (data, a layout and a font copy beside it, a seal, a key)" io_setup

# --- defect 6: the output is never a file the run reads ------------------------------------
io_state() { # names, link targets and bytes of every file directly in $IO
  (cd "$IO" && find . -maxdepth 1 ! -name . -printf '%p %y %l\n' | sort &&
    find . -maxdepth 1 -type f -exec sha256sum {} + | sort)
}
refused() { # CMD...: exits 2 with a message, and no file in $IO is created or changed
  local before after out rc
  before=$(io_state)
  out=$("$@" 2>&1)
  rc=$?
  after=$(io_state)
  [ $rc = 2 ] || { echo "exit $rc (want 2): $out"; return 1; }
  [ "$before" = "$after" ] || { echo "files changed: $(diff <(echo "$before") <(echo "$after") | head -n 5)"; return 1; }
  grep -q 'refusing to overwrite\|--in-place\|names the' <<<"$out" || { echo "no reason given: $out"; return 1; }
}
check "output is input: render -o the data file itself is refused (2), nothing written" \
  refused "$BIN" render "$IO/d.json" -o "$IO/d.json"
check "output is input: render -o a symbolic link to the data" refused "$BIN" render "$IO/d.json" -o "$IO/data-link.out"
check "output is input: render -o a hard link to the data" refused "$BIN" render "$IO/d.json" -o "$IO/data-hard.out"
check "output is input: render -o the layout the data names" refused "$BIN" render "$IO/d.json" -o "$IO/l.json"
check "output is input: render -o the layout given with -l" refused "$BIN" render "$IO/d.json" -l "$IO/l.json" -o "$IO/l.json"
check "output is input: render -o a font the layout uses" refused "$BIN" render "$IO/d.json" -o "$IO/serif.ttf"
check "output is input: render -o the seal image" refused "$BIN" render "$IO/d.json" -o "$IO/seal.png"
check "output is input: render --trace the data file (and no PDF either)" \
  refused "$BIN" render "$IO/d.json" -o "$IO/not-written.pdf" --trace "$IO/d.json"
check "output is input: render --sign -o the key" refused "$BIN" render "$IO/d.json" -o "$IO/id.p12" --sign "$IO/id.p12"
check "output is input: render - -o the file standard input reads" \
  bash -c "$(declare -f refused io_state); IO='$IO'; cd '$IO' && refused '$BIN' render - -o d.json <d.json"
check "output is input: sign -o IN.pdf without --in-place is refused (2), IN.pdf untouched" \
  refused "$BIN" sign "$IO/d.pdf" -o "$IO/d.pdf" --p12 "$IO/id.p12"
check "output is input: sign -o a symbolic link to IN.pdf" refused "$BIN" sign "$IO/d.pdf" -o "$IO/pdf-link.pdf" --p12 "$IO/id.p12"
check "output is input: sign -o a hard link to IN.pdf" refused "$BIN" sign "$IO/d.pdf" -o "$IO/pdf-hard.pdf" --p12 "$IO/id.p12"
check "output is input: sign -o the key, the password file, the appearance (even with --in-place)" bash -c "
  $(declare -f refused io_state); IO='$IO'
  refused '$BIN' sign '$IO/d.pdf' -o '$IO/id.p12' --p12 '$IO/id.p12' &&
  refused '$BIN' sign '$IO/d.pdf' -o '$IO/pw' --p12 '$IO/id.p12' --password-file '$IO/pw' &&
  refused '$BIN' sign '$IO/d.pdf' -o '$IO/seal.png' --p12 '$IO/id.p12' --appearance '$IO/seal.png' --rect 10,10,50,50 &&
  refused '$BIN' sign '$IO/d.pdf' --in-place -o '$IO/other.pdf' --p12 '$IO/id.p12'"
in_place_io() { # --in-place signs IN.pdf itself; through a link, the link stays and its target is signed
  cp "$IO/d.pdf" "$IO/ip.pdf" && ln -s ip.pdf "$IO/ip-link.pdf" &&
    "$BIN" sign "$IO/ip.pdf" --in-place --p12 "$IO/id.p12" &&
    "$BIN" sign "$IO/ip-link.pdf" -o "$IO/ip-link.pdf" --in-place --p12 "$IO/id.p12" || return 1
  [ -L "$IO/ip-link.pdf" ] || { echo "the link was replaced"; return 1; }
  [ "$(pdfsig -nocert "$IO/ip.pdf" | grep -c 'Signature is Valid.')" = 2 ] || { echo "not signed twice in place"; return 1; }
  rm -f "$IO/ip-link.pdf"
}
check "output is input: sign --in-place replaces IN.pdf (twice: a symbolic link followed, kept)" in_place_io
check "output is input: the control: render to a new file works" "$BIN" render "$IO/d.json" -o "$IO/new.pdf"

# --- defect 10: temporary files and SIGKILL ------------------------------------------------
# killmid.py DIR SIG CMD...: runs CMD and sends it SIG as soon as it has a file open in DIR
# that was not there when it started (its temporary output: "DIR/#123 (deleted)" for an
# O_TMPFILE, a named temporary file otherwise). Exit 0 when the signal was sent mid-write,
# 3 when CMD finished first.
cat >"$IO/killmid.py" <<'PY'
import os, signal, subprocess, sys
d, sig, cmd = os.path.realpath(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
before = set(os.listdir(d))
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
fds, sent = "/proc/%d/fd" % p.pid, False
while not sent and p.poll() is None:
    try:
        names = os.listdir(fds)
    except OSError:
        continue
    for fd in names:
        try:
            t = os.readlink(fds + "/" + fd)
        except OSError:
            continue
        if t.startswith(d + "/") and os.path.basename(t.split(" (deleted)")[0]) not in before:
            os.kill(p.pid, sig)
            sent = True
            break
p.wait()
sys.exit(0 if sent else 3)
PY
kill_mid() { # DIR SIG CMD...: killmid.py, tried up to 5 times until the signal lands mid-write
  local k
  for k in 1 2 3 4 5; do
    python3 "$IO/killmid.py" "$@" && return 0
    rm -f "$1"/*.pdf
  done
  echo "the command always finished before the signal"
  return 1
}
python3 -c '
import json, sys
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
d["body"] = d["body"][:1] + d["body"][1:-1] * 60 + d["body"][-1:]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)' "$IO/long.json"
killed_render() { # a render killed while its output is open leaves nothing in the folder
  local d=$IO/kill-render
  mkdir -p "$d" && cp "$IO/long.json" "$d/" &&
    kill_mid "$d" 9 "$BIN" render "$d/long.json" -o "$d/out.pdf" || return 1
  [ "$(ls -A "$d")" = long.json ] || { echo "left after SIGKILL: $(ls -A "$d" | grep -v '^long.json$')"; return 1; }
}
check "temporary files: a render killed (SIGKILL) while writing leaves no file behind" killed_render
killed_sign() { # so does a sign of a 30 MB file killed while writing
  local d=$IO/kill-sign
  mkdir -p "$d" && head -c 30000000 /dev/urandom >"$IO/blob" &&
    qpdf "$IO/d.pdf" --add-attachment "$IO/blob" -- "$d/big.pdf" && rm -f "$IO/blob" &&
    kill_mid "$d" 9 "$BIN" sign "$d/big.pdf" -o "$d/signed.pdf" --p12 "$IO/id.p12" || return 1
  [ "$(ls -A "$d")" = big.pdf ] || { echo "left after SIGKILL: $(ls -A "$d" | grep -v '^big.pdf$')"; return 1; }
  rm -rf "$d"
}
check "temporary files: a sign of a 30 MB file killed (SIGKILL) while writing leaves no file behind" killed_sign
# Where the file system refuses O_TMPFILE (tools/notmpfile makes open(O_TMPFILE) fail with
# EOPNOTSUPP, as vfat or an NFS mount would), the temporary file has a name
# (.OUT.gongwen-HOST-PID-XXXXXX.tmp) from the start.
if "$NOTMPFILE" true 2>/dev/null; then
  fallback_ok() { # the named path: renders, signs, and writes into standard output, leaving nothing
    local d=$IO/fb-ok
    mkdir -p "$d/tmpd" && cp "$IO/d.json" "$IO/l.json" "$IO/serif.ttf" "$IO/seal.png" "$d/" &&
      "$NOTMPFILE" "$BIN" render "$d/d.json" -o "$d/out.pdf" &&
      "$NOTMPFILE" "$BIN" sign "$d/out.pdf" --in-place --p12 "$IO/id.p12" &&
      TMPDIR=$d/tmpd "$NOTMPFILE" "$BIN" render "$d/d.json" -o - >"$d/stdout.pdf" || return 1
    pdfsig -nocert "$d/out.pdf" | grep -q 'Signature is Valid.' || { echo "not signed"; return 1; }
    cmp "$d/stdout.pdf" "$IO/d.pdf" || { echo "-o - differs"; return 1; }
    [ -z "$(ls -A "$d" | grep gongwen)$(ls -A "$d/tmpd")" ] || { echo "left: $(ls -A "$d" "$d/tmpd")"; return 1; }
    rm -rf "$d"
  }
  check "temporary files, without O_TMPFILE: render, sign --in-place and -o - work and leave nothing" fallback_ok
  fallback_stale() {
    local d=$IO/fb-kill left host dead live
    mkdir -p "$d" && cp "$IO/long.json" "$d/" || return 1
    # SIGTERM is caught: the named file goes
    kill_mid "$d" 15 "$NOTMPFILE" "$BIN" render "$d/long.json" -o "$d/out.pdf" || return 1
    [ "$(ls -A "$d")" = long.json ] || { echo "left after SIGTERM: $(ls -A "$d")"; return 1; }
    # SIGKILL is not: the named file stays, with the pid in its name ...
    kill_mid "$d" 9 "$NOTMPFILE" "$BIN" render "$d/long.json" -o "$d/out.pdf" || return 1
    left=$(ls -A "$d" | grep -v '^long.json$')
    [[ "$left" =~ ^\.out\.pdf\.gongwen-([0-9a-f]{8})-[0-9]+-[A-Za-z0-9]{6}\.tmp$ ]] || { echo "after SIGKILL: '$left'"; return 1; }
    host=${BASH_REMATCH[1]}
    # ... until the next run for the same target removes it, and a dead process's file of this
    # machine, but not the file of a live process, of another target or of another machine
    dead=$(sh -c 'echo $$')
    sleep 30 &
    live=$!
    touch "$d/.out.pdf.gongwen-$host-$dead-AAAAAA.tmp" "$d/.out.pdf.gongwen-$host-$live-BBBBBB.tmp" \
      "$d/.other.pdf.gongwen-$host-$dead-CCCCCC.tmp" "$d/.out.pdf.gongwen-0000ffff-$dead-DDDDDD.tmp"
    "$NOTMPFILE" "$BIN" render "$IO/d.json" -o "$d/out.pdf"
    local rc=$?
    kill "$live" 2>/dev/null
    wait "$live" 2>/dev/null
    [ $rc = 0 ] || return 1
    left=$(ls -A "$d" | LC_ALL=C sort)
    [ "$left" = "$(printf '%s\n' ".other.pdf.gongwen-$host-$dead-CCCCCC.tmp" ".out.pdf.gongwen-0000ffff-$dead-DDDDDD.tmp" \
      ".out.pdf.gongwen-$host-$live-BBBBBB.tmp" long.json out.pdf | LC_ALL=C sort)" ] || { echo "after the next run: $left"; return 1; }
    # a run that has O_TMPFILE cleans up as well
    touch "$d/.out.pdf.gongwen-$host-$dead-EEEEEE.tmp"
    "$BIN" render "$IO/d.json" -o "$d/out.pdf" && [ ! -e "$d/.out.pdf.gongwen-$host-$dead-EEEEEE.tmp" ] ||
      { echo "a run with O_TMPFILE left the stale file"; return 1; }
    rm -rf "$d"
  }
  check "temporary files, without O_TMPFILE: SIGTERM leaves nothing; what SIGKILL leaves, the next run removes (only its own)" fallback_stale
else
  echo "     (temporary files without O_TMPFILE: skipped, tools/notmpfile cannot install a seccomp filter)"
fi

# --- defect 11: the data chooses a layout, not any file ------------------------------------
lay_refused() { # DATA-LAYOUT-VALUE: check and render refuse it (1) and say why, quoting no file
  local d=$IO/lay out rc
  mkdir -p "$d" && printf '{"layout": "%s", "body": [{"p": "正文"}]}' "$1" >"$d/d.json" || return 1
  out=$("$BIN" check "$d/d.json" 2>&1)
  rc=$?
  [ $rc = 1 ] && grep -q 'is a path: the data may name only a layout from layouts/' <<<"$out" || { echo "check: $rc: $out"; return 1; }
  out=$("$BIN" render "$d/d.json" -o "$d/x.pdf" 2>&1)
  [ $? = 1 ] && [ ! -e "$d/x.pdf" ] || { echo "render: $out"; return 1; }
  ! sed 's/(at the root)//' <<<"$out" | grep -q 'root' || { echo "a file's content in the message: $out"; return 1; }
}
check "layout from data: \"/etc/passwd\" is refused, and \"root\" is not shown" lay_refused /etc/passwd
check "layout from data: \"../io/l.json\" (a parent folder) is refused" lay_refused ../l.json
check "layout from data: \"sub/l.json\" (any path) is refused" lay_refused sub/l.json
lay_allowed() { # what stays allowed: a FILE.json beside the data, a name, -l PATH, --allow-layout-paths
  local d=$IO/lay
  mkdir -p "$d/sub" && cp "$IO/l.json" "$d/sub/l.json" && cp "$IO/serif.ttf" "$d/sub/" || return 1
  "$BIN" check "$IO/d.json" || return 1
  printf '{"layout": "gbt9704", "body": [{"p": "正文"}]}' >"$d/name.json" && "$BIN" check "$d/name.json" || return 1
  printf '{"layout": "sub/l.json", "body": [{"p": "正文"}]}' >"$d/path.json" &&
    "$BIN" check "$d/path.json" --allow-layout-paths &&
    "$BIN" render "$d/path.json" --allow-layout-paths -o "$d/path.pdf" &&
    "$BIN" check "$d/path.json" -l "$d/sub/l.json"
}
check "layout from data: a file beside the data, a name, -l PATH and --allow-layout-paths work" lay_allowed
lay_extends() { # a layout the data chose extends a name or a file beside it; a path only when allowed
  local d=$IO/lay out
  mkdir -p "$d" && cp "$IO/serif.ttf" "$d/" &&
    printf '{"version": 1, "extends": "sub/l.json"}' >"$d/child.json" &&
    printf '{"layout": "child.json", "body": [{"p": "正文"}]}' >"$d/c.json" || return 1
  out=$("$BIN" check "$d/c.json" 2>&1)
  [ $? = 1 ] && grep -q '"extends" names a path ("sub/l.json")' <<<"$out" || { echo "$out"; return 1; }
  "$BIN" check "$d/c.json" --allow-layout-paths && "$BIN" check "$d/c.json" -l "$d/child.json" || return 1
  printf '{"version": 1, "extends": "/etc/passwd"}' >"$d/child.json"
  out=$("$BIN" check "$d/c.json" 2>&1)
  [ $? = 1 ] && ! sed 's/(at the root)//' <<<"$out" | grep -q root || { echo "$out"; return 1; }
  cp "$IO/l.json" "$d/base.json" && printf '{"version": 1, "extends": "base.json"}' >"$d/child.json" &&
    "$BIN" check "$d/c.json"
}
check "layout from data: its \"extends\" may not name a path either (-l and --allow-layout-paths allow it)" lay_extends
not_json_quiet() { # -l naming a file that is not JSON: no byte of it in the message
  local d=$IO/lay out
  printf '[client]\npassword = hunter2\n' >"$d/my.cnf" && printf 'SECRETWORD=1\n' >"$d/env" || return 1
  for f in /etc/passwd "$d/my.cnf" "$d/env"; do
    out=$("$BIN" check "$IO/d.json" -l "$f" 2>&1)
    [ $? = 1 ] || { echo "$f: accepted"; return 1; }
    ! sed 's/(at the root)//' <<<"$out" | grep -q 'root\|client\|hunter\|SECRET' || { echo "$f: $out"; return 1; }
  done
}
check "layout: the error for a file that is not JSON quotes none of it (/etc/passwd, an INI file)" not_json_quiet

# --- defect 9: messages ----------------------------------------------------------------------
full_fs() { # a full file system says so (ENOSPC), not "libharu error 0x1066"; nothing is left
  local m=$IO/full out
  mkdir -p "$m" || return 1
  if ! unshare -m true 2>/dev/null; then
    echo "(skipped: unshare -m is not allowed here)"
    return 0
  fi
  out=$(unshare -m bash -c '
    mount -t tmpfs -o size=8k tmpfs "$1" || exit 9
    "$2" render "$3" -o "$1/out.pdf"; echo "render exit $?"
    TMPDIR=$1 "$2" render "$3" -o - >/dev/null; echo "stdout exit $?"
    "$2" sign "$4" -o "$1/signed.pdf" --p12 "$5"; echo "sign exit $?"
    echo "left: $(ls -A "$1")"' _ "$m" "$BIN" "$IO/d.json" "$IO/d.pdf" "$IO/id.p12" 2>&1)
  grep -q '^render exit 3$' <<<"$out" && grep -q '^stdout exit 3$' <<<"$out" && grep -q '^sign exit 3$' <<<"$out" &&
    [ "$(grep -c 'No space left on device' <<<"$out")" = 3 ] && ! grep -q libharu <<<"$out" &&
    grep -q '^left: $' <<<"$out" || { echo "$out"; return 1; }
}
check "messages: a full file system says \"No space left on device\" (render, -o -, sign), leaves nothing" full_fs
from_stdin() { # data from standard input or a pipe, named <stdin>, paths relative to the current folder
  local out
  (cd "$IO" && "$BIN" render - -o stdin.pdf <d.json) && cmp "$IO/stdin.pdf" "$IO/d.pdf" || { echo "render -"; return 1; }
  (cd "$IO" && cat d.json | "$BIN" render /dev/stdin -o stdin2.pdf) && cmp "$IO/stdin2.pdf" "$IO/d.pdf" || { echo "a pipe"; return 1; }
  (cd "$IO" && cat d.json | "$BIN" check -) || { echo "check -"; return 1; }
  out=$(printf '{"body": [{"p": tru}]}' | "$BIN" check - 2>&1)
  [ $? = 1 ] && [ "$out" = "<stdin>:1:17: error: invalid literal 'tru' (did you mean 'true'?) (at /body/0/p)" ] || { echo "$out"; return 1; }
  out=$(cd "$IO" && "$BIN" render - <d.json 2>&1)
  [ $? = 2 ] && grep -q 'give the output with -o' <<<"$out" && [ ! -e "$IO/-.pdf" ] || { echo "no -o: $out"; return 1; }
  rm -f "$IO/stdin.pdf" "$IO/stdin2.pdf"
}
check "messages: data from standard input (-, /dev/stdin, a pipe) works; without -o a usage error" from_stdin
bad_epoch() { # a SOURCE_DATE_EPOCH that is set must be seconds: else an error (1), for check too
  local v out
  for v in garbage 1e9 -1 " 1" 1.5 253402300800 99999999999999999999; do
    out=$(SOURCE_DATE_EPOCH=$v "$BIN" render "$IO/d.json" -o "$IO/epoch.pdf" 2>&1)
    [ $? = 1 ] && [ ! -e "$IO/epoch.pdf" ] && grep -q 'SOURCE_DATE_EPOCH is not a number of seconds' <<<"$out" ||
      { echo "render with '$v': $out"; return 1; }
    status_is 1 env SOURCE_DATE_EPOCH="$v" "$BIN" check "$IO/d.json" || { echo "check with '$v'"; return 1; }
  done
  printf '{"body": [{"p": "正文"}]}' >"$IO/nodate.json" &&
    SOURCE_DATE_EPOCH=1610674200 "$BIN" render "$IO/nodate.json" -o "$IO/epoch.pdf" &&
    pdfinfo "$IO/epoch.pdf" | grep -q '^CreationDate: .*2021' &&
    SOURCE_DATE_EPOCH= "$BIN" render "$IO/nodate.json" -o "$IO/epoch.pdf" &&
    SOURCE_DATE_EPOCH=253402300799 "$BIN" check "$IO/nodate.json"
}
check "messages: a garbage SOURCE_DATE_EPOCH is an error (render and check), not ignored" bad_epoch
rm -rf "$IO/kill-render" "$IO/kill-sign" "$IO/long.json" "$IO/pdf-hard.pdf" "$IO/pdf-link.pdf"
