import Foundation
import SSOLifecycle

/// A read transaction answered from the ``SettingsCache`` alone, on the caller's own thread:
/// a route look-up whose answer is cached then costs no thread hop and no round trip.
///
/// The first read the cache cannot answer marks the attempt ``missed`` and throws; whatever
/// the body then did with that error, its outcome is discarded and the transaction runs
/// again on a pool worker against the database (the protocol lets a body run more than
/// once). Only reads the cache serves — organizations, an organization's domains,
/// connections, routes — can succeed here.
final class CachedReadTransaction: StoreTransaction {
    private let cache: SettingsCache
    private(set) var missed = false

    /// Thrown at the first read the cache cannot answer.
    struct Miss: Error {}

    init(cache: SettingsCache) {
        self.cache = cache
    }

    private func miss() -> Miss {
        missed = true
        return Miss()
    }

    private func refuseWrite() -> StoreError {
        StoreError(.failure, "A read transaction cannot write.")
    }

    // MARK: Served from the cache

    func organization(id: String) throws -> Organization? {
        guard let cached = cache.organization(id: id) else { throw miss() }
        return cached
    }

    func domains(organizationID: String) throws -> [DomainRecord] {
        guard let cached = cache.domains(organizationID: organizationID) else { throw miss() }
        return cached
    }

    func connection(id: String) throws -> Connection? {
        guard let cached = cache.connection(id: id) else { throw miss() }
        return cached
    }

    func activeRoute(forVerifiedDomain domain: String) throws -> ConnectionRoute? {
        guard case .some(let cached) = cache.route(forDomain: domain) else { throw miss() }
        return cached
    }

    // MARK: Everything else goes to the database

    func setting(_ key: String) throws -> String? { throw miss() }
    func organizations(after id: String?, limit: Int) throws -> [Organization] { throw miss() }
    func domain(organizationID: String, name: String) throws -> DomainRecord? { throw miss() }
    func verifiedDomain(name: String) throws -> DomainRecord? { throw miss() }
    func connections(organizationID: String) throws -> [Connection] { throw miss() }
    func connections(after id: String?, limit: Int) throws -> [Connection] { throw miss() }
    func testRun(id: String) throws -> TestRun? { throw miss() }
    func testRun(relayStateHash: String) throws -> TestRun? { throw miss() }
    func testRun(connectionID: String, requestID: String) throws -> TestRun? { throw miss() }
    func testRuns(connectionID: String, limit: Int) throws -> [TestRun] { throw miss() }
    func hasSuccessfulTestRun(connectionID: String, fingerprint: String) throws -> Bool { throw miss() }
    func signInRequest(relayStateHash: String) throws -> SignInRequest? { throw miss() }
    func attempts(organizationID: String, limit: Int) throws -> [AttemptRecord] { throw miss() }
    func auditEntries(organizationID: String, limit: Int) throws -> [AuditEntry] { throw miss() }
    func setupLink(id: String) throws -> SetupLink? { throw miss() }
    func setupLink(tokenHash: String) throws -> SetupLink? { throw miss() }
    func setupLinks(organizationID: String) throws -> [SetupLink] { throw miss() }

    // MARK: Writes are refused, as in any read transaction

    func setSetting(_ key: String, to value: String?) throws { throw refuseWrite() }
    func insertOrganization(_ organization: Organization) throws { throw refuseWrite() }
    func updateOrganization(_ organization: Organization) throws -> Organization { throw refuseWrite() }
    func insertDomain(_ domain: DomainRecord) throws { throw refuseWrite() }
    func updateDomain(_ domain: DomainRecord) throws -> DomainRecord { throw refuseWrite() }
    func deleteDomain(_ domain: DomainRecord) throws { throw refuseWrite() }
    func insertConnection(_ connection: Connection) throws { throw refuseWrite() }
    func updateConnection(_ connection: Connection) throws -> Connection { throw refuseWrite() }
    func deleteConnection(_ connection: Connection) throws { throw refuseWrite() }
    func insertTestRun(_ run: TestRun) throws { throw refuseWrite() }
    func updateTestRun(_ run: TestRun) throws -> TestRun { throw refuseWrite() }
    func insertSignInRequest(_ request: SignInRequest) throws { throw refuseWrite() }
    func updateSignInRequest(_ request: SignInRequest) throws -> SignInRequest { throw refuseWrite() }
    func deleteSignInRequests(expiredBefore date: Date) throws -> Int { throw refuseWrite() }
    func recordAssertionID(_ id: String, issuer: String, expiresAt: Date, now: Date) throws -> Bool { throw refuseWrite() }
    func appendAttempt(_ attempt: AttemptRecord) throws { throw refuseWrite() }
    func deleteAttempts(before date: Date) throws -> Int { throw refuseWrite() }
    func appendAudit(_ entry: AuditEntry) throws { throw refuseWrite() }
    func insertSetupLink(_ link: SetupLink) throws { throw refuseWrite() }
    func updateSetupLink(_ link: SetupLink) throws -> SetupLink { throw refuseWrite() }
}
