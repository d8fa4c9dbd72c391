import Foundation

/// What a SAML Response must match to be accepted: the trusted IdP, this service provider,
/// the request it answers, the time, and the algorithm policy.
public struct ResponseValidationOptions: Sendable {
    /// The IdP signing certificates trusted to sign responses: one to five (several during
    /// a certificate rotation). Trust comes only from these, never from the response's
    /// `KeyInfo`.
    public var trustedCertificates: [Certificate]
    /// The IdP's entity ID: the `Issuer` the response and the assertion must carry.
    public var identityProviderEntityID: String
    /// This service provider's entity ID: the audience the assertion must be restricted to.
    public var serviceProviderEntityID: String
    /// This service provider's Assertion Consumer Service URL: the response's `Destination`
    /// and the bearer confirmation's `Recipient`.
    public var assertionConsumerServiceURL: String
    /// The ID of the AuthnRequest this response must answer, or nil to accept an
    /// IdP-initiated (unsolicited) response.
    public var expectedRequestID: String?
    /// The current time, injected so that validation is reproducible.
    public var now: Date
    /// How far the IdP's clock may be from ours, in seconds. Default 120.
    public var clockSkew: TimeInterval = 120
    /// Whether RSA-SHA1 signatures and SHA-1 digests are accepted. Default false: SHA-1 is
    /// broken; allow it only for an IdP that cannot be configured otherwise.
    public var allowSHA1: Bool = false
    /// Whether RSA keys shorter than 2048 bits are accepted. Default false.
    ///
    /// Dangerous: a 1024-bit RSA key is within reach of a well-funded factoring effort, and
    /// whoever factors the IdP's key can sign any assertion and sign in as anyone. Some IdPs
    /// in the wild still sign with 1024-bit keys, so the option exists; turn it on only for
    /// such an IdP and ask it to rotate to 2048 bits.
    public var allowWeakKeys: Bool = false
    /// Size and depth bounds for the response document.
    public var limits: XMLLimits = .default

    /// Creates options.
    /// - Parameters:
    ///   - trustedCertificates: One to five trusted IdP signing certificates.
    ///   - identityProviderEntityID: The IdP's entity ID.
    ///   - serviceProviderEntityID: This SP's entity ID (the expected audience).
    ///   - assertionConsumerServiceURL: This SP's ACS URL.
    ///   - expectedRequestID: The AuthnRequest ID to expect, nil for IdP-initiated sign-in.
    ///   - now: The current time.
    ///   - clockSkew: Tolerated clock difference in seconds (default 120).
    ///   - allowSHA1: Accept SHA-1 (default false).
    ///   - allowWeakKeys: Accept RSA keys under 2048 bits (default false; dangerous).
    ///   - limits: Document bounds (default 1 MiB, depth 64).
    public init(trustedCertificates: [Certificate], identityProviderEntityID: String,
                serviceProviderEntityID: String, assertionConsumerServiceURL: String,
                expectedRequestID: String? = nil, now: Date, clockSkew: TimeInterval = 120,
                allowSHA1: Bool = false, allowWeakKeys: Bool = false, limits: XMLLimits = .default) {
        self.trustedCertificates = trustedCertificates
        self.identityProviderEntityID = identityProviderEntityID
        self.serviceProviderEntityID = serviceProviderEntityID
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.expectedRequestID = expectedRequestID
        self.now = now
        self.clockSkew = clockSkew
        self.allowSHA1 = allowSHA1
        self.allowWeakKeys = allowWeakKeys
        self.limits = limits
    }
}
