// The web layer's figures: pages rendered per second in-process, and ACS sign-ins per second
// in-process and over HTTP on loopback through `sso serve`'s server, in the same run.
//
// Everything here is async (the web layer answers requests as async values), so these rounds
// time the wall clock of one request stream, not one thread's CPU time like the figures
// above; like them, each figure is the best of five rounds with the median beside it.
// Sign-in responses are minted (signed by the test kit's IdP) before a round starts, one per
// sign-in (each answers its own AuthnRequest: a response is accepted once), so a round times
// only the service provider's side: routing the response to its sign-in, validating it,
// recording it, and the host's callback.
import Foundation
import SAML
import SelfServeSSO
import SelfServeSSOTestKit
import SSOCommandLine
import SSOSQLite

enum WebBenchmark {
    static let baseURL = "http://127.0.0.1:8080"
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Runs the web benchmarks, blocking until they finish.
    static func run() {
        let done = DispatchSemaphore(value: 0)
        // Detached: nothing here may wait for the main thread, which waits for this.
        Task.detached {
            do {
                try await measure()
            } catch {
                print("sso-benchmark (web): \(error)")
                exit(1)
            }
            done.signal()
        }
        done.wait()
    }

    /// Wall-clock rate of `body` over five rounds of `count` calls, after a warm-up round.
    static func asyncRate(count: Int, _ body: (Int) async throws -> Void) async rethrows -> (best: Double, median: Double) {
        var rounds: [Double] = []
        for round in 0..<6 {
            let start = DispatchTime.now().uptimeNanoseconds
            for index in 0..<count { try await body(round * count + index) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if round > 0 { rounds.append(Double(count) / seconds) }
        }
        rounds.sort()
        return (rounds[4], rounds[2])
    }

    static func reportWall(_ label: String, _ measured: (best: Double, median: Double)) {
        print(String(format: "  %@ %9.0f /s wall clock (median round %.0f /s)", label, measured.best, measured.median))
    }

    static func measure() async throws {
        let operatorPrincipal = Principal.operator(name: "benchmark")
        let settings = try LifecycleSettings(serviceProviderBaseURL: baseURL, applicationName: "Benchmark")
        let clock = now
        // The default store, in a temporary folder removed afterwards.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sso-benchmark-web-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("web.sqlite").path)
        let lifecycle = SelfServeLifecycle(
            registry: BuiltInProviders.registry(), store: store, settings: settings,
            environment: LifecycleEnvironment(now: { clock }, txtResolver: PublishedTXT(), metadataFetcher: nil))
        let idp = try TestIdentityProvider()
        let member = Principal.member(organizationID: "acme", userID: "admin", permissions: [.manage])
        _ = try await lifecycle.createOrganization(id: "acme", name: "Acme Corp", by: operatorPrincipal)
        _ = try await lifecycle.setSSOAllowed(true, organizationID: "acme", by: operatorPrincipal)
        let domain = try await lifecycle.addDomain("acme.test", organizationID: "acme", by: member)
        PublishedTXT.value = (domain.recordName, domain.recordValue)
        _ = try await lifecycle.verifyDomain("acme.test", organizationID: "acme", by: member)
        let saved = try await lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(idp.metadataXML)]),
            providerID: "generic-saml", organizationID: "acme", by: member)
        guard let connection = saved.connection else { throw BenchmarkError("the test IdP's configuration was not saved") }
        let test = try await lifecycle.startTestRun(organizationID: "acme", by: member)
        let user = TestUser(email: "alice@acme.test", firstName: "Alice", lastName: "Ng")
        let testResponse = try idp.response(to: try idp.parseAuthnRequest(redirectURL: test.redirect.url), user: user, now: now)
        guard case .testCompleted(let run) = await lifecycle.receiveResponse(
            connectionID: connection.id, samlResponse: testResponse.samlResponse, relayState: testResponse.relayState),
            run.storedStatus == .success else { throw BenchmarkError("the test sign-in failed") }
        _ = try await lifecycle.activate(organizationID: "acme", by: member)

        let web = SSOWebApplication(lifecycle: lifecycle, options: SSOWebOptions(signInRate: RateLimit(burst: 1_000_000, interval: 0.000_001)),
            authenticate: { _ in member },
            completeSignIn: { signIn in WebResponse.seeOther(signIn.returnTo) })
        print("web layer: an organization with a verified domain and an active Generic SAML connection (SQLite store)")

        // Pages rendered in-process: the overview, the connection page (the provider's guide
        // beside the form generated from its schema), the test page (history and attempts).
        for (label, path) in [("overview page:       ", "/orgs/acme/security"),
                              ("connection page:     ", "/orgs/acme/security/connection"),
                              ("test page:           ", "/orgs/acme/security/test")] {
            let request = WebRequest(method: "GET", target: path, headers: ["Cookie": "sso_csrf=benchmarkbenchmarkbenchmark"])
            guard await web.respond(to: request).status == 200 else { throw BenchmarkError("\(path) did not render") }
            reportWall(label, await asyncRate(count: 400) { _ in _ = await web.respond(to: request) })
        }

        // ACS sign-ins: in-process, then over HTTP on loopback, from freshly minted responses.
        let perRound = 300
        func mint(_ count: Int) async throws -> [(path: String, body: Data)] {
            var minted: [(path: String, body: Data)] = []
            for _ in 0..<count {
                let start = try await lifecycle.startSignIn(email: "alice@acme.test", returnTo: "/home")
                let response = try idp.response(to: try idp.parseAuthnRequest(redirectURL: start.redirect.url), user: user, now: now)
                minted.append((String(response.acsURL.dropFirst(baseURL.count)), Data(response.formBody.utf8)))
            }
            return minted
        }
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { request in await web.respond(to: request) }
        server.start()
        defer { server.stop() }
        let client = try LoopbackClient(port: server.port)
        // In-process and HTTP rounds alternate, so both see the store at the same size.
        var inProcessRounds: [Double] = []
        var httpRounds: [Double] = []
        for round in 0..<6 {
            let inProcess = try await mint(perRound)
            let start = DispatchTime.now().uptimeNanoseconds
            for item in inProcess {
                let response = await web.respond(to: WebRequest(method: "POST", target: item.path,
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: item.body))
                guard response.status == 303 else { throw BenchmarkError("an in-process sign-in was refused: \(response.status)") }
            }
            let inProcessSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let overHTTP = try await mint(perRound)
            let httpSeconds = try await client.postAll(overHTTP)
            if round > 0 {
                inProcessRounds.append(Double(perRound) / inProcessSeconds)
                httpRounds.append(Double(perRound) / httpSeconds)
            }
        }
        inProcessRounds.sort()
        httpRounds.sort()
        reportWall("ACS sign-ins, in-process:        ", (inProcessRounds[4], inProcessRounds[2]))
        let http = (best: httpRounds[4], median: httpRounds[2])
        reportWall("ACS sign-ins, HTTP on loopback:  ", http)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Answers the one TXT record the benchmark's domain needs.
struct PublishedTXT: TXTResolving {
    nonisolated(unsafe) static var value: (name: String, value: String) = ("", "")

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        name == Self.value.name ? TXTLookup(outcome: .answered, records: [[Self.value.value]]) : TXTLookup(outcome: .nameNotFound)
    }
}

/// One kept-alive HTTP/1.1 connection to the server on loopback, used from a thread of its
/// own (blocking reads on the cooperative pool would take a thread from the server's handlers).
final class LoopbackClient: @unchecked Sendable {
    // @unchecked Sendable: used by one thread at a time (each round awaits its posts).
    private let descriptor: Int32

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw BenchmarkError("cannot connect to the server") }
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// Posts the forms one after another from a thread of its own, each as soon as the
    /// previous answer arrived, and returns the seconds it took.
    /// - Throws: When a post is not answered 303 (a sign-in handed to the host).
    func postAll(_ items: [(path: String, body: Data)]) async throws -> Double {
        try await withCheckedThrowingContinuation { continuation in
            Thread { [self] in
                do {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for item in items {
                        let status = try blockingPost(item.path, body: item.body)
                        guard status == 303 else { throw BenchmarkError("a sign-in over HTTP was refused: \(status)") }
                    }
                    continuation.resume(returning: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    private func blockingPost(_ path: String, body: Data) throws -> Int {
        var request = Data("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        request.append(body)
        let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { throw BenchmarkError("short send") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var headEnd: Int?
        var length = 0
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw BenchmarkError("the server closed the connection") }
            received += buffer[0..<count]
            if headEnd == nil, let end = received.indices.dropLast(3).first(where: {
                received[$0] == 13 && received[$0 + 1] == 10 && received[$0 + 2] == 13 && received[$0 + 3] == 10
            }) {
                headEnd = end + 4
                let head = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                if let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headEnd, received.count >= headEnd + length {
                let statusLine = String(decoding: received.prefix(12), as: UTF8.self)
                return Int(statusLine.dropFirst(9).prefix(3)) ?? 0
            }
        }
    }
}
