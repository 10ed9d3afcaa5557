/*-------------------------------------------------------------------------
 *
 * registry.h
 *	  Access to civid_registry.entries, the table of every citizen ID the
 *	  database has issued or registered.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_REGISTRY_H
#define CIVID_REGISTRY_H

#include "civid.h"

#include "utils/rel.h"

/* Status of an ID in the registry, as civid_registry_status() reports it */
typedef enum RegistryStatus
{
	REGISTRY_ABSENT,
	REGISTRY_IN_FORCE,
	REGISTRY_CANCELLED
} RegistryStatus;

/*
 * An open registry.  Between civid_registry_open() and _close(), the
 * current user is the registry's owner and SPI is connected, so callers
 * must not run user code in between.
 */
typedef struct Registry
{
	Relation	heap;
	Relation	index;			/* the primary key on id */
	Oid			caller;			/* the user who called civid */
	int			caller_security_context;
	Datum		caller_name;	/* name Datum recorded in registered_by */
	Oid			schema;			/* schema of civid's type and operators */
} Registry;

extern Oid	civid_extension_schema(FunctionCallInfo fcinfo);
extern Oid	civid_citizen_id_type(Oid schema);
extern void civid_registry_open(Registry *registry, Oid schema);
extern void civid_registry_close(Registry *registry);

extern bool civid_registry_taken(Registry *registry, CitizenId id);
extern bool civid_registry_insert(Registry *registry, CitizenId id,
								  const char *origin);
extern int64 civid_registry_find_free(Registry *registry, CitizenId first,
									  CitizenId last, CitizenId start);
extern RegistryStatus civid_registry_status(Registry *registry, CitizenId id,
											CitizenId *replaced_by);
extern void civid_registry_cancel(Registry *registry, CitizenId old_id,
								  CitizenId new_id, const char *reason);
extern void civid_registry_as_owner(Registry *registry);
extern void civid_registry_as_caller(Registry *registry);
extern int64 civid_registry_insert_batch(Registry *registry, Datum *ids,
										 int count);

#endif							/* CIVID_REGISTRY_H */
