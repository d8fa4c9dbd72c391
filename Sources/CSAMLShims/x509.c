#include "sso_x509.h"
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

static char *name_string(const X509_NAME *name) {
    if (!name) return NULL;
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return NULL;
    /* RFC 2253 order and escaping, but UTF-8 kept readable instead of \XX-escaped. */
    unsigned long flags = (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
    char *result = NULL;
    if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
        char *data = NULL;
        long length = BIO_get_mem_data(bio, &data);
        if (length >= 0) {
            result = malloc((size_t)length + 1);
            if (result) {
                if (length > 0) memcpy(result, data, (size_t)length);
                result[length] = 0;
            }
        }
    }
    BIO_free(bio);
    return result;
}

char *sso_x509_subject(const struct x509_st *certificate) {
    return name_string(X509_get_subject_name(certificate));
}

char *sso_x509_issuer(const struct x509_st *certificate) {
    return name_string(X509_get_issuer_name(certificate));
}

void sso_x509_free_string(char *string) { free(string); }
