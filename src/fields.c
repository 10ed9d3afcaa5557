/*-------------------------------------------------------------------------
 *
 * fields.c
 *	  Validation of the fields a citizen ID is built from: the province or
 *	  country code, the sex, the birth year and the serial.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "utils/builtins.h"

#include "code_table.h"

#define SEX_HINT "Use male, female, m, f, nam, n\xe1\xbb\xaf or nu, in any case."

/*
 * matches_ascii_word --- case-insensitive comparison with a lower-case word
 */
static bool
matches_ascii_word(const char *value, int length, const char *word)
{
	int			i;

	if (length != (int) strlen(word))
		return false;
	for (i = 0; i < length; i++)
	{
		char		c = value[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != word[i])
			return false;
	}
	return true;
}

/*
 * is_vietnamese_nu --- "nữ" (female) in UTF-8 in any case: precomposed, with
 * a combining tilde, or fully decomposed as macOS writes it
 */
static bool
is_vietnamese_nu(const char *value, int length)
{
	const unsigned char *s = (const unsigned char *) value;

	if (length < 1 || (s[0] != 'n' && s[0] != 'N'))
		return false;

	/* U+1EEF ữ or U+1EEE Ữ */
	if (length == 4 && s[1] == 0xE1 && s[2] == 0xBB &&
		(s[3] == 0xAF || s[3] == 0xAE))
		return true;

	/* U+01B0 ư or U+01AF Ư, then U+0303 combining tilde */
	if (length == 5 && s[1] == 0xC6 && (s[2] == 0xB0 || s[2] == 0xAF) &&
		s[3] == 0xCC && s[4] == 0x83)
		return true;

	/* Fully decomposed (NFD): u or U, U+031B combining horn, U+0303 */
	if (length == 6 && (s[1] == 'u' || s[1] == 'U') &&
		s[2] == 0xCC && s[3] == 0x9B && s[4] == 0xCC && s[5] == 0x83)
		return true;

	return false;
}

/*
 * civid_parse_sex --- 0 for male, 1 for female, -1 for any other spelling
 */
int
civid_parse_sex(const char *value, int length)
{
	if (matches_ascii_word(value, length, "male") ||
		matches_ascii_word(value, length, "m") ||
		matches_ascii_word(value, length, "nam"))
		return 0;

	if (matches_ascii_word(value, length, "female") ||
		matches_ascii_word(value, length, "f") ||
		matches_ascii_word(value, length, "nu") ||
		is_vietnamese_nu(value, length))
		return 1;

	return -1;
}

/*
 * civid_sex_from_string --- 0 for male, 1 for female; raises 22023 naming
 * the field otherwise
 */
int
civid_sex_from_string(const char *value, int length, const char *field)
{
	int			female = civid_parse_sex(value, length);

	if (female >= 0)
		return female;

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid sex for citizen_id: \"%.*s\"", length, value),
			 errdetail("Field \"%s\" must name male or female.", field),
			 errhint(SEX_HINT)));
	return -1;					/* not reached */
}

int
civid_sex_from_text(text *sex)
{
	return civid_sex_from_string(VARDATA_ANY(sex), VARSIZE_ANY_EXHDR(sex),
								 "sex");
}

/*
 * civid_code_from_text --- the code written as 1 to 3 ASCII digits
 *
 * Accepts "040" and "40" alike and returns 40.  Does not check that the code
 * is assigned.  argument names the SQL argument in the error.
 */
int
civid_code_from_text(text *code, const char *argument)
{
	const char *value = VARDATA_ANY(code);
	int			length = VARSIZE_ANY_EXHDR(code);
	int			result = 0;
	int			i;

	for (i = 0; i < length; i++)
	{
		if (value[i] < '0' || value[i] > '9')
			break;
		result = result * 10 + (value[i] - '0');
	}

	if (length == 0 || length > 3 || i < length)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s for citizen_id: \"%s\"",
						argument, text_to_cstring(code)),
				 errdetail("A code is one to three ASCII digits."),
				 errhint("Use a province code such as 001 or 040, or a "
						 "country code from 101 to 295.")));
	return result;
}
