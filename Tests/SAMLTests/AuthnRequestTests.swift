import Foundation
import Testing
@testable import SAML

@Suite struct AuthnRequestTests {
    static let instant = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let protocolNS = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertionNS = "urn:oasis:names:tc:SAML:2.0:assertion"

    static func request(issuer: String = "https://app.example.test/sso/saml/metadata/c1",
                        acs: String = "https://app.example.test/sso/saml/acs/c1",
                        destination: String = "https://idp.example.test/sso/saml",
                        format: String? = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                        forceAuthn: Bool = false) throws -> AuthnRequest {
        AuthnRequest(issueInstant: instant, destination: try #require(URL(string: destination)),
                     assertionConsumerServiceURL: acs, issuer: issuer, nameIDPolicyFormat: format, forceAuthn: forceAuthn)
    }

    /// Parses request XML and checks every field against `request`.
    static func expectFields(_ xml: Data, equal request: AuthnRequest) throws {
        let tree = try XMLTree(bytes: xml)
        let root = tree.root
        #expect(root.is("AuthnRequest", protocolNS))
        #expect(root.attribute("ID") == request.id)
        #expect(root.attribute("Version") == "2.0")
        #expect(root.attribute("IssueInstant") == "2026-01-01T00:00:00Z")
        #expect(root.attribute("Destination") == request.destination.absoluteString)
        #expect(root.attribute("AssertionConsumerServiceURL") == request.assertionConsumerServiceURL)
        #expect(root.attribute("ProtocolBinding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(root.attribute("ForceAuthn") == (request.forceAuthn ? "true" : nil))
        let issuer = try #require(root.firstChild("Issuer", assertionNS))
        #expect(issuer.textContent == request.issuer)
        let policy = try #require(root.firstChild("NameIDPolicy", protocolNS))
        #expect(policy.attribute("Format") == request.nameIDPolicyFormat)
        #expect(policy.attribute("AllowCreate") == "true")
        #expect(root.children.count == 2)
    }

    static func queryValue(_ url: URL, _ name: String) -> String? {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQueryItems ?? []
        return items.first { $0.name == name }?.value?.removingPercentEncoding
    }

    static func inflatedRequest(from url: URL) throws -> Data {
        let encoded = try #require(queryValue(url, "SAMLRequest"))
        let compressed = try #require(Data(base64Encoded: encoded))
        return try #require(RawDeflate.decompress(compressed, maximumBytes: 1 << 20))
    }

    // MARK: - XML

    @Test(arguments: [false, true])
    func xmlCarriesEveryField(forceAuthn: Bool) throws {
        let request = try Self.request(forceAuthn: forceAuthn)
        try Self.expectFields(Data(request.xml.utf8), equal: request)
    }

    @Test func nameIDPolicyWithoutFormatStillAllowsCreate() throws {
        let request = try Self.request(format: nil)
        try Self.expectFields(Data(request.xml.utf8), equal: request)
    }

    @Test func hostileValuesAreEscapedAndRoundTrip() throws {
        let request = try Self.request(
            issuer: "urn:x:<evil attr=\"1\">&amp;'</saml:Issuer><x>\r\n",
            acs: "https://app.example.test/acs?a=1&b=\"2\"'<>\tz",
            format: "urn:x\"/><samlp:Extensions/><x a=\"")
        let xml = request.xml
        #expect(!xml.contains("<evil"))
        #expect(!xml.contains("<samlp:Extensions"))
        try Self.expectFields(Data(xml.utf8), equal: request)
    }

    @Test func controlCharactersCannotBreakTheDocument() throws {
        let request = try Self.request(issuer: "a\u{0}b\u{1B}c\u{FFFF}")
        let tree = try XMLTree(bytes: Data(request.xml.utf8))
        #expect(tree.root.firstChild("Issuer", Self.assertionNS)?.textContent == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
    }

    @Test func idsAreRandomValidAndLongEnough() throws {
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = AuthnRequest.makeID()
            #expect(id.hasPrefix("_"))
            #expect(id.count == 41)  // 160 bits in hexadecimal
            #expect(id.dropFirst().allSatisfy { $0.isHexDigit && !$0.isUppercase })
            seen.insert(id)
        }
        #expect(seen.count == 1000)
        #expect(try Self.request().id != Self.request().id)
    }

    // MARK: - HTTP-Redirect

    @Test func redirectURLRoundTrips() throws {
        let request = try Self.request(forceAuthn: true)
        let relayState = "a b&c=d/é+%"
        let url = try request.redirectURL(relayState: relayState)
        #expect(url.absoluteString.hasPrefix("https://idp.example.test/sso/saml?SAMLRequest="))
        let inflated = try Self.inflatedRequest(from: url)
        #expect(String(decoding: inflated, as: UTF8.self) == request.xml)
        try Self.expectFields(inflated, equal: request)
        #expect(Self.queryValue(url, "RelayState") == relayState)
        // base64's +, / and = never appear raw in the query.
        let query = try #require(url.query)
        let requestParameter = try #require(query.split(separator: "&").first { $0.hasPrefix("SAMLRequest=") })
        #expect(!requestParameter.dropFirst("SAMLRequest=".count).contains { "+/= ".contains($0) })
    }

    @Test func rawDeflateRoundTripsAndRefusesBombsAndGarbage() throws {
        let text = Data(String(repeating: "<samlp:AuthnRequest/>", count: 5000).utf8)
        let compressed = try #require(RawDeflate.compress(text))
        #expect(compressed.count < text.count / 50)
        #expect(RawDeflate.decompress(compressed, maximumBytes: text.count) == text)
        #expect(RawDeflate.decompress(compressed, maximumBytes: text.count - 1) == nil)   // over the cap
        #expect(RawDeflate.decompress(compressed.prefix(compressed.count / 2), maximumBytes: 1 << 20) == nil)  // truncated
        #expect(RawDeflate.decompress(Data([0xFF, 0xFF, 0xFF, 0xFF]), maximumBytes: 1 << 20) == nil)
        #expect(RawDeflate.compress(Data()).flatMap { RawDeflate.decompress($0, maximumBytes: 10) } == Data())
    }

    @Test func formEncodingKeepsOnlyUnreservedCharacters() {
        #expect(AuthnRequest.formEncode("a b&c=d/é+%~-._Z9") == "a%20b%26c%3Dd%2F%C3%A9%2B%25~-._Z9")
        #expect(AuthnRequest.formEncode("") == "")
    }

    @Test func redirectKeepsTheIdPsOwnQueryAndDropsFragments() throws {
        let request = try Self.request(destination: "https://accounts.google.com/o/saml2/idp?idpid=C029op2ga#frag")
        let url = try request.redirectURL(relayState: nil)
        #expect(url.absoluteString.hasPrefix("https://accounts.google.com/o/saml2/idp?idpid=C029op2ga&SAMLRequest="))
        #expect(Self.queryValue(url, "RelayState") == nil)
        #expect(url.fragment == nil)
        try Self.expectFields(Self.inflatedRequest(from: url), equal: request)
    }

    @Test func redirectForAnIdPFromRealMetadata() throws {
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data("okta-2024.xml"), now: Self.instant)
        let request = AuthnRequest(identityProvider: try metadata.settings(), serviceProviderEntityID: "http://localhost:8080",
                                   assertionConsumerServiceURL: "http://localhost:8080/acs", issueInstant: Self.instant)
        let url = try request.redirectURL(relayState: "state-1")
        #expect(url.host == "trial-1022863.okta.com")
        let tree = try XMLTree(bytes: Self.inflatedRequest(from: url))
        #expect(tree.root.firstChild("NameIDPolicy", Self.protocolNS)?.attribute("Format")
                == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    }

    // MARK: - HTTP-POST

    /// The form page, parsed (it is well-formed XML once the HTML doctype line is removed).
    static func parseForm(_ html: String) throws -> XMLTree {
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        return try XMLTree(bytes: Data(html.dropFirst("<!DOCTYPE html>\n".count).utf8))
    }

    @Test func postFormCarriesTheRequestAndRelayState() throws {
        let request = try Self.request(destination: "https://idp.example.test/sso?x=1&y=2")
        let relayState = "\"><script>alert(1)</script><input name='"
        let html = request.postForm(relayState: relayState, scriptNonce: "n\"once")
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<noscript>") && html.contains("<button type=\"submit\">Continue</button>"))
        #expect(html.contains("<script nonce=\"n&quot;once\">document.forms[0].submit();</script>"))
        let tree = try Self.parseForm(html)
        let form = try #require(tree.root.descendants.first { $0.localName == "form" })
        #expect(form.attribute("method") == "post")
        #expect(form.attribute("action") == "https://idp.example.test/sso?x=1&y=2")
        let inputs = form.children("input", nil)
        #expect(inputs.map { $0.attribute("name") } == ["SAMLRequest", "RelayState"])
        #expect(inputs.allSatisfy { $0.attribute("type") == "hidden" })
        #expect(inputs.last?.attribute("value") == relayState)
        let encoded = try #require(inputs.first?.attribute("value"))
        let xml = try #require(Data(base64Encoded: encoded))
        try Self.expectFields(xml, equal: request)
    }

    @Test func postFormWithoutRelayStateHasNoRelayStateField() throws {
        let html = try Self.request().postForm(relayState: nil)
        #expect(!html.contains("RelayState"))
        #expect(html.contains("<script>document.forms[0].submit();</script>"))
        let tree = try Self.parseForm(html)
        let inputs = tree.root.descendants.filter { $0.localName == "input" }
        #expect(inputs.count == 1)
    }
}
