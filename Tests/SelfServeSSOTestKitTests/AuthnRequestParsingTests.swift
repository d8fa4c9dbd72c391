import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

@Suite("TestIdentityProvider: reading AuthnRequests (HTTP-Redirect and HTTP-POST)")
struct AuthnRequestParsingTests {
    static let now = TestKitFixtures.now

    static func authnRequest(_ idp: TestIdentityProvider, forceAuthn: Bool = false) -> AuthnRequest {
        AuthnRequest(issueInstant: now, destination: idp.ssoURL, assertionConsumerServiceURL: TestKitFixtures.acsURL,
                     issuer: TestKitFixtures.spEntityID, nameIDPolicyFormat: TestKitFixtures.emailFormat,
                     forceAuthn: forceAuthn)
    }

    @Test("A redirect URL made by the SAML target reads back: ID, issuer, ACS URL, RelayState and the rest")
    func redirectRoundTrip() throws {
        let idp = try TestKitFixtures.idp()
        let sent = Self.authnRequest(idp, forceAuthn: true)
        let relayState = "state/with+special&chars=é ?"
        let received = try idp.parseAuthnRequest(redirectURL: try sent.redirectURL(relayState: relayState))
        #expect(received.id == sent.id)
        #expect(received.issuer == TestKitFixtures.spEntityID)
        #expect(received.assertionConsumerServiceURL == TestKitFixtures.acsURL)
        #expect(received.relayState == relayState)
        #expect(received.destination == idp.ssoURL.absoluteString)
        #expect(received.nameIDPolicyFormat == TestKitFixtures.emailFormat)
        #expect(received.forceAuthn)
        #expect(received.binding == .httpRedirect)
        #expect(received.xml == sent.xml)
    }

    @Test("A request built from the IdP's settings (as a connection would) reads back without RelayState")
    func requestFromSettings() throws {
        let idp = try TestKitFixtures.idp()
        let sent = AuthnRequest(identityProvider: idp.settings, serviceProviderEntityID: TestKitFixtures.spEntityID,
                                assertionConsumerServiceURL: TestKitFixtures.acsURL, issueInstant: Self.now)
        let received = try idp.parseAuthnRequest(redirectURL: try sent.redirectURL(relayState: nil))
        #expect(received.id == sent.id)
        #expect(received.relayState == nil)
        #expect(!received.forceAuthn)
    }

    @Test("The HTTP-POST binding's SAMLRequest value reads back, also when line-wrapped")
    func postBinding() throws {
        let idp = try TestKitFixtures.idp()
        let sent = Self.authnRequest(idp)
        let form = sent.postForm(relayState: "rs")
        let value = try #require(Self.hiddenField("SAMLRequest", in: form))
        let received = try idp.parseAuthnRequest(samlRequest: value, relayState: "rs")
        #expect(received.id == sent.id)
        #expect(received.relayState == "rs")
        #expect(received.binding == .httpPOST)
        let wrapped = stride(from: 0, to: value.count, by: 76).map { offset in
            String(value.dropFirst(offset).prefix(76))
        }.joined(separator: "\r\n")
        #expect(try idp.parseAuthnRequest(samlRequest: wrapped).id == sent.id)
    }

    @Test("A response to a parsed request answers its ID, goes to its ACS URL and carries its RelayState back")
    func responseAnswersRequest() throws {
        let idp = try TestKitFixtures.idp()
        let sent = Self.authnRequest(idp)
        let received = try idp.parseAuthnRequest(redirectURL: try sent.redirectURL(relayState: "back-to-/dashboard"))
        let response = try idp.response(to: received, user: TestKitFixtures.alice, now: Self.now)
        #expect(response.acsURL == TestKitFixtures.acsURL)
        #expect(response.relayState == "back-to-/dashboard")
        let validator = try TestKitFixtures.validator(for: idp, expectedRequestID: sent.id)
        let assertion = try validator.validate(Data(response.samlResponse.utf8))
        #expect(assertion.inResponseTo == sent.id)
        #expect(assertion.nameID == "alice@example.com")
    }

    // MARK: - Garbage

    struct Garbage: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var url: String
        var code: TestIdentityProviderError.Code
    }

    static let sso = "https://idp.example.test/sso"

    static let garbageURLs: [Garbage] = [
        Garbage(testDescription: "no SAMLRequest", url: sso + "?RelayState=x", code: .requestMissing),
        Garbage(testDescription: "empty SAMLRequest", url: sso + "?SAMLRequest=", code: .requestMissing),
        Garbage(testDescription: "two SAMLRequests", url: sso + "?SAMLRequest=AAAA&SAMLRequest=AAAA", code: .requestMissing),
        Garbage(testDescription: "another host", url: "https://evil.example.test/sso?SAMLRequest=AAAA", code: .requestWrongEndpoint),
        Garbage(testDescription: "another path", url: "https://idp.example.test/other?SAMLRequest=AAAA", code: .requestWrongEndpoint),
        Garbage(testDescription: "http instead of https", url: "http://idp.example.test/sso?SAMLRequest=AAAA", code: .requestWrongEndpoint),
        Garbage(testDescription: "not base64", url: sso + "?SAMLRequest=%21%21%21%21", code: .requestNotBase64),
        Garbage(testDescription: "still URL-encoded", url: sso + "?SAMLRequest=abc%252Bdef", code: .requestNotBase64),
        Garbage(testDescription: "base64 of plain XML, not DEFLATE", url: sso + "?SAMLRequest=" + formEncoded(Data("<samlp:AuthnRequest/>".utf8).base64EncodedString()), code: .requestNotDeflate),
        Garbage(testDescription: "two RelayStates", url: sso + "?SAMLRequest=AAAA&RelayState=a&RelayState=b", code: .requestInvalid),
    ]

    @Test("A garbage redirect URL gives a clear error", arguments: garbageURLs)
    func redirectGarbage(_ garbage: Garbage) throws {
        let idp = try TestKitFixtures.idp()
        let url = try #require(URL(string: garbage.url))
        let error = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(redirectURL: url) }
        #expect(error?.code == garbage.code)
        #expect((error?.message.count ?? 0) > 40)
    }

    @Test("A zlib stream (with header) instead of raw DEFLATE is refused with a hint")
    func zlibHeader() throws {
        let idp = try TestKitFixtures.idp()
        let raw = try Self.deflated(Self.authnRequest(idp))
        let url = try Self.redirect(Data([0x78, 0x9C]) + raw)
        let error = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(redirectURL: url) }
        #expect(error?.code == .requestNotDeflate)
        #expect(error?.message.contains("zlib header") == true)
    }

    @Test("A request that inflates past the limit (a compression bomb) is refused")
    func compressionBomb() throws {
        let idp = try TestKitFixtures.idp()
        let bomb = Self.storedDeflate(Data(repeating: UInt8(ascii: " "), count: TestIdentityProvider.maximumRequestBytes + 1))
        let error = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(redirectURL: try Self.redirect(bomb)) }
        #expect(error?.code == .requestTooLarge)
        let posted = Data(repeating: UInt8(ascii: "<"), count: TestIdentityProvider.maximumRequestBytes + 1).base64EncodedString()
        let postError = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(samlRequest: posted) }
        #expect(postError?.code == .requestTooLarge)
    }

    static let request = "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
    static let issuer = "<saml:Issuer>https://app.example.test/saml/metadata</saml:Issuer>"
    static let acs = "AssertionConsumerServiceURL=\"https://app.example.test/saml/acs\""

    struct BadXML: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var xml: String
        var code: TestIdentityProviderError.Code
        var mentions: String
    }

    static let badXML: [BadXML] = [
        BadXML(testDescription: "not well-formed", xml: "<samlp:AuthnRequest \(request) ID=\"_1\"", code: .requestMalformed, mentions: "well-formed"),
        BadXML(testDescription: "a DOCTYPE", xml: "<!DOCTYPE x [<!ENTITY a \"b\">]><samlp:AuthnRequest \(request)/>", code: .requestMalformed, mentions: "DOCTYPE"),
        BadXML(testDescription: "a LogoutRequest", xml: "<samlp:LogoutRequest \(request) ID=\"_1\" Version=\"2.0\"/>", code: .requestNotAuthnRequest, mentions: "LogoutRequest"),
        BadXML(testDescription: "an AuthnRequest in no namespace", xml: "<AuthnRequest ID=\"_1\" Version=\"2.0\"/>", code: .requestNotAuthnRequest, mentions: "namespace"),
        BadXML(testDescription: "SAML 1.1", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"1.1\" \(acs)>\(issuer)</samlp:AuthnRequest>", code: .requestInvalid, mentions: "Version"),
        BadXML(testDescription: "no ID", xml: "<samlp:AuthnRequest \(request) Version=\"2.0\" \(acs)>\(issuer)</samlp:AuthnRequest>", code: .requestInvalid, mentions: "no ID"),
        BadXML(testDescription: "no Issuer", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"2.0\" \(acs)/>", code: .requestInvalid, mentions: "Issuer"),
        BadXML(testDescription: "an empty Issuer", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"2.0\" \(acs)><saml:Issuer> </saml:Issuer></samlp:AuthnRequest>", code: .requestInvalid, mentions: "Issuer"),
        BadXML(testDescription: "no ACS URL", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"2.0\" AssertionConsumerServiceIndex=\"0\">\(issuer)</samlp:AuthnRequest>", code: .requestInvalid, mentions: "AssertionConsumerServiceURL"),
        BadXML(testDescription: "another Destination", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"2.0\" \(acs) Destination=\"https://other.example.test/sso\">\(issuer)</samlp:AuthnRequest>", code: .requestDestinationMismatch, mentions: "other.example.test"),
        BadXML(testDescription: "the Artifact binding", xml: "<samlp:AuthnRequest \(request) ID=\"_1\" Version=\"2.0\" \(acs) ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact\">\(issuer)</samlp:AuthnRequest>", code: .requestUnsupportedBinding, mentions: "HTTP-POST"),
    ]

    @Test("A request with bad XML gives a clear error with either binding", arguments: badXML)
    func badRequestXML(_ bad: BadXML) throws {
        let idp = try TestKitFixtures.idp()
        let redirectError = #expect(throws: TestIdentityProviderError.self) {
            try idp.parseAuthnRequest(redirectURL: try Self.redirect(Self.storedDeflate(Data(bad.xml.utf8))))
        }
        #expect(redirectError?.code == bad.code)
        #expect(redirectError?.message.contains(bad.mentions) == true)
        let postError = #expect(throws: TestIdentityProviderError.self) {
            try idp.parseAuthnRequest(samlRequest: Data(bad.xml.utf8).base64EncodedString())
        }
        #expect(postError?.code == bad.code)
    }

    @Test("A minimal hand-written request (raw DEFLATE in stored blocks, no Destination) is accepted")
    func minimalRequest() throws {
        let idp = try TestKitFixtures.idp()
        let xml = "<samlp:AuthnRequest \(Self.request) ID=\"_abc\" Version=\"2.0\" \(Self.acs)>\(Self.issuer)</samlp:AuthnRequest>"
        let received = try idp.parseAuthnRequest(redirectURL: try Self.redirect(Self.storedDeflate(Data(xml.utf8))))
        #expect(received.id == "_abc")
        #expect(received.destination == nil)
        #expect(received.nameIDPolicyFormat == nil)
    }

    @Test("A DEFLATE-compressed value posted with the HTTP-POST binding is refused with a hint", arguments: ["", "!!!"])
    func postGarbage(_ value: String) throws {
        let idp = try TestKitFixtures.idp()
        let error = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(samlRequest: value) }
        #expect(error?.code == (value.isEmpty ? .requestMissing : .requestNotBase64))
        let deflated = try Self.deflated(Self.authnRequest(idp)).base64EncodedString()
        let deflatedError = #expect(throws: TestIdentityProviderError.self) { try idp.parseAuthnRequest(samlRequest: deflated) }
        #expect(deflatedError?.code == .requestMalformed)
        #expect(deflatedError?.message.contains("not DEFLATE-compressed") == true)
    }

    // MARK: - Helpers

    /// The raw DEFLATE bytes the SAML target put in a redirect URL.
    static func deflated(_ request: AuthnRequest) throws -> Data {
        let url = try request.redirectURL(relayState: nil)
        let value = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?
            .queryItems?.first(where: { $0.name == "SAMLRequest" })?.value)
        return try #require(Data(base64Encoded: value))
    }

    /// `bytes` as raw DEFLATE stored (uncompressed) blocks, RFC 1951 section 3.2.4: lets a
    /// test send any XML through the HTTP-Redirect binding without a compressor.
    static func storedDeflate(_ bytes: Data) -> Data {
        var output = Data()
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let isFinal = offset + length == bytes.count
            output.append(isFinal ? 1 : 0)
            output.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8),
                                       UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
            output.append(bytes.subdata(in: offset..<offset + length))
            offset += length
        } while offset < bytes.count
        return output
    }

    static func redirect(_ deflated: Data) throws -> URL {
        try #require(URL(string: sso + "?SAMLRequest=" + formEncoded(deflated.base64EncodedString())))
    }

    static func formEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }

    static func hiddenField(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\" value=\""),
              let end = html.range(of: "\"", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }
}
