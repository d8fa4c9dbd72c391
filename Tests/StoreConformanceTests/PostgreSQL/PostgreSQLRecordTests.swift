import Foundation
import SelfServeSSO
import SSOPostgreSQL
import Testing

/// The store's records and constraints on a real PostgreSQL server: what PostgreSQL makes
/// different from the in-memory store (a failed statement aborts a transaction, collations,
/// NUL characters, microsecond timestamps) is checked here; the store conformance suite runs
/// the rest against every store.
@Suite("PostgreSQL store: records and constraints", .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason),
       .timeLimit(.minutes(1)))
struct PostgreSQLRecordTests {
    typealias R = StoreRecords

    /// The kind of StoreError `body` throws, or nil.
    static func kind(_ body: () throws -> Void) -> StoreError.Kind? {
        do {
            try body()
            return nil
        } catch let error as StoreError {
            return error.kind
        } catch {
            return .failure
        }
    }

    @Test("every record reads back equal to what was written, in the stated orders")
    func roundTrip() async throws {
        try await PostgreSQLTestServer.withStore { store in
            let later = R.epoch.addingTimeInterval(0.001)
            try await store.transaction(.write) { t in
                // Ids that a locale-aware collation would order differently from byte order.
                for id in ["b", "B", "a", "_z", "a-1"] { try t.insertOrganization(R.organization(id)) }
                try t.setSetting("sp_base_url", to: "https://app.example.test")
                try t.insertDomain(R.domain("zeta.test", organization: "a"))
                try t.insertDomain(R.domain("alpha.test", organization: "a", status: .pending))
                try t.insertConnection(R.connection("conn_2", organization: "a", status: .draft))
                try t.insertConnection(R.connection("conn_1", organization: "b"))
                try t.insertTestRun(R.testRun("test_1", connection: "conn_2", organization: "a", relay: "r1"))
                try t.insertTestRun(R.testRun("test_2", connection: "conn_2", organization: "a", relay: "r2", at: later))
                try t.insertSignInRequest(R.signIn("signin_1", connection: "conn_1", organization: "b", relay: "s1"))
                try t.appendAttempt(R.attempt("att_1", organization: "a"))
                try t.appendAttempt(R.attempt("att_2", organization: "a", at: later))
                try t.appendAudit(R.audit("aud_1", organization: "a"))
                try t.appendAudit(R.audit("aud_2", organization: "a", at: later))
                try t.insertSetupLink(R.setupLink("link_1", organization: "a", token: "tok1"))
            }
            let read = try await store.transaction(.read) { t in
                (organizations: try t.organizations(after: nil, limit: 10).map(\.id),
                 page: try t.organizations(after: "B", limit: 2).map(\.id),
                 organization: try t.organization(id: "a"),
                 setting: try t.setting("sp_base_url"),
                 domains: try t.domains(organizationID: "a").map(\.name),
                 verified: try t.verifiedDomain(name: "zeta.test"),
                 connection: try t.connection(id: "conn_1"),
                 connections: try t.connections(after: nil, limit: 5).map(\.id),
                 runs: try t.testRuns(connectionID: "conn_2", limit: 5).map(\.id),
                 byRelay: try t.testRun(relayStateHash: "r2")?.id,
                 byRequest: try t.testRun(connectionID: "conn_2", requestID: "_req_test_1")?.id,
                 signIn: try t.signInRequest(relayStateHash: "s1"),
                 attempts: try t.attempts(organizationID: "a", limit: 1).map(\.id),
                 audit: try t.auditEntries(organizationID: "a", limit: 5),
                 link: try t.setupLink(tokenHash: "tok1")?.id)
            }
            #expect(read.organizations == ["B", "_z", "a", "a-1", "b"])
            #expect(read.page == ["_z", "a"])
            #expect(read.organization == R.organization("a"))
            #expect(read.setting == "https://app.example.test")
            #expect(read.domains == ["alpha.test", "zeta.test"])
            #expect(read.verified == R.domain("zeta.test", organization: "a"))
            #expect(read.connection == R.connection("conn_1", organization: "b"))
            #expect(read.connections == ["conn_1", "conn_2"])
            #expect(read.runs == ["test_2", "test_1"])
            #expect(read.byRelay == "test_2")
            #expect(read.byRequest == "test_1")
            #expect(read.signIn == R.signIn("signin_1", connection: "conn_1", organization: "b", relay: "s1"))
            #expect(read.attempts == ["att_2"])
            #expect(read.audit == [R.audit("aud_2", organization: "a", at: later), R.audit("aud_1", organization: "a")])
            #expect(read.link == "link_1")
        }
    }

    @Test("a duplicate, a constraint or a conflict is reported and the transaction goes on and commits")
    func refusalsKeepTheTransactionUsable() async throws {
        try await PostgreSQLTestServer.withStore { store in
            try await store.transaction(.write) { t in
                try t.insertOrganization(R.organization("acme"))
                try t.insertOrganization(R.organization("beta"))
                try t.insertDomain(R.domain("acme.test", organization: "acme"))
                try t.insertDomain(R.domain("acme.test", organization: "beta", status: .pending))
                try t.insertTestRun(R.testRun("test_1", connection: "conn_1", organization: "acme", relay: "r1"))
                try t.insertSetupLink(R.setupLink("link_1", organization: "acme", token: "tok1"))
            }
            let kinds = try await store.transaction(.write) { t -> [StoreError.Kind?] in
                var stale = R.organization("beta")
                stale.version = 7
                var verifying = try t.domain(organizationID: "beta", name: "acme.test")!
                verifying.storedStatus = .verified
                var run = try t.testRun(id: "test_1")!
                run.relayStateHash = "r1"
                run.id = "test_missing"
                let kinds = [
                    Self.kind { try t.insertOrganization(R.organization("acme")) },
                    Self.kind { try t.insertDomain(R.domain("acme.test", organization: "acme", status: .pending)) },
                    Self.kind { try t.insertDomain(R.domain("acme.test", organization: "gamma")) },
                    Self.kind { _ = try t.updateDomain(verifying) },
                    Self.kind { _ = try t.updateOrganization(stale) },
                    Self.kind { try t.insertTestRun(R.testRun("test_2", connection: "c", organization: "acme", relay: "r1")) },
                    Self.kind { _ = try t.updateTestRun(run) },
                    Self.kind { try t.insertSetupLink(R.setupLink("link_2", organization: "acme", token: "tok1")) },
                    Self.kind { try t.deleteDomain(R.domain("nothing.test", organization: "acme")) },
                ]
                try t.insertOrganization(R.organization("gamma"))
                return kinds
            }
            #expect(kinds == [.duplicate, .duplicate, .constraint, .constraint, .conflict, .duplicate, .conflict,
                              .duplicate, .conflict])
            let gamma = try await store.transaction(.read) { t in try t.organization(id: "gamma") }
            #expect(gamma != nil)
        }
    }

    @Test("updates check and increment the version; deleting a connection removes its runs and sign-ins")
    func versionsAndCascade() async throws {
        try await PostgreSQLTestServer.withStore { store in
            try await store.transaction(.write) { t in
                try t.insertOrganization(R.organization("acme"))
                try t.insertConnection(R.connection("conn_1", organization: "acme"))
                try t.insertTestRun(R.testRun("test_1", connection: "conn_1", organization: "acme", relay: "r1"))
                try t.insertSignInRequest(R.signIn("signin_1", connection: "conn_1", organization: "acme", relay: "s1"))
            }
            let updated = try await store.transaction(.write) { t in
                var connection = try t.connection(id: "conn_1")!
                connection.status = .inactive
                return try t.updateConnection(connection)
            }
            #expect(updated.version == 2)
            let stale = R.connection("conn_1", organization: "acme")
            await #expect(throws: StoreError.self) {
                try await store.transaction(.write) { t in try t.deleteConnection(stale) }
            }
            try await store.transaction(.write) { t in try t.deleteConnection(updated) }
            let left = try await store.transaction(.read) { t in
                (try t.connection(id: "conn_1"), try t.testRun(id: "test_1"), try t.signInRequest(relayStateHash: "s1"))
            }
            #expect(left.0 == nil && left.1 == nil && left.2 == nil)
        }
    }

    @Test("the route comes from the verified owner's most recently updated active connection")
    func routing() async throws {
        try await PostgreSQLTestServer.withStore { store in
            try await store.transaction(.write) { t in
                try t.insertOrganization(R.organization("acme"))
                try t.insertDomain(R.domain("acme.test", organization: "acme"))
                try t.insertDomain(R.domain("pending.test", organization: "acme", status: .pending))
                try t.insertConnection(R.connection("conn_old", organization: "acme"))
                try t.insertConnection(R.connection("conn_new", organization: "acme", updatedAt: R.epoch.addingTimeInterval(5)))
                try t.insertConnection(R.connection("conn_draft", organization: "acme", status: .draft,
                                                    updatedAt: R.epoch.addingTimeInterval(9)))
            }
            let routes = try await store.transaction(.read) { t in
                (try t.activeRoute(forVerifiedDomain: "acme.test"), try t.activeRoute(forVerifiedDomain: "pending.test"),
                 try t.activeRoute(forVerifiedDomain: "other.test"))
            }
            #expect(routes.0 == ConnectionRoute(R.connection("conn_new", organization: "acme", updatedAt: R.epoch.addingTimeInterval(5))))
            #expect(routes.1 == nil)
            #expect(routes.2 == nil)
        }
    }

    @Test("an assertion ID is recorded once until it expires")
    func assertionIDs() async throws {
        try await PostgreSQLTestServer.withStore { store in
            let now = R.epoch
            let results = try await store.transaction(.write) { t in
                [try t.recordAssertionID("_a1", issuer: "https://idp", expiresAt: now.addingTimeInterval(60), now: now),
                 try t.recordAssertionID("_a1", issuer: "https://idp", expiresAt: now.addingTimeInterval(60), now: now),
                 try t.recordAssertionID("_a1", issuer: "https://other", expiresAt: now.addingTimeInterval(60), now: now),
                 try t.recordAssertionID("_a1", issuer: "https://idp", expiresAt: now.addingTimeInterval(120),
                                         now: now.addingTimeInterval(59.999)),
                 try t.recordAssertionID("_a1", issuer: "https://idp", expiresAt: now.addingTimeInterval(180),
                                         now: now.addingTimeInterval(60))]
            }
            #expect(results == [true, false, true, false, true])
        }
    }

    @Test("NUL characters: look-ups find nothing, writes are refused as failures, JSON keeps them")
    func nulCharacters() async throws {
        try await PostgreSQLTestServer.withStore { store in
            let kinds = try await store.transaction(.write) { t -> [StoreError.Kind?] in
                let kinds = [Self.kind { try t.insertOrganization(R.organization("a\u{0}b")) }]
                try t.appendAudit(R.audit("aud_1", organization: nil))
                return kinds
            }
            #expect(kinds == [.failure])
            let found = try await store.transaction(.read) { t in
                (try t.organization(id: "a\u{0}b"), try t.domains(organizationID: "\u{0}"), try t.setting("k\u{0}"))
            }
            #expect(found.0 == nil && found.1.isEmpty && found.2 == nil)
        }
    }

    @Test("a read transaction refuses to write, and old sign-ins and attempts are removed")
    func readOnlyAndHousekeeping() async throws {
        try await PostgreSQLTestServer.withStore { store in
            await #expect(throws: StoreError(.failure, "A read transaction cannot write.")) {
                try await store.transaction(.read) { t in try t.setSetting("k", to: "v") }
            }
            try await store.transaction(.write) { t in
                try t.insertSignInRequest(R.signIn("signin_1", connection: "c", organization: "o", relay: "s1"))
                try t.appendAttempt(R.attempt("att_1", organization: "o"))
                try t.appendAttempt(R.attempt("att_2", organization: "o", at: R.epoch.addingTimeInterval(10)))
            }
            let removed = try await store.transaction(.write) { t in
                (try t.deleteSignInRequests(expiredBefore: R.epoch.addingTimeInterval(601)),
                 try t.deleteAttempts(before: R.epoch.addingTimeInterval(5)))
            }
            #expect(removed.0 == 1 && removed.1 == 1)
        }
    }

    @Test("the audit log cannot be changed or removed, even with SQL")
    func auditIsAppendOnly() async throws {
        try await PostgreSQLTestServer.withStore { store in
            try await store.transaction(.write) { t in try t.appendAudit(R.audit("aud_1", organization: "o")) }
            let schema = store.options.schema
            for sql in ["UPDATE \(schema).audit_entries SET record = '{}'", "DELETE FROM \(schema).audit_entries",
                        "TRUNCATE \(schema).audit_entries"] {
                await #expect(throws: StoreError.self) { try await store.execute(sql: sql) }
            }
            let entries = try await store.transaction(.read) { t in try t.auditEntries(organizationID: "o", limit: 5) }
            #expect(entries == [R.audit("aud_1", organization: "o")])
        }
    }

    @Test("the route look-up is one indexed read, whatever the number of organizations")
    func routePlan() async throws {
        try await PostgreSQLTestServer.withStore { store in
            try await store.prepare()
            let s = "\"\(store.options.schema)\""
            _ = try await store.execute(sql: """
                INSERT INTO \(s).domains (organization_id, name, status, version, record)
                    SELECT 'org' || n, 'd' || n || '.test', CASE WHEN n % 3 = 0 THEN 'pending' ELSE 'verified' END, 1, '{}'
                    FROM generate_series(1, 30000) AS n;
                INSERT INTO \(s).connections (id, organization_id, status, created_at, updated_at, version, route_provider_id,
                                              route_sso_url, route_sso_binding, route_fingerprint, record)
                    SELECT 'conn' || n, 'org' || n, CASE WHEN n % 2 = 0 THEN 'active' ELSE 'draft' END, now(), now(), 1,
                           'okta', 'https://idp/' || n, 'b', CASE WHEN n % 2 = 0 THEN 'f' || n END, '{}'
                    FROM generate_series(1, 30000) AS n;
                ANALYZE \(s).domains; ANALYZE \(s).connections
                """)
            let plan = try await store.execute(sql: "EXPLAIN " + store.routeLookUpSQL.replacingOccurrences(of: "$1", with: "'d42.test'"))
                .compactMap { $0.first ?? nil }.joined(separator: "\n")
            #expect(plan.contains("domains_one_verified_owner"), "\(plan)")
            #expect(plan.contains("connections_routes"), "\(plan)")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
        }
    }
}
