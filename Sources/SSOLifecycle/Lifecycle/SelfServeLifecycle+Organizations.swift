import Foundation

extension SelfServeLifecycle {
    /// Registers one of the host's organizations (operator only). SSO setup stays off until
    /// ``setSSOAllowed(_:organizationID:by:)`` turns it on.
    /// - Parameters:
    ///   - id: The host's id for the organization (1–64 letters, digits, `_`, `-`, `.`).
    ///   - name: Its display name (1–200 characters).
    ///   - principal: Who acts; must be the operator.
    /// - Returns: The organization.
    /// - Throws: `permission.denied`, `organization.invalid-id`, `organization.invalid-name`,
    ///   `organization.exists`, or a `store.*` error.
    public func createOrganization(id: String, name: String, by principal: Principal) async throws(LifecycleError) -> Organization {
        guard principal.isOperator else {
            throw LifecycleError(.permissionDenied, "Only the application's operator can register organizations.")
        }
        guard Organization.isValidID(id) else {
            throw LifecycleError(.organizationInvalidID,
                "'\(Self.quoted(id))' is not a usable organization id: use 1 to 64 letters, digits, '_', '-' or '.', not starting with '.' or '-'.")
        }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmedName.count), !trimmedName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw LifecycleError(.organizationInvalidName,
                "The organization's name must be 1 to 200 characters with no control characters.")
        }
        let date = now()
        let organization = Organization(id: id, name: trimmedName, ssoAllowed: false, createdAt: date)
        return try await write { transaction in
            if try transaction.organization(id: id) != nil {
                throw LifecycleError(.organizationExists, "An organization with the id '\(id)' already exists.")
            }
            try transaction.insertOrganization(organization)
            try Self.audit(transaction, at: date, organizationID: id, actor: principal.description,
                           action: "organization.created", target: id, after: AuditJSON.text(organization))
            return organization
        }
    }

    /// Allows or stops an organization's SSO setup (operator only). Turning it off refuses
    /// every further change; an active connection keeps serving sign-ins until deactivated.
    /// - Parameters:
    ///   - allowed: Whether the organization may set up SSO.
    ///   - organizationID: The organization.
    ///   - principal: Who acts; must be the operator.
    /// - Returns: The updated organization.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func setSSOAllowed(_ allowed: Bool, organizationID: String, by principal: Principal) async throws(LifecycleError) -> Organization {
        guard principal.isOperator else {
            throw LifecycleError(.permissionDenied, "Only the application's operator can allow an organization to set up SSO.")
        }
        let date = now()
        return try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .read, in: transaction)
            guard organization.ssoAllowed != allowed else { return organization }
            var changed = organization
            changed.ssoAllowed = allowed
            let stored = try transaction.updateOrganization(changed)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: allowed ? "organization.sso-allowed" : "organization.sso-disallowed", target: organizationID,
                           before: AuditJSON.text(organization), after: AuditJSON.text(stored))
            return stored
        }
    }

    /// One organization.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The organization.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func organization(_ organizationID: String, by principal: Principal) async throws(LifecycleError) -> Organization {
        try await read { transaction in try Self.authorize(principal, organizationID, .read, in: transaction) }
    }

    /// Organizations ordered by id, a page at a time (operator only).
    /// - Parameters:
    ///   - id: The last id of the previous page, or nil for the first page.
    ///   - limit: The page size (1–1000).
    ///   - principal: Who acts; must be the operator.
    /// - Returns: The page.
    /// - Throws: `permission.denied` or a `store.*` error.
    public func organizations(after id: String? = nil, limit: Int = 100, by principal: Principal) async throws(LifecycleError) -> [Organization] {
        guard principal.isOperator else {
            throw LifecycleError(.permissionDenied, "Only the application's operator can list organizations.")
        }
        let pageSize = min(max(limit, 1), 1000)
        return try await read { transaction in try transaction.organizations(after: id, limit: pageSize) }
    }

    /// Everything the Security tab's overview shows for an organization: the organization, its
    /// domains, its connection and the latest test runs, and the step the setup is at.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The overview.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func overview(organizationID: String, by principal: Principal) async throws(LifecycleError) -> OrganizationOverview {
        let date = now()
        let (organization, domains, connection, runs) = try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .read, in: transaction)
            let connection = try Self.currentConnection(organizationID, in: transaction)
            let runs = try connection.map { try transaction.testRuns(connectionID: $0.id, limit: 20) } ?? []
            return (organization, try transaction.domains(organizationID: organizationID), connection, runs)
        }
        return OrganizationOverview(organization: organization, domains: domains, connection: connection,
                                    testRuns: runs, now: date)
    }

    /// Text from a person, quoted safely in a message: control characters escaped, cut at 80
    /// characters.
    static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(80) {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 80 ? result + "…" : result
    }
}

/// Where an organization's SSO setup stands, step by step.
public struct OrganizationOverview: Sendable, Equatable {
    /// The state of the whole setup, as the Security tab's badge shows it.
    public enum State: String, Sendable, Equatable, Codable, CaseIterable {
        /// Nothing started.
        case unconfigured
        /// Started, not live yet.
        case inProgress = "in-progress"
        /// Serving sign-ins.
        case active
        /// Was live and was turned off.
        case inactive
    }

    /// How far one of the four steps has come.
    public enum StepState: String, Sendable, Equatable, Codable, CaseIterable {
        /// Not started.
        case notStarted = "not-started"
        /// Started.
        case inProgress = "in-progress"
        /// Done.
        case complete
    }

    /// The organization.
    public let organization: Organization
    /// Its domains.
    public let domains: [DomainRecord]
    /// Its connection, or nil.
    public let connection: Connection?
    /// The connection's latest test runs, newest first.
    public let testRuns: [TestRun]
    /// When the overview was read.
    public let now: Date

    /// Creates an overview.
    /// - Parameters:
    ///   - organization: The organization.
    ///   - domains: Its domains.
    ///   - connection: Its connection.
    ///   - testRuns: The latest test runs.
    ///   - now: When it was read.
    public init(organization: Organization, domains: [DomainRecord], connection: Connection?, testRuns: [TestRun], now: Date) {
        self.organization = organization
        self.domains = domains
        self.connection = connection
        self.testRuns = testRuns
        self.now = now
    }

    /// The badge: unconfigured, in progress, active or inactive.
    public var state: State {
        switch connection?.status {
        case .active?: .active
        case .inactive?: .inactive
        case .draft?: .inProgress
        case nil: domains.isEmpty ? .unconfigured : .inProgress
        }
    }

    /// The verified domains.
    public var verifiedDomains: [DomainRecord] { domains.filter { $0.status(at: now) == .verified } }

    /// Step 1, domains: complete once one is verified.
    public var domainsStep: StepState {
        if !verifiedDomains.isEmpty { return .complete }
        return domains.isEmpty ? .notStarted : .inProgress
    }

    /// Step 2, connection: complete once a configuration is saved.
    public var connectionStep: StepState {
        guard let connection else { return .notStarted }
        return connection.configuration == nil ? .inProgress : .complete
    }

    /// Step 3, test: complete once a test of the current configuration succeeded.
    public var testStep: StepState {
        guard let fingerprint = connection?.configuration?.fingerprint else { return .notStarted }
        if testRuns.contains(where: { $0.configurationFingerprint == fingerprint && $0.storedStatus == .success }) {
            return .complete
        }
        return testRuns.isEmpty ? .notStarted : .inProgress
    }

    /// Step 4, activation: complete while active with no pending change.
    public var activationStep: StepState {
        guard let connection else { return .notStarted }
        switch connection.status {
        case .active: return connection.hasPendingChange ? .inProgress : .complete
        case .inactive: return .inProgress
        case .draft: return .notStarted
        }
    }
}
