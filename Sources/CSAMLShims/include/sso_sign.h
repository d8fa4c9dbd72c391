#ifndef SSO_SIGN_H
#define SSO_SIGN_H
/* Key generation, self-signed certificates and signing through libcrypto, for the test
   identity provider (SelfServeSSOTestKit). The service provider never signs; nothing here is
   used to verify. Every buffer returned is newly allocated: free it with sso_sign_free. */
#include <stddef.h>
#include <stdint.h>
struct evp_pkey_st;

/* The key types the test IdP signs with. */
enum sso_sign_key_kind {
    SSO_SIGN_KEY_UNSUPPORTED = 0,
    SSO_SIGN_KEY_RSA = 1,       /* any size; e = 65537 when generated */
    SSO_SIGN_KEY_EC_P256 = 2,   /* NIST P-256 (prime256v1) only */
};

/* Generates a private key: RSA with `bits` bits (1024 to 8192), or an EC key on P-256
   (`bits` ignored). NULL on failure. Free with sso_sign_key_free. */
struct evp_pkey_st *sso_sign_generate_key(int kind, int bits);

/* Reads an unencrypted private key from PEM (PKCS#8 "PRIVATE KEY" or the traditional
   "RSA PRIVATE KEY"/"EC PRIVATE KEY"). Never prompts for a passphrase: an encrypted key
   gives NULL, as does anything that is not a private key. Free with sso_sign_key_free. */
struct evp_pkey_st *sso_sign_key_from_pem(const char *pem, size_t length);
void sso_sign_key_free(struct evp_pkey_st *key);

/* The key's enum sso_sign_key_kind, and its size in bits in *bits (may be NULL). */
int sso_sign_key_type(struct evp_pkey_st *key, int *bits);

/* The private key as unencrypted PKCS#8 PEM, NUL-terminated. Returns 0, or -1 on failure. */
int sso_sign_key_to_pem(struct evp_pkey_st *key, char **pem, size_t *length);

/* Creates a self-signed X.509 v3 certificate for key: subject and issuer CN=common_name
   (UTF-8, 1 to 64 bytes), the given positive serial, validity from not_before to not_after
   (seconds since 1970, UTC), basicConstraints CA:FALSE, keyUsage digitalSignature, signed
   with SHA-256 (sha256WithRSAEncryption or ecdsa-with-SHA256). Returns 0 and the DER
   encoding, or -1 on failure. */
int sso_sign_self_signed_certificate(struct evp_pkey_st *key, const char *common_name, uint64_t serial,
                                     int64_t not_before, int64_t not_after,
                                     unsigned char **der, size_t *der_length);

/* The PEM text ("-----BEGIN CERTIFICATE-----", 64-column lines, NUL-terminated) of one DER
   certificate. Returns 0, or -1 when der is not exactly one certificate. */
int sso_sign_certificate_to_pem(const unsigned char *der, size_t der_length, char **pem, size_t *length);

/* The subject's first commonName as UTF-8, NUL-terminated; NULL when there is none or der is
   not a certificate. Free with sso_sign_free. */
char *sso_sign_certificate_common_name(const unsigned char *der, size_t der_length);

/* 1 when the certificate's public key is key's public half, 0 when not, -1 when der is not
   a certificate. */
int sso_sign_certificate_matches_key(const unsigned char *der, size_t der_length, struct evp_pkey_st *key);

/* Signs data with SHA-256 (EVP_DigestSign): RSA PKCS#1 v1.5 for RSA keys (XML-DSig
   rsa-sha256); for EC keys ECDSA in XML-DSig's form, r || s with each half the curve's size
   (ecdsa-sha256), not DER. Returns 0, or -1 on failure. */
int sso_sign_sha256(struct evp_pkey_st *key, const unsigned char *data, size_t length,
                    unsigned char **signature, size_t *signature_length);

void sso_sign_free(void *pointer);
#endif
