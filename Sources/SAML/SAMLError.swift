import Foundation

/// An error from the SAML service provider, with a stable machine-readable code and a
/// sentence a person can act on.
///
/// Codes are dotted and never change meaning once published (for example
/// `signature.digest-mismatch`); the message may be reworded.
///
/// An error of response validation that compares something also carries what was expected
/// and what was observed in ``details``, under the stable snake-case keys of ``DetailKey``
/// (`expected_audience`, `observed_audience`, …), so that a host can show a fix with the
/// actual values without parsing the message. Times are ISO 8601 UTC
/// (`2026-03-01T12:00:00Z`); lists are joined with `, `.
public struct SAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code, such as `xml.malformed` or `conditions.expired`.
    public let code: Code
    /// What went wrong and how to fix it, for a person.
    public let message: String
    /// What was expected and what was observed, keyed by ``DetailKey`` raw values; empty
    /// for errors that compare nothing. Values from the response are as the IdP sent them
    /// (untrusted text: escape them before showing them in HTML or Markdown).
    public let details: [String: String]

    /// Creates an error without details.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what was wrong and how to fix it.
    public init(_ code: Code, _ message: String) {
        self.init(code, message, details: [:])
    }

    /// Creates an error with the values it compared.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what was wrong and how to fix it.
    ///   - details: Expected and observed values by ``DetailKey``; a nil value is left out.
    public init(_ code: Code, _ message: String, details: [DetailKey: String?]) {
        self.code = code
        self.message = message
        var values: [String: String] = [:]
        for (key, value) in details {
            if let value { values[key.rawValue] = value }
        }
        self.details = values
    }

    /// The value of one detail, if the error carries it.
    /// - Parameter key: The detail.
    /// - Returns: Its value.
    public subscript(detail key: DetailKey) -> String? {
        details[key.rawValue]
    }

    /// The stable keys of ``details``. They are snake case because they are also the
    /// placeholders of troubleshooting Markdown (`{{observed_audience}}`); a key never
    /// changes meaning once published.
    public enum DetailKey: String, Sendable, Hashable, CaseIterable, Codable {
        /// This service provider's entity ID, which every `AudienceRestriction` must name.
        case expectedAudience = "expected_audience"
        /// Every `Audience` of the assertion, in document order, joined with `, `.
        case observedAudience = "observed_audience"
        /// This service provider's ACS URL, which the bearer confirmation must name.
        case expectedRecipient = "expected_recipient"
        /// The bearer `SubjectConfirmationData`'s `Recipient`.
        case observedRecipient = "observed_recipient"
        /// This service provider's ACS URL, which the response's `Destination` must be.
        case expectedDestination = "expected_destination"
        /// The response's `Destination`.
        case observedDestination = "observed_destination"
        /// The configured IdP entity ID.
        case expectedIssuer = "expected_issuer"
        /// The `Issuer` the response or the assertion carries.
        case observedIssuer = "observed_issuer"
        /// The ID of the AuthnRequest the response had to answer.
        case expectedInResponseTo = "expected_in_response_to"
        /// The `InResponseTo` the response (or its confirmation) carries; absent when none.
        case observedInResponseTo = "observed_in_response_to"
        /// The `NotBefore` of the element whose time check failed (`Conditions` or the
        /// bearer confirmation), when it has one.
        case observedNotBefore = "observed_not_before"
        /// The `NotOnOrAfter` of the element whose time check failed, when it has one.
        case observedNotOnOrAfter = "observed_not_on_or_after"
        /// The assertion's `IssueInstant` (the response's when the assertion has none).
        case observedIssueInstant = "observed_issue_instant"
        /// The time the response was validated at.
        case now = "now"
        /// The clock skew allowed, in whole seconds.
        case clockSkewSeconds = "clock_skew_seconds"
        /// The subject of the certificate in the signature's `KeyInfo` (informational only:
        /// trust never comes from `KeyInfo`).
        case observedCertificateSubject = "observed_certificate_subject"
        /// The `notBefore` of the certificate in the signature's `KeyInfo`.
        case observedCertificateNotBefore = "observed_certificate_not_before"
        /// The SHA-256 fingerprint of the certificate in the signature's `KeyInfo`.
        case observedCertificateFingerprint = "observed_certificate_fingerprint"
        /// The SHA-256 fingerprints of the configured (trusted) certificates, joined with `, `.
        case trustedCertificateFingerprints = "trusted_certificate_fingerprints"
        /// The subjects of the configured certificates, joined with `; ` (subjects contain commas).
        case trustedCertificateSubjects = "trusted_certificate_subjects"
        /// `true` when the `KeyInfo` certificate has a trusted certificate's subject and a
        /// later `notBefore`: the IdP has probably rotated its signing certificate. `false`
        /// when there is a `KeyInfo` certificate that does not look like a rotation.
        case rotationSuspected = "rotation_suspected"
        /// The top-level `StatusCode` of a refused response.
        case statusCode = "status_code"
        /// The second-level `StatusCode` of a refused response, when there is one.
        case secondLevelStatusCode = "second_level_status_code"
        /// The `StatusMessage` of a refused response.
        case statusMessage = "status_message"
        /// The `SignatureMethod` algorithm URI.
        case signatureAlgorithm = "signature_algorithm"
        /// The `DigestMethod` algorithm URI.
        case digestAlgorithm = "digest_algorithm"
        /// The `Format` of the assertion's `NameID`.
        case observedNameIDFormat = "observed_name_id_format"
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// Every stable error code of the SAML layer.
    public enum Code: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
        // XML input
        case xmlMalformed = "xml.malformed"
        case xmlDoctypeForbidden = "xml.doctype-forbidden"
        case xmlTooLarge = "xml.too-large"
        case xmlTooDeep = "xml.too-deep"
        case xmlEmpty = "xml.empty"
        case xmlNotBase64 = "xml.not-base64"
        // Certificates
        case certificateInvalid = "certificate.invalid"
        case certificateNone = "certificate.none"
        case certificateTooMany = "certificate.too-many"
        case certificateUnsupportedKey = "certificate.unsupported-key"
        // Validator options
        case optionsInvalidClockSkew = "options.invalid-clock-skew"
        // Metadata
        case metadataNotMetadata = "metadata.not-metadata"
        case metadataNoIdPDescriptor = "metadata.no-idp-descriptor"
        case metadataNoSSOEndpoint = "metadata.no-sso-endpoint"
        case metadataNoSigningCertificate = "metadata.no-signing-certificate"
        case metadataExpired = "metadata.expired"
        case metadataEntityNotFound = "metadata.entity-not-found"
        case metadataAmbiguousEntity = "metadata.ambiguous-entity"
        // Metadata fetching
        case fetchInvalidURL = "fetch.invalid-url"
        case fetchInsecureScheme = "fetch.insecure-scheme"
        case fetchForbiddenAddress = "fetch.forbidden-address"
        case fetchTooManyRedirects = "fetch.too-many-redirects"
        case fetchTooLarge = "fetch.too-large"
        case fetchTimeout = "fetch.timeout"
        case fetchHTTPStatus = "fetch.http-status"
        case fetchFailed = "fetch.failed"
        case fetchDNSFailed = "fetch.dns-failed"
        // Signatures
        case signatureMissing = "signature.missing"
        case signatureInvalid = "signature.invalid"
        case signatureDigestMismatch = "signature.digest-mismatch"
        case signatureUntrustedKey = "signature.untrusted-key"
        case signatureWeakAlgorithm = "signature.weak-algorithm"
        case signatureUnsupportedAlgorithm = "signature.unsupported-algorithm"
        case signatureWeakKey = "signature.weak-key"
        case signatureWrapping = "signature.wrapping"
        case signatureMalformed = "signature.malformed"
        // Response structure and policy
        case responseNotResponse = "response.not-response"
        case responseDuplicateID = "response.duplicate-id"
        case assertionCount = "assertion.count"
        case assertionEncryptedUnsupported = "assertion.encrypted-unsupported"
        case responseStatus = "response.status"
        case responseDestinationMismatch = "response.destination-mismatch"
        case responseIssuerMismatch = "response.issuer-mismatch"
        case responseInResponseToMismatch = "response.in-response-to-mismatch"
        case responseVersion = "response.version"
        case assertionIssuerMissing = "assertion.issuer-missing"
        case assertionSubjectMissing = "assertion.subject-missing"
        case assertionNameIDMissing = "assertion.name-id-missing"
        case assertionAuthnStatementMissing = "assertion.authn-statement-missing"
        case assertionReplayed = "assertion.replayed"
        case assertionMalformed = "assertion.malformed"
        case conditionsNotYetValid = "conditions.not-yet-valid"
        case conditionsExpired = "conditions.expired"
        case conditionsAudienceMismatch = "conditions.audience-mismatch"
        case conditionsUnsupported = "conditions.unsupported"
        case subjectConfirmationMissing = "subject-confirmation.missing"
        case subjectConfirmationRecipientMismatch = "subject-confirmation.recipient-mismatch"
        case subjectConfirmationExpired = "subject-confirmation.expired"
        // Requests
        case requestInvalid = "request.invalid"
        // Added later (kept last so that existing cases keep their positions)
        case xmlTooManyAttributes = "xml.too-many-attributes"
    }
}
