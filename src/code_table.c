/*-------------------------------------------------------------------------
 *
 * code_table.c
 *	  Look-ups in the compiled province and country code tables.
 *
 *-------------------------------------------------------------------------
 */
#include "code_table.h"

/*
 * civid_find_domestic --- entry of a domestic code, or NULL if unassigned
 */
const DomesticCode *
civid_find_domestic(int code)
{
	int			position;

	if (code < 0 || code >= 100)
		return NULL;
	position = civid_domestic_position[code];
	if (position < 0)
		return NULL;
	return &civid_domestic_codes[position];
}

/*
 * civid_find_country --- entry of a country code, or NULL if outside 101-295
 */
const CountryCode *
civid_find_country(int code)
{
	if (code < CIVID_FIRST_COUNTRY_CODE || code > CIVID_LAST_COUNTRY_CODE)
		return NULL;
	return &civid_country_codes[code - CIVID_FIRST_COUNTRY_CODE];
}

bool		civid_extra_codes[1000];

bool
civid_code_is_assigned(int code)
{
	if (civid_find_domestic(code) != NULL || civid_find_country(code) != NULL)
		return true;
	return code >= 0 && code < 1000 && civid_extra_codes[code];
}

/*
 * civid_domestic_name_for_year --- name a code had when a birth was registered
 *
 * Births up to 2025 use the name valid until 2025-06-30 and later births the
 * name from 2025-07-01.  A code with a single name keeps it for every year.
 */
const char *
civid_domestic_name_for_year(const DomesticCode *entry, int birth_year,
							 bool ascii)
{
	if (entry->merged_name != NULL && birth_year >= CIVID_MERGER_FIRST_BIRTH_YEAR)
		return ascii ? entry->merged_name_ascii : entry->merged_name;
	return ascii ? entry->name_ascii : entry->name;
}

const char *
civid_domestic_current_name(const DomesticCode *entry, bool ascii)
{
	if (entry->merged_name != NULL)
		return ascii ? entry->merged_name_ascii : entry->merged_name;
	return ascii ? entry->name_ascii : entry->name;
}
