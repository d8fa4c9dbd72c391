import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import SSOLifecycle
@testable import SSOWeb
import Testing

/// The whole flow through the web layer, with the test kit's identity provider signing the
/// responses: domain, connection from an uploaded metadata file, test sign-in through the ACS
/// (which carries no cookie, as a cross-site POST does not), activation, sign-in handed to
/// the host, and the refusals on the way.
/// One test IdP for every test here: generating an RSA key takes a while in a debug build,
/// and these tests need no key of their own (each has its own store and connection).
let sharedIdentityProvider = try? TestIdentityProvider()

@Suite("The whole flow through the pages and the ACS")
struct FullFlowTests {
    struct Setup {
        let harness: WebHarness
        let idp: TestIdentityProvider
        var admin: Browser
        let connectionID: String
    }

    /// A verified domain and a saved connection to the test IdP (uploaded metadata).
    static func configured() async throws -> Setup {
        let harness = try await WebHarness()
        let idp = try #require(sharedIdentityProvider)
        var admin = harness.browser()
        _ = await admin.get("/orgs/acme/security/domains")
        _ = await admin.post("/orgs/acme/security/domains", [("domain", "acme.test")])
        let record = try #require(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        harness.dns.publish(record.recordName, record.recordValue)
        _ = await admin.get("/orgs/acme/security/domains")
        #expect(await admin.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")]).location?.contains("domain-verified") == true)
        _ = await admin.get("/orgs/acme/security/connection")
        _ = await admin.post("/orgs/acme/security/connection/provider", [("provider", "generic-saml")])
        _ = await admin.get("/orgs/acme/security/connection")
        let saved = await admin.postMultipart("/orgs/acme/security/connection", [("provider", "generic-saml"), ("mode", "metadata-file")],
                                              files: [(field: "metadata-file.metadata_xml.file", name: "idp.xml", content: Data(idp.metadataXML.utf8))])
        #expect(saved.status == 303, "\(saved.text.prefix(3000))")
        let connection = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection
        return Setup(harness: harness, idp: idp, admin: admin, connectionID: connection.id)
    }

    /// Starts a test from the Test page and returns the IdP's view of the request.
    static func startTest(_ setup: inout Setup) async throws -> ReceivedAuthnRequest {
        _ = await setup.admin.get("/orgs/acme/security/test")
        let started = await setup.admin.post("/orgs/acme/security/test", [])
        #expect(started.status == 303)
        let location = try #require(started.location)
        return try setup.idp.parseAuthnRequest(redirectURL: try #require(URL(string: location)))
    }

    /// Posts a response to the ACS the way the IdP's page does: cross-site, no cookies.
    static func postToACS(_ setup: Setup, _ minted: MintedResponse) async -> WebResponse {
        var idpBrowser = setup.harness.browser(as: nil)
        let path = String(minted.acsURL.dropFirst(WebHarness.baseURL.count))
        return await idpBrowser.send(WebRequest(method: "POST", target: path,
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                body: Data(minted.formBody.utf8)))
    }

    static let alice = TestUser(email: "alice@acme.test", firstName: "Alice", lastName: "Ng",
                                extraAttributes: ["department": ["Finance", "Audit"]])

    @Test("A successful test: the ACS answers 303 to the result page, which shows the person and every attribute")
    func successfulTest() async throws {
        var setup = try await Self.configured()
        let request = try await Self.startTest(&setup)
        #expect(request.assertionConsumerServiceURL == "\(WebHarness.baseURL)/sso/saml/acs/\(setup.connectionID)")
        let minted = try setup.idp.response(to: request, user: Self.alice, now: setup.harness.clock.now)
        let acs = await Self.postToACS(setup, minted)
        #expect(acs.status == 303)
        let location = try #require(acs.location)
        #expect(location.hasPrefix("/orgs/acme/security/test/runs/test_"))
        #expect(acs.headers["Set-Cookie"] == nil)
        let page = await setup.admin.get(location).text
        #expect(page.contains(">Success</span>"))
        #expect(page.contains("alice@acme.test signed in successfully."))
        #expect(page.contains("<dd>Alice</dd>"))
        #expect(page.contains("<dd>Ng</dd>"))
        #expect(page.contains("<code>alice@acme.test</code>"))
        #expect(page.contains(">department</span>"))
        #expect(page.contains("<div>Finance</div><div>Audit</div>"))
        #expect(page.contains("Next: activate"))

        // The same response again is refused: a response is accepted once.
        let replay = await Self.postToACS(setup, minted)
        #expect(replay.status == 400)
        #expect(replay.text.contains("<code>test.run-already-completed</code>") || replay.text.contains("<code>assertion.replayed</code>"))
    }

    @Test("A failed test shows every error with its code, the full message, who must act and the provider's fix")
    func failedTest() async throws {
        var setup = try await Self.configured()
        let request = try await Self.startTest(&setup)
        let minted = try setup.idp.response(to: request, user: Self.alice, now: setup.harness.clock.now,
                                            options: ResponseOptions(audience: "https://wrong.example/sp"))
        let acs = await Self.postToACS(setup, minted)
        #expect(acs.status == 303)
        let page = await setup.admin.get(try #require(acs.location)).text
        #expect(page.contains(">Failed</span>"))
        #expect(page.contains("<code>conditions.audience-mismatch</code>"))
        #expect(page.contains("Who can fix this:"))
        #expect(page.contains("How to fix it"))
        let history = await setup.admin.get("/orgs/acme/security/test").text
        #expect(history.contains("conditions.audience-mismatch"))
        #expect(history.contains("Attempt log"))
    }

    @Test("Activate after a successful test, then a person signs in and is handed to the host's callback")
    func activateAndSignIn() async throws {
        var setup = try await Self.configured()
        let request = try await Self.startTest(&setup)
        _ = await Self.postToACS(setup, try setup.idp.response(to: request, user: Self.alice, now: setup.harness.clock.now))
        _ = await setup.admin.get("/orgs/acme/security/activation")
        let activated = await setup.admin.post("/orgs/acme/security/activation", [])
        #expect(activated.status == 303)
        let overview = await setup.admin.get("/orgs/acme/security").text
        #expect(overview.contains(">Active</span>"))
        #expect(overview.contains("@acme.test"))

        var person = setup.harness.browser(as: nil)
        _ = await person.get("/sign-in?returnTo=%2Fdashboard")
        let started = await person.post("/sign-in", [("email", "alice@acme.test"), ("returnTo", "/dashboard")])
        #expect(started.status == 303)
        let startedLocation = try #require(started.location)
        let signInRequest = try setup.idp.parseAuthnRequest(redirectURL: try #require(URL(string: startedLocation)))
        let minted = try setup.idp.response(to: signInRequest, user: Self.alice, now: setup.harness.clock.now)
        let acs = await Self.postToACS(setup, minted)
        #expect(acs.status == 303)
        #expect(acs.location == "/dashboard")
        #expect(acs.headers["Set-Cookie"]?.hasPrefix("host_session=user-alice@acme.test") == true)

        // Replayed: refused with a page, no session.
        let replay = await Self.postToACS(setup, minted)
        #expect(replay.status == 400)
        #expect(replay.headers["Set-Cookie"] == nil)
        #expect(replay.text.contains("Start again from the sign-in page"))

        // The last verified domain of the live connection cannot be removed, and the page says why.
        _ = await setup.admin.get("/orgs/acme/security/domains/remove?domain=acme.test")
        let refused = await setup.admin.post("/orgs/acme/security/domains/remove", [("domain", "acme.test")])
        #expect(refused.status == 409)
        #expect(refused.text.contains("<code>domain.last-verified</code>"))
        #expect(refused.text.contains("last verified domain"))

        // Deactivate behind its confirmation.
        _ = await setup.admin.get("/orgs/acme/security/activation/deactivate")
        #expect(await setup.admin.post("/orgs/acme/security/activation/deactivate", []).status == 303)
        #expect(await setup.admin.get("/orgs/acme/security").text.contains(">Inactive</span>"))
    }

    @Test("A response for another connection's ACS URL, or with a RelayState no sign-in has, is refused and logged")
    func wrongTargets() async throws {
        var setup = try await Self.configured()
        let request = try await Self.startTest(&setup)
        let forged = try setup.idp.response(acsURL: "\(WebHarness.baseURL)/sso/saml/acs/\(setup.connectionID)",
                                            audience: "\(WebHarness.baseURL)/sso/saml/metadata/\(setup.connectionID)",
                                            user: Self.alice, now: setup.harness.clock.now, relayState: "not-the-relay-state")
        let acs = await Self.postToACS(setup, forged)
        #expect(acs.status == 400)
        let attempts = try await setup.harness.lifecycle.attempts(organizationID: "acme", by: WebHarness.operatorPrincipal)
        #expect(attempts.contains { $0.outcome == .failed })
        _ = request
    }
}

@Suite("HTTP-POST binding to the identity provider")
struct PostBindingTests {
    @Test("An IdP that takes AuthnRequests by POST gets a page whose form the layer's script submits, with Continue for no script")
    func postBinding() async throws {
        let harness = try await WebHarness()
        let idp = try #require(sharedIdentityProvider)
        // The IdP's metadata offers only the HTTP-POST binding.
        let metadata = idp.metadataXML.split(separator: "\n")
            .filter { !$0.contains(SAMLBinding.httpRedirect.rawValue) }.joined(separator: "\n")
        let saved = try await harness.lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(metadata)]),
            providerID: "generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        #expect(saved.connection?.configuration?.identityProvider.ssoBinding == .httpPOST)
        var admin = harness.browser()
        _ = await admin.get("/orgs/acme/security/test")
        let page = await admin.post("/orgs/acme/security/test", [])
        #expect(page.status == 200)
        #expect(page.text.contains("<form method=\"post\" action=\"\(idp.ssoURL.absoluteString)\" data-autosubmit>"))
        #expect(page.text.contains("name=\"SAMLRequest\""))
        #expect(page.text.contains("name=\"RelayState\""))
        #expect(page.text.contains(">Continue</button>"))
        #expect(!page.text.contains("<script>"))
        #expect(page.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
        let samlRequest = try #require(page.text.components(separatedBy: "name=\"SAMLRequest\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
        let relayState = try #require(page.text.components(separatedBy: "name=\"RelayState\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
        let request = try idp.parseAuthnRequest(samlRequest: samlRequest, relayState: relayState)
        #expect(request.binding == .httpPOST)
    }
}
