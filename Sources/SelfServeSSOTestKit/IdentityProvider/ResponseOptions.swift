import Foundation
import SAML

/// How a test identity provider shapes one SAML Response: every knob defaults to a valid,
/// assertion-signed response, and each one produces a failure a service provider must catch.
///
/// Times are offsets in seconds from the `now` passed to
/// ``TestIdentityProvider/response(to:user:now:options:)``; nothing reads the wall clock.
/// The defaults: `IssueInstant` and `AuthnInstant` at `now`, `Conditions` from 60 s before
/// to 300 s after, the bearer confirmation valid for 300 s, no `SessionNotOnOrAfter`.
///
/// | knob | what a validating service provider reports |
/// | --- | --- |
/// | `signing: .none` | `signature.missing` |
/// | `signingKey:` another key | `signature.untrusted-key` (its certificate in `KeyInfo`), `signature.invalid` (`keyInfo: .omitted` or a trusted certificate) |
/// | `tampering: .modifyNameID` | `signature.digest-mismatch` |
/// | `tampering: .corruptSignatureValue` | `signature.invalid` |
/// | `audience:` | `conditions.audience-mismatch` |
/// | `recipient:` | `subject-confirmation.recipient-mismatch` |
/// | `destination:` | `response.destination-mismatch` |
/// | `responseIssuer:`, `assertionIssuer:` | `response.issuer-mismatch` |
/// | `inResponseTo: .value(…)` or `.omitted` | `response.in-response-to-mismatch` (when a request ID is expected) |
/// | `notBeforeOffset:` in the future | `conditions.not-yet-valid` |
/// | `notOnOrAfterOffset:` in the past | `conditions.expired` |
/// | `subjectConfirmationNotOnOrAfterOffset:` in the past, or nil | `subject-confirmation.expired` |
/// | `includeAuthnStatement: false` | `assertion.authn-statement-missing` |
/// | `status:` not Success | `response.status` |
/// | `omitNameID: true` | `assertion.name-id-missing` |
/// | `assertions: .withUnsignedCopy` | `assertion.count` |
/// | `assertions: .encryptedPlaceholder` | `assertion.encrypted-unsupported` |
///
/// `omitEmailAttribute`, `sessionNotOnOrAfterOffset`, `authnContextClassRef` and
/// `issueInstantOffset` shape valid responses that the host's own code must handle.
public struct ResponseOptions: Sendable, Hashable {
    /// Which elements carry an enveloped signature.
    public enum Signing: String, Sendable, Hashable, CaseIterable {
        /// No signature at all.
        case none
        /// The Assertion only (Okta's and Google's default).
        case assertion
        /// The Response only, which covers the assertion inside it.
        case response
        /// The Assertion, then the Response over it (Entra ID's "Sign SAML response and assertion").
        case both
    }

    /// What the signatures' `KeyInfo` carries. A service provider must never trust it; it
    /// only helps explain failures ("signed with a certificate that is not configured").
    public enum KeyInfo: Sendable, Hashable {
        /// The certificate of the key that signed (what IdPs do).
        case signingCertificate
        /// This certificate, whatever key signed (a lying `KeyInfo`, or a rotated certificate).
        case certificate(Certificate)
        /// No `KeyInfo` element.
        case omitted
    }

    /// A change made after signing, as an attacker on the way would make it.
    public enum Tampering: Sendable, Hashable {
        /// None: the response is sent as signed.
        case none
        /// The Assertion's NameID text is replaced by this value after signing (the digest no
        /// longer matches). Needs a NameID (`omitNameID` false).
        case modifyNameID(to: String)
        /// One byte of the outermost signature's `SignatureValue` is flipped (the Response's
        /// when it is signed, otherwise the Assertion's): the digest matches, the signature does not.
        case corruptSignatureValue
    }

    /// Which request a response says it answers (`InResponseTo` on the Response and on the
    /// bearer `SubjectConfirmationData`).
    public enum InResponseTo: Sendable, Hashable {
        /// The request's ID; none for an IdP-initiated response.
        case request
        /// This value instead (another sign-in attempt).
        case value(String)
        /// No `InResponseTo` at all, as in an IdP-initiated response.
        case omitted
    }

    /// How the assertion travels in the Response.
    public enum Assertions: Sendable, Hashable {
        /// One `saml:Assertion`.
        case single
        /// A second, unsigned assertion for another NameID placed before the genuine one, as
        /// XML signature wrapping attacks do.
        case withUnsignedCopy(nameID: String)
        /// A `saml:EncryptedAssertion` placeholder (opaque cipher data) instead of the
        /// assertion, as an IdP with assertion encryption turned on sends.
        case encryptedPlaceholder
    }

    /// A `samlp:Status` other than Success, with the IdP's own words. With such a status the
    /// response carries no assertion, as IdPs send it.
    public struct Status: Sendable, Hashable {
        /// The top-level status code URI.
        public var code: String
        /// The second-level status code URI, or nil.
        public var secondLevelCode: String?
        /// The `StatusMessage`, or nil.
        public var message: String?

        /// Creates a status.
        /// - Parameters:
        ///   - code: The top-level code, such as `urn:oasis:names:tc:SAML:2.0:status:Responder`.
        ///   - secondLevelCode: The second-level code, such as `…:status:RequestDenied`.
        ///   - message: The message.
        public init(code: String, secondLevelCode: String? = nil, message: String? = nil) {
            self.code = code
            self.secondLevelCode = secondLevelCode
            self.message = message
        }

        /// `urn:oasis:names:tc:SAML:2.0:status:Success`.
        public static let success = Status(code: "urn:oasis:names:tc:SAML:2.0:status:Success")

        /// Whether this is Success (and so the response carries an assertion).
        public var isSuccess: Bool { code == Self.success.code }
    }

    /// `urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport`.
    public static let passwordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

    /// Which elements are signed. Default: the Assertion.
    public var signing: Signing
    /// The key that signs instead of the IdP's own (an untrusted or rotated key), or nil.
    public var signingKey: TestSigningKey?
    /// What `KeyInfo` carries. Default: the signing key's certificate.
    public var keyInfo: KeyInfo
    /// A change made after signing. Default: none.
    public var tampering: Tampering
    /// The `Audience` instead of the request's issuer (the SP entity ID), or nil.
    public var audience: String?
    /// The bearer confirmation's `Recipient` instead of the ACS URL, or nil.
    public var recipient: String?
    /// The Response's `Destination` instead of the ACS URL, or nil.
    public var destination: String?
    /// The Response's `Issuer` instead of the IdP's entity ID, or nil.
    public var responseIssuer: String?
    /// The Assertion's `Issuer` instead of the IdP's entity ID, or nil.
    public var assertionIssuer: String?
    /// Which request the response answers. Default: the request's ID.
    public var inResponseTo: InResponseTo
    /// `IssueInstant` (of the Response and the Assertion) and `AuthnInstant`, from `now`. Default 0.
    public var issueInstantOffset: TimeInterval
    /// `Conditions/@NotBefore` from `now`, nil to leave it out. Default −60.
    public var notBeforeOffset: TimeInterval?
    /// `Conditions/@NotOnOrAfter` from `now`, nil to leave it out. Default 300.
    public var notOnOrAfterOffset: TimeInterval?
    /// The bearer `SubjectConfirmationData/@NotOnOrAfter` from `now`, nil to leave it out
    /// (which the SAML profile forbids). Default 300.
    public var subjectConfirmationNotOnOrAfterOffset: TimeInterval?
    /// Whether the assertion carries an `AuthnStatement`. Default true.
    public var includeAuthnStatement: Bool
    /// `AuthnStatement/@SessionNotOnOrAfter` from `now`, nil to leave it out. Default nil.
    public var sessionNotOnOrAfterOffset: TimeInterval?
    /// The `AuthnContextClassRef`. Default PasswordProtectedTransport.
    public var authnContextClassRef: String
    /// The status. Default Success.
    public var status: Status
    /// Whether the email attribute is left out. Default false.
    public var omitEmailAttribute: Bool
    /// Whether the Subject carries no NameID. Default false.
    public var omitNameID: Bool
    /// How the assertion travels. Default: one assertion.
    public var assertions: Assertions
    /// The Response's `ID`, or nil for a fresh random one.
    public var responseID: String?
    /// The Assertion's `ID`, or nil for a fresh random one (give the same one twice to test
    /// replay detection).
    public var assertionID: String?

    /// Creates options; with no arguments, a valid assertion-signed response.
    /// - Parameters:
    ///   - signing: Which elements are signed.
    ///   - signingKey: A key to sign with instead of the IdP's own.
    ///   - keyInfo: What `KeyInfo` carries.
    ///   - tampering: A change made after signing.
    ///   - audience: An `Audience` override.
    ///   - recipient: A `Recipient` override.
    ///   - destination: A `Destination` override.
    ///   - responseIssuer: A Response `Issuer` override.
    ///   - assertionIssuer: An Assertion `Issuer` override.
    ///   - inResponseTo: Which request the response answers.
    ///   - issueInstantOffset: `IssueInstant` and `AuthnInstant` from `now`.
    ///   - notBeforeOffset: `Conditions/@NotBefore` from `now`, or nil.
    ///   - notOnOrAfterOffset: `Conditions/@NotOnOrAfter` from `now`, or nil.
    ///   - subjectConfirmationNotOnOrAfterOffset: The bearer confirmation's end from `now`, or nil.
    ///   - includeAuthnStatement: Whether to send an `AuthnStatement`.
    ///   - sessionNotOnOrAfterOffset: `SessionNotOnOrAfter` from `now`, or nil.
    ///   - authnContextClassRef: The `AuthnContextClassRef`.
    ///   - status: The status.
    ///   - omitEmailAttribute: Whether to leave out the email attribute.
    ///   - omitNameID: Whether to leave out the NameID.
    ///   - assertions: How the assertion travels.
    ///   - responseID: The Response ID, or nil for a random one.
    ///   - assertionID: The Assertion ID, or nil for a random one.
    public init(signing: Signing = .assertion, signingKey: TestSigningKey? = nil, keyInfo: KeyInfo = .signingCertificate,
                tampering: Tampering = .none, audience: String? = nil, recipient: String? = nil,
                destination: String? = nil, responseIssuer: String? = nil, assertionIssuer: String? = nil,
                inResponseTo: InResponseTo = .request, issueInstantOffset: TimeInterval = 0,
                notBeforeOffset: TimeInterval? = -60, notOnOrAfterOffset: TimeInterval? = 300,
                subjectConfirmationNotOnOrAfterOffset: TimeInterval? = 300, includeAuthnStatement: Bool = true,
                sessionNotOnOrAfterOffset: TimeInterval? = nil,
                authnContextClassRef: String = ResponseOptions.passwordProtectedTransport,
                status: Status = .success, omitEmailAttribute: Bool = false, omitNameID: Bool = false,
                assertions: Assertions = .single, responseID: String? = nil, assertionID: String? = nil) {
        self.signing = signing
        self.signingKey = signingKey
        self.keyInfo = keyInfo
        self.tampering = tampering
        self.audience = audience
        self.recipient = recipient
        self.destination = destination
        self.responseIssuer = responseIssuer
        self.assertionIssuer = assertionIssuer
        self.inResponseTo = inResponseTo
        self.issueInstantOffset = issueInstantOffset
        self.notBeforeOffset = notBeforeOffset
        self.notOnOrAfterOffset = notOnOrAfterOffset
        self.subjectConfirmationNotOnOrAfterOffset = subjectConfirmationNotOnOrAfterOffset
        self.includeAuthnStatement = includeAuthnStatement
        self.sessionNotOnOrAfterOffset = sessionNotOnOrAfterOffset
        self.authnContextClassRef = authnContextClassRef
        self.status = status
        self.omitEmailAttribute = omitEmailAttribute
        self.omitNameID = omitNameID
        self.assertions = assertions
        self.responseID = responseID
        self.assertionID = assertionID
    }
}
