import Foundation
import SelfServeSSO
import Testing
@testable import SSOCommandLine

/// Stores kept in memory by location, so the several `sso` runs of one test share state
/// the way runs on one store file do.
final class MemoryStores: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var stores: [String: InMemoryStore] = [:]

    /// Opens (or, when allowed, creates) the store of a location.
    func open(_ location: String, mayCreate: Bool) throws(LifecycleError) -> any LifecycleStore {
        lock.lock()
        defer { lock.unlock() }
        if let store = stores[location] { return store }
        guard mayCreate else { throw StoreLocation.notInitialized(location) }
        let store = InMemoryStore()
        stores[location] = store
        return store
    }

    /// The locations opened so far.
    var locations: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stores.keys.sorted()
    }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var date: Date

    init(_ date: Date = fixedNow) { self.date = date }

    func now() -> Date { lock.withLock { date } }

    func advance(by interval: TimeInterval) { lock.withLock { date = date.addingTimeInterval(interval) } }
}

/// A TXT resolver answering from a table the test fills, remembering what was asked.
final class StubTXTResolver: TXTResolving {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var answers: [String: TXTLookup] = [:]
    nonisolated(unsafe) private var asked: [(String, Nameserver?)] = []

    func publish(_ name: String, values: [String]) {
        lock.withLock { answers[name] = TXTLookup(outcome: .answered, records: values.map { [$0] }) }
    }

    var queries: [(String, Nameserver?)] { lock.withLock { asked } }

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        lock.withLock {
            asked.append((name, nameserver))
            return answers[name] ?? TXTLookup(outcome: .nameNotFound)
        }
    }
}

/// One installation seen through the tool: in-memory stores by location (the default one
/// named by `SSO_STORE`), a hand-moved clock, a stub DNS, and the built-in providers.
struct CommandLineWorld {
    let stores = MemoryStores()
    let dns = StubTXTResolver()
    let clock: TestClock
    let tool: CommandLineTool
    static let defaultStore = "/memory/sso.sqlite"
    static let baseURL = "https://app.example.com"

    /// Creates a world.
    /// - Parameters:
    ///   - now: The clock's start.
    ///   - environment: The tool's environment; the default store is named by `SSO_STORE`.
    ///   - metadataFetcher: The fetcher, none by default.
    ///   - txtResolver: The resolver; ``dns``, the stub, by default.
    ///   - sqliteStore: A SQLite file to keep the state in, opened as the tool opens it, instead
    ///     of the in-memory stores.
    init(now: Date = fixedNow, environment: [String: String] = ["SSO_STORE": CommandLineWorld.defaultStore],
         metadataFetcher: (any MetadataFetching)? = nil, txtResolver: (any TXTResolving)? = nil,
         sqliteStore: String? = nil) {
        let clock = TestClock(now)
        self.clock = clock
        let stores = self.stores
        var environment = environment
        if let sqliteStore { environment["SSO_STORE"] = sqliteStore }
        tool = CommandLineTool(registry: BuiltInProviders.registry(), environment: environment, now: { clock.now() },
                               metadataFetcher: metadataFetcher, txtResolver: txtResolver ?? dns,
                               openStore: { location, mayCreate throws(LifecycleError) in
                                   if sqliteStore != nil { return try StoreLocation.open(location, mayCreate: mayCreate) }
                                   return try stores.open(location, mayCreate: mayCreate)
                               })
    }

    /// Runs `sso` in this world.
    func sso(_ arguments: String...) async -> ToolRun { await SSOCommandLineTests.sso(arguments, tool: tool) }

    /// Runs `sso` in this world.
    func sso(_ arguments: [String]) async -> ToolRun { await SSOCommandLineTests.sso(arguments, tool: tool) }

    /// `sso init` with the test base URL.
    @discardableResult
    func initialized() async -> CommandLineWorld {
        _ = await sso("init", "--sp-base-url", Self.baseURL)
        return self
    }

    /// An initialized store with an organization, allowed to set up SSO unless told otherwise.
    func organization(_ id: String = "acme", allowed: Bool = true) async {
        await initialized()
        _ = await sso("org", "create", id, "--name", "\(id.capitalized) Inc")
        if allowed { _ = await sso("org", "allow-sso", id) }
    }

    /// Adds a domain, publishes its record in the stub DNS and verifies it.
    func verifiedDomain(_ domain: String = "acme.com", organization id: String = "acme") async throws {
        let added = await sso("domain", "add", id, domain, "--json")
        let record = try #require(try added.json() as? [String: Any])
        dns.publish(try #require(record["recordName"] as? String), values: [try #require(record["recordValue"] as? String)])
        _ = await sso("domain", "verify", id, domain)
    }

    /// Saves a manual generic-SAML configuration with the fixture certificate.
    func savedConnection(organization id: String = "acme") async -> ToolRun {
        await sso("connection", "set", id, "--provider", "generic-saml", "--sso-url", "https://idp.example.test/sso",
                  "--idp-entity-id", "https://idp.example.test/saml", "--certificate", certificatePath, "--json")
    }

    /// The fixture signing certificate (valid 2024–2044).
    var certificatePath: String { fixturesDirectory.appendingPathComponent("certificates/idp-signing.pem").path }
}
