import CSAMLShims
import Foundation

/// A read-only XML document parsed by libxml2 with the hardened options of
/// `sso_xml_parse`: no network, no entity substitution, any DOCTYPE refused, depth bounded.
///
/// One parse per document: signature verification canonicalizes elements of this same
/// tree, and values are read from the same nodes that were verified.
package final class XMLTree {
    private let document: OpaquePointer

    /// Parses a document.
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - limits: Size and depth bounds.
    /// - Throws: `SAMLError` with `xml.too-large`, `xml.empty`, `xml.doctype-forbidden`,
    ///   `xml.too-deep`, `xml.too-many-attributes` or `xml.malformed` (with the parser's line and column).
    package convenience init(bytes: Data, limits: XMLLimits = .default) throws(SAMLError) {
        try self.init(bytes: bytes, limits: limits, pruningForMetadata: false)
    }

    /// Parses a SAML metadata document, building only what an IdP's metadata is read from:
    /// the entities, each IdP role with all its content, and SP and WS-Federation roles
    /// without content (see `sso_xml_parse_metadata`). The whole document is still parsed
    /// and checked exactly as ``init(bytes:limits:)`` checks it.
    /// - Parameters:
    ///   - bytes: The document's bytes.
    ///   - limits: Size and depth bounds.
    /// - Throws: The errors of ``init(bytes:limits:)``.
    package convenience init(metadataBytes bytes: Data, limits: XMLLimits = .default) throws(SAMLError) {
        try self.init(bytes: bytes, limits: limits, pruningForMetadata: true)
    }

    private init(bytes: Data, limits: XMLLimits, pruningForMetadata: Bool) throws(SAMLError) {
        guard bytes.count <= limits.maximumBytes else {
            throw SAMLError(.xmlTooLarge,
                "The XML document is \(bytes.count) bytes, over the limit of \(limits.maximumBytes) bytes. Check that the right file was given, or raise the limit.")
        }
        var error = sso_xml_error()
        let parsed: OpaquePointer? = bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            return pruningForMetadata
                ? sso_xml_parse_metadata(base, raw.count, Int32(limits.maximumDepth),
                                         Int32(Self.maximumAttributesPerElement), &error)
                : sso_xml_parse_bounded(base, raw.count, Int32(limits.maximumDepth),
                                        Int32(Self.maximumAttributesPerElement), &error)
        }
        guard let parsed else {
            let parserMessage = withUnsafeBytes(of: error.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            switch Int(error.status) {
            case Int(SSO_XML_DOCTYPE.rawValue):
                throw SAMLError(.xmlDoctypeForbidden,
                    "The XML document contains a DOCTYPE declaration, which is refused because DTDs enable entity-expansion and external-entity attacks. Send the document without a DOCTYPE.")
            case Int(SSO_XML_TOO_DEEP.rawValue):
                throw SAMLError(.xmlTooDeep,
                    "The XML document nests elements more than \(limits.maximumDepth) levels deep, which no SAML document needs. Check the document's origin.")
            case Int(SSO_XML_TOO_MANY_ATTRIBUTES.rawValue):
                throw SAMLError(.xmlTooManyAttributes,
                    "An element of the XML document (line \(error.line)) carries more than \(Self.maximumAttributesPerElement) attributes, which no SAML document needs and which would make processing slow. Check the document's origin.")
            case Int(SSO_XML_TOO_MANY_NAMESPACES.rawValue):
                throw SAMLError(.xmlTooManyAttributes,
                    "An element of the XML document (line \(error.line)) has more than \(Int(SSO_XML_MAX_NAMESPACES_IN_SCOPE)) namespace declarations in scope (its own and its ancestors'); SAML documents have about ten, and that many would make canonicalization slow. Check the document's origin.")
            case Int(SSO_XML_ENCODING.rawValue):
                throw SAMLError(.xmlMalformed,
                    "The XML document declares the encoding '\(parserMessage)', which is refused: documents are read as UTF-8 (US-ASCII, ISO-8859-1, and UTF-16 with a byte order mark, are read too), because in encodings such as UTF-7 or EBCDIC markup can be spelled with other bytes and hide from the checks made before parsing. Send the document in UTF-8, as SAML IdPs do.")
            case Int(SSO_XML_EMPTY.rawValue):
                throw SAMLError(.xmlEmpty, "The XML document is empty. Provide the document's contents.")
            default:
                let position = error.line > 0 ? " at line \(error.line), column \(error.column)" : ""
                let detail = parserMessage.isEmpty ? "" : ": \(parserMessage)"
                throw SAMLError(.xmlMalformed,
                    "The document is not well-formed XML\(position)\(detail). Check that the whole document was copied and that it is XML.")
            }
        }
        document = parsed
    }

    deinit { sso_xml_free(document) }

    /// The most attributes (namespace declarations included) one element may carry. SAML and
    /// metadata elements carry a dozen or so; libxml2's duplicate-attribute check and c14n's
    /// attribute sort take time quadratic in this number, so it bounds an attacker's leverage
    /// (a 1 MiB document then parses and canonicalizes in well under a second).
    package static let maximumAttributesPerElement = 128

    /// Runs `body` with the underlying document, which stays alive for the call.
    func withDocument<Result>(_ body: (OpaquePointer) -> Result) -> Result {
        withExtendedLifetime(self) { body(document) }
    }

    /// The document element.
    package var root: Element {
        Element(node: sso_xml_root(document)!, tree: self)
    }

    /// Canonicalizes the subtree at `element`, leaving out `excluded` and its subtree.
    /// - Parameters:
    ///   - element: The apex of the node set.
    ///   - excluded: An element to leave out (the enveloped signature), or nil.
    ///   - exclusive: Exclusive c14n 1.0 when true; inclusive c14n 1.0 otherwise.
    ///   - withComments: Whether comments are kept.
    ///   - inclusivePrefixes: The `InclusiveNamespaces PrefixList` of exclusive c14n.
    ///   - fullDocumentWalk: Use libxml2's walk over the whole document rather than the
    ///     faster walk from the apex (the same bytes; tests compare the two).
    /// - Returns: The canonical bytes, or nil when libxml2 fails.
    package func canonicalize(_ element: Element, excluding excluded: Element?, exclusive: Bool = true,
                              withComments: Bool = false, inclusivePrefixes: [String] = [],
                              fullDocumentWalk: Bool = false) -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>?
        var length = 0
        let duplicated = inclusivePrefixes.map { strdup($0) }
        defer { duplicated.forEach { free($0) } }
        var prefixList: [UnsafePointer<CChar>?] = duplicated.map { UnsafePointer($0) } + [nil]
        let status = prefixList.withUnsafeMutableBufferPointer { buffer in
            (fullDocumentWalk ? sso_xml_c14n_full_walk : sso_xml_c14n)(
                document, element.node, excluded?.node, exclusive ? 1 : 0, withComments ? 1 : 0,
                inclusivePrefixes.isEmpty ? nil : buffer.baseAddress, &out, &length)
        }
        guard status == 0, let out else { return nil }
        defer { sso_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// An element of the tree. Holds its tree alive.
    package struct Element {
        let node: UnsafeRawPointer
        /// The tree this element belongs to.
        package let tree: XMLTree

        /// The element's local name (without prefix).
        package var localName: String { String(cString: sso_xml_local_name(node)) }

        /// The element's namespace URI, or nil.
        package var namespaceURI: String? { sso_xml_namespace_uri(node).map { String(cString: $0) } }

        /// Whether this element has the given local name and namespace.
        ///
        /// Names are passed to C with `withCString`: the implicit `String`-to-pointer
        /// conversion copies a small string (up to 15 bytes, as most element names are) to the
        /// heap on every call, which showed in the validation profile.
        package func `is`(_ localName: String, _ namespaceURI: String?) -> Bool {
            guard localName.withCString({ strcmp(sso_xml_local_name(node), $0) }) == 0 else { return false }
            let ns = sso_xml_namespace_uri(node)
            switch (ns, namespaceURI) {
            case (nil, nil): return true
            case (let actual?, let expected?): return expected.withCString { strcmp(actual, $0) } == 0
            default: return false
            }
        }

        /// An attribute's value, or nil when absent.
        /// - Parameters:
        ///   - name: The attribute's local name.
        ///   - namespaceURI: The attribute's namespace, nil for an unqualified attribute.
        package func attribute(_ name: String, namespaceURI: String? = nil) -> String? {
            var found: Int32 = 0
            let borrowed = name.withCString { cName in
                if let namespaceURI {
                    namespaceURI.withCString { sso_xml_attribute_borrowed(node, cName, $0, &found) }
                } else {
                    sso_xml_attribute_borrowed(node, cName, nil, &found)
                }
            }
            if let borrowed {
                return withExtendedLifetime(tree) { String(cString: borrowed) }
            }
            guard found != 0, let value = sso_xml_attribute(node, name, namespaceURI) else { return nil }
            defer { sso_free(value) }
            return String(cString: value)
        }

        /// All text below the element, comments and processing instructions skipped.
        package var textContent: String {
            if let borrowed = sso_xml_simple_text(node) {
                return withExtendedLifetime(tree) { String(cString: borrowed) }
            }
            guard let value = sso_xml_text_content(node) else { return "" }
            defer { sso_free(value) }
            return String(cString: value)
        }

        /// The 1-based source line, 0 when unknown.
        package var line: Int { Int(sso_xml_line(node)) }

        /// The parent element, nil for the document element.
        package var parent: Element? {
            sso_xml_parent_element(node).map { Element(node: $0, tree: tree) }
        }

        /// The child elements in document order.
        package var children: [Element] {
            var result: [Element] = []
            var current = sso_xml_first_element_child(node)
            while let child = current {
                result.append(Element(node: child, tree: tree))
                current = sso_xml_next_element_sibling(child)
            }
            return result
        }

        /// Child elements with this name and namespace.
        package func children(_ localName: String, _ namespaceURI: String?) -> [Element] {
            var result: [Element] = []
            var current = sso_xml_first_element_child(node)
            while let child = current {
                let element = Element(node: child, tree: tree)
                if element.is(localName, namespaceURI) { result.append(element) }
                current = sso_xml_next_element_sibling(child)
            }
            return result
        }

        /// The first child element with this name and namespace.
        package func firstChild(_ localName: String, _ namespaceURI: String?) -> Element? {
            var current = sso_xml_first_element_child(node)
            while let child = current {
                let element = Element(node: child, tree: tree)
                if element.is(localName, namespaceURI) { return element }
                current = sso_xml_next_element_sibling(child)
            }
            return nil
        }

        /// Every descendant element (not this one), in document order.
        package var descendants: [Element] {
            var result: [Element] = []
            var stack: [UnsafeRawPointer] = []
            var current = sso_xml_first_element_child(node)
            while true {
                if let element = current {
                    result.append(Element(node: element, tree: tree))
                    if let child = sso_xml_first_element_child(element) {
                        if let next = sso_xml_next_element_sibling(element) { stack.append(next) }
                        current = child
                        continue
                    }
                    current = sso_xml_next_element_sibling(element)
                    if current == nil { current = stack.popLast() }
                } else {
                    break
                }
            }
            return result
        }

        /// Resolves a namespace prefix in scope here (nil = default namespace).
        package func namespaceURI(forPrefix prefix: String?) -> String? {
            sso_xml_lookup_namespace(node, prefix).map { String(cString: $0) }
        }

        /// Whether two values are the same node.
        package func isSameNode(as other: Element) -> Bool { node == other.node }
    }
}
