import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Domains page")
struct DomainsPageTests {
    @Test("Add a domain: a card with the TXT record to create, each value with a copy button")
    func add() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        #expect(browser.lastPage.contains("<label for=\"domain\">Domain</label>"))
        #expect(browser.lastPage.contains(">Add domain</button>"))
        let added = await browser.post("/orgs/acme/security/domains", [("domain", "Acme.Test")])
        #expect(added.status == 303)
        #expect(added.location?.hasPrefix("/orgs/acme/security/domains?notice=domain-added#domain-acme") == true)
        let page = await browser.get(try #require(added.location)).text
        let record = try #require(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        #expect(page.contains("Domain added."))
        #expect(page.contains(">acme.test</h3>"))
        #expect(page.contains(">Pending</span>"))
        #expect(page.contains(">TXT</code>"))
        #expect(page.contains(">\(record.recordName)</code>"))
        #expect(page.contains(">\(record.recordValue)</code>"))
        #expect(page.components(separatedBy: "data-copy=").count - 1 == 3)
        #expect(page.contains(">Verify</button>"))
    }

    @Test("Verify says what DNS found, then marks the domain verified once the record is there")
    func verify() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        _ = await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")])
        _ = await browser.get("/orgs/acme/security/domains")
        let first = await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")])
        #expect(first.status == 303)
        #expect(first.location?.contains("notice=domain-checked") == true)
        let notFound = await browser.get(try #require(first.location)).text
        #expect(notFound.contains("Last check,"))
        #expect(notFound.contains(">Pending</span>"))
        let record = try #require(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).first)
        harness.dns.publish(record.recordName, record.recordValue)
        let second = await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")])
        #expect(second.location?.contains("notice=domain-verified") == true)
        let verified = await browser.get(try #require(second.location)).text
        #expect(verified.contains(">Verified</span>"))
        #expect(!verified.contains(">Verify</button>"))
    }

    @Test("An expired challenge offers Verify again, which issues a new record")
    func verifyAgain() async throws {
        let harness = try await WebHarness()
        let old = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        harness.clock.advance(8 * 86_400)
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/domains").text
        #expect(page.contains(">Expired</span>"))
        #expect(page.contains(">Verify again</button>"))
        let renewed = await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")])
        #expect(renewed.location?.contains("notice=challenge-renewed") == true)
        let after = await browser.get(try #require(renewed.location)).text
        #expect(after.contains(">Pending</span>"))
        #expect(!after.contains(old.recordValue))
    }

    @Test("A refused domain is shown next to the field with its code, and what was typed is kept")
    func refused() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        let response = await browser.post("/orgs/acme/security/domains", [("domain", "localhost")])
        #expect(response.status == 422)
        #expect(response.text.contains("value=\"localhost\""))
        #expect(response.text.contains("aria-invalid=\"true\""))
        #expect(response.text.contains("<code>domain.single-label</code>"))
    }

    @Test("Remove asks for confirmation, then removes")
    func remove() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        let confirm = await browser.get("/orgs/acme/security/domains/remove?domain=acme.test")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Remove acme.test?"))
        #expect(confirm.text.contains(">Remove domain</button>"))
        #expect(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).count == 1)
        let removed = await browser.post("/orgs/acme/security/domains/remove", [("domain", "acme.test")])
        #expect(removed.status == 303)
        #expect(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).isEmpty)
    }

    @Test("DNS checks are rate limited per organization: 429 with Retry-After, then allowed again later")
    func rateLimited() async throws {
        let harness = try await WebHarness(options: SSOWebOptions(domainCheckRate: RateLimit(burst: 2, interval: 30)))
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        for _ in 0..<2 {
            #expect(await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")]).status == 303)
        }
        let limited = await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")])
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "30")
        #expect(limited.text.contains("<code>rate-limited</code>"))
        harness.clock.advance(31)
        _ = await browser.get("/orgs/acme/security/domains")
        #expect(await browser.post("/orgs/acme/security/domains/verify", [("domain", "acme.test")]).status == 303)
    }
}
