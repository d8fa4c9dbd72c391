import Foundation
import Testing
import SSOCommandLine
import SelfServeSSO

/// The result of running the tool in-process with captured output.
struct ToolRun {
    let status: Int32
    let output: String
    let errors: String

    /// Standard output parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed])
    }
}

/// A fixed instant, so nothing depends on the wall clock.
let fixedNow = Date(timeIntervalSince1970: 1_750_000_000) // 2025-06-15T15:06:40Z

extension CommandLineTool {
    /// The tool with the built-in providers, no colour-affecting environment, a fixed clock,
    /// and no metadata fetcher (no test touches the network; tests that fetch inject one).
    static func testing(registry: ProviderRegistry = BuiltInProviders.registry(),
                        environment: [String: String] = [:]) -> CommandLineTool {
        CommandLineTool(registry: registry, environment: environment, now: { fixedNow }, metadataFetcher: nil)
    }
}

/// Runs `sso` with the arguments and captures both streams.
func sso(_ arguments: String..., tool: CommandLineTool = .testing(), terminal: Bool = false) async -> ToolRun {
    await sso(arguments, tool: tool, terminal: terminal)
}

/// Runs `sso` with the arguments and captures both streams.
func sso(_ arguments: [String], tool: CommandLineTool = .testing(), terminal: Bool = false) async -> ToolRun {
    let output = TextBuffer(isTerminal: terminal)
    let errors = TextBuffer(isTerminal: terminal)
    let status = await tool.run(arguments, standardOutput: output, standardError: errors)
    return ToolRun(status: status, output: output.text, errors: errors.text)
}

/// A fresh temporary directory, removed by the caller with `removeItem`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sso-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a new file in `directory`.
@discardableResult
func writeFile(_ text: String, named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// The folder of this test target's fixtures.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

extension ToolRun {
    /// Standard output parsed as a JSON object.
    func object() throws -> [String: Any] {
        try #require(try json() as? [String: Any], "not a JSON object: \(output)")
    }
}

/// A string member of a JSON object.
func string(_ object: [String: Any], _ key: String) throws -> String {
    try #require(object[key] as? String, "no string \"\(key)\" in \(object)")
}

/// A URL member of a JSON object.
func url(_ object: [String: Any], _ key: String) throws -> URL {
    try #require(URL(string: try string(object, key)), "\"\(key)\" is not a URL")
}
