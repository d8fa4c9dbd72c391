import Foundation
import Testing
@testable import SAML

/// The profile checks after the signature: odd shapes the IdP signed, exact comparison of
/// identifiers, time boundaries, InResponseTo, subject confirmations, status, and what error
/// messages may repeat from an untrusted document.
@Suite struct RedTeamPolicyTests {
    struct SignedVariant: CustomTestStringConvertible, Sendable {
        let file: String
        let expected: SAMLError.Code?
        var testDescription: String { file }
    }

    /// Assertions in these shapes were signed by the trusted IdP key.
    static let variants: [SignedVariant] = [
        .init(file: "two-bearers-first-wrong-recipient.xml", expected: nil),
        .init(file: "holder-of-key-only.xml", expected: .subjectConfirmationMissing),
        .init(file: "bearer-method-wrong-case.xml", expected: .subjectConfirmationMissing),
        .init(file: "confirmation-without-in-response-to.xml", expected: .responseInResponseToMismatch),
        .init(file: "two-conditions.xml", expected: .assertionMalformed),
        .init(file: "assertion-version-1-1.xml", expected: .assertionMalformed),
        .init(file: "date-february-30.xml", expected: .assertionMalformed),
        .init(file: "date-hour-24-past-midnight.xml", expected: .assertionMalformed),
        .init(file: "date-hour-24-end-of-day.xml", expected: nil),
        .init(file: "date-offset.xml", expected: nil),
        .init(file: "date-long-fraction.xml", expected: nil),
        .init(file: "date-no-zone.xml", expected: nil),
        .init(file: "date-leap-second.xml", expected: nil),
        .init(file: "date-far-future.xml", expected: nil),
        .init(file: "date-malformed.xml", expected: .assertionMalformed),
        .init(file: "date-five-digit-year.xml", expected: .assertionMalformed),
        .init(file: "issuer-padded.xml", expected: nil),
        .init(file: "issuer-no-break-space.xml", expected: .responseIssuerMismatch),
        .init(file: "issuer-zero-width-space.xml", expected: .responseIssuerMismatch),
        .init(file: "issuer-with-child-element.xml", expected: .assertionMalformed),
        .init(file: "audience-decomposed.xml", expected: .conditionsAudienceMismatch),
        .init(file: "audience-padded.xml", expected: nil),
        .init(file: "audience-many-others.xml", expected: .conditionsAudienceMismatch),
        .init(file: "name-id-padded.xml", expected: nil),
        .init(file: "audience-second-restriction-other.xml", expected: .conditionsAudienceMismatch),
        .init(file: "audience-one-of-several.xml", expected: nil),
        .init(file: "name-id-with-child-element.xml", expected: .assertionMalformed),
        .init(file: "no-conditions.xml", expected: nil),
        .init(file: "two-name-ids.xml", expected: .assertionMalformed),
        .init(file: "authn-instant-malformed.xml", expected: .assertionMalformed),
        .init(file: "session-not-on-or-after.xml", expected: nil),
        .init(file: "condition-one-time-use.xml", expected: nil),
        .init(file: "condition-proxy-restriction.xml", expected: nil),
        .init(file: "condition-two-one-time-use.xml", expected: .assertionMalformed),
        .init(file: "condition-custom-type.xml", expected: .conditionsUnsupported),
        .init(file: "condition-foreign-element.xml", expected: .conditionsUnsupported),
    ]

    /// SessionNotOnOrAfter, signed by the IdP, reaches the host.
    @Test func sessionEndIsRead() throws {
        guard case .success(let assertion) = RedTeam.outcome(try RedTeam.text("session-not-on-or-after.xml"), try RedTeam.validator()) else {
            Issue.record("refused")
            return
        }
        #expect(assertion.sessionNotOnOrAfter == XMLDateTime.parse("2026-03-01T19:59:54Z"))
    }

    /// The refusal of a condition names it and its type, so the admin can find the policy.
    @Test func unsupportedConditionIsNamed() throws {
        guard case .failure(let error) = RedTeam.outcome(try RedTeam.text("condition-custom-type.xml"), try RedTeam.validator()) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message.contains("<Condition> condition of type 'ext:OnlyFromOfficeNetwork'"), "\(error)")
    }

    @Test(arguments: variants)
    func signedShapes(_ test: SignedVariant) throws {
        let result = RedTeam.outcome(try RedTeam.text(test.file), try RedTeam.validator())
        switch (result, test.expected) {
        case (.success(let assertion), nil):
            #expect(assertion.nameID == "alice@example.com")
            #expect(assertion.issuer == ResponseFixtures.idp)
        case (.failure(let error), let expected?):
            #expect(error.code == expected, "\(error)")
        case (.success, let expected?):
            Issue.record("accepted; expected \(expected.rawValue)")
        case (.failure(let error), nil):
            Issue.record("refused: \(error)")
        }
    }

    @Test func datesAreReadAsTheInstantTheyName() throws {
        let validator = try RedTeam.validator()
        func end(_ file: String) throws -> Date? { try validator.validate(Data(try RedTeam.text(file).utf8)).notOnOrAfter }
        let fiveMinutes = XMLDateTime.parse("2026-03-01T12:05:00Z")
        #expect(try end("date-offset.xml") == fiveMinutes)
        #expect(try end("date-no-zone.xml") == fiveMinutes)
        #expect(try end("date-leap-second.xml") == fiveMinutes)
        #expect(try end("date-hour-24-end-of-day.xml") == XMLDateTime.parse("2026-03-02T00:00:00Z"))
        let fraction = try #require(try end("date-long-fraction.xml"))
        #expect(fraction > fiveMinutes! && fraction <= XMLDateTime.parse("2026-03-01T12:05:01Z")!)
        #expect(XMLDateTime.parse("2024-02-29T00:00:00Z") != nil)
        #expect(XMLDateTime.parse("2025-02-29T00:00:00Z") == nil)
        #expect(XMLDateTime.parse("2100-02-29T00:00:00Z") == nil)
        #expect(XMLDateTime.parse("2026-04-31T00:00:00Z") == nil)
        #expect(XMLDateTime.parse("2026-03-01T24:00:00.5Z") == nil)
        #expect(XMLDateTime.parse(" 2026-03-01T12:00:00Z") == nil)
        #expect(XMLDateTime.parse("2026-03-01T12:00:00z") == nil)
        #expect(XMLDateTime.parse("2026-03-01T12:00:00+15:00") == nil)
        #expect(XMLDateTime.parse("2026-03-01T12:00:00.Z") == nil)
    }

    @Test func longValuesAreLinearWork() throws {
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("assertion-signed.xml")
        let long = String(repeating: "x", count: 900_000)
        // In the unsigned envelope: ignored, and the signed identity stands.
        let envelope = try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions>\(long)</samlp:Extensions><samlp:Status>", in: base)
        #expect(RedTeam.code(envelope, validator) == nil)
        // In the signed assertion: refused on the digest.
        let nameID = try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">\(long)</saml:NameID>", in: base)
        #expect(RedTeam.code(nameID, validator) == .signatureDigestMismatch)
        // Over the limit once base64-encoded: refused before decoding.
        let encoded = Data(try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions>\(long)\(long)</samlp:Extensions><samlp:Status>", in: base).utf8).base64EncodedString()
        #expect(RedTeam.code(encoded, validator) == .xmlTooLarge)
    }

    @Test func paddedValuesAreReadWithoutTheirPadding() throws {
        let validator = try RedTeam.validator()
        #expect(try validator.validate(Data(try RedTeam.text("name-id-padded.xml").utf8)).nameID == "alice@example.com")
        #expect(try validator.validate(Data(try RedTeam.text("issuer-padded.xml").utf8)).issuer == ResponseFixtures.idp)
    }

    @Test func anOffsetEndExpiresAtTheSameInstantAsUTC() throws {
        let xml = try RedTeam.text("date-offset.xml")
        let lastMoment = try RedTeam.validator { $0.now = XMLDateTime.parse("2026-03-01T12:06:59.999Z")! }
        #expect(RedTeam.code(xml, lastMoment) == nil)
        let expired = try RedTeam.validator { $0.now = XMLDateTime.parse("2026-03-01T12:07:00Z")! }
        #expect(RedTeam.code(xml, expired) == .conditionsExpired)
    }

    /// NotBefore 11:59:00, NotOnOrAfter 12:05:00 (Conditions and the bearer confirmation),
    /// checked as NotBefore − skew ≤ now < NotOnOrAfter + skew.
    @Test(arguments: [
        ("2026-03-01T11:56:59.999Z", 120.0, SAMLError.Code?.some(.conditionsNotYetValid)),
        ("2026-03-01T11:57:00Z", 120.0, nil),
        ("2026-03-01T12:06:59.999Z", 120.0, nil),
        ("2026-03-01T12:07:00Z", 120.0, .conditionsExpired),
        ("2026-03-01T11:59:00Z", 0.0, nil),
        ("2026-03-01T11:58:59.999Z", 0.0, .conditionsNotYetValid),
        ("2026-03-01T12:04:59.999Z", 0.0, nil),
        ("2026-03-01T12:05:00Z", 0.0, .conditionsExpired),
    ])
    func timeBoundaries(now: String, skew: Double, expected: SAMLError.Code?) throws {
        let validator = try RedTeam.validator {
            $0.now = XMLDateTime.parse(now)!
            $0.clockSkew = skew
        }
        #expect(RedTeam.code(try RedTeam.text("assertion-signed.xml"), validator) == expected)
    }

    @Test func identifiersAreComparedByteForByte() throws {
        let decomposed = try RedTeam.text("audience-decomposed.xml")
        let precomposedSP = try RedTeam.validator { $0.serviceProviderEntityID = ResponseFixtures.sp + "/caf\u{E9}" }
        // Swift's == would call these equal (canonical equivalence); SAML does not.
        #expect(ResponseFixtures.sp + "/caf\u{E9}" == ResponseFixtures.sp + "/cafe\u{301}")
        #expect(RedTeam.code(decomposed, precomposedSP) == .conditionsAudienceMismatch)
        let exactSP = try RedTeam.validator { $0.serviceProviderEntityID = ResponseFixtures.sp + "/cafe\u{301}" }
        #expect(RedTeam.code(decomposed, exactSP) == nil)
    }

    @Test func inResponseToIsRequiredOnBothWhenExpectedAndOptionalOtherwise() throws {
        let expecting = try RedTeam.validator()
        let unsolicited = try RedTeam.validator { $0.expectedRequestID = nil }
        let base = try RedTeam.text("assertion-signed.xml")
        let noResponseIRT = base.replacingOccurrences(of: " InResponseTo=\"\(ResponseFixtures.requestID)\" Version", with: " Version")
        #expect(noResponseIRT != base)
        #expect(RedTeam.code(noResponseIRT, expecting) == .responseInResponseToMismatch)
        let otherResponseIRT = base.replacingOccurrences(of: "InResponseTo=\"\(ResponseFixtures.requestID)\" Version", with: "InResponseTo=\"_other\" Version")
        #expect(RedTeam.code(otherResponseIRT, expecting) == .responseInResponseToMismatch)
        let paddedResponseIRT = base.replacingOccurrences(of: "InResponseTo=\"\(ResponseFixtures.requestID)\" Version", with: "InResponseTo=\"\(ResponseFixtures.requestID) \" Version")
        #expect(RedTeam.code(paddedResponseIRT, expecting) == .responseInResponseToMismatch)
        // Only the confirmation lacks it (the Response still has it).
        #expect(RedTeam.code(try RedTeam.text("confirmation-without-in-response-to.xml"), expecting) == .responseInResponseToMismatch)
        #expect(RedTeam.code(try RedTeam.text("confirmation-without-in-response-to.xml"), unsolicited) == nil)
        let accepted = try unsolicited.validate(Data(noResponseIRT.utf8))
        #expect(accepted.inResponseTo == nil)
    }

    struct EnvelopeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let target: String
        let replacement: String
        let expected: SAMLError.Code?
        var testDescription: String { name }
    }

    static let success = "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"></samlp:StatusCode>"
    static let destination = "Destination=\"https://app.example.test/saml/acs\""
    static let responseIssuer = "<saml:Issuer>https://idp.example.test/saml/metadata</saml:Issuer>\n  <samlp:Status>"

    /// The unsigned envelope of an assertion-signed response, changed.
    static let envelopes: [EnvelopeCase] = [
        .init(name: "Success with a second-level code (accepted: the top level decides)", target: success,
              replacement: "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:RequestDenied\"/></samlp:StatusCode>", expected: nil),
        .init(name: "StatusCode without Value", target: success, replacement: "<samlp:StatusCode/>", expected: .responseStatus),
        .init(name: "Success with a trailing space", target: success,
              replacement: "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success \"/>", expected: .responseStatus),
        .init(name: "Success in another namespace", target: success,
              replacement: "<x:StatusCode xmlns:x=\"urn:x\" Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>", expected: .responseStatus),
        .init(name: "no Status", target: "<samlp:Status>\(success)</samlp:Status>", replacement: "", expected: .responseStatus),
        .init(name: "Destination with a trailing space", target: destination,
              replacement: "Destination=\"https://app.example.test/saml/acs&#x20;\"", expected: .responseDestinationMismatch),
        .init(name: "Destination differing in case", target: destination,
              replacement: "Destination=\"https://APP.example.test/saml/acs\"", expected: .responseDestinationMismatch),
        .init(name: "Destination spelled with character references", target: destination,
              replacement: "Destination=\"&#x68;ttps://app.example.test/saml/acs\"", expected: nil),
        .init(name: "no Destination", target: destination, replacement: "", expected: nil),
        .init(name: "Response Issuer of another IdP", target: responseIssuer,
              replacement: "<saml:Issuer>https://evil.example.test</saml:Issuer>\n  <samlp:Status>", expected: .responseIssuerMismatch),
        .init(name: "no Response Issuer", target: responseIssuer, replacement: "<samlp:Status>", expected: nil),
        .init(name: "Version 2.0 with a space", target: "Version=\"2.0\" IssueInstant", replacement: "Version=\"2.0 \" IssueInstant",
              expected: .responseVersion),
        .init(name: "Response in another namespace", target: "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
              replacement: "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:p=\"urn:evil\"", expected: nil),
    ]

    @Test(arguments: envelopes)
    func unsignedEnvelope(_ test: EnvelopeCase) throws {
        let xml = try RedTeam.replacing(test.target, with: test.replacement, in: try RedTeam.text("assertion-signed.xml"))
        #expect(RedTeam.code(xml, try RedTeam.validator()) == test.expected)
    }

    @Test func aRootThatIsNotAResponseIsRefused() throws {
        let base = try RedTeam.text("assertion-signed.xml")
        let renamed = base.replacingOccurrences(of: "samlp:Response", with: "samlp:LogoutResponse")
        #expect(RedTeam.code(renamed, try RedTeam.validator()) == .responseNotResponse)
        let otherNamespace = try RedTeam.replacing("xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"",
                                                  with: "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol#\"", in: base)
        #expect(RedTeam.code(otherNamespace, try RedTeam.validator()) == .responseNotResponse)
    }

    @Test func messagesQuoteUntrustedValuesOnOneBoundedLine() throws {
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("assertion-signed.xml")
        let forgedLine = "&#10;2026-03-01 INFO login ok user=admin&#13;&#x9B;2J&#x85;&#x2028;"
        let long = String(repeating: "A", count: 50_000)
        let destination = try RedTeam.replacing(Self.destination, with: "Destination=\"https://x\(forgedLine)\(long)\"", in: base)
        let status = try RedTeam.replacing(Self.success, with: "<samlp:StatusCode Value=\"urn:x\(forgedLine)\"/><samlp:StatusMessage>Call +1 555 0100\(forgedLine)\(long)</samlp:StatusMessage>", in: base)
        let issuer = try RedTeam.replacing(Self.responseIssuer, with: "<saml:Issuer>x\(forgedLine)\(long)</saml:Issuer><samlp:Status>", in: base)
        for xml in [destination, status, issuer] {
            let result = RedTeam.outcome(xml, validator)
            guard case .failure(let error) = result else {
                Issue.record("accepted")
                continue
            }
            #expect(!error.message.contains(where: { $0.isNewline }), "\(error.code)")
            #expect(!error.message.unicodeScalars.contains(where: { [0x9B, 0x85, 0x2028].contains($0.value) }))
            #expect(error.message.count < 1200, "\(error.code): \(error.message.count) characters")
            #expect(error.message.contains("…"))
        }
    }

    @Test func theSameAssertionInAnotherEnvelopeIsAReplay() async throws {
        let validator = try RedTeam.validator()
        let cache = InMemoryAssertionReplayCache()
        let base = try RedTeam.text("assertion-signed.xml")
        _ = try await validator.validate(Data(base.utf8), replayCache: cache)
        let rewrapped = base.replacingOccurrences(of: RedTeam.responseID, with: "_fresh-response")
            .replacingOccurrences(of: Self.destination, with: "")
        do {
            _ = try await validator.validate(Data(rewrapped.utf8), replayCache: cache)
            Issue.record("replay accepted")
        } catch {
            #expect(error.code == .assertionReplayed)
        }
    }

    @Test func concurrentUsesOfOneAssertionSucceedOnce() async throws {
        let validator = try RedTeam.validator()
        let cache = InMemoryAssertionReplayCache()
        let input = Data(try RedTeam.text("both-signed.xml").utf8)
        let outcomes = await withTaskGroup(of: SAMLError.Code?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    do throws(SAMLError) { _ = try await validator.validate(input, replayCache: cache); return nil } catch { return error.code }
                }
            }
            var collected: [SAMLError.Code?] = []
            for await outcome in group { collected.append(outcome) }
            return collected
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == .assertionReplayed }.count == 15)
    }

    @Test func aFarFutureAssertionStaysRemembered() async throws {
        let cache = InMemoryAssertionReplayCache()
        let input = Data(try RedTeam.text("date-far-future.xml").utf8)
        _ = try await RedTeam.validator().validate(input, replayCache: cache)
        // A year later the in-memory cache has swept many times; the assertion is still refused.
        let later = try RedTeam.validator { $0.now = ResponseFixtures.now.addingTimeInterval(365 * 86_400) }
        do {
            _ = try await later.validate(input, replayCache: cache)
            Issue.record("replay accepted")
        } catch {
            #expect(error.code == .assertionReplayed)
        }
    }

    @Test func anExpiredAssertionIsRefusedAfterTheCacheForgetsIt() async throws {
        let cache = InMemoryAssertionReplayCache()
        let input = Data(try RedTeam.text("assertion-signed.xml").utf8)
        _ = try await RedTeam.validator().validate(input, replayCache: cache)
        let afterExpiry = try RedTeam.validator { $0.now = XMLDateTime.parse("2026-03-01T12:30:00Z")! }
        // Sweeps the cache, then the assertion is refused on its own dates.
        _ = await cache.recordAssertion(id: "_unrelated", expiresAt: .distantFuture, now: afterExpiry.options.now)
        do {
            _ = try await afterExpiry.validate(input, replayCache: cache)
            Issue.record("expired assertion accepted")
        } catch {
            #expect(error.code == .conditionsExpired)
        }
    }

    @Test func noConditionsIsAcceptedWithAWarningBecauseTheRecipientStillBindsIt() throws {
        let assertion = try RedTeam.validator().validate(Data(try RedTeam.text("no-conditions.xml").utf8))
        #expect(assertion.warnings.contains { $0.contains("AudienceRestriction") })
    }
}
