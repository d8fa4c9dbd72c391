import COpenSSL
import Foundation

/// Verifies enveloped XML signatures on SAML elements against the configured keys only.
///
/// A signature counts for an element only when it is that element's immediate child and its
/// single `Reference` points at that element's `ID`. The digest is computed over the
/// element's exclusive canonical form with the signature itself left out, in the same parsed
/// tree the values are later read from. `KeyInfo` is never used to verify.
struct SignatureVerifier: Sendable {
    /// The trusted keys, in the order they were configured.
    let keys: [VerificationKey]
    /// Whether RSA-SHA1 and SHA-1 digests are accepted.
    let allowSHA1: Bool
    /// Whether RSA keys under 2048 bits are accepted.
    let allowWeakKeys: Bool
    /// The validation time, to warn about a configured certificate that has expired (pinned
    /// keys are trusted whatever their certificate's dates, as SAML deployments expect).
    var now: Date

    /// Verifies `signatureElement`, an immediate child of `signed`.
    /// - Parameters:
    ///   - signatureElement: The `ds:Signature` element.
    ///   - signed: The element it must sign (its parent: the Response or the Assertion).
    ///   - location: Where the signature sits, for messages ("the Response").
    /// - Returns: Warnings about accepted-but-weak choices (SHA-1, short RSA key).
    /// - Throws: `SAMLError` with a `signature.*` code.
    func verify(_ signatureElement: XMLTree.Element, signing signed: XMLTree.Element,
                location: String) throws(SAMLError) -> [String] {
        guard let parent = signatureElement.parent, parent.isSameNode(as: signed) else {
            throw SAMLError(.signatureWrapping,
                "A signature for \(location) is not an immediate child of it. A signature counts only for the element it sits in; the response is rejected as a possible XML signature wrapping attack.")
        }
        let signature = try XMLSignature(element: signatureElement, allowSHA1: allowSHA1, location: location)
        guard let id = signed.attribute("ID"), !id.isEmpty else {
            throw SAMLError(.signatureMalformed,
                "\(location.prefix(1).uppercased() + location.dropFirst()) is signed but has no ID attribute for the signature to refer to. The response does not follow SAML 2.0; check the IdP.")
        }
        guard signature.referenceURI.isExactly("#" + id) else {
            throw SAMLError(.signatureWrapping,
                "The signature inside \(location) refers to '\(signature.referenceURI.forMessage)', but \(location)'s ID is '\(id.forMessage)'. A signature counts only for the element it sits in, so this is the shape of an XML signature wrapping attack; the response is rejected.")
        }

        // Reference: exclusive c14n of the element without its enveloped signature. A "#id"
        // reference never includes comments, whatever the transform's variant.
        guard let digest = signature.digestAlgorithm.digestOfCanonicalForm(
            of: signed, excluding: signatureElement, inclusivePrefixes: signature.referenceInclusivePrefixes) else {
            throw SAMLError(.signatureMalformed,
                "\(location.prefix(1).uppercased() + location.dropFirst()) could not be canonicalized for its digest. The document is unusual in a way libxml2 refuses; check the IdP.")
        }
        guard digest == signature.digestValue else {
            throw SAMLError(.signatureDigestMismatch,
                "The content of \(location) does not match the digest in its signature: it was changed after the IdP signed it (or re-serialized by something on the way). Send the response exactly as the IdP posted it.")
        }

        // SignedInfo is hashed once with the signature method's digest; each key then verifies
        // that digest (the same check as hashing and verifying in one step).
        guard let signedInfoDigest = signature.algorithm.digest.digestOfCanonicalForm(
            of: signature.signedInfo, excluding: nil, withComments: signature.signedInfoWithComments,
            inclusivePrefixes: signature.signedInfoInclusivePrefixes) else {
            throw SAMLError(.signatureMalformed,
                "The SignedInfo of the signature of \(location) could not be canonicalized. Check the IdP.")
        }

        var warnings: [String] = []
        if signature.algorithm.digest == .sha1 || signature.digestAlgorithm == .sha1 {
            warnings.append("The signature of \(location) uses SHA-1, which is accepted only because SHA-1 is explicitly allowed. Set the IdP's signature and digest algorithms to SHA-256.")
        }
        let candidates = keys.filter { $0.kind == signature.algorithm.keyKind }
        // Strong keys first: a weak key is tried only to tell "weak key" from "wrong key".
        for key in candidates where !key.isWeak {
            if key.verifies(signature.signatureValue, overDigest: signedInfoDigest, digest: signature.algorithm.digest) {
                return warnings + expiryWarning(key)
            }
        }
        for key in candidates where key.isWeak {
            if key.verifies(signature.signatureValue, overDigest: signedInfoDigest, digest: signature.algorithm.digest) {
                guard allowWeakKeys else {
                    throw SAMLError(.signatureWeakKey,
                        "The signature of \(location) verifies with a configured \(key.bits)-bit RSA key, but RSA keys under 2048 bits are refused because they can be factored. Have the IdP generate a 2048-bit (or longer) signing certificate, or allow weak keys explicitly.",
                        details: [.trustedCertificateFingerprints: key.fingerprint, .trustedCertificateSubjects: key.subject,
                                  .signatureAlgorithm: signature.algorithm.uri])
                }
                warnings.append("The signature of \(location) was made with a \(key.bits)-bit RSA key, accepted only because weak keys are explicitly allowed. Have the IdP rotate to a 2048-bit signing certificate.")
                return warnings + expiryWarning(key)
            }
        }

        let configured = Set(keys.map { [UInt8]($0.certificate.der) })
        if let foreign = signature.keyInfoCertificates.first(where: { !configured.contains($0) }) {
            let fingerprint = DigestAlgorithm.sha256.digest(foreign)
                .map { $0.map { String(format: "%02X", $0) }.joined(separator: ":") } ?? "unknown"
            throw SAMLError(.signatureUntrustedKey,
                "The signature of \(location) was made with a certificate that is not configured (SHA-256 fingerprint \(fingerprint)). If the IdP rotated its signing certificate, add the new certificate to the connection; otherwise the response is forged.",
                details: keyDetails(signature))
        }
        if candidates.isEmpty {
            throw SAMLError(.signatureUntrustedKey,
                "The signature of \(location) uses \(signature.algorithm.name), but no configured certificate holds a key of that type. Add the IdP's current signing certificate to the connection.",
                details: keyDetails(signature))
        }
        throw SAMLError(.signatureInvalid,
            "The signature of \(location) does not verify with any configured certificate. If the IdP rotated its signing certificate, add the new one to the connection; otherwise the response was forged or altered.",
            details: keyDetails(signature))
    }

    /// What a failed key check reports: the configured certificates, the signature method,
    /// and — read from `KeyInfo` for the admin's information only, never to verify — the
    /// certificate the IdP says it signed with, and whether it looks like a rotation of a
    /// configured one (same subject, later `notBefore`).
    private func keyDetails(_ signature: XMLSignature) -> [SAMLError.DetailKey: String?] {
        var details: [SAMLError.DetailKey: String?] = [
            .trustedCertificateFingerprints: keys.map(\.fingerprint).joined(separator: ", "),
            .trustedCertificateSubjects: keys.map(\.subject).joined(separator: "; "),
            .signatureAlgorithm: signature.algorithm.uri,
        ]
        let configured = Set(keys.map { [UInt8]($0.certificate.der) })
        let shown = signature.keyInfoCertificates
        guard let observed = shown.first(where: { !configured.contains($0) }) ?? shown.first else { return details }
        let der = Data(observed)
        details[.observedCertificateFingerprint] = Certificate.fingerprint(der, EVP_sha256())
        guard let certificate = try? Certificate(der: der) else { return details }
        let info = certificate.info
        details[.observedCertificateSubject] = info.subject
        details[.observedCertificateNotBefore] = info.notBefore.formatted(.iso8601)
        let rotated = !configured.contains(observed)
            && keys.contains { $0.subject == info.subject && $0.notBefore < info.notBefore }
        details[.rotationSuspected] = rotated ? "true" : "false"
        return details
    }

    /// A warning when the certificate of `key` has expired: the signature is still trusted
    /// (the key is pinned), but IdPs rotate around expiry, so the connection needs attention.
    private func expiryWarning(_ key: VerificationKey) -> [String] {
        guard key.notAfter < now else { return [] }
        return ["The configured IdP signing certificate (SHA-256 \(key.fingerprint)) expired on \(key.notAfter.formatted(.iso8601)). Its key still verifies the response, but the IdP may rotate to a new certificate at any time; add the IdP's current certificate to the connection."]
    }
}
