import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// `sso init` and `sso org …`, and the refusals every lifecycle command shares.
@Suite struct OrganizationCommandTests {
    @Test func initStoresTheBaseURL() async throws {
        let world = CommandLineWorld()
        let run = await world.sso("init", "--sp-base-url", "https://app.example.com/", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["spBaseURL"] as? String == "https://app.example.com")
        #expect(object["previous"] is NSNull)
        #expect(object["store"] as? String == CommandLineWorld.defaultStore)
        let again = await world.sso("init", "--sp-base-url", "https://auth.example.com")
        #expect(again.status == 0)
        #expect(again.output.contains("Changed from https://app.example.com"))
    }

    @Test func initRefusesAnHTTPBaseURLAndCreatesNothing() async throws {
        let world = CommandLineWorld()
        let run = await world.sso("init", "--sp-base-url", "http://app.example.com", "--json")
        #expect(run.status == 1)
        let errors = try #require((try run.json() as? [String: Any])?["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "settings.invalid-base-url")
        #expect(world.stores.locations.isEmpty)
    }

    @Test func initIsForTheOperator() async {
        let run = await CommandLineWorld().sso("init", "--sp-base-url", "https://app.example.com",
                                              "--actor-permissions", "org:sys_entconns:manage")
        #expect(run.status == 1)
        #expect(run.errors.contains("[permission.denied]"))
    }

    @Test(arguments: [["org", "show", "acme"], ["domain", "list", "acme"], ["route", "a@acme.com"],
                      ["certificates", "expiring"], ["sign-in", "start", "a@acme.com"]])
    func commandsBeforeInitSayToRunInit(arguments: [String]) async throws {
        let world = CommandLineWorld()
        let run = await world.sso(arguments + ["--json"])
        #expect(run.status == 1)
        let errors = try #require((try run.json() as? [String: Any])?["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "settings.not-initialized")
        #expect((errors.first?["message"] as? String)?.contains("sso init --sp-base-url https://") == true)
        #expect(world.stores.locations.isEmpty)
        let text = await world.sso(arguments)
        #expect(text.status == 1)
        #expect(text.output.isEmpty)
        #expect(text.errors.hasPrefix("error: There is no SSO store at '\(CommandLineWorld.defaultStore)' yet."))
    }

    @Test func createAllowAndShow() async throws {
        let world = await CommandLineWorld().initialized()
        let created = await world.sso("org", "create", "acme", "--name", "Acme Inc", "--json")
        #expect(created.status == 0)
        let organization = try #require(try created.json() as? [String: Any])
        #expect(organization["organization"] as? String == "acme")
        #expect(organization["name"] as? String == "Acme Inc")
        #expect(organization["ssoAllowed"] as? Bool == false)

        let allowed = await world.sso("org", "allow-sso", "acme")
        #expect(allowed.status == 0)
        #expect(allowed.output.contains("Acme Inc (acme) may now set up SSO."))
        #expect(allowed.output.contains("sso domain add acme DOMAIN"))

        let shown = await world.sso("org", "show", "acme", "--json")
        let overview = try #require(try shown.json() as? [String: Any])
        #expect(overview["ssoAllowed"] as? Bool == true)
        #expect(overview["state"] as? String == "unconfigured")
        #expect((overview["steps"] as? [String: Any])?["domains"] as? String == "not-started")
        #expect(overview["connection"] is NSNull)

        let text = await world.sso("org", "show", "acme")
        #expect(text.output.contains("Acme Inc (acme)"))
        #expect(text.output.contains("  SSO allowed    yes\n  Setup          unconfigured\n  1. Domains     not-started"))
        #expect(text.output.contains("Next: add the company's email domain:\n  sso domain add acme DOMAIN"))

        let off = await world.sso("org", "allow-sso", "acme", "--off", "--json")
        #expect((try off.json() as? [String: Any])?["ssoAllowed"] as? Bool == false)
    }

    @Test func duplicateAndInvalidOrganizations() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let duplicate = await world.sso("org", "create", "acme", "--name", "Again", "--json")
        #expect(duplicate.status == 1)
        #expect(try Self.code(duplicate) == "organization.exists")
        let invalid = await world.sso("org", "create", "bad id!", "--name", "X", "--json")
        #expect(invalid.status == 1)
        #expect(try Self.code(invalid) == "organization.invalid-id")
    }

    @Test func refusals() async throws {
        let world = CommandLineWorld()
        await world.organization("acme")
        await world.organization("globex")
        await world.organization("initech", allowed: false)
        let manage = "org:sys_entconns:manage"
        // (arguments, expected code)
        let cases: [([String], String)] = [
            (["domain", "add", "acme", "acme.com", "--actor-permissions", "org:sys_entconns:read"], "permission.denied"),
            (["org", "show", "acme", "--actor-permissions", "org:sys_entconns:nothing"], "permission.denied"),
            (["org", "create", "hooli", "--name", "Hooli", "--actor-permissions", manage], "permission.denied"),
            (["org", "allow-sso", "acme", "--actor-permissions", manage], "permission.denied"),
            (["domain", "add", "initech", "initech.com"], "organization.sso-not-allowed"),
            (["domain", "add", "initech", "initech.com", "--actor-permissions", manage], "organization.sso-not-allowed"),
            (["org", "show", "nobody"], "organization.not-found"),
            (["domain", "add", "nobody", "nobody.com"], "organization.not-found"),
            (["connection", "show", "acme"], "connection.not-found"),
            (["audit", "acme", "--actor-permissions", ""], "permission.denied"),
        ]
        for (arguments, code) in cases {
            let run = await world.sso(arguments + ["--json"])
            #expect(run.status == 1, "\(arguments)")
            #expect(try Self.code(run) == code, "\(arguments)")
        }
    }

    @Test func anotherOrganizationsMemberSeesNothing() async throws {
        let world = CommandLineWorld()
        await world.organization("acme")
        await world.organization("globex")
        try await world.verifiedDomain("acme.com", organization: "acme")
        _ = await world.savedConnection(organization: "acme")
        let globexAdmin = ["--actor-organization", "globex", "--actor-permissions", "org:sys_entconns:manage,org:sys_entconns:read"]
        let reads: [[String]] = [["org", "show", "acme"], ["domain", "list", "acme"], ["connection", "show", "acme"],
                                 ["audit", "acme"], ["attempts", "acme"], ["certificates", "expiring", "--org", "acme"]]
        let changes: [[String]] = [["domain", "add", "acme", "acme.org"], ["domain", "remove", "acme", "acme.com"],
                                   ["connection", "reset", "acme"], ["connection", "test", "start", "acme"],
                                   ["connection", "activate", "acme"]]
        for arguments in reads + changes {
            let run = await world.sso(arguments + globexAdmin + ["--json"])
            #expect(run.status == 1, "\(arguments)")
            #expect(try Self.code(run) == "permission.denied", "\(arguments)")
            #expect(!run.output.contains("acme.com"), "\(arguments)")
        }
        let metadata = await world.sso(["sp-metadata", "acme"] + globexAdmin)
        #expect(metadata.status == 1)
        #expect(metadata.output.isEmpty)
        #expect(metadata.errors.contains("[permission.denied]"))
        // The same member acting on its own organization is fine.
        let own = await world.sso(["org", "show", "globex"] + globexAdmin)
        #expect(own.status == 0)
    }

    @Test func actorOrganizationNeedsPermissions() async {
        let run = await CommandLineWorld().sso("org", "show", "acme", "--actor-organization", "globex")
        #expect(run.status == 2)
        #expect(run.errors.contains("'--actor-organization' names the organization of a member"))
    }

    /// The first error code of a refusal printed as JSON.
    static func code(_ run: ToolRun) throws -> String? {
        let errors = try #require((try run.json() as? [String: Any])?["errors"] as? [[String: Any]])
        return errors.first?["code"] as? String
    }
}
