
/// How one identity provider's console names things: the words a SAML provider plugin puts
/// into validation fix hints, so every hint tells the admin where to click in *that* console.
///
/// The checks themselves are shared (``SAMLConfigurationCheck`` and `FieldChecks`); only the
/// wording and the provider's own quirks differ from one provider to the next.
public struct ProviderWording: Sendable {
    /// The console, as a sentence names it: "the Okta Admin Console".
    public var consoleName: String
    /// Fix hints by issue code (`metadata-url.missing`, `certificate.expired`,
    /// `metadata.no-signing-certificate`, `fetch.http-status`, …) worded for the console.
    /// A code without an entry gets a generic hint.
    public var hints: [String: String]
    /// The Name ID format to request in AuthnRequests, or nil to let the IdP choose.
    public var nameIDFormat: String?

    /// Creates the wording.
    /// - Parameters:
    ///   - consoleName: The console's name as a sentence uses it.
    ///   - hints: Fix hints by issue code.
    ///   - nameIDFormat: The Name ID format to request.
    public init(consoleName: String, hints: [String: String], nameIDFormat: String? = nil) {
        self.consoleName = consoleName
        self.hints = hints
        self.nameIDFormat = nameIDFormat
    }

    /// The fix hint for `code`, or `fallback`.
    /// - Parameters:
    ///   - code: An issue code.
    ///   - fallback: The hint to use when the wording has none.
    /// - Returns: The hint.
    public func hint(_ code: String, otherwise fallback: String) -> String {
        hints[code] ?? fallback
    }

    /// The SAML 2.0 email-address Name ID format.
    public static let emailAddressFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
}
