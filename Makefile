# wake: one plain Makefile.  Targets: all check demo bench install clean
# fuzz deps.  SANITIZE=1 builds with ASan+UBSan into build-san/; WERROR=1
# turns warnings into errors (CI).

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g
FUZZ_CC    ?= clang

# Debian packages needed to build and test (checked by `make deps`).
DEB_PKGS = gcc make pkg-config libpcre2-dev zlib1g-dev libarchive-dev libsodium-dev \
	   libcmocka-dev tzdata mandoc time gzip libxml2-utils
DEB_OPT  = libisal-dev
PC_MODS  = libpcre2-8 zlib libarchive libsodium

WARN = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wwrite-strings \
       -Wvla -Wundef
ifeq ($(WERROR),1)
WARN += -Werror
endif

ifeq ($(SANITIZE),1)
B = build-san
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=all
else
B ?= build
SAN =
endif

HAVE_ISAL := $(shell $(PKG_CONFIG) --exists libisal 2>/dev/null && echo 1)
PC_USE = $(PC_MODS) $(if $(HAVE_ISAL),libisal)
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PC_USE) 2>/dev/null)
DEP_LIBS   := $(shell $(PKG_CONFIG) --libs $(PC_USE) 2>/dev/null) -lpthread -lm

ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) $(CFLAGS) \
	     $(SAN) $(MOREFLAGS) -Iinclude -MMD -MP
LIB_CFLAGS = $(ALL_CFLAGS) -DWAKE_BUILDING_LIB -Ilib $(DEP_CFLAGS) \
	     $(if $(HAVE_ISAL),-DWAKE_HAVE_ISAL=1)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

LIB_SRC  = $(sort $(wildcard lib/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
LIBA     = $(B)/libwake.a
TOOLS    = $(sort $(patsubst tools/%.c,%,$(wildcard tools/wake*.c)))
TOOL_BIN = $(TOOLS:%=$(B)/bin/%)
CLI_OBJ  = $(B)/tools/cli.o
GEN_SRC  = $(sort $(wildcard samples/gen/*.c))
GEN_BIN  = $(B)/bin/wake-gen
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/replay_%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
MANS     = $(sort $(wildcard man/*.[1-8]))

.SECONDARY:

.PHONY: all check check-run demo demo-run bench eval install clean fuzz deps \
	tests

all: $(LIBA) $(TOOL_BIN) $(if $(GEN_SRC),$(GEN_BIN))

tests: all $(UNIT_BIN) $(REPLAY_BIN)

$(B)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/bin/%: $(B)/tools/%.o $(CLI_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(CLI_OBJ) $(LIBA) $(DEP_LIBS)

$(GEN_BIN): $(GEN_SRC:%.c=$(B)/%.o) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(GEN_SRC:%.c=$(B)/%.o) $(LIBA) $(DEP_LIBS)

$(B)/samples/gen/%.o: samples/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Unit tests: cmocka; the test list is every "TEST(name)" line.
$(B)/tests/%_main.c: tests/unit/%.c tests/unit/mkmain.sh
	@mkdir -p $(@D)
	sh tests/unit/mkmain.sh $< > $@

$(B)/tests/test_%: tests/unit/test_%.c $(B)/tests/test_%_main.c $(LIBA)
	$(CC) $(LIB_CFLAGS) -Itests/unit $(LDFLAGS_ALL) -o $@ \
	    $(B)/tests/test_$*_main.c $(LIBA) $(DEP_LIBS) \
	    $$($(PKG_CONFIG) --libs cmocka)

# Fuzz targets: replayed over their seeds by `make check`; fuzzed by
# libFuzzer with `make fuzz`.
$(B)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(LDFLAGS_ALL) -o $@ $< tests/fuzz/replay.c \
	    $(LIBA) $(DEP_LIBS)

# The library is compiled once for all the fuzz targets (without the
# built-in rules, which no target needs).
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 \
	    -fsanitize=fuzzer-no-link,address,undefined -DWAKE_BUILDING_LIB \
	    -Iinclude -Ilib $(DEP_CFLAGS) $(if $(HAVE_ISAL),-DWAKE_HAVE_ISAL=1)
FUZZ_OBJ = $(LIB_SRC:lib/%.c=build-fuzz/lib/%.o)

fuzz: $(FUZZ_BIN)
build-fuzz/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/libwake.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libwake.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    build-fuzz/libwake.a $(DEP_LIBS)

deps:
	@sh tests/deps.sh "$(DEB_PKGS)" "$(DEB_OPT)" "$(PC_MODS) cmocka"

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: tests
	@sh tests/run.sh $(B)

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@sh samples/demo.sh $(B)

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench.sh $(B)

# Template-mining accuracy (GA/PA) on the Loghub-2k corpus.
eval: deps
	@$(MAKE) --no-print-directory all
	@sh tests/eval.sh $(B)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR)/wake $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOL_BIN) $(DESTDIR)$(BINDIR)
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)
	install -m 644 include/wake/*.h $(DESTDIR)$(INCLUDEDIR)/wake
	for m in $(MANS); do \
	    s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|'"$$(sed -n \
	    's/^#define WAKE_VERSION "\(.*\)"/\1/p' include/wake/wake.h)"'|' \
	    -e 's|@REQUIRES@|$(PC_USE)|' lib/wake.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/wake.pc

# ---- rules: rules/default.rules built into libwake (lib/rules.c) ----
$(B)/gen/default_rules.h: rules/default.rules lib/embed.sh
	@mkdir -p $(@D)
	sh lib/embed.sh rules/default.rules > $@.tmp && mv $@.tmp $@
$(B)/lib/rules.o: $(B)/gen/default_rules.h
$(B)/lib/rules.o: LIB_CFLAGS += -I$(B)/gen -DWAKE_EMBED_RULES=1
install: install-rules
install-rules: all
	install -d $(DESTDIR)$(PREFIX)/share/wake
	install -m 644 rules/default.rules $(DESTDIR)$(PREFIX)/share/wake
.PHONY: install-rules
# ---- end of rules ----

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
