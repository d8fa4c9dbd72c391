import SSOLifecycle

extension SQLiteTransaction {
    private static let domainColumns = """
        organization_id, name, status, record_name, record_value, challenge_expires_at, verified_at, created_at, \
        last_check, version
        """
    private static let selectDomains = "SELECT \(domainColumns) FROM domains WHERE organization_id = ?1 ORDER BY name"
    private static let selectDomain = "SELECT \(domainColumns) FROM domains WHERE organization_id = ?1 AND name = ?2"
    // `status = 'verified'` literally, so SQLite uses the partial unique index.
    private static let selectVerifiedDomain = "SELECT \(domainColumns) FROM domains WHERE name = ?1 AND status = 'verified'"
    private static let insertDomainSQL = """
        INSERT INTO domains (\(domainColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """
    private static let updateDomainSQL = """
        UPDATE domains SET status = ?3, record_name = ?4, record_value = ?5, challenge_expires_at = ?6, verified_at = ?7,
            created_at = ?8, last_check = ?9, version = version + 1
        WHERE organization_id = ?1 AND name = ?2 AND version = ?10
        """
    private static let deleteDomainSQL = "DELETE FROM domains WHERE organization_id = ?1 AND name = ?2 AND version = ?3"

    private static func readDomain(_ row: SQLiteStatement, _ coding: RecordCoding) throws(StoreError) -> DomainRecord {
        let name = row.text(1)
        return DomainRecord(organizationID: row.text(0), name: name,
                            storedStatus: try row.value(DomainStatus.self, 2, "status of the domain '\(name)'"),
                            recordName: row.text(3), recordValue: row.text(4), challengeExpiresAt: row.date(5),
                            verifiedAt: row.optionalDate(6), createdAt: row.date(7),
                            lastCheck: try row.optionalJSON(DNSCheck.self, 8, coding, "last DNS check of the domain '\(name)'"),
                            version: row.integer(9))
    }

    private func domains(_ sql: String, _ values: [SQLiteValue]) throws(StoreError) -> [DomainRecord] {
        let connection = try reading()
        return try connection.query(sql, values) { row throws(StoreError) in try Self.readDomain(row, connection.coding) }
    }

    private func values(_ domain: DomainRecord) throws(StoreError) -> [SQLiteValue] {
        [.text(domain.organizationID), .text(domain.name), .text(domain.storedStatus.rawValue), .text(domain.recordName),
         .text(domain.recordValue), .date(domain.challengeExpiresAt), .optionalDate(domain.verifiedAt), .date(domain.createdAt),
         .optionalText(try reading().coding.encodeIfPresent(domain.lastCheck, "the DNS check")), .integer(domain.version)]
    }

    private static func alreadyVerified(_ domain: DomainRecord) -> StoreError {
        StoreError(.constraint, "The domain '\(domain.name)' is already verified by another organization.")
    }

    func domains(organizationID: String) throws -> [DomainRecord] {
        try domains(Self.selectDomains, [.text(organizationID)])
    }

    func domain(organizationID: String, name: String) throws -> DomainRecord? {
        try domains(Self.selectDomain, [.text(organizationID), .text(name)]).first
    }

    func verifiedDomain(name: String) throws -> DomainRecord? {
        try domains(Self.selectVerifiedDomain, [.text(name)]).first
    }

    func insertDomain(_ domain: DomainRecord) throws {
        let missingOrganization = "The organization '\(domain.organizationID)' does not exist."
        guard try writeUnlessUniqueKeyRefuses(Self.insertDomainSQL, try values(domain), missingParent: missingOrganization) == nil else {
            return
        }
        // Two unique keys can refuse it: the (organization, name) key, or the one verified
        // owner per name. This transaction holds the write lock, so the answer is current.
        guard try self.domain(organizationID: domain.organizationID, name: domain.name) == nil else {
            throw StoreError(.duplicate, "The organization already has the domain '\(domain.name)'.")
        }
        throw Self.alreadyVerified(domain)
    }

    func updateDomain(_ domain: DomainRecord) throws -> DomainRecord {
        let missingOrganization = "The organization '\(domain.organizationID)' does not exist."
        // The key does not change, so the only unique index this can break is the one
        // verified owner per name.
        guard let changed = try writeUnlessUniqueKeyRefuses(Self.updateDomainSQL, try values(domain),
                                                            missingParent: missingOrganization) else {
            throw Self.alreadyVerified(domain)
        }
        guard changed == 1 else { throw Self.conflict("The domain '\(domain.name)'") }
        var stored = domain
        stored.version += 1
        return stored
    }

    func deleteDomain(_ domain: DomainRecord) throws {
        let values: [SQLiteValue] = [.text(domain.organizationID), .text(domain.name), .integer(domain.version)]
        guard try writing().run(Self.deleteDomainSQL, values) == 1 else {
            throw Self.conflict("The domain '\(domain.name)'")
        }
    }
}
