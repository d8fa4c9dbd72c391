import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing

/// The real resolver asking a loopback DNS server on which, just before each look-up, the
/// record the lifecycle issued is published: an admin who created the record before clicking
/// Verify.
final class PublishedRecordResolver: TXTResolving {
    let dns: LoopbackDNSResponder
    private let lock = NSLock()
    // Guarded by `lock`; set once the lifecycle exists.
    nonisolated(unsafe) private var lifecycle: SelfServeLifecycle?

    init(dns: LoopbackDNSResponder) { self.dns = dns }

    func attach(_ lifecycle: SelfServeLifecycle) { lock.withLock { self.lifecycle = lifecycle } }

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        if let lifecycle = lock.withLock({ self.lifecycle }),
           let domain = try? await lifecycle.domains(organizationID: "acme", by: .operator(name: "dns")).first(where: { $0.recordName == name }) {
            dns.setTXT([domain.recordValue], for: name)
        }
        return await SystemTXTResolver().lookUpTXT(name, nameserver: nameserver)
    }
}

/// Runs the README's lifecycle example end to end: a real SQLite file, the real DNS resolver
/// asking a loopback DNS server, and the test identity provider.
@Suite struct LifecycleExampleTests {
    @Test func theExampleSetsUpAcmeAndSignsSomeoneIn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dns = LoopbackDNSResponder()
        try dns.start()
        defer { dns.stop() }
        let resolver = PublishedRecordResolver(dns: dns)
        let idp = try TestIdentityProvider()
        let sso = try makeSelfServeSSO(storePath: directory.appendingPathComponent("sso.sqlite").path,
                                       environment: LifecycleEnvironment(txtResolver: resolver, metadataFetcher: nil))
        resolver.attach(sso)
        let operatorPrincipal = Principal.operator(name: "ops")
        _ = try await sso.createOrganization(id: "acme", name: "Acme Inc", by: operatorPrincipal)
        _ = try await sso.setSSOAllowed(true, organizationID: "acme", by: operatorPrincipal)

        let redirect = try await setUpAcme(sso, metadataXML: idp.metadataXML, nameserver: try Nameserver.parse(dns.address))
        let admin = Principal.member(organizationID: "acme", userID: "user_42", permissions: [.manage])
        #expect(try await sso.domains(organizationID: "acme", by: admin).first?.storedStatus == .verified)

        let connection = try await sso.connectionDetails(organizationID: "acme", by: admin).connection
        let alice = TestUser(email: "alice@acme.com", firstName: "Alice")
        let testAnswer = try idp.response(to: try idp.parseAuthnRequest(redirectURL: redirect), user: alice, now: Date())
        let tested = await assertionConsumerService(sso, connectionID: connection.id,
                                                    form: ["SAMLResponse": testAnswer.samlResponse, "RelayState": testAnswer.relayState ?? ""])
        #expect(tested == "Test passed: the IdP signed in alice@acme.com.")

        _ = try await sso.activate(organizationID: "acme", by: admin)
        let signInURL = try await signIn(sso, email: "alice@acme.com")
        let answer = try idp.response(to: try idp.parseAuthnRequest(redirectURL: signInURL), user: alice, now: Date())
        let form = ["SAMLResponse": answer.samlResponse, "RelayState": answer.relayState ?? ""]
        #expect(await assertionConsumerService(sso, connectionID: connection.id, form: form)
                == "Start a session for alice@acme.com of acme, then go to /dashboard.")
        #expect(await assertionConsumerService(sso, connectionID: connection.id, form: form)
                    .hasPrefix("Refused (sign-in.request-already-used)"))
    }
}
