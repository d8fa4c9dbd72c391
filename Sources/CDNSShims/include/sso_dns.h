#ifndef SSO_DNS_H
#define SSO_DNS_H
/* DNS TXT look-ups through the C library's resolver. Plain C types only. */
int sso_dns_placeholder(void);
#endif
