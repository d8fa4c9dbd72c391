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

/* What a certificate's DER says about its validity and algorithms. */
typedef struct {
    long long not_before;  /* seconds since 1970-01-01T00:00:00Z */
    long long not_after;
    int signature_nid;     /* the certificate's own signature algorithm (NID_undef when unknown) */
    int key_nid;           /* the public key's algorithm (NID_rsaEncryption, NID_X9_62_id_ecPublicKey, ...) */
    int rsa_bits;          /* the RSA modulus size in bits; 0 for other keys */
} sso_x509_summary;

/* Reads `der` with libcrypto's ASN.1 template decoder over a partial X.509 template: the
   validity and algorithm identifiers are decoded, the names, the public key and the
   extensions are kept as undecoded ASN.1 (no provider look-ups), which costs a fraction of
   d2i_X509. Returns 1 when `der` is exactly one structurally valid certificate (no trailing
   bytes), 0 otherwise. A certificate that passes may still fail d2i_X509 (a public key its
   providers refuse): trust needs the full parse. */
int sso_x509_summarize(const unsigned char *der, size_t length, sso_x509_summary *out);

/* The subject of the certificate in `der` as sso_x509_subject writes it, read through the
   same partial template (only the name is decoded). Newly allocated (free with
   sso_x509_free_string); NULL when `der` is not a certificate. */
char *sso_x509_summary_subject(const unsigned char *der, size_t length);

/* sso_x509_summarize keeping the decoded template, so that the subject can be read later
   without decoding again: NULL when `der` is not one certificate; free with
   sso_x509_outline_free. */
struct sso_x509_outline;
struct sso_x509_outline *sso_x509_outline_read(const unsigned char *der, size_t length, sso_x509_summary *out);
/* As sso_x509_summary_subject, from an outline. */
char *sso_x509_outline_subject(const struct sso_x509_outline *outline);
void sso_x509_outline_free(struct sso_x509_outline *outline);
#endif
