/*-------------------------------------------------------------------------
 *
 * construct.c
 *	  Building citizen IDs from fields, and checking or parsing text that
 *	  may not be a valid ID.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "utils/builtins.h"

#include "code_table.h"

#define FIRST_BIRTH_YEAR	1900
#define LAST_BIRTH_YEAR		2399
#define MAX_SERIAL			999999

PG_FUNCTION_INFO_V1(make_citizen_id);
PG_FUNCTION_INFO_V1(is_valid_citizen_id);
PG_FUNCTION_INFO_V1(to_citizen_id);

/*
 * civid_compose --- the ID with the given fields, which must be in range
 *
 * Digit 4 is 2 * (century - 19) for a male and one more for a female, so
 * 1900-1999 gives 0/1 and 2300-2399 gives 8/9.
 */
CitizenId
civid_compose(int code, int female, int birth_year, int serial)
{
	int			century_digit = 2 * ((birth_year - FIRST_BIRTH_YEAR) / 100) + female;
	int			year_digits = birth_year % 100;

	return (int64) code * CIVID_CODE_DIVISOR +
		(int64) century_digit * CIVID_CENTURY_DIVISOR +
		(int64) year_digits * CIVID_YEAR_DIVISOR + serial;
}

/*
 * make_citizen_id(province_code text, sex text, birth_year int,
 *				   serial_number int) --- build an ID from its fields
 *
 * Each field is validated and a bad one fails with 22023 naming it.
 */
Datum
make_citizen_id(PG_FUNCTION_ARGS)
{
	text	   *code_text = PG_GETARG_TEXT_PP(0);
	text	   *sex_text = PG_GETARG_TEXT_PP(1);
	int32		birth_year = PG_GETARG_INT32(2);
	int32		serial = PG_GETARG_INT32(3);
	int			code = civid_code_from_text(code_text, "province code");
	int			female = civid_sex_from_text(sex_text);

	if (!civid_code_is_assigned(code))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid province code for citizen_id: \"%s\"",
						text_to_cstring(code_text)),
				 errdetail_internal("%s", civid_describe_code(code)),
				 errhint("Use one of the codes listed by the view "
						 "citizen_id_codes.")));

	if (birth_year < FIRST_BIRTH_YEAR || birth_year > LAST_BIRTH_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid birth year for citizen_id: %d", birth_year),
				 errdetail("Field \"birth_year\" must be between %d and %d, "
						   "the years digit 4 can encode.",
						   FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR)));

	if (serial < 0 || serial > MAX_SERIAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid serial number for citizen_id: %d", serial),
				 errdetail("Field \"serial_number\" must be between 0 and %d, "
						   "the six digits 7-12.", MAX_SERIAL)));

	PG_RETURN_CITIZEN_ID(civid_compose(code, female, birth_year, serial));
}

/*
 * is_valid_citizen_id(text) --- whether the type's input accepts the text
 *
 * Raises no error for any text: the parser only reports a status.
 */
Datum
is_valid_citizen_id(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	CividParseResult result;

	PG_RETURN_BOOL(civid_parse_strict(VARDATA_ANY(input),
									  VARSIZE_ANY_EXHDR(input),
									  &result) == CIVID_PARSE_OK);
}

/*
 * to_citizen_id(text) --- lenient parser for data typed by people
 *
 * Trims surrounding whitespace and drops spaces, hyphens and dots between
 * digits, then validates like the type's input and fails with 22P02.
 */
Datum
to_citizen_id(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *data = VARDATA_ANY(input);
	size_t		length = VARSIZE_ANY_EXHDR(input);
	CividParseResult result;

	if (civid_parse_lenient(data, length, &result) != CIVID_PARSE_OK)
		civid_report_parse_error(data, length, &result,
								 "Write 12 digits, optionally grouped by "
								 "spaces, hyphens or dots, such as "
								 "001-099-000-123.",
								 NULL);

	PG_RETURN_CITIZEN_ID(result.value);
}
