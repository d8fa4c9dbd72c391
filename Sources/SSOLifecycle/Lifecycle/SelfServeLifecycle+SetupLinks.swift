import Foundation

extension SelfServeLifecycle {
    /// Creates a setup link for an IT admin who is not a user of the application: it is
    /// exchanged once for a session scoped to this organization's SSO setup.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - note: Who it is for, shown in the list (up to 200 characters).
    ///   - lifetime: How long it stays valid, in seconds; the settings' default (7 days) when nil.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The stored link and its secret token (shown once: only its hash is stored).
    /// - Throws: `permission.denied`, `organization.sso-not-allowed`, `settings.invalid` for a
    ///   lifetime outside 5 minutes to 30 days, or a `store.*` error.
    public func createSetupLink(organizationID: String, note: String = "", lifetime: TimeInterval? = nil,
                                by principal: Principal) async throws(LifecycleError) -> (link: SetupLink, token: String) {
        let duration = lifetime ?? settings.setupLinkLifetime
        guard duration.isFinite, (300...(30 * 86_400)).contains(duration) else {
            throw LifecycleError(.settingsInvalid, "A setup link must be valid for between 5 minutes and 30 days.")
        }
        let trimmedNote = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        let token = RandomToken.urlSafeSecret()
        let date = now()
        let link = SetupLink(id: RandomToken.timeOrderedIdentifier("link", at: date), organizationID: organizationID,
                             tokenHash: RandomToken.hash(token), createdBy: principal.description, note: trimmedNote,
                             createdAt: date, expiresAt: date.addingTimeInterval(duration))
        try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            try transaction.insertSetupLink(link)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "setup-link.created", target: link.id, after: AuditJSON.text(link))
        }
        return (link, token)
    }

    /// An organization's setup links, newest first.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The links (their tokens are not stored and cannot be shown again).
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func setupLinks(organizationID: String, by principal: Principal) async throws(LifecycleError) -> [SetupLink] {
        try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .read, in: transaction)
            return try transaction.setupLinks(organizationID: organizationID)
        }
    }

    /// Revokes a setup link; it can no longer be exchanged.
    /// - Parameters:
    ///   - id: The link's id.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The revoked link.
    /// - Throws: `setup-link.not-found` (also for another organization's link),
    ///   `permission.denied`, or a `store.*` error.
    public func revokeSetupLink(_ id: String, organizationID: String, by principal: Principal) async throws(LifecycleError) -> SetupLink {
        let date = now()
        return try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            guard let link = try transaction.setupLink(id: id), link.organizationID == organizationID else {
                throw LifecycleError(.setupLinkNotFound, "There is no setup link '\(Self.quoted(id))' for this organization.")
            }
            guard link.revokedAt == nil else { return link }
            var revoked = link
            revoked.revokedAt = date
            let stored = try transaction.updateSetupLink(revoked)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "setup-link.revoked", target: id, before: AuditJSON.text(link), after: AuditJSON.text(stored))
            return stored
        }
    }

    /// Exchanges a setup link's token, once, for the principal of a session scoped to its
    /// organization: a member holding `org:sys_entconns:manage` there and nowhere else.
    /// - Parameter token: The token from the link.
    /// - Returns: The link and the principal the host's session should carry.
    /// - Throws: `setup-link.not-found`, `setup-link.expired`, `setup-link.revoked`,
    ///   `setup-link.already-used`, or a `store.*` error.
    public func redeemSetupLink(token: String) async throws(LifecycleError) -> (link: SetupLink, principal: Principal) {
        let date = now()
        let hash = RandomToken.hash(token.trimmingCharacters(in: .whitespacesAndNewlines))
        let link = try await write { transaction in
            guard let link = try transaction.setupLink(tokenHash: hash) else {
                throw LifecycleError(.setupLinkNotFound,
                    "This setup link is not valid. Check that the whole link was copied, or ask for a new one.")
            }
            if link.revokedAt != nil {
                throw LifecycleError(.setupLinkRevoked, "This setup link was revoked. Ask the person who sent it for a new one.")
            }
            if link.usedAt != nil {
                throw LifecycleError(.setupLinkUsed,
                    "This setup link was already used; a link works once. Ask the person who sent it for a new one.")
            }
            if date >= link.expiresAt {
                throw LifecycleError(.setupLinkExpired,
                    "This setup link expired on \(link.expiresAt.formatted(Date.ISO8601FormatStyle())). Ask the person who sent it for a new one.")
            }
            var used = link
            used.usedAt = date
            let stored = try transaction.updateSetupLink(used)
            try Self.audit(transaction, at: date, organizationID: link.organizationID, actor: "setup-link:\(link.id)",
                           action: "setup-link.redeemed", target: link.id, before: AuditJSON.text(link), after: AuditJSON.text(stored))
            return stored
        }
        return (link, .member(organizationID: link.organizationID, userID: "setup-link:\(link.id)", permissions: [.manage]))
    }
}
