#include "sso_crypto.h"
#include <openssl/bio.h>
#include <openssl/crypto.h>

long sso_bio_get_mem_data(struct bio_st *bio, char **data) { return BIO_get_mem_data(bio, data); }
void sso_openssl_free(void *pointer) { OPENSSL_free(pointer); }
