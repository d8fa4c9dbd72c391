import Foundation
import SAML

/// A SAML 2.0 identity provider for tests: it publishes metadata, reads the service
/// provider's AuthnRequests, and mints signed Responses, valid by default and broken on
/// purpose through ``ResponseOptions``, without a network or a real IdP.
///
/// A host tests its SSO integration end to end with it: configure a connection from
/// ``metadataXML`` (or ``settings``), send the sign-in redirect to
/// ``parseAuthnRequest(redirectURL:)``, mint a response with
/// ``response(to:user:now:options:)`` and post ``MintedResponse/samlResponse`` to the ACS
/// URL. Signatures are made through libxml2's exclusive canonicalization and libcrypto, the
/// same libraries a real IdP's toolkit uses, and are checked in this package's tests by the
/// service provider's validator and independently by `xmlsec1`.
///
/// A value type: copy it to change the entity ID or rotate the key. Nothing reads the wall
/// clock; every time comes from the `now` a caller passes.
public struct TestIdentityProvider: Sendable, Hashable {
    /// The entity ID unless told otherwise: `https://idp.example.test/metadata`.
    public static let defaultEntityID = "https://idp.example.test/metadata"
    /// The SSO URL unless told otherwise: `https://idp.example.test/sso`.
    public static let defaultSSOURL = URL(string: "https://idp.example.test/sso")!  // a literal that parses

    /// The IdP's entity ID: the `Issuer` of its responses.
    public var entityID: String
    /// The single sign-on URL that AuthnRequests are sent to (both bindings).
    public var ssoURL: URL
    /// The key the IdP signs with; its certificate is in the metadata.
    public var signingKey: TestSigningKey
    /// More certificates the metadata lists for signing, as an IdP does while it rotates keys.
    public var additionalMetadataCertificates: [Certificate]

    /// Creates an identity provider that signs with `signingKey`.
    /// - Parameters:
    ///   - entityID: The entity ID.
    ///   - ssoURL: The SSO URL.
    ///   - signingKey: The signing key.
    ///   - additionalMetadataCertificates: More signing certificates to publish in metadata.
    public init(entityID: String = TestIdentityProvider.defaultEntityID,
                ssoURL: URL = TestIdentityProvider.defaultSSOURL, signingKey: TestSigningKey,
                additionalMetadataCertificates: [Certificate] = []) {
        self.entityID = entityID
        self.ssoURL = ssoURL
        self.signingKey = signingKey
        self.additionalMetadataCertificates = additionalMetadataCertificates
    }

    /// Creates an identity provider with a freshly generated RSA-2048 key.
    /// - Parameters:
    ///   - entityID: The entity ID.
    ///   - ssoURL: The SSO URL.
    /// - Throws: `key.generation-failed` when libcrypto fails.
    public init(entityID: String = TestIdentityProvider.defaultEntityID,
                ssoURL: URL = TestIdentityProvider.defaultSSOURL) throws(TestIdentityProviderError) {
        self.init(entityID: entityID, ssoURL: ssoURL, signingKey: try TestSigningKey())
    }

    /// The IdP's metadata: an `EntityDescriptor` with an `IDPSSODescriptor` that lists the
    /// signing certificate (and ``additionalMetadataCertificates``), the email NameID format,
    /// and HTTP-Redirect and HTTP-POST single sign-on services at ``ssoURL``. Every value is
    /// escaped.
    public var metadataXML: String {
        let certificates = [signingKey.certificate] + additionalMetadataCertificates
        let keyDescriptors = certificates.map { certificate in
            "    <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + certificate.der.base64EncodedString()
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
        }.joined()
        let location = MarkupEscaping.xmlAttribute(ssoURL.absoluteString)
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <md:EntityDescriptor xmlns:md="\(XMLNamespace.samlMetadata)" xmlns:ds="\(XMLNamespace.xmlDSig)" entityID="\(MarkupEscaping.xmlAttribute(entityID))">
          <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="\(XMLNamespace.samlProtocol)">
        \(keyDescriptors)    <md:NameIDFormat>\(TestUser.emailNameIDFormat)</md:NameIDFormat>
            <md:SingleSignOnService Binding="\(SAMLBinding.httpRedirect.rawValue)" Location="\(location)"/>
            <md:SingleSignOnService Binding="\(SAMLBinding.httpPOST.rawValue)" Location="\(location)"/>
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>

        """
    }

    /// The settings a service provider's connection to this IdP uses: the entity ID, the SSO
    /// URL with the HTTP-Redirect binding, the published signing certificates and the email
    /// NameID format (what reading ``metadataXML`` gives).
    public var settings: IdentityProviderSettings {
        IdentityProviderSettings(entityID: entityID, ssoURL: ssoURL, ssoBinding: .httpRedirect,
                                 signingCertificates: [signingKey.certificate] + additionalMetadataCertificates,
                                 nameIDFormat: TestUser.emailNameIDFormat)
    }

    /// An HTML page that posts a response to the ACS URL as soon as it loads (the HTTP-POST
    /// binding), with a Continue button for browsers without JavaScript. Every value is
    /// HTML-escaped.
    /// - Parameters:
    ///   - samlResponse: The `SAMLResponse` value (``MintedResponse/samlResponse``).
    ///   - relayState: The RelayState to return, or nil.
    ///   - acsURL: The service provider's ACS URL, the form's action.
    ///   - scriptNonce: The Content-Security-Policy nonce for the page's one inline script,
    ///     or nil.
    /// - Returns: The complete HTML document.
    public func postForm(samlResponse: String, relayState: String?, acsURL: String,
                         scriptNonce: String? = nil) -> String {
        AuthnRequest.autoPostForm(action: acsURL, field: "SAMLResponse", value: samlResponse, relayState: relayState,
                                  continuesTo: "finish signing in", scriptNonce: scriptNonce)
    }
}
