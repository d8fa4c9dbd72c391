import Foundation
import Testing
@testable import SAML

@Suite struct ResponseValidatorTests {
    @Test func readsTheIdentityFromTheVerifiedAssertion() throws {
        let validator = try ResponseFixtures.validator()
        let assertion = try validator.validate(Data(try ResponseFixtures.text("both-signed.xml").utf8))
        #expect(assertion.nameID == "alice@example.com")
        #expect(assertion.nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(assertion.issuer == ResponseFixtures.idp)
        #expect(assertion.sessionIndex?.hasPrefix("_session-") == true)
        #expect(assertion.attributes["groups"] == ["admins", "engineering"])
        #expect(assertion.attributes["email"] == ["alice@example.com"])
        #expect(assertion.signedElements == [.response, .assertion])
        #expect(assertion.inResponseTo == ResponseFixtures.requestID)
        #expect(assertion.notOnOrAfter == XMLDateTime.parse("2026-03-01T12:05:00Z"))
        #expect(assertion.warnings.isEmpty)
        #expect(assertion.authnInstant == XMLDateTime.parse("2026-03-01T11:59:54Z"))
        #expect(assertion.sessionNotOnOrAfter == nil)
        #expect(assertion.authnContextClassRef == "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
    }

    @Test func base64WithLineBreaksEqualsRawXML() throws {
        let validator = try ResponseFixtures.validator()
        let raw = try validator.validate(Data(try ResponseFixtures.text("both-signed.xml").utf8))
        let encoded = try validator.validate(Data(try ResponseFixtures.text("both-signed-base64.b64").utf8))
        #expect(raw == encoded)
    }

    /// A SAMLResponse copied from a HAR file or a raw request body is still URL-encoded; the
    /// refusal says so and how to fix it, and the decoded value validates.
    @Test func urlEncodedResponseIsExplained() throws {
        let validator = try ResponseFixtures.validator()
        let base64 = try ResponseFixtures.text("both-signed-base64.b64").filter { !$0.isWhitespace }
        var allowed = CharacterSet.alphanumerics
        allowed.remove(charactersIn: "+/=")
        let encoded = try #require(base64.addingPercentEncoding(withAllowedCharacters: allowed))
        #expect(encoded.contains("%2B") || encoded.contains("%2F") || encoded.contains("%3D"))
        do {
            _ = try validator.validate(Data(encoded.utf8))
            Issue.record("a URL-encoded response was accepted")
        } catch {
            #expect(error.code == .xmlNotBase64)
            #expect(error.message.contains("still URL-encoded"), "\(error)")
        }
        do {
            _ = try validator.validate(Data(("SAMLResponse=" + encoded + "&RelayState=abc").utf8))
            Issue.record("a raw request body was accepted")
        } catch {
            #expect(error.code == .xmlNotBase64)
            #expect(error.message.contains("Pass only the field's value"), "\(error)")
        }
        let decoded = try #require(encoded.removingPercentEncoding)
        #expect(try validator.validate(Data(decoded.utf8)).nameID == "alice@example.com")
        do {
            _ = try validator.validate(Data("not base64 at all!".utf8))
            Issue.record("garbage was accepted")
        } catch {
            #expect(error.code == .xmlNotBase64)
            #expect(!error.message.contains("URL-encoded"))
        }
    }

    @Test func certificateCountIsBounded() throws {
        let one = try ResponseFixtures.certificates()
        var options = try ResponseFixtures.options()
        options.trustedCertificates = []
        do { _ = try ResponseValidator(options: options) } catch { #expect(error.code == .certificateNone) }
        options.trustedCertificates = Array(repeating: one[0], count: 6)
        do { _ = try ResponseValidator(options: options); Issue.record("accepted 6") } catch {
            #expect(error.code == .certificateTooMany)
        }
        options.trustedCertificates = Array(repeating: one[0], count: 5)
        #expect(throws: Never.self) { try ResponseValidator(options: options) }
    }

    @Test func oversizedBase64IsRefusedBeforeDecoding() throws {
        var options = try ResponseFixtures.options()
        options.limits = XMLLimits(maximumBytes: 1000)
        let validator = try ResponseValidator(options: options)
        let huge = Data(repeating: UInt8(ascii: "A"), count: 10_000)
        do { _ = try validator.validate(huge); Issue.record("accepted") } catch {
            #expect(error.code == .xmlTooLarge)
        }
    }

    @Test func messagesNameWhatWasFoundAndWhatToSet() throws {
        let validator = try ResponseFixtures.validator()
        func error(_ file: String) throws -> SAMLError? {
            let input = Data(try ResponseFixtures.text(file).utf8)
            do { _ = try validator.validate(input); return nil } catch { return error }
        }
        let audience = try #require(try error("wrong-audience.xml"))
        #expect(audience.message.contains("https://other.example.test/sp"))
        #expect(audience.message.contains(ResponseFixtures.sp))
        #expect(audience.message.contains("Audience"))
        let status = try #require(try error("status-failure.xml"))
        #expect(status.message.contains("Responder"))
        #expect(status.message.contains("AuthnFailed"))
        #expect(status.message.contains("User is not assigned to this application"))
        let encrypted = try #require(try error("encrypted-assertion.xml"))
        #expect(encrypted.message.contains("turn off assertion encryption"))
        let malformed = try #require(try error("truncated.xml"))
        #expect(malformed.message.contains("line"))
    }

    @Test func rejectsOtherDocuments() throws {
        let validator = try ResponseFixtures.validator()
        #expect(ResponseFixtures.code("<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>",
                                      validator: validator) == .responseNotResponse)
        #expect(ResponseFixtures.code("<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' Version='1.1'/>",
                                      validator: validator) == .responseVersion)
        #expect(ResponseFixtures.code("   \n", validator: validator) == .xmlEmpty)
    }

    @Test func unexpectedInResponseToIsAWarningWhenIdPInitiatedIsAllowed() throws {
        let validator = try ResponseValidator(options: try ResponseFixtures.options(requestID: nil))
        let assertion = try validator.validate(Data(try ResponseFixtures.text("both-signed.xml").utf8))
        #expect(assertion.warnings.count == 1)
        #expect(assertion.inResponseTo == ResponseFixtures.requestID)
    }

    @Test func validatesConcurrently() async throws {
        let validator = try ResponseFixtures.validator()
        let input = Data(try ResponseFixtures.text("both-signed.xml").utf8)
        let names = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<16 { group.addTask { try? validator.validate(input).nameID } }
            var names: [String?] = []
            for await name in group { names.append(name) }
            return names
        }
        #expect(names.count == 16)
        #expect(names.allSatisfy { $0 == "alice@example.com" })
    }
}
