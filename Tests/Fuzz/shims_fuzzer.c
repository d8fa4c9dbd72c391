/* Coverage-guided fuzzing (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer) of the C
   shims in Sources/CSAMLShims: the only memory-unsafe code of the package. Built and run by
   run.sh in this folder, not by SwiftPM.

   Every input goes through the base64 decoder and the hardened parser; a document that
   parses is scanned, and each of its first elements is read and canonicalized. Besides "no
   crash, no leak, no undefined behaviour", the harness checks that the fast paths agree with
   the slow ones they stand in for:
   - a borrowed attribute value or element text equals what libxml2 assembles;
   - canonicalization that starts at the apex (with the memoized visibility check) gives the
     same bytes as libxml2's walk over the whole document whenever both succeed (and
     succeeds whenever that walk does), exclusive or inclusive, with or
     without comments, with or without an InclusiveNamespaces prefix list, with the
     element's first child element left out (as an enveloped signature is);
   - streaming the canonical bytes gives the same bytes as the buffered call.
   The input's first bytes are also handed to signature verification as a signature (RSA
   and ECDSA keys, raw r || s and DER, every digest), which must refuse it without reading
   out of bounds. The metadata parse (which builds a pruned tree) must accept exactly the
   documents the full parse accepts, refuse the others with the same status, and build a
   tree whose elements read like any other. The input also goes to the partial X.509
   decode, whose dates must agree with d2i_X509's whenever both read it. A disagreement
   aborts, so libFuzzer keeps the input as a crash. */
#include "sso_crypto.h"
#include "sso_x509.h"
#include "sso_xml.h"
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(condition, what)                                                   \
    do {                                                                         \
        if (!(condition)) {                                                      \
            fprintf(stderr, "shims_fuzzer: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            abort();                                                             \
        }                                                                        \
    } while (0)

typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
} collected;

static int collect(void *context, const char *bytes, int length) {
    collected *c = context;
    if (length < 0) return -1;
    if (c->length + (size_t)length > c->capacity) {
        size_t capacity = (c->length + (size_t)length) * 2 + 64;
        unsigned char *grown = realloc(c->bytes, capacity);
        if (!grown) return -1;
        c->bytes = grown;
        c->capacity = capacity;
    }
    memcpy(c->bytes + c->length, bytes, (size_t)length);
    c->length += (size_t)length;
    return length;
}

static void check_base64(const uint8_t *data, size_t size) {
    size_t capacity = size / 4 * 3 + 3;
    unsigned char *out = malloc(capacity + 1);
    if (!out) return;
    long decoded = sso_base64_decode((const char *)data, size, out);
    CHECK(decoded <= (long)capacity, "base64 wrote past its bound");
    if (decoded >= 0) {
        /* Decoding is a function of the non-whitespace characters only. */
        unsigned char *again = malloc(capacity + 1);
        char *compact = malloc(size + 1);
        if (again && compact) {
            size_t n = 0;
            for (size_t i = 0; i < size; i++) {
                char c = (char)data[i];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') compact[n++] = c;
            }
            CHECK(n % 4 == 0, "base64 accepted a length that is not a multiple of four");
            long second = sso_base64_decode(compact, n, again);
            CHECK(second == decoded && memcmp(out, again, (size_t)decoded) == 0, "base64 depends on whitespace");
        }
        free(again);
        free(compact);
    }
    free(out);
}

static void check_reads(sso_xml_node node) {
    static const char *const names[] = { "ID", "Algorithm", "URI", "Version", "a", "b", "Id" };
    static const char *const spaces[] = { NULL, "urn:x", "http://www.w3.org/XML/1998/namespace",
                                          "http://www.w3.org/2001/XMLSchema-instance" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (size_t k = 0; k < sizeof(spaces) / sizeof(spaces[0]); k++) {
            int found = 0;
            const char *borrowed = sso_xml_attribute_borrowed(node, names[i], spaces[k], &found);
            char *assembled = sso_xml_attribute(node, names[i], spaces[k]);
            if (borrowed) {
                CHECK(found == 1, "borrowed attribute without found");
                CHECK(assembled && strcmp(borrowed, assembled) == 0, "borrowed attribute differs");
            } else if (found) {
                CHECK(assembled != NULL, "attribute found but not assembled");
            } else {
                CHECK(assembled == NULL, "attribute assembled but not found");
            }
            sso_free(assembled);
        }
    }
    const char *simple = sso_xml_simple_text(node);
    char *full = sso_xml_text_content(node);
    if (simple) CHECK(full && strcmp(simple, full) == 0, "borrowed text differs");
    sso_free(full);
    (void)sso_xml_line(node);
    (void)sso_xml_lookup_namespace(node, NULL);
    (void)sso_xml_lookup_namespace(node, "saml");
}

static void check_c14n(const sso_xml_document *document, sso_xml_node node) {
    static const char *const prefixes[] = { "#default", "saml", "ds", NULL };
    sso_xml_node excluded = sso_xml_first_element_child(node);
    for (int variant = 0; variant < 6; variant++) {
        int exclusive = variant != 5;
        int with_comments = variant & 1;
        const char *const *list = (variant & 2) ? prefixes : NULL;
        sso_xml_node leave_out = (variant & 4) ? NULL : excluded;
        unsigned char *apex = NULL, *walk = NULL;
        size_t apex_length = 0, walk_length = 0;
        int a = sso_xml_c14n(document, node, leave_out, exclusive, with_comments, list, &apex, &apex_length);
        int w = sso_xml_c14n_full_walk(document, node, leave_out, exclusive, with_comments, list, &walk, &walk_length);
        /* libxml2 refuses a namespace URI it cannot parse (a relative one, or one with a
           '>' in it) on every element it walks, in the node set or not; the full walk visits
           elements outside the node set that the apex walk never does, so only it may fail
           where the other succeeds. The other way round would be a bug. */
        CHECK(a == w || (a == 0 && w != 0), "the apex walk failed where the full walk succeeded");
        if (a == 0 && w == 0) {
            CHECK(apex_length == walk_length && memcmp(apex, walk, apex_length) == 0,
                  "apex walk and full walk give different bytes");
        }
        if (a == 0) {
            collected streamed = { NULL, 0, 0 };
            int s = sso_xml_c14n_stream(document, node, leave_out, exclusive, with_comments, list, collect, &streamed);
            if (s == 0) {
                CHECK(streamed.length == apex_length
                      && (apex_length == 0 || memcmp(streamed.bytes, apex, apex_length) == 0),
                      "streamed bytes differ from buffered bytes");
            }
            free(streamed.bytes);
        }
        sso_free(apex);
        sso_free(walk);
    }
}

static struct sso_verifier *verifiers[2];

static void check_verification(const uint8_t *data, size_t size) {
    if (!verifiers[0]) {
        EVP_PKEY *rsa = EVP_RSA_gen(2048);
        EVP_PKEY *ec = EVP_EC_gen("P-256");
        CHECK(rsa && ec, "key generation failed");
        verifiers[0] = sso_crypto_verifier_new(rsa);
        verifiers[1] = sso_crypto_verifier_new(ec);
        EVP_PKEY_free(rsa);
        EVP_PKEY_free(ec);
        CHECK(verifiers[0] && verifiers[1], "verifier set-up failed");
    }
    unsigned char hash[64];
    memset(hash, 0x5A, sizeof(hash));
    static const size_t lengths[] = { 0, 20, 32, 48, 64 };
    size_t signature_length = size < 600 ? size : 600;
    for (int digest = SSO_DIGEST_SHA1; digest <= SSO_DIGEST_SHA512; digest++) {
        for (int k = 0; k < 2; k++) {
            for (int raw = 0; raw < 2; raw++) {
                int result = sso_crypto_verifier_verify(verifiers[k], digest, hash, lengths[digest], data,
                                                        signature_length, raw);
                CHECK(result == 0 || result == -1, "a fuzzed signature verified");
            }
        }
    }
}

static void check_certificate_summary(const uint8_t *data, size_t size) {
    sso_x509_summary summary;
    int summarized = sso_x509_summarize(data, size, &summary);
    const unsigned char *cursor = data;
    X509 *x509 = d2i_X509(NULL, &cursor, (long)size);
    if (summarized && x509 && cursor == data + size) {
        struct tm parts;
        memset(&parts, 0, sizeof(parts));
        if (ASN1_TIME_to_tm(X509_get0_notAfter(x509), &parts) == 1) {
            CHECK((long long)timegm(&parts) == summary.not_after, "the partial decode reads another notAfter");
        }
        char *subject = sso_x509_summary_subject(data, size);
        char *full = sso_x509_subject(x509);
        CHECK((subject == NULL) == (full == NULL) && (!subject || strcmp(subject, full) == 0),
              "the partial decode reads another subject");
        sso_x509_free_string(subject);
        sso_x509_free_string(full);
    }
    if (x509) X509_free(x509);
}

static void check_reads_of_tree(const sso_xml_document *document, int canonicalize);

static void check_metadata_parse(const uint8_t *data, size_t size, const sso_xml_document *full,
                                 const sso_xml_error *full_error) {
    sso_xml_error error;
    sso_xml_document *pruned = sso_xml_parse_metadata((const char *)data, size, 64, 128, &error);
    CHECK((pruned != NULL) == (full != NULL), "the metadata parse and the full parse disagree on acceptance");
    if (!pruned) {
        CHECK(error.status == full_error->status, "the metadata parse refuses with another status");
        return;
    }
    check_reads_of_tree(pruned, 0);
    sso_xml_free(pruned);
}

static void check_reads_of_tree(const sso_xml_document *document, int canonicalize) {
    /* The first 40 elements in document order. */
    sso_xml_node stack[70];
    int depth = 0;
    int visited = 0;
    sso_xml_node node = sso_xml_root(document);
    while (node && visited < 40) {
        visited++;
        CHECK(sso_xml_local_name(node) != NULL, "element without a name");
        check_reads(node);
        if (canonicalize) check_c14n(document, node);
        sso_xml_node child = sso_xml_first_element_child(node);
        if (child && depth < 70) {
            stack[depth++] = node;
            node = child;
            continue;
        }
        while (node && !sso_xml_next_element_sibling(node)) node = depth > 0 ? stack[--depth] : NULL;
        if (node) node = sso_xml_next_element_sibling(node);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (1u << 16)) return 0;
    check_base64(data, size);
    check_verification(data, size);
    check_certificate_summary(data, size);
    sso_xml_error error;
    sso_xml_document *document = sso_xml_parse_bounded((const char *)data, size, 64, 128, &error);
    check_metadata_parse(data, size, document, &error);
    if (!document) {
        CHECK(error.status != SSO_XML_OK, "no document and no error");
        return 0;
    }
    sso_xml_saml_scan scan;
    CHECK(sso_xml_scan_saml(document, &scan) == 0, "scan failed");
    check_reads_of_tree(document, 1);
    sso_xml_free(document);
    return 0;
}
