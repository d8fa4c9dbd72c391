import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// `sso route` and `sso sign-in start|finish` without an active connection, and the reports.
@Suite struct RoutingCommandTests {
    @Test func routeWithoutAnActiveConnectionExitsOne() async throws {
        let world = CommandLineWorld()
        await world.organization()
        try await world.verifiedDomain()
        let run = await world.sso("route", "jane@acme.com", "--json")
        #expect(run.status == 1)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["email"] as? String == "jane@acme.com")
        #expect(object["organization"] is NSNull)
        #expect(object["provider"] is NSNull)
        #expect(object["redirectURL"] is NSNull)
        #expect(try OrganizationCommandTests.code(run) == "route.no-connection")
        let text = await world.sso("route", "jane@acme.com")
        #expect(text.status == 1)
        #expect(text.errors.contains("No active SSO connection serves acme.com"))
    }

    @Test func routeRefusesWhatIsNotAnEmail() async throws {
        let world = await CommandLineWorld().initialized()
        let run = await world.sso("route", "not-an-email", "--json")
        #expect(run.status == 1)
        #expect(try OrganizationCommandTests.code(run) == "route.invalid-email")
    }

    @Test func signInStartWithoutAConnection() async throws {
        let world = await CommandLineWorld().initialized()
        let run = await world.sso("sign-in", "start", "jane@acme.com", "--json")
        #expect(run.status == 1)
        #expect(try OrganizationCommandTests.code(run) == "route.no-connection")
    }

    @Test func signInFinishWithAnUnknownRelayStateIsRefused() async throws {
        let world = await CommandLineWorld().initialized()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile("PHNhbWxwOlJlc3BvbnNlLz4=", named: "response.b64", in: directory)
        let run = await world.sso("sign-in", "finish", path, "--relay-state", "nope", "--json")
        #expect(run.status == 1)
        let object = try #require(try run.json() as? [String: Any])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] is String)
        #expect(errors.first?["message"] is String)
        let text = await world.sso("sign-in", "finish", path, "--relay-state", "nope")
        #expect(text.output.hasPrefix("Sign-in refused"))
        let missing = await world.sso("sign-in", "finish", path)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("--relay-state"))
    }

    @Test func certificatesExpiringListsSoonestFirst() async throws {
        // The fixture certificate expires on 2044-01-01: be a few days before.
        let world = CommandLineWorld(now: Date(timeIntervalSince1970: 2_334_787_200)) // 2043-12-27
        await world.organization()
        _ = await world.savedConnection()
        let run = await world.sso("certificates", "expiring", "--within", "30", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["withinDays"] as? Int == 30)
        let certificates = try #require(object["certificates"] as? [[String: Any]])
        #expect(certificates.count == 1)
        #expect(certificates.first?["organization"] as? String == "acme")
        #expect(certificates.first?["daysLeft"] as? Int == 5)
        #expect(certificates.first?["expired"] as? Bool == false)
        #expect(certificates.first?["action"] is String)
        let none = await world.sso("certificates", "expiring", "--within", "1")
        #expect(none.output == "No signing certificate expires within 1 days.\n")
        let member = await world.sso("certificates", "expiring", "--actor-permissions", "org:sys_entconns:read", "--json")
        #expect(member.status == 1)
        #expect(try OrganizationCommandTests.code(member) == "permission.denied")
        let own = await world.sso("certificates", "expiring", "--org", "acme", "--actor-permissions", "org:sys_entconns:read", "--json")
        #expect(own.status == 0)
        let bad = await world.sso("certificates", "expiring", "--within", "-3")
        #expect(bad.status == 2)
    }

    @Test func auditAndAttempts() async throws {
        let world = CommandLineWorld()
        await world.organization()
        try await world.verifiedDomain()
        let run = await world.sso("audit", "acme", "--json")
        #expect(run.status == 0)
        let entries = try #require((try run.json() as? [String: Any])?["entries"] as? [[String: Any]])
        let actions = entries.compactMap { $0["action"] as? String }
        #expect(actions.first == "domain.verified")
        #expect(actions.contains("organization.created"))
        #expect(entries.first?["actor"] as? String == "operator:cli")
        #expect(entries.first?["after"] is [String: Any])
        let limited = await world.sso("audit", "acme", "--limit", "1", "--json")
        #expect(((try limited.json() as? [String: Any])?["entries"] as? [Any])?.count == 1)
        let text = await world.sso("audit", "acme")
        #expect(text.output.hasPrefix("AT "))
        #expect(text.output.contains("operator:cli"))

        let attempts = await world.sso("attempts", "acme", "--json")
        #expect(attempts.status == 0)
        #expect(((try attempts.json() as? [String: Any])?["attempts"] as? [Any])?.isEmpty == true)
        let reader = await world.sso("audit", "acme", "--actor-permissions", "org:sys_entconns:read")
        #expect(reader.status == 0)
    }
}
