import SAML

/// Where the sign-ins of one verified domain go: an active connection, described by the few
/// values routing needs (a store reads them without decoding any configuration).
public struct ConnectionRoute: Sendable, Equatable, Codable {
    /// The organization that verified the domain.
    public var organizationID: String
    /// Its active connection.
    public var connectionID: String
    /// The connection's provider id.
    public var providerID: String
    /// The live configuration's single sign-on URL.
    public var ssoURL: String
    /// The live configuration's binding for ``ssoURL``.
    public var ssoBinding: SAMLBinding
    /// The live configuration's fingerprint.
    public var fingerprint: String

    /// Creates a route.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - providerID: The provider id.
    ///   - ssoURL: The IdP's single sign-on URL.
    ///   - ssoBinding: Its binding.
    ///   - fingerprint: The live configuration's fingerprint.
    public init(organizationID: String, connectionID: String, providerID: String, ssoURL: String,
                ssoBinding: SAMLBinding, fingerprint: String) {
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.providerID = providerID
        self.ssoURL = ssoURL
        self.ssoBinding = ssoBinding
        self.fingerprint = fingerprint
    }

    /// The route of an active connection with a live configuration, or nil otherwise. Stores
    /// derive the columns they keep for routing from a connection with this.
    /// - Parameter connection: The connection.
    public init?(_ connection: Connection) {
        guard connection.status == .active, let live = connection.liveConfiguration else { return nil }
        self.init(organizationID: connection.organizationID, connectionID: connection.id,
                  providerID: connection.providerID, ssoURL: live.identityProvider.ssoURL,
                  ssoBinding: live.identityProvider.ssoBinding, fingerprint: live.fingerprint)
    }
}
