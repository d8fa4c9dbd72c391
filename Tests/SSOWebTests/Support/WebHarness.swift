import Foundation
import SelfServeSSO
import SSOLifecycle
@testable import SSOWeb
import Testing

/// A clock tests move by hand (no wall clock anywhere in these tests).
final class TestClock: @unchecked Sendable {
    // @unchecked: every access to `date` holds `lock`.
    private let lock = NSLock()
    private var date: Date

    init(_ date: Date) { self.date = date }

    var now: Date { lock.withLock { date } }

    func advance(_ seconds: TimeInterval) { lock.withLock { date = date.addingTimeInterval(seconds) } }
}

/// TXT records tests publish by hand.
final class TestDNS: TXTResolving, @unchecked Sendable {
    // @unchecked: every access to `records` holds `lock`.
    private let lock = NSLock()
    private var records: [String: [String]] = [:]

    func publish(_ name: String, _ value: String) { lock.withLock { records[name.lowercased(), default: []].append(value) } }

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        let values = lock.withLock { records[name.lowercased()] }
        guard let values else { return TXTLookup(outcome: .nameNotFound) }
        return TXTLookup(outcome: .answered, records: values.map { [$0] })
    }
}

/// A lifecycle on an in-memory store with one organization (`acme`, "Acme Corp", allowed to
/// set up SSO), and the web layer over it. Who acts comes from the `X-Test-As` header.
struct WebHarness {
    static let baseURL = "https://app.example.test"
    /// The examples' reference date: the providers' example certificates are valid then.
    static let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    let lifecycle: SelfServeLifecycle
    let app: SSOWebApplication
    let clock: TestClock
    let dns: TestDNS

    static let operatorPrincipal = Principal.operator(name: "ops")

    static func principal(_ name: String?) -> Principal? {
        switch name {
        case "operator": operatorPrincipal
        case "manage": .member(organizationID: "acme", userID: "alice", permissions: [.manage])
        case "read": .member(organizationID: "acme", userID: "rita", permissions: [.read])
        case "none": .member(organizationID: "acme", userID: "nina", permissions: [])
        case "other": .member(organizationID: "globex", userID: "gus", permissions: [.manage])
        default: nil
        }
    }

    init(options: SSOWebOptions = SSOWebOptions(), baseURL: String = WebHarness.baseURL, organizationName: String = "Acme Corp") async throws {
        let clock = TestClock(Self.start)
        let dns = TestDNS()
        let settings = try LifecycleSettings(serviceProviderBaseURL: baseURL, applicationName: "Example App")
        lifecycle = SelfServeLifecycle(registry: BuiltInProviders.registry(), store: InMemoryStore(), settings: settings,
                                       environment: LifecycleEnvironment(now: { clock.now }, txtResolver: dns, metadataFetcher: nil))
        _ = try await lifecycle.createOrganization(id: "acme", name: organizationName, by: Self.operatorPrincipal)
        _ = try await lifecycle.setSSOAllowed(true, organizationID: "acme", by: Self.operatorPrincipal)
        _ = try await lifecycle.createOrganization(id: "globex", name: "Globex", by: Self.operatorPrincipal)
        app = SSOWebApplication(lifecycle: lifecycle, options: options,
            authenticate: { request in WebHarness.principal(request.headers["X-Test-As"]) },
            completeSignIn: { signIn in
                var response = WebResponse.seeOther(signIn.returnTo)
                response.setCookie(WebCookie(name: "host_session", value: "user-\(signIn.user.email)", secure: true))
                return response
            })
        self.clock = clock
        self.dns = dns
    }

    /// A browser acting as `who`.
    func browser(as who: String? = "manage") -> Browser {
        Browser(app: app, who: who)
    }
}

/// A browser: keeps cookies, reads the CSRF token from the last page, posts forms.
struct Browser {
    let app: SSOWebApplication
    var who: String?
    var cookies: [String: String] = [:]
    var lastPage = ""

    init(app: SSOWebApplication, who: String?) {
        self.app = app
        self.who = who
    }

    /// The CSRF token of the last page's first form.
    var csrfToken: String? {
        guard let range = lastPage.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = lastPage[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    mutating func send(_ request: WebRequest) async -> WebResponse {
        var request = request
        if let who { request.headers.set("X-Test-As", who) }
        if !cookies.isEmpty {
            request.headers.set("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = await app.respond(to: request)
        for header in response.headers.values("Set-Cookie") {
            let pair = header.split(separator: ";")[0]
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if response.headers["Content-Type"]?.hasPrefix("text/html") == true { lastPage = response.text }
        return response
    }

    mutating func get(_ target: String) async -> WebResponse {
        await send(WebRequest(method: "GET", target: target))
    }

    /// Posts a URL-encoded form, adding the CSRF token of the last page unless `csrf` is given.
    mutating func post(_ target: String, _ fields: [(String, String)], csrf: String? = nil, remoteAddress: String? = nil) async -> WebResponse {
        var all = fields
        if let token = csrf ?? csrfToken { all.append(("_csrf", token)) }
        let body = all.map { "\(URLEncodedForm.encode($0.0))=\(URLEncodedForm.encode($0.1))" }.joined(separator: "&")
        return await send(WebRequest(method: "POST", target: target,
                                      headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                      body: Data(body.utf8), remoteAddress: remoteAddress))
    }

    /// Posts a multipart form with files, adding the CSRF token of the last page.
    mutating func postMultipart(_ target: String, _ fields: [(String, String)], files: [(field: String, name: String, content: Data)] = []) async -> WebResponse {
        let boundary = "----TestBoundary7MA4YWxkTrZu0gW"
        var body = Data()
        var all = fields
        if let token = csrfToken { all.append(("_csrf", token)) }
        for (name, value) in all {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.content)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return await send(WebRequest(method: "POST", target: target,
                                      headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body))
    }
}

extension WebResponse {
    /// The `Location` header.
    var location: String? { headers["Location"] }
}

/// The valid manual configuration of the generic SAML provider's examples.
func genericManualExample() throws -> ProviderConfiguration {
    let plugin = try #require(BuiltInProviders.registry().plugin(id: "generic-saml"))
    return try #require(plugin.examples.first { $0.isValid && $0.configuration.mode == "manual" }).configuration
}
