#ifndef SSO_X509_H
#define SSO_X509_H
/* X.509 helpers for what OpenSSL exposes only through macros or multi-step BIO use. */
#include <stddef.h>
struct x509_st;

/* The subject or issuer distinguished name as RFC 2253 text ("CN=…,O=…"), with non-ASCII
   characters kept as UTF-8 rather than escaped. Newly allocated (free with
   sso_x509_free_string); NULL on failure. */
char *sso_x509_subject(const struct x509_st *certificate);
char *sso_x509_issuer(const struct x509_st *certificate);
void sso_x509_free_string(char *string);
#endif
