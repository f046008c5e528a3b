/* placeholder until the Sendmail reader lands */
#include "sendmail.h"

struct mtaconf *
sendmail_read(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file)
{
	return model_add_conf(m, MTA_SENDMAIL, dir);
}
