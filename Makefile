# trustwalk build. Plain `make` builds ./trustwalk; see README.md for the
# rest. Knobs: WARN (warnings), OPT (optimisation), SANITIZER (extra
# compiler flags for a sanitizer build), CC.

CC	?= cc
PKGS	 = ncursesw sqlite3 libcjson libcurl igraph yaml-0.1 libcrypto zlib
WARN	 = -Wall -Wextra -Wformat=2 -Wshadow -Wwrite-strings \
	   -Wstrict-prototypes -Wmissing-prototypes -Werror
OPT	 = -O2 -g
SANITIZER =
BUILD	 = build

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CPPFLAGS += -D_GNU_SOURCE -Igraph -Iimporters -Itui -Iviews
CFLAGS	 += -std=c11 -pthread $(WARN) $(OPT) $(SANITIZER) $(PKG_CFLAGS) -MMD -MP
LDLIBS	 += $(PKG_LIBS) -lm -pthread

# Where make install puts things; DESTDIR is prepended for packaging.
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man/man1
DATADIR	 = $(PREFIX)/share/trustwalk

LIB_SRCS := $(wildcard graph/*.c importers/*.c views/*.c) \
	    $(filter-out tui/main.c,$(wildcard tui/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/made/theme_text.o
THEMES	 := $(wildcard themes/*.theme)
MAIN_OBJ := $(BUILD)/tui/main.o
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# The estate generator (samples/gen) and the benchmark's harness
# (tests/bench), built by check and bench.
GEN_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard samples/gen/*.c))
BENCH_BIN := $(BUILD)/tests/twbench

# Fuzz targets (see tests/fuzz/fuzz.h): one per tests/fuzz/fuzz_NAME.c,
# and one per importer named in FUZZ_IMPORTERS, built from
# tests/fuzz/fuzz_import.c. A new importer adds one line:
#	FUZZ_IMPORTERS += NAME
FUZZ_IMPORTERS	 = opengraph
FUZZ_IMPORTERS	+= aws-authz
FUZZ_IMPORTERS	+= aws-credential-report
FUZZ_IMPORTERS	+= k8s
FUZZ_IMPORTERS	+= gcp
FUZZ_IMPORTERS	+= entra-graph
FUZZ_IMPORTERS	+= github-rest
FUZZ_IMPORTERS	+= roadrecon
FUZZ_IMPORTERS	+= cloudtrail
FUZZ_IMPORTERS	+= access-analyzer
FUZZ_IMPORTERS	+= k8s-audit
FUZZ_IMPORTERS	+= github-audit
FUZZ_IMPORTERS	+= entra-signin
FUZZ_SECONDS	?= 60
FUZZ_RUNS	?=
FUZZ_OWN	:= $(filter-out import,$(patsubst tests/fuzz/fuzz_%.c,%, \
		    $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS	 = $(FUZZ_OWN) $(FUZZ_IMPORTERS)
FUZZ_BINS	 = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
# The fuzz programs get main() from replay.c, which replays saved inputs
# in `make check`, or from libFuzzer in build-fuzz/.
FUZZ_MAIN	 = tests/fuzz/replay.c
FUZZ_LDFLAGS	 =
FUZZ_SANITIZER	 = -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps run check unit asan fuzz fuzz-build bench clean distclean \
	install uninstall

all: trustwalk

trustwalk: $(BUILD)/trustwalk
	cp $< $@.new && mv -f $@.new $@

$(BUILD)/trustwalk: $(MAIN_OBJ) $(BUILD)/libtw.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libtw.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The themes of themes/ compiled in as text (tui/theme_text.h), so that
# a copy of the binary has them; theme files are for custom themes.
$(BUILD)/made/theme_text.c: $(THEMES) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* Made by the Makefile from the files in themes/. */'; \
	  echo '#include <stddef.h>'; echo '#include "theme_text.h"'; \
	  echo 'const struct theme_text theme_texts[] = {'; \
	  for f in $(THEMES); do \
		n=$${f##*/}; echo "	{ \"$${n%.theme}\","; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
		    -e 's/^/	    "/' -e 's/$$/\\n"/' "$$f"; \
		echo '	},'; \
	  done; \
	  echo '	{ NULL, NULL }'; echo '};'; } >$@.new && mv -f $@.new $@

$(BUILD)/made/%.o: $(BUILD)/made/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tui/theme.o: CPPFLAGS += -DTW_DATADIR='"$(DATADIR)"'

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/testgraph.h \
    $(BUILD)/libtw.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(BUILD)/libtw.a \
	    $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_MAIN) \
    $(BUILD)/libtw.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(FUZZ_LDFLAGS) -o $@ $< \
	    $(FUZZ_MAIN) $(BUILD)/libtw.a $(LDLIBS)

$(BUILD)/gen: $(GEN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ -lm

$(BENCH_BIN): tests/bench/twbench.c $(BUILD)/libtw.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libtw.a $(LDLIBS)

define FUZZ_IMPORTER_RULE
$$(BUILD)/fuzz/$(1): tests/fuzz/fuzz_import.c tests/fuzz/fuzz.h \
    $$(FUZZ_MAIN) $$(BUILD)/libtw.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) -Itests/fuzz $$(CFLAGS) $$(FUZZ_LDFLAGS) \
	    -DFUZZ_IMPORTER='"$(1)"' -o $$@ $$< $$(FUZZ_MAIN) \
	    $$(BUILD)/libtw.a $$(LDLIBS)
endef
$(foreach i,$(FUZZ_IMPORTERS),$(eval $(call FUZZ_IMPORTER_RULE,$(i))))

# The Debian packages the build, tests and benchmarks need. As root, deps
# installs the missing ones; otherwise it prints the command to run.
DEB_PKGS = gcc make pkg-config libncurses-dev libsqlite3-dev libcjson-dev \
	   libcurl4-openssl-dev libigraph-dev libyaml-dev libcmocka-dev \
	   libssl-dev zlib1g-dev clang libclang-rt-14-dev valgrind tmux \
	   sqlite3 openssl python3 python3-igraph python3-networkx graphviz \
	   time

deps:
	@missing=""; \
	for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		    grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
		echo "missing packages:$$missing" >&2; \
		echo "run as root: apt-get update &&" \
		    "apt-get install -y$$missing" >&2; \
		exit 1; \
	fi; \
	echo "installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update && apt-get install -y --no-install-recommends $$missing

# Import the bundled samples into a demo case and open the TUI on it. The
# estate of a month earlier goes in first, so that the TUI's D key shows
# what changed; the clock is the date the samples are written for.
DEMO_DB	 = $(BUILD)/demo.db
run: deps
	@$(MAKE) --no-print-directory all
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./trustwalk --db $(DEMO_DB) --now 2026-11-01 import samples/demo-earlier
	./trustwalk --db $(DEMO_DB) --now 2026-12-01 import samples/demo
	./trustwalk --db $(DEMO_DB) --now 2026-12-01

unit: $(TEST_BINS) $(FUZZ_BINS) $(BUILD)/gen $(BENCH_BIN)

# Every test, ending with one line "N passed, N failed".
# The builds of check run JOBS compilers at once (default: one per CPU).
JOBS	?= $(shell nproc 2>/dev/null || echo 1)
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all unit
	@$(MAKE) --no-print-directory -j$(JOBS) asan
	@sh tests/run.sh

# The same program and unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer, in build-asan/.
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang OPT='-O1 -g' \
	    SANITIZER='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    build-asan/trustwalk $(TEST_BINS:$(BUILD)/%=build-asan/%) \
	    $(FUZZ_BINS:$(BUILD)/%=build-asan/%)

# Run every fuzz target with libFuzzer for FUZZ_SECONDS each (or until
# FUZZ_RUNS executions, when set), starting from its seeds and regression
# inputs (tests/fuzz/run.sh). Crashes are saved in build-fuzz/crash/TARGET/
# and make this target fail.
fuzz: fuzz-build
	@FUZZ_RUNS=$(FUZZ_RUNS) sh tests/fuzz/run.sh $(FUZZ_SECONDS) \
	    $(FUZZ_TARGETS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O2 -g' \
	    SANITIZER='$(FUZZ_SANITIZER)' FUZZ_MAIN= \
	    FUZZ_LDFLAGS=-fsanitize=fuzzer $(FUZZ_TARGETS:%=build-fuzz/fuzz/%)

# The benchmark, not part of check. tests/bench/bench.sh (SIZE=S, the
# default, M or L) prints its tables beside its peers and rewrites its
# section of docs/benchmarks.md.
SIZE	?= S
bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(BUILD)/gen $(BENCH_BIN)
	@sh tests/bench/bench.sh $(SIZE)

# Install the program, its man page and the theme files (examples to copy
# for a custom theme; the built-in ones need no file).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
	    $(DESTDIR)$(DATADIR)/themes
	install -m 755 trustwalk $(DESTDIR)$(BINDIR)/trustwalk
	install -m 644 docs/trustwalk.1 $(DESTDIR)$(MANDIR)/trustwalk.1
	install -m 644 $(THEMES) $(DESTDIR)$(DATADIR)/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/trustwalk $(DESTDIR)$(MANDIR)/trustwalk.1
	rm -f $(THEMES:themes/%=$(DESTDIR)$(DATADIR)/themes/%)
	-rmdir $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz trustwalk

distclean: clean

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(GEN_OBJS:.o=.d)
