import Foundation
import SelfServeSSO

/// What a running command may use: the output streams, their styles, and the tool's
/// configuration (registry, clock, metadata fetcher).
struct Invocation: Sendable {
    /// Standard output: results.
    let standardOutput: any TextSink
    /// Standard error: errors and diagnostics.
    let standardError: any TextSink
    /// Colour for standard output.
    let outputStyle: TerminalStyle
    /// Colour for standard error.
    let errorStyle: TerminalStyle
    /// The tool's configuration.
    let tool: CommandLineTool
    /// Where lifecycle commands also leave their JSON result when they print text (for
    /// `sso demo`), or nil.
    let results: CommandResults?

    /// Creates an invocation, deciding colour per stream.
    init(tool: CommandLineTool, standardOutput: any TextSink, standardError: any TextSink, results: CommandResults? = nil) {
        self.tool = tool
        self.results = results
        self.standardOutput = standardOutput
        self.standardError = standardError
        outputStyle = TerminalStyle(for: standardOutput, environment: tool.environment)
        errorStyle = TerminalStyle(for: standardError, environment: tool.environment)
    }

    /// Writes text to standard output.
    func write(_ text: String) { standardOutput.write(text) }

    /// Writes a JSON value to standard output.
    func write(_ json: JSONValue) { standardOutput.write(json.outputText) }

    /// Writes a line to standard error.
    func diagnose(_ line: String) { standardError.write(line + "\n") }

    /// The plugin with this id.
    /// - Throws: ``UsageError`` naming the known ids when there is none.
    func plugin(id: String) throws(UsageError) -> any IdentityProviderPlugin {
        guard let plugin = tool.registry.plugin(id: id) else {
            throw .unknownProvider(id, known: tool.registry.ids)
        }
        return plugin
    }

    /// Reads a whole file.
    /// - Parameters:
    ///   - path: The path given on the command line.
    ///   - what: What the file is, for the message ("configuration file").
    ///   - limit: The most bytes accepted, or nil for no limit.
    /// - Throws: ``UsageError`` when it does not exist, is a directory, is larger than
    ///   `limit`, or cannot be read.
    func readFile(_ path: String, what: String, limit: Int? = nil) throws(UsageError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableFile(path, what: what, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw .unreadableFile(path, what: what, reason: "it is a directory")
        }
        // Checked before reading, so a wrong path to a huge file is refused without loading it.
        if let limit, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            throw .unreadableFile(path, what: what, reason: "it is \(size) bytes, more than the \(limit) a \(what) may have")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path, what: what, reason: "permission denied or I/O error")
        }
    }
}
