import CSAMLShims
import Foundation

/// A private key held by libcrypto for one operation (generate, export, certify, sign),
/// freed when the value goes away.
///
/// `TestSigningKey` keeps its key as PEM text, a plain value, and loads it here only for the
/// moment it is used, so that no libcrypto object outlives a call or crosses threads.
final class LibcryptoKey {
    private let key: OpaquePointer

    /// The kind of key libcrypto reports, and its size in bits.
    let kind: sso_sign_key_kind
    let bits: Int

    private init(owning key: OpaquePointer) {
        self.key = key
        var bits: Int32 = 0
        kind = sso_sign_key_kind(rawValue: UInt32(bitPattern: sso_sign_key_type(key, &bits)))
        self.bits = Int(bits)
    }

    deinit { sso_sign_key_free(key) }

    /// Generates a key.
    /// - Parameter algorithm: RSA of a size, or EC P-256.
    /// - Throws: `key.generation-failed` when libcrypto fails.
    convenience init(generating algorithm: TestSigningKey.Algorithm) throws(TestIdentityProviderError) {
        let generated: OpaquePointer? = switch algorithm {
        case .rsa(let bits): sso_sign_generate_key(Int32(SSO_SIGN_KEY_RSA.rawValue), Int32(clamping: bits))
        case .ecdsaP256: sso_sign_generate_key(Int32(SSO_SIGN_KEY_EC_P256.rawValue), 0)
        }
        guard let generated else {
            throw TestIdentityProviderError(.keyGenerationFailed,
                "libcrypto could not generate a \(algorithm) key. Check that OpenSSL 3 (libcrypto) is installed and working.")
        }
        self.init(owning: generated)
    }

    /// Loads an unencrypted PEM private key.
    /// - Parameter pem: The PEM text.
    /// - Throws: `key.invalid-pem` when it is not one, `key.unsupported` when it is neither RSA
    ///   nor EC P-256.
    convenience init(pem: String) throws(TestIdentityProviderError) {
        let loaded = pem.utf8CString.withUnsafeBufferPointer { buffer in
            sso_sign_key_from_pem(buffer.baseAddress, buffer.count - 1)
        }
        guard let loaded else {
            throw TestIdentityProviderError(.keyInvalidPEM,
                "The text is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----). Export the key without a passphrase, as PKCS#8 or traditional RSA/EC PEM.")
        }
        self.init(owning: loaded)
        guard kind != SSO_SIGN_KEY_UNSUPPORTED else {
            throw TestIdentityProviderError(.keyUnsupported,
                "The private key is neither RSA nor EC on P-256, the key types this test IdP signs with (rsa-sha256, ecdsa-sha256). Use an RSA or P-256 key.")
        }
    }

    /// The key's algorithm as the test kit names it.
    var algorithm: TestSigningKey.Algorithm {
        kind == SSO_SIGN_KEY_EC_P256 ? .ecdsaP256 : .rsa(bits: bits)
    }

    /// The private key as unencrypted PKCS#8 PEM.
    func pem() throws(TestIdentityProviderError) -> String {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        guard sso_sign_key_to_pem(key, &text, &length) == 0, let text else {
            throw TestIdentityProviderError(.keyGenerationFailed, "libcrypto could not export the private key as PEM.")
        }
        defer { sso_sign_free(text) }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    /// A self-signed certificate for this key (see `sso_sign_self_signed_certificate`).
    /// - Parameters:
    ///   - commonName: The subject and issuer CN.
    ///   - serialNumber: A positive serial.
    ///   - notBefore: Start of validity, whole seconds.
    ///   - notAfter: End of validity, whole seconds.
    /// - Returns: The DER encoding.
    /// - Throws: `key.generation-failed` when libcrypto fails.
    func selfSignedCertificate(commonName: String, serialNumber: UInt64, notBefore: Int64,
                               notAfter: Int64) throws(TestIdentityProviderError) -> Data {
        var der: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard sso_sign_self_signed_certificate(key, commonName, serialNumber, notBefore, notAfter, &der, &length) == 0,
              let der else {
            throw TestIdentityProviderError(.keyGenerationFailed,
                "libcrypto could not create the self-signed certificate for CN=\(commonName).")
        }
        defer { sso_sign_free(der) }
        return Data(bytes: der, count: length)
    }

    /// Whether `certificate` holds this key's public half.
    func matches(_ certificate: Data) -> Bool {
        certificate.withUnsafeBytes { raw in
            sso_sign_certificate_matches_key(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, key) == 1
        }
    }

    /// Signs `bytes` with SHA-256: RSA PKCS#1 v1.5, or ECDSA as r || s.
    /// - Parameter bytes: The canonical SignedInfo.
    /// - Returns: The signature value.
    /// - Throws: `response.signing-failed` when libcrypto fails.
    func signSHA256(_ bytes: [UInt8]) throws(TestIdentityProviderError) -> [UInt8] {
        var signature: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = bytes.withUnsafeBufferPointer { input in
            sso_sign_sha256(key, input.baseAddress, input.count, &signature, &length)
        }
        guard status == 0, let signature else {
            throw TestIdentityProviderError(.responseSigningFailed, "libcrypto could not sign the SignedInfo with the \(algorithm) key.")
        }
        defer { sso_sign_free(signature) }
        return Array(UnsafeBufferPointer(start: signature, count: length))
    }

    /// The PEM text of a DER certificate, or nil when it is not one certificate.
    static func certificatePEM(_ der: Data) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = der.withUnsafeBytes { raw in
            sso_sign_certificate_to_pem(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, &text, &length)
        }
        guard status == 0, let text else { return nil }
        defer { sso_sign_free(text) }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    /// The subject's common name of a DER certificate, or nil.
    static func commonName(of der: Data) -> String? {
        let name = der.withUnsafeBytes { raw in
            sso_sign_certificate_common_name(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
        }
        guard let name else { return nil }
        defer { sso_sign_free(name) }
        return String(cString: name)
    }
}
