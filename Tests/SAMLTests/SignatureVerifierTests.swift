import Foundation
import Testing
@testable import SAML

@Suite struct SignatureVerifierTests {
    let both: String
    let validator: ResponseValidator

    init() throws {
        both = try ResponseFixtures.text("both-signed.xml")
        validator = try ResponseFixtures.validator()
    }

    private func code(_ xml: String) -> SAMLError.Code? { ResponseFixtures.code(xml, validator: validator) }

    /// Replaces the first occurrence only, so that only the Response's signature changes.
    private func replacingFirst(_ target: String, with replacement: String) throws -> String {
        let range = try #require(both.range(of: target))
        return both.replacingCharacters(in: range, with: replacement)
    }

    /// The first text from `start` through `end`.
    private func section(from start: String, to end: String) throws -> String {
        let lower = try #require(both.range(of: start)).lowerBound
        let upper = try #require(both[lower...].range(of: end)).upperBound
        return String(both[lower..<upper])
    }

    @Test func verifiesTheResponseSignatureDirectly() throws {
        let tree = try XMLTree(bytes: Data(both.utf8))
        let signature = try #require(tree.root.firstChild("Signature", XMLNamespace.xmlDSig))
        let verifier = SignatureVerifier(keys: try ResponseFixtures.certificates().map(VerificationKey.init),
                                         allowSHA1: false, allowWeakKeys: false, now: ResponseFixtures.now)
        #expect(try verifier.verify(signature, signing: tree.root, location: "the Response").isEmpty)
        // The same signature does not count for another element, even one that contains it.
        let assertion = try #require(tree.root.firstChild("Assertion", XMLNamespace.samlAssertion))
        #expect(throws: SAMLError.self) { try verifier.verify(signature, signing: assertion, location: "the Assertion") }
    }

    @Test func acceptsTheUnmodifiedFixture() {
        #expect(code(both) == nil)
    }

    @Test func emptyReferenceURIIsWrapping() throws {
        let modified = try replacingFirst(##"<ds:Reference URI="#_r"##, with: ##"<ds:Reference URI="" Type="_r"##)
        #expect(code(modified) == .signatureWrapping)
    }

    @Test func hmacIsRefused() throws {
        let modified = try replacingFirst("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                                          with: "http://www.w3.org/2000/09/xmldsig#hmac-sha1")
        #expect(code(modified) == .signatureUnsupportedAlgorithm)
    }

    @Test func inclusiveCanonicalizationIsRefused() throws {
        let modified = try replacingFirst(#"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
                                          with: #"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>"#)
        #expect(code(modified) == .signatureUnsupportedAlgorithm)
    }

    @Test func xpathTransformIsRefused() throws {
        let modified = try replacingFirst(#"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
                                          with: #"<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/>"#)
        #expect(code(modified) == .signatureUnsupportedAlgorithm)
    }

    @Test func missingEnvelopedTransformIsRefused() throws {
        let modified = try replacingFirst(#"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"#,
                                          with: "")
        #expect(code(modified) == .signatureUnsupportedAlgorithm)
    }

    @Test func secondSignedInfoIsMalformed() throws {
        let signedInfo = try section(from: "<ds:SignedInfo>", to: "</ds:SignedInfo>")
        let modified = try replacingFirst(signedInfo, with: signedInfo + signedInfo)
        #expect(code(modified) == .signatureMalformed)
    }

    @Test func twoReferencesAreMalformed() throws {
        let reference = try section(from: "<ds:Reference ", to: "</ds:Reference>")
        let modified = try replacingFirst(reference, with: reference + reference)
        #expect(code(modified) == .signatureMalformed)
    }

    @Test func digestValueCommentDoesNotCount() throws {
        // The digest is read from the text only (xml-crypto CVE-2025-29775 class).
        let modified = try replacingFirst("<ds:DigestValue>", with: "<ds:DigestValue><!-- AAAA -->")
        #expect(code(modified) == nil)
        let garbage = try replacingFirst("<ds:DigestValue>", with: "<ds:DigestValue>!!")
        #expect(code(garbage) == .signatureMalformed)
    }

    @Test func signatureValueWhitespaceIsTolerated() throws {
        let modified = try replacingFirst("<ds:SignatureValue>", with: "<ds:SignatureValue>\n  ")
        #expect(code(modified) == nil)
    }

    @Test func truncatedECDSASignatureDoesNotVerify() throws {
        let xml = try ResponseFixtures.text("ecdsa-p256.xml")
        let ecdsa = try ResponseValidator(options: try ResponseFixtures.options(certificates: ["ecdsa-p256.pem"]))
        #expect(ResponseFixtures.code(xml, validator: ecdsa) == nil)
        let start = try #require(xml.range(of: "<ds:SignatureValue>"))
        let modified = xml.replacingCharacters(in: start.upperBound..<xml.index(start.upperBound, offsetBy: 4), with: "")
        #expect(ResponseFixtures.code(modified, validator: ecdsa) == .signatureInvalid)
    }

    @Test func keyInfoIsNeverTrusted() throws {
        // The attacker's certificate sits in KeyInfo; only configured keys count.
        let xml = try ResponseFixtures.text("other-key.xml")
        do {
            _ = try validator.validate(Data(xml.utf8))
            Issue.record("accepted a response signed by an unconfigured key")
        } catch {
            #expect(error.code == .signatureUntrustedKey)
            #expect(error.message.contains("SHA-256 fingerprint"))
        }
    }

    @Test func algorithmURIsMapToDigests() {
        #expect(SignatureAlgorithm(uri: "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384")?.digest == .sha384)
        #expect(SignatureAlgorithm(uri: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512")?.keyKind == .rsa)
        #expect(SignatureAlgorithm(uri: "http://www.w3.org/2000/09/xmldsig#hmac-sha1") == nil)
        #expect(DigestAlgorithm(uri: "http://www.w3.org/2001/04/xmlenc#sha256")?.digest(Array("abc".utf8))?.count == 32)
    }
}
