/*-------------------------------------------------------------------------
 *
 * agreement.h
 *	  Whether a row's province, sex and birth year agree with its ID.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_AGREEMENT_H
#define CIVID_AGREEMENT_H

#include "civid.h"

/* Bits of the mask civid_mismatches() returns */
#define MISMATCH_PROVINCE	0x01
#define MISMATCH_SEX		0x02
#define MISMATCH_BIRTH_YEAR	0x04

/* The recorded fields of a person; a field not known is not checked */
typedef struct PersonFields
{
	bool		has_province;
	int			province_code;
	bool		province_exact;	/* the former name of a code, such as Yen Bai
								 * for 015: only that code agrees */
	bool		has_sex;
	int			female;			/* 1 for female, 0 for male */
	bool		has_birth_year;
	int			birth_year;
} PersonFields;

extern int	civid_mismatches(CitizenId id, const PersonFields *fields);

#endif							/* CIVID_AGREEMENT_H */
