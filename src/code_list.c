/*-------------------------------------------------------------------------
 *
 * code_list.c
 *	  citizen_id_code_table(): every assigned code as rows, behind the view
 *	  citizen_id_codes that analysts join on.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"

#include "code_table.h"

PG_FUNCTION_INFO_V1(citizen_id_code_table);

enum
{
	LIST_CODE,
	LIST_KIND,
	LIST_NAME,
	LIST_NAME_ASCII,
	LIST_VALID_FROM,
	LIST_VALID_UNTIL,
	LIST_CODE_SINCE_MERGER,
	LIST_ISO,
	LIST_FIELD_COUNT
};

/* The date the 2025 merger of provinces took effect */
#define MERGER_DATE			"2025-07-01"

typedef struct CodeRow
{
	int			code;
	const char *kind;
	const char *name;
	const char *name_ascii;
	const char *valid_from;
	const char *valid_until;
	int			code_since_merger;	/* -1 for country codes */
	const char *iso;
} CodeRow;

/*
 * fill_row --- the row at position index: first each domestic code with its
 * original name, then, right after it, its name since the merger if the
 * code changed meaning, then every country code
 */
static bool
fill_row(int index, CodeRow *row)
{
	int			position = 0;
	int			i;

	for (i = 0; i < civid_domestic_code_count; i++)
	{
		const DomesticCode *entry = &civid_domestic_codes[i];
		int			rows = entry->merged_name ? 2 : 1;

		if (index < position + rows)
		{
			bool		merged = (index == position + 1);

			row->code = entry->code;
			row->kind = "province";
			row->name = merged ? entry->merged_name : entry->name;
			row->name_ascii = merged ? entry->merged_name_ascii : entry->name_ascii;
			row->valid_from = merged ? MERGER_DATE : NULL;
			row->valid_until = merged ? NULL : entry->valid_until;
			row->code_since_merger = entry->current_code;
			row->iso = NULL;
			return true;
		}
		position += rows;
	}

	index -= position;
	if (index < civid_country_code_count)
	{
		const CountryCode *entry = &civid_country_codes[index];

		row->code = entry->code;
		row->kind = "country";
		row->name = entry->name;
		row->name_ascii = entry->name_ascii;
		row->valid_from = NULL;
		row->valid_until = NULL;
		row->code_since_merger = -1;
		row->iso = entry->iso_alpha2;
		return true;
	}
	return false;
}

static Datum
code_datum(int code)
{
	char		buffer[4];

	snprintf(buffer, sizeof(buffer), "%03d", code);
	return PointerGetDatum(cstring_to_text(buffer));
}

static Datum
date_datum(const char *iso_date)
{
	return DirectFunctionCall1(date_in, CStringGetDatum(iso_date));
}

Datum
citizen_id_code_table(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	CodeRow		row;
	Datum		values[LIST_FIELD_COUNT];
	bool		nulls[LIST_FIELD_COUNT];

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcontext;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type of citizen_id_code_table must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(oldcontext);
	}

	funcctx = SRF_PERCALL_SETUP();
	if (!fill_row((int) funcctx->call_cntr, &row))
		SRF_RETURN_DONE(funcctx);

	memset(nulls, false, sizeof(nulls));
	values[LIST_CODE] = code_datum(row.code);
	values[LIST_KIND] = PointerGetDatum(cstring_to_text(row.kind));
	values[LIST_NAME] = PointerGetDatum(civid_name_to_text(row.name,
														   row.name_ascii));
	values[LIST_NAME_ASCII] = PointerGetDatum(cstring_to_text(row.name_ascii));

	nulls[LIST_VALID_FROM] = (row.valid_from == NULL);
	if (row.valid_from)
		values[LIST_VALID_FROM] = date_datum(row.valid_from);
	nulls[LIST_VALID_UNTIL] = (row.valid_until == NULL);
	if (row.valid_until)
		values[LIST_VALID_UNTIL] = date_datum(row.valid_until);

	nulls[LIST_CODE_SINCE_MERGER] = (row.code_since_merger < 0);
	if (row.code_since_merger >= 0)
		values[LIST_CODE_SINCE_MERGER] = code_datum(row.code_since_merger);

	nulls[LIST_ISO] = (row.iso == NULL);
	if (row.iso)
		values[LIST_ISO] = PointerGetDatum(cstring_to_text(row.iso));

	SRF_RETURN_NEXT(funcctx,
					HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc,
													  values, nulls)));
}
