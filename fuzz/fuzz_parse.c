/*-------------------------------------------------------------------------
 *
 * fuzz_parse.c
 *	  libFuzzer target for the pure C parsing code of civid: the strict and
 *	  lenient parsers, the formatter, name folding and place resolution.
 *
 * Every input is given to all five functions, and the results are checked
 * against properties that hold for any input.  A violated property calls
 * abort(), which libFuzzer reports as a crash and saves as an artifact.
 * The checks use their own small models (for instance a linear scan of the
 * code tables) rather than the helpers under test wherever that is cheap.
 *
 * Built without PostgreSQL; see fuzz/README.md.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_table.h"
#include "fold.h"
#include "parse.h"
#include "place.h"

#define require(condition) \
	do { \
		if (!(condition)) \
			violation(#condition, __LINE__); \
	} while (0)

static void
violation(const char *condition, int line)
{
	fprintf(stderr, "fuzz_parse.c:%d: property violated: %s\n", line, condition);
	abort();
}

static bool
is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool
is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static bool
is_separator(uint8_t c)
{
	return c == ' ' || c == '-' || c == '.';
}

/*
 * Whether a code is assigned, found by scanning the tables rather than
 * through civid_domestic_position, which civid_code_is_assigned uses.
 */
static bool
model_code_assigned(int code)
{
	int			i;

	if (code < 0 || code > 999)
		return false;
	for (i = 0; i < civid_domestic_code_count; i++)
	{
		if (civid_domestic_codes[i].code == code)
			return true;
	}
	for (i = 0; i < civid_country_code_count; i++)
	{
		if (civid_country_codes[i].code == code)
			return true;
	}
	return civid_extra_codes[code];
}

static bool
model_value_valid(int64_t value)
{
	return value >= 0 && value <= CIVID_MAX_VALUE &&
		model_code_assigned((int) (value / CIVID_CODE_DIVISOR));
}

static bool
contains_non_ascii(const uint8_t *data, size_t size)
{
	size_t		i;

	for (i = 0; i < size; i++)
	{
		if (data[i] >= 0x80)
			return true;
	}
	return false;
}

/* Number of ASCII digits in data, and the value of the first 12 of them */
static size_t
ascii_digits(const uint8_t *data, size_t size, int64_t *value)
{
	size_t		count = 0;
	size_t		i;

	*value = 0;
	for (i = 0; i < size; i++)
	{
		if (!is_digit(data[i]))
			continue;
		if (count < CIVID_DIGITS)
			*value = *value * 10 + (data[i] - '0');
		count++;
	}
	return count;
}

/*
 * Status the strict parser must return: exactly 12 ASCII digits with an
 * assigned code.  *value gets the ID and *offset the first non-digit.
 */
static CividParseStatus
model_strict(const uint8_t *data, size_t size, int64_t *value, size_t *offset)
{
	size_t		i;

	*value = 0;
	*offset = 0;
	if (size == 0)
		return CIVID_PARSE_EMPTY;
	for (i = 0; i < size; i++)
	{
		if (!is_digit(data[i]))
		{
			*offset = i;
			return CIVID_PARSE_BAD_CHARACTER;
		}
	}
	if (size != CIVID_DIGITS)
		return CIVID_PARSE_BAD_LENGTH;
	ascii_digits(data, size, value);
	if (!model_value_valid(*value))
		return CIVID_PARSE_UNASSIGNED_CODE;
	return CIVID_PARSE_OK;
}

/*
 * Status the lenient parser must return.  After trimming ASCII whitespace,
 * an accepted input starts and ends with a digit and contains only digits,
 * spaces, hyphens and dots, so every separator run is between two digits.
 */
static CividParseStatus
model_lenient(const uint8_t *data, size_t size, size_t *start, size_t *end)
{
	int64_t		value;
	size_t		i;

	*start = 0;
	*end = size;
	while (*start < *end && is_space(data[*start]))
		(*start)++;
	while (*end > *start && is_space(data[*end - 1]))
		(*end)--;
	if (*start == *end)
		return CIVID_PARSE_EMPTY;

	if (!is_digit(data[*start]) || !is_digit(data[*end - 1]))
		return CIVID_PARSE_BAD_CHARACTER;
	for (i = *start; i < *end; i++)
	{
		if (!is_digit(data[i]) && !is_separator(data[i]))
			return CIVID_PARSE_BAD_CHARACTER;
	}
	if (ascii_digits(data, size, &value) != CIVID_DIGITS)
		return CIVID_PARSE_BAD_LENGTH;
	if (!model_value_valid(value))
		return CIVID_PARSE_UNASSIGNED_CODE;
	return CIVID_PARSE_OK;
}

/* Format into a buffer of exactly 13 bytes, so ASan detects any overrun */
static void
check_format(int64_t value, const char *expected)
{
	char	   *buffer = malloc(CIVID_DIGITS + 1);
	int			i;

	require(buffer != NULL);
	civid_format(value, buffer);
	for (i = 0; i < CIVID_DIGITS; i++)
		require(is_digit((uint8_t) buffer[i]));
	require(buffer[CIVID_DIGITS] == '\0');
	if (expected != NULL)
		require(memcmp(buffer, expected, CIVID_DIGITS) == 0);
	free(buffer);
}

static void
check_strict(const uint8_t *data, size_t size, CividParseResult *strict)
{
	int64_t		expected_value;
	size_t		expected_offset;
	CividParseStatus expected;
	CividParseStatus status;

	expected = model_strict(data, size, &expected_value, &expected_offset);
	status = civid_parse_strict((const char *) data, size, strict);
	require(status == strict->status);
	require(status == expected);

	if (contains_non_ascii(data, size))
		require(status != CIVID_PARSE_OK);

	switch (status)
	{
		case CIVID_PARSE_OK:
			require(size == CIVID_DIGITS);
			require(strict->value == expected_value);
			require(strict->value >= 0 && strict->value <= CIVID_MAX_VALUE);
			require(model_code_assigned(civid_code_of(strict->value)));
			/* Whatever strict accepts prints back byte-identically */
			check_format(strict->value, (const char *) data);
			break;
		case CIVID_PARSE_BAD_CHARACTER:
			require(strict->error_offset == expected_offset);
			require(strict->error_offset < size);
			break;
		case CIVID_PARSE_BAD_LENGTH:
			require(strict->digit_count == size);
			break;
		case CIVID_PARSE_UNASSIGNED_CODE:
			require(strict->code == (int) (expected_value / CIVID_CODE_DIVISOR));
			require(!model_code_assigned(strict->code));
			break;
		case CIVID_PARSE_EMPTY:
			break;
		default:
			require(!"unknown CividParseStatus");
	}
}

static void
check_lenient(const uint8_t *data, size_t size, const CividParseResult *strict)
{
	CividParseResult lenient;
	CividParseStatus expected;
	CividParseStatus status;
	int64_t		digits_value;
	size_t		digit_count;
	size_t		start;
	size_t		end;
	size_t		i;

	expected = model_lenient(data, size, &start, &end);
	status = civid_parse_lenient((const char *) data, size, &lenient);
	require(status == lenient.status);
	require(status == expected);
	digit_count = ascii_digits(data, size, &digits_value);

	/* The lenient parser accepts everything the strict one does */
	if (strict->status == CIVID_PARSE_OK)
	{
		require(status == CIVID_PARSE_OK);
		require(lenient.value == strict->value);
	}

	switch (status)
	{
		case CIVID_PARSE_OK:
			/* Only ASCII digits count, whatever else the input contains */
			require(!contains_non_ascii(data, size));
			require(digit_count == CIVID_DIGITS);
			require(lenient.value == digits_value);
			require(model_value_valid(lenient.value));
			check_format(lenient.value, NULL);
			break;
		case CIVID_PARSE_BAD_CHARACTER:
			require(lenient.error_offset >= start);
			require(lenient.error_offset < end);
			require(!is_digit(data[lenient.error_offset]));
			for (i = start; i < lenient.error_offset; i++)
				require(is_digit(data[i]) || is_separator(data[i]));
			break;
		case CIVID_PARSE_BAD_LENGTH:
			require(lenient.digit_count == digit_count);
			require(digit_count != CIVID_DIGITS);
			break;
		case CIVID_PARSE_UNASSIGNED_CODE:
			require(lenient.code == (int) (digits_value / CIVID_CODE_DIVISOR));
			require(!model_code_assigned(lenient.code));
			break;
		case CIVID_PARSE_EMPTY:
			break;
		default:
			require(!"unknown CividParseStatus");
	}
}

/*
 * Check civid_check_value and civid_format on the first 8 input bytes taken
 * as an int64_t, and that a formatted in-range value parses back to itself.
 */
static void
check_value_round_trip(const uint8_t *data, size_t size)
{
	CividParseResult checked;
	CividParseResult parsed;
	CividParseStatus status;
	char		text[CIVID_DIGITS + 1];
	int64_t		value;

	if (size < sizeof(value))
		return;
	memcpy(&value, data, sizeof(value));

	/* Also try the value modulo 10^12, which hits valid IDs more often */
	for (int attempt = 0; attempt < 2; attempt++)
	{
		if (attempt == 1)
			value = (int64_t) ((uint64_t) value % (uint64_t) (CIVID_MAX_VALUE + 1));

		status = civid_check_value(value, &checked);
		require(status == checked.status);
		require((status == CIVID_PARSE_OK) == model_value_valid(value));
		check_format(value, NULL);

		if (value < 0 || value > CIVID_MAX_VALUE)
		{
			require(status == CIVID_PARSE_BAD_LENGTH);
			continue;
		}
		civid_format(value, text);
		require(civid_parse_strict(text, CIVID_DIGITS, &parsed) == status);
		require(parsed.value == value);
	}
}

/*
 * Whether data is well-formed UTF-8 (RFC 3629, table 3-7 of the Unicode
 * standard): no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static bool
model_utf8_valid(const uint8_t *data, size_t size)
{
	size_t		i = 0;

	while (i < size)
	{
		uint8_t		c = data[i];
		uint8_t		low = 0x80;
		uint8_t		high = 0xBF;
		size_t		length;
		size_t		k;

		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			length = 2;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			length = 3;
			if (c == 0xE0)
				low = 0xA0;
			if (c == 0xED)
				high = 0x9F;
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			length = 4;
			if (c == 0xF0)
				low = 0x90;
			if (c == 0xF4)
				high = 0x8F;
		}
		else
			return false;

		if (size - i < length)
			return false;
		if (data[i + 1] < low || data[i + 1] > high)
			return false;
		for (k = 2; k < length; k++)
		{
			if (data[i + k] < 0x80 || data[i + k] > 0xBF)
				return false;
		}
		i += length;
	}
	return true;
}

/*
 * Fold into a heap buffer of exactly capacity bytes, prefilled with 0xAA so
 * that a missing terminator shows.  Returns the result of civid_fold_name
 * and, on success, a copy of the key in key, which must have room for size + 1 bytes.
 */
static bool
fold_with_capacity(const uint8_t *data, size_t size, size_t capacity,
				   char *key)
{
	char	   *output = malloc(capacity > 0 ? capacity : 1);
	bool		folded;

	require(output != NULL);
	memset(output, 0xAA, capacity > 0 ? capacity : 1);
	folded = civid_fold_name((const char *) data, size, output, capacity);
	if (folded)
	{
		size_t		length = strnlen(output, capacity);

		/* NUL-terminated within capacity */
		require(length < capacity);
		memcpy(key, output, length + 1);
	}
	free(output);
	return folded;
}

static bool
is_key_character(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		c == ' ' || c == '(' || c == ')' || c == ',' || c == '\'' ||
		c == ';' || c == '/';
}

/* Expected key of an ASCII-only input, or false if it must not fold */
static bool
model_fold_ascii(const uint8_t *data, size_t size, char *key)
{
	size_t		written = 0;
	bool		pending_space = false;
	size_t		i;

	for (i = 0; i < size; i++)
	{
		char		c = (char) data[i];

		if (c == ' ' || c == '-' || c == '.' || c == '\t')
		{
			pending_space = (written > 0);
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (!is_key_character(c))
			return false;
		if (pending_space)
			key[written++] = ' ';
		pending_space = false;
		key[written++] = c;
	}
	key[written] = '\0';
	return true;
}

static void
check_fold(const uint8_t *data, size_t size)
{
	/* A key never has more characters than the input has bytes */
	size_t		capacity = size + 1;
	char	   *key = malloc(capacity);
	char	   *again = malloc(capacity);
	char	   *expected = malloc(capacity);
	int64_t		ignored;
	size_t		length;
	size_t		digits = 0;
	size_t		i;
	bool		folded;

	require(key != NULL && again != NULL && expected != NULL);

	folded = fold_with_capacity(data, size, capacity, key);
	if (!contains_non_ascii(data, size))
	{
		require(folded == model_fold_ascii(data, size, expected));
		if (folded)
			require(strcmp(key, expected) == 0);
	}

	/* Even with room to spare, nothing fits an empty buffer */
	require(!civid_fold_name((const char *) data, size, key, 0));

	if (!folded)
		goto done;

	require(model_utf8_valid(data, size));

	/* Lower-case ASCII only, with single inner spaces */
	length = strlen(key);
	for (i = 0; i < length; i++)
	{
		require(is_key_character(key[i]));
		if (is_digit((uint8_t) key[i]))
			digits++;
	}
	if (length > 0)
	{
		require(key[0] != ' ');
		require(key[length - 1] != ' ');
	}
	require(strstr(key, "  ") == NULL);

	/* No non-ASCII character folds to a digit */
	require(digits == ascii_digits(data, size, &ignored));

	/* The key fits exactly length + 1 bytes and no fewer */
	require(fold_with_capacity(data, size, length + 1, again));
	require(strcmp(again, key) == 0);
	if (length > 0)
		require(!fold_with_capacity(data, size, length, again));

	/* Folding a key again leaves it unchanged */
	require(fold_with_capacity((const uint8_t *) key, length, length + 1, again));
	require(strcmp(again, key) == 0);

done:
	free(key);
	free(again);
	free(expected);
}

static bool
is_model_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f';
}

/* Whether data, without surrounding ASCII whitespace, is 1-3 ASCII digits */
static bool
model_code_text(const uint8_t *data, size_t size, int *code)
{
	size_t		start = 0;
	size_t		end = size;
	size_t		i;

	while (start < end && is_model_space(data[start]))
		start++;
	while (end > start && is_model_space(data[end - 1]))
		end--;
	if (end == start || end - start > 3)
		return false;
	*code = 0;
	for (i = start; i < end; i++)
	{
		if (!is_digit(data[i]))
			return false;
		*code = *code * 10 + (data[i] - '0');
	}
	return true;
}

static void
check_place(const uint8_t *data, size_t size)
{
	CividPlace	place;
	CividPlace	by_code;
	CividPlaceStatus status;
	char		code_text[4];
	bool		is_code_text;
	int			code = -1;

	status = civid_resolve_place((const char *) data, size, &place);
	is_code_text = model_code_text(data, size, &code);
	require(place.by_name == !is_code_text);

	switch (status)
	{
		case CIVID_PLACE_FOUND:
			require(place.code >= 0 && place.code <= 999);
			require(model_code_assigned(place.code));
			require(place.other_code == -1);
			if (is_code_text)
				require(place.code == code);
			if (place.former_name)
				require(place.by_name);

			/* The code found resolves to itself when given as digits */
			snprintf(code_text, sizeof(code_text), "%03d", place.code);
			require(civid_resolve_place(code_text, 3, &by_code) == CIVID_PLACE_FOUND);
			require(by_code.code == place.code);
			require(!by_code.by_name);
			break;
		case CIVID_PLACE_AMBIGUOUS:
			require(place.by_name);
			require(place.code >= 0 && place.code <= 999);
			require(place.other_code >= 0 && place.other_code <= 999);
			require(place.code != place.other_code);
			require(model_code_assigned(place.code));
			require(model_code_assigned(place.other_code));
			break;
		case CIVID_PLACE_NOT_FOUND:
			require(place.code == -1);
			require(place.other_code == -1);
			require(!place.former_name);
			if (is_code_text)
				require(!model_code_assigned(code));
			break;
		default:
			require(!"unknown CividPlaceStatus");
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size > 0 ? size : 1);
	CividParseResult strict;

	require(copy != NULL);
	memcpy(copy, data, size);

	check_strict(data, size, &strict);
	check_lenient(data, size, &strict);
	check_value_round_trip(data, size);
	check_fold(data, size);
	check_place(data, size);

	/* The functions take const input and must leave it unchanged */
	require(memcmp(copy, data, size) == 0);
	free(copy);
	return 0;
}
