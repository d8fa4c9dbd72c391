import Foundation
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("CSRF, cookies, headers, limits")
struct SecurityTests {
    @Test("Every response carries the CSP without inline script and frame-ancestors 'none', and the usual headers")
    func headers() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        for path in ["/orgs/acme/security", "/sign-in", "/nowhere", "/assets/app.css"] {
            let response = await browser.get(path)
            let csp = try #require(response.headers["Content-Security-Policy"])
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["Referrer-Policy"] == "no-referrer")
        }
        #expect(await browser.get("/orgs/acme/security").headers["Cache-Control"] == "no-store")
    }

    @Test("The CSRF cookie is HttpOnly, SameSite=Lax, Secure and __Host- on https; plain on http")
    func csrfCookie() async throws {
        let secure = try await WebHarness()
        var browser = secure.browser()
        let cookie = try #require(await browser.get("/orgs/acme/security").headers["Set-Cookie"])
        #expect(cookie.hasPrefix("__Host-sso_csrf="))
        #expect(cookie.contains("Path=/; Secure; HttpOnly; SameSite=Lax"))
        // Issued once: a browser that has it is not sent a new one.
        #expect(await browser.get("/orgs/acme/security").headers["Set-Cookie"] == nil)

        let plain = try await WebHarness(baseURL: "http://127.0.0.1:8080")
        var local = plain.browser()
        let localCookie = try #require(await local.get("/orgs/acme/security").headers["Set-Cookie"])
        #expect(localCookie.hasPrefix("sso_csrf="))
        #expect(!localCookie.contains("Secure"))
    }

    @Test("A form without the CSRF cookie, without the token, or with a wrong or another principal's token is refused")
    func csrfRefusals() async throws {
        let harness = try await WebHarness()
        // No cookie at all.
        var fresh = harness.browser()
        let missing = await fresh.post("/orgs/acme/security/domains", [("domain", "acme.test")], csrf: "whatever")
        #expect(missing.status == 403)
        #expect(missing.text.contains("<code>csrf.missing</code>"))
        // Cookie, no token.
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        let noToken = await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")], csrf: "")
        #expect(noToken.status == 403)
        #expect(noToken.text.contains("<code>csrf.invalid</code>"))
        // A token of another principal with the same cookie (bound to who acts).
        let secret = try #require(browser.cookies["__Host-sso_csrf"])
        let someoneElse = CSRFProtection.token(secret: secret, principalKey: WebHarness.operatorPrincipal.description)
        #expect(await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")], csrf: someoneElse).status == 403)
        // Another browser's token.
        var other = harness.browser()
        _ = await other.get("/orgs/acme/security/domains")
        #expect(await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")], csrf: other.csrfToken).status == 403)
        #expect(try await harness.lifecycle.domains(organizationID: "acme", by: WebHarness.operatorPrincipal).isEmpty)
        // The right one works.
        _ = await browser.get("/orgs/acme/security/domains")
        #expect(await browser.post("/orgs/acme/security/domains", [("domain", "acme.test")]).status == 303)
    }

    @Test("Every state-changing form carries the CSRF token")
    func everyFormHasToken() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.addDomain("acme.test", organizationID: "acme", by: WebHarness.operatorPrincipal)
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml",
                                                          organizationID: "acme", by: WebHarness.operatorPrincipal)
        _ = try await harness.lifecycle.createSetupLink(organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser(as: "operator")
        for path in ["/orgs/acme/security/domains", "/orgs/acme/security/connection", "/orgs/acme/security/test",
                     "/orgs/acme/security/activation", "/orgs/acme/security/setup-links", "/orgs/acme/security/connection/reset",
                     "/orgs/acme/security/activation/deactivate", "/operator/organizations", "/sign-in", "/setup/abcdefabcdefabcdef"] {
            let page = await browser.get(path).text
            let forms = page.components(separatedBy: "<form method=\"post\"").dropFirst()
            #expect(!forms.isEmpty, "no form on \(path)")
            for form in forms {
                let body = form.components(separatedBy: "</form>")[0]
                #expect(body.contains("name=\"_csrf\""), "a form without a token on \(path)")
            }
        }
    }

    @Test("An oversized body is refused with 413 before anything is parsed")
    func oversized() async throws {
        let harness = try await WebHarness(options: SSOWebOptions(maximumBodyBytes: 1000))
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/domains")
        let response = await browser.post("/orgs/acme/security/domains", [("domain", String(repeating: "a", count: 2000))])
        #expect(response.status == 413)
        #expect(response.text.contains("<code>request.too-large</code>"))
    }

    @Test("A malformed multipart body or an unexpected content type is refused with a page", arguments: [
        ("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", 400, "form.malformed"),
        ("multipart/form-data", "--XYZ--", 400, "form.malformed"),
        ("application/json", "{}", 415, "form.unsupported-media-type"),
    ])
    func badForms(contentType: String, body: String, status: Int, code: String) async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/connection")
        let response = await browser.send(WebRequest(method: "POST", target: "/orgs/acme/security/connection",
                                                      headers: ["Content-Type": contentType], body: Data(body.utf8)))
        #expect(response.status == status)
        #expect(response.text.contains("<code>\(code)</code>"))
    }

    @Test("Unknown addresses are 404, wrong methods 405 with Allow, HEAD has no body")
    func routing() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        #expect(await browser.get("/orgs/acme/security/nothing").status == 404)
        #expect(await browser.get("/orgs/bad%20id/security").status == 404)
        let wrong = await browser.send(WebRequest(method: "DELETE", target: "/orgs/acme/security"))
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "GET, HEAD")
        let head = await browser.send(WebRequest(method: "HEAD", target: "/orgs/acme/security"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test("The stylesheet and script are served, cached by version, revalidated by ETag")
    func assets() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser(as: nil)
        let css = await browser.get("/assets/app.css?v=\(Assets.stylesheetVersion)")
        #expect(css.status == 200)
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(css.headers["Set-Cookie"] == nil)
        let js = await browser.get("/assets/app.js")
        #expect(js.headers["Content-Type"] == "text/javascript; charset=utf-8")
        let etag = try #require(js.headers["ETag"])
        let revalidated = await browser.send(WebRequest(method: "GET", target: "/assets/app.js", headers: ["If-None-Match": etag]))
        #expect(revalidated.status == 304)
        #expect(await browser.get("/assets/other.js").status == 404)
    }

    @Test("A mount path prefixes every address and link")
    func mountPath() async throws {
        let harness = try await WebHarness(baseURL: "https://app.example.test/auth")
        #expect(harness.app.mountPath == "/auth")
        var browser = harness.browser()
        let page = await browser.get("/auth/orgs/acme/security")
        #expect(page.status == 200)
        #expect(page.text.contains("href=\"/auth/orgs/acme/security/domains\""))
        #expect(page.text.contains("/auth/assets/app.css"))
        #expect(!harness.app.handles(WebRequest(method: "GET", path: "/orgs/acme/security")))
        #expect(await browser.get("/orgs/acme/security").status == 404)
    }

    @Test("Store failures are shown with a fixed message, never the store's text")
    func storeFailureHidden() async throws {
        let refusal = WebRefusal(LifecycleError(.storeFailure, "The database refused the operation: /var/lib/sso/store.sqlite: disk I/O error"))
        #expect(!refusal.message.contains("/var/lib"))
        #expect(refusal.status == 500)
        #expect(refusal.code == "store.failure")
    }
}
