import SAML

/// Every failure code a test sign-in or a production sign-in can end with: the list the
/// troubleshooting guides answer and the lifecycle layer draws its codes from.
///
/// The conformance suite checks that every provider has a troubleshooting section for each
/// code in ``all``, and a troubleshooting guide that names a code outside it does not load.
/// A code never changes meaning once published; adding one means writing its section in
/// every provider (or the shared sections).
public enum SignInFailureCodes {
    /// The SAML layer's codes that validating a response can throw: `ResponseValidator`'s
    /// `validate` (`xml.*`, `signature.*`, `response.*`, `assertion.*`, `conditions.*`,
    /// `subject-confirmation.*`), its replay check (`assertion.replayed`), and building the
    /// validator from a connection's saved certificates (`certificate.invalid`,
    /// `certificate.unsupported-key`: a certificate libcrypto cannot take a key from, or a
    /// key that is neither RSA nor EC, which configuration checks do not refuse).
    ///
    /// Not here, because a saved connection cannot reach them: `certificate.none` and
    /// `certificate.too-many` (configurations hold one to five certificates),
    /// `options.invalid-clock-skew` (the host's setting, not the IdP's), and the metadata,
    /// fetch and request codes (configuration time, not sign-in).
    public static let responseValidation: [SAMLError.Code] = [
        .xmlMalformed, .xmlDoctypeForbidden, .xmlTooLarge, .xmlTooDeep, .xmlEmpty, .xmlNotBase64, .xmlTooManyAttributes,
        .certificateInvalid, .certificateUnsupportedKey,
        .signatureMissing, .signatureInvalid, .signatureDigestMismatch, .signatureUntrustedKey, .signatureWeakAlgorithm,
        .signatureUnsupportedAlgorithm, .signatureWeakKey, .signatureWrapping, .signatureMalformed,
        .responseNotResponse, .responseDuplicateID, .responseStatus, .responseDestinationMismatch,
        .responseIssuerMismatch, .responseInResponseToMismatch, .responseVersion,
        .assertionCount, .assertionEncryptedUnsupported, .assertionIssuerMissing, .assertionSubjectMissing,
        .assertionNameIDMissing, .assertionAuthnStatementMissing, .assertionReplayed, .assertionMalformed,
        .conditionsNotYetValid, .conditionsExpired, .conditionsAudienceMismatch, .conditionsUnsupported,
        .subjectConfirmationMissing, .subjectConfirmationRecipientMismatch, .subjectConfirmationExpired,
    ]

    /// The lifecycle's own codes: what a validated assertion can still fail on (no email,
    /// an email outside the verified domains), and the state of test runs, sign-in
    /// requests and connections. `assertion.replayed` is also the SAML layer's.
    public static let lifecycle: [String] = [
        "test.user-attribute-missing", "test.email-domain-mismatch",
        "sign-in.user-attribute-missing", "sign-in.email-domain-mismatch",
        "test.run-not-found", "test.run-expired", "test.run-already-completed",
        "sign-in.request-not-found", "sign-in.request-expired", "sign-in.request-already-used",
        "sign-in.idp-initiated-disabled", "sign-in.connection-inactive",
        "assertion.replayed",
    ]

    /// Every code, each once: ``responseValidation`` then the lifecycle's others.
    public static let all: [String] = {
        var codes = responseValidation.map(\.rawValue)
        for code in lifecycle where !codes.contains(code) { codes.append(code) }
        return codes
    }()

    /// Whether `code` is a sign-in failure code.
    /// - Parameter code: A code such as `conditions.audience-mismatch`.
    /// - Returns: Whether it is in ``all``.
    public static func contains(_ code: String) -> Bool {
        known.contains(code)
    }

    private static let known = Set(all)
}
