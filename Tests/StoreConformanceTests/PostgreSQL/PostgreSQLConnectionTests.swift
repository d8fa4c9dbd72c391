import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Connecting: connection strings, passwords kept out of every message, sslmode, and
/// servers that refuse or never answer.
@Suite("PostgreSQL store: connecting", .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason),
       .timeLimit(.minutes(1)))
struct PostgreSQLConnectionTests {
    /// The test server's URL with its parts replaced.
    static func url(password: String? = nil, port: Int? = nil, query: String? = nil) throws -> String {
        var components = try #require(URLComponents(string: try PostgreSQLTestServer.requireURL()))
        if let password { components.password = password }
        if let port { components.port = port }
        if let query { components.query = query }
        return try #require(components.string)
    }

    static func realPassword() throws -> String? {
        URLComponents(string: try PostgreSQLTestServer.requireURL())?.password
    }

    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int {
        let socket = try ListeningSocket()
        let port = socket.port
        socket.close()
        return port
    }

    /// The error a transaction on a store for `connectionString` throws.
    static func failure(_ connectionString: String, _ change: (inout PostgreSQLStore.Options) -> Void = { _ in }) async throws -> StoreError {
        let store = try PostgreSQLStore(connectionString: connectionString, options: PostgreSQLTestServer.options(change))
        defer { store.close() }
        do {
            _ = try await store.transaction(.read) { t in try t.setting("x") }
        } catch let error as StoreError {
            return error
        }
        Issue.record("the transaction succeeded")
        return StoreError(.failure, "")
    }

    @Test("a wrong password is refused with a clear error that never contains a password")
    func wrongPassword() async throws {
        let secret = "Wr0ng-Pa55word-Secret"
        let error = try await Self.failure(try Self.url(password: secret))
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("password authentication failed"))
        #expect(!error.description.contains(secret))
        if let real = try Self.realPassword() { #expect(!error.description.contains(real)) }
        // The same through a keyword/value string.
        let components = try #require(URLComponents(string: try Self.url()))
        let keywords = "host=\(components.host ?? "") port=\(components.port ?? 5432) dbname=sso user=sso password=\(secret)"
        let again = try await Self.failure(keywords)
        #expect(again.kind == .unavailable && !again.description.contains(secret))
        let store = try PostgreSQLStore(connectionString: keywords)
        #expect(!store.description.contains(secret) && store.description.contains("database 'sso'"))
        store.close()
    }

    @Test("an unreachable server is reported as unavailable without the password")
    func unreachable() async throws {
        let secret = "Unreachable-Secret-42"
        let refused = try await Self.failure(try Self.url(password: secret, port: try Self.closedPort()))
        #expect(refused.kind == .unavailable)
        #expect(!refused.description.contains(secret))
        let noSocket = try await Self.failure("host=/nonexistent/sso-socket-dir dbname=sso user=sso password=\(secret)")
        #expect(noSocket.kind == .unavailable && !noSocket.description.contains(secret))
    }

    @Test("a connection string libpq cannot read is refused without echoing the password",
          arguments: ["host=127.0.0.1 password=Sup3r-S3cret-Value bogus",
                      "postgresql://sso:Sup3r%zzS3cret@127.0.0.1/sso",
                      "host=127.0.0.1 password=Sup3r-S3cret-Value nosuchoption=1"])
    func unreadable(connectionString: String) throws {
        do {
            _ = try PostgreSQLStore(connectionString: connectionString)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .failure)
            #expect(!error.message.contains("S3cret"), "\(error.message)")
            #expect(error.message.contains("connection string"))
        }
    }

    @Test("an unknown option names the option, not the password")
    func unknownOptionIsNamed() throws {
        #expect(throws: StoreError.self) { try PostgreSQLStore(connectionString: "host=127.0.0.1 password=Sup3r-S3cret-Value nosuchoption=1") }
        do {
            _ = try PostgreSQLStore(connectionString: "host=127.0.0.1 nosuchoption=1")
        } catch {
            // Not a known keyword, so masked like any other quoted piece.
            #expect(error.message.contains("invalid connection option"))
        }
    }

    @Test("sslmode passes through to libpq")
    func sslMode() async throws {
        let store = try PostgreSQLStore(connectionString: try Self.url(query: "sslmode=disable"), options: PostgreSQLTestServer.options())
        try await store.transaction(.write) { t in try t.setSetting("k", to: "v") }
        try await store.dropSchema()
        store.close()
        // The test server has no TLS: requiring it must fail, which shows the mode reached libpq.
        let error = try await Self.failure(try Self.url(query: "sslmode=require"))
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("SSL"))
    }

    @Test("a server that accepts the connection and never answers fails within the operation's time-out")
    func silentServer() async throws {
        let silent = try ListeningSocket()
        defer { silent.close() }
        let started = Date()
        let error = try await Self.failure(try Self.url(password: "Silent-Secret-77", port: silent.port)) { options in
            options.connectTimeout = 1
            options.operationTimeout = 2
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error.kind == .unavailable)
        #expect(!error.description.contains("Silent-Secret-77"))
        // Generous: the test run's cooperative threads may resume this task late; the error
        // (rather than a hang, which the suite's time limit would catch) is the proof.
        #expect(elapsed < 30, "took \(elapsed) s")
    }

    @Test("bad options and schema names are refused at once")
    func badOptions() throws {
        #expect(throws: StoreError.self) {
            try PostgreSQLStore(connectionString: "host=127.0.0.1", options: .init(schema: "Robert'); DROP TABLE x;--"))
        }
        #expect(throws: StoreError.self) {
            try PostgreSQLStore(connectionString: "host=127.0.0.1", options: .init(maximumConnections: 0))
        }
        #expect(throws: StoreError.self) {
            try PostgreSQLStore(connectionString: "host=127.0.0.1", options: .init(schema: "pg_catalog"))
        }
    }
}

/// A loopback TCP socket that listens and never accepts: the kernel completes connections
/// into its backlog, so a client connects and then hears nothing (a hung server).
final class ListeningSocket: @unchecked Sendable {
    // @unchecked: `descriptor` is set in init and only read after; close() is called once by
    // the test that owns the socket.
    private var descriptor: Int32
    let port: Int

    struct Failed: Error {}

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failed() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            _ = Glibc.close(descriptor)
            throw Failed()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
