/// The sign-in protocol a provider speaks.
public enum IdentityProtocol: String, Sendable, Codable, CaseIterable {
    /// SAML 2.0 Web Browser SSO.
    case saml
    /// OpenID Connect (reserved; no built-in provider uses it yet).
    case oidc
}

/// A provider's identity and presentation.
public struct ProviderDescriptor: Sendable, Equatable, Codable {
    /// Stable kebab-case identifier, such as `okta` or `entra-id`. Never changes once published.
    public let id: String
    /// Display name in Title Case, such as "Microsoft Entra ID".
    public let name: String
    /// One sentence saying what the provider is and when to pick it.
    public let summary: String
    /// The protocol used for sign-in.
    public let `protocol`: IdentityProtocol

    /// Creates a descriptor.
    /// - Parameters:
    ///   - id: Stable kebab-case identifier.
    ///   - name: Display name.
    ///   - summary: One sentence.
    ///   - protocol: The sign-in protocol.
    public init(id: String, name: String, summary: String, protocol: IdentityProtocol) {
        self.id = id
        self.name = name
        self.summary = summary
        self.protocol = `protocol`
    }

    /// Whether `id` is kebab-case: lowercase ASCII letters and digits in groups joined by
    /// single hyphens, starting with a letter.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLowercase else { return false }
        guard !id.hasSuffix("-"), !id.contains("--") else { return false }
        return id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
