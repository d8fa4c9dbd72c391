import Foundation

/// The checks of the SAML Web Browser SSO profile that follow signature verification, and
/// the reading of the identity from the verified assertion element.
struct AssertionPolicy {
    let options: ResponseValidationOptions

    private static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"

    /// Checks `response` and its verified `assertion`, then reads the identity.
    /// - Parameters:
    ///   - response: The `samlp:Response` element.
    ///   - assertion: Its single, verified `saml:Assertion` element.
    ///   - signedElements: Which signatures verified.
    ///   - warnings: Warnings gathered so far.
    /// - Returns: The validated assertion.
    /// - Throws: `SAMLError` naming the first failed check.
    func evaluate(response: XMLTree.Element, assertion: XMLTree.Element, signedElements: [SignedElement],
                  warnings initialWarnings: [String]) throws(SAMLError) -> ValidatedAssertion {
        let saml = XMLNamespace.samlAssertion
        var warnings = initialWarnings

        try Self.checkShape(of: assertion)
        if let destination = response.attribute("Destination"), !destination.isExactly(options.assertionConsumerServiceURL) {
            throw SAMLError(.responseDestinationMismatch,
                "The response was sent to '\(destination.forMessage)', but this service provider's ACS URL is '\(options.assertionConsumerServiceURL)'. Set the IdP app's ACS URL (Okta: 'Single sign-on URL'; Entra ID: 'Reply URL') to '\(options.assertionConsumerServiceURL)'.",
                details: [.expectedDestination: options.assertionConsumerServiceURL, .observedDestination: destination])
        }
        // Issuer, Audience and NameID are element content: surrounding XML whitespace (a
        // pretty-printing IdP) is not part of the value. Trimming cannot make two entity IDs
        // equal, since an entity ID (a URI) cannot start or end with whitespace; anything else
        // (a no-break space, a zero-width character, another Unicode normalization) differs.
        if let issuer = response.firstChild("Issuer", saml)?.textContent.xmlWhitespaceTrimmed,
           !issuer.isExactly(options.identityProviderEntityID) {
            throw issuerMismatch(issuer, of: "response")
        }
        guard let assertionIssuer = assertion.firstChild("Issuer", saml)?.textContent.xmlWhitespaceTrimmed, !assertionIssuer.isEmpty else {
            throw SAMLError(.assertionIssuerMissing,
                "The assertion has no Issuer, so it cannot be tied to the configured IdP. The IdP did not produce a conforming SAML assertion; check its configuration.")
        }
        guard assertionIssuer.isExactly(options.identityProviderEntityID) else {
            throw issuerMismatch(assertionIssuer, of: "assertion")
        }
        guard let assertionID = assertion.attribute("ID"), !assertionID.isEmpty else {
            throw SAMLError(.assertionMalformed, "The assertion has no ID. The IdP did not produce a conforming SAML assertion.")
        }

        let responseInResponseTo = response.attribute("InResponseTo")
        if let expected = options.expectedRequestID {
            guard let answered = responseInResponseTo, answered.isExactly(expected) else {
                throw SAMLError(.responseInResponseToMismatch, responseInResponseTo.map { answered in
                    "The response answers request '\(answered.forMessage)', but request '\(expected)' was expected. It belongs to another sign-in attempt (an old tab or a replay); start the sign-in again."
                } ?? "The response does not say which sign-in request it answers (no InResponseTo), but request '\(expected)' was expected. Start the sign-in from this application rather than from the IdP's dashboard, or allow IdP-initiated sign-in.",
                    details: [.expectedInResponseTo: expected, .observedInResponseTo: responseInResponseTo])
            }
        } else if let answered = responseInResponseTo {
            warnings.append("The response answers request '\(answered.forMessage)', but no request ID was expected; it was accepted as IdP-initiated.")
        }

        // Conditions.
        let now = options.now
        let skew = options.clockSkew
        let issueInstant = (assertion.attribute("IssueInstant") ?? response.attribute("IssueInstant"))
            .map { XMLDateTime.parse($0).map(Self.format) ?? $0 }
        var notOnOrAfter: Date?
        var sawAudienceRestriction = false
        if let conditions = assertion.firstChild("Conditions", saml) {
            // Both bounds go into a time error's details, read leniently: a malformed one is
            // reported by its own check.
            let bounds = (conditions.attribute("NotBefore").flatMap(XMLDateTime.parse),
                          conditions.attribute("NotOnOrAfter").flatMap(XMLDateTime.parse))
            if let text = conditions.attribute("NotBefore") {
                let notBefore = try time(text, "Conditions NotBefore")
                guard notBefore.addingTimeInterval(-skew) <= now else {
                    throw SAMLError(.conditionsNotYetValid,
                        "The assertion is not valid before \(text.forMessage), and it is now \(Self.format(now)) (with \(Int(skew)) s of clock skew allowed). Check that the clocks of this server and of the IdP are set correctly (NTP).",
                        details: timeDetails(notBefore: notBefore, notOnOrAfter: bounds.1, issueInstant: issueInstant))
                }
            }
            if let text = conditions.attribute("NotOnOrAfter") {
                let end = try time(text, "Conditions NotOnOrAfter")
                guard now < end.addingTimeInterval(skew) else {
                    throw SAMLError(.conditionsExpired,
                        "The assertion expired at \(text.forMessage), and it is now \(Self.format(now)) (with \(Int(skew)) s of clock skew allowed). Sign in again; if this keeps happening, check the clocks of this server and of the IdP.",
                        details: timeDetails(notBefore: bounds.0, notOnOrAfter: end, issueInstant: issueInstant))
                }
                notOnOrAfter = end
            }
            try Self.checkConditionKinds(conditions)
            for restriction in conditions.children("AudienceRestriction", saml) {
                sawAudienceRestriction = true
                let audiences = restriction.children("Audience", saml).map { $0.textContent.xmlWhitespaceTrimmed }
                guard audiences.contains(where: { $0.isExactly(options.serviceProviderEntityID) }) else {
                    let more = audiences.count > 5 ? " and \(audiences.count - 5) more" : ""
                    let found = audiences.isEmpty ? "no audience"
                        : audiences.prefix(5).map { "'\($0.forMessage)'" }.joined(separator: ", ") + more
                    throw SAMLError(.conditionsAudienceMismatch,
                        "The assertion is meant for \(found), but this service provider's entity ID is '\(options.serviceProviderEntityID)'. Set the IdP app's Audience / Entity ID (Okta: 'Audience URI (SP Entity ID)'; Entra ID: 'Identifier (Entity ID)') to '\(options.serviceProviderEntityID)'.",
                        details: [.expectedAudience: options.serviceProviderEntityID,
                                  .observedAudience: audiences.joined(separator: ", ")])
                }
            }
        }
        if !sawAudienceRestriction {
            warnings.append("The assertion has no AudienceRestriction, so it does not say which service provider it is for. Configure the IdP app's Audience / Entity ID as '\(options.serviceProviderEntityID)'.")
        }

        // Subject and its bearer confirmation.
        guard let subject = assertion.firstChild("Subject", saml) else {
            throw SAMLError(.assertionSubjectMissing,
                "The assertion has no Subject, so it does not say who signed in. Check the IdP app's NameID / subject configuration.")
        }
        let confirmationEnd = try checkBearerConfirmation(subject, issueInstant: issueInstant)
        if let end = confirmationEnd {
            notOnOrAfter = notOnOrAfter.map { min($0, end) } ?? end
        }
        guard let nameIDElement = subject.firstChild("NameID", saml) else {
            throw SAMLError(.assertionNameIDMissing,
                "The assertion's Subject has no NameID (an EncryptedID or BaseID is not supported). Configure the IdP app to send a NameID, usually the user's email address, unencrypted.")
        }
        let nameID = nameIDElement.textContent.xmlWhitespaceTrimmed
        guard !nameID.isEmpty else {
            throw SAMLError(.assertionNameIDMissing,
                "The assertion's NameID is empty. Configure the IdP app's NameID (usually the user's email address).",
                details: [.observedNameIDFormat: nameIDElement.attribute("Format")])
        }

        guard let authnStatement = assertion.firstChild("AuthnStatement", saml) else {
            throw SAMLError(.assertionAuthnStatementMissing,
                "The assertion has no AuthnStatement, so it does not say that the user authenticated. Configure the IdP to send an authentication assertion (Web Browser SSO profile).")
        }

        // What the IdP says about the authentication itself; dates must be valid when present.
        var authnInstant: Date?
        if let text = authnStatement.attribute("AuthnInstant") { authnInstant = try time(text, "AuthnInstant") }
        var sessionNotOnOrAfter: Date?
        if let text = authnStatement.attribute("SessionNotOnOrAfter") {
            sessionNotOnOrAfter = try time(text, "SessionNotOnOrAfter")
        }
        let authnContextClassRef = authnStatement.firstChild("AuthnContext", saml)?
            .firstChild("AuthnContextClassRef", saml)?.textContent.xmlWhitespaceTrimmed

        var attributes: [String: [String]] = [:]
        for statement in assertion.children("AttributeStatement", saml) {
            for attribute in statement.children("Attribute", saml) {
                guard let name = attribute.attribute("Name") else { continue }
                let values = attribute.children("AttributeValue", saml).map(\.textContent)
                attributes[name, default: []].append(contentsOf: values)
            }
        }

        return ValidatedAssertion(
            assertionID: assertionID, issuer: assertionIssuer, nameID: nameID,
            nameIDFormat: nameIDElement.attribute("Format"),
            sessionIndex: authnStatement.attribute("SessionIndex"),
            attributes: attributes, signedElements: signedElements, notOnOrAfter: notOnOrAfter,
            inResponseTo: responseInResponseTo, warnings: warnings, authnInstant: authnInstant,
            sessionNotOnOrAfter: sessionNotOnOrAfter, authnContextClassRef: authnContextClassRef)
    }

    /// Finds a bearer `SubjectConfirmation` whose data names the ACS URL, has not expired and
    /// answers the expected request; reports the first problem when none does.
    /// - Returns: The confirmation's `NotOnOrAfter`.
    private func checkBearerConfirmation(_ subject: XMLTree.Element, issueInstant: String?) throws(SAMLError) -> Date? {
        let saml = XMLNamespace.samlAssertion
        let bearers = subject.children("SubjectConfirmation", saml).filter { $0.attribute("Method")?.isExactly(Self.bearer) == true }
        guard !bearers.isEmpty else {
            throw SAMLError(.subjectConfirmationMissing,
                "The assertion has no bearer SubjectConfirmation, which the SAML Web Browser SSO profile requires. Check the IdP app's configuration.")
        }
        var problems: [SAMLError] = []
        for confirmation in bearers {
            do {
                return try checkConfirmationData(confirmation.firstChild("SubjectConfirmationData", saml),
                                                 issueInstant: issueInstant)
            } catch {
                problems.append(error)
            }
        }
        // Every bearer confirmation failed: report the first one's reason.
        throw problems.first ?? SAMLError(.subjectConfirmationMissing,
            "The assertion has no usable bearer SubjectConfirmation. Check the IdP app's configuration.")
    }

    private func checkConfirmationData(_ data: XMLTree.Element?, issueInstant: String?) throws(SAMLError) -> Date {
        let acs = options.assertionConsumerServiceURL
        guard let data, let recipient = data.attribute("Recipient") else {
            throw SAMLError(.subjectConfirmationRecipientMismatch,
                "The assertion's bearer SubjectConfirmationData names no Recipient, so it is not bound to this service provider. Set the IdP app's ACS URL to '\(acs)'.",
                details: [.expectedRecipient: acs])
        }
        guard recipient.isExactly(acs) else {
            throw SAMLError(.subjectConfirmationRecipientMismatch,
                "The assertion's Recipient is '\(recipient.forMessage)', but this service provider's ACS URL is '\(acs)'. Set the IdP app's ACS URL (Okta: 'Single sign-on URL'; Entra ID: 'Reply URL') to '\(acs)'.",
                details: [.expectedRecipient: acs, .observedRecipient: recipient])
        }
        guard let endText = data.attribute("NotOnOrAfter") else {
            throw SAMLError(.subjectConfirmationExpired,
                "The assertion's bearer SubjectConfirmationData has no NotOnOrAfter, so it would never expire. The IdP did not produce a conforming Web Browser SSO assertion.")
        }
        let end = try time(endText, "SubjectConfirmationData NotOnOrAfter")
        let startForDetails = data.attribute("NotBefore").flatMap(XMLDateTime.parse)
        guard options.now < end.addingTimeInterval(options.clockSkew) else {
            throw SAMLError(.subjectConfirmationExpired,
                "The assertion's bearer confirmation expired at \(endText.forMessage), and it is now \(Self.format(options.now)) (with \(Int(options.clockSkew)) s of clock skew allowed). Sign in again; if this keeps happening, check the clocks of this server and of the IdP.",
                details: timeDetails(notBefore: startForDetails, notOnOrAfter: end, issueInstant: issueInstant))
        }
        if let startText = data.attribute("NotBefore") {
            let start = try time(startText, "SubjectConfirmationData NotBefore")
            guard start.addingTimeInterval(-options.clockSkew) <= options.now else {
                throw SAMLError(.conditionsNotYetValid,
                    "The assertion's bearer confirmation is not valid before \(startText.forMessage), and it is now \(Self.format(options.now)). Check the clocks of this server and of the IdP.",
                    details: timeDetails(notBefore: start, notOnOrAfter: end, issueInstant: issueInstant))
            }
        }
        if let expected = options.expectedRequestID {
            let answered = data.attribute("InResponseTo")
            guard let answered, answered.isExactly(expected) else {
                throw SAMLError(.responseInResponseToMismatch, answered.map { answered in
                    "The assertion's SubjectConfirmationData answers request '\(answered.forMessage)', but request '\(expected)' was expected. Start the sign-in again."
                } ?? "The assertion's SubjectConfirmationData does not say which request it answers (no InResponseTo), but request '\(expected)' was expected. Start the sign-in from this application.",
                    details: [.expectedInResponseTo: expected, .observedInResponseTo: answered])
            }
        }
        return end
    }

    /// Refuses an assertion whose shape makes a value ambiguous: SAML's schema allows one
    /// `Issuer`, at most one `Subject` and `Conditions`, and text only in `Issuer`, `NameID`
    /// and `Audience`. A second `Conditions` would otherwise be ignored, and an element inside
    /// `NameID` would add its text to the name.
    private static func checkShape(of assertion: XMLTree.Element) throws(SAMLError) {
        let saml = XMLNamespace.samlAssertion
        guard assertion.attribute("Version").map({ $0.isExactly("2.0") }) ?? false else {
            throw SAMLError(.assertionMalformed,
                "The assertion's Version is '\(assertion.attribute("Version")?.forMessage ?? "missing")', not '2.0'. Configure the IdP to send SAML 2.0 assertions.")
        }
        let children = assertion.children
        for name in ["Issuer", "Subject", "Conditions", "Advice"] {
            let count = children.reduce(0) { $0 + ($1.is(name, saml) ? 1 : 0) }
            guard count <= 1 else {
                throw SAMLError(.assertionMalformed,
                    "The assertion has \(count) <\(name)> elements; SAML allows one. An assertion with two of them is ambiguous (which one holds?), so it is refused. Check the IdP.")
            }
        }
        // A Subject names one principal: one NameID, BaseID or EncryptedID at most.
        if let subject = assertion.firstChild("Subject", saml) {
            let identifiers = subject.children.filter { $0.is("NameID", saml) || $0.is("BaseID", saml) || $0.is("EncryptedID", saml) }
            guard identifiers.count <= 1 else {
                throw SAMLError(.assertionMalformed,
                    "The assertion's Subject names \(identifiers.count) identifiers (NameID, BaseID or EncryptedID); SAML allows one. Which user signed in would be ambiguous, so the assertion is refused. Check the IdP app's NameID configuration.")
            }
        }
        var simple: [XMLTree.Element] = assertion.children("Issuer", saml)
        if let subject = assertion.firstChild("Subject", saml) { simple += subject.children("NameID", saml) }
        for restriction in assertion.firstChild("Conditions", saml)?.children("AudienceRestriction", saml) ?? [] {
            simple += restriction.children("Audience", saml)
        }
        if let nested = simple.first(where: { !$0.children.isEmpty }) {
            throw SAMLError(.assertionMalformed,
                "The assertion's <\(nested.localName)> contains an element, but it holds text only. Its value would be ambiguous, so the assertion is refused. Check the IdP.")
        }
    }

    /// Refuses conditions this service provider cannot evaluate. SAML 2.0 (core, 2.5.1.1):
    /// a condition the relying party does not understand makes the assertion's validity
    /// Indeterminate, and an Indeterminate assertion is not to be relied on. Understood:
    /// `AudienceRestriction` (checked), `OneTimeUse` (single use is what the replay cache of
    /// `validate(_:now:replayCache:)` enforces for every assertion; hosts must use one),
    /// `ProxyRestriction` (limits re-issuing assertions, which a service provider never
    /// does); each of the last two at most once, as the schema says.
    private static func checkConditionKinds(_ conditions: XMLTree.Element) throws(SAMLError) {
        let saml = XMLNamespace.samlAssertion
        var oneTimeUse = 0
        var proxyRestriction = 0
        for condition in conditions.children {
            if condition.is("AudienceRestriction", saml) { continue }
            if condition.is("OneTimeUse", saml) { oneTimeUse += 1; continue }
            if condition.is("ProxyRestriction", saml) { proxyRestriction += 1; continue }
            let name = condition.localName.forMessage
            let type = condition.attribute("type", namespaceURI: XMLNamespace.xmlSchemaInstance)
                .map { " of type '\($0.forMessage)'" } ?? ""
            throw SAMLError(.conditionsUnsupported,
                "The assertion's Conditions hold a <\(name)> condition\(type), which this service provider does not understand; SAML requires an assertion with a condition the relying party cannot evaluate to be treated as invalid, so it is refused. Remove the custom condition (or the policy that adds it) from the IdP app.")
        }
        for (name, count) in [("OneTimeUse", oneTimeUse), ("ProxyRestriction", proxyRestriction)] where count > 1 {
            throw SAMLError(.assertionMalformed,
                "The assertion's Conditions hold \(count) <\(name)> elements; SAML allows one. Check the IdP.")
        }
    }

    private func issuerMismatch(_ issuer: String, of element: String) -> SAMLError {
        SAMLError(.responseIssuerMismatch,
            "The \(element) was issued by '\(issuer.forMessage)', but the configured IdP entity ID is '\(options.identityProviderEntityID)'. Copy the IdP's entity ID (Okta: 'Identity Provider Issuer'; Entra ID: 'Microsoft Entra Identifier') into the connection exactly.",
            details: [.expectedIssuer: options.identityProviderEntityID, .observedIssuer: issuer])
    }

    /// The details of a time check that failed: the bounds of the element checked (either
    /// may be absent), the time of validation, the skew allowed and when the IdP issued the
    /// assertion, all ISO 8601 UTC.
    private func timeDetails(notBefore: Date?, notOnOrAfter: Date?,
                             issueInstant: String?) -> [SAMLError.DetailKey: String?] {
        [.observedNotBefore: notBefore.map(Self.format), .observedNotOnOrAfter: notOnOrAfter.map(Self.format),
         .now: Self.format(options.now), .clockSkewSeconds: String(Int(options.clockSkew)),
         .observedIssueInstant: issueInstant]
    }

    private func time(_ text: String, _ what: String) throws(SAMLError) -> Date {
        guard let date = XMLDateTime.parse(text) else {
            throw SAMLError(.assertionMalformed,
                "The assertion's \(what) '\(text.forMessage)' is not a valid xs:dateTime. The IdP did not produce a conforming assertion.")
        }
        return date
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF), as XML values are
    /// padded; done on UTF-8 bytes because Foundation's trimming is slow on Linux.
    var xmlWhitespaceTrimmed: String {
        let utf8 = self.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
              let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
