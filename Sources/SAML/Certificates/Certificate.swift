import COpenSSL
import Foundation

/// An X.509 certificate, kept as its DER bytes and parsed by OpenSSL libcrypto.
///
/// Certificates are accepted as PEM (one or many in a bundle), DER, or bare base64 (as in
/// SAML metadata's `ds:X509Certificate`). Trust in SAML comes only from certificates the
/// host configured; a certificate found in a document's `KeyInfo` is never trusted alone.
public struct Certificate: Sendable, Hashable {
    /// The certificate's DER encoding.
    public let der: Data

    /// Parses one DER-encoded certificate.
    /// - Parameter der: The DER bytes.
    /// - Throws: `certificate.invalid` when libcrypto cannot parse them as an X.509 certificate.
    public init(der: Data) throws(SAMLError) {
        let parsed: OpaquePointer? = der.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let x509 = d2i_X509(nil, &cursor, raw.count)
            // Trailing bytes after the certificate mean this was not one DER certificate.
            if let x509, cursor != base + raw.count { X509_free(x509); return nil }
            return x509
        }
        guard let parsed else {
            throw SAMLError(.certificateInvalid,
                "The data is not an X.509 certificate. Paste the IdP's signing certificate as PEM (-----BEGIN CERTIFICATE-----) or base64 DER.")
        }
        X509_free(parsed)
        self.der = der
    }

    /// Parses every certificate in `text`: PEM blocks, or one bare base64 DER certificate.
    /// - Parameter text: PEM text (one or many `CERTIFICATE` blocks) or bare base64.
    /// - Returns: The certificates in the order they appear.
    /// - Throws: `certificate.none` when there is none, `certificate.invalid` when one does not parse.
    public static func parseAll(_ text: String) throws(SAMLError) -> [Certificate] {
        let pemBlocks = pemBodies(in: text)
        if !pemBlocks.isEmpty {
            var result: [Certificate] = []
            for (index, body) in pemBlocks.enumerated() {
                guard let der = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else {
                    throw SAMLError(.certificateInvalid,
                        "PEM block \(index + 1) is not valid base64. Copy the certificate again, including the BEGIN and END lines.")
                }
                result.append(try Certificate(der: der))
            }
            return result
        }
        let compact = text.filter { !$0.isWhitespace }
        guard !compact.isEmpty else {
            throw SAMLError(.certificateNone, "No certificate was given. Paste the IdP's signing certificate (PEM or base64).")
        }
        guard let der = Data(base64Encoded: compact) else {
            throw SAMLError(.certificateInvalid,
                "The text is neither a PEM certificate nor base64. Paste the IdP's signing certificate including its -----BEGIN CERTIFICATE----- line.")
        }
        return [try Certificate(der: der)]
    }

    /// Parses certificate bytes: PEM text, or DER.
    /// - Parameter data: A file's contents.
    /// - Returns: The certificates found.
    /// - Throws: `certificate.none` or `certificate.invalid`.
    public static func parseAll(data: Data) throws(SAMLError) -> [Certificate] {
        if let first = data.first, first == 0x30 {
            return [try Certificate(der: data)]
        }
        return try parseAll(String(decoding: data, as: UTF8.self))
    }

    /// The base64 bodies of the `CERTIFICATE` PEM blocks in `text`.
    static func pemBodies(in text: String) -> [String] {
        var bodies: [String] = []
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line == "-----BEGIN CERTIFICATE-----" {
                current = ""
            } else if line == "-----END CERTIFICATE-----" {
                if let body = current { bodies.append(body) }
                current = nil
            } else if current != nil {
                current! += line
            }
        }
        return bodies
    }
}
