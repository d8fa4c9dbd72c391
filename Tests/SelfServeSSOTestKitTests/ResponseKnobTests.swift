import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

@Suite("ResponseOptions: each knob produces exactly the expected validator error")
struct ResponseKnobTests {
    static let now = TestKitFixtures.now

    struct Knob: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var expected: SAMLError.Code
        var options: @Sendable () throws -> ResponseOptions
        /// The key the IdP signs with by default.
        var idpKey: @Sendable () throws -> TestSigningKey = { try TestKitFixtures.KeyKind.rsa.key() }

        init(_ description: String, _ expected: SAMLError.Code, options: @escaping @Sendable () throws -> ResponseOptions,
             idpKey: (@Sendable () throws -> TestSigningKey)? = nil) {
            testDescription = description
            self.expected = expected
            self.options = options
            if let idpKey { self.idpKey = idpKey }
        }

        init(_ description: String, _ expected: SAMLError.Code, _ options: ResponseOptions) {
            self.init(description, expected, options: { options })
        }
    }

    static func attacker() throws -> TestSigningKey { try #require(TestKitFixtures.attackerKey) }

    static let knobs: [Knob] = [
        Knob("unsigned", .signatureMissing, ResponseOptions(signing: .none)),
        Knob("signed by another key, its certificate in KeyInfo", .signatureUntrustedKey,
             options: { ResponseOptions(signingKey: try attacker()) }),
        Knob("signed by another key, the rotated certificate in KeyInfo", .signatureUntrustedKey,
             options: { ResponseOptions(signingKey: try attacker(), keyInfo: .certificate(try #require(TestKitFixtures.rotatedKey).certificate)) }),
        Knob("response signed by another key", .signatureUntrustedKey,
             options: { ResponseOptions(signing: .response, signingKey: try attacker()) }),
        Knob("signed by another key, no KeyInfo", .signatureInvalid,
             options: { ResponseOptions(signingKey: try attacker(), keyInfo: .omitted) }),
        Knob("signed by another key, KeyInfo lying with the trusted certificate", .signatureInvalid,
             options: { ResponseOptions(signingKey: try attacker(), keyInfo: .certificate(try TestKitFixtures.KeyKind.rsa.key().certificate)) }),
        Knob("ECDSA IdP, signed by an RSA key", .signatureUntrustedKey,
             options: { ResponseOptions(signingKey: try attacker(), keyInfo: .omitted) },
             idpKey: { try TestKitFixtures.KeyKind.ecdsa.key() }),
        Knob("NameID changed after assertion signing", .signatureDigestMismatch,
             ResponseOptions(tampering: .modifyNameID(to: "mallory@example.com"))),
        Knob("NameID changed after response signing", .signatureDigestMismatch,
             ResponseOptions(signing: .response, tampering: .modifyNameID(to: "mallory@example.com"))),
        Knob("NameID changed after both signings", .signatureDigestMismatch,
             ResponseOptions(signing: .both, tampering: .modifyNameID(to: "mallory@example.com"))),
        Knob("assertion signature value corrupted", .signatureInvalid, ResponseOptions(tampering: .corruptSignatureValue)),
        Knob("response signature value corrupted", .signatureInvalid,
             ResponseOptions(signing: .response, tampering: .corruptSignatureValue)),
        Knob("outer signature value corrupted (both signed)", .signatureInvalid,
             ResponseOptions(signing: .both, tampering: .corruptSignatureValue)),
        Knob("ECDSA signature value corrupted", .signatureInvalid,
             options: { ResponseOptions(tampering: .corruptSignatureValue) },
             idpKey: { try TestKitFixtures.KeyKind.ecdsa.key() }),
        Knob("IdP signs with an RSA-1024 key", .signatureWeakKey,
             options: { ResponseOptions() }, idpKey: { try #require(TestKitFixtures.weakKey) }),
        Knob("another audience", .conditionsAudienceMismatch, ResponseOptions(audience: "https://other-app.example.test")),
        Knob("another recipient", .subjectConfirmationRecipientMismatch, ResponseOptions(recipient: "https://other-app.example.test/acs")),
        Knob("another Destination", .responseDestinationMismatch, ResponseOptions(destination: "https://other-app.example.test/acs")),
        Knob("another Response issuer", .responseIssuerMismatch, ResponseOptions(responseIssuer: "https://evil.example.test")),
        Knob("another Assertion issuer", .responseIssuerMismatch, ResponseOptions(assertionIssuer: "https://evil.example.test")),
        Knob("answers another request", .responseInResponseToMismatch, ResponseOptions(inResponseTo: .value("_another-request"))),
        Knob("answers no request", .responseInResponseToMismatch, ResponseOptions(inResponseTo: .omitted)),
        Knob("NotBefore 10 minutes ahead", .conditionsNotYetValid, ResponseOptions(notBeforeOffset: 600)),
        Knob("NotOnOrAfter 5 minutes ago", .conditionsExpired, ResponseOptions(notOnOrAfterOffset: -300)),
        Knob("bearer confirmation expired 5 minutes ago", .subjectConfirmationExpired,
             ResponseOptions(subjectConfirmationNotOnOrAfterOffset: -300)),
        Knob("bearer confirmation without NotOnOrAfter", .subjectConfirmationExpired,
             ResponseOptions(subjectConfirmationNotOnOrAfterOffset: nil)),
        Knob("no AuthnStatement", .assertionAuthnStatementMissing, ResponseOptions(includeAuthnStatement: false)),
        Knob("status Responder", .responseStatus,
             ResponseOptions(status: .init(code: "urn:oasis:names:tc:SAML:2.0:status:Responder"))),
        Knob("no NameID", .assertionNameIDMissing, ResponseOptions(omitNameID: true)),
        Knob("a second, unsigned assertion", .assertionCount,
             ResponseOptions(assertions: .withUnsignedCopy(nameID: "mallory@example.com"))),
        Knob("a second assertion beside a signed response", .assertionCount,
             ResponseOptions(signing: .response, assertions: .withUnsignedCopy(nameID: "mallory@example.com"))),
        Knob("an EncryptedAssertion", .assertionEncryptedUnsupported, ResponseOptions(assertions: .encryptedPlaceholder)),
    ]

    @Test("Knob", arguments: knobs)
    func knob(_ knob: Knob) throws {
        let idp = TestIdentityProvider(signingKey: try knob.idpKey())
        let request = try TestKitFixtures.request(to: idp)
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: try knob.options())
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
        #expect(TestKitFixtures.code(response, validator) == knob.expected)
    }

    @Test("Each time offset is just inside the clock skew: the same responses validate")
    func offsetsWithinSkew() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
        for options in [ResponseOptions(notBeforeOffset: 110), ResponseOptions(notOnOrAfterOffset: -110),
                        ResponseOptions(subjectConfirmationNotOnOrAfterOffset: -110),
                        ResponseOptions(notBeforeOffset: nil, notOnOrAfterOffset: nil)] {
            let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: options)
            #expect(TestKitFixtures.code(response, validator) == nil)
        }
    }

    @Test("A failed status carries its codes and message and no assertion")
    func failedStatus() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let status = ResponseOptions.Status(code: "urn:oasis:names:tc:SAML:2.0:status:Responder",
                                            secondLevelCode: "urn:oasis:names:tc:SAML:2.0:status:RequestDenied",
                                            message: "User is not assigned to this application")
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now,
                                        options: ResponseOptions(signing: .both, status: status))
        #expect(response.assertionID == nil)
        #expect(!response.xml.contains("<saml:Assertion"))
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
        let error = #expect(throws: SAMLError.self) { try validator.validate(Data(response.samlResponse.utf8)) }
        #expect(error?.code == .responseStatus)
        #expect(error?.message.contains("RequestDenied") == true)
        #expect(error?.message.contains("User is not assigned to this application") == true)
    }

    @Test("The NameID tampering really changes the NameID, after the signature was made")
    func tamperingChangesNameID() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now,
                                        options: ResponseOptions(tampering: .modifyNameID(to: "mallory@example.com")))
        #expect(response.xml.contains(">mallory@example.com</saml:NameID>"))
        #expect(!response.xml.contains(">alice@example.com</saml:NameID>"))
    }

    struct Contradiction: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var options: ResponseOptions
    }

    @Test("Contradictory options are refused", arguments: [
        Contradiction(testDescription: "corrupt an unsigned response", options: ResponseOptions(signing: .none, tampering: .corruptSignatureValue)),
        Contradiction(testDescription: "change an omitted NameID", options: ResponseOptions(tampering: .modifyNameID(to: "x"), omitNameID: true)),
        Contradiction(testDescription: "change the NameID of an encrypted assertion", options: ResponseOptions(tampering: .modifyNameID(to: "x"), assertions: .encryptedPlaceholder)),
        Contradiction(testDescription: "the same ID twice", options: ResponseOptions(responseID: "_same", assertionID: "_same")),
        Contradiction(testDescription: "an empty ID", options: ResponseOptions(responseID: "")),
    ])
    func contradictions(_ contradiction: Contradiction) throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let error = #expect(throws: TestIdentityProviderError.self) {
            try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: contradiction.options)
        }
        #expect(error?.code == .responseInvalidOptions)
    }
}
