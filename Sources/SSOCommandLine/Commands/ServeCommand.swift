import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import SSOSQLite
#if canImport(Glibc)
import Glibc
#endif

/// `sso serve`: the reference host. The Security tab, the sign-in page and the SAML
/// endpoints over HTTP/1.1, for development, demos, and small installations behind a
/// TLS-terminating proxy.
struct ServeCommand: Command {
    let spec = CommandSpec(
        words: ["serve"],
        summary: "Serve the Security tab, the sign-in page and the SAML endpoints over HTTP.",
        discussion: """
        The Security tab is at /orgs/ORG/security, the sign-in page at /sign-in, the ACS and \
        metadata endpoints at /sso/saml/acs/ID and /sso/saml/metadata/ID; after a sign-in, / \
        shows who signed in. The server speaks plain HTTP/1.1 with limits on header and body \
        size, read and idle time-outs and a connection cap; it listens on loopback by default \
        and is meant to sit behind a TLS-terminating proxy. Stop it with Ctrl-C (SIGINT) or \
        SIGTERM: requests in progress finish first.

        Without --demo it serves the store (--store, as the other commands) with the settings \
        'sso init' recorded there: the base URL given to 'sso init' must be the address \
        browsers and identity providers reach this server at (through the proxy), since the \
        ACS and metadata URLs derive from it.

        --demo runs everything in one process with nothing else installed: a temporary store \
        with the organization 'demo', a test identity provider at /demo-idp, and a DNS server \
        on loopback that publishes each added domain's TXT record, so Verify works. It implies \
        --dev-member demo.
        """,
        options: [
            .value("host", placeholder: "address", help: "The address to listen on (default 127.0.0.1; ::1 and 0.0.0.0 work too)."),
            .value("port", placeholder: "number", help: "The port to listen on (default 8080; 0 picks a free one)."),
            .value("dev-member", placeholder: "org",
                   help: "Act, for every request, as a member of ORG holding org:sys_entconns:manage. Development only: refused unless the host is a loopback address."),
            .value("nameserver", placeholder: "host[:port]", help: "Ask this nameserver for domain-verification TXT records (bypassing caches)."),
            .flag("demo", help: "A self-contained demo: temporary store, test identity provider, loopback DNS. Loopback only."),
            .store,
        ],
        exitStatuses: [
            ExitStatusNote(.success, "Stopped by SIGINT or SIGTERM after serving."),
            ExitStatusNote(.failure, "Could not start: the address is in use, or the store or settings cannot be used."),
            ExitStatusNote(.usage, "Usage error: a bad option value, --dev-member or --demo on a non-loopback address."),
        ],
        examples: [
            "sso serve --demo",
            "sso serve --port 9000 --dev-member acme",
        ])

    /// Called once the server listens (tests use it to talk to it and stop it).
    var onStarted: (@Sendable (HTTPServer) -> Void)?

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let host = arguments.value("host") ?? "127.0.0.1"
        let port = try arguments.integer("port", in: 0...65_535) ?? 8080
        let isDemo = arguments.flag("demo")
        let devMember = arguments.value("dev-member") ?? (isDemo ? DemoIdentityProviderPages.organizationID : nil)
        let loopback = ListeningSocket.isLoopback(host)
        if let member = arguments.value("dev-member") {
            guard loopback else {
                throw UsageError(code: "usage.dev-member-not-loopback",
                    message: "--dev-member makes every visitor an admin of '\(member)', so it is allowed only on a loopback address (127.0.0.1, ::1, localhost), not '\(host)'.")
            }
            guard Organization.isValidID(member) else {
                throw .invalidValue(option: "dev-member", value: member, expected: "an organization id (letters, digits, '_', '-', '.')")
            }
        }
        if isDemo, !loopback {
            throw UsageError(code: "usage.demo-not-loopback",
                message: "--demo signs anyone in without a password, so it is allowed only on a loopback address (127.0.0.1, ::1, localhost), not '\(host)'.")
        }
        var nameserver: Nameserver?
        if let text = arguments.value("nameserver") {
            do throws(LifecycleError) {
                nameserver = try Nameserver.parse(text)
            } catch {
                throw .invalidValue(option: "nameserver", value: text, expected: "HOST or HOST:PORT (\(error.message))")
            }
        }

        let late = LateHost()
        let server: HTTPServer
        do {
            server = try HTTPServer(host: host, port: UInt16(port)) { request in
                guard let host = late.host else { return WebResponse(status: 503) }
                return await host.respond(to: request)
            }
        } catch {
            invocation.standardError.write(invocation.errorStyle.red("error:") + " \(error)\n")
            return .failure
        }
        let authority = host.contains(":") ? "[\(host)]:\(server.port)" : "\(host):\(server.port)"
        let listening = "http://\(authority)"
        var baseURL = listening
        let errorLog: @Sendable (String) -> Void = { invocation.standardError.write($0 + "\n") }

        let referenceHost: ReferenceHost
        var responder: LoopbackDNSResponder?
        var temporaryFolder: URL?
        defer { if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) } }
        if isDemo {
            do {
                // The demo's own DNS server: Verify asks it, and the demo publishes each added
                // domain's TXT record in it, as the admin would at a DNS provider.
                let dns = LoopbackDNSResponder()
                try dns.start()
                responder = dns
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sso-demo-\(UUID().uuidString)")
                temporaryFolder = folder
                let lifecycle = try await Self.demoLifecycle(baseURL: baseURL, tool: invocation.tool,
                                                             store: try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path))
                let demo = try DemoIdentityProviderPages(baseURL: baseURL, lifecycle: lifecycle) { name, values in
                    dns.setTXT(values, for: name)
                }
                referenceHost = ReferenceHost(lifecycle: lifecycle, devMember: devMember, demo: demo,
                                              nameserver: nameserver ?? Nameserver(host: dns.host, port: dns.port), errorLog: errorLog)
            } catch {
                server.stop()
                invocation.standardError.write(invocation.errorStyle.red("error:") + " The demo could not start: \(error)\n")
                return .failure
            }
        } else {
            let session = try LifecycleSession(arguments, in: invocation)
            let lifecycle: SelfServeLifecycle
            do throws(LifecycleError) {
                lifecycle = try await session.lifecycle()
            } catch {
                server.stop()
                return session.refuse(error)
            }
            referenceHost = ReferenceHost(lifecycle: lifecycle, devMember: devMember, demo: nil,
                                          nameserver: nameserver, errorLog: errorLog)
            baseURL = lifecycle.settings.serviceProviderBaseURL
        }
        late.host = referenceHost

        let stopSources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        server.start()
        let web = referenceHost.web.mountPath
        invocation.write("""
            sso serve: listening on \(listening)\(isDemo ? "" : " (base URL \(baseURL): ACS and metadata URLs derive from it)")
              Home:          \(listening)/
              Sign-in page:  \(listening)\(web)/sign-in
            \(devMember.map { "  Security tab:  \(listening)\(web)/orgs/\($0)/security (acting as a member of \($0) with org:sys_entconns:manage)\n" } ?? "")\(isDemo ? "  Demo IdP:      \(listening)/demo-idp/metadata\n" : "")Press Ctrl-C to stop.

            """)
        onStarted?(server)
        await server.waitUntilStopped()
        for source in stopSources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
        responder?.stop()
        invocation.write("sso serve: stopped.\n")
        return .success
    }

    /// The demo's lifecycle: a temporary store (the SQLite store in a temporary folder that
    /// `sso serve` removes when it stops) with the organization `demo` allowed to set up SSO.
    static func demoLifecycle(baseURL: String, tool: CommandLineTool,
                              store: any LifecycleStore = InMemoryStore()) async throws -> SelfServeLifecycle {
        let settings = try LifecycleSettings(serviceProviderBaseURL: baseURL, applicationName: "SelfServeSSO demo")
        let lifecycle = SelfServeLifecycle(
            registry: tool.registry, store: store, settings: settings,
            environment: LifecycleEnvironment(now: tool.now, metadataFetcher: tool.metadataFetcher))
        let operatorPrincipal = Principal.operator(name: "demo")
        _ = try await lifecycle.createOrganization(id: DemoIdentityProviderPages.organizationID,
                                                   name: DemoIdentityProviderPages.organizationName, by: operatorPrincipal)
        _ = try await lifecycle.setSSOAllowed(true, organizationID: DemoIdentityProviderPages.organizationID, by: operatorPrincipal)
        return lifecycle
    }
}

/// The reference host, set once the server's port is known (the handler exists before it).
final class LateHost: @unchecked Sendable {
    // @unchecked Sendable: `value` is written once under `lock` before the server starts, and
    // read under `lock` afterwards.
    private let lock = NSLock()
    private var value: ReferenceHost?

    var host: ReferenceHost? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
