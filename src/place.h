/*-------------------------------------------------------------------------
 *
 * place.h
 *	  Resolution of a province or country, written as a code or a name,
 *	  to the code of digits 1-3.  Plain C with no PostgreSQL headers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_PLACE_H
#define CIVID_PLACE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum CividPlaceStatus
{
	CIVID_PLACE_FOUND,
	CIVID_PLACE_NOT_FOUND,		/* no such name, or an unassigned code */
	CIVID_PLACE_AMBIGUOUS		/* a name shared by two codes */
} CividPlaceStatus;

typedef struct CividPlace
{
	int			code;			/* the code, or -1 */
	int			other_code;		/* second candidate of an ambiguous name */
	bool		by_name;		/* given as a name rather than digits */
	bool		former_name;	/* the name the code had until 2025-06-30, when
								 * the code has named a larger province since */
} CividPlace;

/*
 * Resolve "040", "40", "Nghệ An", "nghe an", "Tỉnh Nghệ An", a country code,
 * a country's name from the code table (whole, without the part in
 * brackets, or either side of a '/'), or its ISO 3166 alpha-2 code.
 * Surrounding ASCII whitespace is ignored.  Names of provinces in force
 * since 2025-07-01 win over earlier names, so "Lào Cai" is 015, not 010.
 */
extern CividPlaceStatus civid_resolve_place(const char *input, size_t length,
											CividPlace *place);

#endif							/* CIVID_PLACE_H */
