/* placeholder until the Exim checks land */
#include "checks.h"

void chk_ex_auth_true(struct engine *e, struct mtaconf *c) {}
void chk_ex_dkim_sha1(struct engine *e, struct mtaconf *c) {}
void chk_ex_no_gate(struct engine *e, struct mtaconf *c) {}
void chk_ex_smtps(struct engine *e, struct mtaconf *c) {}
void chk_ex_banner(struct engine *e, struct mtaconf *c) {}
void chk_ex_vrfy(struct engine *e, struct mtaconf *c) {}
void chk_ex_permit_before_gate(struct engine *e, struct mtaconf *c) {}
void chk_ex_weak_tls(struct engine *e, struct mtaconf *c) {}
