import Foundation
import SAML
import SelfServeSSO

/// The `sso` command line tool as a library, so tests and other programs run it in-process
/// with their own output streams, environment, clock, DNS resolver, metadata fetcher and
/// store.
///
/// ```swift
/// let output = TextBuffer(), errors = TextBuffer()
/// let status = await CommandLineTool().run(["providers", "--json"], standardOutput: output, standardError: errors)
/// ```
///
/// Two kinds of commands:
/// - the self-serve lifecycle (`init`, `org`, `domain`, `connection`, `sp-metadata`, `route`,
///   `sign-in`, `certificates`, `audit`, `attempts`) drives `SelfServeLifecycle` on a store:
///   `--store PATH`, else the `SSO_STORE` environment variable, else a per-user data file (see
///   ``StoreLocation``). They act as the application's operator, or with
///   `--actor-permissions LIST` as a member of the command's organization holding only those
///   permissions. `sso demo` runs the whole flow on a temporary store;
/// - the provider and SAML tools (`providers`, `schema`, `guide`, `validate`, `docs`,
///   `metadata inspect`, `response verify`) keep no state.
///
/// Exit statuses: 0 success, 1 refused or failed (permission denied, invalid configuration,
/// domain not verified, failed test sign-in, rejected response, stale docs; with `--json` the
/// output carries `errors: [{code, message}]`), 2 the command was called wrongly (unknown
/// flag, missing file, unknown provider).
public struct CommandLineTool: Sendable {
    /// The version printed by `sso --version`.
    public static let version = "0.1.0"

    /// The providers the tool knows.
    public var registry: ProviderRegistry
    /// The environment variables the tool reads (`NO_COLOR`, `TERM`).
    public var environment: [String: String]
    /// The current time, for certificate, metadata and validation checks (unless `--now` is given).
    public var now: @Sendable () -> Date
    /// Fetches metadata URLs for `sso validate --fetch`, `sso metadata inspect <https-url>`
    /// and `sso connection set --metadata-url`.
    public var metadataFetcher: (any MetadataFetching)?
    /// Looks up domain-verification TXT records for `sso domain verify`.
    public var txtResolver: any TXTResolving
    /// Opens the store a location names (a path from `--store`, `SSO_STORE` or the default);
    /// `mayCreate` is true only for `sso init`, so other commands never leave an empty store
    /// behind. ``StoreLocation/open(_:mayCreate:)`` by default; tests inject their own.
    public var openStore: @Sendable (_ location: String, _ mayCreate: Bool) throws(LifecycleError) -> any LifecycleStore

    /// Creates the tool.
    /// - Parameters:
    ///   - registry: The providers; the built-in ones by default.
    ///   - environment: Environment variables; the process's by default.
    ///   - now: The clock; the system clock by default.
    ///   - metadataFetcher: The fetcher for metadata URLs: by default the package's hardened
    ///     `HTTPMetadataFetcher` (https only, no private or loopback addresses, 5 redirects,
    ///     1 MiB, 10 s); nil turns the commands that would fetch into usage errors (and makes
    ///     `sso connection set --metadata-url` report `metadata-url.not-fetched`).
    ///   - txtResolver: The DNS TXT resolver; the C library's resolver by default.
    ///   - openStore: Opens a store location; ``StoreLocation/open(_:mayCreate:)`` by default.
    public init(registry: ProviderRegistry = BuiltInProviders.registry(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                now: @escaping @Sendable () -> Date = { Date() },
                metadataFetcher: (any MetadataFetching)? = HTTPMetadataFetcher(),
                txtResolver: any TXTResolving = SystemTXTResolver(),
                openStore: @escaping @Sendable (_ location: String, _ mayCreate: Bool) throws(LifecycleError) -> any LifecycleStore
                    = StoreLocation.open) {
        self.registry = registry
        self.environment = environment
        self.now = now
        self.metadataFetcher = metadataFetcher
        self.txtResolver = txtResolver
        self.openStore = openStore
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
        // First, before anything initializes libcrypto: no OpenSSL clean-up at exit, which
        // would pull locks from under a PostgreSQL connection still being opened by a thread.
        CryptoLibrary.skipCleanupAtExit()
        // A reader that goes away (`sso demo | head`) must not kill the process before it
        // cleans up (the demo's temporary store): writes then fail with EPIPE, which
        // StandardStream ignores.
        signal(SIGPIPE, SIG_IGN)
        return await CommandLineTool().run(arguments, standardOutput: StandardStream.output, standardError: StandardStream.error)
    }
}
