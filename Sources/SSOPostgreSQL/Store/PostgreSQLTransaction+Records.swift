import Foundation
import SAML
import SSOLifecycle

// Settings, organizations, domains, connections and routing. What a read transaction reads
// here comes from its snapshot, never from the cache (mixing the two would show a past state
// beside a present one); it is stored in the cache for the reads the cache can answer whole
// (CachedReadTransaction).
extension PostgreSQLTransaction {
    // MARK: Settings

    func setting(_ key: String) throws -> String? {
        guard let key = lookupKey(key) else { return nil }
        return try query(statements.settingGet, [key]).string(0, 0)
    }

    func setSetting(_ key: String, to value: String?) throws {
        try requireWritable()
        let key = try storable(key, "setting key")
        if let value {
            _ = try query(statements.settingPut, [key, try storable(value, "setting value")])
        } else {
            _ = try query(statements.settingDelete, [key])
        }
    }

    // MARK: Organizations

    func organization(id: String) throws -> Organization? {
        guard let id = lookupKey(id) else { return nil }
        let found = try decodeFirst(try query(statements.organizationGet, [id]), as: Organization.self)
        if let cache, let found { cache.cache.storeOrganization(found, generation: cache.generation) }
        return found
    }

    func organizations(after id: String?, limit: Int) throws -> [Organization] {
        let limit = number(max(0, limit))
        guard let id else { return try decodeAll(try query(statements.organizationsFirst, [limit]), as: Organization.self) }
        // A NUL sorts before every other character: "after" it is after its prefix.
        let after = id.utf8.contains(0) ? String(id.prefix { $0 != "\u{0}" }) : id
        return try decodeAll(try query(statements.organizationsAfter, [after, limit]), as: Organization.self)
            .filter { $0.id > id }
    }

    func insertOrganization(_ organization: Organization) throws {
        try requireWritable()
        noteCachedTableChange()
        let record = try encode(organization, "organization")
        let inserted = try query(statements.organizationInsert, [
            try storable(organization.id, "organization id"), number(organization.version), record.text,
        ])
        guard inserted.count == 1 else {
            throw StoreError(.duplicate, "An organization with the id '\(organization.id)' already exists.")
        }
    }

    func updateOrganization(_ organization: Organization) throws -> Organization {
        try requireWritable()
        noteCachedTableChange()
        guard let id = lookupKey(organization.id) else { throw Self.conflict("The organization '\(organization.id)'") }
        var stored = organization
        stored.version += 1
        let record = try encode(stored, "organization")
        let updated = try query(statements.organizationUpdate, [id, number(organization.version), number(stored.version), record.text])
        guard updated.count == 1 else { throw Self.conflict("The organization '\(organization.id)'") }
        return stored
    }

    // MARK: Domains

    func domains(organizationID: String) throws -> [DomainRecord] {
        guard let organizationID = lookupKey(organizationID) else { return [] }
        let found = try decodeAll(try query(statements.domainsOfOrganization, [organizationID]), as: DomainRecord.self)
        cache?.cache.storeDomains(found, organizationID: organizationID, generation: cache!.generation)
        return found
    }

    func domain(organizationID: String, name: String) throws -> DomainRecord? {
        guard let organizationID = lookupKey(organizationID), let name = lookupKey(name) else { return nil }
        return try decodeFirst(try query(statements.domainGet, [organizationID, name]), as: DomainRecord.self)
    }

    func verifiedDomain(name: String) throws -> DomainRecord? {
        guard let name = lookupKey(name) else { return nil }
        return try decodeFirst(try query(statements.domainVerified, [name]), as: DomainRecord.self)
    }

    func insertDomain(_ domain: DomainRecord) throws {
        try requireWritable()
        noteCachedTableChange()
        let organizationID = try storable(domain.organizationID, "organization id")
        let name = try storable(domain.name, "domain name")
        let record = try encode(domain, "domain")
        let inserted = try query(statements.domainInsert, [
            organizationID, name, domain.storedStatus.rawValue, number(domain.version), record.text,
        ])
        guard inserted.count == 1 else {
            if try query(statements.domainVersion, [organizationID, name]).count > 0 {
                throw StoreError(.duplicate, "The organization already has the domain '\(domain.name)'.")
            }
            throw Self.ownedElsewhere(domain.name)
        }
    }

    func updateDomain(_ domain: DomainRecord) throws -> DomainRecord {
        try requireWritable()
        noteCachedTableChange()
        guard let organizationID = lookupKey(domain.organizationID), let name = lookupKey(domain.name) else {
            throw Self.conflict("The domain '\(domain.name)'")
        }
        var stored = domain
        stored.version += 1
        let record = try encode(stored, "domain")
        let updated = try query(statements.domainUpdate, [
            organizationID, name, stored.storedStatus.rawValue, number(domain.version), number(stored.version), record.text,
        ])
        guard updated.count == 1 else {
            // As the in-memory store: a stale version is a conflict first.
            let current = try query(statements.domainVersion, [organizationID, name]).integer(0, 0)
            guard current == domain.version else { throw Self.conflict("The domain '\(domain.name)'") }
            throw Self.ownedElsewhere(domain.name)
        }
        return stored
    }

    func deleteDomain(_ domain: DomainRecord) throws {
        try requireWritable()
        noteCachedTableChange()
        guard let organizationID = lookupKey(domain.organizationID), let name = lookupKey(domain.name) else {
            throw Self.conflict("The domain '\(domain.name)'")
        }
        let deleted = try query(statements.domainDelete, [organizationID, name, number(domain.version)])
        guard deleted.count == 1 else { throw Self.conflict("The domain '\(domain.name)'") }
    }

    static func ownedElsewhere(_ name: String) -> StoreError {
        StoreError(.constraint, "The domain '\(name)' is already verified by another organization.")
    }

    // MARK: Connections

    func connection(id: String) throws -> Connection? {
        guard let id = lookupKey(id) else { return nil }
        let result = try query(statements.connectionGet, [id])
        guard let found = try decodeFirst(result, as: Connection.self) else { return nil }
        if let cache {
            cache.cache.storeConnection(found, bytes: Int(result.bytes(0, 0)?.count ?? 0), generation: cache.generation)
        }
        return found
    }

    func connections(organizationID: String) throws -> [Connection] {
        guard let organizationID = lookupKey(organizationID) else { return [] }
        return try decodeAll(try query(statements.connectionsOfOrganization, [organizationID]), as: Connection.self)
    }

    func connections(after id: String?, limit: Int) throws -> [Connection] {
        let limit = number(max(0, limit))
        guard let id else { return try decodeAll(try query(statements.connectionsFirst, [limit]), as: Connection.self) }
        let after = id.utf8.contains(0) ? String(id.prefix { $0 != "\u{0}" }) : id
        return try decodeAll(try query(statements.connectionsAfter, [after, limit]), as: Connection.self)
            .filter { $0.id > id }
    }

    /// The connection's columns after its id: organization, status, times, version, the
    /// route columns (NULL unless it is active with a live configuration), the record.
    private func connectionColumns(_ connection: Connection, record: String) throws(StoreError) -> [String?] {
        let route = ConnectionRoute(connection)
        return [
            try storable(connection.organizationID, "organization id"), connection.status.rawValue,
            time(connection.createdAt), time(connection.updatedAt), number(connection.version),
            try route.map { r throws(StoreError) in try storable(r.providerID, "provider id") },
            try route.map { r throws(StoreError) in try storable(r.ssoURL, "single sign-on URL") },
            route?.ssoBinding.rawValue, route?.fingerprint, record,
        ]
    }

    func insertConnection(_ connection: Connection) throws {
        try requireWritable()
        noteCachedTableChange()
        let record = try encode(connection, "connection")
        let inserted = try query(statements.connectionInsert,
                                 [try storable(connection.id, "connection id")] + connectionColumns(connection, record: record.text))
        guard inserted.count == 1 else {
            throw StoreError(.duplicate, "A connection with the id '\(connection.id)' already exists.")
        }
    }

    func updateConnection(_ connection: Connection) throws -> Connection {
        try requireWritable()
        noteCachedTableChange()
        guard let id = lookupKey(connection.id) else { throw Self.conflict("The connection '\(connection.id)'") }
        var stored = connection
        stored.version += 1
        let record = try encode(stored, "connection")
        let updated = try query(statements.connectionUpdate,
                                [id, number(connection.version)] + connectionColumns(stored, record: record.text))
        guard updated.count == 1 else { throw Self.conflict("The connection '\(connection.id)'") }
        return stored
    }

    func deleteConnection(_ connection: Connection) throws {
        try requireWritable()
        noteCachedTableChange()
        guard let id = lookupKey(connection.id) else { throw Self.conflict("The connection '\(connection.id)'") }
        let deleted = try query(statements.connectionDelete, [id, number(connection.version)])
        guard deleted.integer(0, 0) == 1 else { throw Self.conflict("The connection '\(connection.id)'") }
    }

    // MARK: Routing

    func activeRoute(forVerifiedDomain domain: String) throws -> ConnectionRoute? {
        guard let domain = lookupKey(domain) else { return nil }
        let result = try query(statements.route, [domain])
        var route: ConnectionRoute?
        if result.count > 0 {
            guard let organizationID = result.string(0, 0), let connectionID = result.string(0, 1),
                  let providerID = result.string(0, 2), let ssoURL = result.string(0, 3),
                  let bindingText = result.string(0, 4), let binding = SAMLBinding(rawValue: bindingText),
                  let fingerprint = result.string(0, 5) else {
                throw StoreError(.corrupt, "The stored route of the connection for '\(domain)' on \(store) is incomplete.")
            }
            route = ConnectionRoute(organizationID: organizationID, connectionID: connectionID, providerID: providerID,
                                    ssoURL: ssoURL, ssoBinding: binding, fingerprint: fingerprint)
        }
        if let cache { cache.cache.storeRoute(route, forDomain: domain, generation: cache.generation) }
        return route
    }
}
