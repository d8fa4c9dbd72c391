import CSAMLShims
import Foundation

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

    /// The digest of the exclusive canonical form of `element` without `excluded`, streamed
    /// from libxml2's canonicalizer into libcrypto without holding the canonical bytes.
    /// - Parameters:
    ///   - element: The apex of the node set (the signed element, or `SignedInfo`).
    ///   - excluded: The enveloped signature to leave out, or nil.
    ///   - withComments: Whether comments are part of the canonical form.
    ///   - inclusivePrefixes: The `InclusiveNamespaces PrefixList`.
    /// - Returns: The digest, or nil when canonicalization or hashing fails.
    func digestOfCanonicalForm(of element: XMLTree.Element, excluding excluded: XMLTree.Element?,
                               withComments: Bool = false, inclusivePrefixes: [String]) -> [UInt8]? {
        guard let context = sso_crypto_digest_begin(shimValue) else { return nil }
        let duplicated = inclusivePrefixes.map { strdup($0) }
        defer { duplicated.forEach { free($0) } }
        var prefixList: [UnsafePointer<CChar>?] = duplicated.map { UnsafePointer($0) } + [nil]
        let streamed = element.tree.withDocument { document in
            prefixList.withUnsafeMutableBufferPointer { buffer in
                sso_xml_c14n_stream(document, element.node, excluded?.node, 1, withComments ? 1 : 0,
                                    inclusivePrefixes.isEmpty ? nil : buffer.baseAddress,
                                    sso_crypto_digest_sink, UnsafeMutableRawPointer(context))
            }
        }
        var out = [UInt8](repeating: 0, count: 64)
        var length = 0
        let ended = out.withUnsafeMutableBufferPointer { sso_crypto_digest_end(context, $0.baseAddress, &length) }
        guard streamed == 0, ended == 0 else { return nil }
        return Array(out.prefix(length))
    }
}
