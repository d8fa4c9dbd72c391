import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing
@testable import SSOCommandLine

/// `sso domain verify --nameserver` with the C library's resolver against a DNS server on
/// loopback that the test starts.
@Suite struct DomainVerifyDNSTests {
    @Test func verifiesAgainstALoopbackNameserver() async throws {
        let dns = LoopbackDNSResponder()
        try dns.start()
        defer { dns.stop() }
        let world = CommandLineWorld(txtResolver: SystemTXTResolver())
        await world.organization()
        let added = try await world.sso("domain", "add", "acme", "acme.com", "--json").object()
        let name = try string(added, "recordName")
        let value = try string(added, "recordValue")

        let missing = await world.sso("domain", "verify", "acme", "acme.com", "--nameserver", dns.address, "--json")
        #expect(missing.status == 1)
        let check = try #require(try missing.object()["check"] as? [String: Any])
        #expect(check["outcome"] as? String == "nxdomain")
        #expect(check["nameserver"] as? String == dns.address)

        // A long value split in several strings, beside an unrelated record.
        dns.setTXT(["v=spf1 -all"], for: name)
        let wrong = await world.sso("domain", "verify", "acme", "acme.com", "--nameserver", dns.address)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("\"v=spf1 -all\""))

        dns.setTXT(["v=spf1 -all", value], for: name)
        let found = await world.sso("domain", "verify", "acme", "acme.com", "--nameserver", dns.address, "--json")
        #expect(found.status == 0, "\(found.output)")
        #expect(try found.object()["status"] as? String == "verified")
    }

    @Test func aBadNameserverIsAUsageError() async {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.sso("domain", "add", "acme", "acme.com")
        let run = await world.sso("domain", "verify", "acme", "acme.com", "--nameserver", "not a host:99999")
        #expect(run.status == 2)
        #expect(run.errors.contains("--nameserver"))
    }
}
