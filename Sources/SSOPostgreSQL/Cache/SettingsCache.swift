import Foundation
import SSOLifecycle

/// What every sign-in reads, kept in this process: routes by domain, connections by id, an
/// organization's domains, organizations by id.
///
/// ## Rules that keep it correct across servers
/// - Only read transactions that it answers whole use it (``CachedReadTransaction``): a
///   transaction that reads the database reads everything from its snapshot, so no
///   transaction mixes a cached past with a present. Write transactions never read it.
/// - A local write that changed cached tables empties it before and after its `COMMIT`, and
///   it is off while the commit is under way.
/// - It is on only while this process listens for the database's change notifications (a
///   trigger on organizations, domains and connections calls `pg_notify` at commit). Any
///   notification, a local commit that touched those tables, or a commit whose outcome is
///   unknown empties it. When the listening connection is lost it is emptied and turned off
///   until listening resumes, since notifications may have been missed.
/// - A value read from the database is stored only if no invalidation happened since the
///   reading transaction began (``generation``): otherwise a read that started before a
///   change, and finished after the change's notification, would put the old value back.
final class SettingsCache: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only while holding
    // `lock`; the values are immutable Sendable records.
    private let lock = NSLock()
    private var enabled = false
    /// Local write transactions that changed cached tables and are committing now.
    private var committing = 0
    private var currentGeneration: UInt64 = 0
    private var routes: [String: ConnectionRoute?] = [:]
    private var connections: [String: (connection: Connection, bytes: Int)] = [:]
    private var connectionBytes = 0
    private var domains: [String: [DomainRecord]] = [:]
    private var organizations: [String: Organization] = [:]
    private let capacity: Int
    private let connectionByteBudget: Int

    /// - Parameters:
    ///   - capacity: The most entries of each kind (routes, domain lists, organizations).
    ///   - connectionByteBudget: The most bytes of connection records (a configuration can
    ///     hold a metadata document of up to a megabyte).
    init(capacity: Int, connectionByteBudget: Int) {
        self.capacity = max(1, capacity)
        self.connectionByteBudget = max(1, connectionByteBudget)
    }

    /// The generation to pass back when storing, taken before a read transaction begins;
    /// nil while the cache is off.
    var generation: UInt64? {
        lock.withLock { isServing ? currentGeneration : nil }
    }

    /// On, and no local commit of a cached table under way.
    private var isServing: Bool { enabled && committing == 0 }

    /// Whether the cache is on (the change listener is connected).
    var isEnabled: Bool { lock.withLock { enabled } }

    /// Empties the cache; values read before now will not be stored.
    func invalidateAll() {
        lock.withLock { clear() }
    }

    /// A local write that changed cached tables is about to commit: until
    /// ``endLocalCommit()``, the cache neither answers nor stores (a read could otherwise meet
    /// old cached values beside the commit's effects, between the commit and its
    /// invalidation).
    func beginLocalCommit() {
        lock.withLock {
            committing += 1
            clear()
        }
    }

    /// The commit announced by ``beginLocalCommit()`` ended (whatever its outcome).
    func endLocalCommit() {
        lock.withLock {
            committing -= 1
            clear()
        }
    }

    /// Turns the cache on (listening has begun) or off (listening was lost), emptying it.
    func setEnabled(_ on: Bool) {
        lock.withLock {
            clear()
            enabled = on
        }
    }

    private func clear() {
        currentGeneration &+= 1
        routes.removeAll(keepingCapacity: true)
        connections.removeAll(keepingCapacity: true)
        connectionBytes = 0
        domains.removeAll(keepingCapacity: true)
        organizations.removeAll(keepingCapacity: true)
    }

    // MARK: - Routes (nil is a cached "no route")

    /// `.some(route)` when cached (the route may be nil), `.none` on a miss.
    func route(forDomain domain: String) -> ConnectionRoute?? {
        lock.withLock { isServing ? routes[domain] : nil }
    }

    func storeRoute(_ route: ConnectionRoute?, forDomain domain: String, generation: UInt64) {
        lock.withLock {
            guard isServing, generation == currentGeneration else { return }
            if routes.count >= capacity, routes[domain] == nil, let victim = routes.keys.first { routes[victim] = nil }
            routes[domain] = .some(route)
        }
    }

    // MARK: - Connections

    func connection(id: String) -> Connection? {
        lock.withLock { isServing ? connections[id]?.connection : nil }
    }

    func storeConnection(_ connection: Connection, bytes: Int, generation: UInt64) {
        lock.withLock {
            guard isServing, generation == currentGeneration, bytes <= connectionByteBudget else { return }
            if let old = connections[connection.id] { connectionBytes -= old.bytes }
            while connectionBytes + bytes > connectionByteBudget || connections.count >= capacity,
                  let victim = connections.first {
                connectionBytes -= victim.value.bytes
                connections[victim.key] = nil
            }
            connections[connection.id] = (connection, bytes)
            connectionBytes += bytes
        }
    }

    // MARK: - Domains of an organization

    func domains(organizationID: String) -> [DomainRecord]? {
        lock.withLock { isServing ? domains[organizationID] : nil }
    }

    func storeDomains(_ records: [DomainRecord], organizationID: String, generation: UInt64) {
        lock.withLock {
            guard isServing, generation == currentGeneration else { return }
            if domains.count >= capacity, domains[organizationID] == nil, let victim = domains.keys.first { domains[victim] = nil }
            domains[organizationID] = records
        }
    }

    // MARK: - Organizations

    func organization(id: String) -> Organization? {
        lock.withLock { isServing ? organizations[id] : nil }
    }

    func storeOrganization(_ organization: Organization, generation: UInt64) {
        lock.withLock {
            guard isServing, generation == currentGeneration else { return }
            if organizations.count >= capacity, organizations[organization.id] == nil,
               let victim = organizations.keys.first { organizations[victim] = nil }
            organizations[organization.id] = organization
        }
    }
}
