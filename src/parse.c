/*-------------------------------------------------------------------------
 *
 * parse.c
 *	  Strict and lenient parsers for citizen IDs, and the formatter.
 *
 * The strict parser is the type's input function: exactly 12 ASCII digits
 * and an assigned code.  The lenient parser first trims surrounding
 * whitespace and drops spaces, hyphens and dots that stand between two
 * digits, then applies the same rules.  Neither allocates memory or depends
 * on the locale, so only the bytes '0'-'9' ever count as digits.
 *
 *-------------------------------------------------------------------------
 */
#include "parse.h"

#include "code_table.h"

static bool
is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static bool
is_separator(char c)
{
	return c == ' ' || c == '-' || c == '.';
}

static CividParseStatus
fail(CividParseResult *result, CividParseStatus status)
{
	result->status = status;
	return status;
}

/*
 * civid_check_value --- check that a stored value is a valid ID
 *
 * Rejects values outside 0 to 999999999999 as CIVID_PARSE_BAD_LENGTH and
 * values whose code is unassigned as CIVID_PARSE_UNASSIGNED_CODE.
 */
CividParseStatus
civid_check_value(int64_t value, CividParseResult *result)
{
	result->value = value;
	result->error_offset = 0;
	result->digit_count = CIVID_DIGITS;
	result->code = -1;

	if (value < 0 || value > CIVID_MAX_VALUE)
		return fail(result, CIVID_PARSE_BAD_LENGTH);

	result->code = civid_code_of(value);
	if (!civid_code_is_assigned(result->code))
		return fail(result, CIVID_PARSE_UNASSIGNED_CODE);

	return fail(result, CIVID_PARSE_OK);
}

/*
 * civid_parse_strict --- parse exactly 12 ASCII digits with an assigned code
 *
 * The input need not be NUL-terminated.  On failure, result->error_offset
 * is the byte offset of the first non-digit, result->digit_count the number
 * of digits for a wrong length, and result->code the unassigned code.
 */
CividParseStatus
civid_parse_strict(const char *input, size_t length, CividParseResult *result)
{
	int64_t		value = 0;
	size_t		i;

	result->value = 0;
	result->error_offset = 0;
	result->digit_count = 0;
	result->code = -1;

	if (length == 0)
		return fail(result, CIVID_PARSE_EMPTY);

	for (i = 0; i < length; i++)
	{
		if (!is_ascii_digit(input[i]))
		{
			result->error_offset = i;
			return fail(result, CIVID_PARSE_BAD_CHARACTER);
		}
	}

	result->digit_count = length;
	if (length != CIVID_DIGITS)
		return fail(result, CIVID_PARSE_BAD_LENGTH);

	for (i = 0; i < length; i++)
		value = value * 10 + (input[i] - '0');

	return civid_check_value(value, result);
}

/*
 * civid_parse_lenient --- parse an ID typed or pasted by a person
 *
 * Surrounding ASCII whitespace is ignored.  Between two digits, any run of
 * spaces, hyphens and dots is dropped, so "001 099 000 123" and
 * "001-099-000.123" parse; a separator anywhere else is a bad character.
 */
CividParseStatus
civid_parse_lenient(const char *input, size_t length, CividParseResult *result)
{
	size_t		start = 0;
	size_t		end = length;
	size_t		digits = 0;
	int64_t		value = 0;
	size_t		i;

	result->value = 0;
	result->error_offset = 0;
	result->digit_count = 0;
	result->code = -1;

	while (start < end && is_ascii_space(input[start]))
		start++;
	while (end > start && is_ascii_space(input[end - 1]))
		end--;

	if (start == end)
		return fail(result, CIVID_PARSE_EMPTY);

	for (i = start; i < end; i++)
	{
		char		c = input[i];

		if (is_ascii_digit(c))
		{
			/* Saturate: any count past 12 is reported as a length error */
			if (digits < CIVID_DIGITS)
				value = value * 10 + (c - '0');
			digits++;
			continue;
		}

		if (is_separator(c) && i > start && is_ascii_digit(input[i - 1]))
		{
			size_t		next = i;

			while (next < end && is_separator(input[next]))
				next++;
			if (next < end && is_ascii_digit(input[next]))
			{
				i = next - 1;
				continue;
			}
		}

		result->error_offset = i;
		return fail(result, CIVID_PARSE_BAD_CHARACTER);
	}

	result->digit_count = digits;
	if (digits != CIVID_DIGITS)
		return fail(result, CIVID_PARSE_BAD_LENGTH);

	return civid_check_value(value, result);
}

/*
 * write_six_digits --- the value 0-999999 as six digits, two at a time
 *
 * 32-bit arithmetic and a table of digit pairs make the output function
 * about as cheap as int8's, which matters for COPY TO and sorts that print.
 */
static void
write_six_digits(uint32_t value, char *out)
{
	static const char pairs[201] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	int			i;

	for (i = 4; i >= 0; i -= 2)
	{
		uint32_t	pair = value % 100;

		value /= 100;
		out[i] = pairs[2 * pair];
		out[i + 1] = pairs[2 * pair + 1];
	}
}

/*
 * civid_format --- write the 12 digits and a NUL into buffer
 *
 * The buffer must hold CIVID_DIGITS + 1 bytes and the value must be in
 * range; out-of-range values are clamped rather than overrunning.
 */
void
civid_format(int64_t value, char *buffer)
{
	if (value < 0)
		value = 0;
	if (value > CIVID_MAX_VALUE)
		value = CIVID_MAX_VALUE;

	write_six_digits((uint32_t) (value / CIVID_YEAR_DIVISOR), buffer);
	write_six_digits((uint32_t) (value % CIVID_YEAR_DIVISOR), buffer + 6);
	buffer[CIVID_DIGITS] = '\0';
}
