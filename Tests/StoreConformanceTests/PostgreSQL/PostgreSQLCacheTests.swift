import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing

/// The per-process cache of what sign-ins read, kept current across servers by
/// LISTEN/NOTIFY. Two stores on one schema stand for two servers.
@Suite("PostgreSQL store: sign-in cache", .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason),
       .timeLimit(.minutes(1)))
struct PostgreSQLCacheTests {
    typealias R = StoreRecords

    static func route(_ store: PostgreSQLStore) async throws -> ConnectionRoute? {
        try await store.transaction(.read) { t in try t.activeRoute(forVerifiedDomain: "acme.test") }
    }

    /// Changes the stored route behind every cache's back: the change trigger is off for
    /// that one transaction, so no server hears of it.
    static func silentlyClearRoute(_ store: PostgreSQLStore) async throws {
        let s = store.options.schema
        _ = try await store.execute(sql: """
            BEGIN;
            ALTER TABLE \(s).connections DISABLE TRIGGER connections_changed;
            UPDATE \(s).connections SET route_fingerprint = NULL;
            ALTER TABLE \(s).connections ENABLE TRIGGER connections_changed;
            COMMIT
            """)
    }

    static func setUp(_ store: PostgreSQLStore) async throws {
        try await store.transaction(.write) { t in
            try t.insertOrganization(R.organization("acme"))
            try t.insertDomain(R.domain("acme.test", organization: "acme"))
            try t.insertConnection(R.connection("conn_1", organization: "acme"))
        }
    }

    /// How fast the change arrives (the one-second target) is measured by `sso-benchmark
    /// --postgresql`, not here: this machine is shared, and a timed test would measure it.
    /// The bound below only tells a notification that arrives from one that never does.
    @Test("a deactivation through one server stops routing through the other")
    func deactivationReachesTheOtherServer() async throws {
        try await PostgreSQLConcurrencyTests.withStores(2) { stores in
            let (first, second) = (stores[0], stores[1])
            try await Self.setUp(first)
            #expect(await PostgreSQLTestServer.eventually(within: 15) { second.isListeningForChanges })
            #expect(try await Self.route(second) != nil)
            #expect(try await second.transaction(.read) { t in try t.connection(id: "conn_1")?.status } == .active)

            let started = Date()
            try await first.transaction(.write) { t in
                var connection = try #require(try t.connection(id: "conn_1"))
                connection.status = .inactive
                _ = try t.updateConnection(connection)
            }
            let stopped = try await PostgreSQLTestServer.eventually(within: 15) { try await Self.route(second) == nil }
            #expect(stopped, "the second server still routes after \(Date().timeIntervalSince(started)) s")
            #expect(try await second.transaction(.read) { t in try t.connection(id: "conn_1")?.status } == .inactive)
        }
    }

    @Test("reads are served from the cache; losing the listening connection empties it")
    func lostListenerEmptiesTheCache() async throws {
        let application = "sso-test-cache-\(UUID().uuidString.prefix(8))"
        try await PostgreSQLConcurrencyTests.withStores(1, { $0.applicationName = application }) { stores in
            let store = stores[0]
            try await Self.setUp(store)
            #expect(await PostgreSQLTestServer.eventually(within: 15) { store.isListeningForChanges })
            #expect(try await Self.route(store) != nil)
            // A change no server hears of: the cached route is still served, which shows
            // reads come from the cache.
            try await Self.silentlyClearRoute(store)
            #expect(try await Self.route(store) != nil)
            // Writes never read the cache.
            #expect(try await store.transaction(.write) { t in try t.activeRoute(forVerifiedDomain: "acme.test") } == nil)

            // Cut the listening connection: notifications may have been missed, so the whole
            // cache goes and the database is read again.
            let killed = try await store.execute(sql: 
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(application) (listener)'")
            #expect(killed == [["t"]])
            #expect(try await PostgreSQLTestServer.eventually(within: 15) { try await Self.route(store) == nil })
            #expect(await PostgreSQLTestServer.eventually(within: 15) { store.isListeningForChanges })
        }
    }

    @Test("close() returns once the listener's thread has ended and its connection is gone from the server")
    func closeWaitsForTheListener() async throws {
        let application = "sso-test-close-\(UUID().uuidString.prefix(8))"
        try await PostgreSQLConcurrencyTests.withStores(2, { $0.applicationName = application }) { stores in
            let (observer, store) = (stores[0], stores[1])   // stores[0] drops the schema after
            try await Self.setUp(store)
            let listeners = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(application) (listener)'"
            let bothListening = try await PostgreSQLTestServer.eventually(within: 15) {
                guard store.isListeningForChanges, observer.isListeningForChanges else { return false }
                return try await observer.execute(sql: listeners) == [["2"]]
            }
            #expect(bothListening)
            #expect(!store.listenerHasEnded)
            store.close()
            // Nothing of the store's may run after close() returns (an exiting process frees
            // what a listener thread would still be using).
            #expect(store.listenerHasEnded)
            #expect(!store.isListeningForChanges)
            store.close()   // a second close is harmless
            // The server drops the backend once it reads the closed socket; the observer's
            // own listener, named alike, is the one left.
            let oneLeft = try await PostgreSQLTestServer.eventually(within: 15) { try await observer.execute(sql: listeners) == [["1"]] }
            #expect(oneLeft)
        }
    }

    @Test("with the cache turned off, every read goes to the database")
    func cacheOff() async throws {
        try await PostgreSQLConcurrencyTests.withStores(1, { $0.cachesSignInSettings = false }) { stores in
            let store = stores[0]
            try await Self.setUp(store)
            #expect(try await Self.route(store) != nil)
            try await Self.silentlyClearRoute(store)
            #expect(try await Self.route(store) == nil)
            #expect(!store.isListeningForChanges)
        }
    }
}
