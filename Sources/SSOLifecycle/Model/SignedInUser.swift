import Foundation

/// The person a validated SAML assertion signs in, read through the provider's attribute
/// mapping.
public struct SignedInUser: Sendable, Equatable, Codable {
    /// The organization whose connection signed the person in.
    public var organizationID: String
    /// The connection.
    public var connectionID: String
    /// The provider id of the connection.
    public var providerID: String
    /// The email address (lower-cased domain), from the mapped email attribute or, when the
    /// IdP sent none and the NameID is an email, the NameID.
    public var email: String
    /// The given name, when sent.
    public var firstName: String?
    /// The family name, when sent.
    public var lastName: String?
    /// The subject's NameID.
    public var nameID: String
    /// The NameID's format, or nil.
    public var nameIDFormat: String?
    /// The IdP's session index, or nil.
    public var sessionIndex: String?
    /// Every attribute by name, with all values in document order.
    public var attributes: [String: [String]]
    /// When the IdP wants the host's session to end, or nil.
    public var sessionNotOnOrAfter: Date?
    /// When the person authenticated at the IdP, or nil.
    public var authnInstant: Date?
    /// How the person authenticated (`AuthnContextClassRef`), or nil.
    public var authnContextClassRef: String?
    /// The IdP entity ID that issued the assertion.
    public var issuer: String

    /// Creates a user.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - providerID: The provider id.
    ///   - email: The email address.
    ///   - firstName: The given name.
    ///   - lastName: The family name.
    ///   - nameID: The NameID.
    ///   - nameIDFormat: The NameID format.
    ///   - sessionIndex: The session index.
    ///   - attributes: Every attribute.
    ///   - sessionNotOnOrAfter: When the session must end.
    ///   - authnInstant: When the person authenticated.
    ///   - authnContextClassRef: How the person authenticated.
    ///   - issuer: The issuing IdP.
    public init(organizationID: String, connectionID: String, providerID: String, email: String,
                firstName: String?, lastName: String?, nameID: String, nameIDFormat: String?, sessionIndex: String?,
                attributes: [String: [String]], sessionNotOnOrAfter: Date?, authnInstant: Date?,
                authnContextClassRef: String?, issuer: String) {
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.providerID = providerID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
        self.attributes = attributes
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.authnInstant = authnInstant
        self.authnContextClassRef = authnContextClassRef
        self.issuer = issuer
    }
}

/// Who must act to fix a failed sign-in.
public enum ActingSide: String, Sendable, Equatable, Codable, CaseIterable {
    /// The customer's IT admin, in the identity provider's console.
    case identityProviderAdmin = "identity-provider-admin"
    /// The host application (its operator or its code): a configuration or deployment issue.
    case application
    /// The person signing in: start again (an expired or reused link).
    case user
}

/// One reason a test run or a sign-in failed.
public struct SignInFailure: Sendable, Equatable, Codable {
    /// The stable code, such as `conditions.audience-mismatch` or `test.email-domain-mismatch`.
    public var code: String
    /// The full message.
    public var message: String
    /// The provider's steps to fix it in its console, or nil.
    public var fix: String?
    /// Who must act.
    public var side: ActingSide
    /// Expected and observed values, by name (`expected_audience`, `observed_audience`,
    /// `observed_issuer`, `email_domain`, …).
    public var details: [String: String]

    /// Creates a failure.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: The message.
    ///   - fix: The provider's fix steps.
    ///   - side: Who must act.
    ///   - details: Expected and observed values.
    public init(code: String, message: String, fix: String?, side: ActingSide, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.fix = fix
        self.side = side
        self.details = details
    }
}
