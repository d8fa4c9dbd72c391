import Foundation
import Testing
import SelfServeSSO
import SelfServeSSOTestKit

/// Routing and production sign-in, and the changes of a live connection.
@Suite struct SignInTests {
    @Test("activation, routing and a production sign-in end to end", arguments: StoreKind.allCases)
    func endToEnd(kind: StoreKind) async throws {
        let harness = try await SignInHarness.make(kind)
        #expect(harness.connection.status == .active)
        let route = try #require(try await harness.lifecycle.route(email: "  Alice@ACME.com "))
        #expect(route.organizationID == "acme")
        #expect(route.connectionID == harness.connection.id)
        #expect(route.providerID == "generic-saml")
        #expect(route.ssoURL == harness.idp.ssoURL.absoluteString)
        #expect(try await harness.lifecycle.route(email: "bob@globex.com") == nil)
        #expect(try await harness.lifecycle.route(email: "eve@elsewhere.com") == nil)
        #expect(try await harness.lifecycle.route(email: "alice@sub.acme.com") == nil)

        let (start, response) = try await harness.signInResponse(returnTo: "/projects/7?tab=1")
        #expect(start.request.returnTo == "/projects/7?tab=1")
        guard case .signedIn(let user, let returnTo) = await harness.post(response) else {
            Issue.record("not signed in")
            return
        }
        #expect(returnTo == "/projects/7?tab=1")
        #expect(user.email == "alice@acme.com")
        #expect(user.organizationID == "acme")
        #expect(user.firstName == "Alice")
        #expect(user.sessionIndex != nil)
        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: harness.admin)
        #expect(attempts.first?.kind == .production)
        #expect(attempts.first?.outcome == .success)
        #expect(attempts.first?.email == "alice@acme.com")
    }

    @Test("the tool's finish path takes the RelayState and returns the person")
    func finishSignIn() async throws {
        let harness = try await SignInHarness.make()
        let (_, response) = try await harness.signInResponse()
        let relayState = try #require(response.relayState)
        let user = try await harness.lifecycle.finishSignIn(samlResponse: response.samlResponse, relayState: relayState)
        #expect(user.email == "alice@acme.com")
        do {
            _ = try await harness.lifecycle.finishSignIn(samlResponse: response.samlResponse, relayState: relayState)
            Issue.record("a response was accepted twice")
        } catch {
            #expect(error.code == "sign-in.request-already-used")
            #expect(error.attemptID != nil)
        }
    }

    @Test("an IdP may not sign in people of another organization's domain")
    func otherOrganizationsEmail() async throws {
        let harness = try await SignInHarness.make()
        let (_, response) = try await harness.signInResponse(user: TestUser(email: "ceo@globex.com"))
        let outcome = await harness.post(response)
        #expect(outcome.refusalCodes == ["sign-in.email-domain-mismatch"])
        #expect(outcome.user == nil)
    }

    @Test("a response is used once; an expired request and a bad RelayState are refused")
    func singleUse() async throws {
        let harness = try await SignInHarness.make()
        let (_, response) = try await harness.signInResponse()
        #expect(await harness.post(response).user != nil)
        #expect(await harness.post(response).refusalCodes == ["sign-in.request-already-used"])
        #expect(await harness.post(response, relayState: .some("made-up")).refusalCodes == ["sign-in.request-not-found"])

        let (_, late) = try await harness.signInResponse()
        harness.base.clock.advance(by: 11 * 60)
        #expect(await harness.post(late).refusalCodes == ["sign-in.request-expired"])
    }

    @Test("concurrent posts of one response sign the person in once")
    func concurrentFinish() async throws {
        let harness = try await SignInHarness.make()
        let (_, response) = try await harness.signInResponse()
        let outcomes = await withTaskGroup(of: ResponseOutcome.self) { group in
            for _ in 0..<8 { group.addTask { await harness.post(response) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.compactMap(\.user).count == 1)
    }

    @Test("IdP-initiated sign-in is off by default; when allowed it works once per assertion")
    func idpInitiated() async throws {
        let harness = try await SignInHarness.make()
        let sp = harness.lifecycle.serviceProviderSettings(for: harness.connection)
        let unsolicited = try harness.idp.response(acsURL: sp.acsURL, audience: sp.entityID, user: harness.alice, now: harness.now)
        #expect(await harness.post(unsolicited).refusalCodes == ["sign-in.idp-initiated-disabled"])
        _ = try await harness.lifecycle.setIdPInitiatedSignIn(true, organizationID: "acme", by: harness.admin)
        let outcome = await harness.post(unsolicited)
        #expect(outcome.user?.email == "alice@acme.com")
        if case .signedIn(_, let returnTo) = outcome { #expect(returnTo == "/") }
        #expect(await harness.post(unsolicited).refusalCodes == ["assertion.replayed"])
        // An unsolicited response with someone's RelayState-less answer to a request is refused.
        let (_, answer) = try await harness.signInResponse()
        #expect(await harness.post(answer, relayState: .some(nil)).refusalCodes == ["sign-in.request-not-found"])
        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: harness.admin)
        #expect(attempts.contains { $0.kind == .idpInitiated && $0.outcome == .success })
    }

    @Test("sign-in refuses emails no active connection serves, and return paths that leave the site")
    func startRefusals() async throws {
        let harness = try await SignInHarness.make()
        do {
            _ = try await harness.lifecycle.startSignIn(email: "bob@globex.com")
            Issue.record("globex has no connection")
        } catch {
            #expect(error.code == .routeNoConnection)
        }
        do {
            _ = try await harness.lifecycle.startSignIn(email: "alice@acme.com", returnTo: "https://evil.example/")
            Issue.record("open redirect")
        } catch {
            #expect(error.code == .signInInvalidReturnTo)
        }
        do {
            _ = try await harness.lifecycle.startSignIn(email: "not an email")
            Issue.record("not an email")
        } catch {
            #expect(error.code == .routeInvalidEmail)
        }
    }

    @Test("deactivation stops routing and refuses sign-ins already under way")
    func deactivation() async throws {
        let harness = try await SignInHarness.make()
        let (_, response) = try await harness.signInResponse()
        let inactive = try await harness.lifecycle.deactivate(organizationID: "acme", by: harness.admin)
        #expect(inactive.status == .inactive)
        #expect(try await harness.lifecycle.route(email: "alice@acme.com") == nil)
        #expect(await harness.post(response).refusalCodes == ["sign-in.connection-inactive"])
        // Reactivating an unchanged configuration needs no new test.
        let active = try await harness.lifecycle.activate(organizationID: "acme", by: harness.admin)
        #expect(active.status == .active)
        #expect(try await harness.lifecycle.route(email: "alice@acme.com") != nil)
    }

    @Test("the last verified domain of an active connection cannot be removed")
    func lastVerifiedDomain() async throws {
        let harness = try await SignInHarness.make()
        do {
            try await harness.lifecycle.removeDomain("acme.com", organizationID: "acme", by: harness.admin)
            Issue.record("removed")
        } catch {
            #expect(error.code == .domainLastVerified)
        }
        try await harness.base.verifiedDomain("acme.io", organizationID: "acme")
        try await harness.lifecycle.removeDomain("acme.com", organizationID: "acme", by: harness.admin)
        #expect(try await harness.lifecycle.route(email: "alice@acme.com") == nil)
        #expect(try await harness.lifecycle.route(email: "alice@acme.io") != nil)
    }

    @Test("a change to a live connection waits for its test; the live one keeps serving; a passing test promotes it")
    func pendingChange() async throws {
        let harness = try await SignInHarness.make()
        let rotated = TestIdentityProvider(signingKey: TestKeys.other)
        let outcome = try await harness.lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(rotated.metadataXML)]),
            providerID: "generic-saml", organizationID: "acme", by: harness.admin)
        #expect(outcome.saved)
        #expect(outcome.isPendingTest)
        let pending = try #require(outcome.connection)
        #expect(pending.status == .active)
        #expect(pending.liveConfiguration?.fingerprint != pending.configuration?.fingerprint)

        // Sign-ins still use the live configuration: the old key works, the new one does not yet.
        let (_, old) = try await harness.signInResponse()
        #expect(await harness.post(old).user != nil)
        let (_, early) = try await harness.signInResponse(idp: rotated)
        #expect(await harness.post(early).refusalCodes == ["signature.untrusted-key"])

        // Activating does not skip the test.
        do {
            _ = try await harness.lifecycle.activate(organizationID: "acme", by: harness.admin)
            Issue.record("activated without a test")
        } catch {
            #expect(error.code == .activationRequiresSuccessfulTest)
        }

        // A test of the new configuration promotes it.
        let run = try await harness.passingTest(idp: rotated)
        #expect(run.storedStatus == .success)
        let details = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: harness.admin)
        #expect(!details.connection.hasPendingChange)
        #expect(details.connection.liveConfiguration?.fingerprint == run.configurationFingerprint)
        let (_, new) = try await harness.signInResponse(idp: rotated)
        #expect(await harness.post(new).user != nil)
        let (_, stale) = try await harness.signInResponse()
        #expect(await harness.post(stale).refusalCodes == ["signature.untrusted-key"])
        let actions = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.admin).map(\.action)
        #expect(actions.contains("connection.change-promoted"))
    }

    @Test("certificates expiring soon are reported with what to do")
    func expiringCertificates() async throws {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let soon = try TestSigningKey(commonName: "Expiring", notBefore: now.addingTimeInterval(-86_400),
                                      notAfter: now.addingTimeInterval(10 * 86_400))
        let harness = try await SignInHarness.make(idp: TestIdentityProvider(signingKey: soon))
        let report = try await harness.lifecycle.expiringCertificates(within: 30, by: harness.base.operatorPrincipal)
        #expect(report.count == 1)
        #expect(report.first?.subject.contains("Expiring") == true)
        #expect(report.first?.daysLeft == 10)
        #expect(report.first?.expired == false)
        #expect(report.first?.isLive == true)
        #expect(report.first?.action.isEmpty == false)
        #expect(try await harness.lifecycle.expiringCertificates(within: 5, by: harness.base.operatorPrincipal).isEmpty)
        let own = try await harness.lifecycle.expiringCertificates(within: 30, organizationID: "acme", by: harness.base.reader("acme"))
        #expect(own.count == 1)
        #expect(try await harness.lifecycle.expiringCertificates(within: 30, organizationID: "globex", by: harness.base.reader("globex")).isEmpty)
    }
}
