import Foundation
import Testing
@testable import SAML

/// One real metadata document and what REPORT.md (section 1) says it contains.
struct MetadataFixtureCase: Sendable, CustomTestStringConvertible {
    var file: String
    var entityID: String
    /// (binding, location) in document order, HTTP-Redirect/HTTP-POST only, duplicates removed.
    var services: [(String, String)]
    var signingSHA1: [String]
    var wantAuthnRequestsSigned = false
    var validUntil: String?
    /// A time at which the document is usable (before validUntil).
    var now = "2026-01-01T00:00:00Z"
    var testDescription: String { file }
}

private let r = MetadataFixtures.redirect
private let p = MetadataFixtures.post

@Suite struct MetadataFixtureTests {
    static let cases: [MetadataFixtureCase] = [
        .init(file: "entra-2023.xml", entityID: "https://sts.windows.net/a9054a0f-2011-4e31-b3ac-fd8c354146ec/",
              services: [(r, "https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/saml2"),
                         (p, "https://login.microsoftonline.com/a9054a0f-2011-4e31-b3ac-fd8c354146ec/saml2")],
              signingSHA1: ["A3:35:33:A8:6D:69:33:F8:B6:80:EA:E6:4A:FF:D9:BE:22:AD:47:25"]),
        .init(file: "google-2023.xml", entityID: "https://accounts.google.com/o/saml2?idpid=C029op2ga",
              services: [(r, "https://accounts.google.com/o/saml2/idp?idpid=C029op2ga"),
                         (p, "https://accounts.google.com/o/saml2/idp?idpid=C029op2ga")],
              signingSHA1: ["3E:7F:73:A5:49:6D:41:72:F5:42:A1:AF:44:CE:9D:45:5E:67:06:CB"],
              validUntil: "2028-07-19T17:28:34Z"),
        .init(file: "okta-2024.xml", entityID: "http://www.okta.com/exkdoocxa1VmjpXmX697",
              services: [(p, "https://trial-1022863.okta.com/app/trial-1022863_oktalocalhostbis_1/exkdoocxa1VmjpXmX697/sso/saml"),
                         (r, "https://trial-1022863.okta.com/app/trial-1022863_oktalocalhostbis_1/exkdoocxa1VmjpXmX697/sso/saml")],
              signingSHA1: ["50:A6:9B:DA:71:6B:B8:9D:0F:98:0C:A5:B8:54:5E:6C:3A:F7:13:60"]),
        .init(file: "keycloak-2024.xml", entityID: "http://localhost:8085/realms/master",
              services: [(p, "http://localhost:8085/realms/master/protocol/saml"),
                         (r, "http://localhost:8085/realms/master/protocol/saml")],
              signingSHA1: ["3C:2C:D5:FE:99:22:FC:01:1A:D6:55:A6:88:99:9C:71:B1:90:10:E6"],
              wantAuthnRequestsSigned: true),
        .init(file: "pingone-2023.xml", entityID: "https://auth.pingone.com/3030059e-440b-4ad0-9217-44326f1757f6",
              services: [(p, "https://auth.pingone.com/3030059e-440b-4ad0-9217-44326f1757f6/saml20/idp/sso"),
                         (r, "https://auth.pingone.com/3030059e-440b-4ad0-9217-44326f1757f6/saml20/idp/sso")],
              signingSHA1: ["C2:52:75:A1:AB:B3:56:63:A7:7B:58:AF:21:4D:64:D9:9E:D2:14:12"]),
        .init(file: "jumpcloud-2023.xml", entityID: "IdP Entity ID",
              services: [(p, "https://sso.jumpcloud.com/saml2/ucariontest")],
              signingSHA1: ["E8:D2:B7:2C:CC:CB:24:DE:58:84:E4:83:57:8A:8B:C9:9B:4D:72:57"]),
        .init(file: "onelogin-2016.xml", entityID: "https://app.onelogin.com/saml/metadata/503983",
              services: [(p, "https://app.onelogin.com/trust/saml2/http-post/sso/503983")],   // listed twice in the file
              signingSHA1: ["EF:69:AE:37:2A:B6:6D:ED:37:B1:C8:A6:21:F0:AA:81:D4:E6:4C:5E"]),
        .init(file: "google-2016.xml", entityID: "https://accounts.google.com/o/saml2?idpid=C02dfl1r1",
              services: [(p, "https://accounts.google.com/o/saml2/idp?idpid=C02dfl1r1")],    // listed twice in the file
              signingSHA1: ["17:77:79:AD:0A:FB:DA:6F:F4:76:AC:BF:FF:83:B3:AA:68:3E:85:3B"],
              validUntil: "2021-01-03T16:17:49Z", now: "2020-06-01T00:00:00Z"),
        .init(file: "shibboleth-samltest.xml", entityID: "https://samltest.id/saml/idp",
              services: [(p, "https://samltest.id/idp/profile/SAML2/POST/SSO"),
                         (r, "https://samltest.id/idp/profile/SAML2/Redirect/SSO")],
              signingSHA1: ["0F:F5:60:6F:56:EA:3E:CD:67:E1:BC:44:CC:0A:B1:9C:A7:94:3F:62",
                            "E7:6B:5E:8E:6E:1E:28:C4:7C:8A:3B:46:2D:D0:41:37:CA:5C:6E:1E"],
              validUntil: "2100-01-01T00:00:42Z"),
        .init(file: "secureworks-2017.xml", entityID: "https://idp.secureworks.com/SAML2",
              services: [(p, "https://idp.secureworks.com/SAML2/SSO/POST")],
              signingSHA1: ["62:CB:20:32:69:63:D6:26:98:A9:14:0C:70:75:E8:38:BE:B4:27:E7"]),
        .init(file: "phpsaml-demo.xml", entityID: "http://idp.example.com/metadata.php",
              services: [(r, "https://app.onelogin.com/trust/saml2/http-post/sso/503983"),
                         (p, "https://app.onelogin.com/trust/saml2/http-post/sso/503983")],
              signingSHA1: ["56:14:65:7A:B6:92:B9:60:48:03:89:72:3A:36:44:6A:5F:E1:F7:EC"]),
        .init(file: "azuread-2014-federation.xml", entityID: "https://sts.windows.net/8bd6e98d-e212-4022-b13f-a244fab4c253/",
              services: [(r, "https://login.windows.net/8bd6e98d-e212-4022-b13f-a244fab4c253/saml2"),
                         (p, "https://login.windows.net/8bd6e98d-e212-4022-b13f-a244fab4c253/saml2")],
              signingSHA1: ["92:B8:8C:3D:D9:81:BF:1E:BC:B2:44:FC:FA:63:C0:07:70:6C:79:E0",
                            "32:70:BF:55:97:00:4D:F3:39:A4:E6:22:24:73:1B:6B:D8:28:10:A6"]),
        .init(file: "adfs-ucar-2017.xml", entityID: "https://sts.ucar.edu/adfs/services/trust",
              services: [(r, "https://sts.ucar.edu/adfs/ls/"), (p, "https://sts.ucar.edu/adfs/ls/")],
              signingSHA1: ["2C:A6:7C:00:EB:D5:D4:E5:00:0A:C5:A8:14:C8:29:22:2F:B7:76:B6"]),
        .init(file: "pysaml2-idp.xml", entityID: "urn:mace:example.com:saml:roland:idp",
              services: [(r, "http://localhost:8088/sso")],
              signingSHA1: ["02:1C:37:E4:C8:9E:E4:7B:14:E6:8E:0B:37:53:29:AC:9D:8F:10:6B"]),
    ]

    @Test(arguments: cases)
    func parsesRealMetadata(_ expected: MetadataFixtureCase) throws {
        let now = CertificateFixtures.date(expected.now)
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data(expected.file), now: now)
        #expect(metadata.entityID == expected.entityID)
        #expect(metadata.singleSignOnServices.map(\.binding) == expected.services.map(\.0))
        #expect(metadata.singleSignOnServices.map(\.location) == expected.services.map(\.1))
        #expect(metadata.signingCertificates.map(\.info.sha1Fingerprint) == expected.signingSHA1)
        #expect(metadata.wantAuthnRequestsSigned == expected.wantAuthnRequestsSigned)
        #expect(metadata.validUntil == expected.validUntil.map(CertificateFixtures.date))
        // Every document yields usable settings, and asking for it by its entity ID works too.
        let settings = try metadata.settings()
        #expect(settings.entityID == expected.entityID)
        #expect(settings.signingCertificates == metadata.signingCertificates)
        let byID = try IdentityProviderMetadata.parse(MetadataFixtures.data(expected.file),
                                                      entityID: expected.entityID, now: now)
        #expect(byID == metadata)
    }

    @Test func oktaMetadataMatchesCommandLineContract() throws {
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data("okta-2024.xml"),
                                                          now: CertificateFixtures.january2026)
        #expect(metadata.nameIDFormats == ["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"])
        #expect(metadata.warnings.isEmpty)
        let info = try #require(metadata.signingCertificates.first?.info)
        #expect(info.sha256Fingerprint == "21:D5:E6:FF:D3:60:7D:88:BD:8E:EE:5F:97:9F:CB:E9:C3:A3:08:BF:E8:E4:42:A4:41:36:AB:60:B9:21:6B:CF")
        #expect(info.keyType == "RSA" && info.keySize == 2048)
        let redirect = try metadata.settings(preferredBinding: .httpRedirect)
        #expect(redirect.ssoBinding == .httpRedirect)
        #expect(redirect.nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        let post = try metadata.settings(preferredBinding: .httpPOST)
        #expect(post.ssoBinding == .httpPOST)
        #expect(post.ssoURL.absoluteString == "https://trial-1022863.okta.com/app/trial-1022863_oktalocalhostbis_1/exkdoocxa1VmjpXmX697/sso/saml")
    }

    @Test func postOnlyIdPFallsBackToPOST() throws {
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data("jumpcloud-2023.xml"),
                                                          now: CertificateFixtures.january2026)
        #expect(try metadata.settings(preferredBinding: .httpRedirect).ssoBinding == .httpPOST)
    }

    @Test func keycloakWarnsAboutSignedRequestsAndReadsFormats() throws {
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data("keycloak-2024.xml"),
                                                          now: CertificateFixtures.january2026)
        #expect(metadata.nameIDFormats.count == 4)
        #expect(metadata.warnings.contains { $0.contains("WantAuthnRequestsSigned") })
        // localhost over plain http is a developer set-up, not a warning.
        #expect(!metadata.warnings.contains { $0.contains("plain http") })
    }

    @Test func expiredAndWeakCertificatesSurfaceAsWarnings() throws {
        let pysaml = try IdentityProviderMetadata.parse(MetadataFixtures.data("pysaml2-idp.xml"),
                                                        now: CertificateFixtures.january2026)
        #expect(pysaml.warnings.contains { $0.contains("expired on 2009-11-05") })
        #expect(pysaml.warnings.contains { $0.contains("1024-bit RSA key") })
        #expect(pysaml.warnings.contains { $0.contains("SHA-1") })
        let entra = try IdentityProviderMetadata.parse(MetadataFixtures.data("entra-2023.xml"),
                                                       now: CertificateFixtures.date("2026-11-01T00:00:00Z"))
        #expect(entra.warnings == entra.signingCertificates[0].warnings(now: CertificateFixtures.date("2026-11-01T00:00:00Z"))
            .map { "Signing certificate 1 of 1: \($0.message)" })
        #expect(entra.warnings.first?.contains("expires on 2026-11-16") == true)
    }

    @Test func expiredValidUntilIsRefused() throws {
        let data = try MetadataFixtures.data("google-2016.xml")
        let error = try #require(metadataTestError { try IdentityProviderMetadata.parse(data, now: CertificateFixtures.january2026) })
        #expect(error.code == .metadataExpired)
        #expect(error.message.contains("2021-01-03T16:17:49Z"))
    }

    @Test func shibbolethSkipsEncryptionKeyAndOtherBindings() throws {
        let metadata = try IdentityProviderMetadata.parse(MetadataFixtures.data("shibboleth-samltest.xml"),
                                                          now: CertificateFixtures.january2026)
        #expect(metadata.signingCertificates.count == 2)
        #expect(!metadata.signingCertificates.map(\.info.sha1Fingerprint).contains { $0.hasPrefix("1D:65:B8:9C") })
        #expect(metadata.singleSignOnServices.allSatisfy { $0.samlBinding != nil })
    }

    @Test func otherEntityIDIsNotFound() throws {
        let data = try MetadataFixtures.data("okta-2024.xml")
        let error = try #require(metadataTestError {
            try IdentityProviderMetadata.parse(data, entityID: "http://www.okta.com/other", now: CertificateFixtures.january2026)
        })
        #expect(error.code == .metadataEntityNotFound)
        #expect(error.message.contains("http://www.okta.com/exkdoocxa1VmjpXmX697"))
    }
}
