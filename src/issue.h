/*-------------------------------------------------------------------------
 *
 * issue.h
 *	  Issuing new citizen IDs, shared by the SQL functions and the trigger.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_ISSUE_H
#define CIVID_ISSUE_H

#include "registry.h"

#include "utils/date.h"

#include "place.h"

/* How a province or country argument is used */
typedef enum PlaceUse
{
	PLACE_FOR_NEW_NUMBER,		/* must be in use for registrations today */
	PLACE_FOR_COMPARISON		/* any assigned code, retired ones too */
} PlaceUse;

extern int	civid_resolve_province(const char *value, int length,
								   const char *field, PlaceUse use);
extern int	civid_resolve_province_place(const char *value, int length,
										 const char *field, PlaceUse use,
										 CividPlace *place);
extern void civid_check_new_birth_year(int birth_year);
extern int	civid_check_new_birth_date(DateADT birth_date);
extern int	civid_year_of_date(DateADT date);
extern CitizenId civid_issue(Registry *registry, int code, int female,
							 int birth_year);

#endif							/* CIVID_ISSUE_H */
