import Foundation
import SSOCore

extension SelfServeLifecycle {
    /// An organization's sign-in attempts, newest first: what support looks at first.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - limit: The most to return (1–1000).
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The attempts.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func attempts(organizationID: String, limit: Int = 100, by principal: Principal) async throws(LifecycleError) -> [AttemptRecord] {
        let count = min(max(limit, 1), 1000)
        return try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .read, in: transaction)
            return try transaction.attempts(organizationID: organizationID, limit: count)
        }
    }

    /// An organization's audit log, newest first.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - limit: The most to return (1–1000).
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The entries.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func auditLog(organizationID: String, limit: Int = 100, by principal: Principal) async throws(LifecycleError) -> [AuditEntry] {
        let count = min(max(limit, 1), 1000)
        return try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .read, in: transaction)
            return try transaction.auditEntries(organizationID: organizationID, limit: count)
        }
    }

    /// Signing certificates that have expired or expire within `days`, across every
    /// connection (for the operator) or the organization's own (for a member), each with what
    /// the admin must do in that provider's console before the date.
    /// - Parameters:
    ///   - days: The horizon in days (0–3650).
    ///   - organizationID: One organization, or nil for all (operator only).
    ///   - principal: The operator, or a member with read permission for `organizationID`.
    /// - Returns: The certificates, soonest expiry first.
    /// - Throws: `permission.denied`, `organization.not-found`, or a `store.*` error.
    public func expiringCertificates(within days: Int = 30, organizationID: String? = nil,
                                     by principal: Principal) async throws(LifecycleError) -> [CertificateExpiry] {
        guard organizationID != nil || principal.isOperator else {
            throw LifecycleError(.permissionDenied, "Only the application's operator can list every organization's certificates.")
        }
        let date = now()
        let horizon = date.addingTimeInterval(TimeInterval(min(max(days, 0), 3650)) * 86_400)
        let connections: [Connection] = try await read { transaction in
            if let organizationID {
                _ = try Self.authorize(principal, organizationID, .read, in: transaction)
                return try transaction.connections(organizationID: organizationID)
            }
            var all: [Connection] = []
            var last: String?
            while true {
                let page = try transaction.connections(after: last, limit: 500)
                all += page
                guard page.count == 500, let next = page.last?.id else { break }
                last = next
            }
            return all
        }
        var report: [CertificateExpiry] = []
        for connection in connections {
            let plugin = registry.plugin(id: connection.providerID)
            var seen: Set<String> = []
            let configurations = [(connection.liveConfiguration, true), (connection.configuration, false)]
            for case (let configuration?, let isLive) in configurations {
                for certificate in configuration.identityProvider.certificates
                where certificate.notAfter <= horizon && seen.insert(certificate.sha256Fingerprint).inserted {
                    let expired = certificate.notAfter <= date
                    let code = expired ? "certificate.expired" : "certificate.expires-soon"
                    report.append(CertificateExpiry(
                        organizationID: connection.organizationID, connectionID: connection.id,
                        providerID: connection.providerID, connectionStatus: connection.status, isLive: isLive,
                        subject: certificate.subject, sha256Fingerprint: certificate.sha256Fingerprint,
                        notAfter: certificate.notAfter, expired: expired,
                        daysLeft: Int((certificate.notAfter.timeIntervalSince(date) / 86_400).rounded(.down)),
                        action: Self.renewalAdvice(code: code, plugin: plugin, configuration: configuration)))
                }
            }
        }
        return report.sorted { ($0.notAfter, $0.connectionID) < ($1.notAfter, $1.connectionID) }
    }

    /// What to do about an expiring certificate, in the provider's console words: its hint for
    /// `certificate.expired` / `certificate.expires-soon` (where to create or download the next
    /// certificate), and, for a metadata-URL connection, the refresh that picks it up.
    static func renewalAdvice(code: String, plugin: (any IdentityProviderPlugin)?, configuration: SavedConfiguration) -> String {
        let consoleSteps = (plugin as? any SAMLProviderPlugin)?.wording.hints[code]
            ?? "Create or download the identity provider's new signing certificate and add it to the connection's configuration beside the current one before the current one expires; then run a test sign-in."
        guard configuration.submitted.mode == ConfigMode.metadataURL else { return consoleSteps }
        return consoleSteps
            + " This connection reads the identity provider's metadata URL: once the new certificate is published there, refresh the connection's metadata (sso connection refresh-metadata, or the host's scheduled refresh) and it is trusted beside the old one."
    }
}

/// A signing certificate that has expired or expires soon.
public struct CertificateExpiry: Sendable, Equatable, Codable {
    /// The organization.
    public let organizationID: String
    /// The connection.
    public let connectionID: String
    /// The provider id.
    public let providerID: String
    /// The connection's status.
    public let connectionStatus: ConnectionStatus
    /// Whether the certificate belongs to the live configuration (else to a saved, pending one).
    public let isLive: Bool
    /// The certificate's subject.
    public let subject: String
    /// Its SHA-256 fingerprint.
    public let sha256Fingerprint: String
    /// When it expires.
    public let notAfter: Date
    /// Whether it has expired already.
    public let expired: Bool
    /// Whole days left (negative once expired).
    public let daysLeft: Int
    /// What the admin must do, in the provider console's words.
    public let action: String

    /// Creates an entry.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - providerID: The provider id.
    ///   - connectionStatus: The connection's status.
    ///   - isLive: Whether it is the live configuration's.
    ///   - subject: The subject.
    ///   - sha256Fingerprint: The fingerprint.
    ///   - notAfter: The expiry.
    ///   - expired: Whether it expired.
    ///   - daysLeft: Days left.
    ///   - action: What to do.
    public init(organizationID: String, connectionID: String, providerID: String, connectionStatus: ConnectionStatus,
                isLive: Bool, subject: String, sha256Fingerprint: String, notAfter: Date, expired: Bool, daysLeft: Int,
                action: String) {
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.providerID = providerID
        self.connectionStatus = connectionStatus
        self.isLive = isLive
        self.subject = subject
        self.sha256Fingerprint = sha256Fingerprint
        self.notAfter = notAfter
        self.expired = expired
        self.daysLeft = daysLeft
        self.action = action
    }
}
