#include "sso_dns.h"
int sso_dns_placeholder(void) { return 0; }
