import SAML

/// The values only the lifecycle layer knows after a sign-in, which troubleshooting
/// Markdown may show beside the SAML layer's ``SAML/SAMLError/DetailKey`` values. The
/// lifecycle passes them to ``IdentityProviderPlugin/fix(for:values:settings:)`` under these
/// raw values.
public enum SignInDetailKey: String, Sendable, Hashable, CaseIterable, Codable {
    /// The names of the attributes the assertion carried, joined with `, `.
    case observedAttributeNames = "observed_attribute_names"
    /// The assertion's NameID.
    case observedNameID = "observed_name_id"
    /// The email address read from the assertion.
    case observedEmail = "observed_email"
    /// The domain of that email address.
    case observedEmailDomain = "observed_email_domain"
    /// The organization's verified email domains, joined with `, `.
    case verifiedDomains = "verified_domains"
}

/// A `{{placeholder}}` a troubleshooting guide may use: the setup guide's own
/// (``GuidePlaceholder``, filled from ``ServiceProviderSettings``), the SAML layer's error
/// details, and the lifecycle's sign-in details.
///
/// A value is shown as a code span (it may come from the IdP's response: code spans keep it
/// from being read as Markdown), the organization and application names as text. A
/// placeholder with no value is replaced by ``fallback``: words written to read naturally
/// where the guides use the placeholder, such as "Okta sent a different audience". The
/// expected audience, recipient and destination fall back to the host's settings first.
public enum TroubleshootingPlaceholder: Sendable, Hashable, CustomStringConvertible {
    /// A setup-guide placeholder.
    case guide(GuidePlaceholder)
    /// A value the SAML layer reports with an error.
    case detail(SAMLError.DetailKey)
    /// A value the lifecycle reports after a sign-in.
    case signIn(SignInDetailKey)

    /// Every placeholder: the guide's, then the SAML details, then the sign-in details.
    public static let allCases: [TroubleshootingPlaceholder] =
        GuidePlaceholder.allCases.map(Self.guide) + SAMLError.DetailKey.allCases.map(Self.detail)
            + SignInDetailKey.allCases.map(Self.signIn)

    /// The placeholder written `{{name}}`, if there is one.
    /// - Parameter name: The name between the braces.
    public init?(name: String) {
        if let guide = GuidePlaceholder(rawValue: name) {
            self = .guide(guide)
        } else if let detail = SAMLError.DetailKey(rawValue: name) {
            self = .detail(detail)
        } else if let signIn = SignInDetailKey(rawValue: name) {
            self = .signIn(signIn)
        } else {
            return nil
        }
    }

    /// The name written between the braces.
    public var name: String {
        switch self {
        case .guide(let placeholder): placeholder.rawValue
        case .detail(let key): key.rawValue
        case .signIn(let key): key.rawValue
        }
    }

    /// `{{name}}`.
    public var description: String { "{{\(name)}}" }

    /// What a fix shows when it has no value for this placeholder (plain words, never a
    /// code span), chosen to read naturally in the sentences the guides write:
    ///
    /// | placeholder | fallback | written as |
    /// | --- | --- | --- |
    /// | `expected_audience` | the SP entity ID shown by your application | must be exactly {{expected_audience}} |
    /// | `observed_audience` | another value | Okta sent {{observed_audience}} as the audience |
    /// | `expected_recipient`, `expected_destination` | the ACS URL shown by your application | |
    /// | `observed_recipient`, `observed_destination` | another address | addressed the assertion to {{observed_recipient}} |
    /// | `expected_issuer` | the identity provider entity ID saved in this connection | |
    /// | `observed_issuer` | another entity | was issued by {{observed_issuer}} |
    /// | `expected_in_response_to` | its own sign-in request | waited for the answer to {{expected_in_response_to}} |
    /// | `observed_in_response_to` | no request, or another one | the response answers {{observed_in_response_to}} |
    /// | `now` | the time it arrived | was checked at {{now}} |
    /// | `clock_skew_seconds` | a few | allowing {{clock_skew_seconds}} seconds |
    /// | `trusted_certificate_*` | listed in its settings | whose fingerprints are {{trusted_certificate_fingerprints}} |
    /// | `status_code` | an error status | answered with {{status_code}} |
    /// | `second_level_status_code` | no further detail | ({{second_level_status_code}}) |
    /// | `signature_algorithm`, `digest_algorithm` | a refused algorithm, a refused digest | signed with {{signature_algorithm}} |
    /// | `observed_email` | an address | sent {{observed_email}} as the email address |
    /// | the other observed values and times | (not recorded) | best inside `<!-- when: KEY present -->` |
    public var fallback: String {
        switch self {
        case .guide(let placeholder):
            switch placeholder {
            case .acsURL: "the ACS URL shown by your application"
            case .spEntityID: "the SP entity ID shown by your application"
            case .spMetadataURL: "the SP metadata URL shown by your application (if it publishes one)"
            case .organizationName, .applicationName: placeholder.fallback
            }
        case .detail(let key):
            switch key {
            case .expectedAudience: "the SP entity ID shown by your application"
            case .observedAudience: "another value"
            case .expectedRecipient, .expectedDestination: "the ACS URL shown by your application"
            case .observedRecipient, .observedDestination: "another address"
            case .expectedIssuer: "the identity provider entity ID saved in this connection"
            case .observedIssuer: "another entity"
            case .expectedInResponseTo: "its own sign-in request"
            case .observedInResponseTo: "no request, or another one"
            case .now: "the time it arrived"
            case .clockSkewSeconds: "a few"
            case .trustedCertificateFingerprints, .trustedCertificateSubjects: "listed in its settings"
            case .statusCode: "an error status"
            case .secondLevelStatusCode: "no further detail"
            case .signatureAlgorithm: "a refused algorithm"
            case .digestAlgorithm: "a refused digest"
            case .observedNotBefore, .observedNotOnOrAfter, .observedIssueInstant, .observedCertificateSubject,
                 .observedCertificateNotBefore, .observedCertificateFingerprint, .rotationSuspected, .statusMessage,
                 .observedNameIDFormat:
                "(not recorded)"
            }
        case .signIn(let key):
            switch key {
            case .observedEmail: "an address"
            case .observedAttributeNames, .observedNameID, .observedEmailDomain, .verifiedDomains: "(not recorded)"
            }
        }
    }

    /// The value from the host's settings that stands in when a fix has no value of its
    /// own: the SP entity ID is the expected audience, the ACS URL the expected recipient
    /// and destination.
    func settingsValue(_ settings: ServiceProviderSettings) -> String? {
        switch self {
        case .guide(let placeholder):
            let value = placeholder.value(in: settings)
            return value == placeholder.fallback ? nil : value
        case .detail(.expectedAudience): return settings.entityID.isEmpty ? nil : settings.entityID
        case .detail(.expectedRecipient), .detail(.expectedDestination): return settings.acsURL.isEmpty ? nil : settings.acsURL
        default: return nil
        }
    }

    /// Whether the value is a name shown as text (the organization and application names)
    /// rather than a value shown as code.
    var isName: Bool {
        self == .guide(.organizationName) || self == .guide(.applicationName)
    }
}
