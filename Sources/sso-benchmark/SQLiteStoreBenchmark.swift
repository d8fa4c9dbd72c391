// The SQLite store's section of the benchmark: route look-ups and sign-in-finish writes on a
// store holding 100,000 organizations and 200,000 verified domains (half of the
// organizations with an active connection), through the LifecycleStore API on one thread.
//
// The store is built once and cached under /tmp (rebuilt when missing, from an older
// schema, or not the expected size); building it takes about half a minute.
import Dispatch
import Foundation
import SAML
import SSOCore
import SSOLifecycle
import SSOSQLite

enum SQLiteStoreBenchmark {
    static let organizationCount = 100_000
    static let now = Date(timeIntervalSince1970: 1_772_366_400)
    static var cachePath: String {
        "/tmp/sso-benchmark-sqlite-v\(SQLiteStore.schemaVersion)-\(organizationCount / 1000)k-orgs.sqlite"
    }

    /// Runs the section; blocks the calling (main) thread until it is done.
    static func runBlocking() {
        let done = DispatchSemaphore(value: 0)
        // A task of its own: the async store API is then called from a nonisolated context,
        // as a host's request handler would, with no hop to the main actor per call.
        Task.detached {
            do {
                try await run()
            } catch {
                print("sso-benchmark: SQLite store: \(error)")
                exit(1)
            }
            done.signal()
        }
        done.wait()
    }

    static func run() async throws {
        let path = cachePath
        let built = try prepareStore(at: path)
        print("SQLite store: \(path) (\(built ? "built now" : "cached")), \(organizationCount) organizations, "
              + "\(2 * organizationCount) verified domains, \(organizationCount / 2) active connections")

        // Cold: opening the file and the first look-up (the operating system has the file
        // cached; a process start comes on top).
        let coldStart = DispatchTime.now().uptimeNanoseconds
        let store = try SQLiteStore(path: path)
        _ = try await store.transaction(.read) { try $0.activeRoute(forVerifiedDomain: domain(organization: 7, 0)) }
        let cold = Double(DispatchTime.now().uptimeNanoseconds - coldStart) / 1e6
        print(String(format: "  open + first route look-up: %.2f ms wall clock", cold))

        // Every verified domain once per pass, in a shuffled order, so the look-ups touch the
        // whole store rather than a few cached pages.
        var generator = SplitMix(state: 42)
        var domains = (0..<organizationCount).flatMap { [domain(organization: $0, 0), domain(organization: $0, 1)] }
        domains.shuffle(using: &generator)
        var served = 0
        var next = 0
        // Warm: one pass over every domain first, so the caches hold what they can.
        report("route look-ups (all domains):", try await asyncRate(warmUp: domains.count) {
            let name = domains[next]
            next = next == domains.count - 1 ? 0 : next + 1
            if try await store.transaction(.read, { try $0.activeRoute(forVerifiedDomain: name) }) != nil { served += 1 }
        })
        let activeDomains = domains.filter { organizationNumber(of: $0).isMultiple(of: 2) }
        next = 0
        report("  of which found a connection:", try await asyncRate {
            let name = activeDomains[next]
            next = next == activeDomains.count - 1 ? 0 : next + 1
            guard try await store.transaction(.read, { try $0.activeRoute(forVerifiedDomain: name) }) != nil else {
                throw BenchmarkError.unexpected("no connection for \(name)")
            }
        })
        precondition(served > 0)

        try await signInFinishes(store)
    }

    // MARK: Sign-in finish

    /// One production sign-in's writes in one transaction: consume the pending request,
    /// record the assertion ID, append the attempt. Fixed rounds, since each needs its
    /// pending requests inserted beforehand (not timed).
    static func signInFinishes(_ store: SQLiteStore) async throws {
        let perRound = 2_000
        var cpuRates: [Double] = []
        var wallRates: [Double] = []
        for round in -1..<5 { // Round -1 warms up.
            let prefix = "bench-\(round + 1)-"
            // Every string the timed loop needs, made beforehand.
            let relayStates = (0..<perRound).map { "relay-\(prefix)\($0)" }
            let assertionIDs = (0..<perRound).map { "_assertion-\(prefix)\($0)" }
            let attemptIDs = (0..<perRound).map { "att_\(prefix)\($0)" }
            let emailDomains = (0..<perRound).map { domain(organization: 2 * $0, 0) }
            try await store.transaction(.write) { transaction in
                for index in 0..<perRound {
                    let organization = 2 * index
                    try transaction.insertSignInRequest(SignInRequest(
                        id: "signin_\(prefix)\(index)", connectionID: connectionID(organization: organization),
                        organizationID: organizationID(organization), requestID: "_req-\(prefix)\(index)",
                        relayStateHash: "relay-\(prefix)\(index)", email: "user\(index)@\(domain(organization: organization, 0))",
                        returnTo: "/dashboard", createdAt: now, expiresAt: now.addingTimeInterval(900)))
                }
            }
            let cpuStart = threadCPUTime()
            let wallStart = DispatchTime.now().uptimeNanoseconds
            for index in 0..<perRound {
                let (relayState, assertionID, attemptID, emailDomain) = (relayStates[index], assertionIDs[index], attemptIDs[index], emailDomains[index])
                try await store.transaction(.write) { transaction in
                    guard var request = try transaction.signInRequest(relayStateHash: relayState),
                          request.consumedAt == nil else { throw BenchmarkError.unexpected("no pending request") }
                    request.consumedAt = now
                    _ = try transaction.updateSignInRequest(request)
                    guard try transaction.recordAssertionID(assertionID, issuer: "https://idp.bench.test",
                                                            expiresAt: now.addingTimeInterval(300), now: now) else {
                        throw BenchmarkError.unexpected("replayed assertion")
                    }
                    try transaction.appendAttempt(AttemptRecord(
                        id: attemptID, at: now, kind: .production, outcome: .success,
                        organizationID: request.organizationID, connectionID: request.connectionID, email: request.email,
                        details: ["issuer": "https://idp.bench.test", "email_domain": emailDomain]))
                }
            }
            let cpu = threadCPUTime() - cpuStart
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
            if round >= 0 {
                cpuRates.append(Double(perRound) / cpu)
                wallRates.append(Double(perRound) / wall)
            }
        }
        cpuRates.sort()
        wallRates.sort()
        report("sign-in finish writes (consume request, record assertion ID, append attempt):", (cpuRates[4], cpuRates[2]))
        print(String(format: "    wall clock: %.0f /s best, %.0f /s median (commits do not fsync in WAL mode with synchronous=NORMAL; checkpoints, which do, run on the store's background thread)",
                     wallRates[4], wallRates[2]))
        // Leave the cached store as it was.
        try await store.transaction(.write) { transaction in
            _ = try transaction.deleteAttempts(before: .distantFuture)
            _ = try transaction.deleteSignInRequests(expiredBefore: .distantFuture)
        }
        _ = try store.rawRows("DELETE FROM assertion_ids")
    }

    // MARK: The store

    static func organizationID(_ number: Int) -> String { String(format: "org_%06d", number) }
    static func connectionID(organization number: Int) -> String { String(format: "conn_%06d", number) }
    static func domain(organization number: Int, _ which: Int) -> String {
        String(format: "%@%06d.example", which == 0 ? "corp" : "mail", number)
    }
    static func organizationNumber(of domain: String) -> Int {
        Int(domain.dropFirst(4).prefix(6)) ?? -1
    }

    /// Opens the cached store when it is complete; otherwise builds it next to its final
    /// path and moves it into place (so an interrupted build is never taken for a cache).
    /// - Returns: Whether it was built now.
    static func prepareStore(at path: String) throws -> Bool {
        if FileManager.default.fileExists(atPath: path),
           let store = try? SQLiteStore(path: path),
           let marker = try? store.transactionSynchronously(.read, { try $0.setting("benchmark.fixture") }),
           marker == fixtureMarker {
            return false
        }
        let partial = path + ".partial-\(getpid())"
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
            try? FileManager.default.removeItem(atPath: partial + suffix)
        }
        do {
            let store = try SQLiteStore(path: partial)
            var generator = SplitMix(state: 7)
            let batch = 5_000
            for start in stride(from: 0, to: organizationCount, by: batch) {
                let configurations = (start..<(start + batch)).map { number in
                    number.isMultiple(of: 2) ? configuration(organization: number, using: &generator) : nil
                }
                try store.transactionSynchronously(.write) { transaction in
                    for number in start..<(start + batch) {
                        let id = organizationID(number)
                        try transaction.insertOrganization(Organization(id: id, name: "Organization \(number)", ssoAllowed: true, createdAt: now))
                        for which in 0..<2 {
                            let name = domain(organization: number, which)
                            try transaction.insertDomain(DomainRecord(
                                organizationID: id, name: name, storedStatus: .verified, recordName: "_sso-verification.\(name)",
                                recordValue: "sso-verification=\(String(repeating: "x", count: 32))", challengeExpiresAt: now,
                                verifiedAt: now, createdAt: now))
                        }
                        if let saved = configurations[number - start] {
                            try transaction.insertConnection(Connection(
                                id: connectionID(organization: number), organizationID: id, providerID: "okta", status: .active,
                                configuration: saved, liveConfiguration: saved, createdAt: now, updatedAt: now))
                        }
                    }
                }
            }
            try store.transactionSynchronously(.write) { try $0.setSetting("benchmark.fixture", to: fixtureMarker) }
            _ = try store.rawRows("ANALYZE")
        }
        // The store is closed (its last connection closed, so its WAL is checkpointed and gone).
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return true
    }

    static let fixtureMarker = "\(organizationCount) organizations, \(2 * organizationCount) verified domains, v3 (route columns)"

    /// A configuration as a provider would save it, different for every organization (its
    /// own entity ID, URLs and an 800-byte signing certificate).
    static func configuration(organization number: Int, using generator: inout SplitMix) -> SavedConfiguration {
        var der = [UInt8](repeating: 0, count: 800)
        for index in der.indices { der[index] = UInt8(truncatingIfNeeded: generator.next()) }
        let tenant = String(format: "acme%06d", number)
        let identityProvider = ResolvedIdentityProvider(
            entityID: "http://www.okta.com/exk\(tenant)", ssoURL: "https://\(tenant).okta.com/app/\(tenant)/exk1/sso/saml",
            ssoBinding: .httpPOST,
            certificates: [StoredCertificate(derBase64: Data(der).base64EncodedString(), subject: "CN=\(tenant), OU=SSOProvider, O=Okta",
                                             notBefore: now.addingTimeInterval(-86_400), notAfter: now.addingTimeInterval(3 * 365 * 86_400),
                                             sha256Fingerprint: (0..<32).map { _ in String(format: "%02X", generator.next() & 0xFF) }.joined(separator: ":"))],
            wantAuthnRequestsSigned: false, nameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        return SavedConfiguration(
            submitted: ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text("https://\(tenant).okta.com/app/exk1/sso/saml/metadata")]),
            identityProvider: identityProvider, fingerprint: identityProvider.fingerprint(providerID: "okta"), warnings: [],
            savedAt: now, savedBy: "member:\(organizationID(number))/admin")
    }

    // MARK: Measuring

    /// ``rate(seconds:_:)`` for an async body: five rounds of about `seconds / 5` of this
    /// thread's CPU time after `warmUp` untimed runs; the best round and the median. The body must not
    /// suspend (the store's calls do not), so the task stays on one thread.
    static func asyncRate(seconds: Double = 2, warmUp: Int = 2_000,
                          _ body: () async throws -> Void) async rethrows -> (best: Double, median: Double) {
        for _ in 0..<warmUp { try await body() }
        var rounds: [Double] = []
        for _ in 0..<5 {
            var runs = 0
            let start = threadCPUTime()
            var cpu = 0.0
            repeat {
                for _ in 0..<100 { try await body() }
                runs += 100
                cpu = threadCPUTime() - start
            } while cpu < seconds / 5
            rounds.append(Double(runs) / cpu)
        }
        rounds.sort()
        return (rounds[4], rounds[2])
    }

    enum BenchmarkError: Error { case unexpected(String) }

    /// SplitMix64, for a reproducible store and order of look-ups.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }
}
