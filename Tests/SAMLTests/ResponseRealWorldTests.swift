import Foundation
import Testing
@testable import SAML

/// Real responses from the test suites of other SAML implementations (see
/// `Fixtures/real/ORIGIN.md`), with the parameters their sources use.
@Suite struct ResponseRealWorldTests {
    struct RealCase: Decodable, CustomTestStringConvertible, Sendable {
        var id: String
        var file: String
        var certificate: String
        var idpEntityID: String
        var spEntityID: String
        var acsURL: String
        var requestID: String?
        var now: String
        var allowSHA1: Bool
        var allowWeakKeys: Bool
        var valid: Bool
        var nameID: String?
        var code: String?
        var deviation: String
        var testDescription: String { id }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real")

    static let cases: [RealCase] = {
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent("cases.json"))
            return try JSONDecoder().decode([RealCase].self, from: data)
        } catch {
            Issue.record("Fixtures/real/cases.json unreadable: \(error)")
            return []
        }
    }()

    static func validator(for testCase: RealCase, now: String? = nil) throws -> ResponseValidator {
        let certificates = try Certificate.parseAll(data: try Data(contentsOf: directory.appendingPathComponent(testCase.certificate)))
        let options = ResponseValidationOptions(
            trustedCertificates: certificates, identityProviderEntityID: testCase.idpEntityID,
            serviceProviderEntityID: testCase.spEntityID, assertionConsumerServiceURL: testCase.acsURL,
            expectedRequestID: testCase.requestID, now: try #require(XMLDateTime.parse(now ?? testCase.now)),
            allowSHA1: testCase.allowSHA1, allowWeakKeys: testCase.allowWeakKeys)
        return try ResponseValidator(options: options)
    }

    @Test(arguments: cases)
    func validatesAsExpected(_ testCase: RealCase) throws {
        let input = try Data(contentsOf: Self.directory.appendingPathComponent(testCase.file))
        let validator = try Self.validator(for: testCase)
        do {
            let assertion = try validator.validate(input)
            #expect(testCase.valid, "accepted as \(assertion.nameID); expected \(testCase.code ?? "rejection")")
            if let nameID = testCase.nameID { #expect(assertion.nameID == nameID) }
            #expect(!assertion.nameID.isEmpty)
        } catch {
            #expect(!testCase.valid, "rejected: \(error)")
            #expect(error.code.rawValue == testCase.code, "\(error)")
        }
    }

    /// `/work/shared/checks/cli-contract` runs these through `sso response verify` with
    /// `--allow-sha1 --allow-weak-keys` and no `--request-id`.
    @Test(arguments: [("olgn09_response_01.b64", true), ("olgn09_response_11.b64", false)])
    func commandLineContractCases(_ file: String, _ valid: Bool) throws {
        let folder = Self.directory.appendingPathComponent("russellhaering+gosaml2/providertests/testdata/onelogin")
        let certificates = try Certificate.parseAll(data: try Data(contentsOf: folder.appendingPathComponent("idp.signing.cert")))
        let options = ResponseValidationOptions(
            trustedCertificates: certificates, identityProviderEntityID: "https://saml.idp.nope/h9gkjzvb3e",
            serviceProviderEntityID: "https://saml.sp.nope/session/sso/saml/spentityid/rq5jwkvb8z",
            assertionConsumerServiceURL: "https://saml.sp.nope/session/sso/saml/acs/rq5jwkvb8z",
            expectedRequestID: nil, now: try #require(XMLDateTime.parse("2017-08-30T23:14:41.379Z")),
            allowSHA1: true, allowWeakKeys: true)
        let input = try Data(contentsOf: folder.appendingPathComponent(file))
        let validator = try ResponseValidator(options: options)
        do {
            let assertion = try validator.validate(input)
            #expect(valid)
            #expect(assertion.signedElements == [.response])
            #expect(!assertion.nameID.isEmpty)
        } catch {
            #expect(!valid, "\(error)")
            #expect(error.code == .signatureDigestMismatch)
        }
    }

    /// ruby-saml's CVE-2017-11428 file: the policy refuses it (its Recipient is the literal
    /// "recipient"), so its point is checked here: the signature covers the NameID with the
    /// comment, and the NameID reads in full from the verified element.
    /// The AuthnStatement's details of a real Oracle Access Manager response (gosaml2's test
    /// data): when the user signed in, when the session must end, and how.
    @Test func authnStatementDetailsAreRead() throws {
        let testCase = try #require(Self.cases.first { $0.id == "V-gosaml2-oam" })
        let input = try Data(contentsOf: Self.directory.appendingPathComponent(testCase.file))
        let assertion = try Self.validator(for: testCase).validate(input)
        #expect(assertion.authnInstant == XMLDateTime.parse("2016-12-12T16:54:10Z"))
        #expect(assertion.sessionNotOnOrAfter == XMLDateTime.parse("2016-12-12T17:54:35Z"))
        #expect(assertion.authnContextClassRef == "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
    }

    @Test func commentInsideNameIDReadsInFull() throws {
        let testCase = try #require(Self.cases.first { $0.id == "V-rubysaml-comment-nameid" })
        let text = try String(contentsOf: Self.directory.appendingPathComponent(testCase.file), encoding: .utf8)
        let xml = Data(try #require(Base64Text.decode(text)))
        let tree = try XMLTree(bytes: xml)
        let signature = try #require(tree.root.firstChild("Signature", XMLNamespace.xmlDSig))
        let certificates = try Certificate.parseAll(data: try Data(contentsOf: Self.directory.appendingPathComponent(testCase.certificate)))
        let verifier = SignatureVerifier(keys: try certificates.map(VerificationKey.init), allowSHA1: true, allowWeakKeys: true, now: Date(timeIntervalSince1970: 0))
        _ = try verifier.verify(signature, signing: tree.root, location: "the Response")
        let nameID = try #require(tree.root.firstChild("Assertion", XMLNamespace.samlAssertion)?
            .firstChild("Subject", XMLNamespace.samlAssertion)?.firstChild("NameID", XMLNamespace.samlAssertion))
        #expect(nameID.textContent == "test@onelogin.com")
    }

    /// node-saml's certificate expired in 2015 and its response is from 2020: still trusted
    /// (pinned keys), with a warning to update the connection.
    @Test func expiredPinnedCertificateVerifiesWithAWarning() throws {
        let testCase = try #require(Self.cases.first { $0.id == "V-nodesaml-both-signed" })
        let input = try Data(contentsOf: Self.directory.appendingPathComponent(testCase.file))
        let assertion = try Self.validator(for: testCase).validate(input)
        #expect(assertion.warnings.contains { $0.contains("expired on 2015") })
    }

    @Test func realCorpusIsPresent() {
        #expect(Self.cases.count >= 70)
        #expect(Self.cases.filter(\.valid).count >= 20)
    }
}
