import Foundation

/// What a metadata refresh compares between two certificates, read without a full parse:
/// the SHA-256 fingerprint (over the DER bytes) and the validity period.
///
/// ``Certificate/summary`` reads it with libcrypto's digest and its ASN.1 template decoder
/// over a partial X.509 template, in a fraction of the time of the full parse behind
/// ``Certificate/info`` (OpenSSL 3 decodes public keys through its provider machinery).
public struct CertificateSummary: Sendable, Hashable, Codable {
    /// SHA-256 of the DER encoding, uppercase hexadecimal pairs joined by colons, as
    /// ``CertificateInfo/sha256Fingerprint``.
    public var sha256Fingerprint: String
    /// The start of the validity period.
    public var notBefore: Date
    /// The end of the validity period.
    public var notAfter: Date

    /// Creates a summary.
    /// - Parameters:
    ///   - sha256Fingerprint: The SHA-256 fingerprint.
    ///   - notBefore: Start of validity.
    ///   - notAfter: End of validity.
    public init(sha256Fingerprint: String, notBefore: Date, notAfter: Date) {
        self.sha256Fingerprint = sha256Fingerprint
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}
