#!/usr/bin/env bash
# profile.sh: where a render's time goes, as `make profile` prints it (for the issue notes).
#
# In:  GW_BUILD (build folder, default build/release), PROFILE_DOC (x50: the sample's body fifty
#      times over with a seal, the document of `make bench`'s 50x rows; x1: the sample),
#      PROFILE_LAYOUT (a layout file, e.g. tests/bench/ttf.json; default the data's own),
#      PROFILE_RUNS (renders recorded, default 10 for x50, 50 for x1), PROFILE_TOP (rows, 25),
#      PROFILE_FREQ (samples per second, default 1000), PROFILE_KEEP (a file to keep perf.data
#      in, for `perf report -i FILE` by hand).
# Out: perf record (cycles; call graphs unwound from DWARF, since neither gongwen's -O2 build
#      nor Debian's libraries keep frame pointers) of PROFILE_RUNS
#      renders in a row, then three tables from perf report: the share of samples by shared
#      object (the binary, libc, zlib, libharu, hb-subset, the kernel ...), by symbol (self
#      time, the hot functions whatever their library), and gongwen's own functions with their
#      callers' share included (children), i.e. which stage of ours the time is spent under.
#      perf.data goes to a temporary folder and is removed. Needs perf (linux-perf) and
#      permission to record (perf_event_paranoid <= 1, or root).
set -eu
cd "$(dirname "$0")/../.."
B=${GW_BUILD:-build/release}
BIN=$PWD/$B/gongwen
DOC=${PROFILE_DOC:-x50}
FREQ=${PROFILE_FREQ:-1000}
TOP=${PROFILE_TOP:-25}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
case "$DOC" in
  x50)
    RUNS=${PROFILE_RUNS:-10}
    python3 tests/tools/mkdoc.py x50 -o "$T/doc.json"
    ;;
  x1)
    RUNS=${PROFILE_RUNS:-50}
    cp samples/annual-report-2020.json "$T/doc.json"
    ;;
  *)
    echo "profile.sh: PROFILE_DOC is x50 or x1, not $DOC" >&2
    exit 2
    ;;
esac
args=(render "$T/doc.json" -o "$T/out.pdf")
[ -z "${PROFILE_LAYOUT:-}" ] || args+=(-l "$PWD/$PROFILE_LAYOUT" --allow-layout-paths)
"$BIN" "${args[@]}" # warm the page cache, and fail early
printf '%s\n' "$BIN" "${args[@]}" >"$T/cmd"
echo "profile: $DOC ($(pdfinfo "$T/out.pdf" | awk '/^Pages:/ { print $2 }') pages${PROFILE_LAYOUT:+, $PROFILE_LAYOUT}), $RUNS renders under perf record --call-graph dwarf"
perf record -q --call-graph dwarf,16384 -F "$FREQ" -o "$T/perf.data" -- \
  bash -c 'mapfile -t c <"$1"; for _ in $(seq "$2"); do "${c[@]}"; done' _ "$T/cmd" "$RUNS" \
  >/dev/null 2>"$T/record.err" || {
  cat "$T/record.err" >&2
  exit 1
}
[ -z "${PROFILE_KEEP:-}" ] || cp "$T/perf.data" "$PROFILE_KEEP"
report() { perf report -i "$T/perf.data" --stdio --quiet "$@" 2>"$T/report.err"; }
# perf report's --comm filter drops a library's samples when the bash loop also ran in that
# library, so the tables are sorted by command too and the gongwen rows kept by awk; the
# shares are of all samples (the bash loop's own are a per cent or two).
echo
echo "== by shared object (self; [kernel.kallsyms] is the kernel: page faults, mmap, read)"
report --no-children --sort comm,dso -g none | awk '$2 == "gongwen" { printf "%9s  %s\n", $1, $3 }' | sed -n "1,${TOP}p"
echo
echo "== by symbol (self)"
report --no-children --sort comm,dso,sym -g none |
  awk '$2 == "gongwen" { $2 = ""; printf "%9s  %-28s", $1, $3; $1 = $3 = ""; sub(/^ +/, ""); print " " $0 }' |
  sed -n "1,${TOP}p"
echo
echo "== gongwen's own functions: time in them and in what they call (children), then self"
echo "   (a share of the samples whose stack could be unwound to the function)"
report --children --sort comm,dso,sym -g none |
  awk '$3 == "gongwen" && $4 == "gongwen" { $3 = $4 = $5 = ""; printf "%9s %9s  %s\n", $1, $2, substr($0, index($0, $6)) }' |
  sed -n "1,${TOP}p"
