/*-------------------------------------------------------------------------
 *
 * test_parse.c
 *	  Unit tests of civid's pure C code: the parsers and formatter, the code
 *	  tables, name folding and place resolution.  No PostgreSQL needed.
 *
 * Build and run with "make unit".  test/sh/unit_valgrind.sh runs the same
 * binary under valgrind.  Each failed check prints one FAIL line, and the
 * last line is "unit: N passed, M failed".  The exit status is 1 if any
 * check failed.
 *
 *-------------------------------------------------------------------------
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "code_table.h"
#include "fold.h"
#include "parse.h"
#include "place.h"

/* A string literal and its length, which may count embedded NUL bytes */
#define BYTES(literal)	literal, sizeof(literal) - 1

#define KEY_CAPACITY	256

static int	passed;
static int	failed;

/* Record one check, and print the case and the message if it failed */
static void
check(bool condition, const char *test_case, const char *message)
{
	if (condition)
	{
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s: %s\n", test_case, message);
}

static void
check_int(const char *test_case, const char *what, long long expected,
		  long long actual)
{
	char		message[160];

	snprintf(message, sizeof(message), "%s: expected %lld, got %lld",
			 what, expected, actual);
	check(expected == actual, test_case, message);
}

static void
check_string(const char *test_case, const char *what, const char *expected,
			 const char *actual)
{
	char		message[400];

	snprintf(message, sizeof(message), "%s: expected \"%s\", got \"%s\"",
			 what, expected, actual == NULL ? "(null)" : actual);
	check(actual != NULL && strcmp(expected, actual) == 0, test_case, message);
}

/* ---------------------------------------------------------------------
 * Parsers
 * ---------------------------------------------------------------------
 */

typedef struct ParseCase
{
	const char *input;
	size_t		length;
	CividParseStatus status;
	int64_t		value;			/* for CIVID_PARSE_OK */
	long long	detail;			/* error_offset, digit_count or code */
} ParseCase;

static const ParseCase strict_cases[] = {
	{BYTES("001099000123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("079203012345"), CIVID_PARSE_OK, INT64_C(79203012345), 0},
	{BYTES("101085000001"), CIVID_PARSE_OK, INT64_C(101085000001), 0},
	{BYTES("295199999999"), CIVID_PARSE_OK, INT64_C(295199999999), 0},
	/* 002 Ha Giang was retired in 2025 but its IDs stay valid */
	{BYTES("002080000001"), CIVID_PARSE_OK, INT64_C(2080000001), 0},
	/* Only the first 12 bytes are read when length is 12 */
	{"001099000123999", 12, CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES(""), CIVID_PARSE_EMPTY, 0, 0},
	{BYTES("00109900012"), CIVID_PARSE_BAD_LENGTH, 0, 11},
	{BYTES("0010990001234"), CIVID_PARSE_BAD_LENGTH, 0, 13},
	{BYTES("0"), CIVID_PARSE_BAD_LENGTH, 0, 1},
	{BYTES("000000000000"), CIVID_PARSE_UNASSIGNED_CODE, 0, 0},
	{BYTES("003099000123"), CIVID_PARSE_UNASSIGNED_CODE, 0, 3},
	{BYTES("100099000123"), CIVID_PARSE_UNASSIGNED_CODE, 0, 100},
	{BYTES("296000000000"), CIVID_PARSE_UNASSIGNED_CODE, 0, 296},
	{BYTES("999999999999"), CIVID_PARSE_UNASSIGNED_CODE, 0, 999},
	{BYTES("001 099 000 123"), CIVID_PARSE_BAD_CHARACTER, 0, 3},
	{BYTES(" 001099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("001099000123\n"), CIVID_PARSE_BAD_CHARACTER, 0, 12},
	{BYTES("+01099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("-01099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("00109900012\0"), CIVID_PARSE_BAD_CHARACTER, 0, 11},
	/* Full-width digits U+FF10-U+FF19 are not digits */
	{BYTES("\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90"),
	CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("00109900012\xef\xbc\x93"), CIVID_PARSE_BAD_CHARACTER, 0, 11},
	/* Arabic-Indic digit one, U+0661 */
	{BYTES("00109900012\xd9\xa1"), CIVID_PARSE_BAD_CHARACTER, 0, 11},
};

static const ParseCase lenient_cases[] = {
	{BYTES("001099000123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("001 099 000 123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("001-099-000.123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("001--099..000 -.123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES(" \t001099000123\r\n"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("\v\f001099000123"), CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{"001 099 000 1234", 15, CIVID_PARSE_OK, INT64_C(1099000123), 0},
	{BYTES("2 9 5 1 9 9 9 9 9 9 9 9"), CIVID_PARSE_OK, INT64_C(295199999999), 0},
	{BYTES(""), CIVID_PARSE_EMPTY, 0, 0},
	{BYTES(" \t\r\n"), CIVID_PARSE_EMPTY, 0, 0},
	{BYTES("-001099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("  -001099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 2},
	{BYTES("001099000123."), CIVID_PARSE_BAD_CHARACTER, 0, 12},
	{BYTES("001099000123 x"), CIVID_PARSE_BAD_CHARACTER, 0, 12},
	{BYTES("x001099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	/* Only spaces, hyphens and dots separate groups, not tabs or underscores */
	{BYTES("001099\t000123"), CIVID_PARSE_BAD_CHARACTER, 0, 6},
	{BYTES("001_099_000_123"), CIVID_PARSE_BAD_CHARACTER, 0, 3},
	/* No-break space U+00A0 between the groups */
	{BYTES("001\xc2\xa0" "099000123"), CIVID_PARSE_BAD_CHARACTER, 0, 3},
	{BYTES("\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91"), CIVID_PARSE_BAD_CHARACTER, 0, 0},
	{BYTES("00109900012\xef\xbc\x93"), CIVID_PARSE_BAD_CHARACTER, 0, 11},
	{BYTES("001 099 000 12"), CIVID_PARSE_BAD_LENGTH, 0, 11},
	{BYTES("001 099 000 1234 5"), CIVID_PARSE_BAD_LENGTH, 0, 14},
	{BYTES("001099000123001099000123"), CIVID_PARSE_BAD_LENGTH, 0, 24},
	{BYTES("000 000 000 000"), CIVID_PARSE_UNASSIGNED_CODE, 0, 0},
	{BYTES(" 296-000-000-000 "), CIVID_PARSE_UNASSIGNED_CODE, 0, 296},
};

static void
describe_input(const ParseCase *test, const char *parser, char *buffer,
			   size_t size)
{
	size_t		used = (size_t) snprintf(buffer, size, "%s \"", parser);
	size_t		i;

	for (i = 0; i < test->length && used + 6 < size; i++)
	{
		unsigned char c = (unsigned char) test->input[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			used += (size_t) snprintf(buffer + used, size - used, "%c", c);
		else
			used += (size_t) snprintf(buffer + used, size - used, "\\x%02x", c);
	}
	snprintf(buffer + used, size - used, "\"");
}

static void
check_parse_case(const ParseCase *test, bool lenient)
{
	CividParseResult result;
	CividParseStatus status;
	char		name[200];

	describe_input(test, lenient ? "lenient" : "strict", name, sizeof(name));
	if (lenient)
		status = civid_parse_lenient(test->input, test->length, &result);
	else
		status = civid_parse_strict(test->input, test->length, &result);

	check_int(name, "status", test->status, status);
	check_int(name, "result.status", status, result.status);
	switch (test->status)
	{
		case CIVID_PARSE_OK:
			check_int(name, "value", test->value, result.value);
			break;
		case CIVID_PARSE_BAD_CHARACTER:
			check_int(name, "error_offset", test->detail, (long long) result.error_offset);
			break;
		case CIVID_PARSE_BAD_LENGTH:
			check_int(name, "digit_count", test->detail, (long long) result.digit_count);
			break;
		case CIVID_PARSE_UNASSIGNED_CODE:
			check_int(name, "code", test->detail, result.code);
			break;
		case CIVID_PARSE_EMPTY:
			break;
	}
}

static void
test_parsers(void)
{
	size_t		i;

	for (i = 0; i < sizeof(strict_cases) / sizeof(strict_cases[0]); i++)
		check_parse_case(&strict_cases[i], false);
	for (i = 0; i < sizeof(lenient_cases) / sizeof(lenient_cases[0]); i++)
		check_parse_case(&lenient_cases[i], true);

	/* Whatever the strict parser accepts, the lenient one accepts too */
	for (i = 0; i < sizeof(strict_cases) / sizeof(strict_cases[0]); i++)
	{
		const ParseCase *test = &strict_cases[i];
		CividParseResult lenient;
		char		name[200];

		if (test->status != CIVID_PARSE_OK)
			continue;
		describe_input(test, "lenient accepts strict", name, sizeof(name));
		check_int(name, "status", CIVID_PARSE_OK,
				  civid_parse_lenient(test->input, test->length, &lenient));
		check_int(name, "value", test->value, lenient.value);
	}
}

static void
test_extra_codes(void)
{
	CividParseResult result;
	CividPlace	place;

	civid_extra_codes[3] = true;
	check_int("strict with extra code 003", "status", CIVID_PARSE_OK,
			  civid_parse_strict(BYTES("003099000123"), &result));
	check_int("place \"003\" with extra code 003", "status", CIVID_PLACE_FOUND,
			  civid_resolve_place(BYTES("003"), &place));
	check_int("place \"003\" with extra code 003", "code", 3, place.code);
	civid_extra_codes[3] = false;

	check_int("strict without extra code 003", "status",
			  CIVID_PARSE_UNASSIGNED_CODE,
			  civid_parse_strict(BYTES("003099000123"), &result));
}

/* ---------------------------------------------------------------------
 * Formatter, value check and field accessors
 * ---------------------------------------------------------------------
 */

typedef struct FormatCase
{
	int64_t		value;
	const char *text;
} FormatCase;

static const FormatCase format_cases[] = {
	{INT64_C(0), "000000000000"},
	{INT64_C(1099000123), "001099000123"},
	{INT64_C(79203012345), "079203012345"},
	{INT64_C(999999999999), "999999999999"},
	/* Out-of-range values are clamped rather than overrunning the buffer */
	{INT64_C(-5), "000000000000"},
	{INT64_C(1000000000000), "999999999999"},
	{INT64_MIN, "000000000000"},
	{INT64_MAX, "999999999999"},
};

typedef struct ValueCase
{
	int64_t		value;
	CividParseStatus status;
	int			code;
} ValueCase;

static const ValueCase value_cases[] = {
	{INT64_C(1099000123), CIVID_PARSE_OK, 1},
	{INT64_C(295999999999), CIVID_PARSE_OK, 295},
	{INT64_C(0), CIVID_PARSE_UNASSIGNED_CODE, 0},
	{INT64_C(3000000000), CIVID_PARSE_UNASSIGNED_CODE, 3},
	{INT64_C(296000000000), CIVID_PARSE_UNASSIGNED_CODE, 296},
	{INT64_C(-1), CIVID_PARSE_BAD_LENGTH, -1},
	{INT64_C(1000000000000), CIVID_PARSE_BAD_LENGTH, -1},
	{INT64_MIN, CIVID_PARSE_BAD_LENGTH, -1},
};

static void
test_format_and_values(void)
{
	size_t		i;

	for (i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]); i++)
	{
		char		buffer[CIVID_DIGITS + 2];
		char		name[80];

		/* A byte past the terminator shows any write beyond 13 bytes */
		buffer[CIVID_DIGITS + 1] = 'X';
		snprintf(name, sizeof(name), "format %" PRId64, format_cases[i].value);
		civid_format(format_cases[i].value, buffer);
		check_string(name, "text", format_cases[i].text, buffer);
		check_int(name, "byte after NUL", 'X', buffer[CIVID_DIGITS + 1]);
	}

	for (i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++)
	{
		CividParseResult result;
		char		name[80];

		snprintf(name, sizeof(name), "check_value %" PRId64, value_cases[i].value);
		check_int(name, "status", value_cases[i].status,
				  civid_check_value(value_cases[i].value, &result));
		check_int(name, "code", value_cases[i].code, result.code);
	}

	/* 079 Ho Chi Minh City, century digit 2 (male, 2000s), born 2003 */
	check_int("fields of 079203012345", "code", 79, civid_code_of(INT64_C(79203012345)));
	check_int("fields of 079203012345", "century digit", 2,
			  civid_century_digit_of(INT64_C(79203012345)));
	check_int("fields of 079203012345", "birth year", 2003,
			  civid_birth_year_of(INT64_C(79203012345)));
	check_int("fields of 079203012345", "female", false,
			  civid_is_female(INT64_C(79203012345)));
	check_int("fields of 079203012345", "serial", 12345,
			  civid_serial_of(INT64_C(79203012345)));

	/* 040 Nghe An, century digit 3 (female, 2000s), born 2017 */
	check_int("fields of 040317000017", "birth year", 2017,
			  civid_birth_year_of(INT64_C(40317000017)));
	check_int("fields of 040317000017", "female", true,
			  civid_is_female(INT64_C(40317000017)));

	/* Century digit 1: female, 1900s */
	check_int("fields of 001199000001", "birth year", 1999,
			  civid_birth_year_of(INT64_C(1199000001)));
	check_int("fields of 001199000001", "female", true,
			  civid_is_female(INT64_C(1199000001)));
}

/* ---------------------------------------------------------------------
 * Code tables
 * ---------------------------------------------------------------------
 */

static bool
fold_key(const char *name, char *key)
{
	return civid_fold_name(name, strlen(name), key, KEY_CAPACITY);
}

static bool
folds_equal(const char *a, const char *b)
{
	char		key_a[KEY_CAPACITY];
	char		key_b[KEY_CAPACITY];

	if (!fold_key(a, key_a) || !fold_key(b, key_b))
		return false;
	return strcmp(key_a, key_b) == 0;
}

/* Check that a table's name and its ASCII form fold to the same key */
static void
check_name_pair(const char *test_case, const char *name, const char *name_ascii)
{
	char		key[KEY_CAPACITY];
	char		key_ascii[KEY_CAPACITY];
	bool		folded = fold_key(name, key);
	bool		folded_ascii = fold_key(name_ascii, key_ascii);

	check(folded, test_case, "name does not fold");
	check(folded_ascii, test_case, "ASCII name does not fold");
	if (folded && folded_ascii)
		check_string(test_case, "key of the ASCII name", key, key_ascii);
}

static void
test_domestic_table(void)
{
	int			previous = -1;
	int			i;

	check_int("domestic table", "count", 63, civid_domestic_code_count);

	for (i = 0; i < civid_domestic_code_count; i++)
	{
		const DomesticCode *entry = &civid_domestic_codes[i];
		const DomesticCode *current = civid_find_domestic(entry->current_code);
		char		name[80];

		snprintf(name, sizeof(name), "domestic code %03d", entry->code);
		check(entry->code > previous, name, "codes not in ascending order");
		check(entry->code >= 1 && entry->code <= 99, name, "code outside 1-99");
		check(civid_find_domestic(entry->code) == entry, name,
			  "civid_find_domestic returns another entry");
		check_name_pair(name, entry->name, entry->name_ascii);
		check((entry->merged_name == NULL) == (entry->merged_name_ascii == NULL),
			  name, "only one of merged_name and merged_name_ascii is set");
		if (entry->merged_name != NULL)
		{
			check_name_pair(name, entry->merged_name, entry->merged_name_ascii);
			check(entry->valid_until != NULL, name,
				  "a renamed code has no valid_until");
		}
		if (entry->valid_until == NULL)
			check(entry->current_code == entry->code, name,
				  "a code still in force belongs to another province");
		check(current != NULL, name, "current_code is not a domestic code");
		if (current != NULL)
			check(current->current_code == current->code, name,
				  "current_code names a province that is itself merged");
		previous = entry->code;
	}

	check(civid_find_domestic(-1) == NULL, "civid_find_domestic(-1)", "not NULL");
	check(civid_find_domestic(0) == NULL, "civid_find_domestic(0)", "not NULL");
	check(civid_find_domestic(3) == NULL, "civid_find_domestic(3)", "not NULL");
	check(civid_find_domestic(100) == NULL, "civid_find_domestic(100)", "not NULL");
	check(civid_find_domestic(101) == NULL, "civid_find_domestic(101)", "not NULL");
}

static void
test_country_table(void)
{
	int			i;
	int			j;

	check_int("country table", "count",
			  CIVID_LAST_COUNTRY_CODE - CIVID_FIRST_COUNTRY_CODE + 1,
			  civid_country_code_count);

	for (i = 0; i < civid_country_code_count; i++)
	{
		const CountryCode *entry = &civid_country_codes[i];
		const char *iso = entry->iso_alpha2;
		char		name[80];

		snprintf(name, sizeof(name), "country code %03d", entry->code);
		check(entry->code == CIVID_FIRST_COUNTRY_CODE + i, name,
			  "country codes are not contiguous from 101");
		check(civid_find_country(entry->code) == entry, name,
			  "civid_find_country returns another entry");
		check_name_pair(name, entry->name, entry->name_ascii);
		check(strlen(iso) == 2 && iso[0] >= 'A' && iso[0] <= 'Z' &&
			  iso[1] >= 'A' && iso[1] <= 'Z', name,
			  "iso_alpha2 is not two upper-case letters");
		for (j = 0; j < i; j++)
		{
			if (folds_equal(entry->name, civid_country_codes[j].name))
				check(false, name, "name folds like an earlier country's name");
		}
	}

	check(civid_find_country(100) == NULL, "civid_find_country(100)", "not NULL");
	check(civid_find_country(296) == NULL, "civid_find_country(296)", "not NULL");
}

static void
test_assigned_codes(void)
{
	int			assigned = 0;
	int			code;

	for (code = -1; code <= 1000; code++)
	{
		bool		expected = civid_find_domestic(code) != NULL ||
			(code >= CIVID_FIRST_COUNTRY_CODE && code <= CIVID_LAST_COUNTRY_CODE);
		char		name[80];

		snprintf(name, sizeof(name), "civid_code_is_assigned(%d)", code);
		check(civid_code_is_assigned(code) == expected, name,
			  expected ? "returns false for an assigned code"
			  : "returns true for an unassigned code");
		if (civid_code_is_assigned(code))
			assigned++;
	}
	check_int("assigned codes", "count", 63 + 195, assigned);
}

static void
test_names_for_year(void)
{
	const DomesticCode *yen_bai = civid_find_domestic(15);
	const DomesticCode *ha_noi = civid_find_domestic(1);
	const DomesticCode *ha_giang = civid_find_domestic(2);

	if (yen_bai == NULL || ha_noi == NULL || ha_giang == NULL)
	{
		check(false, "names for year", "code 001, 002 or 015 is missing");
		return;
	}

	/* 015 was Yen Bai until 2025-06-30 and is Lao Cai since 2025-07-01 */
	check_string("name of 015 for 2025", "name", "Y\xc3\xaan B\xc3\xa1i",
				 civid_domestic_name_for_year(yen_bai, 2025, false));
	check_string("name of 015 for 2025", "ascii", "Yen Bai",
				 civid_domestic_name_for_year(yen_bai, 2025, true));
	check_string("name of 015 for 2026", "name", "L\xc3\xa0o Cai",
				 civid_domestic_name_for_year(yen_bai, 2026, false));
	check_string("name of 015 for 2026", "ascii", "Lao Cai",
				 civid_domestic_name_for_year(yen_bai, 2026, true));
	check_string("current name of 015", "ascii", "Lao Cai",
				 civid_domestic_current_name(yen_bai, true));
	check_string("name of 001 for 1950", "ascii", "Ha Noi",
				 civid_domestic_name_for_year(ha_noi, 1950, true));
	check_string("name of 001 for 2090", "ascii", "Ha Noi",
				 civid_domestic_name_for_year(ha_noi, 2090, true));
	/* A retired code keeps its only name */
	check_string("current name of 002", "ascii", "Ha Giang",
				 civid_domestic_current_name(ha_giang, true));
}

/* ---------------------------------------------------------------------
 * Name folding
 * ---------------------------------------------------------------------
 */

typedef struct FoldCase
{
	const char *input;
	size_t		length;
	size_t		capacity;
	bool		folded;
	const char *key;			/* expected key when folded */
} FoldCase;

static const FoldCase fold_cases[] = {
	{BYTES("B\xc3\xa0 R\xe1\xbb\x8b" "a - V\xc5\xa9ng T\xc3\xa0u"), KEY_CAPACITY, true, "ba ria vung tau"},
	{BYTES("ba ria vung tau"), KEY_CAPACITY, true, "ba ria vung tau"},
	{BYTES("BA RIA-VUNG TAU"), KEY_CAPACITY, true, "ba ria vung tau"},
	{BYTES("  H\xc3\xa0   N\xe1\xbb\x99i.  "), KEY_CAPACITY, true, "ha noi"},
	{BYTES("\xc4\x90\xe1\xba\xaf" "k L\xe1\xba\xaf" "k"), KEY_CAPACITY, true, "dak lak"},
	{BYTES("Hoa K\xe1\xbb\xb3 (M\xe1\xbb\xb9)"), KEY_CAPACITY, true, "hoa ky (my)"},
	{BYTES("C\xc3\xb4te d'Ivoire, X"), KEY_CAPACITY, true, "cote d'ivoire, x"},
	/* Decomposed: e, combining dot below U+0323, combining circumflex U+0302 */
	{BYTES("Nghe\xcc\xa3\xcc\x82 An"), KEY_CAPACITY, true, "nghe an"},
	/* No-break space U+00A0 and tab separate words */
	{BYTES("H\xc3\xa0\xc2\xa0N\xe1\xbb\x99i\tX"), KEY_CAPACITY, true, "ha noi x"},
	{BYTES("Ph\xc6\xb0\xe1\xbb\x9b" "c 79"), KEY_CAPACITY, true, "phuoc 79"},
	{BYTES(""), KEY_CAPACITY, true, ""},
	{BYTES(" -. "), KEY_CAPACITY, true, ""},
	/* Capacity counts the terminating NUL */
	{BYTES("abc"), 4, true, "abc"},
	{BYTES("abc"), 3, false, NULL},
	{BYTES("a b"), 4, true, "a b"},
	{BYTES("a b"), 3, false, NULL},
	{BYTES("a   "), 2, true, "a"},
	{BYTES(""), 1, true, ""},
	{BYTES(""), 0, false, NULL},
	/* Characters with no ASCII letter or digit base */
	{BYTES("Ha Noi!"), KEY_CAPACITY, false, NULL},
	{BYTES("a\nb"), KEY_CAPACITY, false, NULL},
	{BYTES("a\0b"), KEY_CAPACITY, false, NULL},
	{BYTES("\xc3\x97"), KEY_CAPACITY, false, NULL},	/* U+00D7 multiplication sign */
	{BYTES("\xe6\x97\xa5\xe6\x9c\xac"), KEY_CAPACITY, false, NULL},	/* CJK */
	/* Full-width digits U+FF10-U+FF19 are not folded to ASCII digits */
	{BYTES("\xef\xbc\x90\xef\xbc\x94\xef\xbc\x90"), KEY_CAPACITY, false, NULL},
	/* Malformed UTF-8 */
	{BYTES("A\xc0\xaf" "B"), KEY_CAPACITY, false, NULL},	/* overlong '/' */
	{BYTES("\xe0\x80\xaf"), KEY_CAPACITY, false, NULL},	/* overlong '/' */
	{BYTES("\xed\xa0\x80"), KEY_CAPACITY, false, NULL},	/* surrogate */
	{BYTES("\xf4\x90\x80\x80"), KEY_CAPACITY, false, NULL},	/* above U+10FFFF */
	{BYTES("Ngh\xe1\xbb"), KEY_CAPACITY, false, NULL},	/* truncated */
	{BYTES("\x80"), KEY_CAPACITY, false, NULL},	/* lone continuation */
	{BYTES("\xff"), KEY_CAPACITY, false, NULL},
};

static void
test_fold(void)
{
	size_t		i;

	for (i = 0; i < sizeof(fold_cases) / sizeof(fold_cases[0]); i++)
	{
		const FoldCase *test = &fold_cases[i];
		char		output[KEY_CAPACITY];
		char		name[200];
		ParseCase	as_parse_case = {test->input, test->length, 0, 0, 0};
		bool		folded;

		describe_input(&as_parse_case, "fold", name, sizeof(name));
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
				 " capacity %zu", test->capacity);
		folded = civid_fold_name(test->input, test->length, output,
								 test->capacity);
		check_int(name, "result", test->folded, folded);
		if (test->folded && folded)
			check_string(name, "key", test->key, output);
	}
}

/* ---------------------------------------------------------------------
 * Place resolution
 * ---------------------------------------------------------------------
 */

typedef struct PlaceCase
{
	const char *input;
	size_t		length;
	CividPlaceStatus status;
	int			code;
	int			other_code;
	bool		by_name;
	bool		former_name;
} PlaceCase;

static const PlaceCase place_cases[] = {
	/* Codes */
	{BYTES("040"), CIVID_PLACE_FOUND, 40, -1, false, false},
	{BYTES("40"), CIVID_PLACE_FOUND, 40, -1, false, false},
	{BYTES(" 40 "), CIVID_PLACE_FOUND, 40, -1, false, false},
	{BYTES("\t40\n"), CIVID_PLACE_FOUND, 40, -1, false, false},
	{BYTES("1"), CIVID_PLACE_FOUND, 1, -1, false, false},
	{BYTES("101"), CIVID_PLACE_FOUND, 101, -1, false, false},
	{BYTES("295"), CIVID_PLACE_FOUND, 295, -1, false, false},
	{BYTES("0"), CIVID_PLACE_NOT_FOUND, -1, -1, false, false},
	{BYTES("003"), CIVID_PLACE_NOT_FOUND, -1, -1, false, false},
	{BYTES("296"), CIVID_PLACE_NOT_FOUND, -1, -1, false, false},
	{BYTES("0040"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	/* Full-width "040" is a name, and no name */
	{BYTES("\xef\xbc\x90\xef\xbc\x94\xef\xbc\x90"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},

	/* Province names, with and without diacritics and prefixes */
	{BYTES("Ngh\xe1\xbb\x87 An"), CIVID_PLACE_FOUND, 40, -1, true, false},
	{BYTES("nghe an"), CIVID_PLACE_FOUND, 40, -1, true, false},
	{BYTES("  NGHE-AN  "), CIVID_PLACE_FOUND, 40, -1, true, false},
	{BYTES("T\xe1\xbb\x89nh Ngh\xe1\xbb\x87 An"), CIVID_PLACE_FOUND, 40, -1, true, false},
	{BYTES("Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh"), CIVID_PLACE_FOUND, 79, -1, true, false},
	{BYTES("TP. H\xe1\xbb\x93 Ch\xc3\xad Minh"), CIVID_PLACE_FOUND, 79, -1, true, false},
	{BYTES("B\xc3\xa0 R\xe1\xbb\x8b" "a - V\xc5\xa9ng T\xc3\xa0u"), CIVID_PLACE_FOUND, 77, -1, true, false},

	/* Since 2025-07-01 "Lao Cai" is 015 (formerly Yen Bai), not 010 */
	{BYTES("L\xc3\xa0o Cai"), CIVID_PLACE_FOUND, 15, -1, true, false},
	{BYTES("Y\xc3\xaan B\xc3\xa1i"), CIVID_PLACE_FOUND, 15, -1, true, true},
	{BYTES("B\xe1\xba\xaf" "c Ninh"), CIVID_PLACE_FOUND, 24, -1, true, false},
	{BYTES("B\xe1\xba\xaf" "c Giang"), CIVID_PLACE_FOUND, 24, -1, true, true},
	{BYTES("Hu\xe1\xba\xbf"), CIVID_PLACE_FOUND, 46, -1, true, false},
	{BYTES("Th\xe1\xbb\xab" "a Thi\xc3\xaan Hu\xe1\xba\xbf"), CIVID_PLACE_FOUND, 46, -1, true, true},
	{BYTES("Gia Lai"), CIVID_PLACE_FOUND, 52, -1, true, false},
	/* A retired code with no later name is not a former name */
	{BYTES("H\xc3\xa0 Giang"), CIVID_PLACE_FOUND, 2, -1, true, false},

	/* Countries: full name, name before the brackets, ISO alpha-2 */
	{BYTES("Trung Qu\xe1\xbb\x91" "c"), CIVID_PLACE_FOUND, 279, -1, true, false},
	{BYTES("\xc3\x9a" "c"), CIVID_PLACE_FOUND, 284, -1, true, false},
	{BYTES("Hoa K\xe1\xbb\xb3"), CIVID_PLACE_FOUND, 175, -1, true, false},
	{BYTES("Hoa Ky (My)"), CIVID_PLACE_FOUND, 175, -1, true, false},
	/* "My" in brackets is the United States, never ISO MY (Malaysia) */
	{BYTES("M\xe1\xbb\xb9"), CIVID_PLACE_FOUND, 175, -1, true, false},
	{BYTES("MY"), CIVID_PLACE_FOUND, 205, -1, true, false},
	{BYTES("Gia N\xc3\xa3 \xc4\x90\xe1\xba\xa1i"), CIVID_PLACE_FOUND, 140, -1, true, false},
	/* Either side of the '/' in "Thanh Vatican (Va-ti-cang)/Toa Thanh" */
	{BYTES("T\xc3\xb2" "a Th\xc3\xa1nh"), CIVID_PLACE_FOUND, 290, -1, true, false},
	{BYTES("Thanh Vatican (Va-ti-cang)"), CIVID_PLACE_FOUND, 290, -1, true, false},
	{BYTES("Canada (Ca-na-da; Gia Na Dai)"), CIVID_PLACE_FOUND, 140, -1, true, false},
	{BYTES("\xc3\x9d"), CIVID_PLACE_FOUND, 292, -1, true, false},
	{BYTES("Azerbaijan"), CIVID_PLACE_FOUND, 113, -1, true, false},
	{BYTES("C\xe1\xbb\x99ng h\xc3\xb2" "a Azerbaijan"), CIVID_PLACE_FOUND, 114, -1, true, false},
	/* Names whose full form has ';' or '/', by the part before the brackets */
	{BYTES("Canada"), CIVID_PLACE_FOUND, 140, -1, true, false},
	{BYTES("Romania"), CIVID_PLACE_FOUND, 244, -1, true, false},
	{BYTES("Th\xc3\xa0nh Vatican"), CIVID_PLACE_FOUND, 290, -1, true, false},
	{BYTES("US"), CIVID_PLACE_FOUND, 175, -1, true, false},
	/* ISO codes count only in upper case: "us" is no name */
	{BYTES("us"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	/* Azerbaijan and Croatia each have two codes */
	{BYTES("AZ"), CIVID_PLACE_AMBIGUOUS, 113, 114, true, false},
	{BYTES("hr"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},

	/* Not found */
	{BYTES("Atlantis"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	{BYTES(""), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	{BYTES("   "), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	{BYTES("T\xe1\xbb\x89nh"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	{BYTES("Ha Noi!"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
	{BYTES("Ha\xc0\xaf" "Noi"), CIVID_PLACE_NOT_FOUND, -1, -1, true, false},
};

static void
check_place_case(const PlaceCase *test)
{
	CividPlace	place;
	CividPlaceStatus status;
	ParseCase	as_parse_case = {test->input, test->length, 0, 0, 0};
	char		name[200];

	describe_input(&as_parse_case, "place", name, sizeof(name));
	status = civid_resolve_place(test->input, test->length, &place);
	check_int(name, "status", test->status, status);
	check_int(name, "code", test->code, place.code);
	check_int(name, "other_code", test->other_code, place.other_code);
	check_int(name, "by_name", test->by_name, place.by_name);
	check_int(name, "former_name", test->former_name, place.former_name);
}

/*
 * A name longer than the 95-byte key that place.c folds into is not found,
 * even when it starts with a valid name.
 */
static void
test_place_long_name(void)
{
	char		input[400] = "Th\xc3\xa0nh ph\xe1\xbb\x91 ";
	CividPlace	place;

	while (strlen(input) < 300)
		strcat(input, "H\xe1\xbb\x93 Ch\xc3\xad Minh ");
	check_int("place of a 300-byte name", "status", CIVID_PLACE_NOT_FOUND,
			  civid_resolve_place(input, strlen(input), &place));
}

/* Every country name in the table, and every current province name, resolves */
static void
test_place_table_names(void)
{
	int			i;

	for (i = 0; i < civid_country_code_count; i++)
	{
		const CountryCode *entry = &civid_country_codes[i];
		CividPlace	place;
		char		name[200];

		snprintf(name, sizeof(name), "place of country name \"%s\"", entry->name);
		check_int(name, "status", CIVID_PLACE_FOUND,
				  civid_resolve_place(entry->name, strlen(entry->name), &place));
		check_int(name, "code", entry->code, place.code);

		snprintf(name, sizeof(name), "place of \"%s\"", entry->name_ascii);
		check_int(name, "status", CIVID_PLACE_FOUND,
				  civid_resolve_place(entry->name_ascii, strlen(entry->name_ascii),
									  &place));
		check_int(name, "code", entry->code, place.code);
	}

	for (i = 0; i < civid_domestic_code_count; i++)
	{
		const DomesticCode *entry = &civid_domestic_codes[i];
		const char *current_name = civid_domestic_current_name(entry, false);
		CividPlace	place;
		char		name[200];

		if (entry->current_code != entry->code)
			continue;
		snprintf(name, sizeof(name), "place of province name \"%s\"", current_name);
		check_int(name, "status", CIVID_PLACE_FOUND,
				  civid_resolve_place(current_name, strlen(current_name), &place));
		check_int(name, "code", entry->code, place.code);
		check_int(name, "former_name", false, place.former_name);
	}
}

static void
test_place(void)
{
	size_t		i;

	for (i = 0; i < sizeof(place_cases) / sizeof(place_cases[0]); i++)
		check_place_case(&place_cases[i]);
	test_place_long_name();
	test_place_table_names();
}

int
main(void)
{
	test_parsers();
	test_extra_codes();
	test_format_and_values();
	test_domestic_table();
	test_country_table();
	test_assigned_codes();
	test_names_for_year();
	test_fold();
	test_place();

	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
