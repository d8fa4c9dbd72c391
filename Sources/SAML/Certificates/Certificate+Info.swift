import COpenSSL
import CSAMLShims
import Foundation

extension Certificate {
    /// The certificate's subject, issuer, serial, validity, key, signature algorithm and
    /// fingerprints, read by libcrypto.
    ///
    /// Non-throwing: `init(der:)` already proved the bytes parse. Each read parses the DER
    /// again (about 0.2 ms with OpenSSL 3), so keep the value when it is used repeatedly.
    public var info: CertificateInfo {
        guard let x509 = Self.parseX509(der) else {
            // Unreachable: every Certificate was parsed by libcrypto before. Still, no crash.
            return CertificateInfo(subject: "", issuer: "", serialNumber: "", notBefore: .distantPast,
                                   notAfter: .distantPast, keyType: "unknown", keySize: 0,
                                   signatureAlgorithm: "unknown",
                                   sha256Fingerprint: Self.fingerprint(der, EVP_sha256()),
                                   sha1Fingerprint: Self.fingerprint(der, EVP_sha1()))
        }
        defer { X509_free(x509) }
        return Self.readInfo(x509, der: der)
    }

    /// Reads subject, issuer, serial, validity, key, signature algorithm and fingerprints.
    static func readInfo(_ x509: OpaquePointer, der: Data) -> CertificateInfo {
        let key = keyDescription(x509)
        return CertificateInfo(
            subject: takeString(sso_x509_subject(x509)),
            issuer: takeString(sso_x509_issuer(x509)),
            serialNumber: serialNumber(x509),
            notBefore: date(X509_get0_notBefore(x509)),
            notAfter: date(X509_get0_notAfter(x509)),
            keyType: key.type,
            keySize: key.bits,
            signatureAlgorithm: OBJ_nid2ln(X509_get_signature_nid(x509)).map { String(cString: $0) } ?? "unknown",
            sha256Fingerprint: fingerprint(der, EVP_sha256()),
            sha1Fingerprint: fingerprint(der, EVP_sha1()))
    }

    /// The warnings a person should act on at `now`: expired, expiring within 30 days, not
    /// yet valid, RSA key under 2048 bits, SHA-1 (or MD5) signature.
    /// - Parameter now: The current time (injected so tests do not read the clock).
    /// - Returns: The warnings, empty when there is nothing to say.
    public func warnings(now: Date) -> [CertificateWarning] {
        Self.warnings(for: info, now: now)
    }

    /// The warnings for a certificate described by `info` (saves a parse when the caller
    /// already has it).
    static func warnings(for info: CertificateInfo, now: Date) -> [CertificateWarning] {
        var result: [CertificateWarning] = []
        let name = info.subject.isEmpty ? "The certificate" : "The certificate \(info.subject)"
        let notAfter = Self.display(info.notAfter)
        if now >= info.notAfter {
            result.append(CertificateWarning(code: "certificate.expired",
                message: "\(name) expired on \(notAfter). Signatures still verify because trust is pinned, but the IdP has probably rotated its key: create a new signing certificate in the IdP and update it here."))
        } else if info.notAfter.timeIntervalSince(now) <= CertificateWarning.expiresSoonInterval {
            let days = Int(info.notAfter.timeIntervalSince(now) / 86_400)
            result.append(CertificateWarning(code: "certificate.expires-soon",
                message: "\(name) expires on \(notAfter) (in \(days) day\(days == 1 ? "" : "s")). Add the IdP's next signing certificate now so sign-ins keep working through the rotation."))
        }
        if now < info.notBefore {
            result.append(CertificateWarning(code: "certificate.not-yet-valid",
                message: "\(name) is not valid before \(Self.display(info.notBefore)). Check that this is the certificate the IdP signs with today."))
        }
        if info.keyType == "RSA", info.keySize < 2048 {
            result.append(CertificateWarning(code: "certificate.weak-key",
                message: "\(name) has a \(info.keySize)-bit RSA key; keys under 2048 bits can be factored and are refused for signatures by default. Generate a 2048-bit (or larger) signing certificate in the IdP."))
        }
        if let digest = Self.weakDigestName(info.signatureAlgorithm) {
            result.append(CertificateWarning(code: "certificate.sha1-signature",
                message: "\(name) is signed with \(digest) (\(info.signatureAlgorithm)), which is broken for signatures. Pinned certificates still work, but generate a SHA-256 certificate in the IdP when you next rotate."))
        }
        return result
    }

    // MARK: - libcrypto readers

    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { sso_x509_free_string(pointer) }
        return String(cString: pointer)
    }

    private static func serialNumber(_ x509: OpaquePointer) -> String {
        guard let integer = X509_get_serialNumber(x509),
              let number = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { sso_openssl_free(hex) }
        return String(cString: hex)
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        guard let time else { return .distantPast }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func keyDescription(_ x509: OpaquePointer) -> (type: String, bits: Int) {
        guard let key = X509_get0_pubkey(x509) else { return ("unknown", 0) }
        let bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: return ("RSA", bits)
        case EVP_PKEY_EC: return ("EC", bits)
        case EVP_PKEY_ED25519: return ("ED25519", bits)
        case EVP_PKEY_ED448: return ("ED448", bits)
        case EVP_PKEY_DSA: return ("DSA", bits)
        default:
            return (EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown", bits)
        }
    }

    /// The digest's name when the certificate's signature uses a broken digest.
    static func weakDigestName(_ algorithm: String) -> String? {
        // A plain byte search: Foundation's `contains` and the standard library's generic
        // `firstRange(of:)` both showed in profiles of metadata reading.
        let lowered = Array(algorithm.lowercased().utf8)
        func has(_ word: String) -> Bool {
            let needle = Array(word.utf8)
            guard !needle.isEmpty, needle.count <= lowered.count else { return false }
            return (0...(lowered.count - needle.count)).contains { start in
                lowered[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
        if has("sha1") { return "SHA-1" }
        if has("md5") { return "MD5" }
        if has("md2") || has("md4") { return "MD2/MD4" }
        return nil
    }

    /// Uppercase hexadecimal pairs joined by colons.
    static func fingerprint(_ data: Data, _ digest: OpaquePointer?) -> String {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &output, &length, digest, nil)
        }
        guard status == 1 else { return "" }
        return output.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// ISO 8601 UTC to the second (`2026-03-01T12:00:00Z`), as `Date.ISO8601FormatStyle`
    /// writes it; through `gmtime_r` because Foundation's formatter showed up in profiles of
    /// metadata reading, which writes a warning per certificate near its expiry.
    static func display(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return date.formatted(Date.ISO8601FormatStyle()) }
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))T"
            + "\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2))Z"
    }
}
