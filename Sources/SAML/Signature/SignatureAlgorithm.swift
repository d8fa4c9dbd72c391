/// A `SignatureMethod` of XML-DSig that this service provider can verify.
///
/// HMAC methods are deliberately absent: a shared-secret "signature" checked against a
/// public certificate is the classic key-confusion attack.
struct SignatureAlgorithm: Sendable, Equatable {
    /// The key type the method needs.
    let keyKind: VerificationKey.Kind
    /// The digest the method signs.
    let digest: DigestAlgorithm
    /// The `Algorithm` URI.
    let uri: String

    /// Recognizes a `SignatureMethod` `Algorithm` URI.
    /// - Parameter uri: The algorithm URI.
    init?(uri: String) {
        let known: (VerificationKey.Kind, DigestAlgorithm)
        switch uri {
        case "http://www.w3.org/2000/09/xmldsig#rsa-sha1": known = (.rsa, .sha1)
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": known = (.rsa, .sha256)
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": known = (.rsa, .sha384)
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": known = (.rsa, .sha512)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1": known = (.ellipticCurve, .sha1)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": known = (.ellipticCurve, .sha256)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": known = (.ellipticCurve, .sha384)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": known = (.ellipticCurve, .sha512)
        default: return nil
        }
        (keyKind, digest) = known
        self.uri = uri
    }

    /// A short name such as `RSA-SHA256`.
    var name: String {
        (keyKind == .rsa ? "RSA-" : "ECDSA-") + digest.name.replacingOccurrences(of: "-", with: "")
    }
}
