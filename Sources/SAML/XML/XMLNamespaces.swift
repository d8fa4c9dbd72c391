/// Namespace URIs used across the SAML layer.
package enum XMLNamespace {
    package static let samlProtocol = "urn:oasis:names:tc:SAML:2.0:protocol"
    package static let samlAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    package static let samlMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    package static let xmlDSig = "http://www.w3.org/2000/09/xmldsig#"
    package static let xmlDSig11 = "http://www.w3.org/2009/xmldsig11#"
    package static let xmlDSigMore = "http://www.w3.org/2001/04/xmldsig-more#"
    package static let xmlEncryption = "http://www.w3.org/2001/04/xmlenc#"
    package static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    package static let xmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
}
