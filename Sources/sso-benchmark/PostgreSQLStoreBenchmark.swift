// The PostgreSQL store's section of the benchmark (`sso-benchmark --postgresql` runs it alone):
//
// - production sign-in finishes per second, end to end through SelfServeLifecycle (the
//   response validated, the pending request consumed, the assertion ID recorded against
//   replay, the attempt logged), with 1, 4 and 16 concurrent clients, on PostgreSQL over
//   loopback, beside the bare validation of the same responses in the same rounds;
// - route look-ups per second on a store of 100,000 organizations (200,000 verified
//   domains, 50,000 active connections), from the per-process cache and from the database;
// - how long a deactivation committed through one store takes to stop routing through a
//   second store on the same schema (another server's cache, told by LISTEN/NOTIFY); the
//   target is under a second.
//
// The server is SSO_BENCH_POSTGRESQL_URL when set; otherwise the section starts its own with
// .ci/postgresql.sh (PostgreSQL's durable defaults: fsync and synchronous commits on) and
// removes it afterwards, or prints why it skipped. Figures are wall clock on this machine,
// whose cores the server shares; the server's settings are printed with them.
import Dispatch
import Foundation
import SAML
import SelfServeSSO
import SelfServeSSOTestKit
import SSOPostgreSQL
#if canImport(Glibc)
import Glibc
#endif

enum PostgreSQLStoreBenchmark {
    static let organizationCount = 100_000

    /// Runs the section; blocks the calling (main) thread until it is done.
    static func runBlocking() {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await run()
            } catch {
                print("sso-benchmark: PostgreSQL store: \(error)")
                exit(1)
            }
            done.signal()
        }
        done.wait()
    }

    static func run() async throws {
        print("PostgreSQL store:")
        let server: BenchmarkServer
        switch BenchmarkServer.obtain() {
        case .success(let obtained):
            server = obtained
        case .failure(let reason):
            print("  skipped: \(reason.description)")
            return
        }
        defer { server.release() }
        let schema = "sso_benchmark_\(getpid())"
        let store = try PostgreSQLStore(connectionString: server.url, options: .init(schema: schema))
        defer { store.close() }
        try await store.prepare()
        let settings = try await store.execute(sql: """
            SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name IN
            ('server_version', 'shared_buffers', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'max_connections')
            ORDER BY name
            """)
        print("  server: \(server.origin); " + settings.map { row in
            let unit = row[2] ?? ""
            let value = unit == "8kB" ? "\((Int(row[1] ?? "") ?? 0) / 128) MB" : (row[1] ?? "?") + (unit.isEmpty ? "" : " \(unit)")
            return "\(row[0] ?? "?")=\(value)"
        }.joined(separator: ", "))
        print("  store: \(store.options.maximumConnections) pooled connections, SERIALIZABLE writes, sign-in cache on")

        try await signIns(postgreSQL: store)
        try await routes(store: store, url: server.url, schema: schema)
        try await propagation(store: store, url: server.url, schema: schema)
        try await store.dropSchema()
    }

    // MARK: - Sign-in finishes

    static func signIns(postgreSQL store: PostgreSQLStore) async throws {
        print("  production sign-in finishes, end to end (validate, consume the request, record the assertion, log the attempt),")
        print("  beside the bare validation of the same responses, wall clock, best round (median):")
        let bench = try await SignInBench(store: store, key: try TestSigningKey(commonName: "Benchmark IdP"))
        for clients in [1, 4, 16] {
            let rates = try await bench.rates(clients: clients)
            print(String(format: "    %2d client%@: sign-in finishes %5.0f /s (%5.0f); bare validation %5.0f /s (%5.0f)",
                         clients, clients == 1 ? " " : "s", rates.finishes.best, rates.finishes.median,
                         rates.validations.best, rates.validations.median))
        }
        let retries = store.retryCounts
        print("    write transactions run again after a serialization failure: \(retries.serializationRetries)")
    }

    /// A lifecycle with one active connection to a test IdP, and the means to mint responses.
    struct SignInBench {
        let lifecycle: SelfServeLifecycle
        let idp: TestIdentityProvider
        /// A validator like the lifecycle's, for the bare-validation figure.
        let validator: ResponseValidator
        let user = TestUser(email: "ada@acme-bench.test", firstName: "Ada", lastName: "Lovelace")
        static let rounds = 5
        /// Sign-ins per round, whatever the number of clients.
        static let perRound = 480

        init(store: any LifecycleStore, key: TestSigningKey) async throws {
            let dns = BenchmarkTXTResolver()
            lifecycle = SelfServeLifecycle(
                registry: BuiltInProviders.registry(), store: store,
                settings: try LifecycleSettings(serviceProviderBaseURL: "https://app.example.test"),
                environment: LifecycleEnvironment(txtResolver: dns, metadataFetcher: nil))
            idp = TestIdentityProvider(signingKey: key)
            let operatorPrincipal = Principal.operator(name: "benchmark")
            let organization = "acme-bench"
            _ = try await lifecycle.createOrganization(id: organization, name: "Acme Bench", by: operatorPrincipal)
            _ = try await lifecycle.setSSOAllowed(true, organizationID: organization, by: operatorPrincipal)
            let record = try await lifecycle.addDomain("acme-bench.test", organizationID: organization, by: operatorPrincipal)
            dns.publish(record.recordName, record.recordValue)
            _ = try await lifecycle.verifyDomain("acme-bench.test", organizationID: organization, by: operatorPrincipal)
            let outcome = try await lifecycle.saveConfiguration(
                ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(idp.metadataXML)]),
                providerID: "generic-saml", organizationID: organization, by: operatorPrincipal)
            guard let connection = outcome.connection else { throw BenchmarkFailure("configuration refused: \(outcome.report)") }
            let start = try await lifecycle.startTestRun(organizationID: organization, by: operatorPrincipal)
            let response = try idp.response(to: try idp.parseAuthnRequest(redirectURL: start.redirect.url), user: user, now: Date())
            guard case .testCompleted(let run) = await lifecycle.receiveResponse(
                connectionID: connection.id, samlResponse: response.samlResponse, relayState: response.relayState),
                run.storedStatus == .success else { throw BenchmarkFailure("the test sign-in failed") }
            _ = try await lifecycle.activate(organizationID: organization, by: operatorPrincipal)
            let serviceProvider = lifecycle.serviceProviderSettings(for: connection)
            validator = try ResponseValidator(options: ResponseValidationOptions(
                trustedCertificates: idp.settings.signingCertificates, identityProviderEntityID: idp.entityID,
                serviceProviderEntityID: serviceProvider.entityID, assertionConsumerServiceURL: serviceProvider.acsURL,
                now: Date()))
        }

        /// Best and median rates of `rounds` rounds; each round's sign-ins are started and
        /// their responses minted beforehand (not timed), then validated alone, then finished.
        func rates(clients: Int) async throws -> (finishes: (best: Double, median: Double), validations: (best: Double, median: Double)) {
            var finishes: [Double] = []
            var validations: [Double] = []
            for _ in 0..<Self.rounds {
                var pending: [(response: String, relayState: String, requestID: String)] = []
                for _ in 0..<Self.perRound {
                    let start = try await lifecycle.startSignIn(email: user.email, returnTo: "/home")
                    let request = try idp.parseAuthnRequest(redirectURL: start.redirect.url)
                    let minted = try idp.response(to: request, user: user, now: Date())
                    pending.append((minted.samlResponse, start.redirect.relayState, start.request.requestID))
                }
                let validator = self.validator
                validations.append(try await Self.rate(pending, clients: clients) { item in
                    _ = try validator.validate(Data(item.response.utf8), now: Date(), expectedRequestID: item.requestID)
                })
                let lifecycle = lifecycle
                finishes.append(try await Self.rate(pending, clients: clients) { item in
                    _ = try await lifecycle.finishSignIn(samlResponse: item.response, relayState: item.relayState)
                })
            }
            finishes.sort()
            validations.sort()
            return ((finishes[finishes.count - 1], finishes[finishes.count / 2]),
                    (validations[validations.count - 1], validations[validations.count / 2]))
        }

        /// Items per second of wall clock, `clients` tasks taking the next item in turn.
        static func rate<Item: Sendable>(_ items: [Item], clients: Int,
                                         _ work: @escaping @Sendable (Item) async throws -> Void) async throws -> Double {
            let queue = WorkQueue(items)
            let began = DispatchTime.now().uptimeNanoseconds
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<clients {
                    group.addTask { while let item = queue.next() { try await work(item) } }
                }
                try await group.waitForAll()
            }
            return Double(items.count) / (Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9)
        }
    }

    // MARK: - Routes at 100,000 organizations

    static func routes(store: PostgreSQLStore, url: String, schema: String) async throws {
        let began = DispatchTime.now().uptimeNanoseconds
        try await fill(store, schema: schema)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        print(String(format: "  route look-ups, %d organizations, %d verified domains, %d active connections (filled in %.1f s):",
                     organizationCount, 2 * organizationCount, organizationCount / 2, seconds))
        var generator = SystemRandomNumberGenerator()
        let all = (0..<(2 * organizationCount)).map { domain($0 / 2, $0 % 2) }.shuffled(using: &generator)
        // A working set the cache holds whole (its default capacity is 100,000 routes).
        let hot = Array(all.prefix(50_000))
        for (label, domains) in [("from the cache (50,000 domains, warm)", hot)] {
            for domain in domains { _ = try await store.transaction(.read) { try $0.activeRoute(forVerifiedDomain: domain) } }
            for clients in [1, 4] {
                let rates = try await lookUpRates(store, domains: domains, clients: clients)
                print(String(format: "    %@, %d client%@: %.0f /s (median %.0f)", label, clients, clients == 1 ? "" : "s", rates.best, rates.median))
            }
        }
        let direct = try PostgreSQLStore(connectionString: url, options: .init(schema: schema, cachesSignInSettings: false))
        defer { direct.close() }
        for clients in [1, 4] {
            let rates = try await lookUpRates(direct, domains: all, clients: clients)
            print(String(format: "    from the database (cache off, all domains), %d client%@: %.0f /s (median %.0f)",
                         clients, clients == 1 ? "" : "s", rates.best, rates.median))
        }
    }

    // MARK: - A deactivation reaching another server

    /// Deactivates and reactivates one connection through `store` twenty times; each time,
    /// measures from the commit's return until a second store on the same schema (another
    /// server, with its own cache) stops routing the domain. The second store polls its own
    /// cache every 0.2 ms, so the figure is the notification's trip plus at most that.
    static func propagation(store: PostgreSQLStore, url: String, schema: String) async throws {
        let other = try PostgreSQLStore(connectionString: url, options: .init(schema: schema))
        defer { other.close() }
        try await other.prepare()
        let domain = domain(0, 0)
        func routes(_ store: PostgreSQLStore) async throws -> Bool {
            try await store.transaction(.read) { try $0.activeRoute(forVerifiedDomain: domain) } != nil
        }
        func setStatus(_ status: ConnectionStatus) async throws {
            try await store.transaction(.write) { t in
                guard var connection = try t.connection(id: "conn_000000") else { throw BenchmarkFailure("conn_000000 is missing") }
                connection.status = status
                _ = try t.updateConnection(connection)
            }
        }
        func waitUntil(_ limit: Double, _ condition: () async throws -> Bool) async throws -> Double? {
            let began = DispatchTime.now().uptimeNanoseconds
            while true {
                if try await condition() { return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6 }
                if Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 > limit { return nil }
                try await Task.sleep(nanoseconds: 200_000)
            }
        }
        guard try await waitUntil(10, { other.isListeningForChanges }) != nil else {
            print("  a deactivation reaching another server: skipped, the second store did not start listening within 10 s")
            return
        }
        var delays: [Double] = []
        var missed = 0
        for _ in 0..<20 {
            guard try await routes(other) else { throw BenchmarkFailure("the second store does not route \(domain)") }
            try await setStatus(.inactive)
            if let delay = try await waitUntil(5, { try await !routes(other) }) { delays.append(delay) } else { missed += 1 }
            try await setStatus(.active)
            guard try await waitUntil(5, { try await routes(other) }) != nil else { throw BenchmarkFailure("the route did not come back") }
        }
        delays.sort()
        guard !delays.isEmpty else {
            print("  a deactivation reaching another server: never within 5 s in 20 tries")
            return
        }
        print(String(format: "  a deactivation through one server, until another server stops routing the domain (%d tries):", delays.count + missed))
        print(String(format: "    best %.1f ms, median %.1f ms, worst %.1f ms%@ (target: under 1,000 ms)",
                     delays[0], delays[delays.count / 2], delays[delays.count - 1],
                     missed == 0 ? "" : "; \(missed) not within 5 s"))
    }

    static func organizationID(_ number: Int) -> String { String(format: "org_%06d", number) }
    static func domain(_ organization: Int, _ which: Int) -> String {
        String(format: "%@%06d.example", which == 0 ? "corp" : "mail", organization)
    }

    /// Five rounds of about a second each: look-ups spread over `clients` tasks.
    static func lookUpRates(_ store: PostgreSQLStore, domains: [String], clients: Int) async throws -> (best: Double, median: Double) {
        var rates: [Double] = []
        for round in 0..<5 {
            let began = DispatchTime.now().uptimeNanoseconds
            let end = began + 1_000_000_000
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var index = (round * 7_919 + client * 104_729) % domains.count
                        var count = 0
                        while DispatchTime.now().uptimeNanoseconds < end {
                            _ = try await store.transaction(.read) { [domain = domains[index]] in
                                try $0.activeRoute(forVerifiedDomain: domain)
                            }
                            index = index + 1 == domains.count ? 0 : index + 1
                            count += 1
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            rates.append(Double(counts) / (Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9))
        }
        rates.sort()
        return (rates[4], rates[2])
    }

    /// Fills the store in SQL, from records encoded by the store's own types: each kind's
    /// first record, encoded once, is the template `replace()` numbers (a store API insert
    /// per row would take minutes here).
    static func fill(_ store: PostgreSQLStore, schema: String) async throws {
        let date = Date(timeIntervalSince1970: 1_772_366_400)
        let organization = Organization(id: "org_PLACEH", name: "Organization PLACEH", ssoAllowed: true, createdAt: date)
        func domainRecord(_ prefix: String) -> DomainRecord {
            DomainRecord(organizationID: "org_PLACEH", name: "\(prefix)PLACEH.example", storedStatus: .verified,
                         recordName: "_sso-verification.\(prefix)PLACEH.example", recordValue: "sso-verification=PLACEH",
                         challengeExpiresAt: date.addingTimeInterval(604_800), verifiedAt: date, createdAt: date)
        }
        let identityProvider = ResolvedIdentityProvider(entityID: "https://idp.example/PLACEH", ssoURL: "https://idp.example/PLACEH/sso",
                                                        ssoBinding: .httpRedirect, certificates: [], wantAuthnRequestsSigned: false,
                                                        nameIDFormat: nil)
        let configuration = SavedConfiguration(
            submitted: ProviderConfiguration(mode: "manual", values: ["sso_url": .text("https://idp.example/PLACEH/sso")]),
            identityProvider: identityProvider, fingerprint: "fingerprintPLACEH", warnings: [], savedAt: date, savedBy: "benchmark")
        let connection = Connection(id: "conn_PLACEH", organizationID: "org_PLACEH", providerID: "generic-saml", status: .active,
                                    configuration: configuration, liveConfiguration: configuration, createdAt: date, updatedAt: date)
        let encoder = JSONEncoder()
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let s = "\"\(schema)\""
        let number = "lpad(n::text, 6, '0')"
        let count = organizationCount - 1
        _ = try await store.execute(sql: """
            INSERT INTO \(s).organizations (id, version, record)
                SELECT 'org_' || \(number), 1, replace($t$\(try json(organization))$t$, 'PLACEH', \(number))
                FROM generate_series(0, \(count)) AS n;
            INSERT INTO \(s).domains (organization_id, name, status, version, record)
                SELECT 'org_' || \(number), prefix || \(number) || '.example', 'verified', 1,
                       replace(CASE prefix WHEN 'corp' THEN $t$\(try json(domainRecord("corp")))$t$ ELSE $t$\(try json(domainRecord("mail")))$t$ END,
                               'PLACEH', \(number))
                FROM generate_series(0, \(count)) AS n, (VALUES ('corp'), ('mail')) AS p(prefix);
            INSERT INTO \(s).connections (id, organization_id, status, created_at, updated_at, version, route_provider_id,
                                          route_sso_url, route_sso_binding, route_fingerprint, record)
                SELECT 'conn_' || \(number), 'org_' || \(number), 'active', to_timestamp(\(date.timeIntervalSince1970)),
                       to_timestamp(\(date.timeIntervalSince1970)), 1, 'generic-saml', 'https://idp.example/' || \(number) || '/sso',
                       '\(SAMLBinding.httpRedirect.rawValue)', 'fingerprint' || \(number),
                       replace($t$\(try json(connection))$t$, 'PLACEH', \(number))
                FROM generate_series(0, \(count), 2) AS n;
            ANALYZE \(s).organizations; ANALYZE \(s).domains; ANALYZE \(s).connections
            """)
    }
}

/// Hands out each pending sign-in once to whichever client asks next.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    // @unchecked: `index` is read and written only while holding `lock`; `items` is immutable.
    private let lock = NSLock()
    private let items: [Item]
    private var index = 0

    init(_ items: [Item]) { self.items = items }

    func next() -> Item? {
        lock.withLock {
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }
}

/// A TXT resolver answering from what the benchmark published (no DNS traffic).
final class BenchmarkTXTResolver: TXTResolving, @unchecked Sendable {
    // @unchecked: `records` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var records: [String: String] = [:]

    func publish(_ name: String, _ value: String) { lock.withLock { records[name] = value } }

    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        lock.withLock {
            records[name].map { TXTLookup(outcome: .answered, records: [[$0]]) } ?? TXTLookup(outcome: .nameNotFound)
        }
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The server the section measures: SSO_BENCH_POSTGRESQL_URL, or one started with
/// .ci/postgresql.sh for this run and removed afterwards.
struct BenchmarkServer {
    let url: String
    let origin: String
    let directory: String?

    static func obtain() -> Result<BenchmarkServer, BenchmarkFailure> {
        if let url = ProcessInfo.processInfo.environment["SSO_BENCH_POSTGRESQL_URL"], !url.isEmpty {
            return .success(BenchmarkServer(url: url, origin: "SSO_BENCH_POSTGRESQL_URL", directory: nil))
        }
        let script = ".ci/postgresql.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            return .failure(BenchmarkFailure("SSO_BENCH_POSTGRESQL_URL is unset and \(script) is not here to start a server (run from the package root)"))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sso-benchmark-postgresql-\(getpid())").path
        let started = runScript(["start", directory])
        guard started.status == 0 else {
            return .failure(BenchmarkFailure("SSO_BENCH_POSTGRESQL_URL is unset and \(script) could not start a server: \(started.errors.suffix(300))"))
        }
        return .success(BenchmarkServer(url: started.output.trimmingCharacters(in: .whitespacesAndNewlines),
                                        origin: "started by .ci/postgresql.sh on loopback", directory: directory))
    }

    func release() {
        if let directory { _ = Self.runScript(["destroy", directory]) }
    }

    /// Runs the script with PostgreSQL's durable defaults; its standard output and error.
    static func runScript(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sso-benchmark-script-\(getpid())").path
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        environment["SSO_PG_DURABLE"] = "1"
        let argv = (["/bin/bash", ".ci/postgresql.sh"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp) == 0 else { return (-1, "", "posix_spawn failed") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? "")
    }
}
