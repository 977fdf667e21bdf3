# 80-library.sh: libgongwen as installed and used by a program of its own (issue 13, point 1).
#
# Sourced by tests/run.sh. Scratch: $T/lib. Covers: `make install PREFIX=...` into a temporary
# prefix (header, libgongwen.so with its soname and links, libgongwen.a, gongwen.pc, the binary,
# the man page, layouts and fonts); the library exports gongwen.h's names only; the example
# program examples/library/render.c built with `pkg-config --cflags --libs gongwen` against the
# installed library (shared, then static) renders the sample byte-identical to the CLI, from the
# installed layouts and fonts (not the source tree's), and prints every diagnostic with its
# position; the man page, generated from --help, holds every option of --help; the library reads
# no environment variable and keeps no thread-local state. The API's own unit test is
# tests/unit/test_api.c (confinement, limits, writes, threads).
LIB=$T/lib
PFX=$LIB/prefix
mkdir -p "$LIB/work"
# the release objects are the ones installed (an ASan build's need its runtime first)
lib_install() {
  make -s --no-print-directory install build=release PREFIX="$PFX" >"$LIB/install.log" 2>&1 ||
    { tail -n 20 "$LIB/install.log"; return 1; }
}
check "library: make install PREFIX=a temporary folder" lib_install

lib_files() {
  local f
  for f in include/gongwen.h lib/libgongwen.a lib/pkgconfig/gongwen.pc bin/gongwen \
    share/gongwen/layouts/gbt9704.json share/gongwen/fonts/README.md \
    share/man/man1/gongwen.1; do
    [ -s "$PFX/$f" ] || { echo "missing: $f"; return 1; }
  done
  [ "$(readlink "$PFX/lib/libgongwen.so")" = libgongwen.so.0 ] &&
    [ "$(readlink "$PFX/lib/libgongwen.so.0")" = libgongwen.so.0.1.0 ] &&
    [ -f "$PFX/lib/libgongwen.so.0.1.0" ] || { ls -l "$PFX/lib"; return 1; }
  readelf -d "$PFX/lib/libgongwen.so.0.1.0" | grep -q 'Library soname: \[libgongwen.so.0\]' ||
    { echo "no soname libgongwen.so.0"; return 1; }
  ar t "$PFX/lib/libgongwen.a" | grep -qx document.o || { echo "libgongwen.a lacks document.o"; return 1; }
}
check "library: header, libgongwen.so -> .so.0 -> .so.0.1.0 (soname .so.0), .a, .pc, binary, man page, layouts, fonts" lib_files

# every exported function is declared in gongwen.h (the version script hides the rest)
lib_exports() {
  local syms bad=0 s
  syms=$(nm -D --defined-only "$PFX/lib/libgongwen.so.0.1.0" | awk '$2 == "T" { print $3 }' | sed 's/@.*//')
  [ -n "$syms" ] || { echo "no exported function"; return 1; }
  for s in $syms; do
    grep -q "\b$s(" include/gongwen.h || { echo "exported but not in gongwen.h: $s"; bad=1; }
  done
  echo "$syms" | grep -qx gw_document_load_file || { echo "gw_document_load_file not exported"; bad=1; }
  return $bad
}
check "library: libgongwen.so exports gongwen.h's functions and nothing else" lib_exports

# the example, built as a user would: pkg-config against the installed library
lib_build_example() {
  local pc
  pc=$(PKG_CONFIG_PATH=$PFX/lib/pkgconfig pkg-config --cflags --libs gongwen) || return 1
  # shellcheck disable=SC2086
  cc -std=c11 -Wall -Wextra -Werror -o "$LIB/render" examples/library/render.c $pc \
    -Wl,-rpath,"$PFX/lib" || return 1
  ldd "$LIB/render" | grep -q "libgongwen.so.0 => $PFX/lib/libgongwen.so.0" ||
    { ldd "$LIB/render"; return 1; }
}
check "library: the example builds with pkg-config --cflags --libs gongwen (shared)" lib_build_example

lib_same_bytes() {
  cp samples/annual-report-2020.json "$LIB/work/" || return 1
  (cd "$LIB/work" && SOURCE_DATE_EPOCH=1700000000 "$LIB/render" annual-report-2020.json ex.pdf) >"$LIB/ex.out" 2>&1 ||
    { cat "$LIB/ex.out"; return 1; }
  grep -qx 'ex.pdf: [0-9]* pages' "$LIB/ex.out" || { cat "$LIB/ex.out"; return 1; }
  SOURCE_DATE_EPOCH=1700000000 "$BIN" render "$LIB/work/annual-report-2020.json" -o "$LIB/work/cli.pdf" || return 1
  cmp "$LIB/work/ex.pdf" "$LIB/work/cli.pdf" && qpdf --check "$LIB/work/ex.pdf" >/dev/null
}
check "library: the example's PDF is byte-identical to gongwen render's (and passes qpdf --check)" lib_same_bytes

# the installed library and binary use PREFIX/share/gongwen, not the source tree
lib_installed_paths() {
  ! grep -q "$PWD/layouts" "$PFX/lib/libgongwen.so.0.1.0" "$PFX/bin/gongwen" ||
    { echo "the source tree's layouts folder is compiled in"; return 1; }
  grep -q "$PFX/share/gongwen/layouts" "$PFX/lib/libgongwen.so.0.1.0" || return 1
  (cd "$LIB/work" && SOURCE_DATE_EPOCH=1700000000 "$PFX/bin/gongwen" render annual-report-2020.json -o inst.pdf) &&
    cmp "$LIB/work/inst.pdf" "$LIB/work/cli.pdf"
}
check "library: the installed library and gongwen find layouts and fonts under PREFIX/share/gongwen" lib_installed_paths

lib_static() {
  local pc
  pc=$(PKG_CONFIG_PATH=$PFX/lib/pkgconfig pkg-config --static --libs gongwen) || return 1
  # shellcheck disable=SC2086
  cc -std=c11 -o "$LIB/render-static" examples/library/render.c -I"$PFX/include" \
    "$PFX/lib/libgongwen.a" $(echo "$pc" | sed 's/-lgongwen//') || return 1
  ! ldd "$LIB/render-static" | grep -q libgongwen || return 1
  (cd "$LIB/work" && SOURCE_DATE_EPOCH=1700000000 "$LIB/render-static" annual-report-2020.json st.pdf) >/dev/null &&
    cmp "$LIB/work/st.pdf" "$LIB/work/cli.pdf"
}
check "library: the example linked with libgongwen.a gives the same bytes" lib_static

lib_diagnostics() {
  printf '{"body": [\n  {"p": 1},\n  {"h9": "x"}\n]}\n' >"$LIB/work/bad.json"
  (cd "$LIB/work" && "$LIB/render" bad.json bad.pdf) >"$LIB/bad.out" 2>&1
  local rc=$?
  [ $rc -eq 1 ] || { echo "exit $rc"; cat "$LIB/bad.out"; return 1; }
  [ ! -e "$LIB/work/bad.pdf" ] || { echo "an output was written"; return 1; }
  grep -q '^bad.json:2:[0-9]*: error: .*(at /body/0/p)$' "$LIB/bad.out" &&
    grep -q '^bad.json:3:.*(at /body/1' "$LIB/bad.out" || { cat "$LIB/bad.out"; return 1; }
  # the same lines as gongwen check prints
  (cd "$LIB/work" && "$BIN" check bad.json) 2>"$LIB/bad.cli"
  diff "$LIB/bad.out" "$LIB/bad.cli"
}
check "library: the example prints every diagnostic with file, line, column and pointer (as check does)" lib_diagnostics

# the man page: generated from --help, it holds every option of every --help
lib_man() {
  local page opts o bad=0
  groff -ww -z -man -Tutf8 "$PFX/share/man/man1/gongwen.1" 2>&1 | grep . && return 1
  page=$(MANWIDTH=200 man -l "$PFX/share/man/man1/gongwen.1" 2>/dev/null)
  opts=$({ "$BIN" --help; "$BIN" sign --help; } | grep -o -- '--[a-z][a-z-]*' | sort -u)
  [ -n "$opts" ] || return 1
  for o in $opts; do
    printf '%s' "$page" | grep -q -- "$o" || { echo "not in the man page: $o"; bad=1; }
  done
  return $bad
}
check "library: the man page (generated from --help) holds every option of --help" lib_man

# point 3: no environment and no thread-local state in the library (the CLI reads the
# environment: src/cli/, src/main.c, the sign command, and the other commands' own folders)
lib_no_env() {
  local hits
  hits=$(grep -rln 'getenv\|_Thread_local\|thread_local' src --include=*.c --include=*.h |
    grep -v '^src/\(cli\|batch\|serve\|worker\)/\|^src/main.c$\|^src/sign/cli.c$')
  [ -z "$hits" ] || { echo "$hits"; return 1; }
}
check "library: no getenv and no thread-local state outside the command line's files" lib_no_env

# point 5: render --sign signs through the library's gw_sign_pdf; its errors name the user's
# files, with neither the sign command's prefix nor a temporary file
lib_sign_errors() {
  local w=$LIB/sign out rc
  mkdir -p "$w" && cp samples/notice.json samples/seal.png "$w/" || return 1
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$w/k.pem" -out "$w/c.pem" -days 30 -subj /CN=lib >/dev/null 2>&1 &&
    openssl pkcs12 -export -inkey "$w/k.pem" -in "$w/c.pem" -out "$w/pw.p12" -passout pass:secret >/dev/null 2>&1 || return 1
  out=$("$BIN" render "$w/notice.json" -o "$w/n.pdf" --sign "$w/c.pem" 2>&1)
  rc=$?
  [ $rc = 1 ] && [ ! -e "$w/n.pdf" ] || { echo "exit $rc: $out"; return 1; }
  printf '%s\n' "$out" | grep -q "c.pem is not a PKCS#12 file" || { echo "$out"; return 1; }
  out=$("$BIN" render "$w/notice.json" -o "$w/n.pdf" --sign "$w/pw.p12" 2>&1)
  printf '%s\n' "$out" | grep -q "pw.p12 is protected by a password" || { echo "$out"; return 1; }
  out=$("$BIN" render "$w/notice.json" -o "$w/n.pdf" --sign "$w/pw.p12" --password-file "$w/none" 2>&1)
  printf '%s\n' "$out" | grep -q "cannot read $w/none" || { echo "$out"; return 1; }
  ! printf '%s\n' "$out" | grep -q 'gongwen sign\|rendered document\|/tmp/\.' || { echo "$out"; return 1; }
}
check "library: render --sign's errors name the key and password files, without 'gongwen sign:' or a temporary file" lib_sign_errors

# point 4: load/ never calls into shape/ (the context opens the faces a layout names), and
# model.h, the lowest layer, includes no stage
lib_layers() {
  local hits
  hits=$(grep -rn '#include "\.\./shape/\|gw_fontset_[a-z]*(\|gw_font_advance\|gw_shape' src/load/*.c)
  [ -z "$hits" ] || { echo "$hits"; return 1; }
  hits=$(grep -n '#include' src/model.h | grep -v '<std\|"gw.h"')
  [ -z "$hits" ] || { echo "model.h: $hits"; return 1; }
}
check "library: load/ includes nothing of shape/, model.h no stage" lib_layers
