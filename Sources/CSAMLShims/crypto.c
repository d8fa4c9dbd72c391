#include "sso_crypto.h"
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>

long sso_bio_get_mem_data(struct bio_st *bio, char **data) { return BIO_get_mem_data(bio, data); }
void sso_openssl_free(void *pointer) { OPENSSL_free(pointer); }

int sso_crypto_skip_cleanup_at_exit(void) { return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL); }

/* Fetched once: implicit fetching by EVP_sha256() and friends costs a provider lookup on
   every use in OpenSSL 3, which shows up at thousands of verifications per second. */
static EVP_MD *fetched[5];
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static void fetch_digests(void) {
    fetched[SSO_DIGEST_SHA1] = EVP_MD_fetch(NULL, "SHA1", NULL);
    fetched[SSO_DIGEST_SHA256] = EVP_MD_fetch(NULL, "SHA256", NULL);
    fetched[SSO_DIGEST_SHA384] = EVP_MD_fetch(NULL, "SHA384", NULL);
    fetched[SSO_DIGEST_SHA512] = EVP_MD_fetch(NULL, "SHA512", NULL);
}

static const EVP_MD *digest_for(int digest) {
    if (digest < SSO_DIGEST_SHA1 || digest > SSO_DIGEST_SHA512) return NULL;
    pthread_once(&fetch_once, fetch_digests);
    return fetched[digest];
}

struct evp_pkey_st *sso_crypto_certificate_public_key(const unsigned char *der, size_t length,
                                                      int *key_type, int *bits) {
    if (key_type) *key_type = SSO_KEY_OTHER;
    if (bits) *bits = 0;
    if (!der || length == 0 || length > (size_t)LONG_MAX) return NULL;
    const unsigned char *cursor = der;
    X509 *x509 = d2i_X509(NULL, &cursor, (long)length);
    if (!x509) { ERR_clear_error(); return NULL; }
    EVP_PKEY *key = X509_get_pubkey(x509); /* new reference, independent of x509 */
    X509_free(x509);
    if (!key) { ERR_clear_error(); return NULL; }
    int base = EVP_PKEY_get_base_id(key);
    if (key_type) *key_type = base == EVP_PKEY_RSA ? SSO_KEY_RSA : base == EVP_PKEY_EC ? SSO_KEY_EC : SSO_KEY_OTHER;
    if (bits) *bits = EVP_PKEY_get_bits(key);
    return key;
}

void sso_crypto_public_key_free(struct evp_pkey_st *key) { EVP_PKEY_free(key); }

int sso_crypto_digest(int digest, const unsigned char *data, size_t length,
                      unsigned char *out, size_t *out_length) {
    const EVP_MD *md = digest_for(digest);
    if (!md || !out || !out_length) return -1;
    unsigned int written = 0;
    if (EVP_Digest(data, length, out, &written, md, NULL) != 1) { ERR_clear_error(); return -1; }
    *out_length = written;
    return 0;
}

struct evp_md_ctx_st *sso_crypto_digest_begin(int digest) {
    const EVP_MD *md = digest_for(digest);
    if (!md) return NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, md, NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        ERR_clear_error();
        return NULL;
    }
    return ctx;
}

int sso_crypto_digest_sink(void *context, const char *bytes, int length) {
    if (!context || length < 0) return -1;
    if (length == 0) return 0;
    return EVP_DigestUpdate((EVP_MD_CTX *)context, bytes, (size_t)length) == 1 ? length : -1;
}

int sso_crypto_digest_end(struct evp_md_ctx_st *context, unsigned char *out, size_t *out_length) {
    if (!context) return -1;
    unsigned int written = 0;
    int ok = out && out_length && EVP_DigestFinal_ex(context, out, &written) == 1;
    EVP_MD_CTX_free(context);
    if (!ok) { ERR_clear_error(); return -1; }
    *out_length = written;
    return 0;
}

/* XML-DSig carries ECDSA signatures as r || s (RFC 4050 / XML-DSig 1.1); OpenSSL wants DER. */
static unsigned char *ecdsa_raw_to_der(EVP_PKEY *key, const unsigned char *raw, size_t raw_length,
                                       size_t *der_length) {
    int field_bits = EVP_PKEY_get_bits(key);
    size_t half = (size_t)(field_bits + 7) / 8;
    if (half == 0 || raw_length != 2 * half) return NULL;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (!sig) return NULL;
    BIGNUM *r = BN_bin2bn(raw, (int)half, NULL);
    BIGNUM *s = BN_bin2bn(raw + half, (int)half, NULL);
    if (!r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r); BN_free(s); ECDSA_SIG_free(sig);
        return NULL;
    }
    unsigned char *der = NULL;
    int n = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    if (n <= 0) return NULL;
    *der_length = (size_t)n;
    return der;
}

/* A verification context fully set up (key, padding, digest) for each digest kind. In OpenSSL 3
   creating and initializing an EVP_PKEY_CTX fetches the signature implementation and sets
   parameters through the provider, which costs about 3 microseconds, a sixth of an RSA-2048
   verification; duplicating a prepared one costs a tenth of that. The prepared contexts are
   only ever read (duplicated), so one set serves every thread. */
struct sso_verifier {
    EVP_PKEY *key;
    EVP_PKEY_CTX *prepared[5];
};

static EVP_PKEY_CTX *prepare(EVP_PKEY *key, const EVP_MD *md) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    if (ctx && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, md) == 1
        && (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1)) {
        return ctx;
    }
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return NULL;
}

struct sso_verifier *sso_crypto_verifier_new(struct evp_pkey_st *key) {
    if (!key) return NULL;
    struct sso_verifier *verifier = calloc(1, sizeof(*verifier));
    if (!verifier) return NULL;
    if (EVP_PKEY_up_ref(key) != 1) { free(verifier); return NULL; }
    verifier->key = key;
    for (int digest = SSO_DIGEST_SHA1; digest <= SSO_DIGEST_SHA512; digest++) {
        const EVP_MD *md = digest_for(digest);
        verifier->prepared[digest] = md ? prepare(key, md) : NULL; /* NULL: prepared on use */
    }
    return verifier;
}

void sso_crypto_verifier_free(struct sso_verifier *verifier) {
    if (!verifier) return;
    for (int i = 0; i < 5; i++) EVP_PKEY_CTX_free(verifier->prepared[i]);
    EVP_PKEY_free(verifier->key);
    free(verifier);
}

int sso_crypto_verifier_verify(const struct sso_verifier *verifier, int digest, const unsigned char *hash,
                               size_t hash_length, const unsigned char *signature, size_t signature_length,
                               int ecdsa_raw) {
    const EVP_MD *md = digest_for(digest);
    if (!verifier || !md || !hash || !signature || signature_length == 0) return -1;
    if (hash_length != (size_t)EVP_MD_get_size(md)) return -1;
    unsigned char *der = NULL;
    if (ecdsa_raw) {
        size_t der_length = 0;
        der = ecdsa_raw_to_der(verifier->key, signature, signature_length, &der_length);
        if (!der) { ERR_clear_error(); return 0; }
        signature = der;
        signature_length = der_length;
    }
    EVP_PKEY_CTX *template = verifier->prepared[digest];
    EVP_PKEY_CTX *ctx = template ? EVP_PKEY_CTX_dup(template) : prepare(verifier->key, md);
    int result = ctx ? (EVP_PKEY_verify(ctx, signature, signature_length, hash, hash_length) == 1 ? 1 : 0) : -1;
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_free(der);
    ERR_clear_error();
    return result;
}

/* Base64 is an encoding, not cryptography: one pass over the text with a table, skipping
   whitespace, is about ten times faster than compacting the text and calling
   EVP_DecodeBlock, which showed in the profile of base64 responses (9 KB each).
   Values: 0-63 the digit's value, -2 whitespace, -3 '=', -1 anything else. */
static const signed char base64_values[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -2, -2, -1, -1, -2, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -3, -1, -1,
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

long sso_base64_decode(const char *text, size_t length, unsigned char *out) {
    if (!out || (length && !text) || length > (size_t)INT_MAX) return -1;
    unsigned long accumulator = 0;
    int digits = 0;   /* digits of the current group of four */
    int padding = 0;  /* '=' seen so far: only at the end of the last group */
    long written = 0;
    for (size_t i = 0; i < length; i++) {
        int value = base64_values[(unsigned char)text[i]];
        if (value >= 0) {
            if (padding) return -1; /* a digit after '=' */
            accumulator = (accumulator << 6) | (unsigned long)value;
            if (++digits == 4) {
                out[written++] = (unsigned char)(accumulator >> 16);
                out[written++] = (unsigned char)(accumulator >> 8);
                out[written++] = (unsigned char)accumulator;
                digits = 0;
                accumulator = 0;
            }
        } else if (value == -3) {
            /* "xx==" or "xxx=": padding completes a group of two or three digits. */
            if (digits < 2 || digits + ++padding > 4) return -1;
        } else if (value != -2) {
            return -1;
        }
    }
    if (padding) {
        if (digits + padding != 4) return -1;
        if (digits == 2) {
            out[written++] = (unsigned char)(accumulator >> 4);
        } else {
            out[written++] = (unsigned char)(accumulator >> 10);
            out[written++] = (unsigned char)(accumulator >> 2);
        }
    } else if (digits != 0) {
        return -1; /* not a whole number of groups of four */
    }
    return written;
}
