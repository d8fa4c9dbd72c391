import SSOLifecycle

extension SQLiteTransaction {
    private static let setupLinkColumns = """
        id, organization_id, token_hash, created_by, note, created_at, expires_at, revoked_at, used_at,
        session_token_hash, session_expires_at, session_ended_at, version
        """
    private static let insertSetupLinkSQL = """
        INSERT INTO setup_links (\(setupLinkColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        """
    private static let selectSetupLink = "SELECT \(setupLinkColumns) FROM setup_links WHERE id = ?1"
    private static let selectSetupLinkByToken = "SELECT \(setupLinkColumns) FROM setup_links WHERE token_hash = ?1"
    private static let selectSetupLinks = """
        SELECT \(setupLinkColumns) FROM setup_links WHERE organization_id = ?1 ORDER BY created_at DESC, id DESC
        """
    private static let updateSetupLinkSQL = """
        UPDATE setup_links SET organization_id = ?2, token_hash = ?3, created_by = ?4, note = ?5, created_at = ?6,
            expires_at = ?7, revoked_at = ?8, used_at = ?9, session_token_hash = ?10, session_expires_at = ?11,
            session_ended_at = ?12, version = version + 1
        WHERE id = ?1 AND version = ?13
        """

    private static func readSetupLink(_ row: SQLiteStatement) -> SetupLink {
        SetupLink(id: row.text(0), organizationID: row.text(1), tokenHash: row.text(2), createdBy: row.text(3),
                  note: row.text(4), createdAt: row.date(5), expiresAt: row.date(6), revokedAt: row.optionalDate(7),
                  usedAt: row.optionalDate(8), sessionTokenHash: row.optionalText(9), sessionExpiresAt: row.optionalDate(10),
                  sessionEndedAt: row.optionalDate(11), version: row.integer(12))
    }

    private static func values(_ link: SetupLink) -> [SQLiteValue] {
        [.text(link.id), .text(link.organizationID), .text(link.tokenHash), .text(link.createdBy), .text(link.note),
         .date(link.createdAt), .date(link.expiresAt), .optionalDate(link.revokedAt), .optionalDate(link.usedAt),
         .optionalText(link.sessionTokenHash), .optionalDate(link.sessionExpiresAt), .optionalDate(link.sessionEndedAt),
         .integer(link.version)]
    }

    func insertSetupLink(_ link: SetupLink) throws {
        try write(Self.insertSetupLinkSQL, Self.values(link), duplicate: "A setup link with this id or token already exists.",
                  missingParent: "The organization '\(link.organizationID)' does not exist.")
    }

    func setupLink(id: String) throws -> SetupLink? {
        try reading().query(Self.selectSetupLink, [.text(id)], Self.readSetupLink).first
    }

    func setupLink(tokenHash: String) throws -> SetupLink? {
        try reading().query(Self.selectSetupLinkByToken, [.text(tokenHash)], Self.readSetupLink).first
    }

    func setupLinks(organizationID: String) throws -> [SetupLink] {
        try reading().query(Self.selectSetupLinks, [.text(organizationID)], Self.readSetupLink)
    }

    func updateSetupLink(_ link: SetupLink) throws -> SetupLink {
        let changed = try write(Self.updateSetupLinkSQL, Self.values(link),
                                duplicate: "Another setup link already has this token.",
                                missingParent: "The organization '\(link.organizationID)' does not exist.")
        guard changed == 1 else { throw Self.conflict("The setup link '\(link.id)'") }
        var stored = link
        stored.version += 1
        return stored
    }
}
