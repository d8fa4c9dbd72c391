import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// `--store`, `--actor-permissions` and `--json` before, among or after the command words,
/// and the choice of store.
@Suite struct GlobalOptionTests {
    @Test(arguments: [
        ["--json", "--store", "/memory/a", "org", "show", "acme"],
        ["org", "--store=/memory/a", "show", "--json", "acme"],
        ["org", "show", "acme", "--store", "/memory/a", "--json"],
        ["--store", "/memory/a", "org", "--json", "show", "acme"],
    ])
    func storeAndJSONAnywhere(arguments: [String]) async throws {
        let world = CommandLineWorld()
        _ = await world.sso("init", "--sp-base-url", "https://app.example.com", "--store", "/memory/a")
        _ = await world.sso("--store", "/memory/a", "org", "create", "acme", "--name", "Acme Inc")
        let run = await world.sso(arguments)
        #expect(run.status == 0, "\(run.errors)")
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["organization"] as? String == "acme")
        #expect(world.stores.locations == ["/memory/a"])
    }

    @Test(arguments: [
        ["--actor-permissions", "org:sys_entconns:read", "domain", "add", "acme", "acme.com", "--json"],
        ["domain", "--actor-permissions=org:sys_entconns:read", "add", "acme", "acme.com", "--json"],
        ["domain", "add", "acme", "acme.com", "--json", "--actor-permissions", "org:sys_entconns:read"],
    ])
    func actorPermissionsAnywhere(arguments: [String]) async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso(arguments)
        #expect(run.status == 1)
        let errors = try #require((try run.json() as? [String: Any])?["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "permission.denied")
        #expect(errors.first?["message"] is String)
    }

    @Test func emptyPermissionListIsAMemberWithoutPermissions() async throws {
        let world = CommandLineWorld()
        await world.organization()
        for arguments in [["--actor-permissions", ""], ["--actor-permissions="]] {
            let run = await world.sso(["org", "show", "acme", "--json"] + arguments)
            #expect(run.status == 1)
            let errors = try #require((try run.json() as? [String: Any])?["errors"] as? [[String: Any]])
            #expect(errors.first?["code"] as? String == "permission.denied")
        }
        let reader = await world.sso("org", "show", "acme", "--json", "--actor-permissions", " org:sys_entconns:read , ")
        #expect(reader.status == 0)
    }

    @Test func theDefaultStoreComesFromSSOStoreThenXDGThenHome() throws {
        #expect(try StoreLocation.location(option: "/x/y.sqlite", environment: ["SSO_STORE": "/z"]) == "/x/y.sqlite")
        #expect(try StoreLocation.location(option: nil, environment: ["SSO_STORE": "/z", "HOME": "/home/u"]) == "/z")
        #expect(try StoreLocation.location(option: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
                == "/data/selfservesso/sso.sqlite")
        #expect(try StoreLocation.location(option: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"])
                == "/home/u/.local/share/selfservesso/sso.sqlite")
        #expect(throws: LifecycleError.self) { try StoreLocation.location(option: nil, environment: [:]) }
    }

    @Test func aMissingStoreIsNotCreatedOutsideInit() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nested/sso.sqlite").path
        #expect(throws: LifecycleError.self) { try StoreLocation.open(missing, mayCreate: false) }
        do {
            _ = try StoreLocation.open(missing, mayCreate: false)
        } catch {
            #expect(error.code == .settingsNotInitialized)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nested").path))
        do {
            _ = try StoreLocation.open(directory.path, mayCreate: true)
            Issue.record("a directory opened as a store")
        } catch {
            #expect(error.code == .storeUnavailable)
        }
    }

    @Test func commandsUseTheDefaultStoreOfTheEnvironment() async throws {
        let world = CommandLineWorld(environment: ["XDG_DATA_HOME": "/memory/xdg", "HOME": "/memory/home"])
        let run = await world.sso("init", "--sp-base-url", "https://app.example.com", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["store"] as? String == "/memory/xdg/selfservesso/sso.sqlite")
        #expect(world.stores.locations == ["/memory/xdg/selfservesso/sso.sqlite"])
    }

    @Test(arguments: [["--store", "/x", "providers"], ["providers", "--store", "/x"], ["--actor-permissions", "", "schema", "okta"]])
    func storeOptionsOnCommandsWithoutAStoreAreUsageErrors(arguments: [String]) async {
        let run = await sso(arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains("does not use '--"))
        #expect(run.errors.contains("USAGE: sso"))
    }

    @Test func routeActsForNobody() async {
        let run = await CommandLineWorld().sso("route", "jane@acme.com", "--actor-permissions", "org:sys_entconns:read")
        #expect(run.status == 2)
        #expect(run.errors.contains("'sso route' does not use '--actor-permissions'"))
    }

    @Test(arguments: [["--store"], ["--store", "--json", "org", "show", "acme"], ["--store", "/a", "--store", "/b", "org", "show", "acme"],
                      ["--store", "/a", "org", "show", "acme", "--store", "/b"]])
    func badGlobalOptionsAreUsageErrors(arguments: [String]) async {
        let run = await CommandLineWorld().sso(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("USAGE: sso"))
    }

    @Test func groupsListTheirSubcommandsAndNestedGroupsWork() async {
        let connection = await sso("connection", "--help")
        #expect(connection.status == 0)
        #expect(connection.output.contains("  test start "))
        let test = await sso("connection", "test")
        #expect(test.status == 2)
        #expect(test.errors.contains("Missing command. Commands: start, complete."))
        let unknown = await sso("connection", "test", "finish")
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("Unknown command 'finish'. Commands: start, complete."))
    }
}
