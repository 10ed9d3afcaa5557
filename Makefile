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
