# gongwen: build, test, demo, bench.
#
#   make          build build/gongwen (installs missing Debian packages first)
#   make demo     render samples/annual-report-2020.json to out/ and print the PDF's path
#   make test     the whole suite; ends with "N passed, N failed"
#   make asan     the whole suite against an AddressSanitizer + UBSan build
#   make fuzz     every fuzz target built with clang's libFuzzer (build/fuzz/), each run for
#                 FUZZ_SECONDS (60) on a copy of its corpus; FUZZ_TARGETS="struct render" chooses
#   make bench    median wall time and peak memory of rendering the sample
#   make profile  where the time of rendering the 50x sample goes (perf)
#   make format   clang-format every C file
#   make install PREFIX=/usr/local   the library (include/gongwen.h, libgongwen.so.0 and .a,
#                 gongwen.pc), the gongwen binary, its man page, the layouts and the fonts
#                 (docs/library.md)
#   make man      build/release/gongwen.1, the man page generated from gongwen --help
#   make golden-update   rewrite tests/golden/*.trace after an intended layout change
#   make docs-png        rewrite docs/sample-page1.png (page 1 of the sample, in the README) and
#                        docs/samples/NAME-first.png, NAME-last.png (the six 公文 samples)

build ?= release
OUT   := build/$(build)
BIN   := $(OUT)/gongwen
# CLIPKGS: used by commands only (serve, worker), never by libgongwen: not in gongwen.pc's
# Requires.private, and dropped from libgongwen.so by --as-needed
CLIPKGS := libmicrohttpd hiredis
PKGS  := freetype2 harfbuzz harfbuzz-subset libcjson icu-uc libcrypto libpng zlib $(CLIPKGS)

WARN   := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
          -Wundef -Wno-unused-parameter -Werror=implicit-function-declaration
# Recursive (=) on purpose: pkg-config must run after scripts/install-deps.sh has installed
# the libraries, i.e. when a recipe runs, not when a fresh machine first reads this file.
# -fPIC: the same objects make the binary and libgongwen.so (make install).
CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -fPIC -Iinclude \
          $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
          -DGW_FONT_DIR='"$(CURDIR)/fonts"' -DGW_LAYOUT_DIR='"$(CURDIR)/layouts"' $(XCFLAGS)
# The command-only libraries are loaded with dlopen by the command that needs them
# (src/serve/mhd.c, src/worker/redis.c), not linked: linked, libmicrohttpd pulled in gnutls
# and ten more shared objects that every render mapped and relocated (~5 ms of its start,
# issue 14). Their sonames are read here from the libraries the linker would take.
soname  = $(shell objdump -p $$($(CC) -print-file-name=$(1).so) 2>/dev/null \
            | awk '$$1 == "SONAME" {print $$2}')
CFLAGS += -DGW_MHD_SONAME='"$(call soname,libmicrohttpd)"' \
          -DGW_HIREDIS_SONAME='"$(call soname,libhiredis)"'
# -O1: smaller hash tables for the dynamic loader; --as-needed: no DT_NEEDED for a library
# the binary does not call
LDLIBS  = -Wl,-O1,--as-needed -lhpdf $(shell pkg-config --libs $(filter-out $(CLIPKGS),$(PKGS)) 2>/dev/null) \
          -lm -pthread $(XLIBS)
ifeq ($(build),release)
  CFLAGS += -O2 -g
else ifeq ($(build),asan)
  CFLAGS += -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDLIBS += -fsanitize=address,undefined
else
  CFLAGS += -O0 -g
endif

SRC      := $(wildcard src/*.c src/*/*.c)
LIBOBJ   := $(patsubst %.c,$(OUT)/%.o,$(filter-out src/main.c,$(SRC)))
UNITSRC  := $(wildcard tests/unit/test_*.c)
UNITBIN  := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNITSRC))
TOOLSRC  := $(wildcard tests/tools/*.c)
TOOLBIN  := $(patsubst tests/tools/%.c,$(OUT)/tools/%,$(TOOLSRC))
FUZZSRC  := $(filter-out tests/fuzz/fuzz_main.c,$(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN  := $(patsubst tests/fuzz/fuzz_%.c,$(OUT)/fuzz/replay_%,$(FUZZSRC))
DEPS_OK  := build/.deps-ok

.PHONY: all deps demo test golden-update docs-png asan bench format clean fuzz fuzz-build install man
all: $(BIN)

# The one install step: Debian packages and the Fandol fonts (scripts/install-deps.sh).
$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p build
	@bash scripts/install-deps.sh
	@touch $@
deps: $(DEPS_OK)

$(BIN): $(OUT)/src/main.o $(LIBOBJ)
	$(CC) -o $@ $^ $(LDLIBS)

# $(OUT)/cflags holds the flags the objects were compiled with: when they change (a new
# warning, -fPIC, a package's flags), every object is compiled again.
ifneq ($(wildcard $(DEPS_OK)),)
ifneq ($(file <$(OUT)/cflags),$(CFLAGS))
$(shell mkdir -p $(OUT))
$(file >$(OUT)/cflags,$(CFLAGS))
endif
endif
$(OUT)/cflags:
	@mkdir -p $(dir $@) && touch $@

$(OUT)/%.o: %.c $(OUT)/cflags | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/tests/%: tests/unit/%.c $(LIBOBJ) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDLIBS)

# Fuzz targets linked with a corpus replayer (tests/fuzz/fuzz_main.c); `make test` replays
# tests/fuzz/corpus/NAME/. For libFuzzer itself see tests/fuzz/README.md.
$(OUT)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_main.c $(LIBOBJ) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< tests/fuzz/fuzz_main.c $(LIBOBJ) $(LDLIBS)

$(FUZZBIN): tests/fuzz/fuzz_common.h tests/fuzz/gen_doc.h

# The seeded random test of structured documents: fuzz_struct.c fed from a PRNG.
$(OUT)/fuzz/struct_random: tests/fuzz/struct_random.c tests/fuzz/fuzz_struct.c \
                           tests/fuzz/gen_doc.h $(LIBOBJ) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ tests/fuzz/struct_random.c tests/fuzz/fuzz_struct.c $(LIBOBJ) $(LDLIBS)

$(OUT)/tools/%: tests/tools/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LDLIBS)

# (not those of the baseline builds under build/baseline-*/, tests/tools/baseline.sh: another
# commit's tree whose dependency lists name the same relative paths)
-include $(shell find build -path 'build/baseline-*' -prune -o -type f -name '*.d' -print 2>/dev/null)

demo: $(BIN)
	@mkdir -p out
	@$(BIN) render samples/annual-report-2020.json -o out/annual-report-2020.pdf
	@echo "$(CURDIR)/out/annual-report-2020.pdf"

test: $(BIN) $(UNITBIN) $(TOOLBIN) $(FUZZBIN) $(OUT)/fuzz/struct_random
	@GW_BUILD=$(OUT) bash tests/run.sh

# Rewrites the golden traces after an intended layout change; review `git diff tests/golden`.
golden-update: $(BIN)
	$(BIN) render samples/annual-report-2020.json -o /dev/null --trace tests/golden/annual-report-2020.trace
	$(BIN) render tests/cases/special.json -o /dev/null --trace tests/golden/special.trace

# Page 1 of the sample as shown in the README, and the first and last pages of the six 公文
# samples (docs/samples/NAME-first.png, NAME-last.png); `make test` checks they are current.
DOC_SAMPLES = notice request joint-notice letter order minutes
docs-png: $(BIN)
	$(BIN) render samples/annual-report-2020.json -o build/docs-sample.pdf
	pdftoppm -r 60 -png -f 1 -l 1 -singlefile build/docs-sample.pdf docs/sample-page1
	@mkdir -p docs/samples
	@set -e; for n in $(DOC_SAMPLES); do \
	  if [ ! -f samples/$$n.json ]; then echo "docs-png: samples/$$n.json is missing" >&2; exit 1; fi; \
	  $(BIN) render samples/$$n.json -o build/docs-$$n.pdf; \
	  last=$$(pdfinfo build/docs-$$n.pdf | awk '/^Pages:/ { print $$2 }'); \
	  pdftoppm -r 60 -png -f 1 -l 1 -singlefile build/docs-$$n.pdf docs/samples/$$n-first; \
	  pdftoppm -r 60 -png -f $$last -l $$last -singlefile build/docs-$$n.pdf docs/samples/$$n-last; \
	  echo "docs/samples/$$n-first.png docs/samples/$$n-last.png"; \
	done

asan:
	@$(MAKE) --no-print-directory build=asan test

# libFuzzer (tests/fuzz/README.md): the library compiled with clang for coverage, ASan and UBSan
# into build/fuzz/obj/, each tests/fuzz/fuzz_NAME.c linked with libFuzzer's main into
# build/fuzz/fuzz_NAME; fuzz_pdfio and fuzz_sigcheck link only the sources `gongwen sign` reads
# and checks PDFs with.
FZ        := build/fuzz
FZ_CC     ?= clang
FZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FZ_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -g -O1 -fno-omit-frame-pointer $(FZ_SAN) \
             -fsanitize=fuzzer-no-link $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
             -DGW_FONT_DIR='"$(CURDIR)/fonts"' -DGW_LAYOUT_DIR='"$(CURDIR)/layouts"' -Isrc
FZ_LIBS    = -lhpdf $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
FZ_OBJ    := $(patsubst %.c,$(FZ)/obj/%.o,$(filter-out src/main.c,$(SRC)))
FZ_PDFIO  := $(patsubst %.c,$(FZ)/obj/%.o,src/sign/pdfio.c src/base/util.c src/base/utf8.c)
FZ_VERIFY := $(FZ_PDFIO) $(FZ)/obj/src/sign/verify.o
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZSRC))
FUZZ_SECONDS ?= 60
FZ_BIN    := $(patsubst %,$(FZ)/fuzz_%,$(FUZZ_TARGETS))

$(FZ)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(FZ_CC) $(FZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/fuzz_pdfio: tests/fuzz/fuzz_pdfio.c $(FZ_PDFIO)
	$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lcrypto -lz

$(FZ)/fuzz_sigcheck: tests/fuzz/fuzz_sigcheck.c $(FZ_VERIFY)
	$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lcrypto -lz

$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h tests/fuzz/gen_doc.h $(FZ_OBJ)
	$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FZ_OBJ) $(FZ_LIBS)

# the objects are prerequisites of pattern rules only: keep them between runs
.SECONDARY: $(FZ_OBJ) $(FZ_VERIFY)

fuzz-build: $(FZ_BIN)

fuzz: fuzz-build
	@FUZZ_DIR=$(FZ) FUZZ_TARGETS="$(FUZZ_TARGETS)" FUZZ_SECONDS=$(FUZZ_SECONDS) \
	 bash tests/fuzz/libfuzzer.sh

# make install PREFIX=...: the library and the binary find their layouts and fonts in
# PREFIX/share/gongwen: src/base/dirs.c (the one file that names those folders) is compiled
# again with them into $(OUT)/install/dirs.o, which replaces the build's own in the installed
# libgongwen.so.0.1.0 (soname libgongwen.so.0; only the public gw_ names of gongwen.h are
# exported: libgongwen.map), libgongwen.a and gongwen. The fonts folder is copied as it is
# (fonts/README.md says where the fonts come from). DESTDIR is honoured.
PREFIX   ?= /usr/local
GW_SHARE  = $(PREFIX)/share/gongwen
LIBDIRS  := base break build lib load paginate paint resolve shape sign
CORESRC  := $(filter-out src/base/dirs.c,$(wildcard $(patsubst %,src/%/*.c,$(LIBDIRS))))
COREOBJ  := $(patsubst %.c,$(OUT)/%.o,$(CORESRC))
INST     := $(OUT)/install
SOVER    := 0.1.0

install: $(BIN) $(COREOBJ) | $(DEPS_OK)
	@mkdir -p $(INST)
	$(CC) $(filter-out -DGW_FONT_DIR=% -DGW_LAYOUT_DIR=%,$(CFLAGS)) \
	  -DGW_FONT_DIR='"$(GW_SHARE)/fonts"' -DGW_LAYOUT_DIR='"$(GW_SHARE)/layouts"' \
	  -c -o $(INST)/dirs.o src/base/dirs.c
	$(CC) -shared -Wl,-soname,libgongwen.so.0 -Wl,--version-script=libgongwen.map \
	  -o $(INST)/libgongwen.so.$(SOVER) $(COREOBJ) $(INST)/dirs.o -Wl,--as-needed $(LDLIBS)
	rm -f $(INST)/libgongwen.a && ar rcs $(INST)/libgongwen.a $(COREOBJ) $(INST)/dirs.o
	$(CC) -o $(INST)/gongwen $(OUT)/src/main.o \
	  $(filter-out $(OUT)/src/base/dirs.o,$(LIBOBJ)) $(INST)/dirs.o $(LDLIBS)
	python3 scripts/manpage.py $(BIN) $(PREFIX) > $(INST)/gongwen.1
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(SOVER)|' -e 's|@REQUIRES@|$(filter-out $(CLIPKGS),$(PKGS))|' \
	  gongwen.pc.in > $(INST)/gongwen.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(GW_SHARE)/layouts $(DESTDIR)$(GW_SHARE)/fonts \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(INST)/gongwen $(DESTDIR)$(PREFIX)/bin/gongwen
	install -m 644 include/gongwen.h $(DESTDIR)$(PREFIX)/include/gongwen.h
	install -m 755 $(INST)/libgongwen.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libgongwen.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/libgongwen.so.0
	ln -sf libgongwen.so.0 $(DESTDIR)$(PREFIX)/lib/libgongwen.so
	install -m 644 $(INST)/libgongwen.a $(DESTDIR)$(PREFIX)/lib/libgongwen.a
	install -m 644 $(INST)/gongwen.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/gongwen.pc
	install -m 644 layouts/*.json $(DESTDIR)$(GW_SHARE)/layouts/
	cp -R fonts/. $(DESTDIR)$(GW_SHARE)/fonts/
	install -m 644 $(INST)/gongwen.1 $(DESTDIR)$(PREFIX)/share/man/man1/gongwen.1

# The man page, generated from the binary's --help (scripts/manpage.py): $(OUT)/gongwen.1.
man: $(BIN)
	python3 scripts/manpage.py $(BIN) > $(OUT)/gongwen.1
	@echo $(OUT)/gongwen.1

bench: $(BIN)
	@GW_BUILD=$(OUT) bash tests/bench.sh

# Where a render's time goes: perf record of the 50x sample, top shared objects and symbols
# (tests/tools/profile.sh; PROFILE_DOC=x1 for the sample, PROFILE_LAYOUT=tests/bench/ttf.json).
.PHONY: profile
profile: $(BIN)
	@GW_BUILD=$(OUT) bash tests/tools/profile.sh

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h src/*.h tests/unit/*.h tests/fuzz/*.c) $(UNITSRC) $(TOOLSRC)

clean:
	rm -rf build/release build/debug build/asan build/fuzz out
