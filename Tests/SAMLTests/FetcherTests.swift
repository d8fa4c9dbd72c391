import Foundation
import Testing
@testable import SAML

/// The real `HTTPMetadataFetcher` against a `LoopbackHTTPServer` each test starts. No test
/// connects anywhere but 127.0.0.1: forbidden targets are refused before any connection.
@Suite struct FetcherTests {
    static func fetchError(_ fetcher: HTTPMetadataFetcher, _ url: URL) async -> SAMLError? {
        do {
            _ = try await fetcher.fetch(url)
            return nil
        } catch {
            return error
        }
    }

    /// A generous deadline: a fetch resumes between hops on the test process's shared task
    /// pool, which the whole suite keeps busy, so on a loaded machine a loopback fetch can
    /// take longer than the production default of 10 seconds without anything being wrong.
    static let loopbackFetcher = HTTPMetadataFetcher(allowHTTPLoopback: true, timeout: 120)

    // MARK: - Success

    @Test func fetchesMetadataOverLoopback() async throws {
        let metadata = try MetadataFixtures.data("okta-2024.xml")
        let server = try LoopbackHTTPServer(routes: ["/app/metadata": .ok(metadata)])
        defer { server.stop() }
        let body = try await Self.loopbackFetcher.fetch(server.url("/app/metadata"))
        #expect(body == metadata)
        let parsed = try IdentityProviderMetadata.parse(body, now: CertificateFixtures.january2026)
        #expect(parsed.entityID == "http://www.okta.com/exkdoocxa1VmjpXmX697")
    }

    @Test func resolvesLocalhostWithTheSystemResolver() async throws {
        let server = try LoopbackHTTPServer(routes: ["/m": .ok(Data("<x/>".utf8))])
        defer { server.stop() }
        let url = try #require(URL(string: "http://localhost:\(server.port)/m"))
        #expect(try await Self.loopbackFetcher.fetch(url) == Data("<x/>".utf8))
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func followsRedirectsCheckingEachHop(status: Int) async throws {
        let metadata = try MetadataFixtures.data("google-2023.xml")
        let server = try LoopbackHTTPServer(routes: [
            "/start": .redirect("next", status: status),                                   // relative
            "/next": .redirect("/metadata?x=1", status: status),                           // absolute path
            "/metadata?x=1": .ok(metadata),
        ])
        defer { server.stop() }
        #expect(try await Self.loopbackFetcher.fetch(server.url("/start")) == metadata)
        #expect(server.requestedPaths == ["/start", "/next", "/metadata?x=1"])
    }

    static func chain(_ server: () -> Int) -> [String: LoopbackHTTPServer.Response] {
        var routes: [String: LoopbackHTTPServer.Response] = [:]
        for index in 0..<6 { routes["/c\(index)"] = .redirect("/c\(index + 1)") }
        routes["/c6"] = .ok(Data("<done/>".utf8))
        return routes
    }

    @Test func followsAtMostFiveRedirects() async throws {
        let server = try LoopbackHTTPServer(routes: Self.chain { 0 })
        defer { server.stop() }
        // Five redirects (c1 → … → c6) are fine.
        #expect(try await Self.loopbackFetcher.fetch(server.url("/c1")) == Data("<done/>".utf8))
        let before = server.requestedPaths.count
        // Six are not, and the sixth target is never requested.
        let error = try #require(await Self.fetchError(Self.loopbackFetcher, server.url("/c0")))
        #expect(error.code == .fetchTooManyRedirects)
        #expect(error.message.contains("/c6"))
        #expect(Array(server.requestedPaths.dropFirst(before)) == ["/c0", "/c1", "/c2", "/c3", "/c4", "/c5"])
    }

    // MARK: - Refusals

    @Test(arguments: [
        ("http://10.0.0.1/metadata", SAMLError.Code.fetchForbiddenAddress),
        ("https://192.168.1.10/metadata", .fetchForbiddenAddress),
        ("http://169.254.169.254/latest/meta-data/", .fetchForbiddenAddress),
        ("http://[::ffff:169.254.169.254]/latest/meta-data/", .fetchForbiddenAddress),
        ("http://[fd00::1]/metadata", .fetchForbiddenAddress),
        ("http://0.0.0.0/metadata", .fetchForbiddenAddress),
        ("http://[fe80::1]/metadata", .fetchForbiddenAddress),
        ("http://2852039166/latest/meta-data/", .fetchForbiddenAddress),          // 169.254.169.254 as one number
        ("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/", .fetchForbiddenAddress), // and in hexadecimal parts
        ("file:///etc/passwd", .fetchInvalidURL),
        ("gopher://127.0.0.1/x", .fetchInvalidURL),
    ])
    func refusesRedirectToForbiddenTarget(target: String, code: SAMLError.Code) async throws {
        let server = try LoopbackHTTPServer(routes: ["/metadata": .redirect(target)])
        defer { server.stop() }
        let error = try #require(await Self.fetchError(Self.loopbackFetcher, server.url("/metadata")))
        #expect(error.code == code, "\(error)")
        #expect(server.requestedPaths == ["/metadata"])
    }

    @Test func requiresHTTPSUnlessLoopbackIsAllowed() async throws {
        let server = try LoopbackHTTPServer(routes: ["/m": .ok(Data("<x/>".utf8))])
        defer { server.stop() }
        let strict = HTTPMetadataFetcher()
        #expect(await Self.fetchError(strict, server.url("/m"))?.code == .fetchInsecureScheme)
        let https = try #require(URL(string: "https://127.0.0.1:\(server.port)/m"))
        let loopback = try #require(await Self.fetchError(strict, https))
        #expect(loopback.code == .fetchForbiddenAddress)
        #expect(loopback.message.contains("127.0.0.1"))
        #expect(server.requestedPaths.isEmpty)
    }

    @Test func privateAddressesAreRefusedEvenWhenAllowedForOthers() async throws {
        let server = try LoopbackHTTPServer(routes: ["/m": .ok(Data("<x/>".utf8))])
        defer { server.stop() }
        // Private networks allowed, loopback not: the loopback server is still out of reach.
        let fetcher = HTTPMetadataFetcher(allowPrivateAddresses: true)
        let https = try #require(URL(string: "https://127.0.0.1:\(server.port)/m"))
        #expect(await Self.fetchError(fetcher, https)?.code == .fetchForbiddenAddress)
        #expect(server.requestedPaths.isEmpty)
    }

    @Test func refusesEveryAddressOfAHostNotJustTheFirst() async throws {
        let resolver = StubResolver(table: [
            "idp.example.test": ["93.184.216.34", "10.1.2.3"],
            "rebind.example.test": ["2606:4700::1", "::1"],
            "internal.example.test": ["100.64.0.7"],
        ])
        let fetcher = HTTPMetadataFetcher(resolver: resolver)
        for host in ["idp.example.test", "rebind.example.test", "internal.example.test"] {
            let url = try #require(URL(string: "https://\(host)/metadata"))
            let error = try #require(await Self.fetchError(fetcher, url))
            #expect(error.code == .fetchForbiddenAddress)
            #expect(error.message.contains(host))
        }
        let unknown = try #require(URL(string: "https://unknown.example.test/metadata"))
        #expect(await Self.fetchError(fetcher, unknown)?.code == .fetchDNSFailed)
    }

    @Test func refusesCredentialsInURL() async throws {
        let url = try #require(URL(string: "https://user:secret@idp.example.test/metadata"))
        let fetcher = HTTPMetadataFetcher(resolver: StubResolver(table: [:]))
        #expect(await Self.fetchError(fetcher, url)?.code == .fetchInvalidURL)
    }

    // MARK: - Answers that are not metadata

    @Test(arguments: [404, 500, 204 + 100])
    func reportsHTTPStatus(status: Int) async throws {
        let server = try LoopbackHTTPServer(routes: ["/m": .init(status: status, body: Data("nope".utf8))])
        defer { server.stop() }
        let error = try #require(await Self.fetchError(Self.loopbackFetcher, server.url("/m")))
        #expect(error.code == .fetchHTTPStatus)
        #expect(error.message.contains("HTTP \(status)"))
    }

    @Test func unknownPathIs404() async throws {
        let server = try LoopbackHTTPServer(routes: [:])
        defer { server.stop() }
        #expect(await Self.fetchError(Self.loopbackFetcher, server.url("/missing"))?.message.contains("HTTP 404") == true)
    }

    @Test func redirectWithoutLocationIsAStatusError() async throws {
        let server = try LoopbackHTTPServer(routes: ["/m": .init(status: 302)])
        defer { server.stop() }
        #expect(await Self.fetchError(Self.loopbackFetcher, server.url("/m"))?.code == .fetchHTTPStatus)
    }

    @Test(arguments: [false, true])
    func stopsReadingPastTheSizeCap(omitContentLength: Bool) async throws {
        let huge = Data(repeating: UInt8(ascii: "a"), count: 3 << 20)
        var response = LoopbackHTTPServer.Response.ok(huge)
        response.omitContentLength = omitContentLength
        let server = try LoopbackHTTPServer(routes: ["/big": response])
        defer { server.stop() }
        let error = try #require(await Self.fetchError(Self.loopbackFetcher, server.url("/big")))
        #expect(error.code == .fetchTooLarge)
        #expect(error.message.contains("1048576 bytes"))
    }

    @Test func bodyExactlyAtTheCapIsAccepted() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/fits": .ok(Data(repeating: 0x41, count: 1000)),
            "/over": .ok(Data(repeating: 0x41, count: 1001)),
        ])
        defer { server.stop() }
        let fetcher = HTTPMetadataFetcher(allowHTTPLoopback: true, maximumBytes: 1000, timeout: 120)
        #expect(try await fetcher.fetch(server.url("/fits")).count == 1000)
        #expect(await Self.fetchError(fetcher, server.url("/over"))?.code == .fetchTooLarge)
    }

    @Test func givesUpAtTheTimeout() async throws {
        // The server would answer after 120 s; the fetcher must give up long before. The
        // bound is loose because a loaded machine running the whole suite delays the fetch's
        // resumption on the shared task pool by many seconds (18 s has been seen).
        var slow = LoopbackHTTPServer.Response.ok(Data("<late/>".utf8))
        slow.delay = 120
        let server = try LoopbackHTTPServer(routes: ["/slow": slow])
        defer { server.stop() }
        let fetcher = HTTPMetadataFetcher(allowHTTPLoopback: true, timeout: 0.3)
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await Self.fetchError(fetcher, server.url("/slow")))
        #expect(error.code == .fetchTimeout)
        #expect(started.duration(to: clock.now) < .seconds(60))
    }

    @Test func cancellingTheTaskStopsTheFetch() async throws {
        var slow = LoopbackHTTPServer.Response.ok(Data("<late/>".utf8))
        slow.delay = 30
        let server = try LoopbackHTTPServer(routes: ["/slow": slow])
        defer { server.stop() }
        let url = server.url("/slow")
        let fetch = Task { await Self.fetchError(Self.loopbackFetcher, url) }
        for _ in 0..<3_000 where server.requestedPaths.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.requestedPaths == ["/slow"])
        fetch.cancel()
        let error = try #require(await fetch.value)
        #expect(error.code == .fetchFailed)
        #expect(error.message.contains("cancelled"))
    }
}

/// A resolver answering from a table, so host-name tests need no DNS.
struct StubResolver: HostResolving {
    let table: [String: [String]]

    func addresses(of host: String) throws(SAMLError) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        guard let entries = table[host] else {
            throw SAMLError(.fetchDNSFailed, "stub: \(host) is unknown")
        }
        return entries.compactMap(IPAddress.init)
    }
}
