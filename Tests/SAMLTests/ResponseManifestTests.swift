import Foundation
import Testing
@testable import SAML

/// Runs every case of `Fixtures/responses/manifest.json`, written by
/// `Fixtures/generator/generate.py` with signxml (an independent XML-DSig implementation).
@Suite struct ResponseManifestTests {
    struct Manifest: Decodable {
        struct Options: Decodable {
            var certificates: [String]?
            var idpEntityID: String?
            var spEntityID: String?
            var acsURL: String?
            var requestID: String?
            var idpInitiated: Bool?
            var now: String?
            var clockSkew: Double?
            var allowSHA1: Bool?
            var allowWeakKeys: Bool?
        }
        struct Expected: Decodable {
            var valid: Bool
            var nameID: String?
            var signed: [String]?
            var warnings: Int?
            var code: String?
        }
        struct Case: Decodable, CustomTestStringConvertible {
            var name: String
            var file: String
            var options: Options
            var expected: Expected
            var note: String
            var testDescription: String { name }
        }
        var defaults: Options
        var cases: [Case]
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/responses")

    static let manifest: Manifest = {
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            Issue.record("manifest.json unreadable: \(error)")
            return Manifest(defaults: .init(), cases: [])
        }
    }()

    /// The validation options of a case: the manifest's defaults overridden by the case's.
    static func options(for testCase: Manifest.Case) throws -> ResponseValidationOptions {
        let defaults = manifest.defaults
        let o = testCase.options
        var certificates: [Certificate] = []
        for file in o.certificates ?? defaults.certificates ?? [] {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            certificates += try Certificate.parseAll(text)
        }
        let requestID: String? = o.idpInitiated == true ? nil : (o.requestID ?? defaults.requestID)
        let now = try #require(XMLDateTime.parse(o.now ?? defaults.now ?? ""))
        return ResponseValidationOptions(
            trustedCertificates: certificates,
            identityProviderEntityID: o.idpEntityID ?? defaults.idpEntityID ?? "",
            serviceProviderEntityID: o.spEntityID ?? defaults.spEntityID ?? "",
            assertionConsumerServiceURL: o.acsURL ?? defaults.acsURL ?? "",
            expectedRequestID: requestID, now: now, clockSkew: o.clockSkew ?? defaults.clockSkew ?? 120,
            allowSHA1: o.allowSHA1 ?? defaults.allowSHA1 ?? false,
            allowWeakKeys: o.allowWeakKeys ?? defaults.allowWeakKeys ?? false)
    }

    @Test func manifestHasTheCoveredCases() {
        let names = Set(Self.manifest.cases.map(\.name))
        for required in ["response-signed", "assertion-signed", "both-signed", "sha384", "sha512", "ecdsa-p256",
                         "second-certificate", "idp-initiated", "tampered-content", "tampered-signature", "other-key",
                         "expired", "not-yet-valid", "wrong-audience", "wrong-recipient", "wrong-destination",
                         "wrong-issuer", "wrong-in-response-to", "missing-in-response-to", "status-failure", "unsigned",
                         "sha1", "sha1-allowed", "rsa1024", "rsa1024-allowed", "two-assertions", "xsw1", "xsw2", "xsw3",
                         "xsw4", "xsw5", "xsw6", "xsw7", "xsw8", "duplicate-ids", "doctype-xxe", "billion-laughs",
                         "comment-in-name-id", "encrypted-assertion"] {
            #expect(names.contains(required), "manifest lacks \(required)")
        }
    }

    @Test(arguments: manifest.cases)
    func validatesAsTheManifestSays(_ testCase: Manifest.Case) throws {
        let input = try Data(contentsOf: Self.directory.appendingPathComponent(testCase.file))
        let validator = try ResponseValidator(options: try Self.options(for: testCase))
        do {
            let assertion = try validator.validate(input)
            #expect(testCase.expected.valid, "accepted, but expected \(testCase.expected.code ?? "?")")
            #expect(assertion.nameID == testCase.expected.nameID)
            #expect(assertion.signedElements.map(\.rawValue) == testCase.expected.signed)
            #expect(assertion.warnings.count == testCase.expected.warnings ?? 0, "\(assertion.warnings)")
            #expect(assertion.issuer == Self.manifest.defaults.idpEntityID)
        } catch {
            #expect(!testCase.expected.valid, "rejected: \(error)")
            #expect(error.code.rawValue == testCase.expected.code, "\(error)")
            #expect(error.message.hasSuffix("."), "a message is a sentence: \(error.message)")
        }
    }
}
