import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

@Suite("TestIdentityProvider: metadata, settings and the HTTP-POST form")
struct MetadataAndPostFormTests {
    @Test("The metadata reads back through the SAML target: entity ID, both bindings, the certificate, email NameID")
    func metadataParses() throws {
        let idp = try TestKitFixtures.idp()
        let metadata = try IdentityProviderMetadata.parse(Data(idp.metadataXML.utf8), now: TestKitFixtures.now)
        #expect(metadata.entityID == TestIdentityProvider.defaultEntityID)
        #expect(Set(metadata.singleSignOnServices) == [
            SingleSignOnService(binding: SAMLBinding.httpRedirect.rawValue, location: "https://idp.example.test/sso"),
            SingleSignOnService(binding: SAMLBinding.httpPOST.rawValue, location: "https://idp.example.test/sso"),
        ])
        #expect(metadata.signingCertificates == [idp.signingKey.certificate])
        #expect(metadata.nameIDFormats == [TestKitFixtures.emailFormat])
        #expect(metadata.wantAuthnRequestsSigned == false)
        #expect(try metadata.settings() == idp.settings)
    }

    @Test("During a rotation the metadata lists both signing certificates")
    func metadataDuringRotation() throws {
        var idp = try TestKitFixtures.idp()
        let rotated = try #require(TestKitFixtures.rotatedKey)
        idp.additionalMetadataCertificates = [rotated.certificate]
        let metadata = try IdentityProviderMetadata.parse(Data(idp.metadataXML.utf8), now: TestKitFixtures.now)
        #expect(metadata.signingCertificates == [idp.signingKey.certificate, rotated.certificate])
        #expect(idp.settings.signingCertificates == metadata.signingCertificates)
    }

    @Test("Entity ID and SSO URL are escaped in the metadata")
    func metadataEscapes() throws {
        let entityID = "urn:test:\"idp\"&<x>"
        let ssoURL = try #require(URL(string: "https://idp.example.test/sso?tenant=a&b=%22c%22"))
        let idp = TestIdentityProvider(entityID: entityID, ssoURL: ssoURL, signingKey: try TestKitFixtures.KeyKind.rsa.key())
        let metadata = try IdentityProviderMetadata.parse(Data(idp.metadataXML.utf8), now: TestKitFixtures.now)
        #expect(metadata.entityID == entityID)
        #expect(metadata.singleSignOnServices.map(\.location) == [ssoURL.absoluteString, ssoURL.absoluteString])
    }

    @Test("The POST form posts the response and RelayState to the ACS URL, every value escaped, with a Continue button")
    func postForm() throws {
        let idp = try TestKitFixtures.idp()
        let html = idp.postForm(samlResponse: "PHNhbWxwOlJlc3BvbnNlLz4=", relayState: "\"><script>alert(1)</script>",
                                acsURL: "https://app.example.test/acs?a=1&b=\"2\"", scriptNonce: "n0nce\"")
        #expect(html.contains("<form method=\"post\" action=\"https://app.example.test/acs?a=1&amp;b=&quot;2&quot;\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"SAMLResponse\" value=\"PHNhbWxwOlJlc3BvbnNlLz4=\"/>"))
        #expect(html.contains("name=\"RelayState\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<button type=\"submit\">Continue</button>"))
        #expect(html.contains("<script nonce=\"n0nce&quot;\">document.forms[0].submit();</script>"))
    }

    @Test("Without RelayState the form has no RelayState field")
    func postFormWithoutRelayState() throws {
        let html = try TestKitFixtures.idp().postForm(samlResponse: "AAAA", relayState: nil, acsURL: TestKitFixtures.acsURL)
        #expect(!html.contains("RelayState"))
        #expect(html.contains("<script>document.forms[0].submit();</script>"))
    }
}
