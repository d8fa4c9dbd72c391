import Foundation
import Testing
@testable import SAML

/// Hand-made metadata documents, each exercising one rule or one error.
@Suite struct MetadataParsingTests {
    static let now = CertificateFixtures.january2026
    static let md = "urn:oasis:names:tc:SAML:2.0:metadata"

    static func oktaCertificateBase64() throws -> String {
        try CertificateFixtures.data("okta-2024.der").base64EncodedString()
    }

    static func key(_ use: String?, _ base64: String) -> String {
        let useAttribute = use.map { " use=\"\($0)\"" } ?? ""
        return """
        <md:KeyDescriptor\(useAttribute)><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>\
        <ds:X509Certificate>\(base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        """
    }

    static func sso(_ binding: String, _ location: String = "https://idp.example.test/sso") -> String {
        "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:\(binding)\" Location=\"\(location)\"/>"
    }

    static func entity(_ entityID: String = "https://idp.example.test", attributes: String = "",
                       roleAttributes: String = "", keys: [String]? = nil, services: [String]? = nil,
                       extra: String = "") throws -> String {
        let keys = try keys ?? [key("signing", oktaCertificateBase64())]
        let services = services ?? [sso("HTTP-Redirect")]
        return """
        <md:EntityDescriptor xmlns:md="\(md)" entityID="\(entityID)"\(attributes)>\(extra)\
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"\(roleAttributes)>\
        \(keys.joined())<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\
        \(services.joined())</md:IDPSSODescriptor></md:EntityDescriptor>
        """
    }

    static func parse(_ xml: String, entityID: String? = nil, now: Date = now,
                      limits: XMLLimits = .default) throws(SAMLError) -> IdentityProviderMetadata {
        try IdentityProviderMetadata.parse(Data(xml.utf8), entityID: entityID, now: now, limits: limits)
    }

    static func failure(_ xml: String, entityID: String? = nil, now: Date = now) -> SAMLError? {
        metadataTestError { try parse(xml, entityID: entityID, now: now) }
    }

    // MARK: - Accepted shapes

    @Test func minimalDocumentParses() throws {
        let metadata = try Self.parse(Self.entity())
        #expect(metadata.entityID == "https://idp.example.test")
        #expect(metadata.singleSignOnServices == [SingleSignOnService(binding: SAMLBinding.httpRedirect.rawValue,
                                                                        location: "https://idp.example.test/sso")])
        #expect(metadata.signingCertificates.count == 1)
        #expect(metadata.validUntil == nil && metadata.cacheDuration == nil)
        #expect(metadata.warnings.isEmpty)
    }

    @Test func keyDescriptorWithoutUseIsForSigningAndEncryptionOnlyIsSkipped() throws {
        let base64 = try Self.oktaCertificateBase64()
        let google = try CertificateFixtures.text("google-2023.pem")
        let metadata = try Self.parse(Self.entity(keys: [Self.key("encryption", base64), Self.key(nil, google)]))
        #expect(metadata.signingCertificates.map(\.info.sha1Fingerprint) == ["3E:7F:73:A5:49:6D:41:72:F5:42:A1:AF:44:CE:9D:45:5E:67:06:CB"])
    }

    @Test func rotationKeepsEveryCertificateOnceInOrder() throws {
        let okta = try Self.oktaCertificateBase64()
        let google = try CertificateFixtures.text("google-2023.pem")
        let metadata = try Self.parse(Self.entity(keys: [Self.key("signing", google), Self.key("signing", okta), Self.key(nil, okta)]))
        #expect(metadata.signingCertificates.count == 2)
        #expect(metadata.signingCertificates.first?.info.subject.contains("Google") == true)
    }

    @Test func base64OfPEMInX509CertificateIsRead() throws {
        let wild = try CertificateFixtures.text("rubysaml-adfs-base64-of-pem.txt")
        let metadata = try Self.parse(Self.entity(keys: [Self.key("signing", wild)]))
        #expect(metadata.signingCertificates.map(\.info.sha1Fingerprint) == ["28:74:9B:E8:1F:E8:10:9C:A8:7C:A9:C3:E3:C5:01:6C:92:1C:B4:BA"])
        // Its 1024-bit key and SHA-1 signature are reported.
        #expect(metadata.warnings.contains { $0.contains("1024-bit") })
    }

    @Test func brokenCertificateBesideAGoodOneIsAWarning() throws {
        let okta = try Self.oktaCertificateBase64()
        let metadata = try Self.parse(Self.entity(keys: [Self.key("signing", "bm90IGEgY2VydA=="), Self.key("signing", okta)]))
        #expect(metadata.signingCertificates.count == 1)
        #expect(metadata.warnings.contains { $0.contains("KeyDescriptor 1") })
    }

    @Test func byteOrderMarkLeadingWhitespaceAndUTF16AreRead() throws {
        let xml = try Self.entity()
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + Data(("\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).utf8)
        #expect(try IdentityProviderMetadata.parse(withBOM, now: Self.now).entityID == "https://idp.example.test")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + xml).data(using: .utf16LittleEndian)!)
        #expect(try IdentityProviderMetadata.parse(utf16, now: Self.now).entityID == "https://idp.example.test")
    }

    @Test func validUntilIsTheEarliestAndCacheDurationIsKept() throws {
        let inner = try Self.entity(attributes: " validUntil=\"2030-01-01T00:00:00Z\" cacheDuration=\"PT6H\"",
                                    roleAttributes: " validUntil=\"2029-06-01T12:00:00.5Z\"")
        let metadata = try Self.parse("<md:EntitiesDescriptor xmlns:md=\"\(Self.md)\" validUntil=\"2031-01-01T00:00:00+02:00\">\(inner)</md:EntitiesDescriptor>")
        #expect(metadata.validUntil == CertificateFixtures.date("2029-06-01T12:00:00Z").addingTimeInterval(0.5))
        #expect(metadata.cacheDuration == "PT6H")
        let outerExpired = "<md:EntitiesDescriptor xmlns:md=\"\(Self.md)\" validUntil=\"2025-12-31T23:59:59Z\">\(inner)</md:EntitiesDescriptor>"
        #expect(Self.failure(outerExpired)?.code == .metadataExpired)
        // validUntil is exclusive: at that very instant the metadata is expired.
        let exact = try Self.entity(attributes: " validUntil=\"2026-01-01T00:00:00Z\"")
        #expect(Self.failure(exact)?.code == .metadataExpired)
    }

    @Test func unreadableValidUntilIsAWarning() throws {
        let metadata = try Self.parse(Self.entity(attributes: " validUntil=\"next tuesday\""))
        #expect(metadata.validUntil == nil)
        #expect(metadata.warnings.contains { $0.contains("next tuesday") })
    }

    @Test func badAndInsecureLocationsAreReported() throws {
        let metadata = try Self.parse(Self.entity(services: [
            Self.sso("HTTP-Redirect", "/relative/sso"),
            Self.sso("HTTP-POST", "http://idp.example.test/sso"),
        ]))
        #expect(metadata.singleSignOnServices.map(\.location) == ["http://idp.example.test/sso"])
        #expect(metadata.warnings.contains { $0.contains("/relative/sso") })
        #expect(metadata.warnings.contains { $0.contains("plain http") })
    }

    @Test func entityIDIsTrimmed() throws {
        #expect(try Self.parse(Self.entity(" https://idp.example.test\n")).entityID == "https://idp.example.test")
    }

    // MARK: - EntitiesDescriptor

    static func entities(_ members: [String], nested: Bool = false) -> String {
        let body = members.joined()
        let inner = nested ? "<md:EntitiesDescriptor>\(body)</md:EntitiesDescriptor>" : body
        return "<md:EntitiesDescriptor xmlns:md=\"\(md)\">\(inner)</md:EntitiesDescriptor>"
    }

    static let spEntity = """
    <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.example.test">\
    <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.test/acs" index="0"/>\
    </md:SPSSODescriptor></md:EntityDescriptor>
    """

    @Test func entitiesDescriptorChoosesTheOnlyIdP() throws {
        let document = try Self.entities([Self.spEntity, Self.entity("https://idp-a.example.test")], nested: true)
        #expect(try Self.parse(document).entityID == "https://idp-a.example.test")
    }

    @Test func severalIdPsNeedAnEntityID() throws {
        let document = try Self.entities([Self.entity("https://idp-a.example.test"), Self.entity("https://idp-b.example.test")])
        let error = try #require(Self.failure(document))
        #expect(error.code == .metadataAmbiguousEntity)
        #expect(error.message.contains("https://idp-a.example.test") && error.message.contains("https://idp-b.example.test"))
        #expect(try Self.parse(document, entityID: "https://idp-b.example.test").entityID == "https://idp-b.example.test")
        let missing = try #require(Self.failure(document, entityID: "https://idp-c.example.test"))
        #expect(missing.code == .metadataEntityNotFound)
        #expect(missing.message.contains("https://idp-a.example.test"))
    }

    @Test func severalEntitiesWithoutAnIdPRole() throws {
        let other = Self.spEntity.replacingOccurrences(of: "https://sp.example.test", with: "https://sp2.example.test")
        let error = try #require(Self.failure(Self.entities([Self.spEntity, other])))
        #expect(error.code == .metadataNoIdPDescriptor)
        #expect(error.message.contains("https://sp2.example.test"))
    }

    @Test func emptyEntitiesDescriptorIsRefused() {
        #expect(Self.failure(Self.entities([]))?.code == .metadataEntityNotFound)
    }

    // MARK: - Errors

    @Test(arguments: [
        ("not metadata\n", SAMLError.Code.metadataNotMetadata, "not XML"),
        ("", .metadataNotMetadata, "empty"),
        ("<!DOCTYPE html><html><body>Sign in</body></html>", .metadataNotMetadata, "HTML page"),
        ("<html><head></head></html>", .metadataNotMetadata, "HTML page"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", .metadataNotMetadata, "certificate, not a metadata"),
        ("\u{1B}[31m{\"json\": true}", .metadataNotMetadata, "it begins \" [31m{"),
        ("<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='x'>", .xmlMalformed, "line 1"),
        ("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", .xmlDoctypeForbidden, "DOCTYPE"),
        ("<EntityDescriptor entityID='x'/>", .metadataNotMetadata, "namespace"),
        ("<foo xmlns='urn:x'/>", .metadataNotMetadata, "<foo>"),
        ("<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>", .metadataNotMetadata, "SAML Response"),
        ("<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>", .metadataNotMetadata, "no entityID"),
    ])
    func refusesWhatIsNotMetadata(xml: String, code: SAMLError.Code, phrase: String) throws {
        let error = try #require(Self.failure(xml))
        #expect(error.code == code)
        #expect(error.message.contains(phrase), "\(error.message)")
    }

    @Test func serviceProviderMetadataIsNotIdPMetadata() throws {
        let error = try #require(Self.failure(Self.spEntity))
        #expect(error.code == .metadataNoIdPDescriptor)
        #expect(error.message.contains("service-provider (SP) metadata"))
    }

    @Test func wsFederationOnlyMetadataIsNotSAML() throws {
        let xml = """
        <EntityDescriptor xmlns="\(Self.md)" entityID="https://sts.windows.net/t/"><RoleDescriptor \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" \
        xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706"/>\
        </EntityDescriptor>
        """
        let error = try #require(Self.failure(xml))
        #expect(error.code == .metadataNoIdPDescriptor)
        #expect(error.message.contains("WS-Federation"))
    }

    @Test func idpRoleInAnotherNamespaceOrProtocolIsNotEnough() throws {
        let wrongNamespace = try Self.entity().replacingOccurrences(of: "md:IDPSSODescriptor", with: "x:IDPSSODescriptor")
            .replacingOccurrences(of: "<x:IDPSSODescriptor ", with: "<x:IDPSSODescriptor xmlns:x=\"urn:other\" ")
        #expect(Self.failure(wrongNamespace)?.code == .metadataNoIdPDescriptor)
        let saml11 = try Self.entity().replacingOccurrences(of: "urn:oasis:names:tc:SAML:2.0:protocol", with: "urn:oasis:names:tc:SAML:1.1:protocol")
        let error = try #require(Self.failure(saml11))
        #expect(error.code == .metadataNoIdPDescriptor)
        #expect(error.message.contains("SAML 2.0"))
    }

    @Test func onlySOAPAndArtifactEndpointsAreRefused() throws {
        let error = try #require(Self.failure(Self.entity(services: [Self.sso("SOAP"), Self.sso("HTTP-Artifact")])))
        #expect(error.code == .metadataNoSSOEndpoint)
        #expect(error.message.contains("SOAP, HTTP-Artifact"))
        #expect(try Self.failure(Self.entity(services: []))?.code == .metadataNoSSOEndpoint)
    }

    @Test func missingSigningCertificateIsRefused() throws {
        let base64 = try Self.oktaCertificateBase64()
        #expect(try Self.failure(Self.entity(keys: []))?.code == .metadataNoSigningCertificate)
        let encryptionOnly = try #require(Self.failure(Self.entity(keys: [Self.key("encryption", base64)])))
        #expect(encryptionOnly.code == .metadataNoSigningCertificate)
        let keyValueOnly = """
        <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:KeyValue>\
        <ds:RSAKeyValue><ds:Modulus>AQAB</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo></md:KeyDescriptor>
        """
        let bare = try #require(Self.failure(Self.entity(keys: [keyValueOnly])))
        #expect(bare.code == .metadataNoSigningCertificate)
        #expect(bare.message.contains("no X509Certificate"))
        let garbage = try #require(Self.failure(Self.entity(keys: [Self.key("signing", "!!!")])))
        #expect(garbage.code == .metadataNoSigningCertificate)
        #expect(garbage.message.contains("could not be read"))
    }

    @Test func sizeLimitApplies() throws {
        let xml = try Self.entity()
        #expect(metadataTestError { try Self.parse(xml, limits: XMLLimits(maximumBytes: 100)) }?.code == .xmlTooLarge)
    }

    @Test func settingsRefuseMoreThanFiveCertificates() throws {
        let certificate = try #require(Certificate.parseAll(CertificateFixtures.text("okta-2024.pem")).first)
        let google = try #require(Certificate.parseAll(CertificateFixtures.text("google-2023.pem")).first)
        let metadata = IdentityProviderMetadata(
            entityID: "https://idp.example.test",
            singleSignOnServices: [SingleSignOnService(binding: SAMLBinding.httpPOST.rawValue, location: "https://idp.example.test/sso")],
            signingCertificates: Array(repeating: certificate, count: 5) + [google])
        #expect(metadataTestError { try metadata.settings() }?.code == .certificateTooMany)
        var none = metadata
        none.signingCertificates = []
        #expect(metadataTestError { try none.settings() }?.code == .metadataNoSigningCertificate)
        var badLocation = metadata
        badLocation.singleSignOnServices = [SingleSignOnService(binding: SAMLBinding.httpPOST.rawValue, location: "not a url")]
        #expect(metadataTestError { try badLocation.settings() }?.code == .metadataNoSSOEndpoint)
    }

    // MARK: - xs:dateTime

    @Test(arguments: [
        ("2028-07-19T17:28:34.000Z", "2028-07-19T17:28:34Z"),
        ("2100-01-01T00:00:42Z", "2100-01-01T00:00:42Z"),
        ("2024-01-01T10:00:00+02:00", "2024-01-01T08:00:00Z"),
        ("2024-01-01T00:30:00-01:30", "2024-01-01T02:00:00Z"),
        ("2024-02-29T23:59:59", "2024-02-29T23:59:59Z"),
        (" 1970-01-01T00:00:00Z ", "1970-01-01T00:00:00Z"),
    ])
    func readsDateTimes(text: String, expected: String) {
        #expect(XSDateTime.parse(text) == CertificateFixtures.date(expected))
    }

    @Test(arguments: ["", "x", "2024-01-01", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.Z",
                      "2024-01-01T25:00:00Z", "2024-01-01T00:00:00+2:00", "2024-01-01T00:00:00Zjunk", "24-01-01T00:00:00Z"])
    func refusesBadDateTimes(text: String) {
        #expect(XSDateTime.parse(text) == nil)
    }

    // MARK: - Robustness

    @Test func truncatedAndMutatedRealMetadataNeverCrashes() throws {
        let data = try MetadataFixtures.data("azuread-2014-federation.xml")
        for length in stride(from: 0, to: data.count, by: 97) {
            #expect(metadataTestError { try IdentityProviderMetadata.parse(data.prefix(length), now: Self.now) } != nil)
        }
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            var mutated = data
            for _ in 0..<3 {
                let index = Int(generator.next() % UInt64(mutated.count))
                mutated[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            // Any outcome but a crash or hang is acceptable: the mutation may hit a comment.
            _ = try? IdentityProviderMetadata.parse(mutated, now: Self.now)
        }
    }
}

/// A small deterministic generator, so the mutation test is repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
