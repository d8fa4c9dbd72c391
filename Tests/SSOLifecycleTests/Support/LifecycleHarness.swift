import Foundation
import SelfServeSSO
import Testing

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var date: Date

    init(_ date: Date = Date(timeIntervalSince1970: 1_780_000_000)) { // 2026-05-28
        self.date = date
    }

    func now() -> Date { lock.withLock { date } }

    func advance(by interval: TimeInterval) { lock.withLock { date = date.addingTimeInterval(interval) } }
}

/// A TXT resolver answering from a table the test fills, and remembering what was asked.
final class StubTXTResolver: TXTResolving {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var answers: [String: TXTLookup] = [:]
    nonisolated(unsafe) private var asked: [(String, Nameserver?)] = []

    func publish(_ name: String, _ lookup: TXTLookup) { lock.withLock { answers[name] = lookup } }

    func publish(_ name: String, values: [String]) {
        publish(name, TXTLookup(outcome: .answered, records: values.map { [$0] }))
    }

    var queries: [(String, Nameserver?)] { lock.withLock { asked } }

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        lock.withLock {
            asked.append((name, nameserver))
            return answers[name] ?? TXTLookup(outcome: .nameNotFound)
        }
    }
}

/// The stores the lifecycle's end-to-end tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite
    /// A PostgreSQL store on a schema of its own (SSO_TEST_POSTGRESQL_URL); in `allCases`
    /// only when a server is configured or required (SSO_REQUIRE_POSTGRESQL=1).
    case postgreSQL

    static var allCases: [StoreKind] {
        [.inMemory, .sqlite] + (DisposablePostgreSQLStore.isEnabled ? [.postgreSQL] : [])
    }

    var testDescription: String { rawValue }

    func make() throws -> any LifecycleStore {
        switch self {
        case .inMemory:
            return InMemoryStore()
        case .sqlite:
            // A file per store under the system's temporary directory; the OS cleans it.
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("sso-lifecycle-tests-\(UUID().uuidString)")
            return try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        case .postgreSQL:
            return try DisposablePostgreSQLStore()
        }
    }
}

/// A lifecycle over a fresh store, a hand-moved clock and a stub resolver, with the
/// built-in providers.
struct LifecycleHarness {
    let lifecycle: SelfServeLifecycle
    let clock: TestClock
    let dns: StubTXTResolver
    let operatorPrincipal = Principal.operator(name: "ops")

    init(_ kind: StoreKind = .inMemory, baseURL: String = "https://app.example.com",
         fetcher: (any MetadataFetching)? = nil) throws {
        clock = TestClock()
        dns = StubTXTResolver()
        let clock = self.clock
        lifecycle = SelfServeLifecycle(
            registry: BuiltInProviders.registry(), store: try kind.make(),
            settings: try LifecycleSettings(serviceProviderBaseURL: baseURL, applicationName: "Example App"),
            environment: LifecycleEnvironment(now: { clock.now() }, txtResolver: dns, metadataFetcher: fetcher))
    }

    func manager(_ organizationID: String) -> Principal {
        .member(organizationID: organizationID, userID: "admin@\(organizationID)", permissions: [.manage])
    }

    func reader(_ organizationID: String) -> Principal {
        .member(organizationID: organizationID, userID: "viewer@\(organizationID)", permissions: [.read])
    }

    /// Creates an organization, allowed to set up SSO unless told otherwise.
    @discardableResult
    func organization(_ id: String, allowed: Bool = true) async throws -> Organization {
        var organization = try await lifecycle.createOrganization(id: id, name: "\(id.capitalized) Inc", by: operatorPrincipal)
        if allowed {
            organization = try await lifecycle.setSSOAllowed(true, organizationID: id, by: operatorPrincipal)
        }
        return organization
    }

    /// Adds a domain, publishes its TXT record in the stub DNS and verifies it.
    @discardableResult
    func verifiedDomain(_ domain: String, organizationID: String) async throws -> DomainRecord {
        let record = try await lifecycle.addDomain(domain, organizationID: organizationID, by: manager(organizationID))
        dns.publish(record.recordName, values: [record.recordValue])
        return try await lifecycle.verifyDomain(domain, organizationID: organizationID, by: manager(organizationID)).domain
    }

    /// A manual generic-SAML configuration with the fixture certificate.
    static func manualConfiguration(entityID: String = "https://idp.example.test/saml",
                                    ssoURL: String = "https://idp.example.test/sso") throws -> ProviderConfiguration {
        ProviderConfiguration(mode: "manual", values: [
            "sso_url": .text(ssoURL), "idp_entity_id": .text(entityID),
            "signing_certificates": .text(try fixture("idp-signing.pem")),
        ])
    }

    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }
}
