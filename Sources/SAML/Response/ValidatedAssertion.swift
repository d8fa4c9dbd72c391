import Foundation

/// The identity a validated SAML Response asserts, read only from the verified assertion.
public struct ValidatedAssertion: Sendable, Equatable {
    /// The assertion's `ID`, the key for replay detection.
    public let assertionID: String
    /// The assertion's `Issuer` (equal to the configured IdP entity ID).
    public let issuer: String
    /// The subject's `NameID`, all of its text (a comment inside it does not split it).
    public let nameID: String
    /// The `NameID`'s `Format`, or nil.
    public let nameIDFormat: String?
    /// The `AuthnStatement`'s `SessionIndex`, or nil.
    public let sessionIndex: String?
    /// Every `Attribute` by `Name`, with all of its values in document order.
    public let attributes: [String: [String]]
    /// Which elements carried a verified signature.
    public let signedElements: [SignedElement]
    /// When the assertion stops being acceptable (the earlier of the `Conditions` and the
    /// bearer confirmation's `NotOnOrAfter`), without clock skew; nil when unbounded.
    public let notOnOrAfter: Date?
    /// The request this response answers, or nil for an IdP-initiated response.
    public let inResponseTo: String?
    /// Accepted-but-questionable things a person should fix (SHA-1, weak keys, …).
    public let warnings: [String]
    /// When the user authenticated at the IdP (`AuthnStatement/@AuthnInstant`), or nil.
    public let authnInstant: Date?
    /// When the IdP wants the session this sign-in starts to end
    /// (`AuthnStatement/@SessionNotOnOrAfter`), or nil: a host should end its session by then.
    public let sessionNotOnOrAfter: Date?
    /// How the user authenticated (`AuthnContext/AuthnContextClassRef`), such as
    /// `urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport`, or nil. IdPs
    /// report multi-factor sign-in here in their own vocabulary (Entra ID and Okta use
    /// `…:ac:classes:X509`, `…MultiFactor…` or their own URIs), so compare against what the
    /// connected IdP documents.
    public let authnContextClassRef: String?

    /// Creates a value (validation creates these; tests and hosts may too).
    /// - Parameters:
    ///   - assertionID: The assertion's ID.
    ///   - issuer: The assertion's issuer.
    ///   - nameID: The subject's NameID.
    ///   - nameIDFormat: The NameID format.
    ///   - sessionIndex: The session index.
    ///   - attributes: The attributes by name.
    ///   - signedElements: The signed elements.
    ///   - notOnOrAfter: The end of validity.
    ///   - inResponseTo: The answered request ID.
    ///   - warnings: Warnings.
    ///   - authnInstant: When the user authenticated.
    ///   - sessionNotOnOrAfter: When the session must end.
    ///   - authnContextClassRef: How the user authenticated.
    public init(assertionID: String, issuer: String, nameID: String, nameIDFormat: String?,
                sessionIndex: String?, attributes: [String: [String]], signedElements: [SignedElement],
                notOnOrAfter: Date?, inResponseTo: String?, warnings: [String], authnInstant: Date? = nil,
                sessionNotOnOrAfter: Date? = nil, authnContextClassRef: String? = nil) {
        self.assertionID = assertionID
        self.issuer = issuer
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
        self.attributes = attributes
        self.signedElements = signedElements
        self.notOnOrAfter = notOnOrAfter
        self.inResponseTo = inResponseTo
        self.warnings = warnings
        self.authnInstant = authnInstant
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.authnContextClassRef = authnContextClassRef
    }
}
