/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  Every difference between the PostgreSQL versions civid supports
 *	  (13 to 18) lives here, so the other files carry no version tests.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_COMPAT_H
#define CIVID_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#include "varatt.h"
#else

/*
 * Soft errors arrived in PostgreSQL 16.  Before that, input functions have
 * no error-saving context, so every soft error is a hard one.
 */
#define errsave(context, ...) \
	ereport(ERROR, __VA_ARGS__)
#define ereturn(context, dummy_value, ...) \
	do { \
		ereport(ERROR, __VA_ARGS__); \
		return (dummy_value); \
	} while (0)
#define SOFT_ERROR_OCCURRED(escontext) false
#endif

#if PG_VERSION_NUM < 150000
#define MarkGUCPrefixReserved(prefix) EmitWarningsOnPlaceholders(prefix)
#endif

/*
 * index_beginscan() gained an instrumentation argument in PostgreSQL 18.
 */
#include "access/genam.h"

static inline IndexScanDesc
civid_index_beginscan(Relation heap, Relation index, Snapshot snapshot,
					  int nkeys)
{
#if PG_VERSION_NUM >= 180000
	return index_beginscan(heap, index, snapshot, NULL, nkeys, 0);
#else
	return index_beginscan(heap, index, snapshot, nkeys, 0);
#endif
}

#endif							/* CIVID_COMPAT_H */
