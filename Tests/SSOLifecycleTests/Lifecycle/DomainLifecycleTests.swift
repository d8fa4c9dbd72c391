import Foundation
import Testing
import SelfServeSSO

/// Adding, verifying, expiring and removing an organization's email domains.
@Suite struct DomainLifecycleTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        await AccessTests.code(body)
    }

    @Test("adding a domain issues a TXT challenge on the configured name with at least 128 random bits", arguments: StoreKind.allCases)
    func addIssuesChallenge(kind: StoreKind) async throws {
        let harness = try LifecycleHarness(kind)
        try await harness.organization("acme")
        let record = try await harness.lifecycle.addDomain("  ACME.com. ", organizationID: "acme", by: harness.manager("acme"))
        #expect(record.name == "acme.com")
        #expect(record.recordName == "_sso-verification.acme.com")
        #expect(record.recordType == "TXT")
        #expect(record.recordValue.hasPrefix("sso-verification="))
        let token = record.recordValue.dropFirst("sso-verification=".count)
        #expect(token.count * 5 >= 128)
        #expect(record.status(at: harness.clock.now()) == .pending)
        #expect(record.challengeExpiresAt == harness.clock.now().addingTimeInterval(7 * 86_400))
        let again = try await harness.lifecycle.addDomain("beta.acme.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(again.recordValue != record.recordValue)
        #expect(await Self.code { _ = try await harness.lifecycle.addDomain("acme.com", organizationID: "acme", by: harness.manager("acme")) } == "domain.already-added")
    }

    @Test("verification finds the record among several, marks the domain verified and audits it")
    func verifies() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let record = try await harness.lifecycle.addDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        harness.dns.publish(record.recordName, values: ["v=spf1 -all", record.recordValue, "google-site-verification=x"])
        let nameserver = Nameserver(host: "127.0.0.1", port: 5353)
        let result = try await harness.lifecycle.verifyDomain("acme.com", organizationID: "acme", nameserver: nameserver,
                                                              by: harness.manager("acme"))
        #expect(result.domain.status(at: harness.clock.now()) == .verified)
        #expect(result.check?.outcome == .found)
        #expect(harness.dns.queries.last?.0 == "_sso-verification.acme.com")
        #expect(harness.dns.queries.last?.1 == nameserver)
        let audit = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.operatorPrincipal)
        #expect(audit.first?.action == "domain.verified")
        #expect(audit.first?.actor == "member:acme/admin@acme")
        #expect(audit.first?.before?.contains("\"pending\"") == true)
        #expect(audit.first?.after?.contains("\"verified\"") == true)
        // Verifying again does not ask DNS.
        let count = harness.dns.queries.count
        _ = try await harness.lifecycle.verifyDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(harness.dns.queries.count == count)
    }

    @Test("a failed check keeps the domain pending and says what was found", arguments: [
        TXTLookup(outcome: .nameNotFound), TXTLookup(outcome: .answered, records: [["sso-verification=wrong"]]),
        TXTLookup(outcome: .serverFailure), TXTLookup(outcome: .timeout),
    ])
    func failedCheck(lookup: TXTLookup) async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let record = try await harness.lifecycle.addDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        harness.dns.publish(record.recordName, lookup)
        let result = try await harness.lifecycle.verifyDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(result.domain.storedStatus == .pending)
        let check = try #require(result.check)
        #expect(check.outcome != .found)
        #expect(check.expectedValue == record.recordValue)
        #expect(check.foundValues == lookup.values)
        #expect(result.domain.lastCheck == check)
        let audit = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.operatorPrincipal)
        #expect(audit.first?.action == "domain.check-failed")
    }

    @Test("an expired challenge is replaced by a new record when verified again")
    func expiredChallengeRenews() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let record = try await harness.lifecycle.addDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        harness.clock.advance(by: 7 * 86_400 + 1)
        let domains = try await harness.lifecycle.domains(organizationID: "acme", by: harness.reader("acme"))
        #expect(domains.first?.status(at: harness.clock.now()) == .expired)
        // Even a record now published with the old value no longer counts.
        harness.dns.publish(record.recordName, values: [record.recordValue])
        let result = try await harness.lifecycle.verifyDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(result.renewedChallenge)
        #expect(result.check == nil)
        #expect(result.domain.recordValue != record.recordValue)
        #expect(result.domain.status(at: harness.clock.now()) == .pending)
        #expect(result.domain.challengeExpiresAt == harness.clock.now().addingTimeInterval(7 * 86_400))
        harness.dns.publish(record.recordName, values: [result.domain.recordValue])
        let verified = try await harness.lifecycle.verifyDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(verified.domain.storedStatus == .verified)
    }

    @Test("a domain verified by one organization cannot be added or verified by another")
    func oneVerifiedOwner() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        try await harness.organization("globex")
        // Both claim it while pending: allowed.
        let acme = try await harness.lifecycle.addDomain("shared.com", organizationID: "acme", by: harness.manager("acme"))
        let globex = try await harness.lifecycle.addDomain("shared.com", organizationID: "globex", by: harness.manager("globex"))
        harness.dns.publish(acme.recordName, values: [acme.recordValue, globex.recordValue])
        _ = try await harness.lifecycle.verifyDomain("shared.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(await Self.code {
            _ = try await harness.lifecycle.verifyDomain("shared.com", organizationID: "globex", by: harness.manager("globex"))
        } == "domain.owned-by-another-organization")
        try await harness.organization("initech")
        #expect(await Self.code {
            _ = try await harness.lifecycle.addDomain("shared.com", organizationID: "initech", by: harness.manager("initech"))
        } == "domain.owned-by-another-organization")
        let globexDomains = try await harness.lifecycle.domains(organizationID: "globex", by: harness.reader("globex"))
        #expect(globexDomains.first?.storedStatus == .pending)
    }

    @Test("removing a domain works, and is refused for the last verified one of an active connection")
    func removal() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        _ = try await harness.lifecycle.addDomain("pending.com", organizationID: "acme", by: harness.manager("acme"))
        try await harness.lifecycle.removeDomain("pending.com", organizationID: "acme", by: harness.manager("acme"))
        #expect(try await harness.lifecycle.domains(organizationID: "acme", by: harness.reader("acme")).isEmpty)
        #expect(await Self.code { try await harness.lifecycle.removeDomain("pending.com", organizationID: "acme", by: harness.manager("acme")) } == "domain.not-found")
        // With no active connection, even the only verified domain can go.
        try await harness.verifiedDomain("acme.com", organizationID: "acme")
        try await harness.lifecycle.removeDomain("acme.com", organizationID: "acme", by: harness.manager("acme"))
        let audit = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.operatorPrincipal)
        #expect(audit.first?.action == "domain.removed")
    }

    @Test("domain names are refused with the code that says why", arguments: [
        ("192.168.1.1", "domain.ip-address"), ("*.acme.com", "domain.wildcard"), ("acme", "domain.single-label"),
        ("", "domain.invalid"),
    ])
    func refusedNames(name: String, code: String) async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        #expect(await Self.code { _ = try await harness.lifecycle.addDomain(name, organizationID: "acme", by: harness.manager("acme")) } == code)
    }

    @Test("an organization can add at most the configured number of domains")
    func domainLimit() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        for index in 0..<50 {
            _ = try await harness.lifecycle.addDomain("d\(index).acme.com", organizationID: "acme", by: harness.manager("acme"))
        }
        #expect(await Self.code { _ = try await harness.lifecycle.addDomain("one-more.acme.com", organizationID: "acme", by: harness.manager("acme")) } == "domain.too-many")
    }
}
