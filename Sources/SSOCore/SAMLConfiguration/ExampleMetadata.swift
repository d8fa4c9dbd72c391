import Foundation

/// Builds small, well-formed IdP metadata documents for providers' `examples`, shaped like
/// the documents the real consoles produce.
package enum ExampleMetadata {
    /// An `EntityDescriptor` with one `IDPSSODescriptor`.
    /// - Parameters:
    ///   - entityID: The IdP's entity ID.
    ///   - ssoURL: The SingleSignOnService location (HTTP-Redirect and HTTP-POST).
    ///   - certificatePEM: The signing certificate as PEM; its base64 body goes into
    ///     `ds:X509Certificate`.
    ///   - validUntil: The `validUntil` attribute, such as `2030-01-01T00:00:00Z`, or nil.
    /// - Returns: The XML text.
    package static func document(entityID: String, ssoURL: String, certificatePEM: String,
                                 validUntil: String? = nil) -> String {
        let body = certificatePEM.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("-----") }
            .joined()
        let until = validUntil.map { " validUntil=\"\($0)\"" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(entityID)"\(until)>
              <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:KeyDescriptor use="signing">
                  <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                    <ds:X509Data><ds:X509Certificate>\(body)</ds:X509Certificate></ds:X509Data>
                  </ds:KeyInfo>
                </md:KeyDescriptor>
                <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(ssoURL)"/>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(ssoURL)"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """
    }
}
