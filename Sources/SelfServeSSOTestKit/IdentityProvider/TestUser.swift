/// The person a test identity provider signs in: the NameID and attributes its responses
/// assert.
///
/// Attribute names follow ``AttributeNames``: Okta's and Google Workspace's plain `email`,
/// `firstName`, `lastName` by default, or Entra ID's claim URIs, so that a host can test the
/// attribute mapping of each provider it supports.
public struct TestUser: Sendable, Hashable {
    /// The NameID format of an email address.
    public static let emailNameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

    /// The user's email address, sent as the email attribute (and as the NameID by default).
    public var email: String
    /// The first (given) name, sent when not nil.
    public var firstName: String?
    /// The last name (surname), sent when not nil.
    public var lastName: String?
    /// The subject's NameID.
    public var nameID: String
    /// The NameID's `Format`, or nil to write none.
    public var nameIDFormat: String?
    /// More attributes, by name, each with its values in order (groups, department, …).
    /// Written in name order after email, first and last name.
    public var extraAttributes: [String: [String]]
    /// The names the email, first and last name attributes are sent under.
    public var attributeNames: AttributeNames

    /// Creates a user.
    /// - Parameters:
    ///   - email: The email address.
    ///   - firstName: The first name, or nil to send none.
    ///   - lastName: The last name, or nil to send none.
    ///   - nameID: The NameID; the email address by default.
    ///   - nameIDFormat: The NameID format; the email address format by default, nil for none.
    ///   - extraAttributes: More attributes by name.
    ///   - attributeNames: The attribute names to use; Okta's by default.
    public init(email: String, firstName: String? = nil, lastName: String? = nil, nameID: String? = nil,
                nameIDFormat: String? = TestUser.emailNameIDFormat, extraAttributes: [String: [String]] = [:],
                attributeNames: AttributeNames = .okta) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.nameID = nameID ?? email
        self.nameIDFormat = nameIDFormat
        self.extraAttributes = extraAttributes
        self.attributeNames = attributeNames
    }

    /// The SAML attribute names that carry a user's email address, first and last name.
    public struct AttributeNames: Sendable, Hashable {
        /// The email attribute's `Name`.
        public var email: String
        /// The first name attribute's `Name`.
        public var firstName: String
        /// The last name attribute's `Name`.
        public var lastName: String
        /// The `NameFormat` written on every attribute, or nil for none.
        public var nameFormat: String?

        /// Creates attribute names.
        /// - Parameters:
        ///   - email: The email attribute's name.
        ///   - firstName: The first name attribute's name.
        ///   - lastName: The last name attribute's name.
        ///   - nameFormat: The `NameFormat` URI, or nil.
        public init(email: String, firstName: String, lastName: String, nameFormat: String? = nil) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.nameFormat = nameFormat
        }

        /// Okta's attribute statements as its setup instructions have them: `email`,
        /// `firstName`, `lastName`, with the `unspecified` name format Okta writes by default.
        public static let okta = AttributeNames(
            email: "email", firstName: "firstName", lastName: "lastName",
            nameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified")

        /// Google Workspace's app attributes as its setup instructions have them: `email`,
        /// `firstName`, `lastName`, with no name format (Google writes none).
        public static let googleWorkspace = AttributeNames(email: "email", firstName: "firstName", lastName: "lastName")

        /// Microsoft Entra ID's default claims: the `emailaddress`, `givenname` and `surname`
        /// claim URIs, with no name format (Entra ID writes none).
        public static let entraID = AttributeNames(
            email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            firstName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            lastName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname")
    }
}
