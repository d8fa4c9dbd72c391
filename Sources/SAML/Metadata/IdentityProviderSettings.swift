import Foundation

/// The SAML binding of an endpoint.
public enum SAMLBinding: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// HTTP-Redirect: the request travels DEFLATE-compressed in the query string.
    case httpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    /// HTTP-POST: the message travels base64-encoded in an auto-submitted form.
    case httpPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
}

/// The normalized identity-provider settings a connection uses for sign-in, whatever the
/// provider or the mode (metadata URL, metadata file or manual) it was configured in.
public struct IdentityProviderSettings: Sendable, Equatable {
    /// The IdP's entity ID (the expected `Issuer`).
    public var entityID: String
    /// The single sign-on URL requests are sent to.
    public var ssoURL: URL
    /// The binding to use with `ssoURL`.
    public var ssoBinding: SAMLBinding
    /// The certificates trusted to sign responses (one to five; several during rotation).
    public var signingCertificates: [Certificate]
    /// Whether the IdP wants signed AuthnRequests.
    public var wantAuthnRequestsSigned: Bool
    /// The NameID format to request, or nil to let the IdP choose.
    public var nameIDFormat: String?

    /// Creates settings.
    /// - Parameters:
    ///   - entityID: The IdP's entity ID.
    ///   - ssoURL: The single sign-on URL.
    ///   - ssoBinding: Its binding.
    ///   - signingCertificates: Trusted signing certificates.
    ///   - wantAuthnRequestsSigned: Whether requests should be signed.
    ///   - nameIDFormat: The NameID format to request.
    public init(entityID: String, ssoURL: URL, ssoBinding: SAMLBinding = .httpRedirect,
                signingCertificates: [Certificate], wantAuthnRequestsSigned: Bool = false,
                nameIDFormat: String? = nil) {
        self.entityID = entityID
        self.ssoURL = ssoURL
        self.ssoBinding = ssoBinding
        self.signingCertificates = signingCertificates
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.nameIDFormat = nameIDFormat
    }
}
