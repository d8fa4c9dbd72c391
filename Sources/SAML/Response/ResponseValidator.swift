import Foundation

/// Validates SAML 2.0 Responses posted to this service provider's ACS URL: hardened parsing,
/// XML signature verification against the configured certificates only, the structural
/// defences against XML signature wrapping, and the SAML Web Browser SSO profile's checks.
///
/// Time checks use the `now` passed to ``validate(_:now:)``; ``validate(_:)`` uses
/// `options.now`, fixed when the validator was built. A host keeps one validator per
/// connection (its certificates' keys are parsed once, in `init`) and passes the current
/// time with each response: a validator used through ``validate(_:)`` for hours would keep
/// judging against its creation time, accepting an assertion without `NotBefore` long after
/// it expired. Values are value types and `Sendable`; `validate` may run on many threads at
/// once.
///
/// The policy, in order:
/// 1. The document parses (no DOCTYPE, bounded size and depth) and is a `samlp:Response`
///    with `Version="2.0"` and a `Success` status.
/// 2. IDs are unique; no `EncryptedAssertion`; exactly one `saml:Assertion` anywhere, and it
///    is a direct child of the Response; signatures sit only directly in the Response or the
///    Assertion, at most one in each, and at least one is present.
/// 3. Every present signature verifies (see `SignatureVerifier`); together they cover the
///    assertion that is read.
/// 4. `Destination` (when present) is the ACS URL; the Response's `Issuer` (when present) and
///    the Assertion's `Issuer` are the IdP entity ID; `InResponseTo` matches when a request
///    ID is expected.
/// 5. `Conditions` hold at `now` within the clock skew and every `AudienceRestriction`
///    names this SP; a bearer `SubjectConfirmation` names the ACS URL and has not expired;
///    an `AuthnStatement` is present.
/// 6. NameID, its format, the session index and the attributes are read from the verified
///    assertion element itself.
public struct ResponseValidator: Sendable {
    /// The options this validator checks against.
    public let options: ResponseValidationOptions
    private let verifier: SignatureVerifier

    /// Creates a validator and parses the trusted certificates' keys once.
    /// - Parameter options: What responses must match.
    /// - Throws: `certificate.none` (no certificate), `certificate.too-many` (more than five),
    ///   `options.invalid-clock-skew` (negative, not a number, or over an hour),
    ///   `certificate.invalid` or `certificate.unsupported-key`.
    public init(options: ResponseValidationOptions) throws(SAMLError) {
        guard !options.trustedCertificates.isEmpty else {
            throw SAMLError(.certificateNone,
                "No IdP signing certificate is configured, so no response can be trusted. Add the IdP's signing certificate (from its metadata or admin console).")
        }
        guard options.trustedCertificates.count <= 5 else {
            throw SAMLError(.certificateTooMany,
                "\(options.trustedCertificates.count) IdP signing certificates are configured; at most 5 are accepted. Remove certificates the IdP no longer uses.")
        }
        guard options.clockSkew.isFinite, (0...Self.maximumClockSkew).contains(options.clockSkew) else {
            throw SAMLError(.optionsInvalidClockSkew,
                "The clock skew is \(options.clockSkew) seconds; it must be between 0 and \(Int(Self.maximumClockSkew)) seconds (the default, 120, suits servers that keep time with NTP). A larger skew would accept assertions long after they expired.")
        }
        var keys: [VerificationKey] = []
        for certificate in options.trustedCertificates {
            keys.append(try VerificationKey(certificate: certificate))
        }
        self.options = options
        verifier = SignatureVerifier(keys: keys, allowSHA1: options.allowSHA1, allowWeakKeys: options.allowWeakKeys,
                                     now: options.now)
    }

    /// Validates one SAML Response at `options.now`.
    /// - Parameter input: The `SAMLResponse` form field's value (base64; whitespace and line
    ///   breaks tolerated) or the response XML.
    /// - Returns: The asserted identity.
    /// - Throws: `SAMLError` with a stable code and a sentence saying what to fix.
    public func validate(_ input: Data) throws(SAMLError) -> ValidatedAssertion {
        try validate(input, options: options, verifier: verifier)
    }

    /// Validates one SAML Response at the given time, reusing this validator's parsed keys.
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value (base64; whitespace and line breaks
    ///     tolerated) or the response XML.
    ///   - now: The time the response was received; replaces `options.now`.
    /// - Returns: The asserted identity.
    /// - Throws: `SAMLError` with a stable code and a sentence saying what to fix.
    public func validate(_ input: Data, now: Date) throws(SAMLError) -> ValidatedAssertion {
        var options = self.options
        options.now = now
        var verifier = self.verifier
        verifier.now = now
        return try validate(input, options: options, verifier: verifier)
    }

    /// Validates one SAML Response at the given time as the answer to a given request,
    /// reusing this validator's parsed keys: a host keeps one validator per connection and
    /// checks each sign-in against the request it started.
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value (base64) or the response XML.
    ///   - now: The time the response was received; replaces `options.now`.
    ///   - expectedRequestID: The AuthnRequest ID the response must answer, or nil for an
    ///     IdP-initiated response; replaces `options.expectedRequestID`.
    /// - Returns: The asserted identity.
    /// - Throws: `SAMLError` with a stable code and a sentence saying what to fix.
    public func validate(_ input: Data, now: Date, expectedRequestID: String?) throws(SAMLError) -> ValidatedAssertion {
        var options = self.options
        options.now = now
        options.expectedRequestID = expectedRequestID
        var verifier = self.verifier
        verifier.now = now
        return try validate(input, options: options, verifier: verifier)
    }

    private func validate(_ input: Data, options: ResponseValidationOptions,
                          verifier: SignatureVerifier) throws(SAMLError) -> ValidatedAssertion {
        let xml = try ResponseInput.xmlBytes(from: input, limits: options.limits)
        let tree = try XMLTree(bytes: xml, limits: options.limits)
        let response = tree.root
        guard response.is("Response", XMLNamespace.samlProtocol) else {
            throw SAMLError(.responseNotResponse,
                "The document is a <\(response.localName.forMessage)>, not a SAML 2.0 <samlp:Response>. Post the SAMLResponse form field that the IdP sends to the ACS URL.")
        }
        guard response.attribute("Version")?.isExactly("2.0") == true else {
            throw SAMLError(.responseVersion,
                "The response's Version is '\(response.attribute("Version")?.forMessage ?? "missing")', not '2.0'. Configure the IdP to send SAML 2.0 responses.")
        }
        try ResponseStatus.check(response)

        let assertion = try Self.theAssertion(of: response, tree: tree)
        let ds = XMLNamespace.xmlDSig
        let responseSignatures = response.children("Signature", ds)
        let assertionSignatures = assertion.element.children("Signature", ds)
        guard responseSignatures.count <= 1, assertionSignatures.count <= 1 else {
            throw SAMLError(.signatureMalformed,
                "The \(responseSignatures.count > 1 ? "Response" : "Assertion") carries more than one signature. A SAML element has at most one; the response is rejected.")
        }
        guard assertion.scan.signatureCount == responseSignatures.count + assertionSignatures.count else {
            throw SAMLError(.signatureWrapping,
                "The response contains a Signature element that is neither directly in the Response nor directly in the Assertion. Signatures elsewhere are how XML signature wrapping attacks hide the genuinely signed content; the response is rejected.")
        }
        guard !responseSignatures.isEmpty || !assertionSignatures.isEmpty else {
            throw SAMLError(.signatureMissing,
                "Neither the Response nor the Assertion is signed. Configure the IdP to sign the assertion or the response (for example Okta: 'Assertion Signature: Signed'; Entra ID: 'Sign SAML response and assertion').")
        }

        var signed: [SignedElement] = []
        var warnings: [String] = []
        // Every present signature must verify; either one covers the assertion, since the
        // assertion is a direct child of the Response.
        if let signature = responseSignatures.first {
            warnings += try verifier.verify(signature, signing: response, location: "the Response")
            signed.append(.response)
        }
        if let signature = assertionSignatures.first {
            warnings += try verifier.verify(signature, signing: assertion.element, location: "the Assertion")
            signed.append(.assertion)
        }

        let policy = AssertionPolicy(options: options)
        return try policy.evaluate(response: response, assertion: assertion.element,
                                   signedElements: signed, warnings: warnings)
    }

    /// The largest clock skew accepted, in seconds: an hour. Clocks kept by NTP differ by
    /// well under a second; a skew beyond this would turn expiry times into suggestions.
    public static let maximumClockSkew: TimeInterval = 3600

    /// The most elements a response may have.
    static let maximumElements = 20_000

    /// The single assertion of the response, after the structural checks.
    private static func theAssertion(of response: XMLTree.Element,
                                     tree: XMLTree) throws(SAMLError) -> (element: XMLTree.Element, scan: SAMLStructureScan) {
        guard let scan = SAMLStructureScan(tree) else {
            throw SAMLError(.xmlMalformed, "The response could not be scanned (out of memory). Try again.")
        }
        // Canonicalization runs before the signature value is checked (the digest comes
        // first), and its cost grows with elements × inclusive prefixes × namespaces in scope;
        // the element count bounds what a forger can make it cost. Responses carry tens to a
        // few thousand elements (one per group membership at most).
        guard scan.elementCount <= maximumElements else {
            throw SAMLError(.xmlTooLarge,
                "The response has \(scan.elementCount) XML elements; at most \(maximumElements) are accepted. Real responses have far fewer (each attribute value is one); check what was posted, or have the IdP send fewer attribute values.")
        }
        if let duplicate = scan.duplicateID {
            throw SAMLError(.responseDuplicateID,
                "Two elements of the response carry the same ID '\(duplicate.forMessage)'. IDs must be unique; duplicated IDs are how XML signature wrapping attacks make a signature seem to cover other content. The response is rejected.")
        }
        if scan.encryptedAssertionCount > 0 {
            throw SAMLError(.assertionEncryptedUnsupported,
                "The response carries an EncryptedAssertion. Encrypted assertions are not supported: turn off assertion encryption in the IdP's SAML app (the response is still protected by TLS and by its signature).")
        }
        guard scan.assertionCount == 1 else {
            throw SAMLError(.assertionCount, scan.assertionCount == 0
                ? "The response carries no Assertion, so it says nothing about who signed in. Check the IdP's SAML app configuration and its sign-in logs."
                : "The response carries \(scan.assertionCount) Assertion elements (counting any inside Advice, Extensions or signature Objects); exactly one is accepted. Several assertions are how XML signature wrapping attacks smuggle a forged identity; if the IdP really sends more than one, configure it to send one.")
        }
        let direct = response.children("Assertion", XMLNamespace.samlAssertion)
        guard let assertion = direct.first else {
            throw SAMLError(.signatureWrapping,
                "The response's only Assertion is not a direct child of the Response but nested inside another element. That is the shape of an XML signature wrapping attack; the response is rejected.")
        }
        return (assertion, scan)
    }
}
