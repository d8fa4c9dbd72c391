#include "sso_xml.h"
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/encoding.h>
#include <libxml/hash.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sso_xml_document {
    xmlDocPtr doc;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void) { xmlInitParser(); }

/* What the metadata parse keeps of an element (see sso_xml_parse_metadata). */
enum keep_kind { KEEP_OTHER_ROOT = 0, KEEP_ENTITIES, KEEP_ENTITY, KEEP_IDP, KEEP_ALL, KEEP_EMPTY };
#define SSO_XML_PRUNE_STACK 260

typedef struct {
    int saw_doctype;
    /* Metadata pruning (prune = 1): depth of the current element (root = 1), the depth at
       which a skipped subtree started (0 outside one), and per depth the element's kind and
       its namespace declarations, to apply the depth and namespace bounds to what is
       skipped as well. */
    int prune;
    int max_depth;
    int depth;
    int skip_from;
    int in_scope;
    int shape_error;
    int shape_line;
    unsigned char kinds[SSO_XML_PRUNE_STACK];
    int declarations[SSO_XML_PRUNE_STACK];
} parse_state;

static void refuse_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                   const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    parse_state *state = (parse_state *)ctxt->_private;
    if (state) state->saw_doctype = 1;
    xmlStopParser(ctxt);
}

/* libxml2 reports some failures (c14n's "relative namespace URI", for one) through its
   global error channel, which prints to stderr unless a handler is set. The handler is
   per thread in libxml2, so it is installed around each call and the host's own handler
   (if any) is put back afterwards. */
static size_t find_terminator(const char *bytes, size_t length, size_t from, const char *terminator, size_t t);

static void ignore_structured_error(void *context, xmlErrorPtr error) { (void)context; (void)error; }

typedef struct {
    xmlStructuredErrorFunc function;
    void *context;
} saved_error_handler;

static saved_error_handler silence_libxml(void) {
    saved_error_handler saved = { xmlStructuredError, xmlStructuredErrorContext };
    xmlSetStructuredErrorFunc(NULL, ignore_structured_error);
    return saved;
}

static void restore_libxml(saved_error_handler saved) {
    xmlSetStructuredErrorFunc(saved.context, saved.function);
}

static int ascii_case_equal(const char *a, size_t n, const char *b) {
    if (strlen(b) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x = (char)(x - 32);
        if (y >= 'a' && y <= 'z') y = (char)(y - 32);
        if (x != y) return 0;
    }
    return 1;
}

static int is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The encoding the parser is forced to use, from the XML declaration, or NULL when the
   declaration names an encoding that is refused (its name is copied to refused). Only
   encodings in which every ASCII character is its own single byte are accepted: UTF-8
   (and its subset US-ASCII) and ISO-8859-1. In UTF-7, UTF-16, UTF-32 or EBCDIC, markup
   such as '<', '=' or '"' can be spelled with other bytes, which defeats the byte-level
   bounds applied before parsing and any byte-level filter in front of this service; SAML
   documents are UTF-8; UTF-16 (which metadata exported on Windows can be) is first
   transcoded to UTF-8 by utf16_as_utf8, so the bounds see the real markup. Autodetection
   from the first bytes is disabled by forcing the encoding. */
static const char *forced_encoding(const char *bytes, size_t length, int transcoded_from_utf16,
                                   char *refused, size_t refused_size) {
    size_t i = 0;
    if (length >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB
        && (unsigned char)bytes[2] == 0xBF) i = 3;
    if (length - i < 6 || memcmp(bytes + i, "<?xml", 5) != 0 || !is_xml_space(bytes[i + 5])) return "UTF-8";
    size_t end = find_terminator(bytes, length, i, "?>", 2);
    if (end == length) return "UTF-8"; /* unterminated: the parser reports it */
    const char *found = NULL;
    for (size_t k = i + 5; k + 8 <= end; k++) {
        if (memcmp(bytes + k, "encoding", 8) == 0 && is_xml_space(bytes[k - 1])) { found = bytes + k + 8; break; }
    }
    if (!found) return "UTF-8";
    const char *limit = bytes + end;
    while (found < limit && is_xml_space(*found)) found++;
    if (found >= limit || *found != '=') return "UTF-8"; /* malformed declaration: the parser reports it */
    found++;
    while (found < limit && is_xml_space(*found)) found++;
    if (found >= limit || (*found != '"' && *found != '\'')) return "UTF-8";
    char quote = *found++;
    const char *close = memchr(found, quote, (size_t)(limit - found));
    if (!close) return "UTF-8";
    size_t n = (size_t)(close - found);
    if (transcoded_from_utf16) {
        /* The bytes were UTF-16 (recognized by their byte order mark or "<\0") and are now
           UTF-8; the declaration must agree with what they were. */
        if (ascii_case_equal(found, n, "UTF-16") || ascii_case_equal(found, n, "UTF-16LE")
            || ascii_case_equal(found, n, "UTF-16BE")) return "UTF-8";
    } else if (ascii_case_equal(found, n, "UTF-8") || ascii_case_equal(found, n, "UTF8")
        || ascii_case_equal(found, n, "US-ASCII") || ascii_case_equal(found, n, "ASCII")) return "UTF-8";
    else if (ascii_case_equal(found, n, "ISO-8859-1") || ascii_case_equal(found, n, "LATIN1")
        || ascii_case_equal(found, n, "ISO_8859-1")) return "ISO-8859-1";
    if (refused && refused_size) {
        size_t copy = n < refused_size - 1 ? n : refused_size - 1;
        for (size_t k = 0; k < copy; k++) {
            unsigned char c = (unsigned char)found[k];
            refused[k] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
        }
        refused[copy] = 0;
    }
    return NULL;
}

/* UTF-16 recognized by a byte order mark, or by "<" as the first code unit, transcoded to
   UTF-8 with libxml2's own converter (the BOM dropped). Returns NULL when the bytes are not
   UTF-16 (then *status is 0) or are broken UTF-16 (then *status is -1). Free with free(). */
static char *utf16_as_utf8(const char *bytes, size_t length, size_t *out_length, int *status) {
    *status = 0;
    if (length < 2) return NULL;
    unsigned char a = (unsigned char)bytes[0], b = (unsigned char)bytes[1];
    xmlCharEncoding encoding;
    size_t skip = 0;
    if (a == 0xFF && b == 0xFE) { encoding = XML_CHAR_ENCODING_UTF16LE; skip = 2; }
    else if (a == 0xFE && b == 0xFF) { encoding = XML_CHAR_ENCODING_UTF16BE; skip = 2; }
    else if (a == '<' && b == 0) encoding = XML_CHAR_ENCODING_UTF16LE;
    else if (a == 0 && b == '<') encoding = XML_CHAR_ENCODING_UTF16BE;
    else return NULL;
    *status = -1;
    size_t in_length = length - skip;
    if (in_length % 2 != 0 || in_length > (size_t)INT32_MAX / 2) return NULL;
    xmlCharEncodingHandlerPtr handler = xmlGetCharEncodingHandler(encoding);
    if (!handler || !handler->input) return NULL;
    /* Each 16-bit unit becomes at most 3 bytes of UTF-8 (a surrogate pair, 4 bytes for 2). */
    int capacity = (int)(in_length / 2 * 3 + 1);
    unsigned char *out = malloc((size_t)capacity);
    if (!out) return NULL;
    int out_len = capacity - 1;
    int consumed = (int)in_length;
    int rc = handler->input(out, &out_len, (const unsigned char *)bytes + skip, &consumed);
    if (rc < 0 || consumed != (int)in_length) { free(out); return NULL; }
    out[out_len] = 0;
    *out_length = (size_t)out_len;
    *status = 0;
    return (char *)out;
}

static void set_error(sso_xml_error *error, int status, int line, int column, const char *message) {
    if (!error) return;
    error->status = status;
    error->line = line;
    error->column = column;
    error->message[0] = 0;
    if (message) {
        strncpy(error->message, message, sizeof(error->message) - 1);
        error->message[sizeof(error->message) - 1] = 0;
        size_t n = strlen(error->message);
        while (n > 0 && (error->message[n - 1] == '\n' || error->message[n - 1] == ' ')) error->message[--n] = 0;
    }
}

static int namespace_declarations(xmlNodePtr node) {
    int count = 0;
    for (xmlNsPtr ns = node->nsDef; ns; ns = ns->next) count++;
    return count;
}

/* One walk over the elements: SSO_XML_TOO_DEEP when nesting exceeds max_depth,
   SSO_XML_TOO_MANY_NAMESPACES when more than SSO_XML_MAX_NAMESPACES_IN_SCOPE namespace
   declarations are in scope at some element (counted along its ancestors), else 0.

   The second bound is about canonicalization cost: exclusive c14n looks up every
   InclusiveNamespaces prefix for every element with xmlSearchNs, which scans each ancestor's
   declarations. With 60 ancestors of 120 declarations each, a 1 MiB document took minutes
   (measured); real SAML documents have under 10 declarations in scope. */
static int shape_problem(xmlNodePtr root, int max_depth, int *line) {
    if (!root->children) return 0;
    int depth = 1;
    int in_scope = namespace_declarations(root);
    xmlNodePtr node = root;
    for (;;) {
        if (node->type == XML_ELEMENT_NODE) {
            if (max_depth > 0 && depth > max_depth) { *line = (int)xmlGetLineNo(node); return SSO_XML_TOO_DEEP; }
            if (in_scope > SSO_XML_MAX_NAMESPACES_IN_SCOPE) {
                *line = (int)xmlGetLineNo(node);
                return SSO_XML_TOO_MANY_NAMESPACES;
            }
            if (node->children) {
                node = node->children;
                depth++;
                if (node->type == XML_ELEMENT_NODE) in_scope += namespace_declarations(node);
                continue;
            }
        }
        while (!node->next) {
            if (node->type == XML_ELEMENT_NODE) in_scope -= namespace_declarations(node);
            node = node->parent;
            depth--;
            if (node == root || node == NULL) return 0;
        }
        if (node->type == XML_ELEMENT_NODE) in_scope -= namespace_declarations(node);
        node = node->next;
        if (node->type == XML_ELEMENT_NODE) in_scope += namespace_declarations(node);
    }
}

/* The first occurrence of terminator at or after from, or length when there is none. */
static size_t find_terminator(const char *bytes, size_t length, size_t from, const char *terminator, size_t t) {
    while (from < length) {
        const char *hit = memchr(bytes + from, terminator[0], length - from);
        if (!hit) return length;
        size_t at = (size_t)(hit - bytes);
        if (length - at >= t && memcmp(hit, terminator, t) == 0) return at;
        from = at + 1;
    }
    return length;
}

/* Whether some start tag has more than max attributes. One linear pass over the raw bytes
   that skips text, comments, CDATA sections, processing instructions, declarations, end
   tags and quoted attribute values; malformed input is left for the parser to report. On
   a hit, *line is the 1-based line of the offending tag. */
static int has_too_many_attributes(const char *bytes, size_t length, int max, int *line) {
    size_t i = 0;
    while (i < length) {
        const char *open = memchr(bytes + i, '<', length - i);
        if (!open) return 0;
        i = (size_t)(open - bytes);
        size_t tag = i;
        size_t left = length - i;
        const char *terminator = NULL;
        size_t skip = 0;
        if (left >= 4 && memcmp(open, "<!--", 4) == 0) { terminator = "-->"; skip = 4; }
        else if (left >= 9 && memcmp(open, "<![CDATA[", 9) == 0) { terminator = "]]>"; skip = 9; }
        else if (left >= 2 && open[1] == '?') { terminator = "?>"; skip = 2; }
        else if (left >= 2 && (open[1] == '!' || open[1] == '/')) { terminator = ">"; skip = 2; }
        if (terminator) {
            size_t t = strlen(terminator);
            i = find_terminator(bytes, length, i + skip, terminator, t) + t;
            continue;
        }
        /* A start tag: count '=' outside quoted values up to the closing '>'. */
        int attributes = 0;
        i++;
        while (i < length) {
            char d = bytes[i];
            if (d == '"' || d == '\'') {
                const char *close = memchr(bytes + i + 1, d, length - i - 1);
                if (!close) return 0;
                i = (size_t)(close - bytes) + 1;
                continue;
            }
            if (d == '>') break;
            if (d == '=' && ++attributes > max) {
                if (line) {
                    int n = 1;
                    for (size_t k = 0; k < tag; k++) if (bytes[k] == '\n') n++;
                    *line = n;
                }
                return 1;
            }
            i++;
        }
        i++;
    }
    return 0;
}

static sso_xml_document *parse_utf8(const char *bytes, size_t length, int transcoded_from_utf16, int max_depth,
                                    int max_attributes, int prune, sso_xml_error *error);

/* ---- Metadata pruning: SAX2 handlers around libxml2's own tree builder ---- */

static const char *const metadata_namespace = "urn:oasis:names:tc:SAML:2.0:metadata";

static int is_metadata(const xmlChar *localname, const xmlChar *uri, const char *name) {
    return uri && strcmp((const char *)uri, metadata_namespace) == 0 && strcmp((const char *)localname, name) == 0;
}

/* What to keep of an element under a parent of kind `parent`: -1 to skip its subtree. */
static int keep_kind(int depth, int parent, const xmlChar *localname, const xmlChar *uri) {
    if (depth == 1) {
        if (is_metadata(localname, uri, "EntitiesDescriptor")) return KEEP_ENTITIES;
        if (is_metadata(localname, uri, "EntityDescriptor")) return KEEP_ENTITY;
        return KEEP_OTHER_ROOT;
    }
    switch (parent) {
    case KEEP_ENTITIES:
        if (is_metadata(localname, uri, "EntityDescriptor")) return KEEP_ENTITY;
        if (is_metadata(localname, uri, "EntitiesDescriptor")) return KEEP_ENTITIES;
        return -1;
    case KEEP_ENTITY:
        if (is_metadata(localname, uri, "IDPSSODescriptor")) return KEEP_IDP;
        /* Read only to say that this is not IdP metadata: kept without their content. */
        if (is_metadata(localname, uri, "SPSSODescriptor") || is_metadata(localname, uri, "RoleDescriptor")) return KEEP_EMPTY;
        return -1;
    case KEEP_IDP:
        /* What the IdP role is read for: keys, sign-on endpoints, NameID formats. */
        if (is_metadata(localname, uri, "KeyDescriptor") || is_metadata(localname, uri, "SingleSignOnService")
            || is_metadata(localname, uri, "NameIDFormat")) return KEEP_ALL;
        return -1;
    case KEEP_ALL:
        return KEEP_ALL;
    default:
        return -1;
    }
}

static void pruning_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    parse_state *state = (parse_state *)ctxt->_private;
    int depth = ++state->depth;
    /* The bounds that the tree check applies to kept elements, applied to every element. */
    if ((state->max_depth > 0 && depth > state->max_depth) || depth >= SSO_XML_PRUNE_STACK) {
        state->shape_error = SSO_XML_TOO_DEEP;
        state->shape_line = xmlSAX2GetLineNumber(ctx);
        xmlStopParser(ctxt);
        return;
    }
    state->declarations[depth] = nb_namespaces;
    state->in_scope += nb_namespaces;
    if (state->in_scope > SSO_XML_MAX_NAMESPACES_IN_SCOPE) {
        state->shape_error = SSO_XML_TOO_MANY_NAMESPACES;
        state->shape_line = xmlSAX2GetLineNumber(ctx);
        xmlStopParser(ctxt);
        return;
    }
    if (state->skip_from) return;
    int kind = keep_kind(depth, state->kinds[depth - 1], localname, uri);
    if (kind < 0) {
        state->skip_from = depth;
        return;
    }
    state->kinds[depth] = (unsigned char)kind;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                          attributes);
}

static void pruning_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    parse_state *state = (parse_state *)ctxt->_private;
    int depth = state->depth;
    if (depth <= 0 || depth >= SSO_XML_PRUNE_STACK) return;
    state->in_scope -= state->declarations[depth];
    state->depth--;
    if (state->skip_from) {
        if (state->skip_from == depth) state->skip_from = 0;
        return;
    }
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void pruning_characters(void *ctx, const xmlChar *text, int length) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    parse_state *state = (parse_state *)ctxt->_private;
    if (state->skip_from || state->kinds[state->depth] == KEEP_EMPTY) return;
    xmlSAX2Characters(ctx, text, length);
}

static void pruning_cdata(void *ctx, const xmlChar *text, int length) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    parse_state *state = (parse_state *)ctxt->_private;
    if (state->skip_from || state->kinds[state->depth] == KEEP_EMPTY) return;
    xmlSAX2CDataBlock(ctx, text, length);
}

/* Comments and processing instructions contribute nothing the metadata reader reads. */
static void pruning_comment(void *ctx, const xmlChar *text) { (void)ctx; (void)text; }
static void pruning_instruction(void *ctx, const xmlChar *target, const xmlChar *data) {
    (void)ctx; (void)target; (void)data;
}

/* Checks the length, transcodes UTF-16 to UTF-8, then parses (pruned for metadata or not). */
static sso_xml_document *parse_entry(const char *bytes, size_t length, int max_depth, int max_attributes, int prune,
                                     sso_xml_error *error) {
    pthread_once(&init_once, init_libxml);
    set_error(error, SSO_XML_OK, 0, 0, NULL);
    if (length == 0) {
        set_error(error, SSO_XML_EMPTY, 0, 0, "the document is empty");
        return NULL;
    }
    if (length > (size_t)INT32_MAX) {
        set_error(error, SSO_XML_MALFORMED, 0, 0, "the document is too large");
        return NULL;
    }
    size_t utf8_length = 0;
    int utf16_status = 0;
    char *utf8 = utf16_as_utf8(bytes, length, &utf8_length, &utf16_status);
    if (utf16_status < 0) {
        set_error(error, SSO_XML_MALFORMED, 1, 1, "the document starts like UTF-16 but is not valid UTF-16");
        return NULL;
    }
    if (utf8) {
        sso_xml_document *result = utf8_length == 0
            ? (set_error(error, SSO_XML_EMPTY, 0, 0, "the document is empty"), NULL)
            : parse_utf8(utf8, utf8_length, 1, max_depth, max_attributes, prune, error);
        free(utf8);
        return result;
    }
    return parse_utf8(bytes, length, 0, max_depth, max_attributes, prune, error);
}

sso_xml_document *sso_xml_parse_metadata(const char *bytes, size_t length, int max_depth, int max_attributes,
                                         sso_xml_error *error) {
    return parse_entry(bytes, length, max_depth, max_attributes, 1, error);
}

sso_xml_document *sso_xml_parse(const char *bytes, size_t length, int max_depth, sso_xml_error *error) {
    return sso_xml_parse_bounded(bytes, length, max_depth, 256, error);
}

sso_xml_document *sso_xml_parse_bounded(const char *bytes, size_t length, int max_depth, int max_attributes,
                                        sso_xml_error *error) {
    return parse_entry(bytes, length, max_depth, max_attributes, 0, error);
}

static sso_xml_document *parse_utf8(const char *bytes, size_t length, int transcoded_from_utf16, int max_depth,
                                    int max_attributes, int prune, sso_xml_error *error) {
    int attribute_line = 0;
    if (max_attributes > 0 && has_too_many_attributes(bytes, length, max_attributes, &attribute_line)) {
        set_error(error, SSO_XML_TOO_MANY_ATTRIBUTES, attribute_line, 0, "an element has too many attributes");
        return NULL;
    }
    char refused[64] = {0};
    const char *encoding = forced_encoding(bytes, length, transcoded_from_utf16, refused, sizeof(refused));
    if (!encoding) {
        char message[128];
        snprintf(message, sizeof(message), "%s", refused);
        set_error(error, SSO_XML_ENCODING, 1, 0, message);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        set_error(error, SSO_XML_MALFORMED, 0, 0, "out of memory");
        return NULL;
    }
    parse_state state = {0};
    ctxt->_private = &state;
    ctxt->sax->internalSubset = refuse_internal_subset;
    if (prune) {
        state.prune = 1;
        state.max_depth = max_depth;
        ctxt->sax->startElementNs = pruning_start;
        ctxt->sax->endElementNs = pruning_end;
        ctxt->sax->characters = pruning_characters;
        ctxt->sax->ignorableWhitespace = pruning_characters;
        ctxt->sax->cdataBlock = pruning_cdata;
        ctxt->sax->comment = pruning_comment;
        ctxt->sax->processingInstruction = pruning_instruction;
    }
    /* NONET: never fetch; no NOENT: entities are never substituted; no DTDLOAD/DTDATTR;
       NOERROR/NOWARNING: libxml2 must not print to the host's stderr. */
    /* COMPACT: short text is stored inside its node (fewer allocations); the tree is read-only. */
    /* IGNORE_ENC with a forced encoding: the declaration was checked above. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT
        | XML_PARSE_IGNORE_ENC;
    saved_error_handler saved = silence_libxml();
    /* Naming UTF-8 makes libxml2 copy the whole input through its UTF-8 "converter". For
       metadata (large documents, read periodically) the copy is skipped when nothing else can
       be detected: the first byte is '<' and the second is not NUL, so libxml2's own detection
       finds UTF-8 or nothing (and then reads UTF-8), never UTF-16, UCS-4 or EBCDIC; the
       declaration was checked above and IGNORE_ENC keeps libxml2 from reading it again. */
    const char *read_encoding = encoding;
    if (prune && strcmp(encoding, "UTF-8") == 0 && length >= 2 && bytes[0] == '<' && bytes[1] != 0) read_encoding = NULL;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)length, NULL, read_encoding, options);
    restore_libxml(saved);
    if (state.saw_doctype) {
        if (doc) xmlFreeDoc(doc);
        int line = ctxt->input ? ctxt->input->line : 0;
        xmlFreeParserCtxt(ctxt);
        set_error(error, SSO_XML_DOCTYPE, line, 0, "the document has a DOCTYPE declaration");
        return NULL;
    }
    if (state.shape_error) {
        if (doc) xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        set_error(error, state.shape_error, state.shape_line, 0, state.shape_error == SSO_XML_TOO_DEEP
                  ? "elements are nested too deeply" : "too many namespace declarations are in scope");
        return NULL;
    }
    if ((!doc || !ctxt->wellFormed) && max_depth > 0 && ctxt->nameNr > max_depth) {
        /* libxml2 itself stops at 256 levels ("Excessive depth ... use XML_PARSE_HUGE"): the
           same problem as our own bound, reported as such. */
        int line = ctxt->input ? ctxt->input->line : 0;
        if (doc) xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        set_error(error, SSO_XML_TOO_DEEP, line, 0, "elements are nested too deeply");
        return NULL;
    }
    if (!doc || !ctxt->wellFormed) {
        const xmlError *last = xmlCtxtGetLastError(ctxt);
        if (last) set_error(error, SSO_XML_MALFORMED, last->line, last->int2, last->message);
        else set_error(error, SSO_XML_MALFORMED, 0, 0, "the document is not well-formed XML");
        if (doc) xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    xmlFreeParserCtxt(ctxt);
    if (doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        set_error(error, SSO_XML_DOCTYPE, 0, 0, "the document has a DOCTYPE declaration");
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        xmlFreeDoc(doc);
        set_error(error, SSO_XML_MALFORMED, 0, 0, "the document has no root element");
        return NULL;
    }
    int shape_line = 0;
    int shape = shape_problem(root, max_depth, &shape_line);
    if (shape) {
        xmlFreeDoc(doc);
        set_error(error, shape, shape_line, 0, shape == SSO_XML_TOO_DEEP ? "elements are nested too deeply"
                  : "too many namespace declarations are in scope");
        return NULL;
    }
    sso_xml_document *result = malloc(sizeof(*result));
    if (!result) {
        xmlFreeDoc(doc);
        set_error(error, SSO_XML_MALFORMED, 0, 0, "out of memory");
        return NULL;
    }
    result->doc = doc;
    return result;
}

void sso_xml_free(sso_xml_document *document) {
    if (!document) return;
    xmlFreeDoc(document->doc);
    free(document);
}

sso_xml_node sso_xml_root(const sso_xml_document *document) {
    return document ? xmlDocGetRootElement(document->doc) : NULL;
}

sso_xml_node sso_xml_first_element_child(sso_xml_node node) {
    xmlNodePtr n = node ? ((xmlNodePtr)node)->children : NULL;
    while (n && n->type != XML_ELEMENT_NODE) n = n->next;
    return n;
}

sso_xml_node sso_xml_next_element_sibling(sso_xml_node node) {
    xmlNodePtr n = node ? ((xmlNodePtr)node)->next : NULL;
    while (n && n->type != XML_ELEMENT_NODE) n = n->next;
    return n;
}

sso_xml_node sso_xml_parent_element(sso_xml_node node) {
    xmlNodePtr n = node ? ((xmlNodePtr)node)->parent : NULL;
    return (n && n->type == XML_ELEMENT_NODE) ? n : NULL;
}

const char *sso_xml_local_name(sso_xml_node node) {
    return node ? (const char *)((xmlNodePtr)node)->name : NULL;
}

const char *sso_xml_namespace_uri(sso_xml_node node) {
    xmlNodePtr n = (xmlNodePtr)node;
    return (n && n->ns) ? (const char *)n->ns->href : NULL;
}

int sso_xml_has_attribute(sso_xml_node node, const char *name) {
    return node && xmlHasNsProp((xmlNodePtr)node, (const xmlChar *)name, NULL) != NULL;
}

char *sso_xml_attribute(sso_xml_node node, const char *name, const char *namespace_uri) {
    if (!node) return NULL;
    xmlChar *value = namespace_uri
        ? xmlGetNsProp((xmlNodePtr)node, (const xmlChar *)name, (const xmlChar *)namespace_uri)
        : xmlGetNoNsProp((xmlNodePtr)node, (const xmlChar *)name);
    if (!value) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}

const char *sso_xml_attribute_borrowed(sso_xml_node node, const char *name, const char *namespace_uri,
                                       int *found) {
    *found = 0;
    if (!node || !name) return NULL;
    for (xmlAttrPtr attr = ((xmlNodePtr)node)->properties; attr; attr = attr->next) {
        if (!xmlStrEqual(attr->name, (const xmlChar *)name)) continue;
        if (namespace_uri ? !(attr->ns && xmlStrEqual(attr->ns->href, (const xmlChar *)namespace_uri))
                          : attr->ns != NULL) continue;
        *found = 1;
        xmlNodePtr value = attr->children;
        if (!value) return "";
        if (!value->next && (value->type == XML_TEXT_NODE || value->type == XML_CDATA_SECTION_NODE))
            return value->content ? (const char *)value->content : "";
        return NULL;
    }
    return NULL;
}

const char *sso_xml_simple_text(sso_xml_node node) {
    if (!node) return NULL;
    xmlNodePtr child = ((xmlNodePtr)node)->children;
    if (!child) return "";
    if (!child->next && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE))
        return child->content ? (const char *)child->content : "";
    return NULL;
}

static void append_text(xmlNodePtr node, xmlBufferPtr buffer) {
    for (xmlNodePtr child = node->children; child; child = child->next) {
        switch (child->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            xmlBufferCat(buffer, child->content);
            break;
        case XML_ELEMENT_NODE:
            append_text(child, buffer);
            break;
        default:
            break; /* comments, PIs and (never substituted) entity references add nothing */
        }
    }
}

char *sso_xml_text_content(sso_xml_node node) {
    if (!node) return NULL;
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer) return NULL;
    append_text((xmlNodePtr)node, buffer);
    const xmlChar *content = xmlBufferContent(buffer);
    char *copy = strdup(content ? (const char *)content : "");
    xmlBufferFree(buffer);
    return copy;
}

int sso_xml_line(sso_xml_node node) {
    return node ? (int)xmlGetLineNo((xmlNodePtr)node) : 0;
}

const char *sso_xml_lookup_namespace(sso_xml_node node, const char *prefix) {
    if (!node) return NULL;
    xmlNsPtr ns = xmlSearchNs(((xmlNodePtr)node)->doc, (xmlNodePtr)node, (const xmlChar *)prefix);
    return ns ? (const char *)ns->href : NULL;
}

typedef struct {
    xmlNodePtr subtree;
    xmlNodePtr excluded;
    xmlNodePtr last;      /* the element judged last, and its verdict */
    int last_result;
} visibility;

/* Whether element e is in the node set: inside the excluded subtree (the enveloped
   signature) is invisible, inside the apex is visible, anything else is outside. The
   verdict depends only on e's ancestors, so the walk up stops at the element judged last:
   c14n goes in document order, so that is usually the parent, and the walk is one step. */
static int visible_element(visibility *v, xmlNodePtr e) {
    int result = 0;
    for (xmlNodePtr n = e; n; n = n->parent) {
        if (n == v->excluded) { result = 0; break; }
        if (n == v->subtree) { result = 1; break; }
        if (n == v->last) { result = v->last_result; break; }
        if (n->type == XML_DOCUMENT_NODE) { result = 0; break; }
    }
    v->last = e;
    v->last_result = result;
    return result;
}

/* Called for every node, attribute and namespace during c14n. Namespace nodes, attributes,
   text, comments and processing instructions are judged by the element that holds them. */
static int is_visible(void *user_data, xmlNodePtr node, xmlNodePtr parent) {
    visibility *v = (visibility *)user_data;
    xmlNodePtr subject = (node == NULL || node->type == XML_NAMESPACE_DECL) ? parent : node;
    if (!subject) return 0;
    if (subject->type != XML_ELEMENT_NODE) {
        if (subject == v->excluded || subject == v->subtree) return subject == v->subtree;
        return subject->parent ? visible_element(v, subject->parent) : 0;
    }
    return visible_element(v, subject);
}

/* xmlC14NExecute walks the whole document from doc->children and asks the visibility
   callback about every node, element namespaces included; for a small apex such as
   SignedInfo that walk is most of the cost. A private document node whose first child is
   the apex makes it start at the apex instead (the apex's following siblings are still
   visited, and are invisible). Nothing of the real tree is modified: the apex keeps its
   parent, so namespace look-ups still see its real ancestors; the private node is freed
   without children. Exclusive c14n renders only namespaces utilized inside the node set
   (and PrefixList ones looked up through the real ancestors), so the output is the same. */
static int c14n_execute(const sso_xml_document *document, xmlNodePtr subtree, xmlNodePtr excluded,
                        int exclusive, int with_comments, const char *const *inclusive_prefixes,
                        xmlOutputBufferPtr buffer, int full_walk) {
    visibility v = { subtree, excluded, NULL, 0 };
    int mode = exclusive ? XML_C14N_EXCLUSIVE_1_0 : XML_C14N_1_0;
    saved_error_handler saved = silence_libxml();
    int rc;
    if (!exclusive || full_walk) {
        rc = xmlC14NExecute(document->doc, is_visible, &v, mode, (xmlChar **)inclusive_prefixes,
                            with_comments, buffer);
        restore_libxml(saved);
        return rc;
    }
    xmlDocPtr view = xmlNewDoc(BAD_CAST "1.0");
    if (!view) { restore_libxml(saved); return -1; }
    view->children = subtree;
    rc = xmlC14NExecute(view, is_visible, &v, mode, (xmlChar **)inclusive_prefixes, with_comments, buffer);
    view->children = NULL;
    view->last = NULL;
    xmlFreeDoc(view);
    restore_libxml(saved);
    return rc;
}

static int c14n_to_memory(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                          int exclusive, int with_comments, const char *const *inclusive_prefixes,
                          unsigned char **out, size_t *out_length, int full_walk) {
    if (!document || !subtree || !out || !out_length) return -1;
    *out = NULL;
    *out_length = 0;
    xmlOutputBufferPtr buffer = xmlAllocOutputBuffer(NULL);
    if (!buffer) return -1;
    int rc = c14n_execute(document, (xmlNodePtr)subtree, (xmlNodePtr)excluded, exclusive, with_comments,
                          inclusive_prefixes, buffer, full_walk);
    if (rc < 0) {
        xmlOutputBufferClose(buffer);
        return -1;
    }
    size_t size = xmlOutputBufferGetSize(buffer);
    const xmlChar *content = xmlOutputBufferGetContent(buffer);
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy) {
        xmlOutputBufferClose(buffer);
        return -1;
    }
    if (size) memcpy(copy, content, size);
    xmlOutputBufferClose(buffer);
    *out = copy;
    *out_length = size;
    return 0;
}

int sso_xml_c14n(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                 int exclusive, int with_comments, const char *const *inclusive_prefixes,
                 unsigned char **out, size_t *out_length) {
    return c14n_to_memory(document, subtree, excluded, exclusive, with_comments, inclusive_prefixes,
                          out, out_length, 0);
}

int sso_xml_c14n_full_walk(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                           int exclusive, int with_comments, const char *const *inclusive_prefixes,
                           unsigned char **out, size_t *out_length) {
    return c14n_to_memory(document, subtree, excluded, exclusive, with_comments, inclusive_prefixes,
                          out, out_length, 1);
}

int sso_xml_c14n_stream(const sso_xml_document *document, sso_xml_node subtree, sso_xml_node excluded,
                        int exclusive, int with_comments, const char *const *inclusive_prefixes,
                        sso_xml_sink sink, void *context) {
    if (!document || !subtree || !sink) return -1;
    xmlOutputBufferPtr buffer = xmlOutputBufferCreateIO((xmlOutputWriteCallback)sink, NULL, context, NULL);
    if (!buffer) return -1;
    int rc = c14n_execute(document, (xmlNodePtr)subtree, (xmlNodePtr)excluded, exclusive, with_comments,
                          inclusive_prefixes, buffer, 0);
    int closed = xmlOutputBufferClose(buffer); /* flushes what is left to the sink */
    return (rc < 0 || closed < 0) ? -1 : 0;
}

static const char saml_assertion_ns[] = "urn:oasis:names:tc:SAML:2.0:assertion";
static const char xmldsig_ns[] = "http://www.w3.org/2000/09/xmldsig#";

static int is_id_attribute(xmlAttrPtr attr) {
    if (attr->ns == NULL) {
        return xmlStrEqual(attr->name, BAD_CAST "ID") || xmlStrEqual(attr->name, BAD_CAST "AssertionID")
            || xmlStrEqual(attr->name, BAD_CAST "Id");
    }
    return xmlStrEqual(attr->name, BAD_CAST "id") && xmlStrEqual(attr->ns->href, XML_XML_NAMESPACE);
}

int sso_xml_scan_saml(const sso_xml_document *document, sso_xml_saml_scan *scan) {
    if (!document || !scan) return -1;
    memset(scan, 0, sizeof(*scan));
    xmlNodePtr root = xmlDocGetRootElement(document->doc);
    if (!root) return 0;
    xmlHashTablePtr ids = xmlHashCreate(16);
    if (!ids) return -1;
    int rc = 0;
    xmlNodePtr node = root;
    while (node) {
        if (node->type == XML_ELEMENT_NODE) {
            scan->element_count++;
            if (node->ns && node->ns->href) {
                const char *href = (const char *)node->ns->href;
                if (strcmp(href, saml_assertion_ns) == 0) {
                    if (xmlStrEqual(node->name, BAD_CAST "Assertion")) scan->assertion_count++;
                    else if (xmlStrEqual(node->name, BAD_CAST "EncryptedAssertion")) scan->encrypted_assertion_count++;
                } else if (strcmp(href, xmldsig_ns) == 0 && xmlStrEqual(node->name, BAD_CAST "Signature")) {
                    scan->signature_count++;
                }
            }
            for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
                if (!is_id_attribute(attr)) continue;
                xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);
                if (!value) value = xmlStrdup(BAD_CAST "");
                if (!value) { rc = -1; goto done; }
                int added = xmlHashAddEntry(ids, value, (void *)1);
                if (added != 0 && !scan->duplicate_id) {
                    scan->duplicate_id = 1;
                    strncpy(scan->duplicate_value, (const char *)value, sizeof(scan->duplicate_value) - 1);
                }
                xmlFree(value);
            }
            if (node->children) { node = node->children; continue; }
        }
        while (node && node != root && !node->next) node = node->parent;
        if (!node || node == root) break;
        node = node->next;
    }
done:
    xmlHashFree(ids, NULL);
    return rc;
}

void sso_free(void *pointer) { free(pointer); }
