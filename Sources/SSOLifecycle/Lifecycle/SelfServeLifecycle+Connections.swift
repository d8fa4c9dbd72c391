import Foundation
import SAML
import SSOCore

extension SelfServeLifecycle {
    /// The largest configuration accepted, as JSON: room for a 1 MiB metadata document.
    public static let maximumConfigurationBytes = 1_200_000

    /// Validates a configuration and, when it has no error, saves it as the organization's
    /// connection configuration.
    ///
    /// Validation is the provider's own (metadata fetched through the environment's fetcher
    /// and parsed, certificates inspected, provider quirks caught). Errors block saving and
    /// come back in the report; warnings are kept with the saved configuration. The resolved
    /// identity-provider settings and their fingerprint are stored. On an active connection
    /// the saved configuration waits until a test of it passes; the live one keeps serving.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - providerID: The provider, such as `okta`. Creates the connection when there is
    ///     none; must match an existing connection's provider (use
    ///     ``changeProvider(to:organizationID:by:)`` to switch).
    ///   - organizationID: The organization.
    ///   - expectedVersion: The ``Connection/version`` the admin's form was made from, or nil
    ///     to save over whatever is there. With it, two admins editing at once get one save
    ///     and one `connection.changed` refusal, never one silently overwriting the other.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The report, and the connection when it was saved.
    /// - Throws: `provider.unknown`, `connection.configuration-too-large`,
    ///   `connection.provider-mismatch`, `connection.changed`, `permission.denied`,
    ///   `organization.sso-not-allowed`, or a `store.*` error. An invalid configuration is not
    ///   thrown: it is the report.
    public func saveConfiguration(_ configuration: ProviderConfiguration, providerID: String, organizationID: String,
                                  expectedVersion: Int? = nil,
                                  by principal: Principal) async throws(LifecycleError) -> ConfigurationOutcome {
        let plugin = try plugin(providerID)
        let size = (try? JSONEncoder().encode(configuration).count) ?? Int.max
        guard size <= Self.maximumConfigurationBytes else {
            throw LifecycleError(.connectionConfigurationTooLarge,
                "The configuration is \(size) bytes; at most \(Self.maximumConfigurationBytes) are accepted. Upload the identity provider's metadata file unchanged, or use its metadata URL.")
        }
        // Fail fast on permission before fetching anything.
        _ = try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            try Self.checkProvider(providerID, of: try Self.currentConnection(organizationID, in: transaction),
                                   organization: organization, registry: registry)
        }
        let fetcher = environment.metadataFetcher.map(FetchOnce.init)
        let context = ValidationContext(now: now(), metadataFetcher: fetcher)
        var report = await plugin.validate(configuration, context: context)
        if !report.hasErrors, configuration.mode == ConfigMode.metadataURL, fetcher == nil {
            report.append(ValidationIssue(
                field: "metadata_url", code: "metadata-url.not-fetched", severity: .error,
                message: "Metadata URLs cannot be read by this installation (it has no metadata fetcher).",
                fixHint: "Upload the metadata file instead, or enter the values by hand."))
        }
        guard !report.hasErrors else { return ConfigurationOutcome(report: report, connection: nil) }
        let settings: IdentityProviderSettings
        do {
            settings = try await plugin.resolve(configuration, context: context)
        } catch {
            return ConfigurationOutcome(report: error.report, connection: nil)
        }
        let identityProvider = ResolvedIdentityProvider(settings)
        let date = now()
        let saved = SavedConfiguration(
            submitted: configuration, identityProvider: identityProvider,
            fingerprint: identityProvider.fingerprint(providerID: providerID,
                                                      attributeMapping: plugin.attributeMapping(for: configuration)),
            warnings: report.warnings, savedAt: date, savedBy: principal.description)
        let connection = try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let existing = try Self.currentConnection(organizationID, in: transaction)
            try Self.checkProvider(providerID, of: existing, organization: organization, registry: registry)
            try Self.checkUnchanged(existing, since: expectedVersion, doing: "save these settings")
            if var connection = existing {
                let before = ConnectionSummary(connection)
                connection.configuration = saved
                connection.updatedAt = date
                let stored = try transaction.updateConnection(connection)
                try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                               action: "connection.configuration-saved", target: stored.id,
                               before: AuditJSON.text(before), after: AuditJSON.text(ConnectionSummary(stored)))
                return stored
            }
            let created = Connection(id: RandomToken.identifier("conn"), organizationID: organizationID,
                                     providerID: providerID, status: .draft, configuration: saved,
                                     createdAt: date, updatedAt: date)
            try transaction.insertConnection(created)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "connection.created", target: created.id, after: AuditJSON.text(ConnectionSummary(created)))
            return created
        }
        return ConfigurationOutcome(report: report, connection: connection)
    }

    /// Starts a connection with a provider and no configuration yet (the provider picker), or
    /// returns the existing connection when it already uses that provider.
    /// - Parameters:
    ///   - providerID: The provider.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The connection.
    /// - Throws: `provider.unknown`, `connection.provider-mismatch` (another provider is in
    ///   use: change provider instead), `permission.denied`, `organization.sso-not-allowed`,
    ///   or a `store.*` error.
    public func chooseProvider(_ providerID: String, organizationID: String, by principal: Principal) async throws(LifecycleError) -> Connection {
        _ = try plugin(providerID)
        let date = now()
        return try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let existing = try Self.currentConnection(organizationID, in: transaction)
            try Self.checkProvider(providerID, of: existing, organization: organization, registry: registry)
            if let existing { return existing }
            let created = Connection(id: RandomToken.identifier("conn"), organizationID: organizationID,
                                     providerID: providerID, createdAt: date, updatedAt: date)
            try transaction.insertConnection(created)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "connection.created", target: created.id, after: AuditJSON.text(ConnectionSummary(created)))
            return created
        }
    }

    /// Deletes the organization's connection, its configurations and test runs, to start over.
    /// An active connection stops serving sign-ins at once.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Throws: `connection.not-found`, `permission.denied`, `organization.sso-not-allowed`,
    ///   or a `store.*` error.
    public func resetConnection(organizationID: String, by principal: Principal) async throws(LifecycleError) {
        let date = now()
        try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            try transaction.deleteConnection(connection)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "connection.reset", target: connection.id, before: AuditJSON.text(ConnectionSummary(connection)))
        }
    }

    /// Resets the connection and starts a new one with another provider.
    /// - Parameters:
    ///   - providerID: The new provider.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The new, unconfigured connection.
    /// - Throws: `provider.unknown`, `permission.denied`, `organization.sso-not-allowed`, or a
    ///   `store.*` error.
    public func changeProvider(to providerID: String, organizationID: String, by principal: Principal) async throws(LifecycleError) -> Connection {
        _ = try plugin(providerID)
        let date = now()
        return try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            var before: String?
            if let existing = try Self.currentConnection(organizationID, in: transaction) {
                before = AuditJSON.text(ConnectionSummary(existing))
                try transaction.deleteConnection(existing)
            }
            let created = Connection(id: RandomToken.identifier("conn"), organizationID: organizationID,
                                     providerID: providerID, createdAt: date, updatedAt: date)
            try transaction.insertConnection(created)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "connection.provider-changed", target: created.id,
                           before: before, after: AuditJSON.text(ConnectionSummary(created)))
            return created
        }
    }

    /// Puts the saved configuration live.
    ///
    /// Requires SSO to be allowed, at least one verified domain, and a successful test of the
    /// exact configuration (fingerprint) being activated. Activating an active connection
    /// with nothing pending changes nothing.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - expectedVersion: The ``Connection/version`` the admin's page showed, or nil. With
    ///     it, a connection changed since (another admin saved new settings) is refused with
    ///     `connection.changed` rather than activated.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The active connection.
    /// - Throws: `activation.requires-verified-domain`, `activation.requires-successful-test`,
    ///   `connection.not-found`, `connection.not-configured`, `connection.changed`,
    ///   `permission.denied`, `organization.sso-not-allowed`, or a `store.*` error.
    public func activate(organizationID: String, expectedVersion: Int? = nil,
                         by principal: Principal) async throws(LifecycleError) -> Connection {
        let date = now()
        return try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            try Self.checkUnchanged(connection, since: expectedVersion, doing: "activate it")
            guard let configuration = connection.configuration else {
                throw LifecycleError(.connectionNotConfigured,
                    "The connection has no configuration yet. Save the identity provider's settings, run a test sign-in, then activate.")
            }
            if connection.status == .active, !connection.hasPendingChange { return connection }
            let verified = try transaction.domains(organizationID: organizationID).filter { $0.storedStatus == .verified }
            guard !verified.isEmpty else {
                throw LifecycleError(.activationRequiresVerifiedDomain,
                    "Activation needs at least one verified domain: sign-ins are routed by email domain. Add your company's domain and verify its TXT record first.")
            }
            guard try transaction.hasSuccessfulTestRun(connectionID: connection.id, fingerprint: configuration.fingerprint) else {
                throw LifecycleError(.activationRequiresSuccessfulTest,
                    "Activation needs a successful test sign-in of the configuration as it is now saved (saved \(configuration.savedAt.formatted(Date.ISO8601FormatStyle()))). Run a test sign-in; when it succeeds, activate.")
            }
            var changed = connection
            changed.status = .active
            changed.liveConfiguration = configuration
            changed.updatedAt = date
            let stored = try transaction.updateConnection(changed)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "connection.activated", target: connection.id,
                           before: AuditJSON.text(ConnectionSummary(connection)), after: AuditJSON.text(ConnectionSummary(stored)))
            return stored
        }
    }

    /// Stops an active connection from serving sign-ins. Its configuration stays; activating
    /// again needs no new test unless the configuration changed.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The inactive connection.
    /// - Throws: `connection.not-found`, `connection.not-active` (a draft was never live),
    ///   `permission.denied`, `organization.sso-not-allowed`, or a `store.*` error.
    public func deactivate(organizationID: String, by principal: Principal) async throws(LifecycleError) -> Connection {
        let date = now()
        return try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            switch connection.status {
            case .inactive:
                return connection
            case .draft:
                throw LifecycleError(.connectionNotActive, "The connection was never activated, so there is nothing to deactivate.")
            case .active:
                var changed = connection
                changed.status = .inactive
                changed.updatedAt = date
                let stored = try transaction.updateConnection(changed)
                try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                               action: "connection.deactivated", target: connection.id,
                               before: AuditJSON.text(ConnectionSummary(connection)), after: AuditJSON.text(ConnectionSummary(stored)))
                return stored
            }
        }
    }

    /// Turns sign-ins the identity provider starts (from its dashboard, without an
    /// AuthnRequest) on or off for the organization's connection. Off by default: such
    /// responses cannot be tied to a request this application made.
    /// - Parameters:
    ///   - allowed: Whether to accept them.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The connection.
    /// - Throws: `connection.not-found`, `permission.denied`, `organization.sso-not-allowed`,
    ///   or a `store.*` error.
    public func setIdPInitiatedSignIn(_ allowed: Bool, organizationID: String, by principal: Principal) async throws(LifecycleError) -> Connection {
        let date = now()
        return try await write { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            guard connection.allowsIdPInitiatedSignIn != allowed else { return connection }
            var changed = connection
            changed.allowsIdPInitiatedSignIn = allowed
            changed.updatedAt = date
            let stored = try transaction.updateConnection(changed)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: allowed ? "connection.idp-initiated-allowed" : "connection.idp-initiated-disallowed",
                           target: connection.id, before: AuditJSON.text(ConnectionSummary(connection)),
                           after: AuditJSON.text(ConnectionSummary(stored)))
            return stored
        }
    }

    /// The organization's connection with what the Connection page shows: the
    /// service-provider values labelled as the provider's console labels them, and the
    /// latest test runs.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The details.
    /// - Throws: `connection.not-found`, `permission.denied`, `organization.not-found`, or a
    ///   `store.*` error.
    public func connectionDetails(organizationID: String, by principal: Principal) async throws(LifecycleError) -> ConnectionDetails {
        let (organization, connection, runs) = try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .read, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            return (organization, connection, try transaction.testRuns(connectionID: connection.id, limit: 50))
        }
        let sp = serviceProviderSettings(for: connection, organizationName: organization.name)
        let values = registry.plugin(id: connection.providerID)?.serviceProviderValues(for: sp) ?? []
        return ConnectionDetails(connection: connection, serviceProvider: sp, serviceProviderValues: values,
                                 testRuns: runs, now: now())
    }

    /// The service-provider settings of a connection: ACS URL, entity ID (also the metadata
    /// URL), derived from the base URL and the connection's opaque id.
    /// - Parameters:
    ///   - connection: The connection.
    ///   - organizationName: The organization's name, for guides.
    /// - Returns: The settings.
    public func serviceProviderSettings(for connection: Connection, organizationName: String? = nil) -> ServiceProviderSettings {
        ServiceProviderSettings(acsURL: settings.acsURL(connectionID: connection.id),
                                entityID: settings.entityID(connectionID: connection.id),
                                metadataURL: settings.entityID(connectionID: connection.id),
                                organizationName: organizationName, applicationName: settings.applicationName)
    }

    /// The SAML metadata of a connection's service provider, which identity providers import
    /// (served publicly at the connection's metadata URL).
    /// - Parameter connectionID: The connection id from the URL.
    /// - Returns: The metadata XML.
    /// - Throws: `connection.not-found` or a `store.*` error.
    public func serviceProviderMetadata(connectionID: String) async throws(LifecycleError) -> String {
        let connection = try await read { transaction in try transaction.connection(id: connectionID) }
        guard let connection else {
            throw LifecycleError(.connectionNotFound,
                "There is no SSO connection '\(Self.quoted(connectionID))'. Copy the metadata URL again from the application's SSO settings.")
        }
        let sp = serviceProviderSettings(for: connection)
        return ServiceProviderMetadata(entityID: sp.entityID, acsURL: sp.acsURL).xml
    }

    /// Refuses a provider other than the existing connection's.
    static func checkProvider(_ providerID: String, of connection: Connection?, organization: Organization,
                              registry: ProviderRegistry) throws {
        guard let connection, connection.providerID != providerID else { return }
        let current = registry.plugin(id: connection.providerID)?.descriptor.name ?? connection.providerID
        throw LifecycleError(.connectionProviderMismatch,
            "\(organization.name)'s connection uses \(current). To use '\(providerID)' instead, change the provider, which resets the connection.")
    }
}

/// The outcome of saving a configuration.
public struct ConfigurationOutcome: Sendable, Equatable {
    /// Every issue validation found: errors (nothing was saved) and warnings.
    public let report: ValidationReport
    /// The connection with the saved configuration, or nil when errors blocked saving.
    public let connection: Connection?

    /// Creates an outcome.
    /// - Parameters:
    ///   - report: The report.
    ///   - connection: The connection, when saved.
    public init(report: ValidationReport, connection: Connection?) {
        self.report = report
        self.connection = connection
    }

    /// Whether the configuration was saved.
    public var saved: Bool { connection != nil }

    /// Whether the saved configuration waits for a successful test before it replaces the
    /// live one.
    public var isPendingTest: Bool { connection?.hasPendingChange ?? false }
}

/// A connection and what the Connection page shows.
public struct ConnectionDetails: Sendable, Equatable {
    /// The connection.
    public let connection: Connection
    /// Its service-provider settings.
    public let serviceProvider: ServiceProviderSettings
    /// The values to enter in the provider's console, labelled as it labels them.
    public let serviceProviderValues: [ServiceProviderValue]
    /// The latest test runs, newest first.
    public let testRuns: [TestRun]
    /// When this was read.
    public let now: Date

    /// Creates details.
    /// - Parameters:
    ///   - connection: The connection.
    ///   - serviceProvider: Its SP settings.
    ///   - serviceProviderValues: The labelled SP values.
    ///   - testRuns: The latest test runs.
    ///   - now: When it was read.
    public init(connection: Connection, serviceProvider: ServiceProviderSettings,
                serviceProviderValues: [ServiceProviderValue], testRuns: [TestRun], now: Date) {
        self.connection = connection
        self.serviceProvider = serviceProvider
        self.serviceProviderValues = serviceProviderValues
        self.testRuns = testRuns
        self.now = now
    }
}

/// What the audit log keeps of a connection: everything but the submitted configuration's
/// bulk (a metadata document can be a megabyte).
struct ConnectionSummary: Encodable {
    let id: String
    let providerID: String
    let status: ConnectionStatus
    let allowsIdPInitiatedSignIn: Bool
    let configuration: ConfigurationSummary?
    let liveConfiguration: ConfigurationSummary?

    init(_ connection: Connection) {
        id = connection.id
        providerID = connection.providerID
        status = connection.status
        allowsIdPInitiatedSignIn = connection.allowsIdPInitiatedSignIn
        configuration = connection.configuration.map(ConfigurationSummary.init)
        liveConfiguration = connection.liveConfiguration.map(ConfigurationSummary.init)
    }

    struct ConfigurationSummary: Encodable {
        let mode: String
        let fingerprint: String
        let entityID: String
        let ssoURL: String
        let certificateFingerprints: [String]
        let metadataURL: String?

        init(_ saved: SavedConfiguration) {
            mode = saved.submitted.mode
            fingerprint = saved.fingerprint
            entityID = saved.identityProvider.entityID
            ssoURL = saved.identityProvider.ssoURL
            certificateFingerprints = saved.identityProvider.certificates.map(\.sha256Fingerprint)
            metadataURL = saved.submitted.text("metadata_url")
        }
    }
}

/// A fetcher that reads each URL once and hands the same bytes to later calls, so that
/// validating then resolving a configuration fetches its metadata once.
actor FetchOnce: MetadataFetching {
    private let fetcher: any MetadataFetching
    private var results: [URL: Result<Data, SAMLError>] = [:]

    init(_ fetcher: any MetadataFetching) {
        self.fetcher = fetcher
    }

    func fetch(_ url: URL) async throws(SAMLError) -> Data {
        if let result = results[url] { return try result.get() }
        let result: Result<Data, SAMLError>
        do {
            result = .success(try await fetcher.fetch(url))
        } catch {
            result = .failure(error)
        }
        results[url] = result
        return try result.get()
    }
}

extension SelfServeLifecycle {
    /// Refuses a change made from a page that showed an older version of the connection.
    /// - Parameters:
    ///   - connection: The connection as it is now (nil when there is none).
    ///   - expectedVersion: The version the page showed, or nil to skip the check.
    ///   - action: What the admin was doing, for the message ("save these settings").
    /// - Throws: `connection.changed`, naming who changed it and when.
    static func checkUnchanged(_ connection: Connection?, since expectedVersion: Int?, doing action: String) throws(LifecycleError) {
        guard let expectedVersion, connection?.version != expectedVersion else { return }
        guard let connection else {
            throw LifecycleError(.connectionChanged,
                "The connection was reset while you were editing it, so there is nothing to \(action) on. Reload the page and start again.")
        }
        let who = connection.configuration.map { " (settings last saved by \($0.savedBy) at \($0.savedAt.formatted(Date.ISO8601FormatStyle())))" } ?? ""
        throw LifecycleError(.connectionChanged,
            "Someone else changed this connection while you had the page open\(who), so it was not done: reload the page to see the connection as it is now, then \(action) again if it is still right.")
    }
}
