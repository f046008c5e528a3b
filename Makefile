# mtaaudit - audit MTA configuration from files
#
# make            build ./mtaaudit
# make example    install dependencies, build, audit examples/legacy-mx
# make test       unit tests, golden fixtures, corpus run; then the same
#                 under AddressSanitizer + UndefinedBehaviorSanitizer
# make install    PREFIX=/usr/local DESTDIR=
# make asan       sanitizer build only (build/asan/mtaaudit)

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
PKG_CONFIG ?= pkg-config

VERSION	 = 0.1.0
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
CFLAGS	?= -O2 -g
XCFLAGS	 = -std=c11 -D_GNU_SOURCE -DMTAAUDIT_VERSION='"$(VERSION)"' $(WARN) \
	   -Iaudit -Iparsers -Ichecks -Ireport
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIBSRC	 = $(sort $(filter-out audit/main.c, $(wildcard audit/*.c parsers/*.c checks/*.c report/*.c)))
HDRS	 = $(wildcard audit/*.h parsers/*.h checks/*.h report/*.h parsers/*.def)
UNITSRC	 = $(sort $(wildcard tests/unit/test_*.c))
UNITHELP = $(filter-out $(UNITSRC), $(wildcard tests/unit/*.c))

B	 = build
LIBOBJ	 = $(LIBSRC:%.c=$(B)/%.o)
UNITBIN	 = $(UNITSRC:tests/unit/%.c=$(B)/tests/%)

all: mtaaudit

mtaaudit: $(B)/mtaaudit
	cp $(B)/mtaaudit $@

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(XCFLAGS) $(CFLAGS) $(EXTRA) -c -o $@ $<

$(B)/libmtaaudit.a: $(LIBOBJ)
	@rm -f $@
	@ar rcs $@ $(LIBOBJ)

$(B)/mtaaudit: $(B)/audit/main.o $(B)/libmtaaudit.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(EXTRA) -o $@ $(B)/audit/main.o $(B)/libmtaaudit.a $(LDFLAGS)

# unit tests link the shared test helpers (tests/unit/*.c that are no test_*)
$(B)/tests/%: tests/unit/%.c $(UNITHELP) $(B)/libmtaaudit.a $(HDRS) tests/unit/*.h
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@$(CC) $(XCFLAGS) -Itests/unit $(CMOCKA_CFLAGS) $(CFLAGS) $(EXTRA) -o $@ \
	    $< $(UNITHELP) $(B)/libmtaaudit.a $(CMOCKA_LIBS) $(LDFLAGS)

units: $(UNITBIN)

deps:
	sh scripts/deps.sh

# example: exit status 1 means "findings at or above --fail-on": expected here
example: deps
	@$(MAKE) -s all
	./mtaaudit audit --root examples/legacy-mx || [ $$? -eq 1 ]

# check: one run of every test against the build in $(B)
check: $(B)/mtaaudit units
	sh tests/run.sh $(B)

asan:
	$(MAKE) B=build/asan EXTRA="$(SAN)" CFLAGS="-O1 -g" build/asan/mtaaudit units

test: deps
	$(MAKE) check-all

check-all:
	@$(MAKE) -s all units >/dev/null
	@$(MAKE) -s asan >/dev/null
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh tests/run.sh build build/asan

install: mtaaudit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 mtaaudit $(DESTDIR)$(BINDIR)/mtaaudit
	install -m 644 man/mtaaudit.1 $(DESTDIR)$(MANDIR)/man1/mtaaudit.1

clean:
	rm -rf build mtaaudit

.PHONY: all units deps example check asan test check-all install clean
