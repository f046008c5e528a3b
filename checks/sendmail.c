/* placeholder until the Sendmail checks land */
#include "checks.h"

void chk_sm_default_msa(struct engine *e, struct mtaconf *c) {}
void chk_sm_weak_sender(struct engine *e, struct mtaconf *c) {}
void chk_sm_forgeable(struct engine *e, struct mtaconf *c) {}
void chk_sm_banner(struct engine *e, struct mtaconf *c) {}
void chk_sm_vrfy(struct engine *e, struct mtaconf *c) {}
void chk_sm_helo(struct engine *e, struct mtaconf *c) {}
void chk_sm_mx_backup(struct engine *e, struct mtaconf *c) {}
void chk_sm_weak_tls(struct engine *e, struct mtaconf *c) {}
