/*-------------------------------------------------------------------------
 *
 * quality.c
 *	  Data-quality functions: whether recorded fields agree with an ID,
 *	  whether an ID could have been issued by a date, and masking for
 *	  display.
 *
 *-------------------------------------------------------------------------
 */
#include "agreement.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "code_table.h"
#include "issue.h"
#include "place.h"

PG_FUNCTION_INFO_V1(citizen_id_mismatches);
PG_FUNCTION_INFO_V1(citizen_id_matches);
PG_FUNCTION_INFO_V1(is_plausible);
PG_FUNCTION_INFO_V1(mask_citizen_id);

/* Birth year from which a retired code can no longer be on a new number */
#define FIRST_BIRTH_YEAR_AFTER_MERGER	2026

/*
 * mismatch_mask --- MISMATCH_* bits for the non-null arguments 1-3 that
 * disagree with the ID in argument 0; an unknown province or sex spelling
 * disagrees
 */
static int
mismatch_mask(FunctionCallInfo fcinfo)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	PersonFields fields = {0};
	int			unknown = 0;

	if (!PG_ARGISNULL(1))
	{
		text	   *province = PG_GETARG_TEXT_PP(1);
		CividPlace	place;

		if (civid_resolve_place(VARDATA_ANY(province),
								VARSIZE_ANY_EXHDR(province),
								&place) == CIVID_PLACE_FOUND)
		{
			fields.has_province = true;
			fields.province_code = place.code;
			fields.province_exact = place.former_name;
		}
		else
			unknown |= MISMATCH_PROVINCE;
	}

	if (!PG_ARGISNULL(2))
	{
		text	   *sex = PG_GETARG_TEXT_PP(2);
		int			female = civid_parse_sex(VARDATA_ANY(sex),
											 VARSIZE_ANY_EXHDR(sex));

		if (female >= 0)
		{
			fields.has_sex = true;
			fields.female = female;
		}
		else
			unknown |= MISMATCH_SEX;
	}

	if (!PG_ARGISNULL(3))
	{
		DateADT		birth_date = PG_GETARG_DATEADT(3);

		if (DATE_NOT_FINITE(birth_date))
			unknown |= MISMATCH_BIRTH_YEAR;
		else
		{
			fields.has_birth_year = true;
			fields.birth_year = civid_year_of_date(birth_date);
		}
	}

	return civid_mismatches(id, &fields) | unknown;
}

/*
 * citizen_id_mismatches(id, province, sex, birth_date) --- names of the
 * fields that disagree with the ID: province, sex, birth_date; an empty
 * array when all agree.  A NULL field is not checked.
 */
Datum
citizen_id_mismatches(PG_FUNCTION_ARGS)
{
	Datum		names[3];
	int			count = 0;
	int			mask;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	mask = mismatch_mask(fcinfo);
	if (mask & MISMATCH_PROVINCE)
		names[count++] = CStringGetTextDatum("province");
	if (mask & MISMATCH_SEX)
		names[count++] = CStringGetTextDatum("sex");
	if (mask & MISMATCH_BIRTH_YEAR)
		names[count++] = CStringGetTextDatum("birth_date");

	PG_RETURN_ARRAYTYPE_P(construct_array(names, count, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

/*
 * citizen_id_matches(id, province, sex, birth_date) --- true when no field
 * disagrees; usable in a CHECK constraint
 */
Datum
citizen_id_matches(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(mismatch_mask(fcinfo) == 0);
}

/*
 * is_plausible(id, as_of) --- false for an ID that cannot have been issued
 * by the date: a birth year after it, digit 4 past its century, or a code
 * retired in the 2025 merger on a birth year after 2025
 */
Datum
is_plausible(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	DateADT		as_of = PG_GETARG_DATEADT(1);
	int			as_of_year;
	int			birth_year = civid_birth_year_of(id);
	const DomesticCode *entry = civid_find_domestic(civid_code_of(id));

	if (DATE_IS_NOBEGIN(as_of))
		PG_RETURN_BOOL(false);
	if (DATE_IS_NOEND(as_of))
		as_of_year = 2399;
	else
		as_of_year = civid_year_of_date(as_of);

	if (birth_year > as_of_year)
		PG_RETURN_BOOL(false);
	if (entry != NULL && entry->current_code != entry->code &&
		birth_year >= FIRST_BIRTH_YEAR_AFTER_MERGER)
		PG_RETURN_BOOL(false);
	if (!civid_code_is_assigned(civid_code_of(id)))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(true);
}

/*
 * mask_citizen_id(id) --- the code and the last two digits, the rest
 * masked: 040*******57
 */
Datum
mask_citizen_id(PG_FUNCTION_ARGS)
{
	char		digits[CIVID_DIGITS + 1];
	int			i;

	civid_format(PG_GETARG_CITIZEN_ID(0), digits);
	for (i = 3; i < CIVID_DIGITS - 2; i++)
		digits[i] = '*';
	PG_RETURN_TEXT_P(cstring_to_text(digits));
}
