import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing

/// Several stores (as several servers would hold them) and many tasks on one database.
@Suite("PostgreSQL store: concurrency", .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason),
       .timeLimit(.minutes(1)))
struct PostgreSQLConcurrencyTests {
    typealias R = StoreRecords

    /// `count` stores on one fresh schema; the schema is dropped and the stores closed after.
    static func withStores<Result>(_ count: Int, _ change: (inout PostgreSQLStore.Options) -> Void = { _ in },
                                   _ body: ([PostgreSQLStore]) async throws -> Result) async throws -> Result {
        let url = try PostgreSQLTestServer.requireURL()
        let options = PostgreSQLTestServer.options(change)
        let stores = try (0..<count).map { _ in try PostgreSQLStore(connectionString: url, options: options) }
        defer { stores.forEach { $0.close() } }
        do {
            let result = try await body(stores)
            try await stores[0].dropSchema()
            return result
        } catch {
            try? await stores[0].dropSchema()
            throw error
        }
    }

    @Test("stores opening one empty schema at the same moment run each migration once")
    func migrationsRunOnce() async throws {
        try await Self.withStores(6) { stores in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.prepare() } }
                try await group.waitForAll()
            }
            let schema = stores[0].options.schema
            let rows = try await stores[0].execute(sql: "SELECT version, count(*) FROM \(schema).schema_migrations GROUP BY version ORDER BY version")
            #expect(rows == [["1", "1"]])
            // A schema from a newer version of this code is refused, not used.
            _ = try await stores[0].execute(sql: "INSERT INTO \(schema).schema_migrations (version, description) VALUES (99, 'from the future')")
            let newer = try PostgreSQLStore(connectionString: try PostgreSQLTestServer.requireURL(), options: stores[0].options)
            defer { newer.close() }
            await #expect { try await newer.prepare() } throws: { error in
                (error as? StoreError)?.kind == .corrupt && "\(error)".contains("version 99")
            }
        }
    }

    @Test("many tasks share a few connections; read-modify-writes lose no update")
    func poolUnderConcurrency() async throws {
        let application = "sso-test-pool-\(UUID().uuidString.prefix(8))"
        try await PostgreSQLTestServer.withStore({ options in
            options.maximumConnections = 3
            options.applicationName = application
        }) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<48 {
                    group.addTask {
                        try await store.transaction(.write) { t in try t.insertOrganization(R.organization("org\(index)")) }
                        let found = try await store.transaction(.read) { t in try t.organization(id: "org\(index)") }
                        #expect(found?.id == "org\(index)")
                    }
                }
                for _ in 0..<16 {
                    group.addTask {
                        try await store.transaction(.write) { t in
                            let count = Int(try t.setting("counter") ?? "0") ?? 0
                            try t.setSetting("counter", to: String(count + 1))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await store.transaction(.read) { t in
                (try t.setting("counter"), try t.organizations(after: nil, limit: 100).count)
            }
            #expect(result.0 == "16")
            #expect(result.1 == 48)
            let connections = try await store.execute(sql: 
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(application)'")
            #expect(Int((connections.first?.first ?? nil) ?? "") ?? 99 <= 3, "\(connections)")
        }
    }

    @Test("one verified owner per domain when organizations on two servers verify it at once")
    func verifiedOwnerRace() async throws {
        try await Self.withStores(2) { stores in
            let outcomes = try await withThrowingTaskGroup(of: StoreError.Kind?.self) { group in
                for index in 0..<8 {
                    let store = stores[index % 2]
                    group.addTask {
                        do {
                            try await store.transaction(.write) { t in
                                try t.insertDomain(R.domain("race.test", organization: "org\(index)"))
                            }
                            return nil
                        } catch let error as StoreError {
                            return error.kind
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == .constraint }, "\(outcomes)")
            let owners = try await stores[0].execute(sql: 
                "SELECT count(*) FROM \(stores[0].options.schema).domains WHERE name = 'race.test' AND status = 'verified'")
            #expect(owners == [["1"]])
        }
    }

    @Test("an assertion ID recorded at once through two servers is accepted once")
    func assertionRace() async throws {
        try await Self.withStores(2) { stores in
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    let store = stores[index % 2]
                    group.addTask {
                        try await store.transaction(.write) { t in
                            try t.recordAssertionID("_same", issuer: "https://idp.example.test",
                                                    expiresAt: R.epoch.addingTimeInterval(300), now: R.epoch)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(accepted.filter { $0 }.count == 1)
        }
    }
}
