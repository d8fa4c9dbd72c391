import Foundation

/// An IdP's single sign-on endpoint from its metadata: where AuthnRequests go, and how.
public struct SingleSignOnService: Sendable, Equatable, Hashable, Codable {
    /// The binding URI, such as `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect`.
    public var binding: String
    /// The endpoint URL, as written in the metadata.
    public var location: String

    /// Creates an endpoint.
    /// - Parameters:
    ///   - binding: The binding URI.
    ///   - location: The endpoint URL.
    public init(binding: String, location: String) {
        self.binding = binding
        self.location = location
    }

    /// The binding as a `SAMLBinding`, nil for a binding this package does not send requests with.
    public var samlBinding: SAMLBinding? { SAMLBinding(rawValue: binding) }
}
