/* placeholder */
#include "entra.h"
int
entra_roadrecon_read(struct entra *e, const char *path, char **errp)
{
	(void)e; (void)path; (void)errp;
	return 0;
}
