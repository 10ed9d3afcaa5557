/*-------------------------------------------------------------------------
 *
 * issue.c
 *	  Issuing new citizen IDs, and the SQL functions that issue, register
 *	  and replace them.
 *
 * A new ID is the bucket of the birth (code, digit 4, year) plus a serial
 * drawn from pg_strong_random(), so neither setseed() nor earlier numbers
 * predict the next one.  The registry's primary key decides uniqueness:
 * see registry.c.
 *
 *-------------------------------------------------------------------------
 */
#include "issue.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "catalog/pg_class.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "code_table.h"
#include "place.h"

/* Serials in one bucket: digits 7-12 */
#define SERIALS_PER_BUCKET	1000000

/*
 * Random draws before falling back to a scan of the bucket for a gap.  A
 * bucket 90% full fails all 64 draws with probability 0.9^64, about 0.1%.
 */
#define RANDOM_ATTEMPTS		64

/* Gap scans before giving up when other sessions keep taking the gap */
#define GAP_ATTEMPTS		16

/* Largest multiple of SERIALS_PER_BUCKET below 2^32, for unbiased draws */
#define RANDOM_LIMIT		UINT32_C(4294000000)

/* First day on which only the 34 provinces since the merger register births */
#define MERGER_YEAR		2025
#define MERGER_MONTH	7
#define MERGER_DAY		1

#define FIRST_BIRTH_YEAR	1900

/* Rows register_citizen_ids() reads and registers at a time */
#define REGISTER_BATCH_SIZE	10000

PG_FUNCTION_INFO_V1(issue_citizen_id_by_date);
PG_FUNCTION_INFO_V1(issue_citizen_id_by_year);
PG_FUNCTION_INFO_V1(register_citizen_id);
PG_FUNCTION_INFO_V1(register_citizen_ids);
PG_FUNCTION_INFO_V1(replace_citizen_id);

int
civid_year_of_date(DateADT date)
{
	int			year;
	int			month;
	int			day;

	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	return year;
}

static DateADT
today(void)
{
	return GetSQLCurrentDate();
}

static bool
merger_in_force(void)
{
	return today() >= date2j(MERGER_YEAR, MERGER_MONTH, MERGER_DAY) -
		POSTGRES_EPOCH_JDATE;
}

static const char *
domestic_name(int code)
{
	const DomesticCode *entry = civid_find_domestic(code);

	return entry ? civid_domestic_current_name(entry, false) : "?";
}

/*
 * civid_resolve_province --- code of a province or country given as a code
 * or a name; raises 22023 naming the field when there is none
 *
 * For a new number the code must be in use for birth registrations today:
 * since 2025-07-01 that means one of the 34 current province codes or a
 * country code, and a merged province's error names its successor.
 */
int
civid_resolve_province(const char *value, int length, const char *field,
					   PlaceUse use)
{
	CividPlace	place;

	return civid_resolve_province_place(value, length, field, use, &place);
}

/*
 * civid_resolve_province_place --- civid_resolve_province(), also telling
 * in *place how the name matched
 */
int
civid_resolve_province_place(const char *value, int length, const char *field,
							 PlaceUse use, CividPlace *place_out)
{
	CividPlace	place;
	CividPlaceStatus status = civid_resolve_place(value, length, &place);
	const DomesticCode *entry;

	if (status == CIVID_PLACE_AMBIGUOUS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ambiguous province or country for citizen_id: \"%.*s\"",
						length, value),
				 errdetail("Field \"%s\" matches codes %03d and %03d.",
						   field, place.code, place.other_code),
				 errhint("Give the code instead of the name.")));

	if (status != CIVID_PLACE_FOUND)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid province or country for citizen_id: \"%.*s\"",
						length, value),
				 errdetail("Field \"%s\" is neither an assigned code nor the "
						   "name of a province or country.", field),
				 errhint("Use a code such as 040 or a name such as Nghe An; "
						 "the view citizen_id_codes lists them all.")));

	entry = civid_find_domestic(place.code);
	if (use == PLACE_FOR_NEW_NUMBER && entry != NULL &&
		entry->current_code != entry->code && merger_in_force())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("province code %03d is no longer used for new citizen IDs",
						place.code),
				 errdetail("%s (%03d) became part of %s (%03d) on 2025-07-01.",
						   entry->name, entry->code,
						   domestic_name(entry->current_code),
						   entry->current_code),
				 errhint("Issue the number with code %03d.",
						 entry->current_code)));

	*place_out = place;
	return place.code;
}

/*
 * civid_check_new_birth_year --- raise unless 1900 <= year <= this year
 */
void
civid_check_new_birth_year(int birth_year)
{
	int			this_year = civid_year_of_date(today());

	if (birth_year < FIRST_BIRTH_YEAR || birth_year > this_year)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid birth year for a new citizen ID: %d",
						birth_year),
				 errdetail("A new number needs a birth year from %d to the "
						   "current year, %d.", FIRST_BIRTH_YEAR, this_year)));
}

/*
 * civid_check_new_birth_date --- raise for a date in the future or before
 * 1900; returns the birth year
 */
int
civid_check_new_birth_date(DateADT birth_date)
{
	if (DATE_NOT_FINITE(birth_date))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid birth date for a new citizen ID: %s",
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(birth_date)))),
				 errdetail("A birth date must be a finite date.")));
	if (birth_date > today())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid birth date for a new citizen ID: %s",
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(birth_date)))),
				 errdetail("The birth date is later than today, %s.",
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum(today()))))));

	civid_check_new_birth_year(civid_year_of_date(birth_date));
	return civid_year_of_date(birth_date);
}

static int
random_serial(void)
{
	uint32		value;

	do
	{
		if (!pg_strong_random(&value, sizeof(value)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate a random serial number")));
	} while (value >= RANDOM_LIMIT);

	return (int) (value % SERIALS_PER_BUCKET);
}

/*
 * civid_issue --- insert a new ID of the bucket into the open registry
 *
 * Raises 54000 when every serial of the bucket is taken, counting those
 * held by open transactions, which may still roll back.
 */
CitizenId
civid_issue(Registry *registry, int code, int female, int birth_year)
{
	CitizenId	first = civid_compose(code, female, birth_year, 0);
	CitizenId	last = first + SERIALS_PER_BUCKET - 1;
	int			attempt;

	for (attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++)
	{
		CitizenId	candidate = first + random_serial();

		if (!civid_registry_taken(registry, candidate) &&
			civid_registry_insert(registry, candidate, "issued"))
			return candidate;
	}

	/* The bucket is nearly full: take the first gap after a random point */
	for (attempt = 0; attempt < GAP_ATTEMPTS; attempt++)
	{
		int64		candidate;

		CHECK_FOR_INTERRUPTS();
		candidate = civid_registry_find_free(registry, first, last,
											 first + random_serial());
		if (candidate < 0)
			break;
		if (civid_registry_insert(registry, candidate, "issued"))
			return candidate;
	}

	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("no free citizen ID for code %03d, digit 4 = %d, birth year %d",
					code, civid_century_digit_of(first), birth_year),
			 errdetail("All %d serial numbers from %012lld to %012lld are "
					   "issued, registered or held by open transactions.",
					   SERIALS_PER_BUCKET, (long long) first, (long long) last),
			 errhint("Numbers held by transactions that roll back become "
					 "free again; registered numbers never do.")));
	return -1;					/* not reached */
}

/*
 * issue_for --- open the registry and issue one number
 */
static CitizenId
issue_for(FunctionCallInfo fcinfo, int code, int female, int birth_year)
{
	Registry	registry;
	CitizenId	id;

	civid_registry_open(&registry, civid_extension_schema(fcinfo));
	id = civid_issue(&registry, code, female, birth_year);
	civid_registry_close(&registry);
	return id;
}

static int
province_argument(text *province)
{
	return civid_resolve_province(VARDATA_ANY(province),
								  VARSIZE_ANY_EXHDR(province), "province",
								  PLACE_FOR_NEW_NUMBER);
}

/*
 * issue_citizen_id(province text, sex text, birth_date date)
 */
Datum
issue_citizen_id_by_date(PG_FUNCTION_ARGS)
{
	int			code = province_argument(PG_GETARG_TEXT_PP(0));
	int			female = civid_sex_from_text(PG_GETARG_TEXT_PP(1));
	int			birth_year = civid_check_new_birth_date(PG_GETARG_DATEADT(2));

	PG_RETURN_CITIZEN_ID(issue_for(fcinfo, code, female, birth_year));
}

/*
 * issue_citizen_id(province text, sex text, birth_year integer)
 */
Datum
issue_citizen_id_by_year(PG_FUNCTION_ARGS)
{
	int			code = province_argument(PG_GETARG_TEXT_PP(0));
	int			female = civid_sex_from_text(PG_GETARG_TEXT_PP(1));
	int32		birth_year = PG_GETARG_INT32(2);

	civid_check_new_birth_year(birth_year);
	PG_RETURN_CITIZEN_ID(issue_for(fcinfo, code, female, birth_year));
}

/*
 * register_citizen_id(id) --- record a number issued elsewhere; returns
 * false if the registry has it already, in force or cancelled
 */
Datum
register_citizen_id(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	Registry	registry;
	bool		inserted;

	civid_registry_open(&registry, civid_extension_schema(fcinfo));
	inserted = civid_registry_insert(&registry, id, "registered");
	civid_registry_close(&registry);
	PG_RETURN_BOOL(inserted);
}

/*
 * register_citizen_ids(source regclass, id_column name) --- register every
 * number of a table column; returns how many were new
 *
 * The column is read through a cursor as the calling user, so that user's
 * privileges and row-level security apply and any function a view calls
 * runs with the caller's rights.  Only the inserts into the registry run as
 * its owner, a batch at a time.
 */
Datum
register_citizen_ids(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *column = NameStr(*PG_GETARG_NAME(1));
	Oid			schema = civid_extension_schema(fcinfo);
	AttrNumber	attnum;
	Registry	registry;
	Portal		portal;
	Datum	   *batch = palloc(sizeof(Datum) * REGISTER_BATCH_SIZE);
	int64		count = 0;
	char	   *query;

	if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));

	attnum = get_attnum(relid, column);
	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						column, get_rel_name(relid))));
	if (get_atttype(relid, attnum) != civid_citizen_id_type(schema))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" is not of type citizen_id",
						column, get_rel_name(relid))));

	query = psprintf("SELECT t.%s FROM %s t WHERE t.%s IS NOT NULL",
					 quote_identifier(column),
					 quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
												get_rel_name(relid)),
					 quote_identifier(column));

	civid_registry_open(&registry, schema);
	civid_registry_as_caller(&registry);
	portal = SPI_cursor_open_with_args(NULL, query, 0, NULL, NULL, NULL, true,
									   CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		uint64		fetched;
		uint64		i;

		SPI_cursor_fetch(portal, true, REGISTER_BATCH_SIZE);
		fetched = SPI_processed;
		if (fetched == 0)
			break;
		for (i = 0; i < fetched; i++)
		{
			bool		isnull;

			batch[i] = SPI_getbinval(SPI_tuptable->vals[i],
									 SPI_tuptable->tupdesc, 1, &isnull);
		}
		SPI_freetuptable(SPI_tuptable);

		civid_registry_as_owner(&registry);
		count += civid_registry_insert_batch(&registry, batch, (int) fetched);
		civid_registry_as_caller(&registry);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	civid_registry_close(&registry);
	PG_RETURN_INT64(count);
}

/*
 * replace_citizen_id(old_id, province, sex, birth_date, reason) --- issue a
 * new number for corrected fields and cancel the old one in its favour
 */
Datum
replace_citizen_id(PG_FUNCTION_ARGS)
{
	CitizenId	old_id = PG_GETARG_CITIZEN_ID(0);
	int			code = province_argument(PG_GETARG_TEXT_PP(1));
	int			female = civid_sex_from_text(PG_GETARG_TEXT_PP(2));
	int			birth_year = civid_check_new_birth_date(PG_GETARG_DATEADT(3));
	char	   *reason = text_to_cstring(PG_GETARG_TEXT_PP(4));
	Registry	registry;
	CitizenId	new_id;

	civid_registry_open(&registry, civid_extension_schema(fcinfo));
	new_id = civid_issue(&registry, code, female, birth_year);
	civid_registry_cancel(&registry, old_id, new_id, reason);
	civid_registry_close(&registry);
	PG_RETURN_CITIZEN_ID(new_id);
}
