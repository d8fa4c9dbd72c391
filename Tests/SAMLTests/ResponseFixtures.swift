import Foundation
@testable import SAML

/// Shared access to the generated fixtures for the signature, response, replay and fuzz suites.
enum ResponseFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/responses")

    static let idp = "https://idp.example.test/saml/metadata"
    static let sp = "https://app.example.test/saml/metadata"
    static let acs = "https://app.example.test/saml/acs"
    static let requestID = "_req-5d9a0c2b7e4f4a19b6b1c0ffee000001"
    static let now = XMLDateTime.parse("2026-03-01T12:00:00.000Z")!

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func certificates(_ names: [String] = ["rsa2048.pem"]) throws -> [Certificate] {
        var result: [Certificate] = []
        for name in names { result += try Certificate.parseAll(try text(name)) }
        return result
    }

    static func options(certificates names: [String] = ["rsa2048.pem"],
                        requestID: String? = ResponseFixtures.requestID) throws -> ResponseValidationOptions {
        ResponseValidationOptions(trustedCertificates: try certificates(names), identityProviderEntityID: idp,
                                  serviceProviderEntityID: sp, assertionConsumerServiceURL: acs,
                                  expectedRequestID: requestID, now: now)
    }

    static func validator() throws -> ResponseValidator {
        try ResponseValidator(options: try options())
    }

    /// Validates `xml` and returns the error code, or nil when it was accepted.
    static func code(_ xml: String, validator: ResponseValidator) -> SAMLError.Code? {
        do {
            _ = try validator.validate(Data(xml.utf8))
            return nil
        } catch {
            return error.code
        }
    }
}
