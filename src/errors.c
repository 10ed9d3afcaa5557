/*-------------------------------------------------------------------------
 *
 * errors.c
 *	  Turn parser results into PostgreSQL errors with a detail that names
 *	  the field at fault.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "mb/pg_wchar.h"

/*
 * describe_character --- detail line for the first character that is not an
 * ASCII digit, with its 1-based position counted in characters
 */
static char *
describe_character(const char *input, size_t length, size_t offset)
{
	int			position = pg_mbstrlen_with_len(input, (int) offset) + 1;
	unsigned char first = (unsigned char) input[offset];
	int			char_length;

	if (first < 0x20 || first == 0x7f)
		return psprintf("Character 0x%02X at position %d is not a digit.",
						first, position);
	if (first < 0x80)
		return psprintf("Character \"%c\" at position %d is not a digit.",
						first, position);

	/*
	 * A multibyte character: quote it whole, never reading past the end, and
	 * add its code point, because a no-break space or a full-width digit
	 * looks like an ordinary character in a message.
	 */
	char_length = pg_mblen(input + offset);
	if (offset + char_length > length)
		char_length = (int) (length - offset);
	if (GetDatabaseEncoding() == PG_UTF8 &&
		pg_utf8_islegal((const unsigned char *) input + offset, char_length))
		return psprintf("Character \"%.*s\" (U+%04X) at position %d is not "
						"an ASCII digit.", char_length, input + offset,
						utf8_to_unicode((const unsigned char *) input + offset),
						position);
	return psprintf("Character \"%.*s\" at position %d is not an ASCII digit.",
					char_length, input + offset, position);
}

/*
 * civid_describe_code --- detail line for an unassigned code in digits 1-3
 */
char *
civid_describe_code(int code)
{
	return psprintf("Code %03d in digits 1-3 is not an assigned province or "
					"country code.", code);
}

/*
 * civid_report_parse_error --- raise or save a 22P02 error for bad input
 *
 * Returns false after saving a soft error in escontext (PostgreSQL 16 and
 * later); otherwise does not return.  result must describe a failure.
 */
bool
civid_report_parse_error(const char *input, size_t length,
						 const CividParseResult *result,
						 const char *hint, Node *escontext)
{
	char	   *detail;

	switch (result->status)
	{
		case CIVID_PARSE_EMPTY:
			detail = pstrdup("The value is empty.");
			break;
		case CIVID_PARSE_BAD_CHARACTER:
			detail = describe_character(input, length, result->error_offset);
			break;
		case CIVID_PARSE_BAD_LENGTH:
			detail = psprintf("The value has %zu digits, not 12.",
							  result->digit_count);
			break;
		case CIVID_PARSE_UNASSIGNED_CODE:
			detail = civid_describe_code(result->code);
			break;
		default:
			elog(ERROR, "unexpected citizen ID parse status %d",
				 (int) result->status);
	}

	errsave(escontext,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.*s\"",
					"citizen_id", (int) length, input),
			 errdetail_internal("%s", detail),
			 errhint("%s", hint)));
	return false;
}
