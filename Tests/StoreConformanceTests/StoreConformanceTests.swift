import Foundation
import SSOLifecycle
import Testing

/// The store conformance suite: every requirement of `LifecycleStore`'s documentation,
/// checked against every store in ``StoreFactory/all``. The checks are grouped by record in
/// extensions of this suite; this file holds transactions, settings and organizations.
@Suite("Store conformance")
struct StoreConformanceTests {
    // MARK: Transactions

    @Test("A transaction returns what its body returned", arguments: StoreFactory.all)
    func transactionReturnsBodyResult(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.write { _ in 42 } == 42)
            #expect(try await store.read { _ in "read" } == "read")
        }
    }

    @Test("A body that writes then throws leaves nothing, and its error comes back unchanged", arguments: StoreFactory.all)
    func rollbackOnThrow(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let thrown = BodyError()
            await #expect(throws: thrown) {
                try await store.write { transaction throws in
                    try transaction.setSetting("base-url", to: "https://app.test")
                    try transaction.insertOrganization(Fixture.organization("globex"))
                    var acme = try #require(try transaction.organization(id: "acme"))
                    acme.ssoAllowed = false
                    _ = try transaction.updateOrganization(acme)
                    try transaction.insertDomain(Fixture.domain("acme", "acme.test", .verified))
                    let connection = Fixture.connection("conn-1", organizationID: "acme", status: .active)
                    try transaction.insertConnection(connection)
                    try transaction.insertTestRun(Fixture.testRun("test-1", connectionID: "conn-1"))
                    try transaction.insertSignInRequest(Fixture.signInRequest("signin-1", connectionID: "conn-1"))
                    #expect(try transaction.recordAssertionID("_a1", issuer: "idp", expiresAt: Fixture.date(60_000), now: Fixture.date(0)))
                    try transaction.appendAttempt(Fixture.attempt("att-1"))
                    try transaction.appendAudit(Fixture.audit("aud-1"))
                    try transaction.insertSetupLink(Fixture.setupLink("link-1"))
                    throw thrown
                }
            }
            try await store.read { transaction throws in
                #expect(try transaction.setting("base-url") == nil)
                #expect(try transaction.organization(id: "globex") == nil)
                #expect(try transaction.organization(id: "acme") == Fixture.organization("acme"))
                #expect(try transaction.domains(organizationID: "acme").isEmpty)
                #expect(try transaction.connection(id: "conn-1") == nil)
                #expect(try transaction.activeRoute(forVerifiedDomain: "acme.test") == nil)
                #expect(try transaction.testRun(id: "test-1") == nil)
                #expect(try transaction.signInRequest(relayStateHash: "relay-signin-1") == nil)
                #expect(try transaction.attempts(organizationID: "acme", limit: 10).isEmpty)
                #expect(try transaction.auditEntries(organizationID: "acme", limit: 10).isEmpty)
                #expect(try transaction.setupLink(id: "link-1") == nil)
            }
            // The assertion ID was not kept either.
            #expect(try await store.write { try $0.recordAssertionID("_a1", issuer: "idp", expiresAt: Fixture.date(60_000), now: Fixture.date(0)) })
        }
    }

    @Test("A store error the body throws comes back unchanged, and nothing is kept", arguments: StoreFactory.all)
    func bodyStoreErrorUnchanged(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let thrown = StoreError(.conflict, "The body's own conflict.")
            await #expect(throws: thrown) {
                try await store.write { transaction throws in
                    try transaction.insertOrganization(Fixture.organization("acme"))
                    throw thrown
                }
            }
            #expect(try await store.read { try $0.organization(id: "acme") } == nil)
            // A read transaction's body error too.
            await #expect(throws: thrown) { try await store.read { _ in throw thrown } }
        }
    }

    @Test("A refused write inside a transaction changes nothing, and the transaction can go on", arguments: StoreFactory.all)
    func refusedWriteIsAtomic(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex")
            try await store.write { transaction throws in
                try transaction.insertDomain(Fixture.domain("acme", "acme.test", .verified))
                #expect(storeErrorKind { try transaction.insertOrganization(Fixture.organization("acme", name: "Other")) } == .duplicate)
                #expect(storeErrorKind { try transaction.insertDomain(Fixture.domain("globex", "acme.test", .verified, complete: true)) } == .constraint)
                try transaction.insertOrganization(Fixture.organization("initech"))
            }
            try await store.read { transaction throws in
                #expect(try transaction.organization(id: "acme") == Fixture.organization("acme"))
                #expect(try transaction.organization(id: "initech") != nil)
                #expect(try transaction.domains(organizationID: "globex").isEmpty)
                #expect(try transaction.verifiedDomain(name: "acme.test")?.organizationID == "acme")
            }
        }
    }

    /// The protocol says a read transaction "reads only"; `InMemoryStore` refuses a write in
    /// one with `StoreError.failure`, and so must every store (a write that silently
    /// succeeded, or vanished, would be worse).
    @Test("A read transaction refuses every write", arguments: StoreFactory.all)
    func readTransactionRefusesWrites(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let connection = Fixture.connection("conn-1", organizationID: "acme")
            let domain = Fixture.domain("acme", "acme.test")
            let run = Fixture.testRun("test-1", connectionID: "conn-1")
            let request = Fixture.signInRequest("signin-1", connectionID: "conn-1")
            let link = Fixture.setupLink("link-1")
            try await store.write { transaction throws in
                try transaction.insertConnection(connection)
                try transaction.insertDomain(domain)
                try transaction.insertTestRun(run)
                try transaction.insertSignInRequest(request)
                try transaction.insertSetupLink(link)
            }
            let writes: [(String, @Sendable (any StoreTransaction) throws -> Void)] = [
                ("setSetting", { try $0.setSetting("k", to: "v") }),
                ("setSetting nil", { try $0.setSetting("k", to: nil) }),
                ("insertOrganization", { try $0.insertOrganization(Fixture.organization("globex")) }),
                ("updateOrganization", { _ = try $0.updateOrganization(Fixture.organization("acme")) }),
                ("insertDomain", { try $0.insertDomain(Fixture.domain("acme", "other.test")) }),
                ("updateDomain", { _ = try $0.updateDomain(domain) }),
                ("deleteDomain", { try $0.deleteDomain(domain) }),
                ("insertConnection", { try $0.insertConnection(Fixture.connection("conn-2", organizationID: "acme")) }),
                ("updateConnection", { _ = try $0.updateConnection(connection) }),
                ("deleteConnection", { try $0.deleteConnection(connection) }),
                ("insertTestRun", { try $0.insertTestRun(Fixture.testRun("test-2", connectionID: "conn-1")) }),
                ("updateTestRun", { _ = try $0.updateTestRun(run) }),
                ("insertSignInRequest", { try $0.insertSignInRequest(Fixture.signInRequest("signin-2", connectionID: "conn-1")) }),
                ("updateSignInRequest", { _ = try $0.updateSignInRequest(request) }),
                ("deleteSignInRequests", { _ = try $0.deleteSignInRequests(expiredBefore: Fixture.date(10_000_000)) }),
                ("recordAssertionID", { _ = try $0.recordAssertionID("_a", issuer: "idp", expiresAt: Fixture.date(1), now: Fixture.date(0)) }),
                ("appendAttempt", { try $0.appendAttempt(Fixture.attempt("att-1")) }),
                ("deleteAttempts", { _ = try $0.deleteAttempts(before: Fixture.date(10_000_000)) }),
                ("appendAudit", { try $0.appendAudit(Fixture.audit("aud-1")) }),
                ("insertSetupLink", { try $0.insertSetupLink(Fixture.setupLink("link-2")) }),
                ("updateSetupLink", { _ = try $0.updateSetupLink(link) }),
            ]
            for (name, write) in writes {
                let kind = try await store.read { transaction in storeErrorKind { try write(transaction) } }
                #expect(kind == .failure, "\(name) in a read transaction")
            }
            try await store.read { transaction throws in
                #expect(try transaction.setting("k") == nil)
                #expect(try transaction.organization(id: "globex") == nil)
                #expect(try transaction.organization(id: "acme")?.version == 1)
                #expect(try transaction.domains(organizationID: "acme") == [domain])
                #expect(try transaction.connections(organizationID: "acme") == [connection])
                #expect(try transaction.testRuns(connectionID: "conn-1", limit: 10) == [run])
                #expect(try transaction.signInRequest(relayStateHash: request.relayStateHash) == request)
                #expect(try transaction.attempts(organizationID: "acme", limit: 10).isEmpty)
                #expect(try transaction.auditEntries(organizationID: "acme", limit: 10).isEmpty)
                #expect(try transaction.setupLinks(organizationID: "acme") == [link])
            }
            // The assertion ID was not recorded by the refused call.
            #expect(try await store.write { try $0.recordAssertionID("_a", issuer: "idp", expiresAt: Fixture.date(1), now: Fixture.date(0)) })
        }
    }

    // MARK: Settings

    @Test("Settings are set, replaced, read and removed", arguments: StoreFactory.all)
    func settings(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.read { try $0.setting("sp-base-url") } == nil)
            try await store.write { transaction throws in
                try transaction.setSetting("sp-base-url", to: "https://app.example.test")
                try transaction.setSetting("empty", to: "")
                try transaction.setSetting(Fixture.odd, to: Fixture.odd)
                try transaction.setSetting("never-set", to: nil)
            }
            try await store.read { transaction throws in
                #expect(try transaction.setting("sp-base-url") == "https://app.example.test")
                #expect(try transaction.setting("empty") == "")
                #expect(try transaction.setting(Fixture.odd) == Fixture.odd)
                #expect(try transaction.setting("never-set") == nil)
            }
            try await store.write { transaction throws in
                try transaction.setSetting("sp-base-url", to: "https://other.example.test")
                try transaction.setSetting("empty", to: nil)
            }
            try await store.read { transaction throws in
                #expect(try transaction.setting("sp-base-url") == "https://other.example.test")
                #expect(try transaction.setting("empty") == nil)
            }
        }
    }

    // MARK: Organizations

    @Test("Organizations round-trip, page by id, and refuse duplicate ids", arguments: StoreFactory.all)
    func organizations(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let organizations = ["d", "a", "c", "b"].map { Fixture.organization($0, ssoAllowed: $0 != "c", createdAt: 17) }
            try await store.write { transaction throws in
                for organization in organizations { try transaction.insertOrganization(organization) }
            }
            await expectStoreError(.duplicate, in: store) { try $0.insertOrganization(Fixture.organization("a", name: "Again")) }
            try await store.read { transaction throws in
                let byID = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id, $0) })
                for organization in organizations {
                    #expect(try transaction.organization(id: organization.id) == organization)
                }
                #expect(try transaction.organization(id: "missing") == nil)
                #expect(try transaction.organizations(after: nil, limit: 2) == [byID["a"], byID["b"]].compactMap { $0 })
                #expect(try transaction.organizations(after: "b", limit: 2) == [byID["c"], byID["d"]].compactMap { $0 })
                #expect(try transaction.organizations(after: "bb", limit: 10).map(\.id) == ["c", "d"])
                #expect(try transaction.organizations(after: "d", limit: 10).isEmpty)
                #expect(try transaction.organizations(after: nil, limit: 10).map(\.id) == ["a", "b", "c", "d"])
                #expect(try transaction.organizations(after: nil, limit: 0).isEmpty)
                #expect(try transaction.organizations(after: nil, limit: -1).isEmpty)
                #expect(try transaction.organizations(after: "a", limit: -5).isEmpty)
            }
        }
    }

    @Test("Organizations: optimistic versions", arguments: StoreFactory.all)
    func organizationVersions(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let read = try #require(try await store.read { try $0.organization(id: "acme") })
            #expect(read.version == 1)
            var changed = read
            changed.name = "Acme, renamed"
            changed.ssoAllowed = false
            let stored = try await store.write { [changed] transaction in try transaction.updateOrganization(changed) }
            #expect(stored.version == 2)
            #expect(stored.name == "Acme, renamed" && !stored.ssoAllowed)
            #expect(try await store.read { try $0.organization(id: "acme") } == stored)
            // The first read is stale now.
            await expectStoreError(.conflict, in: store) { [changed] transaction in _ = try transaction.updateOrganization(changed) }
            // A record that does not exist cannot be updated either.
            await expectStoreError(.conflict, in: store) { _ = try $0.updateOrganization(Fixture.organization("missing")) }
            #expect(try await store.read { try $0.organization(id: "acme") } == stored)
        }
    }

    @Test("Dates read back exactly, to the last bit", arguments: StoreFactory.all.filter(\.keepsExactDates))
    func exactDates(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let dates = [Date(timeIntervalSinceReferenceDate: 794_059_200.123_456_789), Date(timeIntervalSinceReferenceDate: -1e9 - 0.000_1),
                         Date(timeIntervalSinceReferenceDate: 0.1), Date(timeIntervalSince1970: 0), Date(timeIntervalSinceReferenceDate: 4e9 + 1e-6)]
            for (index, date) in dates.enumerated() {
                let organization = Organization(id: "org-\(index)", name: "n", createdAt: date)
                var run = Fixture.testRun("test-\(index)", connectionID: "conn-\(index)", organizationID: organization.id, complete: true)
                run.createdAt = date
                run.user?.authnInstant = date
                try await store.write { [run] transaction throws in
                    try transaction.insertOrganization(organization)
                    try transaction.insertConnection(Connection(id: "conn-\(index)", organizationID: organization.id, providerID: "okta",
                                                                createdAt: date, updatedAt: date))
                    try transaction.insertTestRun(run)
                }
                try await store.read { [run] transaction throws in
                    #expect(try transaction.organization(id: organization.id)?.createdAt == date)
                    #expect(try transaction.testRun(id: run.id) == run)
                }
            }
        }
    }
}
