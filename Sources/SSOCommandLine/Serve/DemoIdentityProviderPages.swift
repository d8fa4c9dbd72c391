import Foundation
import SAML
import SelfServeSSO
import SelfServeSSOTestKit

/// `sso serve --demo`'s identity provider: the test kit's IdP served as pages by the same
/// server, so a newcomer clicks through the whole flow with nothing else installed.
///
/// `/demo-idp/metadata` is its metadata (to upload on the Connection page),
/// `/demo-idp/sso` receives AuthnRequests (both bindings) and shows the request and a choice
/// of people, and `/demo-idp/respond` signs the response for the chosen person and posts it
/// to the ACS URL the request named. There is no password: it is a stand-in for an IdP.
struct DemoIdentityProviderPages: Sendable {
    static let prefix = "/demo-idp"
    /// The organization the demo creates.
    static let organizationID = "demo"
    static let organizationName = "Demo Company"
    /// The domain the walkthrough suggests.
    static let suggestedDomain = "demo-company.test"

    let idp: TestIdentityProvider
    let lifecycle: SelfServeLifecycle
    let publishTXT: @Sendable (_ name: String, _ values: [String]) -> Void

    /// Creates the pages with a new signing key, the IdP living at `baseURL/demo-idp`.
    /// - Parameter publishTXT: Publishes a TXT record in the demo's DNS responder.
    init(baseURL: String, lifecycle: SelfServeLifecycle, publishTXT: @escaping @Sendable (String, [String]) -> Void) throws {
        guard let ssoURL = URL(string: baseURL + Self.prefix + "/sso") else {
            throw TestIdentityProviderError(.requestInvalid, "The demo's base URL \(baseURL) does not make a URL.")
        }
        idp = try TestIdentityProvider(entityID: baseURL + Self.prefix + "/metadata", ssoURL: ssoURL)
        self.lifecycle = lifecycle
        self.publishTXT = publishTXT
    }

    /// Publishes the TXT challenge of every domain the demo organization added, as its
    /// admin would at a DNS provider, so Verify finds it.
    func publishChallenges() async {
        guard let domains = try? await lifecycle.domains(organizationID: Self.organizationID, by: .operator(name: "demo")) else { return }
        for domain in domains where domain.storedStatus != .verified {
            publishTXT(domain.recordName, [domain.recordValue])
        }
    }

    func respond(to request: WebRequest) async -> WebResponse {
        let path = String(request.path.dropFirst(Self.prefix.count))
        switch (request.method, path) {
        case ("GET", "/metadata"), ("HEAD", "/metadata"):
            return WebResponse(status: 200, headers: [
                "Content-Type": "application/samlmetadata+xml; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"demo-idp-metadata.xml\"",
                "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
            ], body: request.method == "HEAD" ? Data() : Data(idp.metadataXML.utf8))
        case ("GET", "/sso"):
            guard let url = URL(string: idp.ssoURL.absoluteString + "?" + request.query) else {
                return refusal("The request's address could not be read.")
            }
            return await loginPage(Result { () throws(TestIdentityProviderError) in try idp.parseAuthnRequest(redirectURL: url) },
                                   carry: [("binding", "redirect"), ("query", request.query)])
        case ("POST", "/sso"):
            let form = Self.form(request)
            let samlRequest = form["SAMLRequest"] ?? ""
            let relayState = form["RelayState"]
            return await loginPage(Result { () throws(TestIdentityProviderError) in try idp.parseAuthnRequest(samlRequest: samlRequest, relayState: relayState) },
                                   carry: [("binding", "post"), ("SAMLRequest", samlRequest), ("RelayState", relayState ?? "")])
        case ("POST", "/respond"):
            return await signIn(Self.form(request))
        default:
            return ReferenceHost.page(title: "Not found", body: "<p>The demo identity provider has no page here.</p>", status: 404)
        }
    }

    /// The login page: what the service provider asked for, and who signs in.
    private func loginPage(_ parsed: Result<ReceivedAuthnRequest, TestIdentityProviderError>, carry: [(String, String)]) async -> WebResponse {
        let request: ReceivedAuthnRequest
        switch parsed {
        case .success(let value): request = value
        case .failure(let error): return refusal("\(error.message) [\(error.code.rawValue)]")
        }
        let escape = MarkupEscaping.html
        let people = await people()
        let choices = people.enumerated().map { index, person in
            """
            <div class="mode"><input class="mode-radio" type="radio" name="email" id="person-\(index)" value="\(escape(person.email))"\(index == 0 ? " checked" : "")>
            <label class="mode-choice" for="person-\(index)">\(escape(person.email))<span class="summary">\(escape(person.note))</span></label></div>
            """
        }.joined(separator: "\n")
        let hidden = carry.map { "<input type=\"hidden\" name=\"\(escape($0.0))\" value=\"\(escape($0.1))\">" }.joined()
        let body = """
            <p class="lead">This page stands in for your company's identity provider (Okta, Microsoft Entra ID, Google Workspace…). A real one would ask for a password; this one lets you pick who signs in.</p>
            <h2>What the application asked for</h2>
            <dl class="facts">
            <dt>Request ID</dt><dd><code>\(escape(request.id))</code></dd>
            <dt>From (SP entity ID)</dt><dd><code>\(escape(request.issuer))</code></dd>
            <dt>Reply to (ACS URL)</dt><dd><code>\(escape(request.assertionConsumerServiceURL))</code></dd>
            <dt>Binding</dt><dd>\(request.binding == .httpPOST ? "HTTP-POST" : "HTTP-Redirect")</dd>
            <dt>RelayState</dt><dd>\(request.relayState == nil ? "none" : "sent (returned unchanged with the response)")</dd>
            </dl>
            <details><summary>The AuthnRequest as XML</summary><pre><code>\(escape(request.xml))</code></pre></details>
            <h2>Who signs in?</h2>
            <form method="post" action="\(Self.prefix)/respond">
            \(hidden)
            <fieldset class="modes"><legend>Person</legend>
            \(choices)
            </fieldset>
            <div class="actions"><button type="submit">Sign in</button></div>
            </form>
            """
        return ReferenceHost.page(title: "Demo identity provider", body: body)
    }

    /// Signs the response for the chosen person and posts it to the ACS URL.
    private func signIn(_ form: [String: String]) async -> WebResponse {
        let parsed: Result<ReceivedAuthnRequest, TestIdentityProviderError>
        if form["binding"] == "post" {
            parsed = Result { () throws(TestIdentityProviderError) in
                try idp.parseAuthnRequest(samlRequest: form["SAMLRequest"] ?? "", relayState: (form["RelayState"] ?? "").isEmpty ? nil : form["RelayState"])
            }
        } else if let url = URL(string: idp.ssoURL.absoluteString + "?" + (form["query"] ?? "")) {
            parsed = Result { () throws(TestIdentityProviderError) in try idp.parseAuthnRequest(redirectURL: url) }
        } else {
            return refusal("The request could not be read again.")
        }
        let request: ReceivedAuthnRequest
        switch parsed {
        case .success(let value): request = value
        case .failure(let error): return refusal("\(error.message) [\(error.code.rawValue)]")
        }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let person = await people().first { $0.email == email }
        let user = TestUser(email: email.isEmpty ? "nobody@\(Self.suggestedDomain)" : email,
                            firstName: person?.firstName, lastName: person?.lastName,
                            extraAttributes: person.map { ["department": [$0.department]] } ?? [:])
        let minted: MintedResponse
        do {
            minted = try idp.response(to: request, user: user, now: lifecycle.environment.now())
        } catch {
            return refusal("The response could not be signed: \(error)")
        }
        let escape = MarkupEscaping.html
        let relay = minted.relayState.map { "<input type=\"hidden\" name=\"RelayState\" value=\"\(escape($0))\">" } ?? ""
        let body = """
            <p>Signed a response for <strong>\(escape(user.email))</strong>. It is being posted to <code>\(escape(minted.acsURL))</code>; if nothing happens, press Continue.</p>
            <form method="post" action="\(escape(minted.acsURL))" data-autosubmit>
            <input type="hidden" name="SAMLResponse" value="\(escape(minted.samlResponse))">\(relay)
            <div class="actions"><button type="submit">Continue</button></div>
            </form>
            <details><summary>The signed response as XML</summary><pre><code>\(escape(minted.xml))</code></pre></details>
            """
        return ReferenceHost.page(title: "Signing you in", body: body)
    }

    private struct Person {
        let email: String
        let firstName: String?
        let lastName: String?
        let department: String
        let note: String
    }

    /// Two people per domain of the demo organization, and one of another company.
    private func people() async -> [Person] {
        let domains = (try? await lifecycle.domains(organizationID: Self.organizationID, by: .operator(name: "demo")))?.map(\.name) ?? []
        var people: [Person] = []
        for domain in domains.isEmpty ? [Self.suggestedDomain] : domains {
            people.append(Person(email: "alice@\(domain)", firstName: "Alice", lastName: "Ng", department: "Finance",
                                 note: "Alice Ng, Finance"))
            people.append(Person(email: "bob@\(domain)", firstName: "Bob", lastName: "Stone", department: "Engineering",
                                 note: "Bob Stone, Engineering"))
        }
        people.append(Person(email: "mallory@other-company.test", firstName: "Mallory", lastName: "Smith", department: "Sales",
                             note: "Someone of another company: the application must refuse this sign-in"))
        return people
    }

    private func refusal(_ message: String) -> WebResponse {
        ReferenceHost.page(title: "The demo identity provider refused the request",
                           body: "<div class=\"notice notice-error\" role=\"alert\"><p>\(MarkupEscaping.html(message))</p></div>", status: 400)
    }

    /// A URL-encoded form body as a dictionary (first value of each name).
    private static func form(_ request: WebRequest) -> [String: String] {
        var result: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            let name = decode(parts[0])
            if result[name] == nil { result[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return result
    }

    /// The steps of the demo, for the home page.
    func walkthrough(organizationID: String) -> String {
        let security = "/orgs/\(URLEncoding.path(organizationID))/security"
        return """
            <h2>Try the whole flow</h2>
            <ol>
            <li>Open the <a href="\(security)/domains">Domains</a> page and add <code>\(Self.suggestedDomain)</code>. The demo publishes its TXT record in its own DNS server at once: press <strong>Verify</strong>.</li>
            <li>On the <a href="\(security)/connection">Connection</a> page choose <strong>Generic SAML 2.0</strong>, pick <strong>Metadata file</strong> and upload <a href="\(Self.prefix)/metadata">the demo identity provider's metadata</a>. Save.</li>
            <li>On the <a href="\(security)/test">Test</a> page press <strong>Run test sign-in</strong>, and sign in at the demo identity provider as alice.</li>
            <li>On the <a href="\(security)/activation">Activation</a> page press <strong>Activate</strong>.</li>
            <li>Open <a href="/sign-in">the sign-in page</a> and sign in as <code>alice@\(Self.suggestedDomain)</code>: this page then shows who signed in.</li>
            </ol>
            """
    }
}
