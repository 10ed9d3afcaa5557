/*-------------------------------------------------------------------------
 *
 * trigger.c
 *	  assign_citizen_id(): a BEFORE INSERT OR UPDATE row trigger that gives
 *	  a row a new citizen ID, checks an ID given with the row, and issues a
 *	  new ID when a correction changes the province, sex or birth year.
 *
 *	  CREATE TRIGGER t_citizen_id BEFORE INSERT OR UPDATE ON t
 *		FOR EACH ROW EXECUTE FUNCTION
 *		assign_citizen_id('id', 'province', 'sex', 'birth_date');
 *
 *-------------------------------------------------------------------------
 */
#include "issue.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "agreement.h"

PG_FUNCTION_INFO_V1(assign_citizen_id);

/* The columns named by the trigger's arguments, in argument order */
enum
{
	COLUMN_ID,
	COLUMN_PROVINCE,
	COLUMN_SEX,
	COLUMN_BIRTH_DATE,
	COLUMN_COUNT
};

static const char *const argument_roles[COLUMN_COUNT] = {
	"citizen ID", "province", "sex", "birth date"
};

typedef struct TriggerColumns
{
	AttrNumber	attnum[COLUMN_COUNT];
	Oid			base_type[COLUMN_COUNT];
	const char *name[COLUMN_COUNT];
} TriggerColumns;

/* A row's fields as the trigger reads them */
typedef struct RowValues
{
	bool		has_id;
	CitizenId	id;
	PersonFields person;		/* has_birth_year only for a finite date */
	bool		has_birth_date;
	DateADT		birth_date;
	char	   *province_text;	/* as written in the row, for messages */
} RowValues;

static bool
is_integer_type(Oid type)
{
	return type == INT2OID || type == INT4OID || type == INT8OID;
}

static bool
is_text_or_enum_type(Oid type)
{
	char		category;
	bool		preferred;

	get_type_category_preferred(type, &category, &preferred);
	return category == TYPCATEGORY_STRING || category == TYPCATEGORY_ENUM;
}

static bool
is_date_type(Oid type)
{
	return type == DATEOID || type == TIMESTAMPOID || type == TIMESTAMPTZOID;
}

/*
 * find_columns --- look up the argument columns and check their types
 */
static void
find_columns(TriggerData *trigdata, Oid citizen_id_type,
			 TriggerColumns *columns)
{
	Trigger    *trigger = trigdata->tg_trigger;
	Relation	relation = trigdata->tg_relation;
	TupleDesc	tupdesc = RelationGetDescr(relation);
	int			i;

	if (trigger->tgnargs != COLUMN_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on \"%s\" has %d arguments, but "
						"assign_citizen_id() takes 4",
						trigger->tgname, RelationGetRelationName(relation),
						trigger->tgnargs),
				 errhint("Name the columns of the citizen ID, province, sex "
						 "and birth date, in that order.")));

	for (i = 0; i < COLUMN_COUNT; i++)
	{
		const char *name = trigger->tgargs[i];
		int			attnum = SPI_fnumber(tupdesc, name);
		Oid			type;
		bool		usable;

		if (attnum <= 0 || TupleDescAttr(tupdesc, attnum - 1)->attisdropped)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" does not exist",
							name, RelationGetRelationName(relation)),
					 errdetail("Trigger \"%s\" names it as the %s column.",
							   trigger->tgname, argument_roles[i])));

		type = getBaseType(TupleDescAttr(tupdesc, attnum - 1)->atttypid);
		switch (i)
		{
			case COLUMN_ID:
				usable = (type == citizen_id_type);
				break;
			case COLUMN_PROVINCE:
				usable = is_integer_type(type) || is_text_or_enum_type(type);
				break;
			case COLUMN_SEX:
				usable = is_text_or_enum_type(type);
				break;
			default:
				usable = is_date_type(type);
				break;
		}
		if (!usable)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of relation \"%s\" has type %s, "
							"which cannot hold a %s",
							name, RelationGetRelationName(relation),
							format_type_be(type), argument_roles[i]),
					 errhint(i == COLUMN_ID ? "Use type citizen_id." :
							 i == COLUMN_PROVINCE ? "Use a text, enum or integer column." :
							 i == COLUMN_SEX ? "Use a text or enum column." :
							 "Use a date, timestamp or timestamptz column.")));

		columns->attnum[i] = attnum;
		columns->base_type[i] = type;
		columns->name[i] = name;
	}
}

/*
 * text_value --- the column's value in its output form, trailing blanks of
 * char(n) removed
 */
static char *
text_value(Datum value, Oid type)
{
	Oid			output_function;
	bool		varlena;
	char	   *result;
	size_t		length;

	getTypeOutputInfo(type, &output_function, &varlena);
	result = OidOutputFunctionCall(output_function, value);
	length = strlen(result);
	while (length > 0 && result[length - 1] == ' ')
		result[--length] = '\0';
	return result;
}

static DateADT
date_value(Datum value, Oid type)
{
	if (type == DATEOID)
		return DatumGetDateADT(value);
	if (type == TIMESTAMPOID)
		return DatumGetDateADT(DirectFunctionCall1(timestamp_date, value));
	return DatumGetDateADT(DirectFunctionCall1(timestamptz_date, value));
}

/*
 * read_row --- the four fields of a row; NULL fields are marked unknown
 */
static void
read_row(HeapTuple tuple, TupleDesc tupdesc, const TriggerColumns *columns,
		 RowValues *row)
{
	bool		isnull;
	Datum		value;

	memset(row, 0, sizeof(*row));

	value = heap_getattr(tuple, columns->attnum[COLUMN_ID], tupdesc, &isnull);
	row->has_id = !isnull;
	if (!isnull)
		row->id = DatumGetCitizenId(value);

	value = heap_getattr(tuple, columns->attnum[COLUMN_PROVINCE], tupdesc,
						 &isnull);
	if (!isnull)
	{
		Oid			type = columns->base_type[COLUMN_PROVINCE];
		CividPlace	place;

		if (is_integer_type(type))
		{
			int64		number = (type == INT8OID) ? DatumGetInt64(value) :
				(type == INT4OID) ? DatumGetInt32(value) : DatumGetInt16(value);

			row->province_text = (number >= 0 && number <= 999) ?
				psprintf("%03d", (int) number) : psprintf(INT64_FORMAT, number);
		}
		else
			row->province_text = text_value(value, type);
		row->person.has_province = true;
		row->person.province_code =
			civid_resolve_province_place(row->province_text,
										 strlen(row->province_text),
										 columns->name[COLUMN_PROVINCE],
										 PLACE_FOR_COMPARISON, &place);
		row->person.province_exact = place.former_name;
	}

	value = heap_getattr(tuple, columns->attnum[COLUMN_SEX], tupdesc, &isnull);
	if (!isnull)
	{
		char	   *sex = text_value(value, columns->base_type[COLUMN_SEX]);

		row->person.has_sex = true;
		row->person.female = civid_sex_from_string(sex, strlen(sex),
												   columns->name[COLUMN_SEX]);
	}

	value = heap_getattr(tuple, columns->attnum[COLUMN_BIRTH_DATE], tupdesc,
						 &isnull);
	if (!isnull)
	{
		row->has_birth_date = true;
		row->birth_date = date_value(value, columns->base_type[COLUMN_BIRTH_DATE]);
		row->person.has_birth_year = !DATE_NOT_FINITE(row->birth_date);
		row->person.birth_year = civid_year_of_date(row->birth_date);
	}
}

/*
 * require_fields --- raise 23502 naming the first NULL field needed to
 * issue a number
 */
static void
require_fields(const RowValues *row, const TriggerColumns *columns,
			   Relation relation)
{
	const char *missing = NULL;

	if (!row->person.has_province)
		missing = columns->name[COLUMN_PROVINCE];
	else if (!row->person.has_sex)
		missing = columns->name[COLUMN_SEX];
	else if (!row->has_birth_date)
		missing = columns->name[COLUMN_BIRTH_DATE];

	if (missing)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("cannot issue a citizen ID for a row of \"%s\" whose "
						"column \"%s\" is null",
						RelationGetRelationName(relation), missing),
				 errdetail("A new number needs the province, sex and birth date.")));
}

/*
 * describe_mismatches --- one sentence per field that disagrees with the ID
 */
static char *
describe_mismatches(CitizenId id, int mask, const TriggerColumns *columns)
{
	StringInfoData detail;

	initStringInfo(&detail);
	if (mask & MISMATCH_PROVINCE)
		appendStringInfo(&detail,
						 "Column \"%s\" disagrees with the code %03d in digits 1-3.",
						 columns->name[COLUMN_PROVINCE], civid_code_of(id));
	if (mask & MISMATCH_SEX)
		appendStringInfo(&detail,
						 "%sColumn \"%s\" disagrees with digit 4, which encodes %s.",
						 detail.len ? " " : "", columns->name[COLUMN_SEX],
						 civid_is_female(id) ? "female" : "male");
	if (mask & MISMATCH_BIRTH_YEAR)
		appendStringInfo(&detail,
						 "%sColumn \"%s\" disagrees with the birth year %d that "
						 "digits 4-6 encode.",
						 detail.len ? " " : "", columns->name[COLUMN_BIRTH_DATE],
						 civid_birth_year_of(id));
	return detail.data;
}

static char *
correction_reason(int mask)
{
	StringInfoData reason;

	initStringInfo(&reason);
	appendStringInfoString(&reason, "correction of");
	if (mask & MISMATCH_PROVINCE)
		appendStringInfoString(&reason, " province");
	if (mask & MISMATCH_SEX)
		appendStringInfo(&reason, "%s sex", (mask & MISMATCH_PROVINCE) ? "," : "");
	if (mask & MISMATCH_BIRTH_YEAR)
		appendStringInfo(&reason, "%s birth year",
						 (mask & (MISMATCH_PROVINCE | MISMATCH_SEX)) ? "," : "");
	return reason.data;
}

/*
 * row_mismatches --- MISMATCH_* bits of the fields that disagree with the
 * row's ID; an infinite birth date disagrees with every birth year
 */
static int
row_mismatches(const RowValues *row)
{
	int			mask = civid_mismatches(row->id, &row->person);

	if (row->has_birth_date && !row->person.has_birth_year)
		mask |= MISMATCH_BIRTH_YEAR;
	return mask;
}

/* Fields of a row that are not NULL, as MISMATCH_* bits */
static int
known_fields(const RowValues *row)
{
	return (row->person.has_province ? MISMATCH_PROVINCE : 0) |
		(row->person.has_sex ? MISMATCH_SEX : 0) |
		(row->has_birth_date ? MISMATCH_BIRTH_YEAR : 0);
}

/*
 * report_disagreement --- raise 23514 for an ID that disagrees with the
 * row it is stored in
 */
static void
report_disagreement(const RowValues *row, int mask,
					const TriggerColumns *columns, Relation relation)
{
	char		id_text[CIVID_DIGITS + 1];

	civid_format(row->id, id_text);
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("citizen ID %s disagrees with its row in \"%s\"",
					id_text, RelationGetRelationName(relation)),
			 errdetail_internal("%s", describe_mismatches(row->id, mask, columns)),
			 errhint("Correct the row or the ID. To give the row a new "
					 "number instead, leave column \"%s\" null.",
					 columns->name[COLUMN_ID])));
}

/*
 * check_given_id --- raise 23514 if an ID given with the row was cancelled
 * or disagrees with the row; otherwise register it
 */
static void
check_given_id(Registry *registry, const RowValues *row,
			   const TriggerColumns *columns, Relation relation)
{
	char		id_text[CIVID_DIGITS + 1];
	int			mask = row_mismatches(row);
	CitizenId	replaced_by;

	civid_format(row->id, id_text);

	if (civid_registry_status(registry, row->id, &replaced_by) == REGISTRY_CANCELLED)
	{
		char		replacement[CIVID_DIGITS + 1];

		civid_format(replaced_by, replacement);
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("citizen ID %s is cancelled", id_text),
				 replaced_by >= 0 ?
				 errdetail("It was replaced by %s.", replacement) :
				 errdetail("The registry records it as cancelled."),
				 errhint("A cancelled number is never used again.")));
	}
	if (mask != 0)
		report_disagreement(row, mask, columns, relation);
	civid_registry_insert(registry, row->id, "registered");
}

/*
 * new_number --- issue a number from the row's own fields
 *
 * The row must name a province in use today, also for a correction of an
 * older record.  A record with province Ha Giang gets an error naming Tuyen
 * Quang, so the same UPDATE can set that province, which the new number
 * agrees with.
 */
static CitizenId
new_number(Registry *registry, const RowValues *row,
		   const TriggerColumns *columns, Relation relation)
{
	int			code;

	require_fields(row, columns, relation);
	code = civid_resolve_province(row->province_text,
								  strlen(row->province_text),
								  columns->name[COLUMN_PROVINCE],
								  PLACE_FOR_NEW_NUMBER);
	civid_check_new_birth_date(row->birth_date);
	return civid_issue(registry, code, row->person.female,
					   row->person.birth_year);
}

static HeapTuple
set_id(HeapTuple tuple, TupleDesc tupdesc, const TriggerColumns *columns,
	   CitizenId id)
{
	int			attnum = columns->attnum[COLUMN_ID];
	Datum		value = CitizenIdGetDatum(id);
	bool		isnull = false;

	return heap_modify_tuple_by_cols(tuple, tupdesc, 1, &attnum, &value,
									 &isnull);
}

Datum
assign_citizen_id(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	relation;
	TupleDesc	tupdesc;
	TriggerColumns columns;
	HeapTuple	tuple;
	RowValues	row;
	Registry	registry;
	bool		assign = false;
	CitizenId	assigned = 0;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("assign_citizen_id() was not called by the trigger manager")));
	if (!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		  TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("assign_citizen_id() must be fired BEFORE INSERT OR "
						"UPDATE, FOR EACH ROW")));

	relation = trigdata->tg_relation;
	tupdesc = RelationGetDescr(relation);
	find_columns(trigdata, civid_citizen_id_type(civid_extension_schema(fcinfo)),
				 &columns);

	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;

	/* Run the columns' output functions before becoming the registry owner */
	read_row(tuple, tupdesc, &columns, &row);

	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		RowValues	old_row;
		int			mask;

		read_row(trigdata->tg_trigtuple, tupdesc, &columns, &old_row);

		/*
		 * Clearing the number of a row that has one keeps the number, so a
		 * person never ends up with two numbers in force.  A different
		 * number typed into the row is checked like one given on INSERT.
		 */
		if (!row.has_id && old_row.has_id)
		{
			row.has_id = true;
			row.id = old_row.id;
			assign = true;
			assigned = old_row.id;
		}

		if (row.has_id && old_row.has_id && old_row.id == row.id)
		{
			/* Same number: nothing to do unless a correction broke it */
			mask = row_mismatches(&row);
			if (mask == 0)
				return assign ? PointerGetDatum(set_id(tuple, tupdesc, &columns,
														assigned)) :
					PointerGetDatum(tuple);

			/* A field filled in for the first time is not a correction */
			if (mask & ~known_fields(&old_row))
				report_disagreement(&row, mask & ~known_fields(&old_row),
									&columns, relation);

			civid_registry_open(&registry, civid_extension_schema(fcinfo));
			assigned = new_number(&registry, &row, &columns, relation);
			civid_registry_cancel(&registry, row.id, assigned,
								  correction_reason(mask));
			civid_registry_close(&registry);
			assign = true;
		}
	}

	if (!assign)
	{
		civid_registry_open(&registry, civid_extension_schema(fcinfo));
		if (row.has_id)
			check_given_id(&registry, &row, &columns, relation);
		else
		{
			assigned = new_number(&registry, &row, &columns, relation);
			assign = true;
		}
		civid_registry_close(&registry);
	}

	if (assign)
		tuple = set_id(tuple, tupdesc, &columns, assigned);
	return PointerGetDatum(tuple);
}
