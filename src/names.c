/*-------------------------------------------------------------------------
 *
 * names.c
 *	  Province and country names as SQL text in the database encoding.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/*
 * civid_name_to_text --- name as text, without ever raising
 *
 * The compiled names are UTF-8.  A database whose encoding cannot represent
 * every Vietnamese letter (LATIN1, WIN1258 with its decomposed tones, ...)
 * gets the name without diacritics, because a conversion error here would
 * make the decoders raise on stored data and so not be leakproof.
 */
text *
civid_name_to_text(const char *utf8_name, const char *ascii_name)
{
	int			encoding = GetDatabaseEncoding();

	if (encoding == PG_UTF8 || encoding == PG_SQL_ASCII)
		return cstring_to_text(utf8_name);
	return cstring_to_text(ascii_name);
}
