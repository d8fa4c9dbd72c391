import Foundation
import SSOLifecycle
import Testing

extension StoreConformanceTests {
    /// How an admin form works: read in one transaction, write later with the version read,
    /// and on a conflict read again and retry. Returns how many conflicts it met.
    static func incrementWithRetry(_ store: any LifecycleStore, organizationID: String) async throws -> Int {
        for conflicts in 0..<10_000 {
            let read = try await store.read { try $0.organization(id: organizationID) }
            var changed = try #require(read)
            changed.name = String(try #require(Int(changed.name)) + 1)
            do {
                _ = try await store.write { [changed] in try $0.updateOrganization(changed) }
                return conflicts
            } catch let error as StoreError where error.kind == .conflict {
                continue
            }
        }
        Issue.record("Gave up after 10,000 conflicts")
        return 10_000
    }

    @Test("Concurrent optimistic increments with retry lose no update", arguments: StoreFactory.all)
    func concurrentOptimisticIncrements(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.write { try $0.insertOrganization(Fixture.organization("counter", name: "0")) }
            let workers = 8
            let increments = 25
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        for _ in 0..<increments { _ = try await Self.incrementWithRetry(store, organizationID: "counter") }
                    }
                }
                try await group.waitForAll()
            }
            let counter = try #require(try await store.read { try $0.organization(id: "counter") })
            #expect(counter.name == String(workers * increments))
            #expect(counter.version == workers * increments + 1)
        }
    }

    @Test("Write transactions are serializable: read-modify-write in one transaction never conflicts", arguments: StoreFactory.all)
    func serializableWrites(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.write { try $0.insertOrganization(Fixture.organization("counter", name: "0")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<25 {
                            try await store.write { transaction throws in
                                var counter = try #require(try transaction.organization(id: "counter"))
                                counter.name = String(try #require(Int(counter.name)) + 1)
                                _ = try transaction.updateOrganization(counter)
                                try transaction.appendAudit(AuditEntry(id: "aud-\(counter.name)", at: Fixture.date(0), organizationID: "counter",
                                                                       actor: "test", action: "counter.incremented", target: nil,
                                                                       before: nil, after: counter.name))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await store.read { transaction throws in
                #expect(try transaction.organization(id: "counter")?.name == "200")
                #expect(try transaction.auditEntries(organizationID: "counter", limit: 1_000).count == 200)
            }
        }
    }

    @Test("Concurrent records of one assertion ID: exactly one succeeds", arguments: StoreFactory.all)
    func concurrentAssertionIDs(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            for round in 0..<10 {
                let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            try await store.write {
                                try $0.recordAssertionID("_assertion-\(round)", issuer: "https://idp.test",
                                                         expiresAt: Fixture.date(300_000), now: Fixture.date(0))
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(firsts == 1, "round \(round)")
            }
        }
    }

    @Test("Reads run alongside writes and see committed records whole", arguments: StoreFactory.all)
    func readsAlongsideWrites(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<50 {
                        try await store.write { transaction throws in
                            try transaction.insertDomain(Fixture.domain("acme", "d\(index).test", .verified, complete: true))
                            try transaction.appendAudit(Fixture.audit("aud-\(index)", at: Int64(index)))
                        }
                    }
                }
                for _ in 0..<2 {
                    group.addTask {
                        for _ in 0..<50 {
                            // Each write adds a domain and an audit entry together: a snapshot
                            // never shows one without the other.
                            let (domains, entries) = try await store.read { transaction throws in
                                (try transaction.domains(organizationID: "acme").count,
                                 try transaction.auditEntries(organizationID: "acme", limit: 1_000).count)
                            }
                            #expect(domains == entries)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

@Suite("Store factories")
struct StoreFactoryTests {
    @Test("A server store joins the suite only when its URL is set")
    func serverStoreJoinsWithURL() async throws {
        let make: @Sendable (String) async throws -> StoreFactory.Instance = { url in
            #expect(url == "postgresql://localhost/test")
            return StoreFactory.Instance(InMemoryStore())
        }
        #expect(StoreFactory.requiringServer("Server", urlVariable: "URL", requireVariable: "REQUIRE", environment: [:], make: make).isEmpty)
        #expect(StoreFactory.requiringServer("Server", urlVariable: "URL", requireVariable: "REQUIRE",
                                             environment: ["URL": "", "REQUIRE": "0"], make: make).isEmpty)
        let joined = StoreFactory.requiringServer("Server", urlVariable: "URL", requireVariable: "REQUIRE",
                                                  environment: ["URL": "postgresql://localhost/test"], make: make)
        #expect(joined.map(\.name) == ["Server"])
        try await #require(joined.first).withStore { _ in }
    }

    @Test("A required server store without a URL fails every test instead of being skipped")
    func requiredServerStoreFails() async throws {
        let factories = StoreFactory.requiringServer("Server", urlVariable: "URL", requireVariable: "REQUIRE",
                                                     environment: ["REQUIRE": "1"]) { _ in StoreFactory.Instance(InMemoryStore()) }
        let factory = try #require(factories.first)
        await #expect(throws: MissingServer.self) { try await factory.withStore { _ in } }
    }
}
