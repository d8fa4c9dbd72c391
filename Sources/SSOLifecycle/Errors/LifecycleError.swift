import Foundation
import SSOCore

/// Why a lifecycle operation was refused or failed, with a stable machine-readable code and a
/// sentence a person can act on.
///
/// Codes are dotted and never change meaning once published (`permission.denied`,
/// `domain.public-suffix`, `activation.requires-successful-test`); messages may be reworded.
public struct LifecycleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code.
    public let code: Code
    /// What went wrong and how to fix it, for a person.
    public let message: String
    /// The validation report, for ``Code/configurationInvalid``.
    public let report: ValidationReport?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what was wrong and how to fix it.
    ///   - report: The validation report, when the error is about a configuration.
    public init(_ code: Code, _ message: String, report: ValidationReport? = nil) {
        self.code = code
        self.message = message
        self.report = report
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// Every stable error code of the lifecycle layer.
    public enum Code: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        // Who may act
        case permissionDenied = "permission.denied"
        case principalInvalid = "principal.invalid"
        // Organizations
        case organizationNotFound = "organization.not-found"
        case organizationExists = "organization.exists"
        case organizationInvalidID = "organization.invalid-id"
        case organizationInvalidName = "organization.invalid-name"
        case organizationSSONotAllowed = "organization.sso-not-allowed"
        // Domains
        case domainInvalid = "domain.invalid"
        case domainIPAddress = "domain.ip-address"
        case domainWildcard = "domain.wildcard"
        case domainSingleLabel = "domain.single-label"
        case domainPublicSuffix = "domain.public-suffix"
        case domainConsumer = "domain.consumer"
        case domainOwnedElsewhere = "domain.owned-by-another-organization"
        case domainAlreadyAdded = "domain.already-added"
        case domainNotFound = "domain.not-found"
        case domainLastVerified = "domain.last-verified"
        case domainTooMany = "domain.too-many"
        // DNS look-ups (a failed look-up is a result, not an error; these are for bad input)
        case dnsInvalidNameserver = "dns.invalid-nameserver"
        // Connections
        case connectionNotFound = "connection.not-found"
        case connectionNotConfigured = "connection.not-configured"
        case connectionInvalidConfiguration = "connection.invalid-configuration"
        case connectionConfigurationTooLarge = "connection.configuration-too-large"
        case providerUnknown = "provider.unknown"
        case connectionNotActive = "connection.not-active"
        case connectionProviderMismatch = "connection.provider-mismatch"
        case connectionChanged = "connection.changed"
        // Activation
        case activationRequiresSuccessfulTest = "activation.requires-successful-test"
        case activationRequiresVerifiedDomain = "activation.requires-verified-domain"
        // Test runs
        case testRunNotFound = "test.run-not-found"
        case testRunExpired = "test.run-expired"
        case testRunCompleted = "test.run-already-completed"
        // Routing and sign-in
        case routeInvalidEmail = "route.invalid-email"
        case routeNoConnection = "route.no-connection"
        case signInRequestNotFound = "sign-in.request-not-found"
        case signInRequestExpired = "sign-in.request-expired"
        case signInRequestUsed = "sign-in.request-already-used"
        case signInInvalidReturnTo = "sign-in.invalid-return-to"
        case signInIdPInitiatedDisabled = "sign-in.idp-initiated-disabled"
        case signInRefused = "sign-in.refused"
        // Settings
        case settingsInvalidBaseURL = "settings.invalid-base-url"
        case settingsInvalid = "settings.invalid"
        case settingsNotInitialized = "settings.not-initialized"
        // Setup links
        case setupLinkNotFound = "setup-link.not-found"
        case setupLinkExpired = "setup-link.expired"
        case setupLinkRevoked = "setup-link.revoked"
        case setupLinkUsed = "setup-link.already-used"
        // Rate limits
        case rateLimited = "rate-limited"
        // Store
        case storeConflict = "store.conflict"
        case storeUnavailable = "store.unavailable"
        case storeCorrupt = "store.corrupt"
        case storeFailure = "store.failure"
        // Input
        case inputTooLarge = "input.too-large"
    }
}

extension LifecycleError {
    /// The error for a store failure, worded for the person who triggered the operation.
    /// - Parameter error: The store's error.
    /// - Returns: A lifecycle error with a `store.*` code.
    package static func store(_ error: StoreError) -> LifecycleError {
        switch error.kind {
        case .conflict:
            LifecycleError(.storeConflict,
                "Someone else changed this at the same time, so nothing was saved. Reload to see their change, then try again. (\(error.message))")
        case .duplicate, .constraint:
            LifecycleError(.storeConflict, "The change conflicts with what is already stored: \(error.message)")
        case .unavailable:
            LifecycleError(.storeUnavailable,
                "The database is not reachable right now, so nothing was changed. Try again in a moment. (\(error.message))")
        case .corrupt:
            LifecycleError(.storeCorrupt, "The stored data could not be read: \(error.message)")
        case .failure:
            LifecycleError(.storeFailure, "The database refused the operation: \(error.message)")
        }
    }
}
