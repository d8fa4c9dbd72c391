import Foundation
import SelfServeSSO

/// The `sso` command line tool as a library, so tests and other programs run it in-process
/// with their own output streams, environment, clock and metadata fetcher.
///
/// ```swift
/// let output = TextBuffer(), errors = TextBuffer()
/// let status = await CommandLineTool().run(["providers", "--json"], standardOutput: output, standardError: errors)
/// ```
///
/// Exit statuses: 0 success, 1 the command ran and found a problem (invalid configuration,
/// rejected response, stale docs), 2 the command was called wrongly (unknown flag, missing
/// file, unknown provider).
public struct CommandLineTool: Sendable {
    /// The version printed by `sso --version`.
    public static let version = "0.1.0"

    /// The providers the tool knows.
    public var registry: ProviderRegistry
    /// The environment variables the tool reads (`NO_COLOR`, `TERM`).
    public var environment: [String: String]
    /// The current time, for certificate, metadata and validation checks (unless `--now` is given).
    public var now: @Sendable () -> Date
    /// Fetches metadata URLs for `sso validate --fetch` and `sso metadata inspect <https-url>`.
    public var metadataFetcher: (any MetadataFetching)?

    /// Creates the tool.
    /// - Parameters:
    ///   - registry: The providers; the built-in ones by default.
    ///   - environment: Environment variables; the process's by default.
    ///   - now: The clock; the system clock by default.
    ///   - metadataFetcher: The fetcher for metadata URLs: by default the package's hardened
    ///     `HTTPMetadataFetcher` (https only, no private or loopback addresses, 5 redirects,
    ///     1 MiB, 10 s); nil turns the commands that would fetch into usage errors.
    public init(registry: ProviderRegistry = BuiltInProviders.registry(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                now: @escaping @Sendable () -> Date = { Date() },
                metadataFetcher: (any MetadataFetching)? = HTTPMetadataFetcher()) {
        self.registry = registry
        self.environment = environment
        self.now = now
        self.metadataFetcher = metadataFetcher
    }

    /// Runs one command line.
    /// - Parameters:
    ///   - arguments: The arguments after the program name, such as `["schema", "okta"]`.
    ///   - standardOutput: Where results go.
    ///   - standardError: Where errors and diagnostics go.
    /// - Returns: The exit status: 0, 1 or 2.
    public func run(_ arguments: [String], standardOutput: any TextSink, standardError: any TextSink) async -> Int32 {
        let invocation = Invocation(tool: self, standardOutput: standardOutput, standardError: standardError)
        return await CommandCatalog.builtIn.run(arguments, in: invocation).rawValue
    }

    /// Runs one command line in this process, writing to its standard output and error.
    /// - Parameter arguments: The arguments after the program name.
    /// - Returns: The exit status.
    public static func main(_ arguments: [String]) async -> Int32 {
        await CommandLineTool().run(arguments, standardOutput: StandardStream.output, standardError: StandardStream.error)
    }
}
