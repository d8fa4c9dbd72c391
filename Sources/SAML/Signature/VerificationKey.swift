import CSAMLShims
import Foundation

/// The public key of one trusted IdP certificate, parsed once by libcrypto and kept for
/// every verification (a validator checks thousands of responses with the same keys).
///
/// `@unchecked Sendable` is safe: `verifier` is written once in `init` and only read after; it
/// holds the `EVP_PKEY` and verification contexts prepared once per digest, which each
/// verification duplicates and never modifies (OpenSSL 3 allows that from several threads at
/// once); it is freed once, in `deinit`, when no reference remains.
final class VerificationKey: @unchecked Sendable {
    /// The kind of public key.
    enum Kind: Sendable, Equatable {
        case rsa
        case ellipticCurve
    }

    /// The certificate the key came from.
    let certificate: Certificate
    /// RSA or EC.
    let kind: Kind
    /// The key size in bits (the modulus for RSA, the field for EC).
    let bits: Int
    /// The certificate's `notAfter` and SHA-256 fingerprint, for the expiry warning.
    let notAfter: Date
    let fingerprint: String
    /// The certificate's subject and `notBefore`, to recognize a rotated certificate (same
    /// subject, later `notBefore`) when a response is signed by another key.
    let subject: String
    let notBefore: Date
    private let verifier: OpaquePointer

    /// Extracts the public key of `certificate`.
    /// - Parameter certificate: A trusted IdP signing certificate.
    /// - Throws: `certificate.invalid` when libcrypto cannot read it,
    ///   `certificate.unsupported-key` for keys other than RSA and EC.
    init(certificate: Certificate) throws(SAMLError) {
        var type: Int32 = 0
        var bits: Int32 = 0
        let key: OpaquePointer? = certificate.der.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            return sso_crypto_certificate_public_key(base, raw.count, &type, &bits)
        }
        guard let key else {
            throw SAMLError(.certificateInvalid,
                "A configured IdP certificate could not be read as an X.509 certificate with a public key. Paste the IdP's signing certificate again (PEM or base64).")
        }
        switch Int(type) {
        case Int(SSO_KEY_RSA.rawValue): kind = .rsa
        case Int(SSO_KEY_EC.rawValue): kind = .ellipticCurve
        default:
            sso_crypto_public_key_free(key)
            throw SAMLError(.certificateUnsupportedKey,
                "A configured IdP certificate holds a key that is neither RSA nor ECDSA, which SAML signature verification does not support. Use the IdP's RSA or ECDSA signing certificate.")
        }
        self.certificate = certificate
        self.bits = Int(bits)
        let info = certificate.info
        notAfter = info.notAfter
        fingerprint = info.sha256Fingerprint
        subject = info.subject
        notBefore = info.notBefore
        let verifier = sso_crypto_verifier_new(key)
        sso_crypto_public_key_free(key) // the verifier holds its own reference
        guard let verifier else {
            throw SAMLError(.certificateInvalid,
                "libcrypto could not prepare the key of a configured IdP certificate for verification. Paste the IdP's signing certificate again (PEM or base64).")
        }
        self.verifier = verifier
    }

    deinit { sso_crypto_verifier_free(verifier) }

    /// Whether this is an RSA key shorter than 2048 bits.
    var isWeak: Bool { kind == .rsa && bits < 2048 }

    /// Verifies `signature` over the digest of the signed bytes.
    /// - Parameters:
    ///   - signature: The decoded `SignatureValue` (r || s for ECDSA).
    ///   - hash: The digest of the canonical `SignedInfo`, made with `digest`.
    ///   - digest: The digest of the signature method.
    /// - Returns: Whether the signature verifies with this key.
    func verifies(_ signature: [UInt8], overDigest hash: [UInt8], digest: DigestAlgorithm) -> Bool {
        let result = signature.withUnsafeBufferPointer { sig in
            hash.withUnsafeBufferPointer { bytes in
                sso_crypto_verifier_verify(verifier, digest.shimValue, bytes.baseAddress, bytes.count,
                                         sig.baseAddress, sig.count, kind == .ellipticCurve ? 1 : 0)
            }
        }
        return result == 1
    }
}
