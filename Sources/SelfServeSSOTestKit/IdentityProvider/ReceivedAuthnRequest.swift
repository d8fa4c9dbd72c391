import SAML

/// An AuthnRequest as a test identity provider received it, read from the HTTP-Redirect
/// binding's URL or the HTTP-POST binding's form field.
///
/// Pass it to ``TestIdentityProvider/response(to:user:now:options:)`` to answer it: the
/// response goes to `assertionConsumerServiceURL`, is restricted to `issuer`, answers `id`,
/// and carries `relayState` back.
public struct ReceivedAuthnRequest: Sendable, Hashable {
    /// The request's `ID`, which the response's `InResponseTo` answers.
    public var id: String
    /// The request's `Issuer`: the service provider's entity ID (the response's audience).
    public var issuer: String
    /// The `AssertionConsumerServiceURL` the response is posted to.
    public var assertionConsumerServiceURL: String
    /// The `RelayState` that came with the request, or nil.
    public var relayState: String?
    /// The request's `Destination`, or nil when it names none.
    public var destination: String?
    /// The `NameIDPolicy/@Format` asked for, or nil.
    public var nameIDPolicyFormat: String?
    /// Whether the request asked for a fresh authentication (`ForceAuthn`).
    public var forceAuthn: Bool
    /// The binding the request arrived with.
    public var binding: SAMLBinding
    /// The request's XML, for debugging.
    public var xml: String

    /// Creates a value (parsing creates these; tests may too).
    /// - Parameters:
    ///   - id: The request ID.
    ///   - issuer: The SP entity ID.
    ///   - assertionConsumerServiceURL: The ACS URL.
    ///   - relayState: The RelayState, or nil.
    ///   - destination: The Destination, or nil.
    ///   - nameIDPolicyFormat: The requested NameID format, or nil.
    ///   - forceAuthn: Whether ForceAuthn was set.
    ///   - binding: The binding it arrived with.
    ///   - xml: The request XML.
    public init(id: String, issuer: String, assertionConsumerServiceURL: String, relayState: String? = nil,
                destination: String? = nil, nameIDPolicyFormat: String? = nil, forceAuthn: Bool = false,
                binding: SAMLBinding = .httpRedirect, xml: String = "") {
        self.id = id
        self.issuer = issuer
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.relayState = relayState
        self.destination = destination
        self.nameIDPolicyFormat = nameIDPolicyFormat
        self.forceAuthn = forceAuthn
        self.binding = binding
        self.xml = xml
    }
}
