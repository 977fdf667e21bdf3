#!/usr/bin/env bash
# libfuzzer.sh: runs the libFuzzer builds of the fuzz targets (`make fuzz`).
#
# In:  FUZZ_DIR (the folder with the fuzz_NAME binaries, build/fuzz), FUZZ_TARGETS (names,
#      "struct render", default all), FUZZ_SECONDS (per target, default 60).
# Out: per target, a scratch copy of tests/fuzz/corpus/NAME/ in FUZZ_DIR/run/NAME/corpus
#      (which libFuzzer grows) and its log in FUZZ_DIR/run/NAME/log; then a summary, one
#      line per target: executions, executions per second, coverage (cov: edges, ft:
#      features) and corpus size from libFuzzer's closing stats, and peak memory. The first
#      target that fails (a crash, a sanitizer report, a leak, a timeout, out of memory)
#      stops the run with the input that did it (FUZZ_DIR/run/NAME/artifacts/...): fix the
#      defect, then add that file to tests/fuzz/corpus/NAME/ so `make test` replays it.
#      Exit 0 when every target ran its time clean, 1 after a failure.
#
# Limits of every run (why these values):
#   -rss_limit_mb=2048  the targets open every font once (about 100 MB mapped) and the
#                       structured documents stay under 60,000 characters and 1,000-row
#                       tables, so 2 GB is far above any legitimate input and well below
#                       what this 2-core machine has; more is a leak or runaway growth;
#   -timeout=20         one input takes well under a second even under ASan (the slowest
#                       structured documents, 1,000-row tables, take about 0.2 s), so an
#                       input still running after 20 s is a hang or a quadratic blow-up,
#                       not a slow machine;
#   -max_len=16384      for the struct target only: its generator reads up to a few KB
#                       per document; the others keep libFuzzer's default (the largest
#                       corpus file, at least 4096 bytes).
set -u
cd "$(dirname "$0")/../.."
dir=${FUZZ_DIR:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; n=${n%.c}; [ "$n" = main ] || echo "$n"; done)}

summary=()
status=0
for t in $targets; do
  bin=$dir/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "fuzz: no target $bin (FUZZ_TARGETS names tests/fuzz/fuzz_NAME.c)" >&2
    status=1
    break
  fi
  run=$dir/run/$t
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/artifacts"
  cp tests/fuzz/corpus/"$t"/* "$run/corpus/" 2>/dev/null
  extra=()
  [ "$t" = struct ] && extra=(-max_len=16384)
  echo "fuzz: $t for ${secs}s ($(ls "$run/corpus" | wc -l) seed inputs) ..."
  # TMPDIR: the struct target's scratch folder for seal images goes under the run folder
  TMPDIR=$run "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$run/artifacts/" "${extra[@]}" \
    "$run/corpus" >"$run/log" 2>&1
  rc=$?
  # the closing "#N DONE cov: X ft: Y corp: N/SIZE ..." line, else the last stats line
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$run/log" | tail -n 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$run/log")
  cov=$(printf '%s' "$last" | grep -oE 'cov: [0-9]+' | cut -d' ' -f2)
  ft=$(printf '%s' "$last" | grep -oE 'ft: [0-9]+' | cut -d' ' -f2)
  corp=$(printf '%s' "$last" | grep -oE 'corp: [0-9]+' | cut -d' ' -f2)
  line=$(printf '%-9s %10s execs %7s/s  cov %6s  ft %6s  corpus %5s  rss %5s MB' "$t" \
    "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}")
  art=$(ls "$run/artifacts" 2>/dev/null | head -n 1)
  if [ $rc -ne 0 ] || [ -n "$art" ]; then
    summary+=("$line  FAILED")
    echo "fuzz: $t FAILED (exit $rc); the report:" >&2
    grep -E 'ERROR|SUMMARY|runtime error|fuzz_struct:|==[0-9]+==' "$run/log" | head -n 20 >&2
    if [ -n "$art" ]; then
      echo "fuzz: the input: $run/artifacts/$art" >&2
      echo "fuzz: reproduce: $bin $run/artifacts/$art" >&2
      echo "fuzz: after the fix, keep it: cp $run/artifacts/$art tests/fuzz/corpus/$t/" >&2
    fi
    echo "fuzz: full log: $run/log" >&2
    status=1
    break
  fi
  summary+=("$line  ok")
done

echo "fuzz: summary (${secs}s per target; cov = edges covered, ft = features; corpus grown in $dir/run/NAME/corpus)"
for l in "${summary[@]}"; do echo "  $l"; done
exit $status
