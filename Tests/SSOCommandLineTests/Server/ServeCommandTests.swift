import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
@testable import SSOCommandLine
import Testing

@Suite("sso serve")
struct ServeCommandTests {
    @Test("--dev-member and --demo are refused on a non-loopback address; a bad port is a usage error", arguments: [
        (["serve", "--host", "0.0.0.0", "--dev-member", "acme"], "loopback address"),
        (["serve", "--host", "192.0.2.1", "--demo"], "loopback address"),
        (["serve", "--port", "70000"], "--port"),
        (["serve", "--dev-member", "bad id!"], "--dev-member"),
        (["serve", "--nameserver", "not a nameserver!"], "--nameserver"),
    ])
    func usageErrors(arguments: [String], mentions: String) async {
        let run = await sso(arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains(mentions))
    }

    @Test("sso serve --demo serves the home page, the Security tab and the demo IdP, then stops on request")
    func demo() async throws {
        let output = TextBuffer()
        let errors = TextBuffer()
        let invocation = Invocation(tool: .testing(), standardOutput: output, standardError: errors)
        let started = ServerHandle()
        var command = ServeCommand()
        command.onStarted = { server in started.set(server) }
        let arguments = try command.spec.parse(["--demo", "--port", "0"])
        async let status = command.run(arguments, in: invocation)
        let server = try await started.wait()
        let home = try RawHTTPClient(port: server.port)
        home.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let page = try #require(await home.readResponse())
        #expect(page.status == 200)
        #expect(page.body.contains("Try the whole flow"))
        home.send("GET /orgs/demo/security HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let security = try #require(await home.readResponse())
        #expect(security.status == 200)
        #expect(security.body.contains("Demo Company"))
        home.send("GET /demo-idp/metadata HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let metadata = try #require(await home.readResponse())
        #expect(metadata.body.contains("IDPSSODescriptor"))
        #expect(metadata.body.contains("http://127.0.0.1:\(server.port)/demo-idp/sso"))
        server.stop()
        #expect(try await status == .success)
        #expect(output.text.contains("listening on http://127.0.0.1:\(server.port)"))
        #expect(output.text.contains("stopped."))
    }

    @Test("sso serve --store serves the store 'sso init' set up, mounted at the base URL's path; an uninitialized store is refused")
    func store() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sso.sqlite").path
        #expect(await sso("--store", path, "init", "--sp-base-url", "http://127.0.0.1:8080/auth").status == 0)
        #expect(await sso("--store", path, "org", "create", "acme", "--name", "Acme Corp").status == 0)
        let output = TextBuffer()
        let invocation = Invocation(tool: .testing(), standardOutput: output, standardError: TextBuffer())
        let started = ServerHandle()
        var command = ServeCommand()
        command.onStarted = { server in started.set(server) }
        let arguments = try command.spec.parse(["--store", path, "--port", "0", "--dev-member", "acme"])
        async let status = command.run(arguments, in: invocation)
        let server = try await started.wait()
        let client = try RawHTTPClient(port: server.port)
        client.send("GET /auth/orgs/acme/security HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let page = try #require(await client.readResponse())
        #expect(page.status == 200)
        #expect(page.body.contains("Acme Corp"))
        client.send("GET /orgs/acme/security HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await client.readResponse()?.status == 404)
        server.stop()
        #expect(try await status == .success)
        #expect(output.text.contains("base URL http://127.0.0.1:8080/auth"))

        let missing = await sso("serve", "--store", folder.appendingPathComponent("none.sqlite").path, "--port", "0")
        #expect(missing.status == 1)
        #expect(missing.errors.contains("settings.not-initialized"))
    }

    @Test("The demo IdP shows the request and the people, and posts a signed response to the ACS URL")
    func demoIdentityProvider() async throws {
        let base = "http://127.0.0.1:8080"
        let lifecycle = try await ServeCommand.demoLifecycle(baseURL: base, tool: .testing())
        let published = PublishedRecords()
        let demo = try DemoIdentityProviderPages(baseURL: base, lifecycle: lifecycle) { name, values in published.set(name, values) }
        let host = ReferenceHost(lifecycle: lifecycle, devMember: "demo", demo: demo, nameserver: nil, errorLog: { _ in })
        let operatorPrincipal = Principal.operator(name: "test")
        let domain = try await lifecycle.addDomain("demo-company.test", organizationID: "demo", by: operatorPrincipal)
        await demo.publishChallenges()
        #expect(published.values(domain.recordName) == [domain.recordValue])

        let saved = try await lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(demo.idp.metadataXML)]),
            providerID: "generic-saml", organizationID: "demo", by: operatorPrincipal)
        #expect(saved.saved)
        let test = try await lifecycle.startTestRun(organizationID: "demo", by: operatorPrincipal)
        let query = try #require(test.redirect.url.query(percentEncoded: true))
        let login = await host.respond(to: WebRequest(method: "GET", target: "/demo-idp/sso?\(query)"))
        #expect(login.status == 200)
        #expect(login.text.contains("alice@demo-company.test"))
        #expect(login.text.contains("mallory@other-company.test"))
        #expect(login.text.contains(test.redirect.request.id))

        let body = "binding=redirect&query=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&email=alice%40demo-company.test"
        let posting = await host.respond(to: WebRequest(method: "POST", target: "/demo-idp/respond",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.utf8)))
        #expect(posting.status == 200)
        #expect(posting.text.contains("action=\"\(base)/sso/saml/acs/\(try #require(saved.connection?.id))\" data-autosubmit"))
        #expect(posting.text.contains("name=\"SAMLResponse\""))
        #expect(posting.text.contains("name=\"RelayState\""))
        #expect(!posting.text.contains("<script>"))

        let garbage = await host.respond(to: WebRequest(method: "GET", target: "/demo-idp/sso?SAMLRequest=%%%"))
        #expect(garbage.status == 400)
    }

    @Test("The home page shows the person and organization a sign-in created a session for")
    func signedInHome() async throws {
        let lifecycle = try await ServeCommand.demoLifecycle(baseURL: "http://127.0.0.1:8080", tool: .testing())
        let host = ReferenceHost(lifecycle: lifecycle, devMember: nil, demo: nil, nameserver: nil, errorLog: { _ in })
        let nobody = await host.respond(to: WebRequest(method: "GET", target: "/signed-in"))
        #expect(nobody.text.contains("Nobody is signed in"))
        #expect(!nobody.text.contains("Security tab of"))
        #expect(await host.respond(to: WebRequest(method: "POST", target: "/")).status == 405)
    }

    @Test("Behind a proxy on loopback, the client address is the last X-Forwarded-For entry")
    func forwardedFor() async throws {
        let lifecycle = try await ServeCommand.demoLifecycle(baseURL: "http://127.0.0.1:8080", tool: .testing())
        let host = ReferenceHost(lifecycle: lifecycle, devMember: nil, demo: nil, nameserver: nil, errorLog: { _ in })
        // Sign-in starts are limited per client address: two addresses behind one proxy are
        // two budgets, so the 31st start of one address is refused while the other's is not.
        var token = ""
        var cookie = ""
        let page = await host.respond(to: WebRequest(method: "GET", target: "/sign-in", remoteAddress: "127.0.0.1"))
        cookie = page.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init) ?? ""
        token = page.text.components(separatedBy: "name=\"_csrf\" value=\"")[1].components(separatedBy: "\"")[0]
        func start(_ client: String) async -> Int {
            await host.respond(to: WebRequest(method: "POST", target: "/sign-in",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "X-Forwarded-For": "203.0.113.9, \(client)"],
                body: Data("email=bob%40nowhere.test&_csrf=\(token)".utf8), remoteAddress: "127.0.0.1")).status
        }
        for _ in 0..<30 { _ = await start("198.51.100.1") }
        #expect(await start("198.51.100.1") == 429)
        #expect(await start("198.51.100.2") == 422)
    }
}

/// The server `sso serve` started, handed from its `onStarted` to the test.
final class ServerHandle: @unchecked Sendable {
    // @unchecked Sendable: `server` is guarded by `lock`.
    private let lock = NSLock()
    private var server: HTTPServer?

    func set(_ value: HTTPServer) { lock.withLock { server = value } }

    func wait() async throws -> HTTPServer {
        // Up to 30 s: a full parallel test run can keep the cooperative pool busy for a while.
        for _ in 0..<1500 {
            if let server = lock.withLock({ server }) { return server }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw RawHTTPClient.ClientError(message: "sso serve did not start")
    }
}

/// The TXT records the demo published.
final class PublishedRecords: @unchecked Sendable {
    // @unchecked Sendable: `records` is guarded by `lock`.
    private let lock = NSLock()
    private var records: [String: [String]] = [:]

    func set(_ name: String, _ values: [String]) { lock.withLock { records[name] = values } }
    func values(_ name: String) -> [String]? { lock.withLock { records[name] } }
}
