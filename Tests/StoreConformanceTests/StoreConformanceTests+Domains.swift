import SSOLifecycle
import Testing

extension StoreConformanceTests {
    @Test("Domains round-trip with every optional field set and unset, ordered by name", arguments: StoreFactory.all)
    func domainsRoundTrip(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex")
            let domains = [
                Fixture.domain("acme", "zeta.test", .verified, complete: true),
                Fixture.domain("acme", "alpha.test"),
                Fixture.domain("acme", "mid.test", .expired, complete: true, createdAt: 99),
                Fixture.domain("acme", "xn--bcher-kva.test", .pending, complete: false),
            ]
            var pendingCheck = Fixture.domain("globex", "globex.test")
            pendingCheck.lastCheck = Fixture.dnsCheck("globex.test", complete: false)
            try await store.write { [pendingCheck] transaction throws in
                for domain in domains { try transaction.insertDomain(domain) }
                try transaction.insertDomain(pendingCheck)
            }
            try await store.read { [pendingCheck] transaction throws in
                #expect(try transaction.domains(organizationID: "acme") == domains.sorted { $0.name < $1.name })
                #expect(try transaction.domains(organizationID: "globex") == [pendingCheck])
                #expect(try transaction.domains(organizationID: "nobody").isEmpty)
                for domain in domains {
                    #expect(try transaction.domain(organizationID: "acme", name: domain.name) == domain)
                }
                #expect(try transaction.domain(organizationID: "globex", name: "zeta.test") == nil)
                #expect(try transaction.verifiedDomain(name: "zeta.test") == domains[0])
                #expect(try transaction.verifiedDomain(name: "alpha.test") == nil)
                #expect(try transaction.verifiedDomain(name: "mid.test") == nil)
                #expect(try transaction.verifiedDomain(name: "unknown.test") == nil)
            }
        }
    }

    @Test("One record per organization and domain name", arguments: StoreFactory.all)
    func domainDuplicates(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex")
            try await store.write { try $0.insertDomain(Fixture.domain("acme", "acme.test")) }
            await expectStoreError(.duplicate, in: store) { try $0.insertDomain(Fixture.domain("acme", "acme.test", .expired)) }
            // The same organization inserting its verified name again is a duplicate, not a
            // verified-owner conflict.
            try await store.write { try $0.insertDomain(Fixture.domain("globex", "globex.test", .verified)) }
            await expectStoreError(.duplicate, in: store) { try $0.insertDomain(Fixture.domain("globex", "globex.test", .verified)) }
            try await store.read { transaction throws in
                #expect(try transaction.domains(organizationID: "acme") == [Fixture.domain("acme", "acme.test")])
            }
        }
    }

    @Test("One verified owner per domain; pending and expired claims may coexist", arguments: StoreFactory.all)
    func oneVerifiedOwner(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme", "globex", "initech")
            // Pending (and expired) claims of one name by several organizations are fine.
            try await store.write { transaction throws in
                try transaction.insertDomain(Fixture.domain("acme", "shared.test"))
                try transaction.insertDomain(Fixture.domain("globex", "shared.test"))
                try transaction.insertDomain(Fixture.domain("initech", "shared.test", .expired))
            }
            // Acme verifies it.
            let acmePending = try #require(try await store.read { try $0.domain(organizationID: "acme", name: "shared.test") })
            var acmeVerified = acmePending
            acmeVerified.storedStatus = .verified
            acmeVerified.verifiedAt = Fixture.date(10)
            acmeVerified = try await store.write { [acmeVerified] transaction in try transaction.updateDomain(acmeVerified) }
            #expect(acmeVerified.version == 2)

            // Globex cannot verify it by update; nobody can insert a name another organization
            // holds verified, even one verified earlier in the same transaction.
            let globexPending = try #require(try await store.read { try $0.domain(organizationID: "globex", name: "shared.test") })
            var globexVerified = globexPending
            globexVerified.storedStatus = .verified
            await expectStoreError(.constraint, in: store) { [globexVerified] transaction in _ = try transaction.updateDomain(globexVerified) }
            await expectStoreError(.constraint, in: store) { try $0.insertDomain(Fixture.domain("initech", "other-org.test", .verified)); try $0.insertDomain(Fixture.domain("acme", "other-org.test", .verified)) }
            try await store.write { try $0.insertDomain(Fixture.domain("initech", "initech.test", .verified)) }
            await expectStoreError(.constraint, in: store) { try $0.insertDomain(Fixture.domain("acme", "initech.test", .verified, complete: true)) }
            // …while a pending claim of a verified name is still allowed.
            try await store.write { try $0.insertDomain(Fixture.domain("acme", "initech.test")) }

            try await store.read { [acmeVerified] transaction throws in
                #expect(try transaction.domain(organizationID: "globex", name: "shared.test") == globexPending)
                #expect(try transaction.verifiedDomain(name: "shared.test") == acmeVerified)
                #expect(try transaction.verifiedDomain(name: "initech.test")?.organizationID == "initech")
                #expect(try transaction.domain(organizationID: "initech", name: "other-org.test") == nil)
            }

            // The owner may update its verified record (re-verification) freely.
            var reverified = acmeVerified
            reverified.verifiedAt = Fixture.date(20)
            reverified = try await store.write { [reverified] transaction in try transaction.updateDomain(reverified) }
            #expect(reverified.version == 3)

            // Once the owner lets go, another organization can verify it.
            try await store.write { [reverified] transaction in try transaction.deleteDomain(reverified) }
            let stored = try await store.write { [globexVerified] transaction in try transaction.updateDomain(globexVerified) }
            #expect(stored.version == globexPending.version + 1)
            try await store.read { transaction throws in
                #expect(try transaction.verifiedDomain(name: "shared.test") == stored)
                #expect(try transaction.domain(organizationID: "acme", name: "shared.test") == nil)
            }
        }
    }

    @Test("Domains: optimistic versions on update and delete", arguments: StoreFactory.all)
    func domainVersions(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.insertOrganizations("acme")
            let original = Fixture.domain("acme", "acme.test")
            try await store.write { try $0.insertDomain(original) }
            var changed = original
            changed.lastCheck = Fixture.dnsCheck("acme.test", complete: true)
            let stored = try await store.write { [changed] transaction in try transaction.updateDomain(changed) }
            #expect(stored.version == 2)
            #expect(try await store.read { try $0.domain(organizationID: "acme", name: "acme.test") } == stored)
            await expectStoreError(.conflict, in: store) { [changed] transaction in _ = try transaction.updateDomain(changed) }
            await expectStoreError(.conflict, in: store) { try $0.deleteDomain(original) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateDomain(Fixture.domain("acme", "missing.test")) }
            try await store.write { try $0.deleteDomain(stored) }
            #expect(try await store.read { try $0.domains(organizationID: "acme") }.isEmpty)
            await expectStoreError(.conflict, in: store) { try $0.deleteDomain(stored) }
            await expectStoreError(.conflict, in: store) { _ = try $0.updateDomain(stored) }
        }
    }
}
