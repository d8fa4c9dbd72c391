import Foundation
import SelfServeSSO
import Testing

/// Setup-link sessions live in the store: a session opened through one server is known to
/// every server sharing the store, and it ends (everywhere) when it expires, when the IT
/// admin signs out, or when an admin revokes the link.
@Suite struct SetupSessionTests {
    static let ops = Principal.operator(name: "ops")

    @Test("a session opened through one server acts on the other; signing out through either ends it on both",
          arguments: StoreKind.allCases)
    func sharedAcrossServers(kind: StoreKind) async throws {
        let servers = try TwoServers(kind)
        defer { servers.close() }
        _ = try await servers.a.createOrganization(id: "acme", name: "Acme", by: Self.ops)
        _ = try await servers.a.setSSOAllowed(true, organizationID: "acme", by: Self.ops)
        let (link, token) = try await servers.a.createSetupLink(organizationID: "acme", note: "Jane", by: Self.ops)

        let session = try await servers.a.redeemSetupLink(token: token, sessionLifetime: 3600)
        #expect(session.organizationID == "acme")
        #expect(session.expiresAt == servers.clock.now().addingTimeInterval(3600))
        #expect(session.principal == .member(organizationID: "acme", userID: "setup-link:\(link.id)", permissions: [.manage]))
        let parts = session.token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 2 && parts[0] == link.id && parts[1].count == 43)

        // The store keeps the secret's hash, never the secret.
        let stored = try #require(try await servers.b.setupLinks(organizationID: "acme", by: Self.ops).first)
        #expect(stored.sessionTokenHash?.count == 64)
        #expect(stored.sessionTokenHash != parts[1])
        #expect(stored.hasOpenSession(at: servers.clock.now()))

        // The other server knows the session and lets it act on the organization only.
        let found = try #require(try await servers.b.setupSession(token: session.token))
        #expect(found.principal == session.principal)
        _ = try await servers.b.addDomain("acme.com", organizationID: "acme", by: found.principal)
        await #expect(throws: LifecycleError.self) {
            _ = try await servers.b.createSetupLink(organizationID: "globex", by: found.principal)
        }

        // Wrong secrets, other ids, malformed tokens: no session.
        let forged = [
            link.id + "." + String(repeating: "A", count: 43), "link_0000." + parts[1], parts[1], "", link.id + ".",
            session.token + "x", link.id + "." + String(repeating: "a", count: 300), link.id + ".abc def ghi jkl mno",
            "conn_1." + parts[1], session.token.uppercased(),
        ]
        for token in forged {
            #expect(try await servers.b.setupSession(token: token) == nil, "\(token)")
            #expect(try await servers.b.endSetupSession(token: token) == false, "\(token)")
        }
        #expect(try await servers.a.setupSession(token: session.token) != nil)

        // Signing out through B ends it for A too, once, and the audit log says so.
        #expect(try await servers.b.endSetupSession(token: session.token))
        #expect(try await servers.a.setupSession(token: session.token) == nil)
        #expect(try await servers.a.endSetupSession(token: session.token) == false)
        let actions = try await servers.a.auditLog(organizationID: "acme", by: Self.ops).map(\.action)
        #expect(actions.filter { $0 == "setup-link.session-ended" }.count == 1)
        #expect(actions.contains("setup-link.redeemed"))
    }

    @Test("a session ends at its expiry and when its link is revoked; a lifetime out of range leaves the link unused",
          arguments: StoreKind.allCases)
    func expiryAndRevocation(kind: StoreKind) async throws {
        let harness = try LifecycleHarness(kind)
        let lifecycle = harness.lifecycle
        try await harness.organization("acme")

        let (_, first) = try await lifecycle.createSetupLink(organizationID: "acme", by: Self.ops)
        let expiring = try await lifecycle.redeemSetupLink(token: first, sessionLifetime: 3600)
        harness.clock.advance(by: 3599)
        #expect(try await lifecycle.setupSession(token: expiring.token) != nil)
        harness.clock.advance(by: 1)
        #expect(try await lifecycle.setupSession(token: expiring.token) == nil)

        let (link, second) = try await lifecycle.createSetupLink(organizationID: "acme", by: Self.ops)
        for lifetime in [30.0, 8 * 86_400, .nan] {
            do {
                _ = try await lifecycle.redeemSetupLink(token: second, sessionLifetime: lifetime)
                Issue.record("a session lifetime of \(lifetime) s was accepted")
            } catch {
                #expect(error.code == .settingsInvalid)
            }
        }
        // The default is 8 hours.
        let revoking = try await lifecycle.redeemSetupLink(token: second)
        #expect(revoking.expiresAt == harness.clock.now().addingTimeInterval(8 * 3600))
        #expect(try await lifecycle.setupSession(token: revoking.token) != nil)
        let revoked = try await lifecycle.revokeSetupLink(link.id, organizationID: "acme", by: Self.ops)
        #expect(!revoked.hasOpenSession(at: harness.clock.now()))
        #expect(try await lifecycle.setupSession(token: revoking.token) == nil)
    }
}
