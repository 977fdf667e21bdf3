#!/usr/bin/env bash
# install-deps.sh: the one place that installs what gongwen needs on Debian 12.
#
# In:  nothing (reads the package lists of this machine).
# Out: the Debian packages below installed when missing, and the Fandol fonts copied
#      from Debian's texlive-lang-chinese package into fonts/fandol/ without installing TeX.
# It is idempotent and quiet when everything is already there; the Makefile calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: compiler and libraries. Test: PDF tools. Fonts: Noto CJK (fallback), Liberation
# (Times-compatible Latin face), TeX Gyre (name-keyed CFF, for the tests). `time` gives peak RSS
# for `make bench`; python3 and valgrind run checks in `make test`; python3-jsonschema (4.10,
# draft 2020-12) validates the samples and layouts against schemas/ (tests/tools/schemacheck.py,
# run with /usr/bin/python3, the interpreter that sees Debian's packages).
# icc-profiles-free gives the sRGB ICC profile (Zlib licence) of the PDF/A OutputIntent.
# clang and libclang-rt-14-dev (Debian 12: clang 14 and its libFuzzer runtime) build the fuzz
# targets for `make fuzz` (tests/fuzz/README.md). libmicrohttpd-dev (0.9.75): the HTTP server
# of `gongwen serve`.
# libhiredis-dev (0.14) is `gongwen worker`'s Redis client; redis-server (7.0) is the Redis the
# worker's tests start on a loopback port of their own (tests/run.d/83-worker.sh).
# fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei: the TrueType fonts of issue 14's
# comparison with other typesetters (AR PL UMing, AR PL UKai, WenQuanYi Zen Hei), used by
# tests/bench/ttf.json in `make bench` and by tests/run.d/91-same.sh.
PKGS=(build-essential pkg-config
      libhpdf-dev libcjson-dev libharfbuzz-dev libfreetype-dev libicu-dev libssl-dev libpng-dev zlib1g-dev
      libmicrohttpd-dev
      poppler-utils qpdf mupdf-tools libnss3-tools time python3 python3-jsonschema valgrind
      fonts-noto-cjk fonts-liberation2 fonts-texgyre icc-profiles-free
      fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
      clang libclang-rt-14-dev
      libhiredis-dev redis-server)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
updated=0
apt_update() { [ "$updated" = 1 ] || { $SUDO apt-get update -qq; updated=1; }; }

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Fandol: GPL with font exception, shipped by Debian only inside texlive-lang-chinese.
# We download that .deb and take out the four families' .otf files (no TeX installed).
FANDOL=(FandolFang-Regular.otf FandolSong-Regular.otf FandolSong-Bold.otf
        FandolHei-Regular.otf FandolHei-Bold.otf FandolKai-Regular.otf)
need=0
for f in "${FANDOL[@]}"; do [ -s "fonts/fandol/$f" ] || need=1; done
if [ "$need" = 1 ]; then
  echo "install-deps: extracting Fandol fonts from texlive-lang-chinese"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1); then
    apt_update
    (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null)
  fi
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  src="$tmp/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
  mkdir -p fonts/fandol
  for f in "${FANDOL[@]}"; do cp "$src/$f" "fonts/fandol/$f.part" && mv "fonts/fandol/$f.part" "fonts/fandol/$f"; done
  # the fonts' own README (licence statement) and licence text travel with them
  doc="$tmp/x/usr/share/doc/texlive-doc/fonts/fandol"
  cp "$doc/README" fonts/fandol/README
  gzip -dc "$doc/COPYING.gz" >fonts/fandol/COPYING
fi
exit 0
