import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing

/// The PostgreSQL server the tests use: `SSO_TEST_POSTGRESQL_URL` (`.ci/postgresql.sh start`
/// prints one). Without it the PostgreSQL tests are skipped, with this reason, unless
/// `SSO_REQUIRE_POSTGRESQL=1` is set (CI sets both): then they run and fail, so a CI run
/// that lost its server cannot pass by skipping them.
enum PostgreSQLTestServer {
    static let environment = ProcessInfo.processInfo.environment

    /// The server's URL, or nil.
    static var url: String? {
        guard let url = environment["SSO_TEST_POSTGRESQL_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Whether the tests must run (and so fail without a server).
    static var isRequired: Bool { environment["SSO_REQUIRE_POSTGRESQL"] == "1" }

    /// The condition for the suites' `.enabled(if:)`.
    static var isEnabled: Bool { url != nil || isRequired }

    /// Why they are skipped otherwise.
    static let skipReason: Comment = "needs a PostgreSQL server: set SSO_TEST_POSTGRESQL_URL (for example to what .ci/postgresql.sh start prints)"

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "SSO_REQUIRE_POSTGRESQL=1 is set but SSO_TEST_POSTGRESQL_URL is not: start a server with .ci/postgresql.sh start and export its URL"
        }
    }

    /// The URL, or a failure when the server is required and missing.
    static func requireURL() throws -> String {
        guard let url else { throw NotConfigured() }
        return url
    }

    /// A schema name no other test uses.
    static func freshSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    /// Options for a test store on a fresh schema: short time-outs, so a failure shows fast.
    static func options(schema: String = freshSchema(), _ change: (inout PostgreSQLStore.Options) -> Void = { _ in }) -> PostgreSQLStore.Options {
        var options = PostgreSQLStore.Options(schema: schema, maximumConnections: 4, connectTimeout: 3,
                                              statementTimeout: 5, operationTimeout: 10)
        change(&options)
        return options
    }

    /// Runs `body` with a store on a fresh schema, then drops the schema and closes the store.
    static func withStore<Result>(_ change: (inout PostgreSQLStore.Options) -> Void = { _ in },
                                  _ body: (PostgreSQLStore) async throws -> Result) async throws -> Result {
        let store = try PostgreSQLStore(connectionString: try requireURL(), options: options(change))
        do {
            let result = try await body(store)
            try await store.dropSchema()
            store.close()
            return result
        } catch {
            try? await store.dropSchema()
            store.close()
            throw error
        }
    }

    /// Waits until `condition` holds, polling, for at most `seconds`.
    /// - Returns: Whether it held in time.
    static func eventually(within seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return try await condition()
    }
}
