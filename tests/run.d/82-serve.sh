# 82-serve.sh: `gongwen serve`, the HTTP service (issue 13, point 3).
#
# Sourced by tests/run.sh. Scratch: $T/serve. Each server is started on a free loopback port
# (--listen 127.0.0.1:0; the port is read from its "listening on" line) and stopped with
# SIGTERM, which must end it with status 0. tests/tools/servecheck.py talks to it. Covers:
# render (PDFs byte-identical to `gongwen render`, one at a time and eight at once), check,
# 422 with the same positions as `gongwen check`, 404/405, the body limit (413, declared and
# chunked), nesting and page limits, the time limit of one document, a client sending one
# byte per second cut off while another is answered, files outside the configured folders
# refused (seals, layouts, fonts, "extends"), /metrics, and SIGTERM with requests in flight.
SV=$T/serve
SVCHECK=(python3 tests/tools/servecheck.py)
mkdir -p "$SV"

# serve_start NAME ARGS...: starts `gongwen serve ARGS` (log: $SV/NAME.log); sets sv_pid and
# sv_port. Fails when it does not listen within 10 s. Not to be run by `check`, whose
# command substitution would wait for the server's end (and lose sv_pid).
serve_start() {
  local log=$SV/$1.log i
  shift
  sv_port=
  "$BIN" serve --listen 127.0.0.1:0 "$@" </dev/null >/dev/null 2>"$log" &
  sv_pid=$!
  for i in $(seq 200); do
    sv_port=$(sed -n 's|^gongwen serve: listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$log")
    [ -n "$sv_port" ] && return 0
    kill -0 "$sv_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "not listening: $(cat "$log")"
  return 1
}
# serve_stop: SIGTERM to the server; it must exit 0 within 20 s.
serve_stop() {
  local i rc
  kill -TERM "$sv_pid" 2>/dev/null
  for i in $(seq 200); do
    kill -0 "$sv_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$sv_pid" 2>/dev/null; then
    kill -KILL "$sv_pid"
    wait "$sv_pid" 2>/dev/null
    echo "still running 20 s after SIGTERM"
    return 1
  fi
  wait "$sv_pid"
  rc=$?
  [ "$rc" = 0 ] || { echo "exit status $rc: $(tail -n 3 "$SV"/*.log)"; return 1; }
}

# fixtures: seals inside the seal folder (as the samples name them), a PNG outside it, a
# symbolic link from inside to outside, layouts that reach outside, and the CLI's PDFs
serve_fixtures() {
  mkdir -p "$SV/seals/seals" "$SV/elsewhere" "$SV/layouts" "$SV/cli" &&
    cp samples/seal.png "$SV/seals/seal.png" && cp samples/seals/*.png "$SV/seals/seals/" &&
    cp samples/seal.png "$SV/elsewhere/x.png" && ln -s ../elsewhere/x.png "$SV/seals/link.png" &&
    cp fonts/fandol/FandolFang-Regular.otf "$SV/elsewhere/fang.otf" &&
    printf '{"version": 1, "extends": "gbt9704"}' >"$SV/elsewhere/base.json" &&
    printf '{"version": 1, "extends": "gbt9704"}' >"$SV/layouts/ok.json" &&
    printf '{"version": 1, "extends": "../elsewhere/base"}' >"$SV/layouts/up.json" &&
    printf '{"version": 1, "extends": "%s/elsewhere/base.json"}' "$SV" >"$SV/layouts/abs.json" &&
    printf '{"version": 1, "extends": "gbt9704",\n "fonts": {"fang": [{"file": "%s/elsewhere/fang.otf"}]}}' "$SV" >"$SV/layouts/font.json" || return 1
  python3 - "$SV" <<'PY' || return 1
import json, sys
sv = sys.argv[1]
d = json.load(open("samples/notice.json", encoding="utf-8"))
sig = [i for i, b in enumerate(d["body"]) if "signature" in b][0]
for name, seal in (("inside", "seal.png"), ("up", "../elsewhere/x.png"), ("link", "link.png"),
                   ("abs", sv + "/elsewhere/x.png")):
    d["body"][sig]["signature"]["seal"] = seal
    json.dump(d, open(f"{sv}/seals/seal-{name}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
open(f"{sv}/sig-index", "w").write(str(sig))
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
for name, layout in (("path", "../layouts/gbt9704.json"), ("ok", "ok"), ("up", "up"), ("abs", "abs"),
                     ("font", "font")):
    d["layout"] = layout
    json.dump(d, open(f"{sv}/layout-{name}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
# several errors at once, each with a position
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
d["body"][1] = {"p": 3}
d["body"][2] = {"h1": "标题", "bogus": 1}
d["meta"]["date"] = "2021-13-45"
json.dump(d, open(f"{sv}/bad.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
# nesting deeper than the library's limit (64)
open(f"{sv}/deep.json", "w").write('{"body": ' + "[" * 200 + "]" * 200 + "}")
# a long document: the sample's body 12 times
d = json.load(open("samples/annual-report-2020.json", encoding="utf-8"))
d["body"] = d["body"][:1] + d["body"][1:-1] * 12 + d["body"][-1:]
json.dump(d, open(f"{sv}/long.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
  local n
  for n in annual-report-2020 notice joint-notice annual-report-2021 letter; do
    "$BIN" render "samples/$n.json" -o "$SV/cli/$n.pdf" || return 1
  done
  "$BIN" render samples/letter.json -l gbt9704 -o "$SV/cli/letter-gbt9704.pdf" &&
    "$BIN" render "$SV/long.json" -o "$SV/cli/long.pdf" &&
    "$BIN" render "$SV/seals/seal-inside.json" -o "$SV/cli/seal-inside.pdf" || return 1
  "$BIN" check "$SV/bad.json" >"$SV/bad.cli" 2>&1
  [ $? = 1 ] && [ "$(grep -c ': error: ' "$SV/bad.cli")" -ge 3 ] || { echo "bad.json: $(cat "$SV/bad.cli")"; return 1; }
}
check "serve: fixtures (seals inside and outside the seal folder, layouts reaching outside)" serve_fixtures

# --- the main server: two threads, the fixtures' folders -----------------------------------
if serve_start main --threads 2 --seals "$SV/seals" --layouts "$SV/layouts" --max-body 1M; then
  ok "serve: starts on a free loopback port (--listen 127.0.0.1:0)"
else
  bad "serve: starts on a free loopback port (--listen 127.0.0.1:0)"
fi
P=$sv_port
check "serve: GET /healthz is 200" "${SVCHECK[@]}" status "$P" GET /healthz 200
check "serve: an unknown path is 404" "${SVCHECK[@]}" status "$P" GET /nothing 404
check "serve: GET /render is 405 with Allow" "${SVCHECK[@]}" status "$P" GET /render 405
check "serve: POST /metrics is 405 with Allow" "${SVCHECK[@]}" status "$P" POST /metrics 405 samples/letter.json
serve_same() { # NAME [QUERY]: /render of samples/NAME.json equals the CLI's PDF
  "${SVCHECK[@]}" render "$P" "samples/$1.json" "$SV/$1.pdf" "${2:-}" && cmp "$SV/$1.pdf" "$SV/cli/$1.pdf"
}
check "serve: /render of the sample is byte-identical to gongwen render" serve_same annual-report-2020
check "serve: /render of a notice with a seal from --seals is byte-identical" serve_same notice
check "serve: /render of a joint notice (seals/ under --seals) is byte-identical" serve_same joint-notice
check "serve: /render with a template layout that extends another is byte-identical" serve_same annual-report-2021
serve_query() { # ?layout=gbt9704 overrides the data's "letter"
  "${SVCHECK[@]}" render "$P" samples/letter.json "$SV/letter-gbt9704.pdf" layout=gbt9704 &&
    cmp "$SV/letter-gbt9704.pdf" "$SV/cli/letter-gbt9704.pdf" &&
    ! cmp -s "$SV/letter-gbt9704.pdf" "$SV/cli/letter.pdf"
}
check "serve: ?layout=NAME overrides the data's layout (= render -l NAME)" serve_query
check "serve: eight renders at once on two threads are each byte-identical" \
  "${SVCHECK[@]}" concurrent "$P" 8 "samples/annual-report-2020.json=$SV/cli/annual-report-2020.pdf" \
  "samples/letter.json=$SV/cli/letter.pdf" "samples/annual-report-2021.json=$SV/cli/annual-report-2021.pdf"
check "serve: POST /check is 200 with the page count" \
  "${SVCHECK[@]}" check "$P" samples/notice.json "$(pdfinfo "$SV/cli/notice.pdf" | awk '/^Pages:/ { print $2 }')"
check "serve: /render of bad data is 422 with gongwen check's diagnostics and positions" \
  "${SVCHECK[@]}" diags "$P" /render "$SV/bad.json" "$SV/bad.cli"
check "serve: /check of bad data is 422 with the same diagnostics" \
  "${SVCHECK[@]}" diags "$P" /check "$SV/bad.json" "$SV/bad.cli"
check "serve: nesting over the library's limit is 422 at its position" \
  "${SVCHECK[@]}" refused "$P" "$SV/deep.json" "/body/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0" nest
check "serve: a Content-Length over --max-body is 413, and so is a chunked body that grows over it" \
  "${SVCHECK[@]}" toobig "$P" $((1024 * 1024 + 1))

# --- confinement: no request makes the service read outside its folders ---------------------
SIG=$(cat "$SV/sig-index" 2>/dev/null)
check "serve: a seal inside --seals renders (the control)" \
  bash -c "'${SVCHECK[0]}' '${SVCHECK[1]}' render '$P' '$SV/seals/seal-inside.json' '$SV/seal-inside.pdf' && cmp '$SV/seal-inside.pdf' '$SV/cli/seal-inside.pdf'"
check "serve: a seal \"../elsewhere/x.png\" is refused: 422 at its position" \
  "${SVCHECK[@]}" refused "$P" "$SV/seals/seal-up.json" "/body/$SIG/signature/seal" outside
check "serve: a seal linked from inside --seals to outside is refused" \
  "${SVCHECK[@]}" refused "$P" "$SV/seals/seal-link.json" "/body/$SIG/signature/seal" outside
check "serve: a seal given as an absolute path outside is refused" \
  "${SVCHECK[@]}" refused "$P" "$SV/seals/seal-abs.json" "/body/$SIG/signature/seal" outside
check "serve: the data's layout given as a path is refused: 422 at /layout" \
  "${SVCHECK[@]}" refused "$P" "$SV/layout-path.json" /layout path
check "serve: ?layout= given as a path is refused (422)" \
  "${SVCHECK[@]}" status "$P" POST "/render?layout=$SV/elsewhere/base.json" 422 samples/letter.json
serve_extends_ok() { # the control: a layout in --layouts extending gbt9704 by name renders
  "${SVCHECK[@]}" render "$P" "$SV/layout-ok.json" "$SV/layout-ok.pdf" &&
    cmp "$SV/layout-ok.pdf" "$SV/cli/annual-report-2020.pdf"
}
check "serve: a layout of --layouts extending an installed one by name renders (the control)" serve_extends_ok
check "serve: a layout whose \"extends\" climbs out of --layouts is refused" \
  "${SVCHECK[@]}" refused "$P" "$SV/layout-up.json" /extends 'outside|path'
check "serve: a layout extending an absolute path outside is refused" \
  "${SVCHECK[@]}" refused "$P" "$SV/layout-abs.json" /extends 'outside|path'
check "serve: a layout with a font outside the font folders is refused" \
  "${SVCHECK[@]}" refused "$P" "$SV/layout-font.json" /fonts/fang/0/file outside
# not through check: the server is this shell's child, not check's subshell's
if serve_stop >"$SV/main.stop" 2>&1; then
  ok "serve: exits 0 on SIGTERM"
else
  bad "serve: exits 0 on SIGTERM" "$(cat "$SV/main.stop")"
fi

# --- metrics: a fresh server, known requests -----------------------------------------------
serve_metrics() {
  serve_start metrics --threads 1 --seals "$SV/seals" || return 1
  local p=$sv_port
  "${SVCHECK[@]}" render "$p" samples/letter.json "$SV/m1.pdf" &&
    "${SVCHECK[@]}" render "$p" samples/letter.json "$SV/m2.pdf" &&
    "${SVCHECK[@]}" status "$p" POST /render 422 "$SV/bad.json" &&
    "${SVCHECK[@]}" status "$p" POST /check 200 samples/letter.json &&
    "${SVCHECK[@]}" status "$p" GET /healthz 200 &&
    "${SVCHECK[@]}" status "$p" GET /x 404 &&
    "${SVCHECK[@]}" metrics "$p" 'gongwen_requests_total{path="/render",status="200"}=2' \
      'gongwen_requests_total{path="/render",status="422"}=1' \
      'gongwen_requests_total{path="/check",status="200"}=1' \
      'gongwen_requests_total{path="/healthz",status="200"}=1' \
      'gongwen_requests_total{path="other",status="404"}=1' \
      'gongwen_request_duration_seconds_count{path="/render"}=3' \
      'gongwen_connections_cut_total=0' || { serve_stop; return 1; }
  serve_stop
}
check "serve: /metrics counts requests by path and status, durations, in flight" serve_metrics

# --- limits of one document: pages, and time (the context's max_seconds) -------------------
serve_limits() {
  local out=0
  serve_start pages --threads 1 --max-pages 3 || return 1
  "${SVCHECK[@]}" limit "$sv_port" samples/annual-report-2020.json pages || out=1
  serve_stop || out=1
  serve_start time --threads 1 --render-timeout 0.02 || return 1
  "${SVCHECK[@]}" limit "$sv_port" "$SV/long.json" "longer than" || out=1
  serve_stop && return $out
}
check "serve: --max-pages and --render-timeout make a document over them 422" serve_limits

# --- a client sending one byte per second is cut off; the thread serves others meanwhile ----
serve_slow() {
  serve_start slow --threads 1 --timeout 2 || return 1
  "${SVCHECK[@]}" slow "$sv_port" 2 samples/letter.json "$SV/cli/letter.pdf" || { serve_stop; return 1; }
  serve_stop
}
check "serve: a client sending one byte per second is cut off after --timeout (one thread)" serve_slow

# --- SIGTERM with requests in flight -------------------------------------------------------
serve_sigterm() {
  serve_start sigterm --threads 2 || return 1
  "${SVCHECK[@]}" sigterm "$sv_port" "$sv_pid" "$SV/long.json" "$SV/cli/long.pdf" 3 ||
    { kill -KILL "$sv_pid"; wait "$sv_pid"; return 1; }
  serve_stop # already stopping: must end with status 0
}
check "serve: SIGTERM refuses new connections, answers the requests in flight, exits 0" serve_sigterm
