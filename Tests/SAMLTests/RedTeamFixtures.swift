import Foundation
@testable import SAML

/// The red-team suites' material: documents signed by `Fixtures/redteam/generate.py` (signxml
/// and a hand-assembled signer on lxml + pyca/cryptography) with the key of `idp.pem`, and
/// text surgery on them for attacks that need no signature of their own.
enum RedTeam {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/redteam")
    static let assertionID = "_redteam-assertion"
    static let responseID = "_redteam-response"
    static let attackerNameID = "attacker@evil.test"

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func options(certificates: [String] = ["idp.pem"],
                        requestID: String? = ResponseFixtures.requestID) throws -> ResponseValidationOptions {
        var trusted: [Certificate] = []
        for name in certificates { trusted += try Certificate.parseAll(try text(name)) }
        return ResponseValidationOptions(trustedCertificates: trusted, identityProviderEntityID: ResponseFixtures.idp,
                                         serviceProviderEntityID: ResponseFixtures.sp,
                                         assertionConsumerServiceURL: ResponseFixtures.acs,
                                         expectedRequestID: requestID, now: ResponseFixtures.now)
    }

    static func validator(_ change: (inout ResponseValidationOptions) -> Void = { _ in }) throws -> ResponseValidator {
        var options = try options()
        change(&options)
        return try ResponseValidator(options: options)
    }

    /// The outcome of validating `xml`: the assertion, or the error.
    static func outcome(_ xml: String, _ validator: ResponseValidator) -> Result<ValidatedAssertion, SAMLError> {
        Result { () throws(SAMLError) in try validator.validate(Data(xml.utf8)) }
    }

    static func code(_ xml: String, _ validator: ResponseValidator) -> SAMLError.Code? {
        if case .failure(let error) = outcome(xml, validator) { return error.code }
        return nil
    }

    /// The `saml:Assertion` element's text (with its signature) inside `response`.
    static func assertionElement(of response: String) -> String {
        guard let start = response.range(of: "<saml:Assertion "),
              let end = response.range(of: "</saml:Assertion>", options: .backwards) else { return "" }
        return String(response[start.lowerBound..<end.upperBound])
    }

    /// An attacker's copy of the signed assertion: another ID, another NameID, no signature.
    static func forgedAssertion(from response: String, id: String = "_forged") -> String {
        var forged = assertionElement(of: response)
        if let start = forged.range(of: "<ds:Signature"), let end = forged.range(of: "</ds:Signature>") {
            forged.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return forged.replacingOccurrences(of: "ID=\"\(assertionID)\"", with: "ID=\"\(id)\"")
            .replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">\(attackerNameID)</saml:NameID>")
    }

    /// A fixture no longer contains the text a test operates on (regenerated differently).
    struct FixtureDrift: Error, CustomStringConvertible {
        let missing: String
        var description: String { "the fixture no longer contains \(missing)" }
    }

    /// `text` with its first occurrence of `target` replaced.
    static func replacing(_ target: String, with replacement: String, in text: String) throws -> String {
        guard let range = text.range(of: target) else { throw FixtureDrift(missing: target) }
        return text.replacingCharacters(in: range, with: replacement)
    }
}
