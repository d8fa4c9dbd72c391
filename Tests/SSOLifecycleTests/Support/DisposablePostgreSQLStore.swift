import Foundation
import SelfServeSSO
import SSOPostgreSQL

/// A PostgreSQL store on a fresh schema of its own, dropped when the test lets go of it, so
/// the lifecycle's tests run on a real server too (`SSO_TEST_POSTGRESQL_URL`; CI starts one
/// with .ci/postgresql.sh).
final class DisposablePostgreSQLStore: LifecycleStore {
    let store: PostgreSQLStore

    /// Whether the PostgreSQL runs are on: a server is configured, or required
    /// (`SSO_REQUIRE_POSTGRESQL=1`, when a missing URL must fail the tests, not skip them).
    static var isEnabled: Bool { url != nil || ProcessInfo.processInfo.environment["SSO_REQUIRE_POSTGRESQL"] == "1" }

    static var url: String? {
        guard let url = ProcessInfo.processInfo.environment["SSO_TEST_POSTGRESQL_URL"], !url.isEmpty else { return nil }
        return url
    }

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "SSO_REQUIRE_POSTGRESQL=1 is set but SSO_TEST_POSTGRESQL_URL is not" }
    }

    init() throws {
        guard let url = Self.url else { throw NotConfigured() }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        store = try PostgreSQLStore(connectionString: url, options: .init(schema: schema, maximumConnections: 4))
    }

    deinit { store.closeAndDropSchema() }

    func transaction<Result: Sendable>(_ mode: StoreTransactionMode,
                                       _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        try await store.transaction(mode, body)
    }
}
