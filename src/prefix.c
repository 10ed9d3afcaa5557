/*-------------------------------------------------------------------------
 *
 * prefix.c
 *	  in_province(), born_in() and born_in_century(), the bounds of a
 *	  code's range, and the planner support function that turns a call
 *	  with constant arguments into range conditions a btree index on the
 *	  ID column (and partition pruning) can use.
 *
 *-------------------------------------------------------------------------
 */
#include "prefix.h"

#include "access/htup_details.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "access/stratnum.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "code_table.h"
#include "issue.h"
#include "place.h"

#define BTREE_AM_OID_VALUE	403

PG_FUNCTION_INFO_V1(in_province);
PG_FUNCTION_INFO_V1(born_in);
PG_FUNCTION_INFO_V1(born_in_century);
PG_FUNCTION_INFO_V1(province_lower);
PG_FUNCTION_INFO_V1(province_upper);
PG_FUNCTION_INFO_V1(citizen_id_prefix_support);

/*
 * codes_covered --- the codes a place argument covers, ascending, and
 * their count
 *
 * A province in force since 2025-07-01 covers its own code and the codes it
 * absorbed.  Any other code, and a code named by its former name (Yen Bai
 * for 015), covers only itself.
 */
static int
codes_covered(const CividPlace *place, int *codes)
{
	int			code = place->code;
	const DomesticCode *entry = civid_find_domestic(code);
	int			count = 0;
	int			i;

	if (entry == NULL || entry->current_code != code || place->former_name)
	{
		codes[0] = code;
		return 1;
	}
	for (i = 0; i < civid_domestic_code_count; i++)
	{
		if (civid_domestic_codes[i].current_code == code &&
			count < MAX_PREFIX_RANGES)
			codes[count++] = civid_domestic_codes[i].code;
	}
	return count;
}

/*
 * civid_prefix_ranges --- ranges of stored values whose leading digits
 * match; adjacent ranges are merged, so 033 and 034 (both Hung Yen now)
 * make one range
 */
void
civid_prefix_ranges(const CividPlace *place, PrefixKind kind, int female,
					int birth_year, PrefixRanges *result)
{
	int			codes[MAX_PREFIX_RANGES];
	int			count = codes_covered(place, codes);
	int			i;

	result->count = 0;
	for (i = 0; i < count; i++)
	{
		IdRange		range;

		switch (kind)
		{
			case PREFIX_PROVINCE:
				range.first = (int64) codes[i] * CIVID_CODE_DIVISOR;
				range.last = range.first + CIVID_CODE_DIVISOR - 1;
				break;
			case PREFIX_CENTURY:
				range.first = civid_compose(codes[i], female,
											birth_year - birth_year % 100, 0);
				range.last = range.first + CIVID_CENTURY_DIVISOR - 1;
				break;
			default:
				range.first = civid_compose(codes[i], female, birth_year, 0);
				range.last = range.first + CIVID_YEAR_DIVISOR - 1;
				break;
		}

		if (result->count > 0 &&
			result->ranges[result->count - 1].last + 1 == range.first)
			result->ranges[result->count - 1].last = range.last;
		else
			result->ranges[result->count++] = range;
	}
}

bool
civid_ranges_contain(const PrefixRanges *ranges, CitizenId id)
{
	int			i;

	for (i = 0; i < ranges->count; i++)
	{
		if (id >= ranges->ranges[i].first && id <= ranges->ranges[i].last)
			return true;
	}
	return false;
}

/* The birth year of a century prefix must be one digit 4 can encode */
static void
check_prefix_year(int birth_year)
{
	if (birth_year < 1900 || birth_year > 2399)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid birth year for citizen_id: %d", birth_year),
				 errdetail("Field \"birth_year\" must be between 1900 and 2399, "
						   "the years digit 4 can encode.")));
}

/*
 * ranges_from_arguments --- ranges selected by a prefix function's
 * arguments: place, and for the longer prefixes sex and birth year
 */
static void
ranges_from_arguments(PrefixKind kind, text *place, text *sex, int birth_year,
					  PrefixRanges *ranges)
{
	CividPlace	resolved;
	int			female = 0;

	civid_resolve_province_place(VARDATA_ANY(place), VARSIZE_ANY_EXHDR(place),
								 "province", PLACE_FOR_COMPARISON, &resolved);

	if (kind != PREFIX_PROVINCE)
	{
		female = civid_sex_from_text(sex);
		check_prefix_year(birth_year);
	}
	civid_prefix_ranges(&resolved, kind, female, birth_year, ranges);
}

/*
 * The ranges of the last call are kept in fn_extra with a copy of the
 * arguments, so a scan that tests millions of rows against one province
 * name resolves the name once.
 */
typedef struct PrefixCache
{
	text	   *place;
	text	   *sex;
	int			birth_year;
	PrefixRanges ranges;
} PrefixCache;

static bool
same_text(text *a, text *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

static const PrefixRanges *
cached_ranges(FunctionCallInfo fcinfo, PrefixKind kind, text *place,
			  text *sex, int birth_year)
{
	PrefixCache *cache = (PrefixCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old_context;

	if (cache != NULL && same_text(cache->place, place) &&
		same_text(cache->sex, sex) && cache->birth_year == birth_year)
		return &cache->ranges;

	if (cache == NULL)
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
									   sizeof(PrefixCache));
	ranges_from_arguments(kind, place, sex, birth_year, &cache->ranges);

	old_context = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache->place)
		pfree(cache->place);
	if (cache->sex)
		pfree(cache->sex);
	cache->place = DatumGetTextPCopy(PointerGetDatum(place));
	cache->sex = sex ? DatumGetTextPCopy(PointerGetDatum(sex)) : NULL;
	cache->birth_year = birth_year;
	MemoryContextSwitchTo(old_context);

	fcinfo->flinfo->fn_extra = cache;
	return &cache->ranges;
}

/*
 * in_province(id, province) --- whether the ID was registered in the
 * province or country, given as a code or name.  A province in force since
 * 2025-07-01 also covers the codes it absorbed.
 */
Datum
in_province(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	const PrefixRanges *ranges = cached_ranges(fcinfo, PREFIX_PROVINCE,
											   PG_GETARG_TEXT_PP(1), NULL, 0);

	PG_RETURN_BOOL(civid_ranges_contain(ranges, id));
}

/*
 * born_in(id, province, sex, birth_year) --- digits 1-6 match
 */
Datum
born_in(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	const PrefixRanges *ranges = cached_ranges(fcinfo, PREFIX_YEAR,
											   PG_GETARG_TEXT_PP(1),
											   PG_GETARG_TEXT_PP(2),
											   PG_GETARG_INT32(3));

	PG_RETURN_BOOL(civid_ranges_contain(ranges, id));
}

/*
 * born_in_century(id, province, sex, birth_year) --- digits 1-4 match: the
 * province, the sex and the century that contains birth_year
 */
Datum
born_in_century(PG_FUNCTION_ARGS)
{
	CitizenId	id = PG_GETARG_CITIZEN_ID(0);
	const PrefixRanges *ranges = cached_ranges(fcinfo, PREFIX_CENTURY,
											   PG_GETARG_TEXT_PP(1),
											   PG_GETARG_TEXT_PP(2),
											   PG_GETARG_INT32(3));

	PG_RETURN_BOOL(civid_ranges_contain(ranges, id));
}

static int
code_argument(text *place)
{
	return civid_resolve_province(VARDATA_ANY(place), VARSIZE_ANY_EXHDR(place),
								  "province", PLACE_FOR_COMPARISON);
}

/*
 * province_lower(code) and province_upper(code) --- the smallest and the
 * largest ID with that code: the code's own range, absorbed codes excluded
 */
Datum
province_lower(PG_FUNCTION_ARGS)
{
	int			code = code_argument(PG_GETARG_TEXT_PP(0));

	PG_RETURN_CITIZEN_ID((int64) code * CIVID_CODE_DIVISOR);
}

Datum
province_upper(PG_FUNCTION_ARGS)
{
	int			code = code_argument(PG_GETARG_TEXT_PP(0));

	PG_RETURN_CITIZEN_ID((int64) code * CIVID_CODE_DIVISOR + CIVID_CODE_DIVISOR - 1);
}

/*
 * Planner support
 */

/* The btree operators of citizen_id, found through its default opclass */
typedef struct RangeOperators
{
	Oid			type;
	Oid			greater_equal;
	Oid			less_equal;
} RangeOperators;

static bool
find_range_operators(Oid type, RangeOperators *operators)
{
	Oid			opclass = GetDefaultOpClass(type, BTREE_AM_OID_VALUE);
	Oid			opfamily;

	if (!OidIsValid(opclass))
		return false;
	opfamily = get_opclass_family(opclass);
	operators->type = type;
	operators->greater_equal = get_opfamily_member(opfamily, type, type,
												   BTGreaterEqualStrategyNumber);
	operators->less_equal = get_opfamily_member(opfamily, type, type,
												BTLessEqualStrategyNumber);
	return OidIsValid(operators->greater_equal) &&
		OidIsValid(operators->less_equal);
}

static Expr *
compare_to(const RangeOperators *operators, Oid opno, Expr *id, CitizenId bound)
{
	Const	   *value = makeConst(operators->type, -1, InvalidOid, sizeof(int64),
								  CitizenIdGetDatum(bound), false, FLOAT8PASSBYVAL);
	OpExpr	   *clause = (OpExpr *) make_opclause(opno, BOOLOID, false, id,
												  (Expr *) value,
												  InvalidOid, InvalidOid);

	set_opfuncid(clause);
	return (Expr *) clause;
}

/*
 * ranges_expression --- (id >= first AND id <= last) OR ... for the ranges
 */
static Node *
ranges_expression(const RangeOperators *operators, Expr *id,
				  const PrefixRanges *ranges)
{
	List	   *alternatives = NIL;
	int			i;

	for (i = 0; i < ranges->count; i++)
	{
		List	   *bounds = list_make2(
			compare_to(operators, operators->greater_equal, id,
					   ranges->ranges[i].first),
			compare_to(operators, operators->less_equal,
					   (Expr *) copyObject(id), ranges->ranges[i].last));

		alternatives = lappend(alternatives, make_andclause(bounds));
	}
	if (list_length(alternatives) == 1)
		return (Node *) linitial(alternatives);
	return (Node *) make_orclause(alternatives);
}

static bool
is_non_null_const(Node *node)
{
	return IsA(node, Const) && !((Const *) node)->constisnull;
}

/*
 * simplify_prefix_call --- range expression equivalent to a prefix call
 * whose arguments after the ID are non-null constants, or NULL
 */
static Node *
simplify_prefix_call(FuncExpr *call)
{
	PrefixKind	kind;
	Expr	   *id;
	RangeOperators operators;
	PrefixRanges ranges;
	ListCell   *cell;
	text	   *place;
	text	   *sex = NULL;
	int			female = 0;
	int			birth_year = 0;
	CividPlace	resolved;

	switch (list_length(call->args))
	{
		case 2:
			kind = PREFIX_PROVINCE;
			break;
		case 4:
			{
				char	   *name = get_func_name(call->funcid);

				kind = (name != NULL && strcmp(name, "born_in_century") == 0) ?
					PREFIX_CENTURY : PREFIX_YEAR;
			}
			break;
		default:
			return NULL;
	}

	for_each_from(cell, call->args, 1)
	{
		if (!is_non_null_const(lfirst(cell)))
			return NULL;
	}

	id = (Expr *) linitial(call->args);
	if (!find_range_operators(exprType((Node *) id), &operators))
		return NULL;

	if (kind != PREFIX_PROVINCE)
	{
		birth_year = DatumGetInt32(((Const *) lfourth(call->args))->constvalue);
		sex = DatumGetTextPP(((Const *) lthird(call->args))->constvalue);
	}

	/*
	 * Bad arguments (an unknown province, a misspelt sex) are not simplified
	 * but left for execution to report.  Planning then raises no error for
	 * a call that execution might never reach.
	 */
	place = DatumGetTextPP(((Const *) lsecond(call->args))->constvalue);
	if (civid_resolve_place(VARDATA_ANY(place), VARSIZE_ANY_EXHDR(place),
							&resolved) != CIVID_PLACE_FOUND)
		return NULL;
	if (kind != PREFIX_PROVINCE)
	{
		female = civid_parse_sex(VARDATA_ANY(sex), VARSIZE_ANY_EXHDR(sex));
		if (female < 0 || birth_year < 1900 || birth_year > 2399)
			return NULL;
	}
	civid_prefix_ranges(&resolved, kind, female, birth_year, &ranges);
	return ranges_expression(&operators, id, &ranges);
}

Datum
citizen_id_prefix_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);

	if (IsA(request, SupportRequestSimplify))
	{
		SupportRequestSimplify *simplify = (SupportRequestSimplify *) request;

		PG_RETURN_POINTER(simplify_prefix_call(simplify->fcall));
	}
	PG_RETURN_POINTER(NULL);
}
