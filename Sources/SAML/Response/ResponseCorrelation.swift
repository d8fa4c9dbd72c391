import Foundation

/// What a SAML Response says about the request it answers, read *before* it is validated,
/// only to find which pending request to validate it against.
///
/// Nothing read here is trusted: the response is then validated with the pending request's
/// own ID as the expected `InResponseTo`, so a response that lies about it is refused.
public enum ResponseCorrelation {
    /// The `InResponseTo` of a Response, parsed with the same hardened parser and limits as
    /// validation (no DOCTYPE, bounded size and depth).
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value (base64) or the response XML.
    ///   - limits: The size and depth bounds.
    /// - Returns: The attribute's value, or nil when the document is not a Response or has none.
    /// - Throws: The parsing errors of validation (`xml.*`), so a garbage post gets the same
    ///   clear error as it would from the validator.
    public static func inResponseTo(_ input: Data, limits: XMLLimits = .default) throws(SAMLError) -> String? {
        let xml = try ResponseInput.xmlBytes(from: input, limits: limits)
        let tree = try XMLTree(bytes: xml, limits: limits)
        guard tree.root.is("Response", XMLNamespace.samlProtocol) else { return nil }
        return tree.root.attribute("InResponseTo")
    }
}
