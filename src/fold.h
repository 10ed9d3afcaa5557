/*-------------------------------------------------------------------------
 *
 * fold.h
 *	  Folding of place names to a comparison key: lower-case ASCII without
 *	  diacritics, with runs of spaces, hyphens and dots made one space.
 *
 * "Bà Rịa - Vũng Tàu", "ba ria vung tau" and "BA RIA-VUNG TAU" all fold to
 * "ba ria vung tau".  Plain C with no PostgreSQL headers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CIVID_FOLD_H
#define CIVID_FOLD_H

#include <stdbool.h>
#include <stddef.h>

extern const char civid_fold_range0[400];	/* U+00C0 - U+024F */
extern const char civid_fold_range1[256];	/* U+1E00 - U+1EFF */

/*
 * Fold UTF-8 input into output, which must hold capacity bytes.  Returns
 * false if the input contains a character that has no ASCII letter or digit
 * base (other than separators and combining marks), or if the key does
 * not fit.
 */
extern bool civid_fold_name(const char *input, size_t length,
							char *output, size_t capacity);

#endif							/* CIVID_FOLD_H */
