import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

@Suite("TestIdentityProvider: default responses pass the real ResponseValidator")
struct ValidResponseTests {
    static let now = TestKitFixtures.now
    static let signed: [ResponseOptions.Signing] = [.assertion, .response, .both]

    @Test("Every signing choice with either key type validates and yields the user", arguments: TestKitFixtures.KeyKind.allCases, signed)
    func validates(kind: TestKitFixtures.KeyKind, signing: ResponseOptions.Signing) throws {
        let idp = try TestKitFixtures.idp(kind)
        let request = try TestKitFixtures.request(to: idp)
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now,
                                        options: ResponseOptions(signing: signing))
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
        let assertion = try validator.validate(Data(response.samlResponse.utf8))

        let expectedSigned: [SignedElement] = switch signing {
        case .assertion: [.assertion]
        case .response: [.response]
        default: [.response, .assertion]
        }
        #expect(assertion.signedElements == expectedSigned)
        #expect(assertion.nameID == "alice@example.com")
        #expect(assertion.nameIDFormat == TestKitFixtures.emailFormat)
        #expect(assertion.issuer == idp.entityID)
        #expect(assertion.assertionID == response.assertionID)
        #expect(assertion.inResponseTo == request.id)
        #expect(assertion.attributes == [
            "email": ["alice@example.com"], "firstName": ["Alice"], "lastName": ["Liddell"],
            "groups": ["admins", "engineering"],
        ])
        #expect(assertion.authnContextClassRef == ResponseOptions.passwordProtectedTransport)
        #expect(assertion.authnInstant == Self.now)
        #expect(assertion.sessionNotOnOrAfter == nil)
        #expect(assertion.notOnOrAfter == Self.now.addingTimeInterval(300))
        #expect(assertion.warnings.isEmpty)
    }

    @Test("The SAMLResponse value is the base64 of the XML, and the form body carries it with the RelayState")
    func encodings() throws {
        let idp = try TestKitFixtures.idp()
        let response = try idp.response(to: try TestKitFixtures.request(to: idp, relayState: "a b+c"), user: TestKitFixtures.alice, now: Self.now)
        #expect(Data(base64Encoded: response.samlResponse) == Data(response.xml.utf8))
        #expect(response.formBody.hasPrefix("SAMLResponse="))
        #expect(response.formBody.hasSuffix("&RelayState=a%20b%2Bc"))
        #expect(!response.formBody.dropFirst("SAMLResponse=".count).contains("+"))
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: nil)
        #expect(throws: Never.self) { try validator.validate(Data(response.xml.utf8)) }
    }

    @Test("SessionNotOnOrAfter, AuthnContextClassRef and IssueInstant follow the options")
    func sessionAndContext() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let mfa = "urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor"
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: ResponseOptions(
            issueInstantOffset: -30, sessionNotOnOrAfterOffset: 8 * 3600, authnContextClassRef: mfa))
        let assertion = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
            .validate(Data(response.samlResponse.utf8))
        #expect(assertion.sessionNotOnOrAfter == Self.now.addingTimeInterval(8 * 3600))
        #expect(assertion.authnContextClassRef == mfa)
        #expect(assertion.authnInstant == Self.now.addingTimeInterval(-30))
        #expect(response.xml.contains("IssueInstant=\"2026-03-01T11:59:30.000Z\""))
    }

    @Test("Entra ID-style claim URIs without NameFormat, a custom NameID and escaped values come through intact")
    func entraStyleAttributes() throws {
        let idp = try TestKitFixtures.idp(.ecdsa)
        let request = try TestKitFixtures.request(to: idp)
        let user = TestUser(email: "bob@example.com", firstName: "Bob <\"the builder\">", lastName: "O'Brien & Sons",
                            nameID: "00u1a2b3c4", nameIDFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
                            extraAttributes: ["http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["g1", "]]> & <g2>"]],
                            attributeNames: .entraID)
        let response = try idp.response(to: request, user: user, now: Self.now, options: ResponseOptions(signing: .both))
        let assertion = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
            .validate(Data(response.samlResponse.utf8))
        #expect(assertion.nameID == "00u1a2b3c4")
        #expect(assertion.nameIDFormat == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
        #expect(assertion.attributes == [
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": ["bob@example.com"],
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": ["Bob <\"the builder\">"],
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": ["O'Brien & Sons"],
            "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["g1", "]]> & <g2>"],
        ])
        #expect(!response.xml.contains("NameFormat"))
    }

    @Test("Okta-style attributes carry the unspecified NameFormat; Google-style none")
    func attributeNameFormats() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let okta = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now)
        #expect(okta.xml.contains("<saml:Attribute Name=\"email\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">"))
        var user = TestKitFixtures.alice
        user.attributeNames = .googleWorkspace
        let google = try idp.response(to: request, user: user, now: Self.now)
        #expect(google.xml.contains("<saml:Attribute Name=\"email\"><saml:AttributeValue"))
    }

    @Test("Without the email attribute (and without names) the response still validates; the host must notice")
    func omittedEmail() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let response = try idp.response(to: request, user: TestUser(email: "carol@example.com"), now: Self.now,
                                        options: ResponseOptions(omitEmailAttribute: true))
        let assertion = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
            .validate(Data(response.samlResponse.utf8))
        #expect(assertion.attributes.isEmpty)
        #expect(assertion.nameID == "carol@example.com")
        #expect(!response.xml.contains("AttributeStatement"))
    }

    @Test("An IdP-initiated response answers no request and validates when none is expected")
    func idpInitiated() throws {
        let idp = try TestKitFixtures.idp()
        let response = try idp.response(acsURL: TestKitFixtures.acsURL, audience: TestKitFixtures.spEntityID,
                                        user: TestKitFixtures.alice, now: Self.now, relayState: "rs")
        #expect(!response.xml.contains("InResponseTo"))
        #expect(response.relayState == "rs")
        let assertion = try TestKitFixtures.validator(for: idp, expectedRequestID: nil).validate(Data(response.samlResponse.utf8))
        #expect(assertion.inResponseTo == nil)
        let expecting = try TestKitFixtures.validator(for: idp, expectedRequestID: "_some-request")
        #expect(TestKitFixtures.code(response, expecting) == .responseInResponseToMismatch)
    }

    @Test("After a rotation: trusting only the old certificate fails as untrusted, trusting both succeeds")
    func rotation() throws {
        var idp = try TestKitFixtures.idp()
        let old = idp.signingKey.certificate
        idp.signingKey = try #require(TestKitFixtures.rotatedKey)
        let request = try TestKitFixtures.request(to: idp)
        let response = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now)
        let oldOnly = try TestKitFixtures.validator(for: idp, trusting: [old], expectedRequestID: request.id)
        #expect(TestKitFixtures.code(response, oldOnly) == .signatureUntrustedKey)
        let both = try TestKitFixtures.validator(for: idp, trusting: [old, idp.signingKey.certificate], expectedRequestID: request.id)
        #expect(TestKitFixtures.code(response, both) == nil)
    }

    @Test("A fixed assertion ID posted twice is caught by the replay cache")
    func replay() async throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let options = ResponseOptions(assertionID: "_fixed-assertion")
        let first = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: options)
        let second = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now, options: options)
        #expect(first.responseID != second.responseID)
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: request.id)
        let cache = InMemoryAssertionReplayCache()
        _ = try await validator.validate(Data(first.samlResponse.utf8), replayCache: cache)
        let error = await #expect(throws: SAMLError.self) {
            try await validator.validate(Data(second.samlResponse.utf8), replayCache: cache)
        }
        #expect(error?.code == .assertionReplayed)
    }

    @Test("Two mintings of the same response differ only in their IDs and signatures")
    func freshIDs() throws {
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let first = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now)
        let second = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now)
        #expect(first.assertionID != second.assertionID)
        #expect(first.responseID != second.responseID)
    }
}
