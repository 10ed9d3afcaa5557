/*-------------------------------------------------------------------------
 *
 * module.c
 *	  The loadable module's magic block and its setting civid.extra_codes.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#include "utils/guc.h"

#include "code_table.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "civid",.version = "1.0");
#else
PG_MODULE_MAGIC;
#endif

void		_PG_init(void);

static char *extra_codes_setting = NULL;

/*
 * check_extra_codes --- parse a list such as "041, 297" into a table of
 * 1000 flags, handed to assign_extra_codes() as the setting's extra data
 */
static bool
check_extra_codes(char **newval, void **extra, GucSource source)
{
	/* GUC extra data must come from malloc(): the GUC code free()s it */
	bool	   *codes = malloc(sizeof(civid_extra_codes));
	const char *p = *newval ? *newval : "";

	if (codes == NULL)
		return false;
	memset(codes, 0, sizeof(civid_extra_codes));

	while (*p)
	{
		int			code = 0;
		int			digits = 0;

		if (*p == ' ' || *p == ',')
		{
			p++;
			continue;
		}
		while (*p >= '0' && *p <= '9' && digits < 4)
		{
			code = code * 10 + (*p - '0');
			digits++;
			p++;
		}
		if (digits == 0 || digits > 3 || (*p && *p != ' ' && *p != ','))
		{
			GUC_check_errdetail("civid.extra_codes must list codes of one to three "
								"digits, separated by commas or spaces.");
			free(codes);
			return false;
		}
		codes[code] = true;
	}

	*extra = codes;
	return true;
}

static void
assign_extra_codes(const char *newval, void *extra)
{
	memcpy(civid_extra_codes, extra, sizeof(civid_extra_codes));
}

void
_PG_init(void)
{
	DefineCustomStringVariable("civid.extra_codes",
							   "Codes in digits 1-3 to accept besides the "
							   "compiled table of assigned codes.",
							   "A comma-separated list such as \"041, 297\", "
							   "for codes assigned after this civid release. "
							   "Text read back with pg_dump needs the same "
							   "setting in the restored database.",
							   &extra_codes_setting,
							   "",
							   PGC_SUSET,
							   GUC_LIST_INPUT,
							   check_extra_codes,
							   assign_extra_codes,
							   NULL);
	MarkGUCPrefixReserved("civid");
}
