import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing
@testable import SSOCommandLine

/// The whole self-serve flow through the tool, with the test identity provider answering the
/// AuthnRequests the tool prints.
@Suite struct FullFlowTests {
    /// Where the flow keeps its state: the in-memory stores, or a temporary SQLite file.
    enum Store: String, CaseIterable, Sendable {
        case memory
        case sqlite
    }

    @Test(arguments: Store.allCases)
    func setupTestActivationRoutingAndSignIn(store: Store) async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let world = CommandLineWorld(sqliteStore: store == .sqlite ? directory.appendingPathComponent("state/sso.sqlite").path : nil)
        let idp = try TestIdentityProvider()
        let jane = TestUser(email: "jane@acme.com", firstName: "Jane", lastName: "Doe", extraAttributes: ["groups": ["admins", "staff"]])

        await world.organization()
        try await world.verifiedDomain()
        let metadata = try writeFile(idp.metadataXML, named: "idp-metadata.xml", in: directory)
        let saved = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--metadata-file", metadata, "--json")
        #expect(saved.status == 0, "\(saved.output)")

        // Test sign-in: the IdP answers the request the printed URL carries.
        let start = try await world.sso("connection", "test", "start", "acme", "--json").object()
        let request = try idp.parseAuthnRequest(redirectURL: try url(start, "url"))
        #expect(request.id == start["requestID"] as? String)
        let testResponse = try idp.response(to: request, user: jane, now: world.clock.now())
        let testFile = try writeFile(testResponse.samlResponse, named: "test.b64", in: directory)
        let completed = await world.sso("connection", "test", "complete", "acme", testFile,
                                        "--relay-state", try string(start, "relayState"), "--json")
        #expect(completed.status == 0, "\(completed.output)")
        let run = try #require(try completed.json() as? [String: Any])
        #expect(run["testID"] as? String == start["testID"] as? String)
        #expect(run["status"] as? String == "success")
        #expect((run["errors"] as? [Any])?.isEmpty == true)
        let user = try #require(run["user"] as? [String: Any])
        #expect(user["email"] as? String == "jane@acme.com")
        #expect(user["firstName"] as? String == "Jane")
        #expect(user["lastName"] as? String == "Doe")
        #expect((user["attributes"] as? [String: [String]])?["groups"] == ["admins", "staff"])

        // Replaying the completed test is refused.
        let replay = await world.sso("connection", "test", "complete", "acme", testFile, "--json")
        #expect(replay.status == 1)

        let activated = await world.sso("connection", "activate", "acme", "--json")
        #expect(activated.status == 0)
        #expect((try activated.json() as? [String: Any])?["status"] as? String == "active")

        let route = try await world.sso("route", "Jane@ACME.com", "--json").object()
        #expect(route["organization"] as? String == "acme")
        #expect(route["provider"] as? String == "generic-saml")
        #expect(route["redirectURL"] as? String == TestIdentityProvider.defaultSSOURL.absoluteString)

        // Production sign-in.
        let signIn = try await world.sso("sign-in", "start", "jane@acme.com", "--return-to", "/home", "--json").object()
        for key in ["requestID", "relayState", "url"] { #expect(signIn[key] is String, "missing \(key)") }
        let signInRequest = try idp.parseAuthnRequest(redirectURL: try url(signIn, "url"))
        let response = try idp.response(to: signInRequest, user: jane, now: world.clock.now())
        let responseFile = try writeFile(response.samlResponse, named: "signin.b64", in: directory)
        let relayState = try string(signIn, "relayState")
        let finished = await world.sso("sign-in", "finish", responseFile, "--relay-state", relayState, "--json")
        #expect(finished.status == 0, "\(finished.output)")
        let person = try #require(try finished.json() as? [String: Any])
        #expect(person["organization"] as? String == "acme")
        #expect(person["email"] as? String == "jane@acme.com")
        #expect(person["firstName"] as? String == "Jane")
        #expect(person["lastName"] as? String == "Doe")
        #expect(person["nameID"] as? String == "jane@acme.com")
        #expect(person["attributes"] is [String: Any])

        let again = await world.sso("sign-in", "finish", responseFile, "--relay-state", relayState, "--json")
        #expect(again.status == 1)
        #expect((try again.json() as? [String: Any])?["errors"] is [Any])

        let attempts = try #require(try await world.sso("attempts", "acme", "--json").object()["attempts"] as? [[String: Any]])
        #expect(attempts.count >= 3)
        #expect(attempts.first?["outcome"] as? String == "failed")
        let audit = await world.sso("audit", "acme")
        #expect(audit.output.contains("connection.activated"))

        // A change to the live connection waits for its own test; the live one keeps serving.
        let changed = try await world.savedConnection().object()
        #expect(changed["saved"] as? Bool == true)
        #expect(changed["pendingTest"] as? Bool == true)
        #expect(changed["status"] as? String == "active")
        let shown = try await world.sso("connection", "show", "acme", "--json").object()
        #expect(shown["pendingTest"] as? Bool == true)
        #expect(shown["liveFingerprint"] as? String != (shown["idp"] as? [String: Any])?["fingerprint"] as? String)
        #expect(try await world.sso("route", "jane@acme.com", "--json").object()["redirectURL"] as? String
                == TestIdentityProvider.defaultSSOURL.absoluteString)
        if store == .sqlite {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("state/sso.sqlite").path))
        }
    }

    @Test func aFailedTestShowsEveryErrorWithTheProvidersFix() async throws {
        let world = CommandLineWorld()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let idp = try TestIdentityProvider()
        await world.organization()
        try await world.verifiedDomain()
        let metadata = try writeFile(idp.metadataXML, named: "idp-metadata.xml", in: directory)
        _ = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--metadata-file", metadata)
        let start = try await world.sso("connection", "test", "start", "acme", "--json").object()
        let request = try idp.parseAuthnRequest(redirectURL: try url(start, "url"))
        // Someone of another company: the IdP may not sign in people outside the verified domains.
        let response = try idp.response(to: request, user: TestUser(email: "eve@globex.com"), now: world.clock.now())
        let file = try writeFile(response.samlResponse, named: "test.b64", in: directory)
        let run = await world.sso("connection", "test", "complete", "acme", file, "--relay-state",
                                  try string(start, "relayState"))
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("Test sign-in failed"))
        #expect(run.output.contains("[test.email-domain-mismatch]"))
        #expect(run.output.contains("Who acts: the identity provider's admin"))
        #expect(run.output.contains("sso connection test start acme"))
        let activate = await world.sso("connection", "activate", "acme")
        #expect(activate.status == 1)
        #expect(activate.errors.contains("[activation.requires-successful-test]"))
    }
}
