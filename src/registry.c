/*-------------------------------------------------------------------------
 *
 * registry.c
 *	  Reading and writing civid_registry.entries.
 *
 * The registry's primary key is what makes every number unique: an ID is
 * issued only if its row could be inserted.  Callers first probe the index
 * with a dirty snapshot, which also returns rows that other transactions
 * have inserted but not yet committed.  An issuing session then waits on
 * another only when both draw the same serial between the other's probe
 * and its insert, and a deadlock needs two such races in opposite
 * directions at once.
 *
 * While the registry is open the current user is the registry's owner, as
 * in the foreign-key triggers, so a role that may issue numbers needs no
 * privilege on the table itself.
 *
 *-------------------------------------------------------------------------
 */
#include "registry.h"

#include "access/genam.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "access/tableam.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "access/stratnum.h"

#define REGISTRY_SCHEMA	"civid_registry"
#define REGISTRY_TABLE	"entries"

/*
 * Prepared statements, kept for the life of the backend.  They are made
 * again when the extension was dropped and created anew, since that
 * changes the OID of the citizen_id type they take as a parameter.
 */
static Oid	plans_type = InvalidOid;
static SPIPlanPtr insert_plan = NULL;
static SPIPlanPtr status_plan = NULL;
static SPIPlanPtr cancel_plan = NULL;
static SPIPlanPtr batch_plan = NULL;

/*
 * civid_extension_schema --- schema civid was created in: the schema of the
 * SQL function being called, since every civid function lives there
 */
Oid
civid_extension_schema(FunctionCallInfo fcinfo)
{
	return get_func_namespace(fcinfo->flinfo->fn_oid);
}

Oid
civid_citizen_id_type(Oid schema)
{
	Oid			type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									   CStringGetDatum("citizen_id"),
									   ObjectIdGetDatum(schema));

	if (!OidIsValid(type))
		elog(ERROR, "type citizen_id not found in schema %u", schema);
	return type;
}

static SPIPlanPtr
prepare_plan(const char *query, int nargs, Oid *argtypes)
{
	SPIPlanPtr	plan = SPI_prepare(query, nargs, argtypes);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s", query,
			 SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return plan;
}

/*
 * prepare_plans --- make the prepared statements for this citizen_id type
 */
static void
prepare_plans(Oid schema)
{
	Oid			type = civid_citizen_id_type(schema);
	char	   *equals;
	Oid			insert_types[3] = {type, TEXTOID, NAMEOID};
	Oid			status_types[1] = {type};
	Oid			cancel_types[4] = {type, type, NAMEOID, TEXTOID};
	Oid			batch_types[2] = {get_array_type(type), NAMEOID};

	if (type == plans_type && insert_plan && status_plan && cancel_plan &&
		batch_plan)
		return;

	if (insert_plan)
		SPI_freeplan(insert_plan);
	if (status_plan)
		SPI_freeplan(status_plan);
	if (cancel_plan)
		SPI_freeplan(cancel_plan);
	if (batch_plan)
		SPI_freeplan(batch_plan);
	insert_plan = status_plan = cancel_plan = batch_plan = NULL;
	plans_type = InvalidOid;

	equals = psprintf("OPERATOR(%s.=)",
					  quote_identifier(get_namespace_name(schema)));

	insert_plan = prepare_plan(
		"INSERT INTO " REGISTRY_SCHEMA "." REGISTRY_TABLE
		" (id, origin, registered_by) VALUES ($1, $2, $3)"
		" ON CONFLICT DO NOTHING",
		3, insert_types);

	status_plan = prepare_plan(
		psprintf("SELECT e.status, e.replaced_by"
				 " FROM " REGISTRY_SCHEMA "." REGISTRY_TABLE " e"
				 " WHERE e.id %s $1", equals),
		1, status_types);

	/* An ID the registry does not have yet is recorded as cancelled */
	cancel_plan = prepare_plan(
		"INSERT INTO " REGISTRY_SCHEMA "." REGISTRY_TABLE " AS e"
		" (id, origin, registered_by, status, cancelled_at, replaced_by, reason)"
		" VALUES ($1, 'registered', $3, 'cancelled', pg_catalog.now(), $2, $4)"
		" ON CONFLICT (id) DO UPDATE"
		" SET status = 'cancelled', cancelled_at = pg_catalog.now(),"
		" replaced_by = EXCLUDED.replaced_by, reason = EXCLUDED.reason"
		" WHERE e.status OPERATOR(pg_catalog.=) 'in force'",
		4, cancel_types);

	batch_plan = prepare_plan(
		"INSERT INTO " REGISTRY_SCHEMA "." REGISTRY_TABLE
		" (id, origin, registered_by)"
		" SELECT u.id, 'registered', $2 FROM pg_catalog.unnest($1) AS u (id)"
		" ON CONFLICT DO NOTHING",
		2, batch_types);

	plans_type = type;
}

/*
 * civid_registry_open --- open the registry as its owner and connect SPI
 */
void
civid_registry_open(Registry *registry, Oid schema)
{
	Oid			namespace = get_namespace_oid(REGISTRY_SCHEMA, false);
	Oid			relid = get_relname_relid(REGISTRY_TABLE, namespace);
	Oid			index_oid;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("civid registry table %s.%s does not exist",
						REGISTRY_SCHEMA, REGISTRY_TABLE)));

	registry->schema = schema;
	registry->heap = table_open(relid, AccessShareLock);
	index_oid = RelationGetPrimaryKeyIndex(registry->heap);
	if (!OidIsValid(index_oid))
		elog(ERROR, "civid registry table has no primary key");
	registry->index = index_open(index_oid, AccessShareLock);

	GetUserIdAndSecContext(&registry->caller,
						   &registry->caller_security_context);
	registry->caller_name =
		DirectFunctionCall1(namein,
							CStringGetDatum(GetUserNameFromId(registry->caller,
															  false)));
	civid_registry_as_owner(registry);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	prepare_plans(schema);
}

/*
 * civid_registry_as_owner --- act as the registry's owner, with the
 * restrictions PostgreSQL puts on such a switch of user
 */
void
civid_registry_as_owner(Registry *registry)
{
	SetUserIdAndSecContext(registry->heap->rd_rel->relowner,
						   registry->caller_security_context |
						   SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
}

/*
 * civid_registry_as_caller --- act as the calling user again, for reading
 * the caller's tables with the caller's privileges and policies
 */
void
civid_registry_as_caller(Registry *registry)
{
	SetUserIdAndSecContext(registry->caller,
						   registry->caller_security_context);
}

/*
 * civid_registry_close --- disconnect SPI and become the caller again
 *
 * The locks taken in civid_registry_open() are kept until the end of the
 * transaction, as usual.
 */
void
civid_registry_close(Registry *registry)
{
	SPI_finish();
	SetUserIdAndSecContext(registry->caller,
						   registry->caller_security_context);
	index_close(registry->index, NoLock);
	table_close(registry->heap, NoLock);
}

/*
 * scan_registry --- start a dirty-snapshot scan of ids from first to last
 */
static IndexScanDesc
scan_registry(Registry *registry, Snapshot snapshot, ScanKeyData *keys,
			  CitizenId first, CitizenId last)
{
	IndexScanDesc scan;

	ScanKeyInit(&keys[0], 1, BTGreaterEqualStrategyNumber, F_INT8GE,
				Int64GetDatum(first));
	ScanKeyInit(&keys[1], 1, BTLessEqualStrategyNumber, F_INT8LE,
				Int64GetDatum(last));
	scan = civid_index_beginscan(registry->heap, registry->index, snapshot, 2);
	index_rescan(scan, keys, 2, NULL, 0);
	return scan;
}

/*
 * civid_registry_taken --- whether any transaction, committed or still
 * open (this one included), has put the ID in the registry
 */
bool
civid_registry_taken(Registry *registry, CitizenId id)
{
	SnapshotData dirty;
	ScanKeyData keys[2];
	IndexScanDesc scan;
	TupleTableSlot *slot = table_slot_create(registry->heap, NULL);
	bool		found;

	InitDirtySnapshot(dirty);
	scan = scan_registry(registry, &dirty, keys, id, id);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	return found;
}

/*
 * first_gap --- smallest ID from first to last that the dirty scan does
 * not return, or -1
 */
static int64
first_gap(Registry *registry, CitizenId first, CitizenId last)
{
	SnapshotData dirty;
	ScanKeyData keys[2];
	IndexScanDesc scan;
	TupleTableSlot *slot = table_slot_create(registry->heap, NULL);
	int64		expected = first;
	int64		result = -1;

	InitDirtySnapshot(dirty);
	scan = scan_registry(registry, &dirty, keys, first, last);
	while (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		bool		isnull;
		int64		id = DatumGetInt64(slot_getattr(slot, 1, &isnull));

		CHECK_FOR_INTERRUPTS();

		/* A row being updated shows twice under a dirty snapshot */
		if (id < expected)
			continue;
		if (id > expected)
		{
			result = expected;
			break;
		}
		expected = id + 1;
	}
	if (result < 0 && expected <= last)
		result = expected;

	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	return result;
}

/*
 * civid_registry_find_free --- an ID from first to last that no transaction
 * has taken: the first free one at or after start, wrapping around to first.
 * Returns -1 when every ID in the range is taken.
 */
int64
civid_registry_find_free(Registry *registry, CitizenId first, CitizenId last,
						 CitizenId start)
{
	int64		free_id = first_gap(registry, start, last);

	if (free_id < 0 && start > first)
		free_id = first_gap(registry, first, start - 1);
	return free_id;
}

/*
 * civid_registry_insert --- add an ID; false if it was already there
 *
 * Waits only if another open transaction inserted the same ID after the
 * caller's dirty probe, and then returns what that transaction decided.
 */
bool
civid_registry_insert(Registry *registry, CitizenId id, const char *origin)
{
	Datum		values[3];
	int			result;

	values[0] = CitizenIdGetDatum(id);
	values[1] = CStringGetTextDatum(origin);
	values[2] = registry->caller_name;

	result = SPI_execute_plan(insert_plan, values, NULL, false, 0);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "inserting into the civid registry failed: %s",
			 SPI_result_code_string(result));
	return SPI_processed == 1;
}

/*
 * civid_registry_status --- status of an ID in this transaction's snapshot,
 * with its replacement in *replaced_by, or -1
 */
RegistryStatus
civid_registry_status(Registry *registry, CitizenId id, CitizenId *replaced_by)
{
	Datum		values[1];
	int			result;
	bool		isnull;
	char	   *status;
	Datum		replacement;

	*replaced_by = -1;
	values[0] = CitizenIdGetDatum(id);
	result = SPI_execute_plan(status_plan, values, NULL, true, 1);
	if (result != SPI_OK_SELECT)
		elog(ERROR, "reading the civid registry failed: %s",
			 SPI_result_code_string(result));
	if (SPI_processed == 0)
		return REGISTRY_ABSENT;

	status = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	replacement = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
								2, &isnull);
	if (!isnull)
		*replaced_by = DatumGetCitizenId(replacement);
	return strcmp(status, "cancelled") == 0 ? REGISTRY_CANCELLED : REGISTRY_IN_FORCE;
}

/*
 * civid_registry_cancel --- cancel old_id, naming new_id as its replacement
 *
 * Raises if old_id is already cancelled, since a cancelled number has a
 * replacement already and must not get a second one.
 */
void
civid_registry_cancel(Registry *registry, CitizenId old_id, CitizenId new_id,
					  const char *reason)
{
	Datum		values[4];
	char		old_text[CIVID_DIGITS + 1];
	int			result;

	values[0] = CitizenIdGetDatum(old_id);
	values[1] = CitizenIdGetDatum(new_id);
	values[2] = registry->caller_name;
	values[3] = CStringGetTextDatum(reason);

	result = SPI_execute_plan(cancel_plan, values, NULL, false, 0);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "cancelling in the civid registry failed: %s",
			 SPI_result_code_string(result));
	if (SPI_processed == 1)
		return;

	civid_format(old_id, old_text);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("citizen ID %s is already cancelled", old_text),
			 errdetail("A cancelled number keeps the replacement it was given."),
			 errhint("Use current_citizen_id() to find the number in force.")));
}

/*
 * civid_registry_insert_batch --- register IDs as 'registered'; returns how
 * many were new.  Must be called as the registry's owner.
 */
int64
civid_registry_insert_batch(Registry *registry, Datum *ids, int count)
{
	Datum		values[2];
	int			result;

	values[0] = PointerGetDatum(construct_array(ids, count, plans_type,
												sizeof(int64), FLOAT8PASSBYVAL,
												TYPALIGN_DOUBLE));
	values[1] = registry->caller_name;
	result = SPI_execute_plan(batch_plan, values, NULL, false, 0);
	if (result != SPI_OK_INSERT)
		elog(ERROR, "registering numbers in the civid registry failed: %s",
			 SPI_result_code_string(result));
	return (int64) SPI_processed;
}
