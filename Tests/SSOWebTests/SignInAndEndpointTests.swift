import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Sign-in page, ACS and metadata endpoints")
struct SignInAndEndpointTests {
    @Test("The sign-in page has an Email field and a Continue button")
    func page() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: nil)
        let page = await browser.get("/sign-in?returnTo=%2Fdashboard")
        #expect(page.status == 200)
        #expect(page.text.contains("<label for=\"email\">Email</label>"))
        #expect(page.text.contains(">Continue</button>"))
        #expect(page.text.contains("name=\"returnTo\" value=\"/dashboard\""))
    }

    @Test("An email no organization has SSO for is answered next to the field")
    func noConnection() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: nil)
        _ = await browser.get("/sign-in")
        let response = await browser.post("/sign-in", [("email", "bob@nowhere.test"), ("returnTo", "/")])
        #expect(response.status == 422)
        #expect(response.text.contains("<code>route.no-connection</code>"))
        #expect(response.text.contains("value=\"bob@nowhere.test\""))
        let invalid = await browser.post("/sign-in", [("email", "not an email"), ("returnTo", "/")])
        #expect(invalid.text.contains("<code>route.invalid-email</code>"))
    }

    @Test("A return path to another site is refused, never followed", arguments: [
        "//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/ok\r\nLocation: x",
    ])
    func openRedirect(returnTo: String) async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: nil)
        _ = await browser.get("/sign-in")
        let response = await browser.post("/sign-in", [("email", "bob@acme.test"), ("returnTo", returnTo)])
        #expect(response.status == 400)
        #expect(response.location == nil)
        #expect(response.text.contains("<code>sign-in.invalid-return-to</code>"))
    }

    @Test("Sign-in starts are rate limited per client address")
    func signInRateLimit() async throws {
        let harness = try await WebHarness(options: SSOWebOptions(signInRate: RateLimit(burst: 2, interval: 60)))
        var browser = harness.browser(as: nil)
        _ = await browser.get("/sign-in")
        for _ in 0..<2 {
            #expect(await browser.post("/sign-in", [("email", "bob@nowhere.test")], remoteAddress: "192.0.2.7").status == 422)
        }
        #expect(await browser.post("/sign-in", [("email", "bob@nowhere.test")], remoteAddress: "192.0.2.7").status == 429)
        _ = await browser.get("/sign-in")
        #expect(await browser.post("/sign-in", [("email", "bob@nowhere.test")], remoteAddress: "192.0.2.8").status == 422)
    }

    @Test("The ACS refuses an unknown connection, garbage, and a wrong RelayState, with a page and an attempt", arguments: [
        ("/sso/saml/acs/conn_UNKNOWN", "SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=nothing"),
        ("/sso/saml/acs/conn_UNKNOWN", "SAMLResponse=%%%not-base64"),
        ("/sso/saml/acs/conn_UNKNOWN", ""),
    ])
    func acsRefusals(path: String, body: String) async throws {
        let harness = try await WebHarness()
        var idp = harness.browser(as: nil)
        let response = await idp.send(WebRequest(method: "POST", target: path,
                                                  headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.utf8)))
        #expect(response.status == 400)
        #expect(response.text.contains("Who can fix this"))
        #expect(response.text.contains("<code>"))
        #expect(!response.text.contains("/work/"))
        #expect(response.headers["Set-Cookie"] == nil)
    }

    @Test("A response posted with a RelayState no run or sign-in has is refused for the connection, and logged")
    func wrongRelayState() async throws {
        let harness = try await WebHarness()
        let saved = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                                  organizationID: "acme", by: WebHarness.operatorPrincipal)
        let connection = try #require(saved.connection)
        var idp = harness.browser(as: nil)
        let response = await idp.send(WebRequest(method: "POST", target: "/sso/saml/acs/\(connection.id)",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D&RelayState=forged-relay-state".utf8)))
        #expect(response.status == 400)
        #expect(response.text.contains("<code>sign-in.request-not-found</code>"))
        #expect(response.text.contains("Reference for support"))
        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: WebHarness.operatorPrincipal)
        _ = attempts // refusals before a connection is known are logged without an organization
    }

    @Test("GET on the ACS says it receives posts from identity providers")
    func acsGet() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: nil)
        let response = await browser.get("/sso/saml/acs/conn_X")
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
        #expect(response.text.contains("receives sign-ins from identity providers"))
    }

    @Test("The metadata endpoint serves the connection's SP metadata, and 404 for an unknown connection")
    func metadata() async throws {
        let harness = try await WebHarness()
        let connection = try await harness.lifecycle.chooseProvider("okta", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var idp = harness.browser(as: nil)
        let response = await idp.get("/sso/saml/metadata/\(connection.id)")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/samlmetadata+xml; charset=utf-8")
        #expect(response.text.contains("entityID=\"\(WebHarness.baseURL)/sso/saml/metadata/\(connection.id)\""))
        #expect(response.text.contains("Location=\"\(WebHarness.baseURL)/sso/saml/acs/\(connection.id)\""))
        let unknown = await idp.get("/sso/saml/metadata/conn_UNKNOWN")
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("<code>connection.not-found</code>"))
    }
}
