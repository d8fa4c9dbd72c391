import SSOLifecycle

extension SQLiteTransaction {
    private static let organizationColumns = "id, name, sso_allowed, created_at, version"
    private static let selectOrganization = "SELECT \(organizationColumns) FROM organizations WHERE id = ?1"
    private static let firstOrganizations = "SELECT \(organizationColumns) FROM organizations ORDER BY id LIMIT ?1"
    private static let nextOrganizations = "SELECT \(organizationColumns) FROM organizations WHERE id > ?1 ORDER BY id LIMIT ?2"
    private static let insertOrganizationSQL = """
        INSERT INTO organizations (id, name, sso_allowed, created_at, version) VALUES (?1, ?2, ?3, ?4, ?5)
        """
    private static let updateOrganizationSQL = """
        UPDATE organizations SET name = ?2, sso_allowed = ?3, created_at = ?4, version = version + 1
        WHERE id = ?1 AND version = ?5
        """

    private static func readOrganization(_ row: SQLiteStatement) -> Organization {
        Organization(id: row.text(0), name: row.text(1), ssoAllowed: row.bool(2), createdAt: row.date(3), version: row.integer(4))
    }

    private static func values(_ organization: Organization) -> [SQLiteValue] {
        [.text(organization.id), .text(organization.name), .bool(organization.ssoAllowed), .date(organization.createdAt),
         .integer(organization.version)]
    }

    func organization(id: String) throws -> Organization? {
        try reading().query(Self.selectOrganization, [.text(id)], Self.readOrganization).first
    }

    func organizations(after id: String?, limit: Int) throws -> [Organization] {
        if let id {
            return try reading().query(Self.nextOrganizations, [.text(id), Self.limit(limit)], Self.readOrganization)
        }
        return try reading().query(Self.firstOrganizations, [Self.limit(limit)], Self.readOrganization)
    }

    func insertOrganization(_ organization: Organization) throws {
        try write(Self.insertOrganizationSQL, Self.values(organization),
                  duplicate: "An organization with the id '\(organization.id)' already exists.",
                  missingParent: "The organization '\(organization.id)' refers to a record that does not exist.")
    }

    func updateOrganization(_ organization: Organization) throws -> Organization {
        guard try writing().run(Self.updateOrganizationSQL, Self.values(organization)) == 1 else {
            throw Self.conflict("The organization '\(organization.id)'")
        }
        var stored = organization
        stored.version += 1
        return stored
    }
}
