import Foundation

/// Something about a certificate that does not stop it from being used but that a person
/// should act on, with a stable code and a sentence.
///
/// SAML trusts a certificate because it was configured, not because a CA vouches for it,
/// so an expired certificate still verifies signatures; the warning is there so the admin
/// rotates it before the IdP does.
public struct CertificateWarning: Sendable, Equatable, Codable {
    /// The stable code: `certificate.expires-soon`, `certificate.expired`,
    /// `certificate.not-yet-valid`, `certificate.weak-key` or `certificate.sha1-signature`
    /// (also used for MD5 and other broken digests).
    public var code: String
    /// What is wrong and what to do, for a person.
    public var message: String

    /// Creates a warning.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what is wrong and what to do.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The certificate expires within this many seconds (30 days).
    public static let expiresSoonInterval: TimeInterval = 30 * 24 * 60 * 60
}
