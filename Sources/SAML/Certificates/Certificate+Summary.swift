import COpenSSL
import CSAMLShims
import Foundation

extension Certificate {
    /// The fingerprint and validity period, read cheaply (see ``CertificateSummary``).
    ///
    /// Non-throwing: every `Certificate` was checked when it was made. Should the partial
    /// decode ever fail where the full parse succeeded, the full parse answers.
    public var summary: CertificateSummary {
        let fingerprint = Self.fingerprint(der, EVP_sha256())
        if let outline = Outline(der: der) {
            return CertificateSummary(sha256Fingerprint: fingerprint, notBefore: outline.notBefore, notAfter: outline.notAfter)
        }
        let info = self.info
        return CertificateSummary(sha256Fingerprint: fingerprint, notBefore: info.notBefore, notAfter: info.notAfter)
    }

    /// The certificate after the checks trust needs: libcrypto's full parse (which metadata
    /// reading defers) and the extraction of a public key that SAML signatures can use,
    /// exactly as a `ResponseValidator` takes it. Call it before accepting a certificate
    /// that came from metadata.
    /// - Returns: The same certificate.
    /// - Throws: `certificate.invalid` when libcrypto cannot parse it or read its key,
    ///   `certificate.unsupported-key` for a key that is neither RSA nor EC.
    public func validated() throws(SAMLError) -> Certificate {
        let parsed = try Certificate(der: der)
        _ = try VerificationKey(certificate: parsed)
        return parsed
    }

    /// What the partial X.509 template reads: validity, the certificate's signature
    /// algorithm, the key's algorithm and RSA size. Enough for a metadata refresh and for
    /// deciding whether a certificate needs a warning; the decoded template is kept so that
    /// the subject, needed only for a warning, is read without decoding again.
    ///
    /// A class only to free the decoded template once; it is not shared between threads.
    final class Outline {
        let notBefore: Date
        let notAfter: Date
        let signatureAlgorithm: String
        let isRSA: Bool
        let rsaBits: Int
        private let decoded: OpaquePointer

        /// Reads exactly one certificate from `der`; nil when it is not one.
        init?(der: Data) {
            var summary = sso_x509_summary()
            let decoded = der.withUnsafeBytes { raw in
                sso_x509_outline_read(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, &summary)
            }
            guard let decoded else { return nil }
            self.decoded = decoded
            notBefore = Date(timeIntervalSince1970: TimeInterval(summary.not_before))
            notAfter = Date(timeIntervalSince1970: TimeInterval(summary.not_after))
            signatureAlgorithm = OBJ_nid2ln(summary.signature_nid).map { String(cString: $0) } ?? "unknown"
            isRSA = summary.key_nid == NID_rsaEncryption
            rsaBits = Int(summary.rsa_bits)
        }

        deinit { sso_x509_outline_free(decoded) }

        /// The subject (RFC 2253, as ``CertificateInfo/subject``); empty when it cannot be read.
        var subject: String {
            guard let pointer = sso_x509_outline_subject(decoded) else { return "" }
            defer { sso_x509_free_string(pointer) }
            return String(cString: pointer)
        }

        /// What ``Certificate/warnings(for:now:)`` needs, without a full parse: the subject
        /// (read only now), the dates, the key's type and RSA size, the signature algorithm.
        var info: CertificateInfo {
            CertificateInfo(subject: subject, issuer: "", serialNumber: "", notBefore: notBefore,
                            notAfter: notAfter, keyType: isRSA ? "RSA" : "other", keySize: rsaBits,
                            signatureAlgorithm: signatureAlgorithm, sha256Fingerprint: "", sha1Fingerprint: "")
        }

        /// Whether ``Certificate/warnings(for:now:)`` would say anything at `now`: expired,
        /// expiring within 30 days, not yet valid, a short RSA key, a broken digest.
        func needsWarning(now: Date) -> Bool {
            now >= notAfter || notAfter.timeIntervalSince(now) <= CertificateWarning.expiresSoonInterval
                || now < notBefore || (isRSA && rsaBits < 2048) || Certificate.weakDigestName(signatureAlgorithm) != nil
        }
    }

    /// A certificate read from bare base64 DER (as in metadata's `ds:X509Certificate`)
    /// through the partial decode only, with its outline; nil when the text is anything else
    /// (the full parser then reads it, with its detailed errors).
    static func summarized(base64 text: String) -> (certificate: Certificate, outline: Outline)? {
        guard let bytes = Base64Text.decode(text), bytes.first == 0x30 else { return nil }
        let der = Data(bytes)
        guard let outline = Outline(der: der) else { return nil }
        return (Certificate(summarizedDER: der), outline)
    }
}
