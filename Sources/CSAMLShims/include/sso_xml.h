#ifndef SSO_XML_H
#define SSO_XML_H
/*
 * A plain-C view of libxml2 for Swift. No libxml2 type appears here: libxml2's headers
 * pull in ICU, whose types clash with Foundation's when imported into Swift.
 */
#include <stddef.h>

typedef struct sso_xml_document sso_xml_document;
/* A borrowed pointer to an element node; valid while its document lives. */
typedef const void *sso_xml_node;

enum sso_xml_status {
    SSO_XML_OK = 0,
    SSO_XML_MALFORMED = 1,
    SSO_XML_DOCTYPE = 2,
    SSO_XML_TOO_DEEP = 3,
    SSO_XML_EMPTY = 4,
    SSO_XML_TOO_MANY_ATTRIBUTES = 5,
    SSO_XML_ENCODING = 6,      /* declared encoding other than UTF-8/US-ASCII/ISO-8859-1; message = its name */
    SSO_XML_TOO_MANY_NAMESPACES = 7, /* more than SSO_XML_MAX_NAMESPACES_IN_SCOPE declarations in scope */
};

/* The most namespace declarations in scope at one element (its own and its ancestors'). */
#define SSO_XML_MAX_NAMESPACES_IN_SCOPE 64

typedef struct {
    int status;          /* enum sso_xml_status */
    int line;            /* 1-based, 0 when unknown */
    int column;          /* 1-based, 0 when unknown */
    char message[256];   /* the parser's own words, trimmed */
} sso_xml_error;

/* Parses without network access, without entity substitution, refusing any DOCTYPE
   (the parser stops at the DOCTYPE before reading any declaration in it), and refusing
   element nesting deeper than max_depth. Returns NULL and fills error on failure. */
sso_xml_document *sso_xml_parse(const char *bytes, size_t length, int max_depth, sso_xml_error *error);
/* As sso_xml_parse, and first refuses (SSO_XML_TOO_MANY_ATTRIBUTES) any start tag with more
   than max_attributes attributes, namespace declarations included: libxml2's duplicate-
   attribute check and c14n's attribute sort are quadratic in that number, so a few hundred
   kilobytes of attributes on one element would cost seconds. sso_xml_parse uses 256. */
sso_xml_document *sso_xml_parse_bounded(const char *bytes, size_t length, int max_depth, int max_attributes,
                                        sso_xml_error *error);
/* As sso_xml_parse_bounded, for SAML metadata: the whole document is parsed and checked
   (well-formedness, DOCTYPE, depth and namespace bounds, attribute count), but the tree keeps
   only what an IdP's metadata is read from: the root, EntitiesDescriptor and EntityDescriptor
   elements (metadata namespace), each entity's IDPSSODescriptor with its KeyDescriptor,
   SingleSignOnService and NameIDFormat children (whole), and its SPSSODescriptor and
   RoleDescriptor elements without content; comments and processing instructions are
   dropped. Everything else (signatures, claim and attribute lists, other endpoints,
   organization and contact details) is never built, which is most of the cost of a large
   federation document. */
sso_xml_document *sso_xml_parse_metadata(const char *bytes, size_t length, int max_depth, int max_attributes,
                                         sso_xml_error *error);
void sso_xml_free(sso_xml_document *document);

sso_xml_node sso_xml_root(const sso_xml_document *document);
sso_xml_node sso_xml_first_element_child(sso_xml_node node);
sso_xml_node sso_xml_next_element_sibling(sso_xml_node node);
sso_xml_node sso_xml_parent_element(sso_xml_node node);
/* Borrowed strings, valid while the document lives. namespace_uri is NULL when none. */
const char *sso_xml_local_name(sso_xml_node node);
const char *sso_xml_namespace_uri(sso_xml_node node);
/* 1 when the element has an attribute of that name (no namespace), else 0. */
int sso_xml_has_attribute(sso_xml_node node, const char *name);
/* Newly allocated (free with sso_free); NULL when absent. namespace_uri NULL = no namespace. */
char *sso_xml_attribute(sso_xml_node node, const char *name, const char *namespace_uri);
/* All text and CDATA of the element's descendants, concatenated; comments and processing
   instructions do not contribute (so a comment cannot split a value). Free with sso_free. */
char *sso_xml_text_content(sso_xml_node node);
/* Borrowed fast paths for the two reads above, pointing into the tree (valid while the
   document lives, never to be freed). sso_xml_attribute_borrowed: the value when the
   attribute is stored as one text node (the usual case); NULL with *found = 0 when there is
   no such attribute, NULL with *found = 1 when sso_xml_attribute must assemble the value.
   sso_xml_simple_text: "" for an element without children, the text of an element whose
   only child is one text or CDATA node, else NULL (use sso_xml_text_content). */
const char *sso_xml_attribute_borrowed(sso_xml_node node, const char *name, const char *namespace_uri,
                                       int *found);
const char *sso_xml_simple_text(sso_xml_node node);
/* The 1-based source line of the node, 0 when unknown. */
int sso_xml_line(sso_xml_node node);
/* Resolves a QName prefix (NULL = default namespace) in scope at node; borrowed or NULL. */
const char *sso_xml_lookup_namespace(sso_xml_node node, const char *prefix);

/* Canonicalizes the subtree rooted at `subtree`, leaving out the subtree rooted at
   `excluded` (may be NULL) — the enveloped-signature transform. exclusive: 1 for exclusive
   c14n 1.0, 0 for inclusive 1.0. inclusive_prefixes: NULL-terminated list or NULL.
   On success returns 0 and a newly allocated buffer (free with sso_free). */
int sso_xml_c14n(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                 int exclusive, int with_comments, const char *const *inclusive_prefixes,
                 unsigned char **out, size_t *out_length);

/* As sso_xml_c14n, but with libxml2's own walk over the whole document: the reference
   that tests compare the apex-only walk of sso_xml_c14n with. */
int sso_xml_c14n_full_walk(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                           int exclusive, int with_comments, const char *const *inclusive_prefixes,
                           unsigned char **out, size_t *out_length);

/* Receives canonical bytes as they are produced; returns length, or -1 to stop. */
typedef int (*sso_xml_sink)(void *context, const char *bytes, int length);

/* As sso_xml_c14n, but streams the canonical bytes to sink instead of returning a buffer
   (a digest is computed without holding the canonical document). Returns 0 or -1. */
int sso_xml_c14n_stream(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                        int exclusive, int with_comments, const char *const *inclusive_prefixes,
                        sso_xml_sink sink, void *context);

/* One pass over every element of a document, for the structural checks of a SAML Response
   (XML signature wrapping defences): ID uniqueness and how often chosen elements occur. */
typedef struct {
    size_t element_count;
    size_t assertion_count;            /* saml2:Assertion elements anywhere */
    size_t encrypted_assertion_count;  /* saml2:EncryptedAssertion elements anywhere */
    size_t signature_count;            /* ds:Signature elements anywhere */
    int duplicate_id;                  /* 1 when two ID/AssertionID/Id/xml:id attributes share a value */
    char duplicate_value[128];         /* that value, truncated */
} sso_xml_saml_scan;

/* Fills scan. Returns 0, or -1 when out of memory. */
int sso_xml_scan_saml(const sso_xml_document *document, sso_xml_saml_scan *scan);

void sso_free(void *pointer);

#endif
