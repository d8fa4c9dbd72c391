import Foundation

extension SelfServeLifecycle {
    /// Adds an email domain to an organization and issues its DNS TXT challenge.
    ///
    /// The name is normalized (lower case, punycode, no trailing dot) and refused when it is
    /// an IP address, a wildcard, a single label, a public suffix, a consumer mail service, or
    /// verified by another organization.
    /// - Parameters:
    ///   - domain: The domain as typed, such as `Acme.com`.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The pending record, with the TXT record's name and value to create.
    /// - Throws: `domain.*` codes for the name, `domain.already-added`,
    ///   `domain.owned-by-another-organization`, `domain.too-many`, `permission.denied`,
    ///   `organization.sso-not-allowed`, or a `store.*` error.
    public func addDomain(_ domain: String, organizationID: String, by principal: Principal) async throws(LifecycleError) -> DomainRecord {
        let name = try DomainName.normalizeForClaim(domain)
        let date = now()
        let record = DomainRecord(
            organizationID: organizationID, name: name, storedStatus: .pending,
            recordName: "\(settings.verificationRecordPrefix).\(name)",
            recordValue: settings.verificationValuePrefix + RandomToken.base32(byteCount: 20),
            challengeExpiresAt: date.addingTimeInterval(settings.domainChallengeLifetime), createdAt: date)
        let limit = settings.maximumDomainsPerOrganization
        return try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            if let existing = try transaction.domain(organizationID: organizationID, name: name) {
                throw LifecycleError(.domainAlreadyAdded,
                    "\(name) is already one of this organization's domains (\(existing.status(at: date).rawValue)). Verify it instead of adding it again.")
            }
            if try transaction.verifiedDomain(name: name) != nil {
                throw Self.ownedElsewhere(name)
            }
            let count = try transaction.domains(organizationID: organizationID).count
            guard count < limit else {
                throw LifecycleError(.domainTooMany,
                    "This organization already has \(count) domains, the most allowed. Remove a domain it no longer uses first.")
            }
            try transaction.insertDomain(record)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "domain.added", target: name, after: AuditJSON.text(record))
            return record
        }
    }

    /// Checks DNS for a domain's TXT challenge now, and marks the domain verified when the
    /// record is there.
    ///
    /// A verified domain is returned as it is. An expired challenge is replaced by a new one
    /// (a new record to create) without asking DNS. Otherwise the resolver asks for the TXT
    /// record — at `nameserver` when given, to bypass caches — and the check says what it
    /// found and what was expected.
    /// - Parameters:
    ///   - domain: The domain as typed.
    ///   - organizationID: The organization.
    ///   - nameserver: A nameserver to ask directly, or nil for the system's resolver.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The record after the check, and the check itself (nil when DNS was not asked).
    /// - Throws: `domain.not-found`, `domain.owned-by-another-organization` (another
    ///   organization verified it first), `permission.denied`, `organization.sso-not-allowed`,
    ///   or a `store.*` error.
    public func verifyDomain(_ domain: String, organizationID: String, nameserver: Nameserver? = nil,
                             by principal: Principal) async throws(LifecycleError) -> DomainVerification {
        let name = try DomainName.normalize(domain)
        let date = now()
        let record = try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            return try Self.requireDomain(organizationID, name, in: transaction)
        }
        switch record.status(at: date) {
        case .verified:
            return DomainVerification(domain: record, check: nil, renewedChallenge: false)
        case .expired:
            let renewed = try await renewChallenge(record, at: date, by: principal)
            return DomainVerification(domain: renewed, check: nil, renewedChallenge: true)
        case .pending:
            break
        }
        let lookup = await environment.txtResolver.lookUpTXT(record.recordName, nameserver: nameserver)
        let check = DNSCheck.evaluate(lookup, queriedName: record.recordName, nameserver: nameserver,
                                      expectedValue: record.recordValue, at: now())
        let updated = try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            guard let current = try transaction.domain(organizationID: organizationID, name: name),
                  current.recordValue == record.recordValue else {
                throw LifecycleError(.storeConflict,
                    "The domain \(name) was removed or given a new challenge while DNS was being checked. Reload and verify again.")
            }
            if current.storedStatus == .verified { return current }
            var changed = current
            changed.lastCheck = check
            if check.outcome == .found {
                changed.storedStatus = .verified
                changed.verifiedAt = check.checkedAt
                if let owner = try transaction.verifiedDomain(name: name), owner.organizationID != organizationID {
                    throw Self.ownedElsewhere(name)
                }
            }
            let stored: DomainRecord
            do {
                stored = try transaction.updateDomain(changed)
            } catch let error as StoreError where error.kind == .constraint {
                throw Self.ownedElsewhere(name)
            }
            try Self.audit(transaction, at: check.checkedAt, organizationID: organizationID, actor: principal.description,
                           action: check.outcome == .found ? "domain.verified" : "domain.check-failed", target: name,
                           before: AuditJSON.text(current), after: AuditJSON.text(stored))
            return stored
        }
        return DomainVerification(domain: updated, check: check, renewedChallenge: false)
    }

    /// An organization's domains, ordered by name.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The domains; use ``DomainRecord/status(at:)`` for their status.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func domains(organizationID: String, by principal: Principal) async throws(LifecycleError) -> [DomainRecord] {
        try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .read, in: transaction)
            return try transaction.domains(organizationID: organizationID)
        }
    }

    /// Removes a domain from an organization. Refused for the last verified domain while the
    /// organization's connection is active (its users could no longer be routed to it).
    /// - Parameters:
    ///   - domain: The domain as typed.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Throws: `domain.not-found`, `domain.last-verified`, `permission.denied`,
    ///   `organization.sso-not-allowed`, or a `store.*` error.
    public func removeDomain(_ domain: String, organizationID: String, by principal: Principal) async throws(LifecycleError) {
        let name = try DomainName.normalize(domain)
        let date = now()
        try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let record = try Self.requireDomain(organizationID, name, in: transaction)
            if record.storedStatus == .verified,
               try transaction.connections(organizationID: organizationID).contains(where: { $0.status == .active }) {
                let verified = try transaction.domains(organizationID: organizationID).filter { $0.storedStatus == .verified }
                if verified.count <= 1 {
                    throw LifecycleError(.domainLastVerified,
                        "\(name) is the organization's last verified domain and its SSO connection is active: without it nobody could be routed to the identity provider. Verify another domain first, or deactivate the connection.")
                }
            }
            try transaction.deleteDomain(record)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "domain.removed", target: name, before: AuditJSON.text(record))
        }
    }

    /// Replaces an expired challenge with a new one.
    private func renewChallenge(_ record: DomainRecord, at date: Date, by principal: Principal) async throws(LifecycleError) -> DomainRecord {
        var renewed = record
        renewed.recordValue = settings.verificationValuePrefix + RandomToken.base32(byteCount: 20)
        renewed.recordName = "\(settings.verificationRecordPrefix).\(record.name)"
        renewed.challengeExpiresAt = date.addingTimeInterval(settings.domainChallengeLifetime)
        renewed.lastCheck = nil
        let candidate = renewed
        return try await write { transaction in
            _ = try Self.authorize(principal, record.organizationID, .manage, in: transaction)
            let stored = try transaction.updateDomain(candidate)
            try Self.audit(transaction, at: date, organizationID: record.organizationID, actor: principal.description,
                           action: "domain.challenge-renewed", target: record.name,
                           before: AuditJSON.text(record), after: AuditJSON.text(stored))
            return stored
        }
    }

    static func requireDomain(_ organizationID: String, _ name: String, in transaction: any StoreTransaction) throws -> DomainRecord {
        guard let record = try transaction.domain(organizationID: organizationID, name: name) else {
            throw LifecycleError(.domainNotFound,
                "\(name) is not one of this organization's domains. Add it first.")
        }
        return record
    }

    static func ownedElsewhere(_ name: String) -> LifecycleError {
        LifecycleError(.domainOwnedElsewhere,
            "\(name) is already verified by another organization, and a domain can belong to one organization only. If your organization owns it, contact the application's support.")
    }
}

/// The outcome of ``SelfServeLifecycle/verifyDomain(_:organizationID:nameserver:by:)``.
public struct DomainVerification: Sendable, Equatable {
    /// The domain after the check.
    public let domain: DomainRecord
    /// What DNS showed, or nil when DNS was not asked (already verified, or a renewed challenge).
    public let check: DNSCheck?
    /// Whether the challenge had expired and a new record was issued.
    public let renewedChallenge: Bool

    /// Creates an outcome.
    /// - Parameters:
    ///   - domain: The domain.
    ///   - check: The DNS check.
    ///   - renewedChallenge: Whether a new challenge was issued.
    public init(domain: DomainRecord, check: DNSCheck?, renewedChallenge: Bool) {
        self.domain = domain
        self.check = check
        self.renewedChallenge = renewedChallenge
    }
}
