import Foundation
import SAML
import SSOCore

extension SelfServeLifecycle {
    /// Re-reads a metadata-URL connection's metadata and follows the identity provider's
    /// signing-certificate rotation: certificates the metadata now lists are trusted, ones it
    /// no longer lists are dropped, and each change is audited.
    ///
    /// Certificates change without a new test sign-in: they come from the same URL the admin
    /// configured and tested, fetched through the same hardened fetcher (https only, no
    /// private addresses, size and time limits), and an IdP that rotates signs with the new
    /// key as soon as it publishes it. Anything else the metadata changed (the entity ID, the
    /// single sign-on URL or its binding) is not applied: it is reported, and the admin saves
    /// and tests the configuration again. This is the call a host runs on a schedule (see
    /// ``refreshAllMetadata(by:)``).
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: What changed.
    /// - Throws: `connection.not-found`, `connection.not-configured`,
    ///   `connection.invalid-configuration` (not a metadata-URL connection, or the metadata
    ///   could not be fetched or read: the message says why), `permission.denied`,
    ///   `organization.sso-not-allowed`, or a `store.*` error.
    public func refreshMetadata(organizationID: String, by principal: Principal) async throws(LifecycleError) -> MetadataRefresh {
        let connection = try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            return try Self.requireConnection(organization, in: transaction)
        }
        return try await refresh(connection, actor: principal.description) { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
        }
    }

    /// Refreshes every metadata-URL connection (operator only): the periodic job that keeps
    /// certificate rotations flowing. A connection whose refresh fails is reported with the
    /// error and the others go on.
    /// - Parameter principal: Who acts; must be the operator.
    /// - Returns: One result per metadata-URL connection.
    /// - Throws: `permission.denied`, or a `store.*` error listing the connections.
    public func refreshAllMetadata(by principal: Principal) async throws(LifecycleError) -> [MetadataRefreshResult] {
        guard principal.isOperator else {
            throw LifecycleError(.permissionDenied, "Only the application's operator can refresh every connection's metadata.")
        }
        var results: [MetadataRefreshResult] = []
        var last: String?
        while true {
            let after = last
            let page = try await read { transaction in try transaction.connections(after: after, limit: 200) }
            for connection in page where connection.configuration?.submitted.mode == ConfigMode.metadataURL {
                do {
                    let refresh = try await refresh(connection, actor: principal.description) { _ in }
                    results.append(MetadataRefreshResult(organizationID: connection.organizationID,
                                                         connectionID: connection.id, refresh: refresh, error: nil))
                } catch {
                    results.append(MetadataRefreshResult(organizationID: connection.organizationID,
                                                         connectionID: connection.id, refresh: nil, error: error))
                }
            }
            guard page.count == 200, let next = page.last?.id else { break }
            last = next
        }
        return results
    }

    private func refresh(_ connection: Connection, actor: String,
                         check: @escaping @Sendable (any StoreTransaction) throws -> Void) async throws(LifecycleError) -> MetadataRefresh {
        guard let configuration = connection.configuration else {
            throw LifecycleError(.connectionNotConfigured, "The connection has no configuration yet, so there is no metadata to refresh.")
        }
        guard configuration.submitted.mode == ConfigMode.metadataURL, let text = configuration.submitted.text("metadata_url"),
              let url = URL(string: text) else {
            throw LifecycleError(.connectionInvalidConfiguration,
                "The connection was configured by \(configuration.submitted.mode == ConfigMode.manual ? "hand" : "uploading a metadata file"), not with a metadata URL, so there is nothing to re-fetch. Add the identity provider's new signing certificate by saving the configuration again.")
        }
        guard let fetcher = environment.metadataFetcher else {
            throw LifecycleError(.connectionInvalidConfiguration, "This installation cannot fetch metadata URLs (it has no metadata fetcher).")
        }
        let date = now()
        let fetched: IdentityProviderSettings
        do {
            let data = try await fetcher.fetch(url)
            fetched = try IdentityProviderMetadata.parse(data, now: date).settings()
        } catch {
            throw LifecycleError(.connectionInvalidConfiguration,
                "The metadata at \(text) could not be refreshed, so nothing changed: \(error.message) [\(error.code.rawValue)]")
        }
        let current = configuration.identityProvider
        let published = fetched.signingCertificates.map(StoredCertificate.init)
        let currentFingerprints = Set(current.certificates.map(\.sha256Fingerprint))
        let publishedFingerprints = Set(published.map(\.sha256Fingerprint))
        let added = published.filter { !currentFingerprints.contains($0.sha256Fingerprint) }
        let removed = current.certificates.filter { !publishedFingerprints.contains($0.sha256Fingerprint) }
        var otherChanges: [String] = []
        if fetched.entityID != current.entityID {
            otherChanges.append("the entity ID changed from \(current.entityID) to \(fetched.entityID)")
        }
        if fetched.ssoURL.absoluteString != current.ssoURL || fetched.ssoBinding != current.ssoBinding {
            otherChanges.append("the single sign-on URL changed from \(current.ssoURL) to \(fetched.ssoURL.absoluteString)")
        }
        guard !added.isEmpty || !removed.isEmpty else {
            return MetadataRefresh(connectionID: connection.id, added: [], removed: [], otherChanges: otherChanges,
                                   fingerprint: configuration.fingerprint)
        }
        let providerID = connection.providerID
        let plugin = registry.plugin(id: providerID)
        @Sendable func rotated(_ saved: SavedConfiguration) -> SavedConfiguration {
            var changed = saved
            changed.identityProvider.certificates = published
            changed.fingerprint = changed.identityProvider.fingerprint(
                providerID: providerID, attributeMapping: plugin?.attributeMapping(for: saved.submitted))
            changed.savedAt = date
            changed.savedBy = "system:metadata-refresh"
            return changed
        }
        let updatedConfiguration = rotated(configuration)
        let stored = try await write { transaction in
            try check(transaction)
            guard var latest = try transaction.connection(id: connection.id),
                  latest.configuration?.fingerprint == configuration.fingerprint else {
                throw LifecycleError(.storeConflict, "The connection's configuration changed while its metadata was being fetched. Refresh again.")
            }
            let before = ConnectionSummary(latest)
            // The live configuration follows the rotation when it is the same configuration
            // (same metadata URL and settings); a pending, different one is left for its test.
            if let live = latest.liveConfiguration, live.fingerprint == configuration.fingerprint {
                latest.liveConfiguration = updatedConfiguration
            } else if let live = latest.liveConfiguration, live.submitted.text("metadata_url") == text,
                      live.identityProvider.entityID == current.entityID {
                latest.liveConfiguration = rotated(live)
            }
            latest.configuration = updatedConfiguration
            latest.updatedAt = date
            let stored = try transaction.updateConnection(latest)
            try Self.audit(transaction, at: date, organizationID: connection.organizationID, actor: actor,
                           action: "connection.certificates-refreshed", target: connection.id,
                           before: AuditJSON.text(before), after: AuditJSON.text(ConnectionSummary(stored)))
            return stored
        }
        return MetadataRefresh(connectionID: stored.id, added: added, removed: removed, otherChanges: otherChanges,
                               fingerprint: stored.configuration?.fingerprint ?? updatedConfiguration.fingerprint)
    }
}

/// What a metadata refresh changed.
public struct MetadataRefresh: Sendable, Equatable {
    /// The connection.
    public let connectionID: String
    /// Signing certificates the metadata added, now trusted.
    public let added: [StoredCertificate]
    /// Signing certificates the metadata no longer lists, no longer trusted.
    public let removed: [StoredCertificate]
    /// Other differences found and NOT applied (entity ID, SSO URL), as sentences: save and
    /// test the configuration again to take them.
    public let otherChanges: [String]
    /// The configuration's fingerprint after the refresh.
    public let fingerprint: String

    /// Creates a result.
    /// - Parameters:
    ///   - connectionID: The connection.
    ///   - added: Added certificates.
    ///   - removed: Removed certificates.
    ///   - otherChanges: Differences not applied.
    ///   - fingerprint: The fingerprint after.
    public init(connectionID: String, added: [StoredCertificate], removed: [StoredCertificate], otherChanges: [String],
                fingerprint: String) {
        self.connectionID = connectionID
        self.added = added
        self.removed = removed
        self.otherChanges = otherChanges
        self.fingerprint = fingerprint
    }

    /// Whether the trusted certificates changed.
    public var changedCertificates: Bool { !added.isEmpty || !removed.isEmpty }
}

/// One connection's outcome in ``SelfServeLifecycle/refreshAllMetadata(by:)``.
public struct MetadataRefreshResult: Sendable, Equatable {
    /// The organization.
    public let organizationID: String
    /// The connection.
    public let connectionID: String
    /// What changed, when the refresh worked.
    public let refresh: MetadataRefresh?
    /// Why it failed, otherwise.
    public let error: LifecycleError?

    /// Creates a result.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - refresh: What changed.
    ///   - error: Why it failed.
    public init(organizationID: String, connectionID: String, refresh: MetadataRefresh?, error: LifecycleError?) {
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.refresh = refresh
        self.error = error
    }
}
