import COpenSSL
import Foundation

/// An X.509 certificate, kept as its DER bytes and parsed by OpenSSL libcrypto.
///
/// Certificates are accepted as PEM (one or many in a bundle), DER, or bare base64 (as in
/// SAML metadata's `ds:X509Certificate`). Trust in SAML comes only from certificates the
/// host configured; a certificate found in a document's `KeyInfo` is never trusted alone.
///
/// Every initializer has libcrypto parse the certificate in full, except metadata reading
/// (`IdentityProviderMetadata`), which checks each certificate's structure with a partial
/// ASN.1 decode and defers the full parse: a refresh compares only ``summary``. The full
/// parse happens when anything more is asked (``info``, ``validated()``) and always before a
/// key is trusted (a `ResponseValidator` parses each certificate's key when it is built and
/// refuses one libcrypto cannot read with `certificate.invalid`).
public struct Certificate: Sendable, Hashable {
    /// The certificate's DER encoding.
    public let der: Data

    // Only `der` is stored: adding stored properties changes the struct's layout, which
    // incremental builds of dependent targets have been seen to miss (stale objects crash).

    /// Parses one DER-encoded certificate.
    /// - Parameter der: The DER bytes.
    /// - Throws: `certificate.invalid` when libcrypto cannot parse them as an X.509 certificate.
    public init(der: Data) throws(SAMLError) {
        guard let parsed = Self.parseX509(der) else {
            throw SAMLError(.certificateInvalid,
                "The data is not an X.509 certificate. Paste the IdP's signing certificate as PEM (-----BEGIN CERTIFICATE-----) or base64 DER.")
        }
        X509_free(parsed)
        self.der = der
    }

    /// Wraps DER that libcrypto has just parsed (the parse is the expensive step, so it is
    /// not repeated).
    private init(parsedDER der: Data) {
        self.der = der
    }

    /// Wraps DER that only the partial template decode has checked (see
    /// ``Certificate/summarized(base64:)``); the full parse is deferred.
    init(summarizedDER der: Data) {
        self.der = der
    }

    /// Parses every certificate in `text`.
    ///
    /// Accepted: PEM blocks (a bundle of several, with or without line breaks, even all on
    /// one line or with JSON-style `\n` escapes), one bare base64 DER certificate (line breaks
    /// and spaces tolerated, as in metadata), and base64 of a PEM document (some IdPs put that
    /// in `ds:X509Certificate`).
    /// - Parameter text: The certificate text.
    /// - Returns: The certificates in the order they appear.
    /// - Throws: `certificate.none` when there is none, `certificate.invalid` when something
    ///   does not parse (with which block and why), or when the text is a key, not a certificate.
    public static func parseAll(_ text: String) throws(SAMLError) -> [Certificate] {
        try parseAllDescribed(text).map(\.certificate)
    }

    /// A certificate with the description read during the same libcrypto parse.
    typealias Described = (certificate: Certificate, info: CertificateInfo)

    /// `parseAll(_:)` that also returns each certificate's `info`, read from the same parse
    /// (libcrypto's DER parse is the expensive step; metadata parsing needs both).
    static func parseAllDescribed(_ text: String) throws(SAMLError) -> [Described] {
        try parseAll(text, nesting: 0)
    }

    /// Parses certificate bytes: DER (one or several concatenated), or any text form
    /// `parseAll(_:)` accepts.
    /// - Parameter data: A file's contents.
    /// - Returns: The certificates found.
    /// - Throws: `certificate.none` or `certificate.invalid`.
    public static func parseAll(data: Data) throws(SAMLError) -> [Certificate] {
        guard let first = data.first else {
            throw SAMLError(.certificateNone, "The certificate file is empty. Download the IdP's signing certificate again.")
        }
        if first == 0x30 {
            return try parseConcatenatedDER(data).map(\.certificate)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SAMLError(.certificateInvalid,
                "The file is neither PEM text nor a DER certificate. Download the IdP's signing certificate as PEM (.pem/.cer/.crt) or DER.")
        }
        return try parseAll(text)
    }

    // MARK: - Parsing

    private static let pemBegin = "-----BEGIN "
    private static let dashes = "-----"

    private static func parseAll(_ text: String, nesting: Int) throws(SAMLError) -> [Described] {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Byte-level pre-checks: base64 never contains "\\" or "-", so the common case (bare
        // base64 from metadata) skips the slower string searches.
        if text.utf8.contains(UInt8(ascii: "\\")), text.contains("\\n") || text.contains("\\r") {
            // Copied out of JSON or a shell string: the line breaks arrived as two characters.
            text = text.replacingOccurrences(of: "\\r", with: "\n").replacingOccurrences(of: "\\n", with: "\n")
        }
        if text.utf8.contains(UInt8(ascii: "-")), text.contains(pemBegin) {
            return try parsePEM(text)
        }
        if nesting == 0, text.utf8.contains(UInt8(ascii: "<")) {
            // An element copied out of metadata: <ds:X509Certificate>MII…</ds:X509Certificate>.
            let values = x509CertificateValues(in: text)
            guard !values.isEmpty else {
                throw SAMLError(.certificateInvalid,
                    "The text looks like XML but holds no X509Certificate element. Paste the IdP's signing certificate as PEM, or give the whole metadata document instead.")
            }
            var result: [Described] = []
            for value in values { result += try parseAll(value, nesting: nesting + 1) }
            return result
        }
        let compact = String(decoding: text.utf8.filter { !Self.isASCIIWhitespace($0) }, as: UTF8.self)
        guard !compact.isEmpty else {
            throw SAMLError(.certificateNone, "No certificate was given. Paste the IdP's signing certificate (PEM or base64).")
        }
        // Some consoles drop the trailing "=" padding; restore it before decoding.
        let padded = compact + String(repeating: "=", count: (4 - compact.count % 4) % 4)
        guard let decoded = Data(base64Encoded: padded) else {
            throw SAMLError(.certificateInvalid,
                "The text is neither a PEM certificate nor base64. Paste the IdP's signing certificate including its -----BEGIN CERTIFICATE----- line.")
        }
        if decoded.first == 0x30 {
            return try parseConcatenatedDER(decoded)
        }
        // base64 of a PEM document (seen in ds:X509Certificate in the wild): decode once more.
        if nesting <= 1, let inner = String(data: decoded, encoding: .utf8), inner.contains(pemBegin) {
            return try parseAll(inner, nesting: nesting + 1)
        }
        throw SAMLError(.certificateInvalid,
            "The base64 text does not decode to an X.509 certificate. Check that the whole certificate was copied, or paste it as PEM.")
    }

    /// The text of every `X509Certificate` element (any prefix, any attributes) in an XML fragment.
    static func x509CertificateValues(in text: String) -> [String] {
        var values: [String] = []
        var searchStart = text.startIndex
        while let name = text.range(of: "X509Certificate", range: searchStart..<text.endIndex) {
            searchStart = name.upperBound
            // An opening tag: "<" then an optional "prefix:" right before the name, and the
            // name followed by ">" or whitespace (attributes).
            let before = text[..<name.lowerBound]
            guard let tagStart = before.lastIndex(of: "<"),
                  text[text.index(after: tagStart)..<name.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "_" || $0 == "-" || $0 == "." }),
                  !text[tagStart...].hasPrefix("</"),
                  let next = text[name.upperBound...].first, next == ">" || next.isWhitespace,
                  let tagEnd = text[name.upperBound...].firstIndex(of: ">"),
                  let close = text.range(of: "</", range: text.index(after: tagEnd)..<text.endIndex) else { continue }
            values.append(String(text[text.index(after: tagEnd)..<close.lowerBound]))
            searchStart = close.upperBound
        }
        return values
    }

    /// One PEM block: its label (`CERTIFICATE`) and base64 body.
    struct PEMBlock: Equatable {
        var label: String
        var body: String
    }

    /// The PEM blocks in `text`, found by their BEGIN/END markers wherever they sit (line
    /// breaks around them are not required).
    static func pemBlocks(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var searchStart = text.startIndex
        while let begin = text.range(of: pemBegin, range: searchStart..<text.endIndex) {
            guard let labelEnd = text.range(of: dashes, range: begin.upperBound..<text.endIndex) else { break }
            let label = String(text[begin.upperBound..<labelEnd.lowerBound])
            let endMarker = "-----END \(label)-----"
            guard let end = text.range(of: endMarker, range: labelEnd.upperBound..<text.endIndex) else {
                blocks.append(PEMBlock(label: label, body: String(text[labelEnd.upperBound...])))
                break
            }
            blocks.append(PEMBlock(label: label, body: String(text[labelEnd.upperBound..<end.lowerBound])))
            searchStart = end.upperBound
        }
        return blocks
    }

    /// The base64 bodies of the `CERTIFICATE` PEM blocks in `text`.
    static func pemBodies(in text: String) -> [String] {
        pemBlocks(in: text).filter { $0.label == "CERTIFICATE" }.map(\.body)
    }

    private static func parsePEM(_ text: String) throws(SAMLError) -> [Described] {
        var result: [Described] = []
        var otherLabels: [String] = []
        let blocks = pemBlocks(in: text)
        for (index, block) in blocks.enumerated() {
            switch block.label {
            case "CERTIFICATE", "X509 CERTIFICATE":
                break
            case let label where label.contains("PRIVATE KEY"):
                throw SAMLError(.certificateInvalid,
                    "PEM block \(index + 1) is a private key (\(label)), not a certificate. Never share a private key; paste the IdP's public signing certificate (-----BEGIN CERTIFICATE-----) instead.")
            default:
                otherLabels.append(block.label)
                continue
            }
            let body = String(decoding: block.body.utf8.filter { !Self.isASCIIWhitespace($0) }, as: UTF8.self)
            guard let der = Data(base64Encoded: body) else {
                throw SAMLError(.certificateInvalid,
                    "PEM block \(index + 1) is not valid base64. Copy the certificate again, including the BEGIN and END lines.")
            }
            do {
                result += try parseConcatenatedDER(der, single: true)
            } catch {
                throw SAMLError(.certificateInvalid,
                    "PEM block \(index + 1) is not a valid X.509 certificate (it may be truncated). Copy the certificate again, including the BEGIN and END lines.")
            }
        }
        if result.isEmpty {
            if let label = otherLabels.first {
                throw SAMLError(.certificateInvalid,
                    "The PEM text holds a \(label), not a certificate. SAML needs the IdP's X.509 signing certificate (-----BEGIN CERTIFICATE-----).")
            }
            throw SAMLError(.certificateNone, "No certificate was found in the PEM text. Paste the IdP's signing certificate including its BEGIN and END lines.")
        }
        return result
    }

    /// Parses one DER certificate after another; with `single`, exactly one is required.
    private static func parseConcatenatedDER(_ data: Data, single: Bool = false) throws(SAMLError) -> [Described] {
        var result: [Described] = []
        var offset = 0
        while offset < data.count {
            let rest = data.subdata(in: offset..<data.count)
            let parsed: (described: Described, length: Int)? = rest.withUnsafeBytes { raw in
                guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
                var cursor: UnsafePointer<UInt8>? = base
                guard let x509 = d2i_X509(nil, &cursor, raw.count) else { return nil }
                defer { X509_free(x509) }
                guard let end = cursor, end > base else { return nil }
                let length = end - base
                if single, length != raw.count { return nil }
                let der = Data(rest.prefix(length))
                return ((Certificate(parsedDER: der), readInfo(x509, der: der)), length)
            }
            guard let parsed else {
                throw SAMLError(.certificateInvalid,
                    result.isEmpty
                        ? "The binary data is not a DER X.509 certificate (a PKCS#7 .p7b bundle or a key is not accepted). Export the IdP's signing certificate as PEM or DER."
                        : "The data after certificate \(result.count) is not a DER X.509 certificate. Export the certificates again.")
            }
            result.append(parsed.described)
            offset += parsed.length
        }
        return result
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// Parses DER into an `X509` the caller frees, or nil when it is not exactly one certificate.
    static func parseX509(_ der: Data) -> OpaquePointer? {
        der.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            let x509 = d2i_X509(nil, &cursor, raw.count)
            // Trailing bytes after the certificate mean this was not one DER certificate.
            if let x509, cursor != base + raw.count { X509_free(x509); return nil }
            return x509
        }
    }
}
