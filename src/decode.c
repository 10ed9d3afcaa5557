/*-------------------------------------------------------------------------
 *
 * decode.c
 *	  SQL functions that decode the fields of a citizen ID.
 *
 * Every function here is IMMUTABLE and LEAKPROOF: a stored value always has
 * an assigned code (every input path checks it), so none of them can raise
 * on stored data, and none reads anything but the compiled code tables.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "code_table.h"

PG_FUNCTION_INFO_V1(citizen_id_province_code);
PG_FUNCTION_INFO_V1(citizen_id_registered_abroad);
PG_FUNCTION_INFO_V1(citizen_id_province_name);
PG_FUNCTION_INFO_V1(citizen_id_current_province_code);
PG_FUNCTION_INFO_V1(citizen_id_current_province_name);
PG_FUNCTION_INFO_V1(citizen_id_country_name);
PG_FUNCTION_INFO_V1(citizen_id_country_iso);
PG_FUNCTION_INFO_V1(citizen_id_sex);
PG_FUNCTION_INFO_V1(citizen_id_birth_year);
PG_FUNCTION_INFO_V1(citizen_id_serial_number);
PG_FUNCTION_INFO_V1(citizen_id_info);

/* The fields of citizen_id_info(), in the order of its OUT parameters */
enum
{
	INFO_PROVINCE_CODE,
	INFO_REGISTERED_ABROAD,
	INFO_PROVINCE_NAME,
	INFO_CURRENT_PROVINCE_CODE,
	INFO_CURRENT_PROVINCE_NAME,
	INFO_COUNTRY_NAME,
	INFO_COUNTRY_ISO,
	INFO_SEX,
	INFO_BIRTH_YEAR,
	INFO_SERIAL_NUMBER,
	INFO_FIELD_COUNT
};

/*
 * code_to_text --- the code as three digits, built directly as a varlena
 * because GROUP BY province_code(id) calls this once per row
 */
static text *
code_to_text(int code)
{
	text	   *result = (text *) palloc(VARHDRSZ + 3);

	SET_VARSIZE(result, VARHDRSZ + 3);
	VARDATA(result)[0] = (char) ('0' + code / 100);
	VARDATA(result)[1] = (char) ('0' + code / 10 % 10);
	VARDATA(result)[2] = (char) ('0' + code % 10);
	return result;
}

static text *
sex_to_text(CitizenId id)
{
	return cstring_to_text(civid_is_female(id) ? "female" : "male");
}

static text *
province_name_of(CitizenId id)
{
	const DomesticCode *entry = civid_find_domestic(civid_code_of(id));
	int			year = civid_birth_year_of(id);

	if (entry == NULL)
		return NULL;
	return civid_name_to_text(civid_domestic_name_for_year(entry, year, false),
							  civid_domestic_name_for_year(entry, year, true));
}

static const DomesticCode *
current_province_of(CitizenId id)
{
	const DomesticCode *entry = civid_find_domestic(civid_code_of(id));

	if (entry == NULL)
		return NULL;
	return civid_find_domestic(entry->current_code);
}

static text *
current_province_name_of(CitizenId id)
{
	const DomesticCode *current = current_province_of(id);

	if (current == NULL)
		return NULL;
	return civid_name_to_text(civid_domestic_current_name(current, false),
							  civid_domestic_current_name(current, true));
}

static text *
country_name_of(CitizenId id)
{
	const CountryCode *entry = civid_find_country(civid_code_of(id));

	if (entry == NULL)
		return NULL;
	return civid_name_to_text(entry->name, entry->name_ascii);
}

static text *
country_iso_of(CitizenId id)
{
	const CountryCode *entry = civid_find_country(civid_code_of(id));

	if (entry == NULL)
		return NULL;
	return cstring_to_text(entry->iso_alpha2);
}

#define RETURN_TEXT_OR_NULL(expression) \
	do { \
		text	   *result_ = (expression); \
		if (result_ == NULL) \
			PG_RETURN_NULL(); \
		PG_RETURN_TEXT_P(result_); \
	} while (0)

Datum
citizen_id_province_code(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(code_to_text(civid_code_of(PG_GETARG_CITIZEN_ID(0))));
}

Datum
citizen_id_registered_abroad(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(civid_code_of(PG_GETARG_CITIZEN_ID(0)) >=
				   CIVID_FIRST_COUNTRY_CODE);
}

Datum
citizen_id_province_name(PG_FUNCTION_ARGS)
{
	RETURN_TEXT_OR_NULL(province_name_of(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_current_province_code(PG_FUNCTION_ARGS)
{
	const DomesticCode *current = current_province_of(PG_GETARG_CITIZEN_ID(0));

	if (current == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(code_to_text(current->code));
}

Datum
citizen_id_current_province_name(PG_FUNCTION_ARGS)
{
	RETURN_TEXT_OR_NULL(current_province_name_of(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_country_name(PG_FUNCTION_ARGS)
{
	RETURN_TEXT_OR_NULL(country_name_of(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_country_iso(PG_FUNCTION_ARGS)
{
	RETURN_TEXT_OR_NULL(country_iso_of(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_sex(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(sex_to_text(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_birth_year(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(civid_birth_year_of(PG_GETARG_CITIZEN_ID(0)));
}

Datum
citizen_id_serial_number(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(civid_serial_of(PG_GETARG_CITIZEN_ID(0)));
}

/*
 * set_text_field --- store a text field of citizen_id_info, or NULL
 */
static void
set_text_field(Datum *values, bool *nulls, int field, text *value)
{
	values[field] = PointerGetDatum(value);
	nulls[field] = (value == NULL);
}

/*
 * citizen_id_info --- every decoded field as one record
 */
Datum
citizen_id_info(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	const DomesticCode *current = current_province_of(id);
	TupleDesc	tupdesc;
	Datum		values[INFO_FIELD_COUNT];
	bool		nulls[INFO_FIELD_COUNT];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type of citizen_id_info must be a row type");
	if (tupdesc->natts != INFO_FIELD_COUNT)
		elog(ERROR, "citizen_id_info must return %d columns", INFO_FIELD_COUNT);
	tupdesc = BlessTupleDesc(tupdesc);

	set_text_field(values, nulls, INFO_PROVINCE_CODE,
				   code_to_text(civid_code_of(id)));
	values[INFO_REGISTERED_ABROAD] =
		BoolGetDatum(civid_code_of(id) >= CIVID_FIRST_COUNTRY_CODE);
	nulls[INFO_REGISTERED_ABROAD] = false;
	set_text_field(values, nulls, INFO_PROVINCE_NAME, province_name_of(id));
	set_text_field(values, nulls, INFO_CURRENT_PROVINCE_CODE,
				   current ? code_to_text(current->code) : NULL);
	set_text_field(values, nulls, INFO_CURRENT_PROVINCE_NAME,
				   current_province_name_of(id));
	set_text_field(values, nulls, INFO_COUNTRY_NAME, country_name_of(id));
	set_text_field(values, nulls, INFO_COUNTRY_ISO, country_iso_of(id));
	set_text_field(values, nulls, INFO_SEX, sex_to_text(id));
	values[INFO_BIRTH_YEAR] = Int32GetDatum(civid_birth_year_of(id));
	nulls[INFO_BIRTH_YEAR] = false;
	values[INFO_SERIAL_NUMBER] = Int32GetDatum(civid_serial_of(id));
	nulls[INFO_SERIAL_NUMBER] = false;

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
