/*-------------------------------------------------------------------------
 *
 * module.c
 *	  The loadable module's magic block.
 *
 *-------------------------------------------------------------------------
 */
#include "civid.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "civid",.version = "1.0");
#else
PG_MODULE_MAGIC;
#endif
