/*-------------------------------------------------------------------------
 *
 * prefix.h
 *	  Leading-digit prefixes of citizen IDs as ranges of stored values.
 *
 * Because an ID is stored as the integer value of its digits, everyone
 * whose ID starts with a given code (or code and digit 4, or code, digit 4
 * and year) is one contiguous range.  A province that absorbed others in
 * 2025 covers one range per code.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_PREFIX_H
#define CIVID_PREFIX_H

#include "civid.h"
#include "place.h"

/* Room for the most codes one current province covers, which is three */
#define MAX_PREFIX_RANGES	8

typedef struct IdRange
{
	CitizenId	first;
	CitizenId	last;			/* inclusive */
} IdRange;

typedef struct PrefixRanges
{
	int			count;
	IdRange		ranges[MAX_PREFIX_RANGES];	/* ascending, not touching */
} PrefixRanges;

/* What a prefix function's arguments select */
typedef enum PrefixKind
{
	PREFIX_PROVINCE,			/* digits 1-3 */
	PREFIX_CENTURY,				/* digits 1-4: province, sex and century */
	PREFIX_YEAR					/* digits 1-6: province, sex and birth year */
} PrefixKind;

extern void civid_prefix_ranges(const CividPlace *place, PrefixKind kind,
								int female, int birth_year,
								PrefixRanges *result);
extern bool civid_ranges_contain(const PrefixRanges *ranges, CitizenId id);

#endif							/* CIVID_PREFIX_H */
