import Foundation
import SSOLifecycle
import SSOPostgreSQL
import SSOSQLite
import Testing

/// Makes a new, empty store for one test of the conformance suite, and cleans up after it.
///
/// ``all`` is the list the suite runs over. A store that needs a server joins it through
/// ``requiringServer(_:urlVariable:requireVariable:environment:make:)``, so the PostgreSQL
/// store is added with one line:
///
/// ```swift
/// + requiringServer("PostgreSQLStore", urlVariable: "SSO_TEST_POSTGRESQL_URL",
///                   requireVariable: "SSO_REQUIRE_POSTGRESQL") { url in try await PostgreSQLStore.makeForTest(url) }
/// ```
///
/// Its `make` must return an empty store of its own (a new database or schema per call),
/// since tests run in parallel.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    /// A store with its clean-up.
    struct Instance: Sendable {
        let store: any LifecycleStore
        let cleanUp: @Sendable () -> Void

        init(_ store: any LifecycleStore, cleanUp: @escaping @Sendable () -> Void = {}) {
            self.store = store
            self.cleanUp = cleanUp
        }
    }

    /// Places where a store falls short of the protocol today. A test covering one runs
    /// inside `withKnownIssue` for that store, so it still runs, and it fails as soon as
    /// the store is fixed (a known issue that is not recorded is reported), which is the cue
    /// to remove the entry here.
    enum KnownGap: Sendable, Hashable {
        /// Appending an attempt or audit entry with an existing id adds a second record
        /// instead of failing with `duplicate`.
        case duplicateLogIDsAccepted
        /// Updating a test run, sign-in request or setup link to another record's RelayState
        /// or token hash succeeds instead of failing with `duplicate`.
        case duplicateHashesAcceptedOnUpdate
    }

    /// The store's name, shown in test results.
    let name: String
    /// Whether the store keeps dates to the last bit (sub-millisecond). Every store keeps
    /// whole milliseconds, which is what the other fixtures use.
    let keepsExactDates: Bool
    /// What the store does not do yet.
    let knownGaps: Set<KnownGap>
    /// Makes an empty store.
    let make: @Sendable () async throws -> Instance

    var testDescription: String { name }

    /// Every store the suite runs against.
    static let all: [StoreFactory] = [inMemory, sqlite] + postgreSQL

    /// The PostgreSQL store, on a fresh schema of its own per test that is dropped afterwards
    /// (SSO_TEST_POSTGRESQL_URL; required with SSO_REQUIRE_POSTGRESQL=1).
    static let postgreSQL = requiringServer("PostgreSQLStore", urlVariable: "SSO_TEST_POSTGRESQL_URL",
                                            requireVariable: "SSO_REQUIRE_POSTGRESQL") { url in
        let store = try PostgreSQLStore(connectionString: url, options: PostgreSQLTestServer.options())
        return Instance(store, cleanUp: { store.closeAndDropSchema() })
    }

    static let inMemory = StoreFactory(name: "InMemoryStore", keepsExactDates: true, knownGaps: []) {
        Instance(InMemoryStore())
    }

    static let sqlite = StoreFactory(name: "SQLiteStore", keepsExactDates: true, knownGaps: []) {
        let directory = try TemporaryDirectory()
        do {
            return Instance(try SQLiteStore(path: directory.path + "/store.sqlite"), cleanUp: directory.remove)
        } catch {
            directory.remove()
            throw error
        }
    }

    /// The factory of a store that needs a server, chosen by the environment:
    /// - `urlVariable` set: the store, made from that URL;
    /// - not set, and `requireVariable` is `1`: a factory whose every test fails, saying
    ///   the URL is missing (so CI that must test the store cannot skip it silently);
    /// - neither: no factory (the suite runs without this store).
    /// - Parameters:
    ///   - name: The store's name.
    ///   - urlVariable: The environment variable holding the server's URL.
    ///   - requireVariable: The environment variable that, set to `1`, makes the URL mandatory.
    ///   - environment: The environment (the process's by default).
    ///   - knownGaps: What the store does not do yet.
    ///   - make: Makes an empty store from the URL.
    /// - Returns: Zero or one factory.
    static func requiringServer(_ name: String, urlVariable: String, requireVariable: String,
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                knownGaps: Set<KnownGap> = [],
                                make: @escaping @Sendable (String) async throws -> Instance) -> [StoreFactory] {
        if let url = environment[urlVariable], !url.isEmpty {
            return [StoreFactory(name: name, keepsExactDates: false, knownGaps: knownGaps) { try await make(url) }]
        }
        if environment[requireVariable] == "1" {
            return [StoreFactory(name: name, keepsExactDates: false, knownGaps: knownGaps) {
                throw MissingServer(message: "\(requireVariable)=1 but \(urlVariable) is not set: cannot test \(name).")
            }]
        }
        return []
    }

    /// Runs `body` with a new store, then cleans up.
    func withStore(_ body: (any LifecycleStore) async throws -> Void) async throws {
        let instance = try await make()
        defer { instance.cleanUp() }
        try await body(instance.store)
    }
}

/// A store that needs a server was required but not configured.
struct MissingServer: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/sso-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @Sendable func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
