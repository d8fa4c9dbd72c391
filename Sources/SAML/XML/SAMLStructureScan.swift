import CSAMLShims

/// What one pass over every element of a parsed document found: the counts and the ID
/// uniqueness that the XML-signature-wrapping defences rely on.
struct SAMLStructureScan: Sendable, Equatable {
    /// Elements in the document.
    let elementCount: Int
    /// `saml:Assertion` elements anywhere (inside `Advice`, `Extensions`, `Object`, … too).
    let assertionCount: Int
    /// `saml:EncryptedAssertion` elements anywhere.
    let encryptedAssertionCount: Int
    /// `ds:Signature` elements anywhere.
    let signatureCount: Int
    /// A value carried by two `ID`/`AssertionID`/`Id`/`xml:id` attributes, or nil.
    let duplicateID: String?

    /// Scans `tree`.
    /// - Parameter tree: A parsed document.
    /// - Returns: nil when libxml2 runs out of memory.
    init?(_ tree: XMLTree) {
        var scan = sso_xml_saml_scan()
        guard tree.withDocument({ sso_xml_scan_saml($0, &scan) }) == 0 else { return nil }
        elementCount = scan.element_count
        assertionCount = scan.assertion_count
        encryptedAssertionCount = scan.encrypted_assertion_count
        signatureCount = scan.signature_count
        duplicateID = scan.duplicate_id != 0
            ? withUnsafeBytes(of: scan.duplicate_value) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            : nil
    }
}
