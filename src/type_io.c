/*-------------------------------------------------------------------------
 *
 * type_io.c
 *	  Text and binary input and output of citizen_id, and the validated
 *	  cast from bigint.
 *
 * Every path into the type runs civid_check_value(), so no value outside
 * 0 to 999999999999 or with an unassigned code is ever stored.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "libpq/pqformat.h"

PG_FUNCTION_INFO_V1(citizen_id_in);
PG_FUNCTION_INFO_V1(citizen_id_out);
PG_FUNCTION_INFO_V1(citizen_id_recv);
PG_FUNCTION_INFO_V1(citizen_id_send);
PG_FUNCTION_INFO_V1(citizen_id_from_bigint);

/*
 * citizen_id_in --- text input: exactly 12 ASCII digits, assigned code
 *
 * Reports a soft error when called with an error-saving context, so
 * pg_input_is_valid() works on PostgreSQL 16 and later.
 */
Datum
citizen_id_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	size_t		length = strlen(input);
	CividParseResult result;

	if (civid_parse_strict(input, length, &result) != CIVID_PARSE_OK)
	{
		civid_report_parse_error(input, length, &result, CIVID_INPUT_HINT,
								 fcinfo->context);
		PG_RETURN_NULL();
	}

	PG_RETURN_CITIZEN_ID(result.value);
}

/*
 * citizen_id_out --- the 12 digits, with leading zeros
 */
Datum
citizen_id_out(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	char	   *buffer = palloc(CIVID_DIGITS + 1);

	civid_format(id, buffer);
	PG_RETURN_CSTRING(buffer);
}

/*
 * report_invalid_value --- raise for a stored or external integer value
 * that is not a valid ID, with the given SQLSTATE
 */
static void
report_invalid_value(int64 value, const CividParseResult *result,
					 int sqlstate, const char *source)
{
	if (result->status == CIVID_PARSE_UNASSIGNED_CODE)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid %s for type citizen_id: " INT64_FORMAT,
						source, value),
				 errdetail_internal("%s", civid_describe_code(result->code)),
				 errhint("%s", CIVID_INPUT_HINT)));

	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s for type citizen_id: " INT64_FORMAT,
					source, value),
			 errdetail("A citizen ID is an integer from 0 to 999999999999."),
			 errhint("%s", CIVID_INPUT_HINT)));
}

/*
 * citizen_id_recv --- binary input: an 8-byte big-endian integer, validated
 * like text input but failing with 22P03
 */
Datum
citizen_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buffer = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = pq_getmsgint64(buffer);
	CividParseResult result;

	if (civid_check_value(value, &result) != CIVID_PARSE_OK)
		report_invalid_value(value, &result,
							 ERRCODE_INVALID_BINARY_REPRESENTATION,
							 "binary value");

	PG_RETURN_CITIZEN_ID(value);
}

/*
 * citizen_id_send --- binary output, the same bytes as int8send
 */
Datum
citizen_id_send(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	StringInfoData buffer;

	pq_begintypsend(&buffer);
	pq_sendint64(&buffer, id);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buffer));
}

/*
 * citizen_id_from_bigint --- the explicit cast bigint -> citizen_id
 *
 * A value outside 0 to 999999999999 fails with 22003; an unassigned code
 * with 22P02, the same SQLSTATE as text input.
 */
Datum
citizen_id_from_bigint(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	CividParseResult result;

	switch (civid_check_value(value, &result))
	{
		case CIVID_PARSE_OK:
			break;
		case CIVID_PARSE_UNASSIGNED_CODE:
			report_invalid_value(value, &result,
								 ERRCODE_INVALID_TEXT_REPRESENTATION,
								 "bigint value");
			break;
		default:
			report_invalid_value(value, &result,
								 ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
								 "bigint value");
	}

	PG_RETURN_CITIZEN_ID(value);
}
