import Foundation
import Testing
@testable import SAML

/// Every response-validation error that compares something carries the expected and observed
/// values under `SAMLError.DetailKey`, checked on the signxml-signed fixtures.
@Suite struct ResponseErrorDetailTests {
    /// Validates a fixture and returns the error it is refused with.
    static func error(_ file: String, certificates: [String] = ["rsa2048.pem"], now: String? = nil,
                      requestID: String? = ResponseFixtures.requestID, allowSHA1: Bool = false) throws -> SAMLError {
        var options = try ResponseFixtures.options(certificates: certificates, requestID: requestID)
        if let now { options.now = try #require(XMLDateTime.parse(now)) }
        options.allowSHA1 = allowSHA1
        let validator = try ResponseValidator(options: options)
        let input = Data(try ResponseFixtures.text(file).utf8)
        do {
            _ = try validator.validate(input)
        } catch {
            return error
        }
        Issue.record("\(file) was accepted")
        throw SAMLError(.xmlMalformed, "accepted")
    }

    @Test func audienceMismatch() throws {
        let error = try Self.error("wrong-audience.xml")
        #expect(error.code == .conditionsAudienceMismatch)
        #expect(error[detail: .expectedAudience] == ResponseFixtures.sp)
        #expect(error[detail: .observedAudience] == "https://other.example.test/sp")
    }

    @Test func everyAudienceIsReported() throws {
        let xml = try RedTeam.text("audience-many-others.xml")
        let audiences = xml.components(separatedBy: "<saml:Audience>").dropFirst()
            .map { String($0.prefix { $0 != "<" }) }
        #expect(audiences.count > 5)
        guard case .failure(let error) = RedTeam.outcome(xml, try RedTeam.validator()) else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == .conditionsAudienceMismatch)
        #expect(error[detail: .observedAudience] == audiences.joined(separator: ", "))
        #expect(error.details.keys.sorted() == ["expected_audience", "observed_audience"])
    }

    @Test func recipientMismatch() throws {
        let error = try Self.error("wrong-recipient.xml")
        #expect(error.code == .subjectConfirmationRecipientMismatch)
        #expect(error[detail: .expectedRecipient] == ResponseFixtures.acs)
        #expect(error[detail: .observedRecipient] == "https://other.example.test/acs")
    }

    @Test func destinationMismatch() throws {
        let error = try Self.error("wrong-destination.xml")
        #expect(error.code == .responseDestinationMismatch)
        #expect(error[detail: .expectedDestination] == ResponseFixtures.acs)
        #expect(error[detail: .observedDestination] == "https://other.example.test/acs")
    }

    @Test func issuerMismatch() throws {
        let error = try Self.error("wrong-issuer.xml")
        #expect(error.code == .responseIssuerMismatch)
        #expect(error[detail: .expectedIssuer] == ResponseFixtures.idp)
        #expect(error[detail: .observedIssuer] == "https://evil.example.test/idp")
    }

    @Test func inResponseToMismatch() throws {
        let error = try Self.error("wrong-in-response-to.xml")
        #expect(error.code == .responseInResponseToMismatch)
        #expect(error[detail: .expectedInResponseTo] == ResponseFixtures.requestID)
        #expect(error[detail: .observedInResponseTo] == "_other-request")
    }

    @Test func missingInResponseToHasNoObservedValue() throws {
        let error = try Self.error("missing-in-response-to.xml")
        #expect(error.code == .responseInResponseToMismatch)
        #expect(error[detail: .expectedInResponseTo] == ResponseFixtures.requestID)
        #expect(error[detail: .observedInResponseTo] == nil)
    }

    @Test func expiredCarriesTimesAndSkew() throws {
        let error = try Self.error("expired.xml", now: "2026-03-01T12:10:00Z")
        #expect(error.code == .conditionsExpired)
        #expect(error[detail: .observedNotOnOrAfter] == "2026-03-01T12:05:00Z")
        #expect(error[detail: .observedNotBefore] == "2026-03-01T11:59:00Z")
        #expect(error[detail: .now] == "2026-03-01T12:10:00Z")
        #expect(error[detail: .clockSkewSeconds] == "120")
        #expect(error[detail: .observedIssueInstant] == "2026-03-01T11:59:55Z")
    }

    @Test func notYetValidCarriesTimesAndSkew() throws {
        let error = try Self.error("not-yet-valid.xml", now: "2026-03-01T11:50:00Z")
        #expect(error.code == .conditionsNotYetValid)
        #expect(error[detail: .observedNotBefore] == "2026-03-01T11:59:00Z")
        #expect(error[detail: .observedNotOnOrAfter] == "2026-03-01T12:05:00Z")
        #expect(error[detail: .now] == "2026-03-01T11:50:00Z")
        #expect(error[detail: .clockSkewSeconds] == "120")
        #expect(error[detail: .observedIssueInstant] == "2026-03-01T11:59:55Z")
    }

    @Test func subjectConfirmationExpiredCarriesTimes() throws {
        let error = try Self.error("subject-confirmation-expired.xml")
        #expect(error.code == .subjectConfirmationExpired)
        #expect(error[detail: .observedNotOnOrAfter] == "2026-03-01T11:57:00Z")
        #expect(error[detail: .observedNotBefore] == nil)
        #expect(error[detail: .now] == "2026-03-01T12:00:00Z")
        #expect(error[detail: .clockSkewSeconds] == "120")
    }

    @Test func statusCarriesCodesAndMessage() throws {
        let error = try Self.error("status-failure.xml")
        #expect(error.code == .responseStatus)
        #expect(error[detail: .statusCode] == "urn:oasis:names:tc:SAML:2.0:status:Responder")
        #expect(error[detail: .secondLevelStatusCode] == "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed")
        #expect(error[detail: .statusMessage] == "User is not assigned to this application")
    }

    @Test func weakAlgorithmNamesTheAlgorithms() throws {
        let error = try Self.error("sha1.xml")
        #expect(error.code == .signatureWeakAlgorithm)
        #expect(error[detail: .signatureAlgorithm] == "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
    }

    @Test func untrustedKeyShowsBothCertificatesAndNoRotation() throws {
        let trusted = try ResponseFixtures.certificates()[0].info
        let attacker = try ResponseFixtures.certificates(["rsa2048-attacker.pem"])[0].info
        let error = try Self.error("other-key.xml")
        #expect(error.code == .signatureUntrustedKey)
        #expect(error[detail: .trustedCertificateFingerprints] == trusted.sha256Fingerprint)
        #expect(error[detail: .trustedCertificateSubjects] == trusted.subject)
        #expect(error[detail: .observedCertificateFingerprint] == attacker.sha256Fingerprint)
        #expect(error[detail: .observedCertificateSubject] == attacker.subject)
        #expect(error[detail: .observedCertificateNotBefore] == "2024-01-01T00:00:00Z")
        #expect(error[detail: .rotationSuspected] == "false")
        #expect(error[detail: .signatureAlgorithm] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    }

    @Test func rotatedKeyIsRecognized() throws {
        let trusted = try ResponseFixtures.certificates()[0].info
        let rotated = try ResponseFixtures.certificates(["rsa2048-rotated.pem"])[0].info
        #expect(rotated.subject == trusted.subject)
        let error = try Self.error("rotated-key.xml")
        #expect(error.code == .signatureUntrustedKey)
        #expect(error[detail: .rotationSuspected] == "true")
        #expect(error[detail: .observedCertificateSubject] == trusted.subject)
        #expect(error[detail: .observedCertificateNotBefore] == "2025-06-01T00:00:00Z")
        #expect(error[detail: .observedCertificateFingerprint] == rotated.sha256Fingerprint)
        #expect(error[detail: .trustedCertificateFingerprints] == trusted.sha256Fingerprint)
    }

    @Test func rotatedKeyIsAcceptedOnceTrusted() throws {
        let options = try ResponseFixtures.options(certificates: ["rsa2048.pem", "rsa2048-rotated.pem"])
        let assertion = try ResponseValidator(options: options).validate(Data(try ResponseFixtures.text("rotated-key.xml").utf8))
        #expect(assertion.nameID == "alice@example.com")
    }

    @Test func keyOfTheWrongTypeListsTheTrustedCertificates() throws {
        let error = try Self.error("ecdsa-signature-rsa-certificate.xml")
        #expect(error.code == .signatureUntrustedKey)
        #expect(error[detail: .signatureAlgorithm] == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256")
        #expect(error[detail: .trustedCertificateFingerprints]?.isEmpty == false)
    }

    @Test func tamperedSignatureListsTheTrustedCertificates() throws {
        let error = try Self.error("tampered-signature.xml")
        #expect(error.code == .signatureInvalid)
        #expect(error[detail: .trustedCertificateFingerprints] == (try ResponseFixtures.certificates()[0].info.sha256Fingerprint))
        // KeyInfo holds the configured certificate itself: no rotation.
        #expect(error[detail: .rotationSuspected] == "false")
    }

    @Test func errorsThatCompareNothingHaveNoDetails() throws {
        #expect(try Self.error("unsigned.xml").details.isEmpty)
        #expect(try Self.error("two-assertions.xml").details.isEmpty)
    }

    @Test func detailKeysAreStableSnakeCase() {
        for key in SAMLError.DetailKey.allCases {
            #expect(key.rawValue.range(of: "^[a-z]+(_[a-z0-9]+)*$", options: .regularExpression) != nil, "\(key.rawValue)")
        }
        #expect(Set(SAMLError.DetailKey.allCases.map(\.rawValue)).count == SAMLError.DetailKey.allCases.count)
    }

    @Test func detailsTakePartInEquality() {
        let plain = SAMLError(.responseIssuerMismatch, "m")
        let detailed = SAMLError(.responseIssuerMismatch, "m", details: [.observedIssuer: "x", .expectedIssuer: nil])
        #expect(plain != detailed)
        #expect(detailed.details == ["observed_issuer": "x"])
        #expect(plain == SAMLError(.responseIssuerMismatch, "m", details: [:]))
    }
}
