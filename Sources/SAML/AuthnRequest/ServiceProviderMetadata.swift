import Foundation

/// The service provider's own SAML metadata (an `EntityDescriptor` with an
/// `SPSSODescriptor`), for IdPs that set up an app by importing it (AD FS, Entra ID,
/// Shibboleth and others).
public struct ServiceProviderMetadata: Sendable, Equatable {
    /// The SP entity ID (the audience of assertions).
    public var entityID: String
    /// The Assertion Consumer Service URL, published with the HTTP-POST binding at index 0.
    public var acsURL: String
    /// The NameID format the SP asks for, or nil to publish none.
    public var nameIDFormat: String?
    /// Whether the SP requires signed assertions (`WantAssertionsSigned`).
    public var wantAssertionsSigned: Bool

    /// Creates SP metadata.
    /// - Parameters:
    ///   - entityID: The SP entity ID.
    ///   - acsURL: The ACS URL.
    ///   - nameIDFormat: The NameID format, by default the email address format.
    ///   - wantAssertionsSigned: Whether assertions must be signed. True by default; an
    ///     IdP that signs only the response still works, since a signed response covers its assertion.
    public init(entityID: String, acsURL: String,
                nameIDFormat: String? = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                wantAssertionsSigned: Bool = true) {
        self.entityID = entityID
        self.acsURL = acsURL
        self.nameIDFormat = nameIDFormat
        self.wantAssertionsSigned = wantAssertionsSigned
    }

    /// The metadata document (UTF-8, with an XML declaration), every value escaped.
    public var xml: String {
        let format = nameIDFormat.map { "    <md:NameIDFormat>\(MarkupEscaping.xmlText($0))</md:NameIDFormat>\n" } ?? ""
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(MarkupEscaping.xmlAttribute(entityID))">
          <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="\(wantAssertionsSigned)" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        \(format)    <md:AssertionConsumerService Binding="\(SAMLBinding.httpPOST.rawValue)" Location="\(MarkupEscaping.xmlAttribute(acsURL))" index="0" isDefault="true"/>
          </md:SPSSODescriptor>
        </md:EntityDescriptor>

        """
    }
}
