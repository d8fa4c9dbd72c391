import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing

/// Keys generated once for the whole test run (RSA key generation takes a while).
enum TestKeys {
    static let idp: TestSigningKey = {
        do { return try TestSigningKey(commonName: "Lifecycle Test IdP") } catch { fatalError("libcrypto could not generate a key: \(error)") }
    }()
    static let other: TestSigningKey = {
        do { return try TestSigningKey(commonName: "Someone Else") } catch { fatalError("libcrypto could not generate a key: \(error)") }
    }()
}

/// An organization with a verified domain and a connection to a test IdP, ready for test
/// runs and sign-ins.
struct SignInHarness {
    let base: LifecycleHarness
    let idp: TestIdentityProvider
    let connection: Connection
    let alice = TestUser(email: "alice@acme.com", firstName: "Alice", lastName: "Liddell",
                         extraAttributes: ["groups": ["admins", "staff"]])

    var lifecycle: SelfServeLifecycle { base.lifecycle }
    var admin: Principal { base.manager("acme") }
    var now: Date { base.clock.now() }

    /// Sets up `acme` (domain `acme.com` verified) with a generic SAML connection configured
    /// from the test IdP's metadata file; activated after a successful test unless told not to.
    static func make(_ kind: StoreKind = .inMemory, activate: Bool = true,
                     idp: TestIdentityProvider = TestIdentityProvider(signingKey: TestKeys.idp)) async throws -> SignInHarness {
        let base = try LifecycleHarness(kind)
        try await base.organization("acme")
        try await base.organization("globex")
        try await base.verifiedDomain("acme.com", organizationID: "acme")
        try await base.verifiedDomain("globex.com", organizationID: "globex")
        let outcome = try await base.lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(idp.metadataXML)]),
            providerID: "generic-saml", organizationID: "acme", by: base.manager("acme"))
        let connection = try #require(outcome.connection, "\(outcome.report)")
        var harness = SignInHarness(base: base, idp: idp, connection: connection)
        if activate {
            let run = try await harness.passingTest()
            #expect(run.storedStatus == .success)
            harness = SignInHarness(base: base, idp: idp,
                                    connection: try await base.lifecycle.activate(organizationID: "acme", by: base.manager("acme")))
        }
        return harness
    }

    /// Starts a test run and answers it at the IdP.
    func testResponse(user: TestUser? = nil, options: ResponseOptions = ResponseOptions(),
                      idp: TestIdentityProvider? = nil) async throws -> (start: TestRunStart, response: MintedResponse) {
        let start = try await lifecycle.startTestRun(organizationID: "acme", by: admin)
        let signer = idp ?? self.idp
        let request = try signer.parseAuthnRequest(redirectURL: start.redirect.url)
        return (start, try signer.response(to: request, user: user ?? alice, now: now, options: options))
    }

    /// Runs a test sign-in to the end through the ACS path.
    func passingTest(idp: TestIdentityProvider? = nil) async throws -> TestRun {
        let (_, response) = try await testResponse(idp: idp)
        let outcome = await lifecycle.receiveResponse(connectionID: connection.id, samlResponse: response.samlResponse,
                                                      relayState: response.relayState)
        guard case .testCompleted(let run) = outcome else {
            Issue.record("expected a completed test, got \(outcome)")
            throw LifecycleError(.testRunNotFound, "no run")
        }
        return run
    }

    /// Starts a production sign-in and answers it at the IdP.
    func signInResponse(email: String = "alice@acme.com", returnTo: String = "/home", user: TestUser? = nil,
                        options: ResponseOptions = ResponseOptions(),
                        idp: TestIdentityProvider? = nil) async throws -> (start: SignInStart, response: MintedResponse) {
        let start = try await lifecycle.startSignIn(email: email, returnTo: returnTo)
        let signer = idp ?? self.idp
        let request = try signer.parseAuthnRequest(redirectURL: start.redirect.url)
        return (start, try signer.response(to: request, user: user ?? alice, now: now, options: options))
    }

    /// Posts a response to the connection's ACS URL.
    func post(_ response: MintedResponse, relayState: String?? = .none) async -> ResponseOutcome {
        await lifecycle.receiveResponse(connectionID: connection.id, samlResponse: response.samlResponse,
                                        relayState: relayState ?? response.relayState)
    }
}

extension ResponseOutcome {
    /// The refusal's codes, or nil when it was not refused.
    var refusalCodes: [String]? {
        if case .refused(let refusal) = self { return refusal.failures.map(\.code) }
        return nil
    }

    /// The completed test run, if any.
    var testRun: TestRun? {
        if case .testCompleted(let run) = self { return run }
        return nil
    }

    /// The signed-in user, if any.
    var user: SignedInUser? {
        if case .signedIn(let user, _) = self { return user }
        return nil
    }
}
