# 81-batch.sh: gongwen batch (issue 13, point 2).
#
# Sourced by tests/run.sh. Scratch: $T/batch. Covers: 200 documents (a folder; 3 bad ones:
# an unknown key, a wrong type, a duplicate key) with -j2: exit 1, the manifest right (counts,
# order, statuses, each bad one's error at its file, line, column and pointer, SHA-256, bytes
# and pages of every PDF), the 197 PDFs byte-identical to single `gongwen render` runs, no
# temporary file left; -j1 gives the same bytes as -j2; --resume skips exactly the jobs whose
# output is listed as done with its SHA-256 (a changed or deleted PDF is rendered again) and
# exits 0 once every job succeeded; NDJSON jobs from a file and from standard input (data by
# path and inline; an inline document's PDF equals the render of the same data as a file; an
# error in inline data or in a job line at its line and column in the jobs file, with its
# pointer under the job; a duplicate output refused); a progress bar on a terminal, plain
# lines otherwise; usage errors. Under ASan 30 documents instead of 200 (the same checks).
BT=$T/batch
mkdir -p "$BT"
BATCH_N=200
[ "$ASAN" = 1 ] && BATCH_N=30
BATCH_BAD="17 101 188"
[ "$ASAN" = 1 ] && BATCH_BAD="3 14 27"

batch_setup() {
  mkdir -p "$BT/in" &&
    python3 tests/tools/batchdocs.py "$BT/in" "$BATCH_N" $BATCH_BAD >"$BT/expect.json" &&
    [ "$(ls "$BT/in" | wc -l)" -eq "$BATCH_N" ]
}
check "batch: $BATCH_N data files, 3 of them bad" batch_setup

# --- the folder with -j2: exit 1, the manifest, the PDFs -------------------------------------
batch_run_j2() {
  local rc
  "$BIN" batch "$BT/in" -o "$BT/out2" -j2 2>"$BT/j2.err"
  rc=$?
  [ $rc -eq 1 ] || { echo "exit $rc, expected 1"; tail -3 "$BT/j2.err"; return 1; }
  # a bad job is reported with its file and position, and the batch goes on
  for i in $BATCH_BAD; do
    grep -q "^$BT/in/doc-$(printf %03d "$i").json:[0-9]*:[0-9]*: error: " "$BT/j2.err" ||
      { echo "no positioned error for doc $i"; return 1; }
  done
  grep -q "$((BATCH_N - 3)) ok, 3 failed, 0 resumed of $BATCH_N" "$BT/j2.err" || { tail -1 "$BT/j2.err"; return 1; }
  # not a terminal: one plain line per job, no bar
  [ "$(grep -c '^gongwen batch: [0-9]*/'"$BATCH_N"' \(ok\|failed\) ' "$BT/j2.err")" -eq "$BATCH_N" ] &&
    ! grep -q $'\r' "$BT/j2.err"
}
check "batch: -j2 over the folder exits 1 and reports each bad job at its position" batch_run_j2
check "batch: the manifest (counts, order, errors at line/column/pointer, sha256, bytes, pages)" \
  python3 tests/tools/batchcheck.py "$BT/out2/manifest.json" "$BT/expect.json" "$BATCH_N"

batch_same_as_render() {
  mkdir -p "$BT/single"
  local f n=0 name
  for f in "$BT"/in/doc-*.json; do
    name=$(basename "$f" .json)
    if grep -q "\"$name.json\"" "$BT/expect.json"; then
      [ ! -e "$BT/out2/$name.pdf" ] || { echo "$name.pdf exists"; return 1; }
      continue
    fi
    "$BIN" render "$f" -o "$BT/single/$name.pdf" || return 1
    cmp "$BT/single/$name.pdf" "$BT/out2/$name.pdf" || return 1
    n=$((n + 1))
  done
  [ $n -eq $((BATCH_N - 3)) ] || { echo "$n compared"; return 1; }
}
check "batch: the $((BATCH_N - 3)) PDFs are byte-identical to single renders" batch_same_as_render

batch_j1_same() {
  "$BIN" batch "$BT/in" -o "$BT/out1" -j1 2>/dev/null
  [ $? -eq 1 ] || return 1
  diff <(cd "$BT/out1" && sha256sum ./*.pdf) <(cd "$BT/out2" && sha256sum ./*.pdf) &&
    # the manifests differ only in the output folder's name
    diff <(sed "s|$BT/out1|OUT|g" "$BT/out1/manifest.json") \
      <(sed "s|$BT/out2|OUT|g" "$BT/out2/manifest.json")
}
check "batch: -j1 gives the bytes and the manifest of -j2" batch_j1_same

# --- --resume ------------------------------------------------------------------------------
batch_resume() {
  local ids before after rc
  ids() { (cd "$BT/out2" && stat -c '%n %i %Y.%y' doc-*.pdf | sort); }
  # fix the bad files; change one PDF and delete another: these three + two run again
  for i in $BATCH_BAD; do
    python3 - "$BT/in" "$i" <<'PY' || return 1
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("bd", "tests/tools/batchdocs.py")
bd = importlib.util.module_from_spec(spec); spec.loader.exec_module(bd)
i = int(sys.argv[2])
with open("%s/doc-%03d.json" % (sys.argv[1], i), "w", encoding="utf-8") as f:
    json.dump(bd.document(i), f, ensure_ascii=False, indent=2)
PY
  done
  printf x >>"$BT/out2/doc-000.pdf"
  rm "$BT/out2/doc-001.pdf"
  before=$(ids | grep -v 'doc-00[01].pdf')
  "$BIN" batch "$BT/in" -o "$BT/out2" -j2 --resume 2>"$BT/resume.err"
  rc=$?
  [ $rc -eq 0 ] || { echo "exit $rc"; tail -3 "$BT/resume.err"; return 1; }
  grep -q "5 ok, 0 failed, $((BATCH_N - 5)) resumed of $BATCH_N" "$BT/resume.err" || { tail -1 "$BT/resume.err"; return 1; }
  # the resumed PDFs were not rewritten
  after=$(ids | grep -v 'doc-00[01].pdf')
  for i in $BATCH_BAD; do after=$(printf '%s\n' "$after" | grep -v "doc-$(printf %03d "$i").pdf"); done
  [ "$before" = "$after" ] || { echo "a resumed PDF was rewritten"; return 1; }
  cmp "$BT/out2/doc-000.pdf" "$BT/single/doc-000.pdf" && cmp "$BT/out2/doc-001.pdf" "$BT/single/doc-001.pdf" &&
    printf '{}' >"$BT/none.json" &&
    python3 tests/tools/batchcheck.py "$BT/out2/manifest.json" "$BT/none.json" "$BATCH_N" $((BATCH_N - 5)) &&
    # once more: everything is done
    "$BIN" batch "$BT/in" -o "$BT/out2" --resume 2>&1 | grep -q "0 ok, 0 failed, $BATCH_N resumed"
}
check "batch: --resume skips the done jobs (same sha256), reruns fixed, changed and deleted ones, exit 0" batch_resume

# --- NDJSON jobs ---------------------------------------------------------------------------
batch_ndjson() {
  local J=$BT/nd rc
  mkdir -p "$J/sub" && cp "$BT/in/doc-002.json" "$J/sub/d.json" || return 1
  python3 - "$J" <<'PY' || return 1
import json, sys
J = sys.argv[1]
d = json.load(open(J + "/sub/d.json", encoding="utf-8"))
lines = [
    json.dumps({"data": "sub/d.json", "out": "a.pdf"}, ensure_ascii=False),
    json.dumps({"out": "b.pdf", "data": d}, ensure_ascii=False),
    "",
    # an error inside inline data: a paragraph that is a number
    '{"out": "c.pdf", "data": {"body": [{"p": "正文。"}, {"p": 7}]}}',
    '{"data": "sub/d.json", "out": "d.pdf", "layuot": "gbt9704"}',
    '{"data": "sub/d.json", "out": "a.pdf"}',
    "not json",
    json.dumps({"data": "sub/d.json", "out": "e.pdf", "layout": "gbt9704"}),
]
open(J + "/jobs.ndjson", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
  "$BIN" batch "$J/jobs.ndjson" -o "$J/out" 2>"$J/err"
  rc=$?
  [ $rc -eq 1 ] || { echo "exit $rc"; cat "$J/err"; return 1; }
  # positions in the jobs file: line 4 column 56 is the 7; line 5 column 40 the key
  grep -qF "$J/jobs.ndjson:4:56: error: expected a string (at /data/body/1/p)" "$J/err" &&
    grep -qF "$J/jobs.ndjson:5:40: error: unknown key \"layuot\" (did you mean \"layout\"?) (at /layuot)" "$J/err" &&
    grep -qF "$J/jobs.ndjson:6:1: error: out $J/out/a.pdf is also the output of line 1" "$J/err" &&
    grep -qF "$J/jobs.ndjson:7:1: error: " "$J/err" ||
    { cat "$J/err"; return 1; }
  cmp "$J/out/a.pdf" "$BT/single/doc-002.pdf" && cmp "$J/out/b.pdf" "$BT/single/doc-002.pdf" &&
    cmp "$J/out/e.pdf" "$BT/single/doc-002.pdf" && [ ! -e "$J/out/c.pdf" ] && [ ! -e "$J/out/d.pdf" ] &&
    python3 - "$J/out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
st = [(j["source"].rsplit(":", 1)[1], j["status"]) for j in m["jobs"]]
assert st == [("1", "ok"), ("2", "ok"), ("4", "failed"), ("5", "failed"), ("6", "failed"),
              ("7", "failed"), ("8", "ok")], st
assert (m["total"], m["ok"], m["failed"]) == (7, 3, 4), m
assert m["jobs"][1]["data"] == "(inline)"
PY
}
check "batch: NDJSON jobs (path and inline data; errors at their line/column in the jobs file)" batch_ndjson

batch_stdin() {
  local S=$BT/stdin
  mkdir -p "$S" && cp "$BT/in/doc-004.json" "$S/" &&
    printf '{"data": "%s/doc-004.json", "out": "%s/x.pdf"}\n' "$S" "$S" |
    "$BIN" batch - --manifest "$S/m.json" 2>/dev/null &&
    cmp "$S/x.pdf" "$BT/single/doc-004.pdf" &&
    grep -q '"source":.*"<stdin>:1"' "$S/m.json"
}
check "batch: jobs on standard input, --manifest FILE, exit 0 when every job succeeds" batch_stdin

batch_tty() {
  mkdir -p "$BT/tty" && cp "$BT/in/doc-005.json" "$BT/in/doc-006.json" "$BT/tty/" &&
    python3 - "$BIN" "$BT/tty" "$BT/ttyout" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.run([sys.argv[1], "batch", sys.argv[2], "-o", sys.argv[3]], stderr=slave,
                   stdout=subprocess.DEVNULL)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
text = out.decode("utf-8", "replace")
assert p.returncode == 0, p.returncode
assert "\r" in text and "2/2" in text and "documents/s" in text, text
assert "gongwen batch: 1/2" not in text, text  # the bar, not plain lines
PY
}
check "batch: a progress bar on a terminal (done/total, documents/s)" batch_tty

check "batch: a folder without -o is a usage error" status_is 2 "$BIN" batch "$BT/in"
check "batch: -j 0 is a usage error" status_is 2 "$BIN" batch "$BT/in" -o "$BT/x" -j 0
check "batch: a missing jobs file exits 1" status_is 1 "$BIN" batch "$BT/nope.ndjson" -o "$BT/x"
rm -rf "$BT/single" "$BT/out1" "$BT/ttyout"
