#ifndef SSO_CRYPTO_H
#define SSO_CRYPTO_H
/* OpenSSL names that are macros in C and so do not import into Swift. */
#include <stddef.h>
struct bio_st;
struct evp_md_ctx_st;
/* BIO_get_mem_data: returns the length and points *data at the BIO's bytes. */
long sso_bio_get_mem_data(struct bio_st *bio, char **data);
void sso_openssl_free(void *pointer);
#endif
