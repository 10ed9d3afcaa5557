/*-------------------------------------------------------------------------
 *
 * civid.h
 *	  Declarations shared by the SQL-facing C files of civid.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_H
#define CIVID_H

#include "compat.h"

#include "fmgr.h"
#include "nodes/nodes.h"

#include "parse.h"

/* A citizen_id Datum is an int8 Datum: same width, by value, same bits. */
typedef int64 CitizenId;

#define DatumGetCitizenId(X)		DatumGetInt64(X)
#define CitizenIdGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_CITIZEN_ID(n)		DatumGetCitizenId(PG_GETARG_DATUM(n))
#define PG_RETURN_CITIZEN_ID(x)		return CitizenIdGetDatum(x)

/* Hint attached to every rejected text input */
#define CIVID_INPUT_HINT \
	"A citizen ID is 12 ASCII digits, such as 001099000123: a province code " \
	"(001-096) or country code (101-295), a century-and-sex digit, two " \
	"birth year digits and a six-digit serial."

/* errors.c */
extern bool civid_report_parse_error(const char *input, size_t length,
									 const CividParseResult *result,
									 const char *hint, Node *escontext);
extern char *civid_describe_code(int code);

/* names.c */
extern text *civid_name_to_text(const char *utf8_name, const char *ascii_name);

/* construct.c */
extern CitizenId civid_compose(int code, int female, int birth_year,
							   int serial);

/* fields.c */
extern int	civid_parse_sex(const char *value, int length);
extern int	civid_sex_from_string(const char *value, int length,
								  const char *field);
extern int	civid_sex_from_text(text *sex);
extern int	civid_code_from_text(text *code, const char *argument);

#endif							/* CIVID_H */
