import Testing
@testable import SSOCommandLine

/// The table-driven parser, on a spec declared here so every rule is exercised directly.
@Suite struct ArgumentParsingTests {
    let spec = CommandSpec(
        words: ["demo"],
        summary: "A command for the parser tests.",
        arguments: [ArgumentSpec("input", help: "Input."), ArgumentSpec("extra", help: "Extra.", isRequired: false)],
        options: [
            .json,
            .value("name", placeholder: "name", help: "A name.", isRequired: true),
            .value("tag", placeholder: "tag", help: "A tag.", isRepeatable: true),
            .value("format", placeholder: "format", help: "A format.", allowedValues: ["markdown", "html"]),
        ],
        exitStatuses: [ExitStatusNote(.success, "Always.")])

    @Test func parsesPositionalsOptionsAndFlags() throws {
        let parsed = try spec.parse(["in.json", "--name", "acme", "--json", "more"])
        #expect(parsed.argument("input") == "in.json")
        #expect(parsed.argument("extra") == "more")
        #expect(parsed.value("name") == "acme")
        #expect(parsed.flag("json"))
        #expect(!parsed.isHelpRequested)
    }

    @Test func acceptsEqualsForm() throws {
        let parsed = try spec.parse(["--name=a=b", "in", "--format=html"])
        #expect(parsed.value("name") == "a=b")
        #expect(parsed.value("format") == "html")
    }

    @Test func repeatableOptionKeepsEveryValueInOrder() throws {
        let parsed = try spec.parse(["in", "--name", "n", "--tag", "one", "--tag=two", "--tag", "three"])
        #expect(parsed.allValues("tag") == ["one", "two", "three"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try spec.parse(["--name", "n", "--", "--json", "-h"])
        #expect(parsed.argument("input") == "--json")
        #expect(parsed.argument("extra") == "-h")
        #expect(!parsed.flag("json"))
        #expect(!parsed.isHelpRequested)
    }

    @Test func singleDashIsPositional() throws {
        let parsed = try spec.parse(["-", "--name", "n"])
        #expect(parsed.argument("input") == "-")
    }

    @Test func valueMayStartWithOneDash() throws {
        let parsed = try spec.parse(["in", "--name", "-5"])
        #expect(parsed.value("name") == "-5")
    }

    @Test(arguments: ["-h", "--help"])
    func helpWinsOverEverythingElse(flag: String) throws {
        let parsed = try spec.parse(["--bogus", flag])
        #expect(parsed.isHelpRequested)
    }

    @Test(arguments: [
        (["in", "--name", "n", "--bogus"], "usage.unknown-option"),
        (["in", "--name", "n", "-x"], "usage.unknown-option"),
        (["in", "--name", "n", "-hx"], "usage.unknown-option"),
        (["in", "--name"], "usage.missing-value"),
        (["in", "--name", "--json"], "usage.missing-value"),
        (["in", "--name="], "usage.missing-value"),
        (["in", "--name", "n", "--json=yes"], "usage.unexpected-value"),
        (["in", "--name", "a", "--name", "b"], "usage.repeated-option"),
        (["in", "--name", "n", "--format", "pdf"], "usage.invalid-value"),
        (["in"], "usage.missing-option"),
        (["--name", "n"], "usage.missing-argument"),
        (["a", "b", "c", "--name", "n"], "usage.unexpected-argument"),
    ])
    func rejectsWithStableCode(arguments: [String], code: String) {
        #expect { try spec.parse(arguments) } throws: { error in
            let usage = try #require(error as? UsageError)
            return usage.code == code && usage.showsUsage && !usage.message.isEmpty
        }
    }

    @Test func unknownOptionMessageNamesTheOptionAndCommand() {
        #expect(throws: UsageError.unknownOption("--bogus", command: "sso demo")) {
            try spec.parse(["in", "--name", "n", "--bogus"])
        }
    }

    @Test func repeatedFlagIsHarmless() throws {
        let parsed = try spec.parse(["in", "--name", "n", "--json", "--json"])
        #expect(parsed.flag("json"))
    }

    @Test func typedValuesAreChecked() throws {
        var parsed = ParsedArguments()
        parsed.values = ["count": ["7"], "skew": ["1.5"], "now": ["2017-08-30T23:14:41.379Z"], "url": ["https://a.example/x"]]
        #expect(try parsed.integer("count", in: 0...10) == 7)
        #expect(try parsed.seconds("skew") == 1.5)
        #expect(try parsed.date("now") != nil)
        #expect(try parsed.webURL("url") == "https://a.example/x")
        #expect(try parsed.integer("missing", in: 0...1) == nil)

        parsed.values = ["count": ["11"], "skew": ["-1"], "now": ["yesterday"], "url": ["not a url"]]
        #expect(throws: UsageError.self) { try parsed.integer("count", in: 0...10) }
        #expect(throws: UsageError.self) { try parsed.seconds("skew") }
        #expect(throws: UsageError.self) { try parsed.date("now") }
        #expect(throws: UsageError.self) { try parsed.webURL("url") }
    }

    @Test(arguments: ["2024-05-01T12:00:00Z", "2024-05-01T14:00:00+02:00", "2024-05-01T12:00:00.000Z"])
    func iso8601FormsAgree(text: String) throws {
        let date = try #require(ParsedArguments.parseISO8601(text))
        #expect(date.timeIntervalSince1970 == 1_714_564_800)
    }
}
