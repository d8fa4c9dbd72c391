import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Test and Activation pages")
struct TestAndActivationTests {
    private func configured() async throws -> WebHarness {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                          organizationID: "acme", by: WebHarness.operatorPrincipal)
        return harness
    }

    @Test("Run test sign-in sends the browser to the identity provider and the run shows as Pending")
    func start() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/test").text
        #expect(page.contains(">Run test sign-in</button>"))
        #expect(page.contains("data-new-tab"))
        let started = await browser.post("/orgs/acme/security/test", [])
        let saved = try #require(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.configuration)
        if started.status == 303 {
            #expect(started.location?.hasPrefix(saved.identityProvider.ssoURL) == true)
            #expect(started.location?.contains("SAMLRequest=") == true)
            #expect(started.location?.contains("RelayState=") == true)
        } else {
            #expect(started.status == 200)
            #expect(started.text.contains("data-autosubmit"))
            #expect(started.text.contains("name=\"SAMLRequest\""))
        }
        let run = try #require(try await harness.lifecycle.testRuns(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        let result = await browser.get("/orgs/acme/security/test/runs/\(run.id)")
        #expect(result.status == 200)
        #expect(result.text.contains(">Pending</span>"))
        #expect(result.text.contains("aria-live=\"polite\""))
        #expect(result.text.contains("data-refresh-while-pending"))
        harness.clock.advance(16 * 60)
        #expect(await browser.get("/orgs/acme/security/test/runs/\(run.id)").text.contains(">Expired</span>"))
        let history = await browser.get("/orgs/acme/security/test").text
        #expect(history.contains("/orgs/acme/security/test/runs/\(run.id)"))
    }

    @Test("Test starts are rate limited per organization")
    func rateLimited() async throws {
        let harness = try await WebHarness(options: SSOWebOptions(testStartRate: RateLimit(burst: 1, interval: 60)))
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                          organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/test")
        #expect(await browser.post("/orgs/acme/security/test", []).status != 429)
        _ = await browser.get("/orgs/acme/security/test")
        let limited = await browser.post("/orgs/acme/security/test", [])
        #expect(limited.status == 429)
        #expect(limited.text.contains("<code>rate-limited</code>"))
        #expect(try await harness.lifecycle.testRuns(organizationID: "acme", by: WebHarness.operatorPrincipal).count == 1)
    }

    @Test("An unknown or another organization's test run is not found")
    func unknownRun() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        let response = await browser.get("/orgs/acme/security/test/runs/test_nothing")
        #expect(response.status == 404)
        #expect(response.text.contains("<code>test.run-not-found</code>"))
    }

    @Test("Activate is refused with the reason until a domain is verified and a test passed")
    func activationRefused() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/activation").text
        #expect(page.contains(">Activate</button>"))
        #expect(page.contains("class=\"missing\""))
        let refused = await browser.post("/orgs/acme/security/activation", [])
        #expect(refused.status == 409)
        #expect(refused.text.contains("<code>activation.requires-verified-domain</code>"))
        #expect(refused.text.contains("Activation needs at least one verified domain"))
    }

    @Test("The IdP-initiated switch is saved")
    func idpInitiated() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/activation")
        let response = await browser.post("/orgs/acme/security/activation/idp-initiated", [("allowed", "true")])
        #expect(response.status == 303)
        #expect(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.allowsIdPInitiatedSignIn)
    }

    @Test("Deactivating a connection that was never active is refused with the reason")
    func deactivateDraft() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        let confirm = await browser.get("/orgs/acme/security/activation/deactivate")
        #expect(confirm.text.contains(">Deactivate</button>"))
        let refused = await browser.post("/orgs/acme/security/activation/deactivate", [])
        #expect(refused.status == 409)
        #expect(refused.text.contains("<code>connection.not-active</code>"))
    }

    @Test("The audit log lists the changes")
    func audit() async throws {
        let harness = try await configured()
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/audit").text
        #expect(page.contains("<code>connection.created</code>"))
        #expect(page.contains("<code>organization.sso-allowed</code>"))
    }
}
