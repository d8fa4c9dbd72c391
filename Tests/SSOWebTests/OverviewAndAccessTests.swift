import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Overview, navigation and who may see what")
struct OverviewAndAccessTests {
    @Test("The overview shows the badge, the four steps and where to start")
    func overview() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        let response = await browser.get("/orgs/acme/security")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        let page = response.text
        #expect(page.contains("badge-unconfigured\">Unconfigured</span>"))
        for step in ["Verify your domains", "Configure the connection", "Test sign-in", "Activate"] {
            #expect(page.contains(step), "missing step \(step)")
        }
        #expect(page.contains(">Start configuration</a>"))
        #expect(page.contains("href=\"/orgs/acme/security/domains\""))
        #expect(page.contains("aria-current=\"page\">Overview"))
    }

    @Test("After a domain is added the badge says In progress and the button Continue configuration")
    func inProgress() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security").text
        #expect(page.contains(">In progress</span>"))
        #expect(page.contains(">Continue configuration</a>"))
    }

    @Test("A member with read permission sees the pages without any form that changes something")
    func readOnly() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                          organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser(as: "read")
        for path in ["", "/domains", "/connection", "/test", "/activation", "/setup-links", "/audit"] {
            let response = await browser.get("/orgs/acme/security\(path)")
            #expect(response.status == 200, "\(path)")
            #expect(!response.text.contains("method=\"post\""), "a form on \(path)")
        }
        let overview = await browser.get("/orgs/acme/security").text
        #expect(overview.contains("Read-only."))
        let connection = await browser.get("/orgs/acme/security/connection").text
        #expect(connection.contains("disabled"))
        #expect(connection.contains("What was understood"))
    }

    @Test("A read-only member's change is refused with permission.denied, and nothing changes")
    func readOnlyChangeRefused() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: "read")
        _ = await browser.get("/orgs/acme/security/domains")
        let token = CSRFProtection.token(secret: try #require(browser.cookies["__Host-sso_csrf"]),
                                         principalKey: try #require(WebHarness.principal("read")).description)
        let response = await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")], csrf: token)
        #expect(response.status == 403)
        #expect(response.text.contains("<code>permission.denied</code>"))
        #expect(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).isEmpty)
    }

    @Test("Without the read permission, another organization's member, or nobody: nothing is shown", arguments: [
        ("none", 403, "permission.denied"), ("other", 403, "permission.denied"), (nil, 401, "authentication.required"),
    ] as [(String?, Int, String)])
    func noAccess(who: String?, status: Int, code: String) async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("secret-acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser(as: who)
        for path in ["", "/domains", "/connection", "/test", "/activation", "/setup-links", "/audit"] {
            let response = await browser.get("/orgs/acme/security\(path)")
            #expect(response.status == status, "\(path)")
            #expect(response.text.contains("<code>\(code)</code>"))
            #expect(!response.text.contains("secret-acme.test"))
        }
    }

    @Test("The operator opens any organization's Security tab")
    func operatorSeesEverything() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: "operator")
        #expect(await browser.get("/orgs/globex/security").status == 200)
        #expect(await browser.get("/orgs/nowhere/security").status == 404)
    }

    @Test("Values from the store are escaped: an organization named like markup renders as text")
    func escaping() async throws {
        let harness = try await WebHarness(organizationName: "<script>alert(1)</script> & \"Co\"")
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security").text
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"))
    }

    @Test("Every page uses only the layer's own script and stylesheet: no inline script, style or handler")
    func noInlineScript() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                          organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser(as: "operator")
        let paths = ["/orgs/acme/security", "/orgs/acme/security/domains", "/orgs/acme/security/connection",
                     "/orgs/acme/security/test", "/orgs/acme/security/activation", "/orgs/acme/security/setup-links",
                     "/orgs/acme/security/audit", "/orgs/acme/security/connection/reset",
                     "/orgs/acme/security/connection/change-provider", "/operator/organizations", "/sign-in", "/nowhere"]
        for path in paths {
            let page = await browser.get(path).text
            #expect(page.contains("<link rel=\"stylesheet\" href=\"/assets/app.css?v="), "\(path)")
            #expect(!page.contains("<script>"), "inline script on \(path)")
            #expect(!page.contains("<style"), "inline style element on \(path)")
            #expect(page.range(of: #"\sstyle=""#, options: .regularExpression) == nil, "style attribute on \(path)")
            #expect(page.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "event handler on \(path)")
            #expect(page.components(separatedBy: "<h1").count == 2, "one h1 on \(path)")
        }
    }
}
