import SSOLifecycle
import Testing

extension StoreConformanceTests {
    @Test("Connections round-trip with every optional field set and unset, in the stated orders", arguments: StoreFactory.all)
    func connectionsRoundTrip(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex")
            // Oldest first by creation time, then id.
            let acme = [
                Fixture.connection("conn-b", organizationID: "acme", status: .active, complete: true, createdAt: 50, updatedAt: 70),
                Fixture.connection("conn-a", organizationID: "acme", status: .inactive, complete: false, createdAt: 50),
                Fixture.connection("conn-z", organizationID: "acme", complete: true, createdAt: 10),
                Fixture.activeConnection("conn-c", organizationID: "acme"),
            ]
            let globex = [Fixture.connection("conn-0", organizationID: "globex", createdAt: 5)]
            try await store.write { transaction throws in
                for connection in acme + globex { try transaction.insertConnection(connection) }
            }
            await expectStoreError(.duplicate, in: store) { try $0.insertConnection(Fixture.connection("conn-a", organizationID: "globex")) }
            try await store.read { transaction throws in
                for connection in acme + globex {
                    #expect(try transaction.connection(id: connection.id) == connection)
                }
                #expect(try transaction.connection(id: "missing") == nil)
                #expect(try transaction.connections(organizationID: "acme").map(\.id) == ["conn-c", "conn-z", "conn-a", "conn-b"])
                #expect(try transaction.connections(organizationID: "acme") == [acme[3], acme[2], acme[1], acme[0]])
                #expect(try transaction.connections(organizationID: "globex") == globex)
                #expect(try transaction.connections(organizationID: "nobody").isEmpty)
                // Every connection by id, page after page.
                #expect(try transaction.connections(after: nil, limit: 2).map(\.id) == ["conn-0", "conn-a"])
                #expect(try transaction.connections(after: "conn-a", limit: 2).map(\.id) == ["conn-b", "conn-c"])
                #expect(try transaction.connections(after: "conn-c", limit: 2) == [acme[2]])
                #expect(try transaction.connections(after: "conn-z", limit: 2).isEmpty)
                #expect(try transaction.connections(after: nil, limit: 0).isEmpty)
                #expect(try transaction.connections(after: nil, limit: -1).isEmpty)
            }
        }
    }

    @Test("Connections: optimistic versions on update and delete", arguments: StoreFactory.all)
    func connectionVersions(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let original = Fixture.connection("conn-1", organizationID: "acme")
            try await store.write { try $0.insertConnection(original) }
            var changed = original
            changed.configuration = Fixture.configuration("new", complete: true)
            changed.status = .active
            changed.liveConfiguration = changed.configuration
            changed.updatedAt = Fixture.date(500)
            let stored = try await store.write { [changed] transaction in try transaction.updateConnection(changed) }
            #expect(stored.version == 2)
            #expect(try await store.read { try $0.connection(id: "conn-1") } == stored)
            var cleared = stored
            cleared.configuration = nil
            cleared.liveConfiguration = nil
            cleared.status = .inactive
            let storedCleared = try await store.write { [cleared] transaction in try transaction.updateConnection(cleared) }
            #expect(try await store.read { try $0.connection(id: "conn-1") } == storedCleared)
            #expect(storedCleared.version == 3)
            await expectStoreError(.conflict, in: store) { [changed] transaction in _ = try transaction.updateConnection(changed) }
            await expectStoreError(.conflict, in: store) { try $0.deleteConnection(stored) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateConnection(Fixture.connection("missing", organizationID: "acme")) }
            try await store.write { try $0.deleteConnection(storedCleared) }
            #expect(try await store.read { try $0.connection(id: "conn-1") } == nil)
            await expectStoreError(.conflict, in: store) { try $0.deleteConnection(storedCleared) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateConnection(storedCleared) }
        }
    }

    @Test("Deleting a connection removes its test runs and sign-in requests, and only those", arguments: StoreFactory.all)
    func deleteConnectionCascades(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let doomed = Fixture.connection("conn-1", organizationID: "acme")
            let kept = Fixture.connection("conn-2", organizationID: "acme")
            try await store.write { transaction throws in
                try transaction.insertConnection(doomed)
                try transaction.insertConnection(kept)
                try transaction.insertTestRun(Fixture.testRun("test-1", connectionID: "conn-1", status: .success, complete: true))
                try transaction.insertTestRun(Fixture.testRun("test-2", connectionID: "conn-1", createdAt: 5))
                try transaction.insertTestRun(Fixture.testRun("test-3", connectionID: "conn-2"))
                try transaction.insertSignInRequest(Fixture.signInRequest("signin-1", connectionID: "conn-1"))
                try transaction.insertSignInRequest(Fixture.signInRequest("signin-2", connectionID: "conn-1", complete: true))
                try transaction.insertSignInRequest(Fixture.signInRequest("signin-3", connectionID: "conn-2"))
                try transaction.appendAttempt(Fixture.attempt("att-1", complete: true))
                try transaction.appendAudit(Fixture.audit("aud-1", complete: true))
            }
            try await store.write { try $0.deleteConnection(doomed) }
            try await store.read { transaction throws in
                #expect(try transaction.testRun(id: "test-1") == nil)
                #expect(try transaction.testRun(id: "test-2") == nil)
                #expect(try transaction.testRun(relayStateHash: "relay-test-1") == nil)
                #expect(try transaction.testRun(connectionID: "conn-1", requestID: "_request-test-2") == nil)
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: 10).isEmpty)
                #expect(try !transaction.hasSuccessfulTestRun(connectionID: "conn-1", fingerprint: "fp-1"))
                #expect(try transaction.signInRequest(relayStateHash: "relay-signin-1") == nil)
                #expect(try transaction.signInRequest(relayStateHash: "relay-signin-2") == nil)
                // The other connection's records and the logs stay.
                #expect(try transaction.connection(id: "conn-2") == kept)
                #expect(try transaction.testRun(id: "test-3") == Fixture.testRun("test-3", connectionID: "conn-2"))
                #expect(try transaction.signInRequest(relayStateHash: "relay-signin-3") == Fixture.signInRequest("signin-3", connectionID: "conn-2"))
                #expect(try transaction.attempts(organizationID: "acme", limit: 10) == [Fixture.attempt("att-1", complete: true)])
                #expect(try transaction.auditEntries(organizationID: "acme", limit: 10) == [Fixture.audit("aud-1", complete: true)])
            }
            // The removed records' ids and RelayStates are free again.
            try await store.write { transaction throws in
                try transaction.insertConnection(doomed)
                try transaction.insertTestRun(Fixture.testRun("test-1", connectionID: "conn-1"))
                try transaction.insertSignInRequest(Fixture.signInRequest("signin-1", connectionID: "conn-1"))
            }
        }
    }

    // MARK: Routing

    @Test("Routing finds the active connection of the organization holding the domain verified, from its live configuration", arguments: StoreFactory.all)
    func routing(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex", "initech")
            let acmeActive = Fixture.activeConnection("conn-acme", organizationID: "acme")
            try await store.write { transaction throws in
                try transaction.insertDomain(Fixture.domain("acme", "acme.test", .verified, complete: true))
                try transaction.insertDomain(Fixture.domain("acme", "acme-pending.test"))
                try transaction.insertDomain(Fixture.domain("globex", "acme.test"))
                try transaction.insertConnection(acmeActive)
                try transaction.insertConnection(Fixture.connection("conn-acme-draft", organizationID: "acme", createdAt: 9, updatedAt: 99))
                // Globex verified a domain but its connection is not active.
                try transaction.insertDomain(Fixture.domain("globex", "globex.test", .verified))
                try transaction.insertConnection(Fixture.connection("conn-globex", organizationID: "globex", status: .inactive, complete: true))
                // Initech has an active connection but verified nothing.
                try transaction.insertDomain(Fixture.domain("initech", "initech.test", .expired))
                try transaction.insertConnection(Fixture.activeConnection("conn-initech", organizationID: "initech"))
            }
            try await store.read { transaction throws in
                #expect(try transaction.activeRoute(forVerifiedDomain: "acme.test") == ConnectionRoute(acmeActive))
                #expect(try transaction.activeRoute(forVerifiedDomain: "acme-pending.test") == nil)
                #expect(try transaction.activeRoute(forVerifiedDomain: "globex.test") == nil)
                #expect(try transaction.activeRoute(forVerifiedDomain: "initech.test") == nil)
                #expect(try transaction.activeRoute(forVerifiedDomain: "unknown.test") == nil)
                #expect(try transaction.activeRoute(forVerifiedDomain: "") == nil)
            }
            // Several active connections: the most recently updated one, then the greatest id.
            try await store.write { transaction throws in
                try transaction.insertConnection(Fixture.activeConnection("conn-acme-2", organizationID: "acme", updatedAt: 10))
                try transaction.insertConnection(Fixture.activeConnection("conn-acme-1", organizationID: "acme", updatedAt: 10))
            }
            #expect(try await store.read { try $0.activeRoute(forVerifiedDomain: "acme.test") }?.connectionID == "conn-acme-2")
            // Deactivating, or losing the domain, stops routing.
            try await store.write { transaction throws in
                for id in ["conn-acme-2", "conn-acme-1"] {
                    var connection = try #require(try transaction.connection(id: id))
                    connection.status = .inactive
                    _ = try transaction.updateConnection(connection)
                }
            }
            #expect(try await store.read { try $0.activeRoute(forVerifiedDomain: "acme.test") } == ConnectionRoute(acmeActive))
            try await store.write { transaction throws in
                let domain = try #require(try transaction.domain(organizationID: "acme", name: "acme.test"))
                try transaction.deleteDomain(domain)
            }
            #expect(try await store.read { try $0.activeRoute(forVerifiedDomain: "acme.test") } == nil)
        }
    }
}
