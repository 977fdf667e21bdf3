#!/usr/bin/env bash
# baseline.sh: a release build of gongwen at an older commit, for comparing against it.
#
# In:  $1 = a commit (any name git knows: b08688c, main~3, a tag). Run from anywhere inside
#      the repository (a clone or a worktree); the fonts of the current tree's fonts/ are used.
# Out: prints the path of the baseline binary, build/baseline-SHORTSHA/build/release/gongwen
#      under the current tree. The commit's files are taken with `git archive` (no worktree,
#      nothing registered in .git), fonts/ is a symbolic link to this tree's fonts/, and `make`
#      builds the binary there once: a later call finds it and builds nothing. The build goes
#      to a temporary folder first and is renamed when done, so an interrupted build or two
#      callers at once (make test and make bench) never leave a half-built baseline behind.
#      Build messages go to build/baseline-SHORTSHA.log; exit 1 when the build fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:?usage: baseline.sh COMMIT}
sha=$(git rev-parse --verify --quiet "$rev^{commit}") || {
  echo "baseline.sh: no commit $rev in this repository" >&2
  exit 1
}
short=${sha:0:7}
dir=$PWD/build/baseline-$short
bin=$dir/build/release/gongwen
if [ ! -x "$bin" ]; then
  mkdir -p build
  tmp=$(mktemp -d "$PWD/build/.baseline-$short.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "baseline.sh: building gongwen at $short into build/baseline-$short (once)" >&2
  git archive "$sha" | tar -x -C "$tmp"
  # the archive has no fonts/fandol (not in git): fandol/ points at this tree's copy (made by
  # scripts/install-deps.sh); the packages are this tree's too (its `make` ran the install
  # step), so the commit's install step is marked done
  mkdir -p "$tmp/fonts" "$tmp/build"
  ln -s "$PWD/fonts/fandol" "$tmp/fonts/fandol"
  touch "$tmp/build/.deps-ok"
  # The folder's path is compiled into the binary (CURDIR: the fonts and layouts folders), so
  # the build runs in $dir.building with CURDIR set to $dir and is renamed to $dir when done;
  # the rename to $dir.building is the claim (it fails while another caller is building).
  if mv -T "$tmp" "$dir.building" 2>/dev/null; then
    trap 'rm -rf "$dir.building"' EXIT
    if ! make -C "$dir.building" CURDIR="$dir" build/release/gongwen >"$dir.log" 2>&1; then
      echo "baseline.sh: building $short failed; see build/baseline-$short.log" >&2
      exit 1
    fi
    mv -T "$dir.building" "$dir"
    trap - EXIT
  else
    # another caller is building it: wait for its rename (at most 10 minutes)
    rm -rf "$tmp"
    trap - EXIT
    for _ in $(seq 600); do
      [ -x "$bin" ] && break
      [ -d "$dir.building" ] || break
      sleep 1
    done
  fi
fi
[ -x "$bin" ] || {
  echo "baseline.sh: no baseline binary at $bin (a build/baseline-$short.building left by a" \
    "killed build? remove it)" >&2
  exit 1
}
echo "$bin"
