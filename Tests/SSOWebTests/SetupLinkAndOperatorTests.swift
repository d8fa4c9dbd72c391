import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Setup links and the operator's pages")
struct SetupLinkAndOperatorTests {
    /// Creates a link through the page and returns its path.
    private func createLink(_ browser: inout Browser, days: String = "7") async throws -> String {
        _ = await browser.get("/orgs/acme/security/setup-links")
        let created = await browser.post("/orgs/acme/security/setup-links", [("note", "Jane at Acme IT"), ("days", days)])
        #expect(created.status == 200)
        #expect(created.text.contains("Setup link created"))
        let prefix = "\(WebHarness.baseURL)/setup/"
        let range = try #require(created.text.range(of: prefix))
        let token = created.text[range.upperBound...].prefix { $0 != "<" }
        return "/setup/\(token)"
    }

    @Test("Create (7 days by default), list, exchange once for a session scoped to the organization")
    func exchange() async throws {
        let harness = try await WebHarness()
        var admin = harness.browser()
        let page = await admin.get("/orgs/acme/security/setup-links").text
        #expect(page.contains("<option value=\"7\" selected>7 days</option>"))
        let path = try await createLink(&admin)
        let links = try await harness.lifecycle.setupLinks(organizationID: "acme", by: WebHarness.operatorPrincipal)
        #expect(links.count == 1)
        #expect(links[0].expiresAt == harness.clock.now.addingTimeInterval(7 * 86_400))
        #expect(await admin.get("/orgs/acme/security/setup-links").text.contains("Jane at Acme IT"))

        var outsider = harness.browser(as: nil)
        #expect(await outsider.get("/orgs/acme/security").status == 401)
        let ask = await outsider.get(path)
        #expect(ask.status == 200)
        #expect(ask.text.contains(">Continue</button>"))
        // Opening the link (GET) does not use it up.
        #expect(try await harness.lifecycle.setupLinks(organizationID: "acme", by: WebHarness.operatorPrincipal)[0].usedAt == nil)
        let redeemed = await outsider.post(path, [])
        #expect(redeemed.status == 303)
        #expect(redeemed.location == "/orgs/acme/security")
        let session = try #require(redeemed.headers.values("Set-Cookie").first { $0.hasPrefix("__Host-sso_setup=") })
        #expect(session.contains("HttpOnly"))
        #expect(session.contains("Secure"))
        #expect(session.contains("SameSite=Lax"))
        let overview = await outsider.get("/orgs/acme/security")
        #expect(overview.status == 200)
        #expect(overview.text.contains("Signed in with a setup link"))
        // Scoped: another organization stays closed.
        #expect(await outsider.get("/orgs/globex/security").status == 401)
        // It manages: adding a domain works.
        _ = await outsider.get("/orgs/acme/security/domains")
        #expect(await outsider.post("/orgs/acme/security/domains", [("domain", "acme.test")]).status == 303)

        // Once only.
        var second = harness.browser(as: nil)
        _ = await second.get(path)
        let again = await second.post(path, [])
        #expect(again.status == 410)
        #expect(again.text.contains("<code>setup-link.already-used</code>"))

        // Ending the session closes it.
        _ = await outsider.get("/orgs/acme/security")
        let ended = await outsider.post("/setup-session/end", [])
        #expect(ended.status == 200)
        #expect(await outsider.get("/orgs/acme/security").status == 401)
    }

    @Test("A setup-link session works on every server sharing the store; revoking the link, or the clock, ends it everywhere")
    func sessionAcrossServers() async throws {
        let harness = try await WebHarness()
        // A second server: its own web layer (nothing of the first's memory), the same store.
        let other = SSOWebApplication(lifecycle: harness.lifecycle, authenticate: { _ in nil },
                                      completeSignIn: { _ in .seeOther("/") })
        var admin = harness.browser()
        let path = try await createLink(&admin)
        var jane = harness.browser(as: nil)
        _ = await jane.get(path)
        #expect(await jane.post(path, []).status == 303)
        let cookie = try #require(jane.cookies["__Host-sso_setup"])
        #expect(cookie.hasPrefix("link_") && cookie.contains("."))

        var janeOnOther = Browser(app: other, who: nil)
        janeOnOther.cookies = jane.cookies
        let overview = await janeOnOther.get("/orgs/acme/security")
        #expect(overview.status == 200)
        #expect(overview.text.contains("Signed in with a setup link"))
        _ = await janeOnOther.get("/orgs/acme/security/domains")
        #expect(await janeOnOther.post("/orgs/acme/security/domains", [("domain", "acme.test")]).status == 303)

        // The admin sees the link in use, and revoking it ends the session on both servers.
        let list = await admin.get("/orgs/acme/security/setup-links").text
        #expect(list.contains(">In use</span>"))
        #expect(list.contains(">Revoke and end session</button>"))
        let link = try #require(try await harness.lifecycle.setupLinks(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        #expect(await admin.post("/orgs/acme/security/setup-links/revoke", [("link", link.id)]).status == 303)
        #expect(await janeOnOther.get("/orgs/acme/security").status == 401)
        #expect(await jane.get("/orgs/acme/security").status == 401)

        // Another link's session ends by itself after 8 hours (the default).
        let second = try await createLink(&admin)
        var joe = harness.browser(as: nil)
        _ = await joe.get(second)
        #expect(await joe.post(second, []).status == 303)
        harness.clock.advance(8 * 3600 - 1)
        #expect(await joe.get("/orgs/acme/security").status == 200)
        harness.clock.advance(1)
        #expect(await joe.get("/orgs/acme/security").status == 401)

        // A cookie with a changed secret is nobody.
        var forger = Browser(app: other, who: nil)
        forger.cookies["__Host-sso_setup"] = String(cookie.dropLast()) + (cookie.hasSuffix("A") ? "B" : "A")
        #expect(await forger.get("/orgs/acme/security").status == 401)
    }

    @Test("A revoked link cannot be exchanged")
    func revoked() async throws {
        let harness = try await WebHarness()
        var admin = harness.browser()
        let path = try await createLink(&admin)
        let link = try #require(try await harness.lifecycle.setupLinks(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        _ = await admin.get("/orgs/acme/security/setup-links")
        #expect(admin.lastPage.contains(">Revoke</button>"))
        let revoked = await admin.post("/orgs/acme/security/setup-links/revoke", [("link", link.id)])
        #expect(revoked.status == 303)
        #expect(await admin.get("/orgs/acme/security/setup-links").text.contains(">Revoked</span>"))
        var outsider = harness.browser(as: nil)
        _ = await outsider.get(path)
        let refused = await outsider.post(path, [])
        #expect(refused.status == 410)
        #expect(refused.text.contains("<code>setup-link.revoked</code>"))
    }

    @Test("A made-up link is refused; a lifetime not offered is refused")
    func invalid() async throws {
        let harness = try await WebHarness()
        var outsider = harness.browser(as: nil)
        _ = await outsider.get("/setup/not-a-real-token-at-all")
        let refused = await outsider.post("/setup/not-a-real-token-at-all", [])
        #expect(refused.status == 404)
        #expect(refused.text.contains("<code>setup-link.not-found</code>"))
        var admin = harness.browser()
        _ = await admin.get("/orgs/acme/security/setup-links")
        let badDays = await admin.post("/orgs/acme/security/setup-links", [("days", "365")])
        #expect(badDays.status == 422)
    }

    @Test("The operator lists organizations and flips the switch; the organization's pages follow")
    func operatorSwitch() async throws {
        let harness = try await WebHarness()
        var ops = harness.browser(as: "operator")
        let page = await ops.get("/operator/organizations").text
        #expect(page.contains("Allow this organization to set up SSO</label>"))
        #expect(page.contains(">Acme Corp</a>"))
        #expect(page.contains(">Globex</a>"))
        let off = await ops.post("/operator/organizations/acme/sso-allowed", [])
        #expect(off.status == 303)
        #expect(try await harness.lifecycle.organization("acme", by: WebHarness.operatorPrincipal).ssoAllowed == false)
        var admin = harness.browser()
        let overview = await admin.get("/orgs/acme/security/domains").text
        #expect(overview.contains("SSO setup is not allowed yet."))
        #expect(!overview.contains(">Add domain</button>"))
        _ = await ops.get("/operator/organizations")
        _ = await ops.post("/operator/organizations/acme/sso-allowed", [("allowed", "true")])
        #expect(try await harness.lifecycle.organization("acme", by: WebHarness.operatorPrincipal).ssoAllowed)
    }

    @Test("The operator adds an organization; a bad id is shown next to the form")
    func createOrganization() async throws {
        let harness = try await WebHarness()
        var ops = harness.browser(as: "operator")
        _ = await ops.get("/operator/organizations")
        #expect(await ops.post("/operator/organizations", [("id", "initech"), ("name", "Initech")]).status == 303)
        #expect(try await harness.lifecycle.organization("initech", by: WebHarness.operatorPrincipal).name == "Initech")
        _ = await ops.get("/operator/organizations")
        let bad = await ops.post("/operator/organizations", [("id", "-bad id"), ("name", "Bad")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("<code>organization.invalid-id</code>"))
    }

    @Test("Only the operator opens the operator's pages", arguments: ["manage", "read"])
    func operatorOnly(who: String) async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: who)
        let response = await browser.get("/operator/organizations")
        #expect(response.status == 403)
        #expect(response.text.contains("<code>permission.denied</code>"))
        var nobody = harness.browser(as: nil)
        #expect(await nobody.get("/operator/organizations").status == 401)
    }
}
