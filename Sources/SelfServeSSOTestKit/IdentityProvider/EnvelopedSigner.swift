import Foundation
import SAML

/// Makes the enveloped XML signature of one SAML element the way IdPs sign: exclusive c14n
/// 1.0 for SignedInfo and as the reference's transform after enveloped-signature, SHA-256
/// digest, rsa-sha256 or ecdsa-sha256, one `Reference` to `#ID`.
///
/// Every byte that is hashed or signed comes from libxml2's canonicalizer over the very
/// document being built, with the signature already in place: the reference digest leaves
/// the `ds:Signature` out exactly as a verifier's enveloped-signature transform does, and
/// `SignedInfo` is canonicalized where it sits (its namespace context comes from
/// `ds:Signature` and the elements above), never from a standalone copy of its text.
/// libcrypto hashes and signs.
struct EnvelopedSigner {
    /// The key that signs.
    let key: TestSigningKey
    /// The certificate written in `KeyInfo`, or nil to write no `KeyInfo`.
    let keyInfoCertificate: Certificate?

    private static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    private static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    private static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"

    /// The `ds:Signature` element for the element whose `ID` is `id`, where the signature is
    /// to sit between `prefix` and `suffix` (right after that element's `Issuer`).
    /// - Parameters:
    ///   - id: The signed element's `ID`.
    ///   - prefix: The document up to the signature's place.
    ///   - suffix: The document after it.
    /// - Returns: The signature's XML and its `SignatureValue` text.
    /// - Throws: `response.signing-failed` when the document does not parse, the element is
    ///   not found, or canonicalization or signing fails.
    func signature(forElementWithID id: String, prefix: String,
                   suffix: String) throws(TestIdentityProviderError) -> (xml: String, signatureValue: String) {
        let signer = try LibcryptoKey(pem: key.privateKeyPEM)

        let withoutDigest = try Self.parse(prefix + signatureXML(id: id, digest: "", value: "") + suffix)
        let (element, placed) = try Self.locate(id, in: withoutDigest)
        guard let canonical = element.tree.canonicalize(element, excluding: placed) else {
            throw TestIdentityProviderError(.responseSigningFailed,
                "libxml2 could not canonicalize the element with ID '\(id)' for its digest.")
        }
        let digest = SHA256Digest.digest(canonical)
        guard !digest.isEmpty else {
            throw TestIdentityProviderError(.responseSigningFailed, "libcrypto could not compute the SHA-256 digest.")
        }
        let digestText = Data(digest).base64EncodedString()

        let withDigest = try Self.parse(prefix + signatureXML(id: id, digest: digestText, value: "") + suffix)
        let (_, signature) = try Self.locate(id, in: withDigest)
        guard let signedInfo = signature.firstChild("SignedInfo", XMLNamespace.xmlDSig),
              let canonicalSignedInfo = signature.tree.canonicalize(signedInfo, excluding: nil) else {
            throw TestIdentityProviderError(.responseSigningFailed,
                "libxml2 could not canonicalize the SignedInfo of the signature of '\(id)'.")
        }
        let value = Data(try signer.signSHA256(canonicalSignedInfo)).base64EncodedString()
        return (signatureXML(id: id, digest: digestText, value: value), value)
    }

    /// The `ds:Signature` element's text.
    private func signatureXML(id: String, digest: String, value: String) -> String {
        let keyInfo = keyInfoCertificate.map {
            "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>\($0.der.base64EncodedString())</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        } ?? ""
        return "<ds:Signature xmlns:ds=\"\(XMLNamespace.xmlDSig)\"><ds:SignedInfo>"
            + "<ds:CanonicalizationMethod Algorithm=\"\(Self.exclusiveC14N)\"/>"
            + "<ds:SignatureMethod Algorithm=\"\(key.algorithm.signatureMethodURI)\"/>"
            + "<ds:Reference URI=\"#\(MarkupEscaping.xmlAttribute(id))\"><ds:Transforms>"
            + "<ds:Transform Algorithm=\"\(Self.envelopedSignature)\"/>"
            + "<ds:Transform Algorithm=\"\(Self.exclusiveC14N)\"/></ds:Transforms>"
            + "<ds:DigestMethod Algorithm=\"\(Self.sha256)\"/><ds:DigestValue>\(digest)</ds:DigestValue>"
            + "</ds:Reference></ds:SignedInfo><ds:SignatureValue>\(value)</ds:SignatureValue>\(keyInfo)</ds:Signature>"
    }

    /// Parses the document being signed, with the hardened parser the service provider uses.
    private static func parse(_ text: String) throws(TestIdentityProviderError) -> XMLTree {
        do {
            return try XMLTree(bytes: Data(text.utf8))
        } catch {
            throw TestIdentityProviderError(.responseSigningFailed,
                "The response being signed does not parse (\(error.description)). Make the user's attributes smaller, or report this as a bug in the test kit.")
        }
    }

    /// The element whose `ID` is `id`, and the one `ds:Signature` directly inside it (the
    /// one just placed).
    private static func locate(_ id: String,
                               in tree: XMLTree) throws(TestIdentityProviderError) -> (XMLTree.Element, XMLTree.Element) {
        let root = tree.root
        let candidates = [root] + root.descendants
        let matching = candidates.filter { $0.attribute("ID") == id }
        guard matching.count == 1, let element = matching.first else {
            throw TestIdentityProviderError(.responseSigningFailed,
                "The response being signed has \(matching.count) elements with ID '\(id)'; exactly one is needed. Give the Response and the Assertion different IDs.")
        }
        let signatures = element.children("Signature", XMLNamespace.xmlDSig)
        guard signatures.count == 1, let signature = signatures.first else {
            throw TestIdentityProviderError(.responseSigningFailed,
                "The element with ID '\(id)' holds \(signatures.count) signatures after placing one; exactly one is expected.")
        }
        return (element, signature)
    }
}
