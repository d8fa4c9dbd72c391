#include "sso_x509.h"
#include <openssl/asn1t.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <limits.h>
#include <time.h>
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

/* A partial X.509 template (RFC 5280, 4.1) for libcrypto's ASN.1 decoder: the structure is
   declared here, the parsing is libcrypto's. Names and extensions stay ASN1_ANY, the public
   key a BIT STRING, so nothing reaches the provider decoders that make d2i_X509 expensive. */
typedef struct {
    ASN1_TIME *not_before;
    ASN1_TIME *not_after;
} SSO_VALIDITY;

ASN1_SEQUENCE(SSO_VALIDITY) = {
    ASN1_SIMPLE(SSO_VALIDITY, not_before, ASN1_TIME),
    ASN1_SIMPLE(SSO_VALIDITY, not_after, ASN1_TIME),
} static_ASN1_SEQUENCE_END(SSO_VALIDITY)

typedef struct {
    X509_ALGOR *algorithm;
    ASN1_BIT_STRING *key;
} SSO_SPKI;

ASN1_SEQUENCE(SSO_SPKI) = {
    ASN1_SIMPLE(SSO_SPKI, algorithm, X509_ALGOR),
    ASN1_SIMPLE(SSO_SPKI, key, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(SSO_SPKI)

typedef struct {
    ASN1_INTEGER *version;
    ASN1_INTEGER *serial;
    X509_ALGOR *signature;
    ASN1_TYPE *issuer;
    SSO_VALIDITY *validity;
    ASN1_TYPE *subject;
    SSO_SPKI *key;
    ASN1_BIT_STRING *issuer_uid;
    ASN1_BIT_STRING *subject_uid;
    ASN1_TYPE *extensions;
} SSO_TBS;

ASN1_SEQUENCE(SSO_TBS) = {
    ASN1_EXP_OPT(SSO_TBS, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(SSO_TBS, serial, ASN1_INTEGER),
    ASN1_SIMPLE(SSO_TBS, signature, X509_ALGOR),
    ASN1_SIMPLE(SSO_TBS, issuer, ASN1_ANY),
    ASN1_SIMPLE(SSO_TBS, validity, SSO_VALIDITY),
    ASN1_SIMPLE(SSO_TBS, subject, ASN1_ANY),
    ASN1_SIMPLE(SSO_TBS, key, SSO_SPKI),
    ASN1_IMP_OPT(SSO_TBS, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(SSO_TBS, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_OPT(SSO_TBS, extensions, ASN1_ANY, 3),
} static_ASN1_SEQUENCE_END(SSO_TBS)

typedef struct {
    SSO_TBS *tbs;
    X509_ALGOR *signature_algorithm;
    ASN1_BIT_STRING *signature;
} SSO_CERTIFICATE;

ASN1_SEQUENCE(SSO_CERTIFICATE) = {
    ASN1_SIMPLE(SSO_CERTIFICATE, tbs, SSO_TBS),
    ASN1_SIMPLE(SSO_CERTIFICATE, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(SSO_CERTIFICATE, signature, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(SSO_CERTIFICATE)

/* RFC 8017 RSAPublicKey: the content of an RSA key's BIT STRING. */
typedef struct {
    ASN1_INTEGER *modulus;
    ASN1_INTEGER *exponent;
} SSO_RSA_KEY;

ASN1_SEQUENCE(SSO_RSA_KEY) = {
    ASN1_SIMPLE(SSO_RSA_KEY, modulus, ASN1_INTEGER),
    ASN1_SIMPLE(SSO_RSA_KEY, exponent, ASN1_INTEGER),
} static_ASN1_SEQUENCE_END(SSO_RSA_KEY)

static int seconds_since_epoch(const ASN1_TIME *time, long long *out) {
    struct tm parts;
    memset(&parts, 0, sizeof(parts));
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
    *out = (long long)timegm(&parts);
    return 1;
}

static int rsa_modulus_bits(const ASN1_BIT_STRING *key) {
    const unsigned char *cursor = key->data;
    SSO_RSA_KEY *rsa = (SSO_RSA_KEY *)ASN1_item_d2i(NULL, &cursor, key->length, ASN1_ITEM_rptr(SSO_RSA_KEY));
    if (!rsa) { ERR_clear_error(); return 0; }
    int bits = 0;
    BIGNUM *modulus = ASN1_INTEGER_to_BN(rsa->modulus, NULL);
    if (modulus) {
        bits = BN_num_bits(modulus);
        BN_free(modulus);
    }
    ASN1_item_free((ASN1_VALUE *)rsa, ASN1_ITEM_rptr(SSO_RSA_KEY));
    return bits;
}

struct sso_x509_outline {
    SSO_CERTIFICATE *certificate;
};

struct sso_x509_outline *sso_x509_outline_read(const unsigned char *der, size_t length, sso_x509_summary *out) {
    if (!der || !out || length == 0 || length > (size_t)LONG_MAX) return NULL;
    memset(out, 0, sizeof(*out));
    const unsigned char *cursor = der;
    SSO_CERTIFICATE *certificate = (SSO_CERTIFICATE *)ASN1_item_d2i(NULL, &cursor, (long)length,
                                                                     ASN1_ITEM_rptr(SSO_CERTIFICATE));
    if (!certificate) { ERR_clear_error(); return NULL; }
    int ok = cursor == der + length
        && seconds_since_epoch(certificate->tbs->validity->not_before, &out->not_before)
        && seconds_since_epoch(certificate->tbs->validity->not_after, &out->not_after);
    struct sso_x509_outline *outline = ok ? malloc(sizeof(*outline)) : NULL;
    if (!outline) {
        ASN1_item_free((ASN1_VALUE *)certificate, ASN1_ITEM_rptr(SSO_CERTIFICATE));
        return NULL;
    }
    out->signature_nid = OBJ_obj2nid(certificate->signature_algorithm->algorithm);
    out->key_nid = OBJ_obj2nid(certificate->tbs->key->algorithm->algorithm);
    if (out->key_nid == NID_rsaEncryption) out->rsa_bits = rsa_modulus_bits(certificate->tbs->key->key);
    outline->certificate = certificate;
    return outline;
}

char *sso_x509_outline_subject(const struct sso_x509_outline *outline) {
    if (!outline) return NULL;
    const ASN1_TYPE *subject = outline->certificate->tbs->subject;
    if (!subject || subject->type != V_ASN1_SEQUENCE || !subject->value.sequence) return NULL;
    /* ASN1_ANY keeps a SEQUENCE as its whole encoding: decode it as a Name. */
    const unsigned char *cursor = subject->value.sequence->data;
    X509_NAME *name = d2i_X509_NAME(NULL, &cursor, subject->value.sequence->length);
    if (!name) { ERR_clear_error(); return NULL; }
    char *result = name_string(name);
    X509_NAME_free(name);
    return result;
}

void sso_x509_outline_free(struct sso_x509_outline *outline) {
    if (!outline) return;
    ASN1_item_free((ASN1_VALUE *)outline->certificate, ASN1_ITEM_rptr(SSO_CERTIFICATE));
    free(outline);
}

int sso_x509_summarize(const unsigned char *der, size_t length, sso_x509_summary *out) {
    struct sso_x509_outline *outline = sso_x509_outline_read(der, length, out);
    sso_x509_outline_free(outline);
    return outline != NULL;
}

char *sso_x509_summary_subject(const unsigned char *der, size_t length) {
    sso_x509_summary summary;
    struct sso_x509_outline *outline = sso_x509_outline_read(der, length, &summary);
    char *result = sso_x509_outline_subject(outline);
    sso_x509_outline_free(outline);
    return result;
}
