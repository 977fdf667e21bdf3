# 83-worker.sh: `gongwen worker` against a Redis of its own (issue 13, point 4).
#
# Sourced by tests/run.sh. Scratch: $T/worker. Starts redis-server on a free loopback port
# with no persistence, and stops it at the end. Covers: three workers over 300 jobs, one
# SIGKILLed while it holds a job: every job has exactly one result and its PDF is
# byte-identical to a single `gongwen render`, the killed worker's job is finished by another;
# SIGTERM finishes the current job and exits 0; a job claimed from a stopped worker is
# rendered twice and published once; a job failing for a reason other than its
# input is retried and dead-lettered with its diagnostics after --max-attempts deliveries, an
# entry delivered too often (its workers died) is dead-lettered without running; bad input is
# one failed result, not retried; an "out" outside --out-dir is refused; --store-redis and
# --max-inline; usage errors and an unreachable Redis.
WK=$T/worker
WKPY=(python3 tests/tools/worker_redis.py)
mkdir -p "$WK/redis" "$WK/out" "$WK/ref"

# started here, not inside check (a subshell): its pid and port are this file's
WKPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$WKPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WK/redis" \
  --logfile "$WK/redis/log" --daemonize no >/dev/null 2>&1 </dev/null &
WKREDIS=$!
check "worker: a redis-server of the test's own on a loopback port, no persistence" "${WKPY[@]}" ping "$WKPORT" 10
WKURL=redis://127.0.0.1:$WKPORT

# Each test below runs in check's subshell: the workers it starts are in its own wk_pids,
# and wk_test kills whatever of them is left when the test ends, passed or failed.
wk_test() { # FUNCTION
  local wk_pids=() wk_pid rc
  "$1"
  rc=$?
  for wk_pid in "${wk_pids[@]}"; do kill -KILL "$wk_pid" 2>/dev/null; done
  return $rc
}

# a job pending this long with a live worker would be claimed by another (harmless: the
# result is still published once, but the test wants the claims to be the killed worker's);
# an ASan build renders several times slower
WKIDLE=1500 WKWAIT=120
[ "$ASAN" = 1 ] && WKIDLE=10000 WKWAIT=900
# wk_run NAME STREAM [ARGS...]: starts a worker in the background (its pid in wk_pid)
wk_run() {
  local name=$1 stream=$2
  shift 2
  "$BIN" worker --redis "$WKURL" --stream "$stream" --group g --consumer "$name" \
    --claim-idle "$WKIDLE" --block 200 "$@" >/dev/null 2>"$WK/$name.log" </dev/null &
  wk_pid=$!
  wk_pids+=("$wk_pid")
}
# wk_stop PID: SIGTERM, and the worker exits 0 within 60 s
wk_stop() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { echo "worker $pid still running 60 s after SIGTERM"; return 1; }
  wait "$pid"
}

# --- 300 jobs, three workers, one killed mid-job ------------------------------------------
wk_three() {
  # six documents (one inline, one long enough that a worker is seldom between jobs), each
  # rendered once by `gongwen render`: the references
  python3 - "$WK" <<'PY' || return 1
import json, sys
w = sys.argv[1]
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
body = d["body"]
d["body"] = body[:1] + body[1:-1] * 3 + body[-1:]
json.dump(d, open(f"{w}/long.json", "w", encoding="utf-8"), ensure_ascii=False)
# long29.json: the body 29 times when the name was given; 120 times since issue 14 made the
# render fast enough that 29 was done within the 0.2 s the SIGTERM test needs it to last
d["body"] = body[:1] + body[1:-1] * 120 + body[-1:]
json.dump(d, open(f"{w}/long29.json", "w", encoding="utf-8"), ensure_ascii=False)
json.dump({"meta": {"title": "内联数据", "date": "2021-01-15"},
           "body": [{"title": "关于内联数据的通知"}, {"p": "正文一段，由任务直接携带。"}]},
          open(f"{w}/inline.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
  local docs=(samples/annual-report-2020.json samples/notice.json tests/cases/special.json
              "$WK/inline.json" "$WK/long.json" samples/letter.json) refs=() i
  for i in "${!docs[@]}"; do
    "$BIN" render "${docs[$i]}" -o "$WK/ref/$i.pdf" || return 1
    refs+=("$WK/ref/$i.pdf")
  done
  "${WKPY[@]}" jobs "$WK/jobs.json" 300 samples/annual-report-2020.json samples/notice.json \
    tests/cases/special.json "@$WK/inline.json" "$WK/long.json" samples/letter.json &&
  "${WKPY[@]}" enqueue "$WKPORT" jobs "$WK/jobs.json" >"$WK/ids" || return 1
  wk_run w1 jobs --out-dir "$WK/out"
  local w1=$wk_pid
  wk_run w2 jobs --out-dir "$WK/out"
  local w2=$wk_pid
  wk_run w3 jobs --out-dir "$WK/out"
  local w3=$wk_pid
  # w1 dies by SIGKILL while it holds an entry (checked after its death)
  "${WKPY[@]}" sigheld "$WKPORT" jobs g w1 "$w1" KILL 30 "$WK/held.json" || return 1
  wait "$w1" 2>/dev/null
  "${WKPY[@]}" wait "$WKPORT" jobs.results 300 "$WKWAIT" || return 1
  sleep 0.5 # a second result would come now
  "${WKPY[@]}" check300 "$WKPORT" jobs.results "$WK/ids" "$WK/jobs.json" "$WK/out" "$WK/held.json" "${refs[@]}" || return 1
  [ "$("${WKPY[@]}" cmd "$WKPORT" XPENDING jobs g | head -c 3)" = "[0," ] || { echo "entries still pending"; return 1; }
  [ "$("${WKPY[@]}" cmd "$WKPORT" XLEN jobs.dead)" = 0 ] || { echo "dead letters"; return 1; }
  wk_stop "$w2" && wk_stop "$w3" || return 1
  grep -q 'w2 stopped' "$WK/w2.log" && grep -q 'w3 stopped' "$WK/w3.log"
}
check "worker: 3 workers, 300 jobs, one SIGKILLed mid-job: every job exactly one result, each PDF = its single render (cmp), SIGTERM exits 0" wk_test wk_three

# --- SIGTERM mid-job: the job is finished and published, then exit 0 -----------------------
wk_term() {
  local id
  "$BIN" render "$WK/long29.json" -o "$WK/ref/long29.pdf" || return 1
  wk_run ws slow --out-dir "$WK/out"
  local pid=$wk_pid
  # one python process adds the job and sends SIGTERM as soon as ws holds it
  "${WKPY[@]}" sigheld "$WKPORT" slow g ws "$pid" TERM 30 "$WK/term.json" \
    "{\"data\": \"$WK/long29.json\", \"out\": \"slow.pdf\"}" || return 1
  # it still held the job 0.2 s after the signal: the signal came mid-job
  id=$(python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); print(t["id"] if t["held"] else "")' "$WK/term.json")
  [ -n "$id" ] || { echo "the job was done before the SIGTERM"; return 1; }
  wk_stop "$pid" || return 1
  "${WKPY[@]}" results "$WKPORT" slow.results >"$WK/slow.results"
  [ "$(wc -l <"$WK/slow.results")" = 1 ] && grep -q "\"id\": \"$id\", \"status\": \"ok\"" "$WK/slow.results" ||
    { echo "results: $(cat "$WK/slow.results")"; return 1; }
  [ "$("${WKPY[@]}" cmd "$WKPORT" XPENDING slow g | head -c 3)" = "[0," ] || { echo "still pending"; return 1; }
  grep -q 'ws stopped' "$WK/ws.log" && cmp "$WK/out/slow.pdf" "$WK/ref/long29.pdf"
}
check "worker: SIGTERM while rendering finishes the job (result, XACK, same bytes) and exits 0" wk_test wk_term

# --- a slow worker's job claimed by another: both render it, one result is published ------
# sa is stopped (SIGSTOP) while it holds the job: sb claims it after --claim-idle, renders and
# publishes it; sa, continued (SIGCONT), renders it too, and its finish publishes nothing
wk_wait_log() { # FILE PATTERN: up to 60 s
  local i
  for i in $(seq 600); do
    grep -q "$2" "$1" && return 0
    sleep 0.1
  done
  echo "$1 has no \"$2\": $(cat "$1")"
  return 1
}
wk_dup() {
  local id
  wk_run sa dup --out-dir "$WK/out" --claim-idle 600000
  local a=$wk_pid
  "${WKPY[@]}" sigheld "$WKPORT" dup g sa "$a" STOP 30 "$WK/dup.json" \
    "{\"data\": \"$WK/long29.json\", \"out\": \"dup.pdf\"}" || return 1
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$WK/dup.json")
  wk_run sb dup --out-dir "$WK/out" --claim-idle 200
  local b=$wk_pid
  wk_wait_log "$WK/sb.log" "$id: ok, 801 pages" || return 1
  kill -CONT "$a"
  wk_wait_log "$WK/sa.log" "$id: ok, 801 pages.*(already finished by another worker)" || return 1
  grep -q "$id: ok.*already finished" "$WK/sb.log" && { echo "sb did not publish"; return 1; }
  local res
  res=$("${WKPY[@]}" results "$WKPORT" dup.results)
  [ "$(wc -l <<<"$res")" = 1 ] && grep -q '\\"consumer\\":\\"sb\\",\\"attempts\\":2' <<<"$res" ||
    { echo "results: $res"; return 1; }
  [ "$("${WKPY[@]}" cmd "$WKPORT" XPENDING dup g | head -c 3)" = "[0," ] || { echo "still pending"; return 1; }
  wk_stop "$a" && wk_stop "$b" && cmp "$WK/out/dup.pdf" "$WK/ref/long29.pdf"
}
check "worker: a job claimed from a stopped (slow) worker is rendered by both, published once (XACK and XADD in one script), same bytes" wk_test wk_dup

# --- retries, dead letters, bad input -------------------------------------------------------
wk_dead() {
  local ghost io bad outside
  # an entry a consumer "ghost" took three times and never finished (its workers died)
  "${WKPY[@]}" add "$WKPORT" dl '{"data": "samples/notice.json", "out": "ghost.pdf"}' >/dev/null &&
  ghost=$("${WKPY[@]}" ghost "$WKPORT" dl g 3) || return 1
  mkdir -p "$WK/dlout" && : >"$WK/dlout/blocked" # a file where the job wants a folder
  io=$("${WKPY[@]}" add "$WKPORT" dl '{"data": {"body": [{"p": "正文。"}]}, "out": "blocked/x.pdf"}') &&
  bad=$("${WKPY[@]}" add "$WKPORT" dl '{"data": {"body": [{"p": 12}]}, "out": "bad.pdf"}') &&
  outside=$("${WKPY[@]}" add "$WKPORT" dl '{"data": {"body": [{"p": "正文。"}]}, "out": "../outside.pdf"}') || return 1
  wk_run wd dl --out-dir "$WK/dlout" --max-attempts 3 --claim-idle 300
  local pid=$wk_pid
  "${WKPY[@]}" wait "$WKPORT" dl.results 4 120 || return 1
  sleep 0.5
  wk_stop "$pid" || return 1
  "${WKPY[@]}" results "$WKPORT" dl.results >"$WK/dl.results" &&
  "${WKPY[@]}" results "$WKPORT" dl.dead >"$WK/dl.dead" || return 1
  python3 - "$WK/dl.results" "$WK/dl.dead" "$ghost" "$io" "$bad" "$outside" <<'PY'
import json, sys
res = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
dead = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
ghost, io, bad, outside = sys.argv[3:7]
by = {r["id"]: (r["status"], json.loads(r["result"])) for r in res}
assert len(res) == 4 and set(by) == {ghost, io, bad, outside}, res
st, r = by[io]
assert st == "dead" and r["attempts"] == 3, by[io]
assert any("blocked" in d["message"] for d in r["diagnostics"]), r
st, r = by[ghost]
assert st == "dead" and r["attempts"] == 4 and "delivered 4 times" in r["diagnostics"][0]["message"], by[ghost]
st, r = by[bad]
assert st == "failed" and r["attempts"] == 1, by[bad]
d = r["diagnostics"][0]
assert (d["line"], d["column"], d["pointer"]) == (1, 26, "/data/body/0/p"), d
st, r = by[outside]
assert st == "failed" and r["attempts"] == 1 and r["diagnostics"][0]["pointer"] == "/out", by[outside]
assert sorted(x["id"] for x in dead) == sorted([ghost, io]), dead
for x in dead:
    assert x["job"] and json.loads(x["result"])["diagnostics"], x
print("ok")
PY
  [ ! -e "$WK/outside.pdf" ] || { echo "wrote outside --out-dir"; return 1; }
  [ "$("${WKPY[@]}" cmd "$WKPORT" XPENDING dl g | head -c 3)" = "[0," ] || { echo "still pending"; return 1; }
  # the I/O failure was tried three times: two retries logged
  [ "$(grep -c 'left pending' "$WK/wd.log")" = 2 ] || { echo "retries: $(grep 'left pending' "$WK/wd.log")"; return 1; }
}
check "worker: I/O failure retried, dead-lettered with diagnostics after 3 deliveries; an entry delivered too often dead-lettered; bad input and an out outside --out-dir fail once (positions)" wk_test wk_dead

# --- --store-redis ------------------------------------------------------------------------
wk_store() {
  local small big
  small=$("${WKPY[@]}" add "$WKPORT" st "{\"data\": $(cat "$WK/inline.json")}") &&
  big=$("${WKPY[@]}" add "$WKPORT" st '{"data": "samples/annual-report-2020.json"}') || return 1
  wk_run wr st --store-redis --max-inline 100000
  local pid=$wk_pid
  "${WKPY[@]}" wait "$WKPORT" st.results 2 120 || return 1
  wk_stop "$pid" || return 1
  "${WKPY[@]}" get "$WKPORT" "st:pdf:$small" "$WK/stored.pdf" && cmp "$WK/stored.pdf" "$WK/ref/3.pdf" || return 1
  "${WKPY[@]}" results "$WKPORT" st.results >"$WK/st.results"
  grep -q "\"id\": \"$big\", \"status\": \"failed\".*more than --max-inline 100000" "$WK/st.results" ||
    { echo "$(cat "$WK/st.results")"; return 1; }
  [ "$("${WKPY[@]}" cmd "$WKPORT" EXISTS "st:pdf:$big")" = 0 ]
}
check "worker: --store-redis stores the PDF under S:pdf:ID (= its single render); larger than --max-inline fails" wk_test wk_store

check "worker: no --redis is a usage error (2)" status_is 2 "$BIN" worker --stream s --group g --out-dir "$WK"
check "worker: --out-dir with --store-redis is a usage error (2)" status_is 2 "$BIN" worker --redis "$WKURL" --stream s --group g --out-dir "$WK" --store-redis
check "worker: a URL that is not redis:// is a usage error (2)" status_is 2 "$BIN" worker --redis http://127.0.0.1:1 --stream s --group g --out-dir "$WK"
check "worker: an --out-dir that is not there is an I/O error (3), as render's" status_is 3 "$BIN" worker --redis "$WKURL" --stream s --group g --out-dir "$WK/none"
wk_unreachable() {
  local port out
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  out=$("$BIN" worker --redis "redis://127.0.0.1:$port" --stream s --group g --out-dir "$WK" 2>&1)
  [ $? = 3 ] && grep -q "cannot connect to Redis at 127.0.0.1:$port" <<<"$out"
}
check "worker: an unreachable Redis is an I/O error (3) naming it" wk_unreachable

# the outputs are byte-identical to the references (checked above), and those to `gongwen
# render`, checked elsewhere: only the inline document's reference stays for the suite's
# closing PDF/A sweep, which would spend a minute on the rest
find "$WK" -name '*.pdf' ! -path "$WK/ref/3.pdf" -delete
# the redis-server of this file ends here, whatever failed
kill -TERM "$WKREDIS" 2>/dev/null
wait "$WKREDIS" 2>/dev/null
unset WK WKPY WKPORT WKURL WKREDIS WKIDLE WKWAIT
