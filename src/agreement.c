/*-------------------------------------------------------------------------
 *
 * agreement.c
 *	  Comparison of an ID with the fields recorded beside it.
 *
 *-------------------------------------------------------------------------
 */
#include "agreement.h"

#include "code_table.h"

/*
 * province_agrees --- whether a recorded province code fits the ID's code
 *
 * The recorded province may be the one of the birth registration or the
 * province that has covered that place since 2025-07-01: a record of a
 * person with an ID starting 002 (Ha Giang) may record 008 (Tuyen Quang).
 * The reverse is a disagreement: a number with code 008 in a record that
 * says Ha Giang was registered in Tuyen Quang's own area, or issued since
 * the merger for a record that was not updated.
 */
static bool
province_agrees(int id_code, int recorded_code)
{
	const DomesticCode *entry;

	if (id_code == recorded_code)
		return true;
	entry = civid_find_domestic(id_code);
	return entry != NULL && entry->current_code == recorded_code;
}

/*
 * civid_mismatches --- mask of MISMATCH_* bits for the fields that
 * disagree with the ID; 0 when every known field agrees
 */
int
civid_mismatches(CitizenId id, const PersonFields *fields)
{
	int			mask = 0;

	if (fields->has_province &&
		(fields->province_exact ?
		 civid_code_of(id) != fields->province_code :
		 !province_agrees(civid_code_of(id), fields->province_code)))
		mask |= MISMATCH_PROVINCE;
	if (fields->has_sex && (civid_is_female(id) ? 1 : 0) != fields->female)
		mask |= MISMATCH_SEX;
	if (fields->has_birth_year &&
		civid_birth_year_of(id) != fields->birth_year)
		mask |= MISMATCH_BIRTH_YEAR;
	return mask;
}
