import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// `sso domain add|verify|list|remove` against a stub DNS.
@Suite struct DomainCommandTests {
    @Test func addPrintsTheContractKeys() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("domain", "add", "acme", "Acme.COM.", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        for key in ["domain", "status", "recordName", "recordType", "recordValue", "expiresAt"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["domain"] as? String == "acme.com")
        #expect(object["status"] as? String == "pending")
        #expect(object["recordType"] as? String == "TXT")
        #expect(object["recordName"] as? String == "_sso-verification.acme.com")
        #expect((object["recordValue"] as? String)?.hasPrefix("sso-verification=") == true)
        #expect(object["expiresAt"] as? String == "2025-06-22T15:06:40Z")
        #expect(object["organization"] as? String == "acme")
    }

    @Test func addTellsWhichRecordToCreate() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("domain", "add", "acme", "acme.com")
        #expect(run.status == 0)
        #expect(run.output.contains("Create this DNS record at acme.com's DNS provider:"))
        #expect(run.output.contains("  Type   TXT\n  Name   _sso-verification.acme.com\n  Value  sso-verification="))
        #expect(run.output.contains("sso domain verify acme acme.com"))
    }

    @Test func badDomainsAreRefused() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("domain", "add", "acme", "localhost", "--json")
        #expect(run.status == 1)
        #expect(try OrganizationCommandTests.code(run)?.hasPrefix("domain.") == true)
        let again = await world.sso("domain", "add", "acme", "acme.com")
        #expect(again.status == 0)
        let duplicate = await world.sso("domain", "add", "acme", "acme.com", "--json")
        #expect(duplicate.status == 1)
        #expect(try OrganizationCommandTests.code(duplicate) == "domain.already-added")
    }

    @Test func verifyExitsOneUntilTheRecordIsPublished() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let added = try #require(try await world.sso("domain", "add", "acme", "acme.com", "--json").json() as? [String: Any])
        let name = try #require(added["recordName"] as? String)
        let value = try #require(added["recordValue"] as? String)

        let missing = await world.sso("domain", "verify", "acme", "acme.com", "--json")
        #expect(missing.status == 1)
        let failed = try #require(try missing.json() as? [String: Any])
        #expect(failed["status"] as? String == "pending")
        #expect((failed["check"] as? [String: Any])?["outcome"] as? String == "nxdomain")
        #expect((failed["check"] as? [String: Any])?["expectedValue"] as? String == value)
        #expect(try OrganizationCommandTests.code(missing) == "dns.nxdomain")

        world.dns.publish(name, values: ["v=spf1 -all"])
        let wrong = await world.sso("domain", "verify", "acme", "acme.com")
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("Not verified:"))
        #expect(wrong.output.contains("  Found     \"v=spf1 -all\""))
        #expect(wrong.output.contains("  Expected  \"\(value)\""))

        world.dns.publish(name, values: ["v=spf1 -all", value])
        let found = await world.sso("domain", "verify", "acme", "acme.com", "--json")
        #expect(found.status == 0)
        let verified = try #require(try found.json() as? [String: Any])
        #expect(verified["status"] as? String == "verified")
        #expect(verified["errors"] == nil)
        let text = await world.sso("domain", "verify", "acme", "acme.com")
        #expect(text.status == 0)
        #expect(text.output.hasPrefix("Verified acme.com for acme"))
    }

    @Test func anExpiredChallengeIsRenewed() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.sso("domain", "add", "acme", "acme.com")
        world.clock.advance(by: 8 * 86_400)
        let run = await world.sso("domain", "verify", "acme", "acme.com", "--json")
        #expect(run.status == 1)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["renewedChallenge"] as? Bool == true)
        #expect(try OrganizationCommandTests.code(run) == "domain.challenge-renewed")
    }

    @Test func listAndRemove() async throws {
        let world = CommandLineWorld()
        await world.organization()
        try await world.verifiedDomain("acme.com")
        _ = await world.sso("domain", "add", "acme", "acme.org")
        let list = await world.sso("domain", "list", "acme", "--json")
        #expect(list.status == 0)
        let domains = try #require((try list.json() as? [String: Any])?["domains"] as? [[String: Any]])
        #expect(domains.map { $0["domain"] as? String } == ["acme.com", "acme.org"])
        #expect(domains.map { $0["status"] as? String } == ["verified", "pending"])
        let text = await world.sso("domain", "list", "acme")
        #expect(text.output.hasPrefix("DOMAIN    STATUS"))

        let removed = await world.sso("domain", "remove", "acme", "acme.org", "--json")
        #expect(removed.status == 0)
        #expect((try removed.json() as? [String: Any])?["removed"] as? Bool == true)
        let gone = await world.sso("domain", "remove", "acme", "acme.org", "--json")
        #expect(gone.status == 1)
        #expect(try OrganizationCommandTests.code(gone) == "domain.not-found")
    }
}
