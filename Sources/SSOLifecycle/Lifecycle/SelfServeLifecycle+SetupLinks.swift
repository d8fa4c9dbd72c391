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

    /// Exchanges a setup link's token, once, for a session scoped to its organization: a
    /// member holding `org:sys_entconns:manage` there and nowhere else. The session is kept
    /// in the store (only its secret's hash), so every server sharing the store accepts it,
    /// and it ends when it expires, when it is ended with ``endSetupSession(token:)``, or
    /// when the link is revoked.
    /// - Parameters:
    ///   - token: The token from the link.
    ///   - sessionLifetime: How long the session lasts, in seconds (1 minute to 7 days);
    ///     8 hours when nil.
    /// - Returns: The session, with its secret token for the browser's cookie (shown once).
    /// - Throws: `setup-link.not-found`, `setup-link.expired`, `setup-link.revoked`,
    ///   `setup-link.already-used`, `settings.invalid` for a lifetime out of range, or a
    ///   `store.*` error.
    public func redeemSetupLink(token: String, sessionLifetime: TimeInterval? = nil) async throws(LifecycleError) -> SetupSession {
        let lifetime = sessionLifetime ?? 8 * 3600
        guard lifetime.isFinite, (60...(7 * 86_400)).contains(lifetime) else {
            throw LifecycleError(.settingsInvalid, "A setup-link session must last between 1 minute and 7 days.")
        }
        let date = now()
        let hash = RandomToken.hash(token.trimmingCharacters(in: .whitespacesAndNewlines))
        let secret = RandomToken.urlSafeSecret()
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
            used.sessionTokenHash = RandomToken.hash(secret)
            used.sessionExpiresAt = date.addingTimeInterval(lifetime)
            let stored = try transaction.updateSetupLink(used)
            try Self.audit(transaction, at: date, organizationID: link.organizationID, actor: Self.setupActor(link),
                           action: "setup-link.redeemed", target: link.id, before: AuditJSON.text(link), after: AuditJSON.text(stored))
            return stored
        }
        return SetupSession(link: link, token: "\(link.id).\(secret)")
    }

    /// The open session a browser's token belongs to, or nil when the token is unknown or
    /// malformed, or the session expired, was ended, or its link was revoked. Reads the store
    /// (one look-up by the link's id), so a session opened through another server is found.
    /// - Parameter token: The session token from ``redeemSetupLink(token:sessionLifetime:)``.
    /// - Returns: The session, or nil.
    /// - Throws: A `store.*` error when the store cannot be read.
    public func setupSession(token: String) async throws(LifecycleError) -> SetupSession? {
        guard let (id, secret) = Self.splitSessionToken(token) else { return nil }
        let date = now()
        let link = try await read { transaction in try transaction.setupLink(id: id) }
        guard let link, Self.isOpenSession(of: link, secret: secret, at: date) else { return nil }
        return SetupSession(link: link, token: token)
    }

    /// Ends a setup-link session (signing out), on every server. Unknown or already ended
    /// sessions are left alone.
    /// - Parameter token: The session token.
    /// - Returns: Whether an open session was ended.
    /// - Throws: A `store.*` error.
    @discardableResult
    public func endSetupSession(token: String) async throws(LifecycleError) -> Bool {
        guard let (id, secret) = Self.splitSessionToken(token) else { return false }
        let date = now()
        return try await write { transaction in
            guard let link = try transaction.setupLink(id: id), Self.isOpenSession(of: link, secret: secret, at: date) else {
                return false
            }
            var ended = link
            ended.sessionEndedAt = date
            let stored = try transaction.updateSetupLink(ended)
            try Self.audit(transaction, at: date, organizationID: link.organizationID, actor: Self.setupActor(link),
                           action: "setup-link.session-ended", target: link.id, before: AuditJSON.text(link), after: AuditJSON.text(stored))
            return true
        }
    }

    /// Whether `secret` is the secret of `link`'s session and that session is open at `date`
    /// (hashes compared in constant time).
    private static func isOpenSession(of link: SetupLink, secret: String, at date: Date) -> Bool {
        guard let expected = link.sessionTokenHash, link.hasOpenSession(at: date) else { return false }
        return RandomToken.constantTimeEquals(expected, RandomToken.hash(secret))
    }

    /// Who a setup-link session acts as, in the audit log and on the principal.
    static func setupActor(_ link: SetupLink) -> String { "setup-link:\(link.id)" }

    /// A session token's link id and secret: `link_….SECRET`, both in the characters this
    /// layer issues, of bounded length.
    static func splitSessionToken(_ token: String) -> (id: String, secret: String)? {
        guard token.utf8.count <= 200, let dot = token.firstIndex(of: ".") else { return nil }
        let id = String(token[..<dot]), secret = String(token[token.index(after: dot)...])
        guard id.hasPrefix("link_"), secret.utf8.count >= 16, RandomToken.isURLSafe(id), RandomToken.isURLSafe(secret) else {
            return nil
        }
        return (id, secret)
    }
}

/// A session an IT admin opened by exchanging a setup link: it acts as a member of the link's
/// organization holding `org:sys_entconns:manage`, there only.
public struct SetupSession: Sendable, Equatable {
    /// The link it was opened with (its session fields filled in).
    public let link: SetupLink
    /// The secret token for the browser's cookie: the link's id, a dot, and a random secret
    /// of which the store keeps only the hash.
    public let token: String

    /// The organization it may act on.
    public var organizationID: String { link.organizationID }
    /// When it ends by itself.
    public var expiresAt: Date { link.sessionExpiresAt ?? link.expiresAt }
    /// Who it acts as.
    public var principal: Principal {
        .member(organizationID: link.organizationID, userID: SelfServeLifecycle.setupActor(link), permissions: [.manage])
    }
}
