#ifndef SSO_CRYPTO_H
#define SSO_CRYPTO_H
/* OpenSSL names that are macros in C and so do not import into Swift, and the few
   signature-verification steps that are clearer in C (ECDSA r||s to DER, cached digests). */
#include <stddef.h>
struct bio_st;
struct evp_md_ctx_st;
struct evp_pkey_st;
/* BIO_get_mem_data: returns the length and points *data at the BIO's bytes. */
long sso_bio_get_mem_data(struct bio_st *bio, char **data);
void sso_openssl_free(void *pointer);

/* Digest algorithms used by XML-DSig. */
enum sso_digest {
    SSO_DIGEST_SHA1 = 1,
    SSO_DIGEST_SHA256 = 2,
    SSO_DIGEST_SHA384 = 3,
    SSO_DIGEST_SHA512 = 4,
};

/* Initializes libcrypto without its exit-time clean-up (OPENSSL_INIT_NO_ATEXIT), so that a
   thread still using it while the process exits (a database connection being opened, say)
   does not find its locks freed. Takes effect only as the process's first initialization of
   libcrypto; 1 on success. */
int sso_crypto_skip_cleanup_at_exit(void);

/* Public-key types reported by sso_crypto_certificate_public_key. */
enum sso_key_type {
    SSO_KEY_OTHER = 0,
    SSO_KEY_RSA = 1,
    SSO_KEY_EC = 2,
};

/* Parses one DER X.509 certificate and returns its public key (free with
   sso_crypto_public_key_free), its type (enum sso_key_type) and size in bits.
   NULL when the bytes are not a certificate or carry no usable key. */
struct evp_pkey_st *sso_crypto_certificate_public_key(const unsigned char *der, size_t length,
                                                      int *key_type, int *bits);
void sso_crypto_public_key_free(struct evp_pkey_st *key);

/* Writes the digest of data into out (at least 64 bytes) and its length into *out_length.
   Returns 0 on success, -1 on failure. */
int sso_crypto_digest(int digest, const unsigned char *data, size_t length,
                      unsigned char *out, size_t *out_length);

/* Incremental digest: begin (NULL on failure), feed with sso_crypto_digest_sink (an
   sso_xml_sink: returns length, or -1), end writes the digest (out: 64 bytes) and frees
   the context whatever happened. end returns 0, or -1 when any step failed. */
struct evp_md_ctx_st *sso_crypto_digest_begin(int digest);
int sso_crypto_digest_sink(void *context, const char *bytes, int length);
int sso_crypto_digest_end(struct evp_md_ctx_st *context, unsigned char *out, size_t *out_length);

/* A public key with its verification contexts prepared once (see crypto.c). new takes its own
   reference to key (the caller still frees its own); NULL on failure. verify checks signature
   over an already computed digest (hash, of the given digest kind): RSA PKCS#1 v1.5
   (DigestInfo) or ECDSA; ecdsa_raw: the signature is in XML-DSig's ECDSA form (r || s, each
   half the curve's size), converted to DER here. Returns 1 when it verifies, 0
   when it does not, -1 on error. verify may run on several threads at once. */
struct sso_verifier;
struct sso_verifier *sso_crypto_verifier_new(struct evp_pkey_st *key);
void sso_crypto_verifier_free(struct sso_verifier *verifier);
int sso_crypto_verifier_verify(const struct sso_verifier *verifier, int digest, const unsigned char *hash,
                               size_t hash_length, const unsigned char *signature, size_t signature_length,
                               int ecdsa_raw);

/* Decodes base64 text (RFC 4648 alphabet, '=' padding), skipping ASCII whitespace (space,
   tab, CR, LF). out must hold at least length * 3 / 4 + 3 bytes. Returns the decoded
   length, or -1 when the text is not base64 (bad character, bad length, misplaced '='). */
long sso_base64_decode(const char *text, size_t length, unsigned char *out);
#endif
/* Signing, for the test identity provider (SelfServeSSOTestKit) only, is declared in sso_sign.h. */
