import Foundation
import Testing
@testable import SAML

/// Metadata reading builds only the parts of the tree it reads and checks certificates with a
/// partial decode; these tests pin that nothing else changes: the whole document is still
/// checked, the certificates read are the same, and trust still needs libcrypto's full parse.
@Suite struct MetadataCheapReadingTests {
    typealias Doc = MetadataParsingTests

    @Test("the summary agrees with the full parse", arguments: [
        "okta-2024.pem", "google-2023.pem", "jumpcloud-4096.pem", "ec-p256.pem", "starfield-negative-serial.pem",
        "pysaml2-roland-1024-sha1.pem",
    ])
    func summaryMatchesInfo(name: String) throws {
        for certificate in try Certificate.parseAll(data: CertificateFixtures.data(name)) {
            let info = certificate.info
            let summary = certificate.summary
            #expect(summary.sha256Fingerprint == info.sha256Fingerprint)
            #expect(summary.notBefore == info.notBefore)
            #expect(summary.notAfter == info.notAfter)
            let outline = try #require(Certificate.Outline(der: certificate.der))
            #expect(outline.signatureAlgorithm == info.signatureAlgorithm)
            #expect(outline.isRSA == (info.keyType == "RSA"))
            if outline.isRSA { #expect(outline.rsaBits == info.keySize) }
            #expect(outline.subject == info.subject)
        }
    }

    @Test func partialDecodeRefusesWhatIsNotOneCertificate() throws {
        let der = try CertificateFixtures.data("okta-2024.der")
        #expect(Certificate.Outline(der: der) != nil)
        #expect(Certificate.Outline(der: der + Data([0])) == nil, "trailing bytes")
        #expect(Certificate.Outline(der: der.prefix(der.count - 1)) == nil, "truncated")
        #expect(Certificate.Outline(der: Data()) == nil)
        #expect(Certificate.Outline(der: Data([0x30, 0x03, 0x02, 0x01, 0x00])) == nil)
        #expect(Certificate.summarized(base64: "not base64!") == nil)
    }

    @Test func metadataCertificatesAreTheSameAsFullyParsedOnes() throws {
        for name in ["okta-2024.xml", "google-2023.xml", "entra-2023.xml", "adfs-ucar-2017.xml", "azuread-2014-federation.xml",
                     "keycloak-2024.xml", "shibboleth-samltest.xml", "pysaml2-idp.xml"] {
            let data = try MetadataFixtures.data(name)
            let metadata = try IdentityProviderMetadata.parse(data, now: Date(timeIntervalSince1970: 1_400_000_000))
            for certificate in metadata.signingCertificates {
                #expect(try certificate.validated() == certificate, "\(name)")
            }
        }
    }

    /// A certificate whose structure is sound but whose RSA key libcrypto cannot read: the
    /// INTEGER tag of the modulus turned into an OCTET STRING tag.
    static func certificateWithUnreadableKey() throws -> Data {
        var der = try CertificateFixtures.data("okta-2024.der")
        let header: [UInt8] = [0x30, 0x82, 0x01, 0x0A, 0x02, 0x82, 0x01, 0x01]
        let bytes = [UInt8](der)
        let start = try #require((0...(bytes.count - header.count)).first { Array(bytes[$0..<($0 + header.count)]) == header })
        der[der.startIndex + start + 4] = 0x04
        return der
    }

    @Test func trustStillNeedsTheFullParse() throws {
        let broken = try Self.certificateWithUnreadableKey()
        #expect(Certificate.Outline(der: broken) != nil, "the partial decode does not look into the key")
        let xml = try Doc.entity(keys: [Doc.key("signing", broken.base64EncodedString())])
        let metadata = try Doc.parse(xml)
        #expect(metadata.signingCertificates.map(\.der) == [broken])
        // The key is read only when the certificate is trusted, and refused then.
        let options = ResponseValidationOptions(
            trustedCertificates: metadata.signingCertificates, identityProviderEntityID: metadata.entityID,
            serviceProviderEntityID: "https://sp.example.test", assertionConsumerServiceURL: "https://sp.example.test/acs",
            now: Doc.now)
        #expect(throws: SAMLError.self) { try ResponseValidator(options: options) }
        do {
            _ = try ResponseValidator(options: options)
        } catch {
            #expect(error.code == .certificateInvalid)
        }
    }

    // MARK: - The pruned tree still checks the whole document

    static func withExtensions(_ content: String) throws -> String {
        try Doc.entity(extra: "<md:Extensions>\(content)</md:Extensions>")
    }

    @Test func skippedPartsAreStillCheckedForDepth() throws {
        let deep = String(repeating: "<x>", count: 80) + String(repeating: "</x>", count: 80)
        #expect(Doc.failure(try Self.withExtensions(deep))?.code == .xmlTooDeep)
    }

    @Test func skippedPartsAreStillCheckedForNamespaces() throws {
        func declarations(_ range: Range<Int>) -> String { range.map { " xmlns:p\($0)=\"urn:p:\($0)\"" }.joined() }
        let nested = "<a\(declarations(0..<35))><b\(declarations(35..<70))/></a>"
        let code = Doc.failure(try Self.withExtensions(nested))?.code
        #expect(code == .xmlTooManyAttributes)
    }

    @Test func skippedPartsAreStillCheckedForWellFormednessAndDoctype() throws {
        #expect(Doc.failure(try Self.withExtensions("<open></close>"))?.code == .xmlMalformed)
        #expect(Doc.failure("<!DOCTYPE x [<!ENTITY e \"e\">]>" + (try Doc.entity()))?.code == .xmlDoctypeForbidden)
        let attributes = (0..<200).map { " a\($0)=\"1\"" }.joined()
        #expect(Doc.failure(try Self.withExtensions("<many\(attributes)/>"))?.code == .xmlTooManyAttributes)
    }

    @Test func skippedTextAndCommentsDoNotLeakIntoWhatIsRead() throws {
        let xml = try Doc.entity(extra: "<!-- comment --><md:Organization>SKIPPED<md:OrganizationName>SKIPPED</md:OrganizationName></md:Organization>")
        let metadata = try Doc.parse(xml)
        #expect(metadata.entityID == "https://idp.example.test")
        let tree = try XMLTree(metadataBytes: Data(xml.utf8))
        #expect(tree.root.children.map(\.localName) == ["IDPSSODescriptor"])
        #expect(!tree.root.textContent.contains("SKIPPED"))
    }

    @Test func roleDescriptorsOtherThanTheIdPsAreKeptEmpty() throws {
        let xml = """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.example.test">\
            <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\
            <md:AssertionConsumerService Binding="b" Location="https://sp.example.test/acs" index="0"/>\
            </md:SPSSODescriptor></md:EntityDescriptor>
            """
        let tree = try XMLTree(metadataBytes: Data(xml.utf8))
        #expect(tree.root.children.map(\.localName) == ["SPSSODescriptor"])
        #expect(tree.root.children.first?.children.isEmpty == true)
        #expect(Doc.failure(xml)?.code == .metadataNoIdPDescriptor)
    }

    @Test("certificate dates in warnings read as Foundation's ISO 8601 style", arguments: [
        0, 1_767_225_600, 1_767_225_599.75, 253_402_300_799, -1, 951_782_400, 4_107_542_400,
    ] as [TimeInterval])
    func warningDatesMatchTheISO8601Style(seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Certificate.display(date) == date.formatted(Date.ISO8601FormatStyle()))
    }

    @Test func anUTF8DocumentWithoutDeclarationKeepsItsCharacters() throws {
        let metadata = try Doc.parse(try Doc.entity("https://idp.example.test/é/日本"))
        #expect(metadata.entityID == "https://idp.example.test/é/日本")
    }
}
