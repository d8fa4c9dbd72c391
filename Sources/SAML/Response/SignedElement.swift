/// An element of a SAML Response whose signature was verified.
public enum SignedElement: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// The `samlp:Response` (which covers the assertion inside it).
    case response
    /// The `saml:Assertion`.
    case assertion
}
