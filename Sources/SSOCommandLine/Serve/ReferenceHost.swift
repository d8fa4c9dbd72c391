import Foundation
import SAML
import SelfServeSSO

/// The host `sso serve` runs: the web layer mounted at the root, a home page that shows who
/// signed in through SSO, and (with `--demo`) the test identity provider's pages.
///
/// It is what a real host does in its own framework, in a few dozen lines: authenticate the
/// request (here: `--dev-member`), create a session when the web layer hands over a signed-in
/// person, and pass every other request to the web layer.
struct ReferenceHost: Sendable {
    let lifecycle: SelfServeLifecycle
    let web: SSOWebApplication
    let demo: DemoIdentityProviderPages?
    let devMember: String?
    private let sessions: SignedInSessions
    private let sessionCookie: String
    private let secureCookies: Bool

    /// Creates the host.
    /// - Parameters:
    ///   - lifecycle: The lifecycle.
    ///   - devMember: With `--dev-member ORG`, every request acts as a member of ORG holding
    ///     `org:sys_entconns:manage` (and, in the demo, the operator's pages act as the operator).
    ///   - demo: The demo IdP's pages, or nil.
    ///   - nameserver: The nameserver for TXT checks, or nil.
    init(lifecycle: SelfServeLifecycle, devMember: String?, demo: DemoIdentityProviderPages?, nameserver: Nameserver?,
         errorLog: @escaping @Sendable (String) -> Void) {
        let sessions = SignedInSessions()
        let secure = lifecycle.settings.serviceProviderBaseURL.lowercased().hasPrefix("https://")
        let cookie = secure ? "__Host-sso_serve_session" : "sso_serve_session"
        let isDemo = demo != nil
        let now = lifecycle.environment.now
        self.lifecycle = lifecycle
        self.devMember = devMember
        self.demo = demo
        self.sessions = sessions
        sessionCookie = cookie
        secureCookies = secure
        web = SSOWebApplication(
            lifecycle: lifecycle,
            // Mounted at the base URL's path, where the ACS and metadata URLs point.
            options: SSOWebOptions(applicationName: "SelfServeSSO", nameserver: nameserver, errorLog: errorLog),
            authenticate: { request in
                if isDemo, request.path.hasPrefix("/operator/") { return .operator(name: "demo") }
                guard let devMember else { return nil }
                return .member(organizationID: devMember, userID: "dev", permissions: [.manage])
            },
            completeSignIn: { signIn in
                let token = await sessions.open(signIn.user, now: now())
                var response = WebResponse.seeOther(signIn.returnTo == "/" ? "/signed-in" : signIn.returnTo)
                response.setCookie(WebCookie(name: cookie, value: token, path: "/", maxAge: 8 * 3600, secure: secure,
                                             httpOnly: true, sameSite: .lax))
                return response
            })
    }

    /// Answers one request.
    func respond(to incoming: WebRequest) async -> WebResponse {
        var request = incoming
        // Behind a TLS-terminating proxy on this machine, every connection comes from
        // loopback: the client is the address the proxy saw, the last X-Forwarded-For entry.
        // (A client that reaches a loopback port directly is on this machine already.)
        if let peer = request.remoteAddress, ListeningSocket.isLoopback(peer),
           let forwarded = request.headers.values("X-Forwarded-For").last?.split(separator: ",").last {
            let client = forwarded.trimmingCharacters(in: .whitespaces)
            if !client.isEmpty, client.utf8.count <= 64 { request.remoteAddress = client }
        }
        if let demo, request.path.hasPrefix(DemoIdentityProviderPages.prefix) {
            return await demo.respond(to: request)
        }
        if request.path == "/" || request.path == "/signed-in" {
            guard request.method == "GET" || request.method == "HEAD" else {
                return WebResponse(status: 405, headers: ["Allow": "GET, HEAD", "Content-Type": "text/plain; charset=utf-8"],
                                   body: Data("This page answers GET.\n".utf8))
            }
            var response = await homePage(request)
            if request.method == "HEAD" { response.body = Data() }
            return response
        }
        let response = await web.respond(to: request)
        if let demo, request.method == "POST", request.path.contains("/security/domains") {
            await demo.publishChallenges()
        }
        return response
    }

    /// Who signed in, with links to the Security tab and the sign-in page.
    private func homePage(_ request: WebRequest) async -> WebResponse {
        var user: SignedInUser?
        if let token = request.cookies[sessionCookie], (16...128).contains(token.utf8.count) {
            user = await sessions.user(token: token, now: lifecycle.environment.now())
        }
        var organizationName: String?
        if let user {
            organizationName = try? await lifecycle.organization(user.organizationID, by: .operator(name: "sso-serve")).name
        }
        let escape = MarkupEscaping.html
        var body = ""
        if let user {
            body += """
                <div class="notice notice-success" role="status"><p><strong>Signed in</strong> as <strong>\(escape(user.email))</strong> of <strong>\(escape(organizationName ?? user.organizationID))</strong> (organization <code>\(escape(user.organizationID))</code>), through single sign-on.</p></div>
                <dl class="facts"><dt>Email</dt><dd>\(escape(user.email))</dd><dt>Name</dt><dd>\(escape([user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")))</dd><dt>Organization</dt><dd>\(escape(organizationName ?? user.organizationID))</dd><dt>Identity provider</dt><dd><code>\(escape(user.issuer))</code></dd></dl>

                """
        } else if request.path == "/signed-in" {
            body += "<div class=\"notice notice-warning\"><p>Nobody is signed in in this browser.</p></div>\n"
        }
        body += "<ul>\n"
        if let devMember {
            body += "<li><a href=\"\(escape(web.mountPath))/orgs/\(escape(URLEncoding.path(devMember)))/security\">Security tab of \(escape(devMember))</a> (you act as a member with org:sys_entconns:manage)</li>\n"
        }
        body += "<li><a href=\"\(escape(web.mountPath))/sign-in\">Sign in with SSO</a></li>\n"
        if demo != nil {
            body += "<li><a href=\"/operator/organizations\">Operator: organizations</a></li>\n"
            body += "<li><a href=\"\(DemoIdentityProviderPages.prefix)/metadata\">The demo identity provider's metadata</a></li>\n"
        }
        body += "</ul>\n"
        if let demo {
            body += demo.walkthrough(organizationID: devMember ?? DemoIdentityProviderPages.organizationID)
        }
        return Self.page(title: user == nil ? "SelfServeSSO" : "Signed in", body: body)
    }

    /// A page of the reference host, in the web layer's frame and stylesheet.
    static func page(title: String, body: String, status: Int = 200) -> WebResponse {
        let escape = MarkupEscaping.html
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="referrer" content="no-referrer">
            <title>\(escape(title))</title>
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>
            <body>
            <header class="topbar"><div class="topbar-inner"><div class="brand"><a href="/">SelfServeSSO</a> <span class="org">· sso serve</span></div></div></header>
            <div class="frame"><main id="main">
            <h1>\(escape(title))</h1>
            \(body)
            </main></div>
            </body>
            </html>

            """
        return WebResponse(status: status, headers: [
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
        ], body: Data(html.utf8))
    }
}

/// Percent-encoding for path segments the reference host writes.
enum URLEncoding {
    static func path(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? ""
    }
}
