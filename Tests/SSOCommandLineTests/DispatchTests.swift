import Testing
@testable import SSOCommandLine

/// Command words, global flags and exit statuses, through the public entry point.
@Suite struct DispatchTests {
    @Test func versionPrintsTheVersion() async {
        let run = await sso("--version")
        #expect(run.status == 0)
        #expect(run.output == "sso \(CommandLineTool.version)\n")
    }

    @Test(arguments: [["--help"], ["-h"]])
    func topLevelHelp(arguments: [String]) async {
        let run = await sso(arguments)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("OVERVIEW: "))
        #expect(run.output.contains("metadata inspect"))
        #expect(run.errors.isEmpty)
    }

    @Test func noCommandIsAUsageError() async {
        let run = await sso([])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("Missing command"))
        #expect(run.errors.contains("USAGE: sso"))
    }

    @Test func unknownCommandListsTheCommands() async {
        let run = await sso("frobnicate")
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown command 'frobnicate'"))
        #expect(run.errors.contains("providers"))
    }

    @Test func unknownTopLevelFlag() async {
        let run = await sso("--bogus", "providers")
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown option '--bogus'"))
    }

    @Test func unknownFlagPrintsThatCommandsUsage() async {
        let run = await sso("providers", "--bogus")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("error: Unknown option '--bogus' for 'sso providers'."))
        #expect(run.errors.contains("USAGE: sso providers [--json]"))
        #expect(run.errors.contains("Run 'sso providers --help' for more."))
    }

    @Test(arguments: [["--json", "providers"], ["providers", "--json"]])
    func jsonBeforeOrAfterTheCommandWords(arguments: [String]) async throws {
        let run = await sso(arguments)
        #expect(run.status == 0)
        let providers = try #require(try run.json() as? [[String: Any]])
        #expect(providers.count == 4)
    }

    @Test func jsonOnACommandWithoutJSONIsAUsageError() async {
        let run = await sso("--json", "guide", "okta", "--acs-url", "https://a.example/acs", "--sp-entity-id", "x")
        #expect(run.status == 2)
        #expect(run.errors.contains("has no JSON output"))
    }

    @Test(arguments: [["metadata"], ["response"]])
    func groupWithoutSubcommandIsAUsageError(arguments: [String]) async {
        let run = await sso(arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains("Missing command"))
    }

    @Test(arguments: [["metadata", "--help"], ["--help", "metadata"], ["metadata", "-h"]])
    func groupHelpListsSubcommands(arguments: [String]) async {
        let run = await sso(arguments)
        #expect(run.status == 0)
        #expect(run.output.contains("SUBCOMMANDS:"))
        #expect(run.output.contains("inspect"))
    }

    @Test func unknownSubcommand() async {
        let run = await sso("metadata", "explode")
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown command 'explode'. Commands: inspect."))
    }

    @Test func helpBeforeTheCommandWordsShowsThatCommandsHelp() async {
        let run = await sso("--help", "validate")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("OVERVIEW: Check a provider configuration"))
    }

    @Test func jsonBetweenGroupAndSubcommandIsAccepted() async {
        let run = await sso("metadata", "--json", "inspect", "--help")
        #expect(run.status == 0)
        #expect(run.output.contains("USAGE: sso metadata inspect"))
    }

    @Test(arguments: CommandCatalog.builtIn.allCommands.map(\.spec.words))
    func everyCommandHasHelp(words: [String]) async throws {
        let spec = try #require(CommandCatalog.builtIn.allCommands.first { $0.spec.words == words }?.spec)
        for flag in ["-h", "--help"] {
            let run = await sso(words + [flag])
            #expect(run.status == 0)
            #expect(run.output == spec.help)
            #expect(run.output.contains("USAGE: \(spec.invocation)"))
            #expect(run.output.contains("EXIT STATUS:"))
        }
    }

    @Test(arguments: CommandCatalog.builtIn.allCommands.map(\.spec.words))
    func everyCommandRejectsAnUnknownFlagWithItsUsage(words: [String]) async throws {
        let spec = try #require(CommandCatalog.builtIn.allCommands.first { $0.spec.words == words }?.spec)
        let run = await sso(words + ["--no-such-flag"])
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("Unknown option '--no-such-flag' for '\(spec.invocation)'."))
        #expect(run.errors.contains(spec.usage))
    }

    @Test func equalsFormAndDoubleDashReachTheCommand() async {
        let guide = await sso("guide", "okta", "--acs-url=https://app.example.com/acs", "--sp-entity-id=https://app.example.com")
        #expect(guide.status == 0)
        #expect(guide.output.contains("https://app.example.com/acs"))
        let inspect = await sso("metadata", "inspect", "--json", "--", "-metadata.xml")
        #expect(inspect.status == 2)
        #expect(inspect.errors.contains("Cannot read the metadata file '-metadata.xml': no such file."))
    }
}
