import Foundation

/// An error from the SAML service provider, with a stable machine-readable code and a
/// sentence a person can act on.
///
/// Codes are dotted and never change meaning once published (for example
/// `signature.digest-mismatch`); the message may be reworded.
public struct SAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code, such as `xml.malformed` or `conditions.expired`.
    public let code: Code
    /// What went wrong and how to fix it, for a person.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what was wrong and how to fix it.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
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
