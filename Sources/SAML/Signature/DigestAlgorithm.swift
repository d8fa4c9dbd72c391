import CSAMLShims

/// A `DigestMethod` of XML-DSig, computed by libcrypto.
enum DigestAlgorithm: Sendable, Equatable {
    case sha1
    case sha256
    case sha384
    case sha512

    /// Recognizes a `DigestMethod` `Algorithm` URI.
    /// - Parameter uri: The algorithm URI.
    init?(uri: String) {
        switch uri {
        case "http://www.w3.org/2000/09/xmldsig#sha1": self = .sha1
        case "http://www.w3.org/2001/04/xmlenc#sha256": self = .sha256
        case "http://www.w3.org/2001/04/xmldsig-more#sha384": self = .sha384
        case "http://www.w3.org/2001/04/xmlenc#sha512": self = .sha512
        default: return nil
        }
    }

    /// The name people know it by.
    var name: String {
        switch self {
        case .sha1: "SHA-1"
        case .sha256: "SHA-256"
        case .sha384: "SHA-384"
        case .sha512: "SHA-512"
        }
    }

    var shimValue: Int32 {
        switch self {
        case .sha1: Int32(SSO_DIGEST_SHA1.rawValue)
        case .sha256: Int32(SSO_DIGEST_SHA256.rawValue)
        case .sha384: Int32(SSO_DIGEST_SHA384.rawValue)
        case .sha512: Int32(SSO_DIGEST_SHA512.rawValue)
        }
    }

    /// The digest of `bytes`, or nil when libcrypto fails.
    /// - Parameter bytes: The canonical bytes of the referenced element.
    /// - Returns: The digest.
    func digest(_ bytes: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 64)
        var length = 0
        let status = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                sso_crypto_digest(shimValue, input.baseAddress, input.count, output.baseAddress, &length)
            }
        }
        guard status == 0 else { return nil }
        return Array(out.prefix(length))
    }
}
