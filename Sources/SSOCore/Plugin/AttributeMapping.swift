/// The attributes an admin maps in the identity provider, and how assertions are read.
public struct AttributeMapping: Sendable, Equatable, Codable {
    /// One attribute the IdP should send.
    public struct Entry: Sendable, Equatable, Codable {
        /// What the application uses it for: `email`, `firstName` or `lastName`.
        public let purpose: Purpose
        /// The attribute name the IdP sends (a claim URI for Entra ID).
        public let attributeName: String
        /// The IdP-side source value, in the console's terms (`user.email`, "Primary email").
        public let sourceValue: String
        /// Whether sign-in needs it.
        public let isRequired: Bool

        /// Creates an entry.
        /// - Parameters:
        ///   - purpose: What it is for.
        ///   - attributeName: The attribute name sent.
        ///   - sourceValue: The console's source value.
        ///   - isRequired: Whether sign-in needs it.
        public init(purpose: Purpose, attributeName: String, sourceValue: String, isRequired: Bool) {
            self.purpose = purpose
            self.attributeName = attributeName
            self.sourceValue = sourceValue
            self.isRequired = isRequired
        }
    }

    /// What an attribute is used for.
    public enum Purpose: String, Sendable, Equatable, Codable, CaseIterable {
        /// The user's email address (routing and account matching).
        case email
        /// The given name.
        case firstName
        /// The family name.
        case lastName
    }

    /// The attributes to configure, in the order the guide lists them.
    public let entries: [Entry]
    /// Whether the NameID is used as the email when no email attribute is present.
    public let nameIDIsEmail: Bool

    /// Creates a mapping.
    /// - Parameters:
    ///   - entries: The attributes.
    ///   - nameIDIsEmail: Whether the NameID carries the email.
    public init(entries: [Entry], nameIDIsEmail: Bool) {
        self.entries = entries
        self.nameIDIsEmail = nameIDIsEmail
    }

    /// The attribute name used for a purpose, if any.
    /// - Parameter purpose: The purpose.
    /// - Returns: The attribute name.
    public func attributeName(for purpose: Purpose) -> String? {
        entries.first { $0.purpose == purpose }?.attributeName
    }
}
