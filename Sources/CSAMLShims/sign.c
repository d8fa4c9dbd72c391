#include "sso_sign.h"
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sso_sign_free(void *pointer) { free(pointer); }

/* Copies OpenSSL-owned bytes into a malloc'd buffer (NUL-terminated, for text), so that every
   buffer this file returns is freed the same way. */
static int copy_out(const void *bytes, size_t length, unsigned char **out, size_t *out_length) {
    unsigned char *buffer = malloc(length + 1);
    if (!buffer) return -1;
    if (length) memcpy(buffer, bytes, length);
    buffer[length] = 0;
    *out = buffer;
    *out_length = length;
    return 0;
}

/* The contents of a memory BIO, copied out; the BIO is freed. */
static int take_bio(BIO *bio, char **out, size_t *out_length) {
    char *data = NULL;
    long length = BIO_get_mem_data(bio, &data);
    int status = (length >= 0 && data) ? copy_out(data, (size_t)length, (unsigned char **)out, out_length) : -1;
    BIO_free(bio);
    return status;
}

static int is_p256(EVP_PKEY *key) {
    char name[64] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_group_name(key, name, sizeof(name), &length) != 1) return 0;
    return strcasecmp(name, "prime256v1") == 0 || strcasecmp(name, "P-256") == 0
        || strcasecmp(name, "secp256r1") == 0;
}

struct evp_pkey_st *sso_sign_generate_key(int kind, int bits) {
    EVP_PKEY *key = NULL;
    if (kind == SSO_SIGN_KEY_RSA) {
        if (bits < 1024 || bits > 8192) return NULL;
        key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
    } else if (kind == SSO_SIGN_KEY_EC_P256) {
        key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    }
    if (!key) ERR_clear_error();
    return key;
}

/* A passphrase callback that supplies none: OpenSSL's default one reads from the terminal. */
static int no_passphrase(char *buffer, int size, int rwflag, void *context) {
    (void)buffer; (void)size; (void)rwflag; (void)context;
    return -1;
}

struct evp_pkey_st *sso_sign_key_from_pem(const char *pem, size_t length) {
    if (!pem || length == 0 || length > INT_MAX) return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (!bio) return NULL;
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (!key) ERR_clear_error();
    return key;
}

void sso_sign_key_free(struct evp_pkey_st *key) { EVP_PKEY_free(key); }

int sso_sign_key_type(struct evp_pkey_st *key, int *bits) {
    if (bits) *bits = 0;
    if (!key) return SSO_SIGN_KEY_UNSUPPORTED;
    if (bits) *bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return SSO_SIGN_KEY_RSA;
    case EVP_PKEY_EC: return is_p256(key) ? SSO_SIGN_KEY_EC_P256 : SSO_SIGN_KEY_UNSUPPORTED;
    default: return SSO_SIGN_KEY_UNSUPPORTED;
    }
}

int sso_sign_key_to_pem(struct evp_pkey_st *key, char **pem, size_t *length) {
    if (!key || !pem || !length) return -1;
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return -1;
    if (PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) != 1) {
        BIO_free(bio);
        ERR_clear_error();
        return -1;
    }
    return take_bio(bio, pem, length);
}

static int add_extension(X509 *certificate, int nid, const char *value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, NULL, NULL, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(NULL, &context, nid, value);
    if (!extension) return 0;
    int ok = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return ok;
}

int sso_sign_self_signed_certificate(struct evp_pkey_st *key, const char *common_name, uint64_t serial,
                                     int64_t not_before, int64_t not_after,
                                     unsigned char **der, size_t *der_length) {
    if (!key || !common_name || !der || !der_length) return -1;
    size_t name_length = strlen(common_name);
    if (name_length == 0 || name_length > 64 || serial == 0 || not_after <= not_before) return -1;
    X509 *certificate = X509_new();
    if (!certificate) return -1;
    int ok = X509_set_version(certificate, X509_VERSION_3) == 1
        && ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial) == 1
        && ASN1_TIME_set(X509_getm_notBefore(certificate), (time_t)not_before) != NULL
        && ASN1_TIME_set(X509_getm_notAfter(certificate), (time_t)not_after) != NULL
        && X509_set_pubkey(certificate, key) == 1;
    if (ok) {
        X509_NAME *name = X509_get_subject_name(certificate);
        ok = X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)common_name,
                                        (int)name_length, -1, 0) == 1
            && X509_set_issuer_name(certificate, name) == 1;
    }
    ok = ok && add_extension(certificate, NID_basic_constraints, "critical,CA:FALSE")
        && add_extension(certificate, NID_key_usage, "critical,digitalSignature")
        && add_extension(certificate, NID_subject_key_identifier, "hash");
    ok = ok && X509_sign(certificate, key, EVP_sha256()) > 0;
    unsigned char *encoded = NULL;
    int encoded_length = ok ? i2d_X509(certificate, &encoded) : -1;
    int status = encoded_length > 0 ? copy_out(encoded, (size_t)encoded_length, der, der_length) : -1;
    OPENSSL_free(encoded);
    X509_free(certificate);
    ERR_clear_error();
    return status;
}

static X509 *parse_certificate(const unsigned char *der, size_t der_length) {
    if (!der || der_length == 0 || der_length > LONG_MAX) return NULL;
    const unsigned char *cursor = der;
    X509 *certificate = d2i_X509(NULL, &cursor, (long)der_length);
    if (certificate && cursor != der + der_length) {
        /* Trailing bytes: not exactly one certificate. */
        X509_free(certificate);
        certificate = NULL;
    }
    if (!certificate) ERR_clear_error();
    return certificate;
}

int sso_sign_certificate_to_pem(const unsigned char *der, size_t der_length, char **pem, size_t *length) {
    if (!pem || !length) return -1;
    X509 *certificate = parse_certificate(der, der_length);
    if (!certificate) return -1;
    BIO *bio = BIO_new(BIO_s_mem());
    int written = bio && PEM_write_bio_X509(bio, certificate) == 1;
    X509_free(certificate);
    if (!written) {
        BIO_free(bio);
        ERR_clear_error();
        return -1;
    }
    return take_bio(bio, pem, length);
}

char *sso_sign_certificate_common_name(const unsigned char *der, size_t der_length) {
    X509 *certificate = parse_certificate(der, der_length);
    if (!certificate) return NULL;
    char *result = NULL;
    const X509_NAME *name = X509_get_subject_name(certificate);
    int index = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
    X509_NAME_ENTRY *entry = index >= 0 ? X509_NAME_get_entry(name, index) : NULL;
    unsigned char *utf8 = NULL;
    int utf8_length = entry ? ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry)) : -1;
    if (utf8_length >= 0) {
        size_t ignored = 0;
        if (copy_out(utf8, (size_t)utf8_length, (unsigned char **)&result, &ignored) != 0) result = NULL;
    }
    OPENSSL_free(utf8);
    X509_free(certificate);
    ERR_clear_error();
    return result;
}

int sso_sign_certificate_matches_key(const unsigned char *der, size_t der_length, struct evp_pkey_st *key) {
    X509 *certificate = parse_certificate(der, der_length);
    if (!certificate || !key) { X509_free(certificate); return -1; }
    EVP_PKEY *public_key = X509_get0_pubkey(certificate);
    int matches = public_key && EVP_PKEY_eq(public_key, key) == 1;
    X509_free(certificate);
    ERR_clear_error();
    return matches ? 1 : 0;
}

/* XML-DSig carries ECDSA signatures as r || s, each left-padded to the curve's size
   (XML-DSig 1.1, 6.4.3); EVP_DigestSign produces the DER ECDSA-Sig-Value. */
static int ecdsa_der_to_raw(EVP_PKEY *key, const unsigned char *der, size_t der_length,
                            unsigned char **raw, size_t *raw_length) {
    int half = (EVP_PKEY_get_bits(key) + 7) / 8;
    if (half <= 0 || der_length > LONG_MAX) return -1;
    const unsigned char *cursor = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &cursor, (long)der_length);
    if (!sig) return -1;
    const BIGNUM *r = NULL, *s = NULL;
    ECDSA_SIG_get0(sig, &r, &s);
    unsigned char *buffer = malloc((size_t)half * 2 + 1);
    int ok = buffer && r && s && BN_bn2binpad(r, buffer, half) == half
        && BN_bn2binpad(s, buffer + half, half) == half;
    ECDSA_SIG_free(sig);
    if (!ok) { free(buffer); return -1; }
    *raw = buffer;
    *raw_length = (size_t)half * 2;
    return 0;
}

int sso_sign_sha256(struct evp_pkey_st *key, const unsigned char *data, size_t length,
                    unsigned char **signature, size_t *signature_length) {
    if (!key || (!data && length) || !signature || !signature_length) return -1;
    int kind = sso_sign_key_type(key, NULL);
    if (kind == SSO_SIGN_KEY_UNSUPPORTED) return -1;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context) return -1;
    EVP_PKEY_CTX *key_context = NULL;
    unsigned char *produced = NULL;
    size_t produced_length = 0;
    int status = -1;
    if (EVP_DigestSignInit(context, &key_context, EVP_sha256(), NULL, key) == 1
        && (kind != SSO_SIGN_KEY_RSA || EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) == 1)
        && EVP_DigestSign(context, NULL, &produced_length, data, length) == 1
        && (produced = OPENSSL_malloc(produced_length ? produced_length : 1)) != NULL
        && EVP_DigestSign(context, produced, &produced_length, data, length) == 1) {
        status = kind == SSO_SIGN_KEY_EC_P256
            ? ecdsa_der_to_raw(key, produced, produced_length, signature, signature_length)
            : copy_out(produced, produced_length, signature, signature_length);
    }
    OPENSSL_free(produced);
    EVP_MD_CTX_free(context);
    ERR_clear_error();
    return status;
}
