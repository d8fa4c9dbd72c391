import Foundation
import SAML

extension TestIdentityProvider {
    /// Mints the SAML Response that answers a service provider's AuthnRequest.
    ///
    /// By default the response is valid: posted to the request's ACS URL, restricted to the
    /// request's issuer (the SP entity ID), answering the request's ID, issued at `now`, with
    /// the user's NameID and attributes in one assertion signed with ``signingKey``. Each of
    /// ``ResponseOptions``' knobs breaks one thing on purpose.
    /// - Parameters:
    ///   - request: The request to answer (from ``parseAuthnRequest(redirectURL:)``); its
    ///     RelayState goes back with the response.
    ///   - user: The user who signs in.
    ///   - now: The time the IdP answers; every time in the response is relative to it.
    ///   - options: The response's shape; valid by default.
    /// - Returns: The response, its XML, and where to post it.
    /// - Throws: `response.invalid-options` when options contradict each other,
    ///   `response.signing-failed` when signing fails.
    public func response(to request: ReceivedAuthnRequest, user: TestUser, now: Date,
                         options: ResponseOptions = ResponseOptions()) throws(TestIdentityProviderError) -> MintedResponse {
        try mint(acsURL: request.assertionConsumerServiceURL, audience: request.issuer, requestID: request.id,
                 relayState: request.relayState, user: user, now: now, options: options)
    }

    /// Mints an IdP-initiated (unsolicited) SAML Response: one that answers no request, as
    /// when a user starts from the IdP's dashboard.
    /// - Parameters:
    ///   - acsURL: The service provider's ACS URL (the Destination and the Recipient).
    ///   - audience: The service provider's entity ID (the Audience).
    ///   - user: The user who signs in.
    ///   - now: The time the IdP answers.
    ///   - relayState: The RelayState to post with it, or nil.
    ///   - options: The response's shape; valid by default (`inResponseTo: .request` writes none).
    /// - Returns: The response, its XML, and where to post it.
    /// - Throws: `response.invalid-options` or `response.signing-failed`.
    public func response(acsURL: String, audience: String, user: TestUser, now: Date, relayState: String? = nil,
                         options: ResponseOptions = ResponseOptions()) throws(TestIdentityProviderError) -> MintedResponse {
        try mint(acsURL: acsURL, audience: audience, requestID: nil, relayState: relayState,
                 user: user, now: now, options: options)
    }

    private func mint(acsURL: String, audience: String, requestID: String?, relayState: String?, user: TestUser,
                      now: Date, options: ResponseOptions) throws(TestIdentityProviderError) -> MintedResponse {
        let responseID = options.responseID ?? AuthnRequest.makeID()
        let assertionID = options.assertionID ?? AuthnRequest.makeID()
        guard !responseID.isEmpty, !assertionID.isEmpty, responseID != assertionID else {
            throw TestIdentityProviderError(.responseInvalidOptions,
                "The Response and the Assertion need two different, non-empty IDs; '\(responseID)' and '\(assertionID)' were given.")
        }
        let inResponseTo: String? = switch options.inResponseTo {
        case .request: requestID
        case .value(let value): value
        case .omitted: nil
        }
        let document = ResponseDocument(
            idpEntityID: entityID, acsURL: acsURL, audience: audience, inResponseTo: inResponseTo, user: user,
            now: now, options: options, responseID: responseID, sessionIndex: AuthnRequest.makeID())
        let key = options.signingKey ?? signingKey
        let keyInfoCertificate: Certificate? = switch options.keyInfo {
        case .signingCertificate: key.certificate
        case .certificate(let certificate): certificate
        case .omitted: nil
        }
        let signer = EnvelopedSigner(key: key, keyInfoCertificate: keyInfoCertificate)
        let signsAssertion = options.signing == .assertion || options.signing == .both
        let signsResponse = options.signing == .response || options.signing == .both

        // The assertion first: a Response signature covers the assertion's own signature.
        var signatureValues: [String] = []
        var assertions = ""
        var genuineAssertionID: String?
        if options.status.isSuccess {
            switch options.assertions {
            case .encryptedPlaceholder:
                assertions = document.encryptedAssertionPlaceholder
            case .single, .withUnsignedCopy:
                let start = document.assertionStart(id: assertionID)
                let rest = document.assertionRest(nameID: user.nameID)
                var assertion = start + rest
                if signsAssertion {
                    let signature = try signer.signature(
                        forElementWithID: assertionID, prefix: document.responseStart + document.status + start,
                        suffix: rest + ResponseDocument.responseEnd)
                    assertion = start + signature.xml + rest
                    signatureValues.append(signature.signatureValue)
                }
                if case .withUnsignedCopy(let nameID) = options.assertions {
                    // Before the genuine one, where a careless service provider looks first.
                    assertions = document.assertionStart(id: AuthnRequest.makeID()) + document.assertionRest(nameID: nameID)
                }
                assertions += assertion
                genuineAssertionID = assertionID
            }
        }

        let afterIssuer = document.status + assertions + ResponseDocument.responseEnd
        var xml = document.responseStart + afterIssuer
        if signsResponse {
            let signature = try signer.signature(forElementWithID: responseID, prefix: document.responseStart,
                                                 suffix: afterIssuer)
            xml = document.responseStart + signature.xml + afterIssuer
            signatureValues.append(signature.signatureValue)
        }

        switch options.tampering {
        case .none:
            break
        case .modifyNameID(let replacement):
            let original = document.nameIDElement(user.nameID)
            guard let genuineAssertionID, !options.omitNameID,
                  let assertionStart = xml.range(of: "ID=\"\(MarkupEscaping.xmlAttribute(genuineAssertionID))\""),
                  let range = xml.range(of: original, range: assertionStart.upperBound..<xml.endIndex) else {
                throw TestIdentityProviderError(.responseInvalidOptions,
                    "Tampering with the NameID needs an assertion with a NameID; this response has none (omitted NameID, a failed status or an encrypted-assertion placeholder).")
            }
            xml.replaceSubrange(range, with: document.nameIDElement(replacement))
        case .corruptSignatureValue:
            guard let outermost = signatureValues.last,
                  var bytes = Data(base64Encoded: outermost), !bytes.isEmpty,
                  let range = xml.range(of: "<ds:SignatureValue>\(outermost)</ds:SignatureValue>") else {
                throw TestIdentityProviderError(.responseInvalidOptions,
                    "Corrupting the signature value needs a signature; this response is not signed. Choose signing other than none.")
            }
            bytes[bytes.startIndex] ^= 0x01
            xml.replaceSubrange(range, with: "<ds:SignatureValue>\(bytes.base64EncodedString())</ds:SignatureValue>")
        }

        return MintedResponse(xml: xml, responseID: responseID, assertionID: genuineAssertionID,
                              acsURL: acsURL, relayState: relayState)
    }
}
