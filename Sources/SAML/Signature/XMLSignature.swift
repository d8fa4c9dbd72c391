import Foundation

/// The parts of one `ds:Signature` element that verification needs, read strictly: one
/// `SignedInfo`, one `Reference`, only the transforms and algorithms the SAML profile
/// uses. Anything else is refused before any cryptography runs.
struct XMLSignature {
    /// The `ds:Signature` element.
    let element: XMLTree.Element
    /// Its `ds:SignedInfo`, the bytes the signature value signs once canonicalized.
    let signedInfo: XMLTree.Element
    /// Whether `SignedInfo` is canonicalized with comments.
    let signedInfoWithComments: Bool
    /// The `InclusiveNamespaces PrefixList` of the `CanonicalizationMethod`.
    let signedInfoInclusivePrefixes: [String]
    /// The `SignatureMethod`.
    let algorithm: SignatureAlgorithm
    /// The single `Reference`'s `URI`.
    let referenceURI: String
    /// The `InclusiveNamespaces PrefixList` of the reference's exclusive c14n transform.
    let referenceInclusivePrefixes: [String]
    /// The reference's `DigestMethod`.
    let digestAlgorithm: DigestAlgorithm
    /// The reference's decoded `DigestValue`.
    let digestValue: [UInt8]
    /// The decoded `SignatureValue`.
    let signatureValue: [UInt8]
    /// The `KeyInfo` element, if any: read only to explain a failure, never to verify.
    let keyInfo: XMLTree.Element?

    private static let exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"
    private static let exclusiveWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    private static let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

    /// Reads a `ds:Signature` element.
    /// - Parameters:
    ///   - element: The `ds:Signature` element.
    ///   - allowSHA1: Whether SHA-1 digests and signature methods are accepted.
    ///   - location: Where the signature sits, for messages ("the Response", "the Assertion").
    /// - Throws: `signature.malformed`, `signature.unsupported-algorithm` or
    ///   `signature.weak-algorithm`.
    init(element: XMLTree.Element, allowSHA1: Bool, location: String) throws(SAMLError) {
        let ds = XMLNamespace.xmlDSig
        func malformed(_ detail: String) -> SAMLError {
            SAMLError(.signatureMalformed,
                "The signature of \(location) is malformed: \(detail). The response was not produced by a conforming IdP or was altered; ask the IdP administrator to check the SAML app's signing settings.")
        }
        self.element = element
        let children = element.children
        guard children.count >= 2, children[0].is("SignedInfo", ds), children[1].is("SignatureValue", ds) else {
            throw malformed("it must start with one SignedInfo followed by one SignatureValue")
        }
        for extra in children.dropFirst(2) where !(extra.is("KeyInfo", ds) || extra.is("Object", ds)) {
            if extra.namespaceURI == XMLNamespace.samlProtocol || extra.namespaceURI == XMLNamespace.samlAssertion {
                throw SAMLError(.signatureWrapping,
                    "The signature of \(location) contains a SAML <\(extra.localName.forMessage)> element. Hiding signed content inside a signature is an XML signature wrapping attack; the response is rejected.")
            }
            throw malformed("it contains an unexpected <\(extra.localName.forMessage)> element")
        }
        guard children.dropFirst(2).filter({ $0.is("KeyInfo", ds) }).count <= 1 else {
            throw malformed("it has more than one KeyInfo")
        }
        signedInfo = children[0]

        let infoChildren = signedInfo.children
        guard infoChildren.count == 3, infoChildren[0].is("CanonicalizationMethod", ds),
              infoChildren[1].is("SignatureMethod", ds), infoChildren[2].is("Reference", ds) else {
            throw malformed("SignedInfo must hold exactly one CanonicalizationMethod, one SignatureMethod and one Reference, in that order")
        }

        // CanonicalizationMethod: exclusive c14n only, with or without comments.
        let c14n = infoChildren[0]
        let c14nURI = c14n.attribute("Algorithm") ?? ""
        switch c14nURI {
        case Self.exclusive: signedInfoWithComments = false
        case Self.exclusiveWithComments: signedInfoWithComments = true
        default:
            throw SAMLError(.signatureUnsupportedAlgorithm,
                "The signature of \(location) uses the canonicalization method '\(c14nURI.forMessage)'; only exclusive XML canonicalization (http://www.w3.org/2001/10/xml-exc-c14n#) is accepted. Configure the IdP to sign with exclusive canonicalization, the SAML default.")
        }
        signedInfoInclusivePrefixes = try Self.inclusivePrefixes(of: c14n, malformed: malformed)

        // SignatureMethod (its only possible child, HMACOutputLength, belongs to HMAC).
        guard infoChildren[1].children.isEmpty else {
            throw malformed("its SignatureMethod has unexpected content")
        }
        let methodURI = infoChildren[1].attribute("Algorithm") ?? ""
        guard let algorithm = SignatureAlgorithm(uri: methodURI) else {
            throw SAMLError(.signatureUnsupportedAlgorithm,
                "The signature of \(location) uses the signature method '\(methodURI.forMessage)'; only RSA-SHA256/384/512 and ECDSA-SHA256/384/512 are accepted (HMAC never). Set the IdP's signature algorithm to RSA-SHA256.",
                details: [.signatureAlgorithm: methodURI])
        }
        if algorithm.digest == .sha1 && !allowSHA1 {
            throw SAMLError(.signatureWeakAlgorithm,
                "The signature of \(location) uses \(algorithm.name), which relies on SHA-1, a broken hash. Set the IdP's signature algorithm to RSA-SHA256 (in Okta, Entra ID and AD FS this is a per-app setting), or allow SHA-1 explicitly if the IdP cannot do better.",
                details: [.signatureAlgorithm: methodURI])
        }
        self.algorithm = algorithm

        // Reference: URI, transforms, digest.
        let reference = infoChildren[2]
        guard let uri = reference.attribute("URI") else {
            throw malformed("its Reference has no URI attribute")
        }
        referenceURI = uri
        var referenceChildren = reference.children
        var transforms: [XMLTree.Element] = []
        if let first = referenceChildren.first, first.is("Transforms", ds) {
            transforms = first.children
            referenceChildren.removeFirst()
            guard !transforms.isEmpty, transforms.allSatisfy({ $0.is("Transform", ds) }) else {
                throw malformed("its Transforms element must hold Transform elements only")
            }
        }
        guard referenceChildren.count == 2, referenceChildren[0].is("DigestMethod", ds),
              referenceChildren[1].is("DigestValue", ds) else {
            throw malformed("its Reference must hold Transforms, DigestMethod and DigestValue")
        }
        var sawEnveloped = false
        var sawExclusive = false
        var prefixes: [String] = []
        for transform in transforms {
            let transformURI = transform.attribute("Algorithm") ?? ""
            switch transformURI {
            case Self.enveloped where !sawEnveloped:
                // SignedInfo is canonicalized before its signature is checked, so it holds
                // nothing that the profile does not use (a large SignedInfo costs time).
                guard transform.children.isEmpty else {
                    throw malformed("its enveloped-signature transform has unexpected content")
                }
                sawEnveloped = true
            case Self.exclusive where !sawExclusive, Self.exclusiveWithComments where !sawExclusive:
                // A same-document "#id" reference selects the element without comments, so
                // the WithComments variant gives the same bytes (XML-DSig 4.3.3.3).
                sawExclusive = true
                prefixes = try Self.inclusivePrefixes(of: transform, malformed: malformed)
            default:
                throw SAMLError(.signatureUnsupportedAlgorithm,
                    "The signature of \(location) uses the transform '\(transformURI.forMessage)' (or repeats one); only the enveloped-signature and exclusive canonicalization transforms are accepted. XPath, XSLT and other transforms are refused because they let a signature cover something other than what is read.")
            }
        }
        guard sawEnveloped, sawExclusive else {
            throw SAMLError(.signatureUnsupportedAlgorithm,
                "The signature of \(location) does not use both the enveloped-signature and the exclusive canonicalization transforms that SAML signatures use. Configure the IdP to sign the response or assertion the standard SAML way.")
        }
        referenceInclusivePrefixes = prefixes
        guard referenceChildren[0].children.isEmpty else {
            throw malformed("its DigestMethod has unexpected content")
        }
        let digestURI = referenceChildren[0].attribute("Algorithm") ?? ""
        guard let digestAlgorithm = DigestAlgorithm(uri: digestURI) else {
            throw SAMLError(.signatureUnsupportedAlgorithm,
                "The signature of \(location) uses the digest method '\(digestURI.forMessage)'; only SHA-256, SHA-384 and SHA-512 are accepted. Set the IdP's digest algorithm to SHA-256.",
                details: [.signatureAlgorithm: algorithm.uri, .digestAlgorithm: digestURI])
        }
        if digestAlgorithm == .sha1 && !allowSHA1 {
            throw SAMLError(.signatureWeakAlgorithm,
                "The signature of \(location) uses the SHA-1 digest, a broken hash. Set the IdP's digest algorithm to SHA-256, or allow SHA-1 explicitly if the IdP cannot do better.",
                details: [.signatureAlgorithm: algorithm.uri, .digestAlgorithm: digestURI])
        }
        self.digestAlgorithm = digestAlgorithm
        guard referenceChildren[1].children.isEmpty,
              let digest = Base64Text.decode(referenceChildren[1].textContent), !digest.isEmpty else {
            throw malformed("its DigestValue is not base64")
        }
        digestValue = digest

        guard children[1].children.isEmpty,
              let signature = Base64Text.decode(children[1].textContent), !signature.isEmpty else {
            throw malformed("its SignatureValue is not base64")
        }
        signatureValue = signature

        keyInfo = children.dropFirst(2).first(where: { $0.is("KeyInfo", ds) })
    }

    /// DER certificates found in `KeyInfo/X509Data`, decoded on demand (only a failed
    /// verification needs them, to say which certificate signed).
    var keyInfoCertificates: [[UInt8]] {
        let ds = XMLNamespace.xmlDSig
        var certificates: [[UInt8]] = []
        for data in keyInfo?.children("X509Data", ds) ?? [] {
            for certificate in data.children("X509Certificate", ds) {
                if let der = Base64Text.decode(certificate.textContent) { certificates.append(der) }
            }
        }
        return certificates
    }

    /// The most prefixes a `PrefixList` may name. IdPs name up to six (`#default samlp saml ds
    /// xs xsi`); libxml2 looks every one up for every canonicalized element, so a long list
    /// multiplies the cost of canonicalizing a large document.
    static let maximumInclusivePrefixes = 8

    /// The `PrefixList` of an `ec:InclusiveNamespaces` child, split on whitespace.
    private static func inclusivePrefixes(of method: XMLTree.Element,
                                          malformed: (String) -> SAMLError) throws(SAMLError) -> [String] {
        let children = method.children
        guard !children.isEmpty else { return [] }
        guard children.count == 1, children[0].is("InclusiveNamespaces", XMLNamespace.exclusiveC14N) else {
            throw malformed("a canonicalization method has unexpected content")
        }
        guard children[0].children.isEmpty else {
            throw malformed("an InclusiveNamespaces element has unexpected content")
        }
        let list = children[0].attribute("PrefixList") ?? ""
        let prefixes = list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        guard prefixes.count <= maximumInclusivePrefixes else {
            throw malformed("an InclusiveNamespaces PrefixList names \(prefixes.count) prefixes; at most \(maximumInclusivePrefixes) are accepted")
        }
        guard prefixes.allSatisfy(isPrefix) else {
            throw malformed("an InclusiveNamespaces PrefixList holds something that is not a namespace prefix")
        }
        return prefixes
    }

    /// Whether `text` is `#default` or an XML namespace prefix (an NCName: no colon, not
    /// starting with a digit, '-' or '.').
    private static func isPrefix(_ text: String) -> Bool {
        if text == "#default" { return true }
        guard let first = text.unicodeScalars.first, text.utf8.count <= 64 else { return false }
        func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || (scalar >= "A" && scalar <= "Z") || (scalar >= "a" && scalar <= "z") || scalar.value >= 0xC0
        }
        return isNameStart(first) && text.unicodeScalars.dropFirst().allSatisfy { scalar in
            isNameStart(scalar) || scalar == "-" || scalar == "." || (scalar >= "0" && scalar <= "9") || scalar.value == 0xB7
        }
    }
}
