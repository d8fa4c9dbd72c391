import Foundation

/// What a person needs to know about a certificate before trusting it: who it names, when
/// it is valid, its key and how to recognize it (fingerprints as IdP consoles show them).
public struct CertificateInfo: Sendable, Equatable, Codable {
    /// The subject distinguished name in RFC 2253 form, such as `CN=accounts.google.com,O=Google Inc,C=US`.
    public var subject: String
    /// The issuer distinguished name in RFC 2253 form (equal to `subject` when self-signed).
    public var issuer: String
    /// The serial number as uppercase hexadecimal without separators.
    public var serialNumber: String
    /// The start of the validity period.
    public var notBefore: Date
    /// The end of the validity period.
    public var notAfter: Date
    /// The public key algorithm: `RSA`, `EC`, `ED25519`, `ED448`, `DSA` or OpenSSL's name for another.
    public var keyType: String
    /// The key size in bits (the modulus for RSA, the curve size for EC).
    public var keySize: Int
    /// The certificate's own signature algorithm by OpenSSL's long name, such as
    /// `sha256WithRSAEncryption` or `ecdsa-with-SHA256`.
    public var signatureAlgorithm: String
    /// SHA-256 of the DER encoding, uppercase hexadecimal pairs joined by colons.
    public var sha256Fingerprint: String
    /// SHA-1 of the DER encoding, uppercase hexadecimal pairs joined by colons (older IdP
    /// consoles, such as AD FS and Okta, still show this one).
    public var sha1Fingerprint: String

    /// Creates a value; `Certificate.info` is the usual source.
    /// - Parameters:
    ///   - subject: The subject DN.
    ///   - issuer: The issuer DN.
    ///   - serialNumber: The serial in hexadecimal.
    ///   - notBefore: Start of validity.
    ///   - notAfter: End of validity.
    ///   - keyType: The key algorithm.
    ///   - keySize: The key size in bits.
    ///   - signatureAlgorithm: The certificate's signature algorithm.
    ///   - sha256Fingerprint: The SHA-256 fingerprint.
    ///   - sha1Fingerprint: The SHA-1 fingerprint.
    public init(subject: String, issuer: String, serialNumber: String, notBefore: Date, notAfter: Date,
                keyType: String, keySize: Int, signatureAlgorithm: String,
                sha256Fingerprint: String, sha1Fingerprint: String) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyType = keyType
        self.keySize = keySize
        self.signatureAlgorithm = signatureAlgorithm
        self.sha256Fingerprint = sha256Fingerprint
        self.sha1Fingerprint = sha1Fingerprint
    }
}
