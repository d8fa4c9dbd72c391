import SAML
import SSOLifecycle

extension SQLiteTransaction {
    private static let connectionColumns = """
        id, organization_id, provider_id, status, configuration, live_configuration, live_is_configuration, \
        allows_idp_initiated_sign_in, created_at, updated_at, version
        """
    private static let selectConnection = "SELECT \(connectionColumns) FROM connections WHERE id = ?1"
    private static let selectOrganizationConnections = """
        SELECT \(connectionColumns) FROM connections WHERE organization_id = ?1 ORDER BY created_at, id
        """
    private static let firstConnections = "SELECT \(connectionColumns) FROM connections ORDER BY id LIMIT ?1"
    private static let nextConnections = "SELECT \(connectionColumns) FROM connections WHERE id > ?1 ORDER BY id LIMIT ?2"
    private static let insertConnectionSQL = """
        INSERT INTO connections (\(connectionColumns), route_sso_url, route_sso_binding, route_fingerprint)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        """
    private static let updateConnectionSQL = """
        UPDATE connections SET organization_id = ?2, provider_id = ?3, status = ?4, configuration = ?5,
            live_configuration = ?6, live_is_configuration = ?7, allows_idp_initiated_sign_in = ?8, created_at = ?9,
            updated_at = ?10, route_sso_url = ?12, route_sso_binding = ?13, route_fingerprint = ?14, version = version + 1
        WHERE id = ?1 AND version = ?11
        """
    // Test runs and pending sign-in requests go with it (ON DELETE CASCADE).
    private static let deleteConnectionSQL = "DELETE FROM connections WHERE id = ?1 AND version = ?2"

    /// The route look-up: the partial unique index of verified names gives the owner (it is
    /// covering: `domains` has no rowid, so the index holds the organization id), and the
    /// partial index of active connections gives the most recently updated one; the route's
    /// values come from the columns kept beside the connection, so no configuration is decoded.
    /// `EXPLAIN QUERY PLAN` of this statement is checked by the tests.
    static let activeRouteSQL = """
        SELECT c.organization_id, c.id, c.provider_id, c.route_sso_url, c.route_sso_binding, c.route_fingerprint
        FROM domains AS d
        JOIN connections AS c ON c.organization_id = d.organization_id AND c.status = 'active'
        WHERE d.name = ?1 AND d.status = 'verified' AND c.route_sso_url IS NOT NULL
        ORDER BY c.updated_at DESC, c.id DESC
        LIMIT 1
        """

    private static func readConnection(_ row: SQLiteStatement, _ coding: RecordCoding) throws(StoreError) -> Connection {
        let id = row.text(0)
        let configuration = try row.optionalJSON(SavedConfiguration.self, 4, coding, "configuration of the connection '\(id)'")
        let live = row.bool(6)
            ? configuration
            : try row.optionalJSON(SavedConfiguration.self, 5, coding, "live configuration of the connection '\(id)'")
        return Connection(id: id, organizationID: row.text(1), providerID: row.text(2),
                          status: try row.value(ConnectionStatus.self, 3, "status of the connection '\(id)'"),
                          configuration: configuration, liveConfiguration: live, allowsIdPInitiatedSignIn: row.bool(7),
                          createdAt: row.date(8), updatedAt: row.date(9), version: row.integer(10))
    }

    private func connections(_ sql: String, _ values: [SQLiteValue]) throws(StoreError) -> [Connection] {
        let connection = try reading()
        return try connection.query(sql, values) { row throws(StoreError) in try Self.readConnection(row, connection.coding) }
    }

    private func values(_ record: Connection) throws(StoreError) -> [SQLiteValue] {
        let coding = try reading().coding
        let configuration = try coding.encodeIfPresent(record.configuration, "the configuration")
        let live = try coding.encodeIfPresent(record.liveConfiguration, "the live configuration")
        // Same bytes, same value: the live configuration is then the saved one.
        let liveIsConfiguration = live != nil && live == configuration
        let route = record.liveConfiguration?.identityProvider
        return [.text(record.id), .text(record.organizationID), .text(record.providerID), .text(record.status.rawValue),
                .optionalText(configuration), .optionalText(liveIsConfiguration ? nil : live), .bool(liveIsConfiguration),
                .bool(record.allowsIdPInitiatedSignIn), .date(record.createdAt), .date(record.updatedAt),
                .integer(record.version), .optionalText(route?.ssoURL), .optionalText(route?.ssoBinding.rawValue),
                .optionalText(record.liveConfiguration?.fingerprint)]
    }

    func connection(id: String) throws -> Connection? {
        try connections(Self.selectConnection, [.text(id)]).first
    }

    func connections(organizationID: String) throws -> [Connection] {
        try connections(Self.selectOrganizationConnections, [.text(organizationID)])
    }

    func connections(after id: String?, limit: Int) throws -> [Connection] {
        if let id { return try connections(Self.nextConnections, [.text(id), Self.limit(limit)]) }
        return try connections(Self.firstConnections, [Self.limit(limit)])
    }

    func insertConnection(_ connection: Connection) throws {
        try write(Self.insertConnectionSQL, try values(connection),
                  duplicate: "A connection with the id '\(connection.id)' already exists.",
                  missingParent: "The organization '\(connection.organizationID)' does not exist.")
    }

    func updateConnection(_ connection: Connection) throws -> Connection {
        let changed = try write(Self.updateConnectionSQL, try values(connection),
                                duplicate: "A connection with the id '\(connection.id)' already exists.",
                                missingParent: "The organization '\(connection.organizationID)' does not exist.")
        guard changed == 1 else { throw Self.conflict("The connection '\(connection.id)'") }
        var stored = connection
        stored.version += 1
        return stored
    }

    func deleteConnection(_ connection: Connection) throws {
        guard try writing().run(Self.deleteConnectionSQL, [.text(connection.id), .integer(connection.version)]) == 1 else {
            throw Self.conflict("The connection '\(connection.id)'")
        }
    }

    func activeRoute(forVerifiedDomain domain: String) throws -> ConnectionRoute? {
        let connection = try reading()
        return try connection.query(Self.activeRouteSQL, [.text(domain)]) { row throws(StoreError) in
            let id = row.text(1)
            return ConnectionRoute(organizationID: row.text(0), connectionID: id, providerID: row.text(2), ssoURL: row.text(3),
                                   ssoBinding: try row.value(SAMLBinding.self, 4, "SSO binding of the connection '\(id)'"),
                                   fingerprint: row.text(5))
        }.first
    }
}
