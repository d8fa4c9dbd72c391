import Foundation
import SelfServeSSO
@testable import SSOCommandLine
import Testing

@Suite("sso serve's HTTP/1.1 server")
struct HTTPServerTests {
    /// Limits whose time-outs a starved test task cannot run into: a test that sends a head,
    /// awaits, then sends the body may wait long for a thread while a sanitizer run keeps the
    /// cooperative pool busy. The tests of time-outs set their own.
    static let patient = HTTPServerLimits(headerTimeout: 300, bodyTimeout: 300, idleTimeout: 300, writeTimeout: 300, handlerTimeout: 300)

    /// Echoes method, target, body and remote address; `/slow` waits before answering.
    private static func start(_ limits: HTTPServerLimits = patient) throws -> HTTPServer {
        let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { request in
            if request.path == "/slow" { try? await Task.sleep(nanoseconds: 300_000_000) }
            var response = WebResponse(status: 200, headers: ["Content-Type": "text/plain"],
                                       body: Data("\(request.method) \(request.path)?\(request.query) \(request.body.count) \(String(decoding: request.body, as: UTF8.self)) \(request.remoteAddress ?? "")".utf8))
            if request.path == "/split" { response.headers.add("X-Bad", "a\r\nSet-Cookie: evil=1") }
            return response
        }
        server.start()
        return server
    }

    @Test("A GET is answered with Content-Length, and the handler sees target and remote address")
    func get() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send("GET /hello?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let response = try #require(await client.readResponse())
        #expect(response.status == 200)
        #expect(response.head.contains("Content-Length: "))
        #expect(response.body == "GET /hello?x=1 0  127.0.0.1")
    }

    @Test("Keep-alive: several requests on one connection, pipelined ones answered in order")
    func keepAlive() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await client.readResponse()?.body.hasPrefix("GET /a") == true)
        client.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await client.readResponse()?.body.hasPrefix("POST /b? 5 hello") == true)
        #expect(await client.readResponse()?.body.hasPrefix("GET /c") == true)
        client.send("GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let last = try #require(await client.readResponse())
        #expect(last.head.contains("Connection: close"))
        #expect(await client.isClosedByPeer())
    }

    @Test("HTTP/1.0 closes unless asked to keep alive; HEAD gets no body")
    func http10AndHead() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send("HEAD /h HTTP/1.0\r\n\r\n")
        let text = await client.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(text.contains("Connection: close"))
    }

    @Test("Refused heads: too large 431, body too large 413, chunked 411, malformed 400, missing Host 400, HTTP/2 505", arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("G E T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ])
    func refused(request: String, status: Int) async throws {
        let server = try Self.start(HTTPServerLimits(maximumHeaderBytes: 8192, maximumBodyBytes: 1000, headerTimeout: 300, bodyTimeout: 300))
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send(request)
        let response = try #require(await client.readResponse())
        #expect(response.status == status)
        #expect(response.head.contains("Connection: close"))
        #expect(await client.isClosedByPeer())
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent")
    func expectContinue() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send("POST /u HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let interim = try #require(await client.readResponse())
        #expect(interim.status == 100)
        client.send("abc")
        #expect(await client.readResponse()?.body.hasPrefix("POST /u? 3 abc") == true)
    }

    @Test("A header value with a line break from a handler is dropped, never sent (no response splitting)")
    func responseSplitting() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = try RawHTTPClient(port: server.port)
        client.send("GET /split HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(await client.readResponse())
        #expect(!response.head.contains("evil"))
        #expect(!response.head.contains("X-Bad"))
    }

    @Test("A client too slow to send its head gets 408 and is closed; an idle kept-alive connection is closed")
    func timeouts() async throws {
        let server = try Self.start(HTTPServerLimits(headerTimeout: 0.3, idleTimeout: 0.3))
        defer { server.stop() }
        let slow = try RawHTTPClient(port: server.port)
        slow.send("GET / HTTP/1.1\r\nHo")
        let response = try #require(await slow.readResponse())
        #expect(response.status == 408)
        #expect(await slow.isClosedByPeer())
        let idle = try RawHTTPClient(port: server.port)
        idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await idle.readResponse()?.status == 200)
        #expect(await idle.isClosedByPeer())
    }

    @Test("At the connection cap, slow clients make room: a normal request is still served")
    func cap() async throws {
        let server = try Self.start(HTTPServerLimits(headerTimeout: 300, bodyTimeout: 300, idleTimeout: 300, maximumConnections: 8))
        defer { server.stop() }
        var slow: [RawHTTPClient] = []
        for _ in 0..<20 {
            let client = try RawHTTPClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow.append(client)
        }
        try await Task.sleep(nanoseconds: 100_000_000)
        let normal = try RawHTTPClient(port: server.port)
        normal.send("GET /normal HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try #require(await normal.readResponse())
        #expect(response.status == 200)
        #expect(server.connectionCount <= 8)
        _ = slow
    }

    @Test("Stop lets a request in progress finish, then closes everything and refuses new connections")
    func gracefulStop() async throws {
        // The handler holds the request until the server is stopping, and the test stops the
        // server only once the request is in the handler: in progress, whatever the load.
        let inHandler = ConcurrencyGauge(), stopping = ConcurrencyGauge()
        let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits()) { request in
            await inHandler.enter()
            for _ in 0..<1500 { if await stopping.peak > 0 { break }; try? await Task.sleep(nanoseconds: 20_000_000) }
            return WebResponse(status: 200, body: Data(request.path.utf8))
        }
        server.start()
        let client = try RawHTTPClient(port: server.port)
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        for _ in 0..<1500 { if await inHandler.peak > 0 { break }; try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(await inHandler.peak == 1)
        server.stop()
        await stopping.enter()
        let response = try #require(await client.readResponse())
        #expect(response.status == 200)
        #expect(response.head.contains("Connection: close"))
        await server.waitUntilStopped()
        #expect(throws: RawHTTPClient.ClientError.self) { try RawHTTPClient(port: server.port) }
    }

    @Test("At most maximumConcurrentHandlers run at once; the others wait their turn in arrival order")
    func handlerLimit() async throws {
        let gauge = ConcurrencyGauge()
        let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: HTTPServerLimits(maximumConcurrentHandlers: 2)) { request in
            await gauge.enter()
            // Long enough that all six requests arrive while the first two are running.
            try? await Task.sleep(nanoseconds: 500_000_000)
            await gauge.leave()
            return WebResponse(status: 200, body: Data(request.path.utf8))
        }
        server.start()
        defer { server.stop() }
        var clients: [RawHTTPClient] = []
        for index in 0..<6 {
            let client = try RawHTTPClient(port: server.port)
            client.send("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            clients.append(client)
        }
        for (index, client) in clients.enumerated() {
            #expect(await client.readResponse()?.body == "/\(index)")
        }
        #expect(await gauge.peak == 2)
    }

    @Test("Binding a used port or a non-address fails with a message")
    func bindFailures() throws {
        let server = try Self.start()
        defer { server.stop() }
        #expect(throws: ListeningSocket.Failure.self) { try HTTPServer(host: "127.0.0.1", port: server.port) { _ in WebResponse(status: 200) } }
        #expect(throws: ListeningSocket.Failure.self) { try HTTPServer(host: "example.com", port: 0) { _ in WebResponse(status: 200) } }
        #expect(ListeningSocket.isLoopback("127.0.0.1"))
        #expect(ListeningSocket.isLoopback("::1"))
        #expect(ListeningSocket.isLoopback("localhost"))
        #expect(!ListeningSocket.isLoopback("0.0.0.0"))
        #expect(!ListeningSocket.isLoopback("192.0.2.1"))
    }
}

/// Counts handlers running at once.
actor ConcurrencyGauge {
    private var running = 0
    private(set) var peak = 0

    func enter() {
        running += 1
        peak = max(peak, running)
    }

    func leave() { running -= 1 }
}
