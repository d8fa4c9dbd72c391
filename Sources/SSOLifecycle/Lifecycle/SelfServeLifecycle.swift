import Foundation
import SAML
import SSOCore

/// The self-serve SSO lifecycle: everything an IT admin does in the host's Security tab, and
/// the sign-ins that follow, as one API a host calls from its HTTP handlers.
///
/// 1. The operator allows an organization to set up SSO (``setSSOAllowed(_:organizationID:by:)``).
/// 2. An admin adds the company's email domains and proves ownership with a DNS TXT record
///    (``addDomain(_:organizationID:by:)``, ``verifyDomain(_:organizationID:nameserver:by:)``).
/// 3. The admin picks a provider and saves its configuration, which is validated
///    (``saveConfiguration(_:providerID:organizationID:by:)``).
/// 4. A test sign-in checks it end to end (``startTestRun(organizationID:by:)``, then the
///    IdP's response through ``receiveResponse(connectionID:samlResponse:relayState:)``).
/// 5. Activation puts it live (``activate(organizationID:by:)``).
/// 6. People sign in: ``route(email:)``, ``startSignIn(email:returnTo:)``, and the IdP's
///    response through ``receiveResponse(connectionID:samlResponse:relayState:)``.
///
/// Every call that reads or changes an organization's setup takes the acting ``Principal``
/// explicitly; every change is written to an append-only audit log; every sign-in attempt,
/// failed ones included, to the attempt log. All state lives in the ``LifecycleStore``: two
/// processes sharing a database (two servers) see one consistent setup, and the rules that
/// must hold across them (one verified owner per domain, single use of a RelayState and of
/// an assertion) are enforced by the store's constraints.
///
/// A value of this type is cheap to copy and safe to share between tasks.
public struct SelfServeLifecycle: Sendable {
    /// The identity providers organizations may use.
    public let registry: ProviderRegistry
    /// Where the state lives.
    public let store: any LifecycleStore
    /// The installation's settings.
    public let settings: LifecycleSettings
    /// Clock, DNS resolver and metadata fetcher.
    public let environment: LifecycleEnvironment
    let validators: ValidatorCache
    let housekeeping: Housekeeping

    /// Creates the lifecycle.
    /// - Parameters:
    ///   - registry: The providers offered.
    ///   - store: The store.
    ///   - settings: The installation's settings.
    ///   - environment: Clock, DNS resolver and metadata fetcher; the real ones by default.
    public init(registry: ProviderRegistry, store: any LifecycleStore, settings: LifecycleSettings,
                environment: LifecycleEnvironment = LifecycleEnvironment()) {
        self.registry = registry
        self.store = store
        self.settings = settings
        self.environment = environment
        validators = ValidatorCache()
        housekeeping = Housekeeping()
    }

    /// The current time from the environment, to the millisecond: what every record stores
    /// (stores keep milliseconds, so a record read back equals the one written).
    func now() -> Date {
        let date = environment.now()
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    // MARK: - Transactions

    /// Runs a read transaction, turning store failures into lifecycle errors.
    func read<Result: Sendable>(_ body: @Sendable (any StoreTransaction) throws -> Result) async throws(LifecycleError) -> Result {
        try await run(.read, body)
    }

    /// Runs a write transaction, turning store failures into lifecycle errors.
    func write<Result: Sendable>(_ body: @Sendable (any StoreTransaction) throws -> Result) async throws(LifecycleError) -> Result {
        try await run(.write, body)
    }

    private func run<Result: Sendable>(_ mode: StoreTransactionMode,
                                       _ body: @Sendable (any StoreTransaction) throws -> Result) async throws(LifecycleError) -> Result {
        try await Self.transaction(on: store, mode, body)
    }

    /// Runs a transaction on `store`, turning its failures into lifecycle errors worded for
    /// people (what the lifecycle's own calls do; the `sso` tool's settings use it too).
    package static func transaction<Result: Sendable>(
        on store: any LifecycleStore, _ mode: StoreTransactionMode,
        _ body: @Sendable (any StoreTransaction) throws -> Result) async throws(LifecycleError) -> Result {
        do {
            return try await store.transaction(mode, body)
        } catch let error as LifecycleError {
            throw error
        } catch let error as StoreError {
            throw LifecycleError.store(error)
        } catch {
            throw LifecycleError(.storeFailure, "The store failed: \(error)")
        }
    }

    // MARK: - Access

    /// What an operation needs from the principal.
    enum Access {
        /// Read the organization's setup.
        case read
        /// Change it (also requires SSO to be allowed).
        case manage
    }

    /// Checks the principal and returns the organization, inside a transaction.
    /// - Throws: `permission.denied` (checked first, so another organization's members learn
    ///   nothing, not even whether it exists), `organization.not-found`,
    ///   `organization.sso-not-allowed` for a change when the operator has not allowed SSO.
    static func authorize(_ principal: Principal, _ organizationID: String, _ access: Access,
                          in transaction: any StoreTransaction) throws -> Organization {
        let allowed = access == .read ? principal.mayRead(organizationID) : principal.mayManage(organizationID)
        guard allowed else {
            throw LifecycleError(.permissionDenied, access == .read
                ? "You do not have permission to see this organization's SSO setup. Ask an admin of the organization for the org:sys_entconns:read permission."
                : "You do not have permission to change this organization's SSO setup. Ask an admin of the organization for the org:sys_entconns:manage permission.")
        }
        guard let organization = try transaction.organization(id: organizationID) else {
            throw LifecycleError(.organizationNotFound,
                "There is no organization with the id '\(organizationID)'. Check the id, or create the organization first.")
        }
        if access == .manage, !organization.ssoAllowed {
            throw LifecycleError(.organizationSSONotAllowed,
                "\(organization.name) is not allowed to set up SSO yet. The application's operator must turn on \"Allow this organization to set up SSO\" first.")
        }
        return organization
    }

    /// The organization's connection (one per organization for now), or nil.
    static func currentConnection(_ organizationID: String, in transaction: any StoreTransaction) throws -> Connection? {
        try transaction.connections(organizationID: organizationID).last
    }

    /// The organization's connection, or `connection.not-found`.
    static func requireConnection(_ organization: Organization, in transaction: any StoreTransaction) throws -> Connection {
        guard let connection = try currentConnection(organization.id, in: transaction) else {
            throw LifecycleError(.connectionNotFound,
                "\(organization.name) has no SSO connection yet. Choose an identity provider and save its configuration first.")
        }
        return connection
    }

    /// The plugin of a provider id, or `provider.unknown` listing the known ids.
    func plugin(_ providerID: String) throws(LifecycleError) -> any IdentityProviderPlugin {
        guard let plugin = registry.plugin(id: providerID) else {
            throw LifecycleError(.providerUnknown,
                "There is no identity provider with the id '\(providerID)'. Choose one of: \(registry.ids.joined(separator: ", ")).")
        }
        return plugin
    }

    // MARK: - Audit

    /// Appends an audit entry.
    /// - Parameters:
    ///   - transaction: The transaction making the change.
    ///   - date: When.
    ///   - organizationID: The organization, or nil.
    ///   - actor: Who (``Principal/description``, or `system:…` for automatic changes).
    ///   - action: The stable action name, such as `domain.verified`.
    ///   - target: What it concerned.
    ///   - before: The record before, as JSON (``AuditJSON/text(_:)``).
    ///   - after: The record after, as JSON.
    static func audit(_ transaction: any StoreTransaction, at date: Date, organizationID: String?, actor: String,
                      action: String, target: String?, before: String? = nil, after: String? = nil) throws {
        try transaction.appendAudit(AuditEntry(
            id: RandomToken.timeOrderedIdentifier("aud", at: date), at: date, organizationID: organizationID,
            actor: actor, action: action, target: target, before: before, after: after))
    }
}

/// The JSON form of records in audit entries: sorted keys, ISO 8601 dates.
enum AuditJSON {
    /// The value as JSON, or nil when it cannot be encoded (never for the records here).
    static func text(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
