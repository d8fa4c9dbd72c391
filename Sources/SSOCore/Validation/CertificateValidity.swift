import Foundation
import SAML

/// A certificate's validity period, read for the expiry checks of ``FieldChecks``.
///
/// The SAML layer is gaining certificate details (not-before/not-after and more); until
/// they are in this branch, ``period(of:)`` returns nil and the expiry checks are skipped.
/// This is the one place to switch over.
struct CertificateValidity: Sendable, Equatable {
    /// The first instant the certificate is valid.
    var notBefore: Date
    /// The last instant the certificate is valid.
    var notAfter: Date

    /// The validity period of `certificate`, or nil when it cannot be read.
    static func period(of certificate: Certificate) -> CertificateValidity? {
        nil
    }
}
