/// An error from the test identity provider, with a stable machine-readable code and a
/// sentence saying what to fix.
///
/// Codes are dotted and never change meaning once published (for example
/// `request.not-deflate`); the message may be reworded. A host's test usually meets these
/// when its own AuthnRequest is wrong, which is what the test IdP is for: the message says
/// what a real IdP would have refused and why.
public struct TestIdentityProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code, such as `request.not-base64` or `key.invalid-pem`.
    public let code: Code
    /// What went wrong and how to fix it, for a person.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what was wrong and how to fix it.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// Every stable error code of the test identity provider.
    public enum Code: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        // Keys and certificates
        /// libcrypto could not generate the key or the certificate.
        case keyGenerationFailed = "key.generation-failed"
        /// A requested key or certificate parameter is out of range (RSA size, common name, validity).
        case keyInvalidParameter = "key.invalid-parameter"
        /// The private key text is not an unencrypted PEM private key.
        case keyInvalidPEM = "key.invalid-pem"
        /// The key is neither RSA nor EC P-256.
        case keyUnsupported = "key.unsupported"
        /// The certificate does not hold the public half of the private key.
        case keyCertificateMismatch = "key.certificate-mismatch"
        // Received AuthnRequests
        /// The redirect URL or form carries no `SAMLRequest`, or carries it twice.
        case requestMissing = "request.missing"
        /// The redirect URL does not point at this IdP's SSO URL.
        case requestWrongEndpoint = "request.wrong-endpoint"
        /// `SAMLRequest` is not base64.
        case requestNotBase64 = "request.not-base64"
        /// An HTTP-Redirect `SAMLRequest` is not raw DEFLATE.
        case requestNotDeflate = "request.not-deflate"
        /// The request is larger than the test IdP accepts.
        case requestTooLarge = "request.too-large"
        /// The request is not acceptable XML (malformed, a DOCTYPE, too deep).
        case requestMalformed = "request.malformed"
        /// The document is not a SAML 2.0 `samlp:AuthnRequest`.
        case requestNotAuthnRequest = "request.not-authn-request"
        /// A required part of the request is missing or wrong (ID, Version, Issuer, ACS URL).
        case requestInvalid = "request.invalid"
        /// The request's `Destination` is not this IdP's SSO URL.
        case requestDestinationMismatch = "request.destination-mismatch"
        /// The request asks for a response binding other than HTTP-POST.
        case requestUnsupportedBinding = "request.unsupported-binding"
        // Minted responses
        /// The response options contradict each other (for example the same ID twice).
        case responseInvalidOptions = "response.invalid-options"
        /// Signing failed: the document could not be parsed, canonicalized or signed.
        case responseSigningFailed = "response.signing-failed"
    }
}
