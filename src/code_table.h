/*-------------------------------------------------------------------------
 *
 * code_table.h
 *	  The assigned codes of digits 1-3 of a citizen ID: 63 domestic
 *	  province codes and the 195 country codes 101-295.
 *
 * Plain C with no PostgreSQL headers, so that the fuzzer links it alone.
 * The tables themselves are generated into code_table_data.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_CODE_TABLE_H
#define CIVID_CODE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#define CIVID_FIRST_COUNTRY_CODE	101
#define CIVID_LAST_COUNTRY_CODE		295

/* First birth year whose registration uses the post-merger province names */
#define CIVID_MERGER_FIRST_BIRTH_YEAR	2026

/*
 * A domestic code.  Codes whose meaning changed on 2025-07-01 (015 was Yen
 * Bai and is now Lao Cai) carry both names.  Codes retired in the merger
 * (002 Ha Giang) have valid_until set and no later name.
 */
typedef struct DomesticCode
{
	int			code;
	const char *name;			/* the only name, or the name until the merger */
	const char *name_ascii;		/* the same without diacritics */
	const char *valid_until;	/* "2025-06-30", or NULL if still in force */
	const char *merged_name;	/* name from 2025-07-01, or NULL */
	const char *merged_name_ascii;
	int			current_code;	/* province covering the area since 2025-07-01 */
} DomesticCode;

typedef struct CountryCode
{
	int			code;
	const char *name;			/* Vietnamese name, as in Circular 59/2021 */
	const char *name_ascii;
	const char *iso_alpha2;		/* ISO 3166-1 alpha-2; civid's own mapping */
} CountryCode;

extern const DomesticCode civid_domestic_codes[];
extern const int civid_domestic_code_count;
extern const signed char civid_domestic_position[100];
extern const CountryCode civid_country_codes[];
extern const int civid_country_code_count;

extern const DomesticCode *civid_find_domestic(int code);
extern const CountryCode *civid_find_country(int code);
extern bool civid_code_is_assigned(int code);

/*
 * Codes a superuser accepts through the setting civid.extra_codes, for a
 * code the authorities assigned after this table was compiled.
 */
extern bool civid_extra_codes[1000];

/* Province name in force for a birth registered in the given year */
extern const char *civid_domestic_name_for_year(const DomesticCode *entry,
												int birth_year, bool ascii);

/* Name the province has had since 2025-07-01 (for a current code) */
extern const char *civid_domestic_current_name(const DomesticCode *entry,
											   bool ascii);

#endif							/* CIVID_CODE_TABLE_H */
