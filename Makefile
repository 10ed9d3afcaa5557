# civid: PostgreSQL extension for Vietnam's personal identification number

MODULE_big = civid
OBJS = \
	src/module.o \
	src/parse.o \
	src/code_table.o \
	src/code_table_data.o \
	src/errors.o \
	src/names.o \
	src/fields.o \
	src/type_io.o \
	src/decode.o \
	src/construct.o \
	src/code_list.o \
	src/fold.o \
	src/fold_table_data.o \
	src/place.o \
	src/agreement.o \
	src/registry.o \
	src/issue.o \
	src/trigger.o \
	src/prefix.o \
	src/quality.o

SHLIB_LINK += -Wl,--version-script=$(srcdir)/src/exports.map

EXTENSION = civid
DATA = $(sort $(wildcard civid--*.sql))
DOCS = README.md

REGRESS = civid_input civid_decode civid_ops civid_prefix
ISOLATION = issue_concurrent

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# ---------------------------------------------------------------------------
# Checks of the pure C code without PostgreSQL, and a sanitizer build.
#
#   make fuzz                      build the libFuzzer target fuzz/fuzz_parse
#   make fuzz-run FUZZ_SECONDS=N   run it for N seconds (default 60)
#   make unit                      build and run test/unit/test_parse
#   make SANITIZE=1                build civid.so with ASan and UBSan
#
# See fuzz/README.md.  The pure C files include no PostgreSQL header.

PURE_C_SOURCES = src/parse.c src/code_table.c src/code_table_data.c \
	src/fold.c src/fold_table_data.c src/place.c
PURE_C_HEADERS = src/parse.h src/code_table.h src/fold.h src/place.h

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

fuzz: fuzz/fuzz_parse

fuzz/fuzz_parse: fuzz/fuzz_parse.c $(PURE_C_SOURCES) $(PURE_C_HEADERS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Isrc -o $@ fuzz/fuzz_parse.c $(PURE_C_SOURCES)

# New inputs go to fuzz/corpus-generated, so fuzz/corpus keeps only the
# seeds under version control.  Crashes are saved as fuzz/artifacts/crash-*.
fuzz-run: fuzz/fuzz_parse
	mkdir -p fuzz/corpus-generated fuzz/artifacts
	fuzz/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-dict=fuzz/civid.dict -artifact_prefix=fuzz/artifacts/ \
		fuzz/corpus-generated fuzz/corpus

UNIT_CC ?= gcc
UNIT_FLAGS = -std=c11 -g -O0 -Wall -Wextra -Werror

test/unit/test_parse: test/unit/test_parse.c $(PURE_C_SOURCES) $(PURE_C_HEADERS)
	$(UNIT_CC) $(UNIT_FLAGS) -Isrc -o $@ test/unit/test_parse.c $(PURE_C_SOURCES)

unit: test/unit/test_parse
	test/unit/test_parse

fuzz-clean:
	rm -f fuzz/fuzz_parse test/unit/test_parse

clean: fuzz-clean

.PHONY: fuzz fuzz-run unit fuzz-clean

# SANITIZE=1 adds AddressSanitizer and UndefinedBehaviorSanitizer to the
# extension.  Run "make clean" first, because objects built without the
# flags are not rebuilt.  A server that loads such a civid.so needs libasan
# preloaded: fuzz/run_sanitized_suite.sh shows how.  The flags are appended
# here rather than through PG_CFLAGS, which pgxs.mk reads only before this
# point of the Makefile.
ifeq ($(SANITIZE),1)
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
override CFLAGS += $(SANITIZE_FLAGS)
SHLIB_LINK += $(SANITIZE_FLAGS)
endif
