import Foundation
import Testing
import SelfServeSSO

/// Runs the README's test sign-in example against a response signed by an independent
/// implementation (signxml; `Tests/SAMLTests/Fixtures/generator/generate.py`).
@Suite struct TestSignInExampleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SAMLTests/Fixtures/responses")

    static func identityProvider() throws -> IdentityProviderSettings {
        let pem = try String(contentsOf: fixtures.appendingPathComponent("rsa2048.pem"), encoding: .utf8)
        return IdentityProviderSettings(
            entityID: "https://idp.example.test/saml/metadata",
            ssoURL: URL(string: "https://idp.example.test/saml/sso")!,
            signingCertificates: try Certificate.parseAll(pem))
    }

    static let sp = ServiceProviderSettings(acsURL: "https://app.example.test/saml/acs",
                                            entityID: "https://app.example.test/saml/metadata")
    static let now = Date(timeIntervalSince1970: 1_772_366_400)  // 2026-03-01T12:00:00Z, inside the fixture's validity

    @Test func startBuildsARedirectToTheIdP() throws {
        let start = try startTestSignIn(idp: Self.identityProvider(), sp: Self.sp, now: Self.now)
        #expect(start.redirect.absoluteString.hasPrefix("https://idp.example.test/saml/sso?SAMLRequest="))
        #expect(start.requestID.count > 32)
    }

    @Test func finishAcceptsTheSignedResponseOnceAndRefusesAReplay() async throws {
        let response = try String(contentsOf: Self.fixtures.appendingPathComponent("both-signed-base64.b64"), encoding: .utf8)
        let cache = InMemoryAssertionReplayCache()
        let identity = try await finishTestSignIn(
            samlResponse: response, idp: Self.identityProvider(), sp: Self.sp,
            requestID: "_req-5d9a0c2b7e4f4a19b6b1c0ffee000001", replayCache: cache, now: Self.now)
        #expect(identity.nameID == "alice@example.com")
        #expect(identity.signedElements == [.response, .assertion])
        do {
            _ = try await finishTestSignIn(
                samlResponse: response, idp: Self.identityProvider(), sp: Self.sp,
                requestID: "_req-5d9a0c2b7e4f4a19b6b1c0ffee000001", replayCache: cache, now: Self.now)
            Issue.record("a replayed response was accepted")
        } catch let error as SAMLError {
            #expect(error.code == .assertionReplayed)
        }
    }

    @Test func finishRefusesAResponseToAnotherRequest() async throws {
        let response = try String(contentsOf: Self.fixtures.appendingPathComponent("both-signed-base64.b64"), encoding: .utf8)
        do {
            _ = try await finishTestSignIn(
                samlResponse: response, idp: Self.identityProvider(), sp: Self.sp,
                requestID: "_another-request", replayCache: InMemoryAssertionReplayCache(), now: Self.now)
            Issue.record("a response to another request was accepted")
        } catch let error as SAMLError {
            #expect(error.code == .responseInResponseToMismatch)
        }
    }
}
