import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// `sso setup-link create|list|revoke`: links for IT admins who are not users of the
/// application, handed out from a terminal.
@Suite struct SetupLinkCommandTests {
    /// A lifecycle over the world's default store, as `sso serve` would hold it.
    static func lifecycle(_ world: CommandLineWorld) throws -> SelfServeLifecycle {
        let store = try world.stores.open(CommandLineWorld.defaultStore, mayCreate: false)
        let clock = world.clock
        return SelfServeLifecycle(registry: BuiltInProviders.registry(), store: store,
                                  settings: try LifecycleSettings(serviceProviderBaseURL: CommandLineWorld.baseURL),
                                  environment: LifecycleEnvironment(now: { clock.now() }, txtResolver: world.dns, metadataFetcher: nil))
    }

    static func links(_ world: CommandLineWorld) async throws -> [[String: Any]] {
        let listed = await world.sso("setup-link", "list", "acme", "--json")
        #expect(listed.status == 0)
        return try #require((try listed.json() as? [String: Any])?["links"] as? [[String: Any]])
    }

    @Test func createListExchangeAndRevoke() async throws {
        let world = CommandLineWorld()
        await world.organization()
        #expect(await world.sso("setup-link", "list", "acme").output == "acme has no setup links. Create one with: sso setup-link create acme\n")

        let created = await world.sso("setup-link", "create", "acme", "--note", "Jane at Acme IT", "--days", "3", "--json")
        #expect(created.status == 0)
        let object = try #require(try created.json() as? [String: Any])
        let id = try #require(object["id"] as? String)
        let url = try #require(object["url"] as? String)
        #expect(id.hasPrefix("link_"))
        #expect(url.hasPrefix(CommandLineWorld.baseURL + "/setup/"))
        #expect(object["note"] as? String == "Jane at Acme IT")
        #expect(object["expiresAt"] as? String == JSONValue.timestampText(world.clock.now().addingTimeInterval(3 * 86_400)))

        var links = try await Self.links(world)
        #expect(links.count == 1)
        #expect(links.first?["id"] as? String == id)
        #expect(links.first?["status"] as? String == "active")
        #expect(links.first?["usedAt"] is NSNull)

        // The printed link is the one the web layer exchanges: its token opens a session.
        let token = String(url.dropFirst((CommandLineWorld.baseURL + "/setup/").count))
        let lifecycle = try Self.lifecycle(world)
        let session = try await lifecycle.redeemSetupLink(token: token)
        links = try await Self.links(world)
        #expect(links.first?["status"] as? String == "in-use")
        #expect(links.first?["sessionExpiresAt"] as? String == JSONValue.timestampText(session.expiresAt))
        let table = await world.sso("setup-link", "list", "acme")
        #expect(table.output.contains("Jane at Acme IT"))
        #expect(table.output.contains("in-use"))

        let revoked = await world.sso("setup-link", "revoke", "acme", id, "--json")
        #expect(revoked.status == 0)
        #expect((try revoked.json() as? [String: Any])?["status"] as? String == "revoked")
        #expect(try await lifecycle.setupSession(token: session.token) == nil)
        #expect(try await Self.links(world).first?["status"] as? String == "revoked")
        #expect(await world.sso("setup-link", "revoke", "acme", id).output.contains("Revoked \(id) of acme"))
    }

    @Test func theTextSaysToCopyItNow() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("setup-link", "create", "acme")
        #expect(run.status == 0)
        #expect(run.output.contains("  \(CommandLineWorld.baseURL)/setup/"))
        #expect(run.output.contains("it cannot be shown again"))
        #expect(run.output.contains("sso setup-link revoke acme link_"))
    }

    @Test func refusals() async throws {
        let world = CommandLineWorld()
        await world.organization()
        await world.organization("globex")
        let tooLong = await world.sso("setup-link", "create", "acme", "--days", "31")
        #expect(tooLong.status == 2)
        #expect(tooLong.errors.contains("--days"))
        let outsider = await world.sso("setup-link", "create", "acme", "--json", "--actor-organization", "globex",
                                       "--actor-permissions", "org:sys_entconns:manage")
        #expect(outsider.status == 1)
        let errors = try #require((try outsider.json() as? [String: Any])?["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "permission.denied")
        let unknown = await world.sso("setup-link", "revoke", "acme", "link_nope", "--json")
        #expect(unknown.status == 1)
        #expect(((try unknown.json() as? [String: Any])?["errors"] as? [[String: Any]])?.first?["code"] as? String == "setup-link.not-found")
        // Another organization's link is not found through this one.
        let globex = try #require(try await world.sso("setup-link", "create", "globex", "--json").json() as? [String: Any])
        let other = await world.sso("setup-link", "revoke", "acme", try #require(globex["id"] as? String))
        #expect(other.status == 1)
        #expect(other.errors.contains("[setup-link.not-found]"))
    }
}
