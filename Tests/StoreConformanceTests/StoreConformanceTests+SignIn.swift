import Foundation
import SSOLifecycle
import Testing

extension StoreConformanceTests {
    // MARK: Test runs

    @Test("Test runs round-trip, are found by id, RelayState and request, newest first", arguments: StoreFactory.all)
    func testRuns(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let runs = [
                Fixture.testRun("test-b", connectionID: "conn-1", status: .success, complete: true, createdAt: 100),
                Fixture.testRun("test-a", connectionID: "conn-1", status: .failed, complete: false, createdAt: 100),
                Fixture.testRun("test-c", connectionID: "conn-1", createdAt: 50),
                Fixture.testRun("test-d", connectionID: "conn-1", status: .expired, createdAt: 200),
            ]
            let other = Fixture.testRun("test-x", connectionID: "conn-2", requestID: "_request-test-c", status: .success, fingerprint: "fp-2")
            try await store.write { transaction throws in
                try transaction.insertConnection(Fixture.connection("conn-1", organizationID: "acme"))
                try transaction.insertConnection(Fixture.connection("conn-2", organizationID: "acme"))
                for run in runs + [other] { try transaction.insertTestRun(run) }
            }
            try await store.read { transaction throws in
                for run in runs + [other] {
                    #expect(try transaction.testRun(id: run.id) == run)
                    #expect(try transaction.testRun(relayStateHash: run.relayStateHash) == run)
                    #expect(try transaction.testRun(connectionID: run.connectionID, requestID: run.requestID) == run)
                }
                #expect(try transaction.testRun(id: "missing") == nil)
                #expect(try transaction.testRun(relayStateHash: "missing") == nil)
                #expect(try transaction.testRun(connectionID: "conn-2", requestID: "_request-test-a") == nil)
                // Newest first: creation time, then id.
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: 10).map(\.id) == ["test-d", "test-b", "test-a", "test-c"])
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: 2) == [runs[3], runs[0]])
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: 0).isEmpty)
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: -1).isEmpty)
                #expect(try transaction.testRuns(connectionID: "nothing", limit: 10).isEmpty)
                // A successful run of that connection and that fingerprint, nothing else.
                #expect(try transaction.hasSuccessfulTestRun(connectionID: "conn-1", fingerprint: "fp-1"))
                #expect(try !transaction.hasSuccessfulTestRun(connectionID: "conn-1", fingerprint: "fp-2"))
                #expect(try transaction.hasSuccessfulTestRun(connectionID: "conn-2", fingerprint: "fp-2"))
                #expect(try !transaction.hasSuccessfulTestRun(connectionID: "conn-2", fingerprint: "fp-1"))
                #expect(try !transaction.hasSuccessfulTestRun(connectionID: "conn-3", fingerprint: "fp-1"))
            }
            // Unique ids and RelayStates.
            await expectStoreError(.duplicate, in: store) { try $0.insertTestRun(Fixture.testRun("test-a", connectionID: "conn-1", relayState: "fresh")) }
            await expectStoreError(.duplicate, in: store) { try $0.insertTestRun(Fixture.testRun("test-new", connectionID: "conn-2", relayState: "relay-test-a")) }
            await expectStoreError(.duplicate, in: store) { try $0.insertTestRun(Fixture.testRun("test-x", connectionID: "conn-2", relayState: "relay-test-x")) }
        }
    }

    @Test("Test runs: optimistic versions (one completion wins)", arguments: StoreFactory.all)
    func testRunVersions(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let pending = Fixture.testRun("test-1", connectionID: "conn-1")
            try await store.write { transaction throws in
                try transaction.insertConnection(Fixture.connection("conn-1", organizationID: "acme"))
                try transaction.insertTestRun(pending)
            }
            var success = pending
            success.storedStatus = .success
            success.user = Fixture.user(complete: true)
            success.completedAt = Fixture.date(10)
            var failure = pending
            failure.storedStatus = .failed
            failure.errors = [Fixture.failure("signature.untrusted-key", complete: true)]
            let stored = try await store.write { [success] transaction in try transaction.updateTestRun(success) }
            #expect(stored.version == 2)
            await expectStoreError(.conflict, in: store) { [failure] transaction in _ = try transaction.updateTestRun(failure) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateTestRun(Fixture.testRun("missing", connectionID: "conn-1")) }
            try await store.read { transaction throws in
                #expect(try transaction.testRun(id: "test-1") == stored)
                #expect(try transaction.testRun(relayStateHash: pending.relayStateHash) == stored)
                #expect(try transaction.hasSuccessfulTestRun(connectionID: "conn-1", fingerprint: "fp-1"))
            }
            // A changed RelayState hash is what it is found by afterwards.
            var moved = stored
            moved.relayStateHash = "relay-moved"
            let storedMoved = try await store.write { [moved] transaction in try transaction.updateTestRun(moved) }
            try await store.read { transaction throws in
                #expect(try transaction.testRun(relayStateHash: "relay-moved") == storedMoved)
                #expect(try transaction.testRun(relayStateHash: pending.relayStateHash) == nil)
            }
        }
    }

    // MARK: Sign-in requests

    @Test("Sign-in requests round-trip, are consumed once, and expire", arguments: StoreFactory.all)
    func signInRequests(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let pending = Fixture.signInRequest("signin-1", connectionID: "conn-1", expiresAt: 300_000)
            let consumed = Fixture.signInRequest("signin-2", connectionID: "conn-1", expiresAt: 100_000, complete: true)
            let late = Fixture.signInRequest("signin-3", connectionID: "conn-1", expiresAt: 200_000)
            try await store.write { transaction throws in
                try transaction.insertConnection(Fixture.connection("conn-1", organizationID: "acme"))
                for request in [pending, consumed, late] { try transaction.insertSignInRequest(request) }
                try transaction.insertTestRun(Fixture.testRun("test-1", connectionID: "conn-1"))
            }
            try await store.read { transaction throws in
                for request in [pending, consumed, late] {
                    #expect(try transaction.signInRequest(relayStateHash: request.relayStateHash) == request)
                }
                #expect(try transaction.signInRequest(relayStateHash: "missing") == nil)
            }
            await expectStoreError(.duplicate, in: store) { try $0.insertSignInRequest(Fixture.signInRequest("signin-1", connectionID: "conn-1", relayState: "fresh")) }
            await expectStoreError(.duplicate, in: store) { try $0.insertSignInRequest(Fixture.signInRequest("signin-9", connectionID: "conn-1", relayState: "relay-signin-2")) }

            // Consumed once: the second consumer holds a stale version.
            var first = pending
            first.consumedAt = Fixture.date(1_000)
            var second = pending
            second.consumedAt = Fixture.date(2_000)
            let stored = try await store.write { [first] transaction in try transaction.updateSignInRequest(first) }
            #expect(stored.version == 2)
            await expectStoreError(.conflict, in: store) { [second] transaction in _ = try transaction.updateSignInRequest(second) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateSignInRequest(Fixture.signInRequest("missing", connectionID: "conn-1")) }
            #expect(try await store.read { try $0.signInRequest(relayStateHash: pending.relayStateHash) } == stored)

            // Housekeeping removes those that expired strictly before the cut-off.
            #expect(try await store.write { try $0.deleteSignInRequests(expiredBefore: Fixture.date(100_000)) } == 0)
            #expect(try await store.write { try $0.deleteSignInRequests(expiredBefore: Fixture.date(200_001)) } == 2)
            try await store.read { transaction throws in
                #expect(try transaction.signInRequest(relayStateHash: consumed.relayStateHash) == nil)
                #expect(try transaction.signInRequest(relayStateHash: late.relayStateHash) == nil)
                #expect(try transaction.signInRequest(relayStateHash: pending.relayStateHash) == stored)
                #expect(try transaction.testRun(id: "test-1") != nil)
            }
        }
    }

    // MARK: Assertion IDs

    @Test("An assertion ID is used once until it expires", arguments: StoreFactory.all)
    func assertionIDs(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let expiry = Fixture.date(300_000)
            func record(_ id: String, issuer: String = "https://idp.test", expiresAt: Foundation.Date = expiry, now: Int64) async throws -> Bool {
                try await store.write { try $0.recordAssertionID(id, issuer: issuer, expiresAt: expiresAt, now: Fixture.date(now)) }
            }
            #expect(try await record("_a1", now: 0))
            #expect(try await !record("_a1", now: 0))
            #expect(try await !record("_a1", now: 299_999))
            // Keyed by issuer and ID.
            #expect(try await record("_a1", issuer: "https://other-idp.test", now: 0))
            #expect(try await record("_a2", now: 0))
            // At its expiry it may be recorded anew, with a new expiry.
            #expect(try await record("_a1", expiresAt: Fixture.date(600_000), now: 300_000))
            #expect(try await !record("_a1", now: 599_999))
            #expect(try await record("_a1", expiresAt: Fixture.date(900_000), now: 700_000))
            // A replay within one transaction is seen too.
            let both = try await store.write { transaction throws in
                (try transaction.recordAssertionID("_a3", issuer: "i", expiresAt: expiry, now: Fixture.date(0)),
                 try transaction.recordAssertionID("_a3", issuer: "i", expiresAt: expiry, now: Fixture.date(0)))
            }
            #expect(both == (true, false))
            // Long-expired IDs (a store may forget them) are as good as new.
            #expect(try await record("_old", expiresAt: Fixture.date(1), now: 0))
            #expect(try await record("_other", now: 10 * 86_400_000))
            #expect(try await record("_old", expiresAt: Fixture.date(20 * 86_400_000), now: 10 * 86_400_000))
            #expect(try await !record("_old", now: 10 * 86_400_000))
        }
    }
}
