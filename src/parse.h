/*-------------------------------------------------------------------------
 *
 * parse.h
 *	  Parsing and formatting of 12-digit citizen IDs, without PostgreSQL.
 *
 * A citizen ID is stored as the integer value of its 12 digits, so the
 * numeric order equals the order of the zero-padded text.  The functions
 * here report what is wrong with an input; the callers turn that into
 * PostgreSQL errors.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_PARSE_H
#define CIVID_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CIVID_DIGITS		12
#define CIVID_MAX_VALUE		INT64_C(999999999999)

/* Divisors that split a stored value into its fields */
#define CIVID_CODE_DIVISOR		INT64_C(1000000000)	/* digits 1-3 */
#define CIVID_CENTURY_DIVISOR	INT64_C(100000000)	/* digits 1-4 */
#define CIVID_YEAR_DIVISOR		INT64_C(1000000)	/* digits 1-6 */

typedef enum CividParseStatus
{
	CIVID_PARSE_OK,
	CIVID_PARSE_EMPTY,			/* no characters at all */
	CIVID_PARSE_BAD_CHARACTER,	/* a byte that is not an ASCII digit */
	CIVID_PARSE_BAD_LENGTH,		/* only digits, but not 12 of them */
	CIVID_PARSE_UNASSIGNED_CODE /* 12 digits whose first three are unassigned */
} CividParseStatus;

typedef struct CividParseResult
{
	CividParseStatus status;
	int64_t		value;			/* the ID, when status is CIVID_PARSE_OK */
	size_t		error_offset;	/* byte offset of the bad character */
	size_t		digit_count;	/* digits seen, for CIVID_PARSE_BAD_LENGTH */
	int			code;			/* digits 1-3, for CIVID_PARSE_UNASSIGNED_CODE */
} CividParseResult;

extern CividParseStatus civid_parse_strict(const char *input, size_t length,
										   CividParseResult *result);
extern CividParseStatus civid_parse_lenient(const char *input, size_t length,
											CividParseResult *result);
extern CividParseStatus civid_check_value(int64_t value,
										  CividParseResult *result);
extern void civid_format(int64_t value, char *buffer);

static inline int
civid_code_of(int64_t value)
{
	return (int) (value / CIVID_CODE_DIVISOR);
}

static inline int
civid_century_digit_of(int64_t value)
{
	return (int) (value / CIVID_CENTURY_DIVISOR % 10);
}

static inline int
civid_birth_year_of(int64_t value)
{
	int			century_digit = civid_century_digit_of(value);
	int			year_digits = (int) (value / CIVID_YEAR_DIVISOR % 100);

	return 1900 + 100 * (century_digit / 2) + year_digits;
}

static inline bool
civid_is_female(int64_t value)
{
	return civid_century_digit_of(value) % 2 == 1;
}

static inline int
civid_serial_of(int64_t value)
{
	return (int) (value % CIVID_YEAR_DIVISOR);
}

#endif							/* CIVID_PARSE_H */
