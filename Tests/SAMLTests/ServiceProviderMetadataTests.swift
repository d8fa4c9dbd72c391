import Foundation
import Testing
@testable import SAML

@Suite struct ServiceProviderMetadataTests {
    static let md = "urn:oasis:names:tc:SAML:2.0:metadata"

    @Test func parsesBackWithEveryField() throws {
        let metadata = ServiceProviderMetadata(entityID: "https://app.example.test/sso/saml/metadata/c1",
                                               acsURL: "https://app.example.test/sso/saml/acs/c1?tenant=a&b=\"c\"")
        let tree = try XMLTree(bytes: Data(metadata.xml.utf8))
        #expect(tree.root.is("EntityDescriptor", Self.md))
        #expect(tree.root.attribute("entityID") == metadata.entityID)
        let role = try #require(tree.root.firstChild("SPSSODescriptor", Self.md))
        #expect(role.attribute("protocolSupportEnumeration") == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(role.attribute("WantAssertionsSigned") == "true")
        #expect(role.attribute("AuthnRequestsSigned") == "false")
        #expect(role.children("NameIDFormat", Self.md).map(\.textContent) == ["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"])
        let services = role.children("AssertionConsumerService", Self.md)
        #expect(services.count == 1)
        #expect(services.first?.attribute("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(services.first?.attribute("Location") == metadata.acsURL)
        #expect(services.first?.attribute("index") == "0")
        // Schema order: NameIDFormat comes before AssertionConsumerService.
        #expect(role.children.map(\.localName) == ["NameIDFormat", "AssertionConsumerService"])
    }

    @Test func optionalFormatAndUnsignedAssertions() throws {
        let metadata = ServiceProviderMetadata(entityID: "urn:sp:<&>", acsURL: "https://app.example.test/acs",
                                               nameIDFormat: nil, wantAssertionsSigned: false)
        let tree = try XMLTree(bytes: Data(metadata.xml.utf8))
        #expect(tree.root.attribute("entityID") == "urn:sp:<&>")
        let role = try #require(tree.root.firstChild("SPSSODescriptor", Self.md))
        #expect(role.attribute("WantAssertionsSigned") == "false")
        #expect(role.children("NameIDFormat", Self.md).isEmpty)
    }

    @Test func isNotAcceptedAsIdentityProviderMetadata() throws {
        let metadata = ServiceProviderMetadata(entityID: "https://app.example.test", acsURL: "https://app.example.test/acs")
        let error = try #require(metadataTestError {
            try IdentityProviderMetadata.parse(Data(metadata.xml.utf8), now: Date(timeIntervalSince1970: 0))
        })
        #expect(error.code == .metadataNoIdPDescriptor)
        #expect(error.message.contains("https://app.example.test"))
    }
}
