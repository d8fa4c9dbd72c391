import Foundation
import Testing
@testable import SAML

@Suite struct CertificateTests {
    // MARK: - Reading a certificate

    @Test func readsOktaCertificateInfo() throws {
        let certificate = try #require(Certificate.parseAll(CertificateFixtures.text("okta-2024.pem")).first)
        let info = certificate.info
        #expect(info.subject == "emailAddress=info@okta.com,CN=trial-1022863,OU=SSOProvider,O=Okta,L=San Francisco,ST=California,C=US")
        #expect(info.issuer == info.subject)
        #expect(info.serialNumber == "018F16F454AA")
        #expect(info.notBefore == CertificateFixtures.date("2024-04-25T20:30:02Z"))
        #expect(info.notAfter == CertificateFixtures.date("2034-04-25T20:31:02Z"))
        #expect(info.keyType == "RSA")
        #expect(info.keySize == 2048)
        #expect(info.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(info.sha256Fingerprint == "21:D5:E6:FF:D3:60:7D:88:BD:8E:EE:5F:97:9F:CB:E9:C3:A3:08:BF:E8:E4:42:A4:41:36:AB:60:B9:21:6B:CF")
        #expect(info.sha1Fingerprint == "50:A6:9B:DA:71:6B:B8:9D:0F:98:0C:A5:B8:54:5E:6C:3A:F7:13:60")
        #expect(certificate.warnings(now: CertificateFixtures.january2026).isEmpty)
    }

    @Test func readsECCertificate() throws {
        let info = try #require(Certificate.parseAll(CertificateFixtures.text("ec-p256.pem")).first).info
        #expect(info.keyType == "EC")
        #expect(info.keySize == 256)
        #expect(info.signatureAlgorithm == "ecdsa-with-SHA256")
        #expect(info.subject == "O=SelfServeSSO Tests,CN=ec-idp.example.test")
        #expect(info.sha256Fingerprint == "3B:76:8D:F2:B0:D9:4C:32:F3:65:C3:27:C9:9F:B6:4F:FC:A1:9B:E1:EF:6B:C0:3C:EA:0E:CF:67:71:12:C5:36")
    }

    @Test func readsLargeKeyAndNegativeSerial() throws {
        let jumpcloud = try #require(Certificate.parseAll(CertificateFixtures.text("jumpcloud-4096.pem")).first).info
        #expect(jumpcloud.keySize == 4096)
        let starfield = try #require(Certificate.parseAll(CertificateFixtures.text("starfield-negative-serial.pem")).first).info
        #expect(starfield.serialNumber == "-341DF13A50AEEA75B38200B193ED060E")
        #expect(starfield.issuer == "CN=Root Agency")
        #expect(starfield.sha1Fingerprint == "8D:BA:53:8E:A3:B6:F9:F1:69:6C:BB:D9:D8:BD:41:B3:AC:4F:9D:4D")
    }

    @Test func oddSignatureAlgorithmDoesNotCrash() throws {
        let info = try #require(Certificate.parseAll(CertificateFixtures.text("onelogin-odd-signature-algorithm.pem")).first).info
        #expect(info.sha1Fingerprint == "C5:19:85:D9:47:F1:BE:57:08:20:25:05:08:46:EB:27:F6:CA:B7:83")
        #expect(info.keySize == 1024)
    }

    // MARK: - Warnings

    @Test func warnsAboutWeakExpiredSHA1Certificate() throws {
        let certificate = try #require(Certificate.parseAll(CertificateFixtures.text("pysaml2-roland-1024-sha1.pem")).first)
        let codes = certificate.warnings(now: CertificateFixtures.january2026).map(\.code)
        #expect(codes == ["certificate.expired", "certificate.weak-key", "certificate.sha1-signature"])
        // Inside its validity window only the key and the digest are a problem.
        let during = certificate.warnings(now: CertificateFixtures.date("2009-10-10T00:00:00Z")).map(\.code)
        #expect(during == ["certificate.expires-soon", "certificate.weak-key", "certificate.sha1-signature"])
        let before = certificate.warnings(now: CertificateFixtures.date("2009-01-01T00:00:00Z")).map(\.code)
        #expect(before.contains("certificate.not-yet-valid"))
    }

    @Test(arguments: [
        ("2034-03-27T20:31:03Z", ["certificate.expires-soon"]),  // 29 days + 23:59:59 before notAfter
        ("2034-03-25T20:31:02Z", []),                            // 31 days before
        ("2034-04-25T20:31:01Z", ["certificate.expires-soon"]),  // one second before
        ("2034-04-25T20:31:02Z", ["certificate.expired"]),       // at notAfter
    ])
    func expiryBoundaries(now: String, expected: [String]) throws {
        let certificate = try #require(Certificate.parseAll(CertificateFixtures.text("okta-2024.pem")).first)
        let warnings = certificate.warnings(now: CertificateFixtures.date(now))
        #expect(warnings.map(\.code) == expected)
        #expect(warnings.allSatisfy { $0.message.contains("CN=trial-1022863") })
    }

    // MARK: - Accepted forms

    @Test func parsesBundleInOrder() throws {
        let bundle = try CertificateFixtures.text("okta-2024.pem") + "\n" + CertificateFixtures.text("google-2023.pem")
        let certificates = try Certificate.parseAll(bundle)
        #expect(certificates.map(\.info.sha1Fingerprint) == [
            "50:A6:9B:DA:71:6B:B8:9D:0F:98:0C:A5:B8:54:5E:6C:3A:F7:13:60",
            "3E:7F:73:A5:49:6D:41:72:F5:42:A1:AF:44:CE:9D:45:5E:67:06:CB",
        ])
    }

    @Test func parsesPEMOnOneLineAndWithEscapedNewlines() throws {
        let pem = try CertificateFixtures.text("okta-2024.pem")
        let reference = try Certificate.parseAll(pem)
        let oneLine = pem.split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(try Certificate.parseAll(oneLine) == reference)
        let glued = pem.split(whereSeparator: \.isNewline).joined()
        #expect(try Certificate.parseAll(glued) == reference)
        let jsonEscaped = pem.split(whereSeparator: \.isNewline).joined(separator: "\\n")
        #expect(try Certificate.parseAll(jsonEscaped) == reference)
        let crlfWithBOM = "\u{FEFF}" + pem.split(whereSeparator: \.isNewline).joined(separator: "\r\n")
        #expect(try Certificate.parseAll(crlfWithBOM) == reference)
    }

    @Test func parsesDERAndBareBase64() throws {
        let der = try CertificateFixtures.data("okta-2024.der")
        let reference = try Certificate.parseAll(CertificateFixtures.text("okta-2024.pem"))
        #expect(try Certificate.parseAll(data: der) == reference)
        #expect(try Certificate.parseAll(data: der + der).count == 2)
        // Bare base64 as in ds:X509Certificate, with indentation and line breaks.
        let wrapped = der.base64EncodedString(options: .lineLength64Characters)
            .split(separator: "\r\n").map { "        " + $0 }.joined(separator: "\n")
        #expect(try Certificate.parseAll(wrapped) == reference)
        #expect(try Certificate.parseAll(data: Data(("\n" + wrapped + "\n").utf8)) == reference)
        // Padding dropped by a console ("...g==" becomes "...g").
        let ec = try Certificate.parseAll(CertificateFixtures.text("ec-p256.pem"))
        let ecBase64 = try #require(ec.first).der.base64EncodedString()
        #expect(ecBase64.hasSuffix("=="))
        #expect(try Certificate.parseAll(ecBase64.replacingOccurrences(of: "=", with: "")) == ec)
    }

    @Test func describedParseMatchesInfo() throws {
        let bundle = try CertificateFixtures.text("okta-2024.pem") + CertificateFixtures.text("ec-p256.pem")
        let described = try Certificate.parseAllDescribed(bundle)
        #expect(described.count == 2)
        for (certificate, info) in described {
            #expect(info == certificate.info)
        }
    }

    @Test func parsesBase64OfPEMSeenInTheWild() throws {
        let certificates = try Certificate.parseAll(CertificateFixtures.text("rubysaml-adfs-base64-of-pem.txt"))
        #expect(certificates.count == 1)
        #expect(certificates.first?.info.sha1Fingerprint == "28:74:9B:E8:1F:E8:10:9C:A8:7C:A9:C3:E3:C5:01:6C:92:1C:B4:BA")
    }

    @Test func parsesAnX509CertificateElementCopiedFromMetadata() throws {
        let base64 = try CertificateFixtures.data("okta-2024.der").base64EncodedString(options: .lineLength64Characters)
        let element = "<ds:X509Certificate xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n\(base64)\n</ds:X509Certificate>"
        let reference = try Certificate.parseAll(CertificateFixtures.text("okta-2024.pem"))
        #expect(try Certificate.parseAll(element) == reference)
        #expect(try Certificate.parseAll("<X509Data><X509Certificate>\(base64)</X509Certificate></X509Data>") == reference)
        #expect(throws: SAMLError.self) { try Certificate.parseAll("<KeyInfo><KeyName>idp</KeyName></KeyInfo>") }
        // The ruby-saml AD FS element, whose content is base64 of a PEM document.
        let wild = try CertificateFixtures.text("rubysaml-adfs-base64-of-pem.txt")
        let parsed = try Certificate.parseAll("<ds:X509Certificate>\(wild)</ds:X509Certificate>")
        #expect(parsed.first?.info.sha1Fingerprint == "28:74:9B:E8:1F:E8:10:9C:A8:7C:A9:C3:E3:C5:01:6C:92:1C:B4:BA")
    }

    // MARK: - Refused input

    @Test(arguments: [
        ("", SAMLError.Code.certificateNone),
        ("   \n\t ", .certificateNone),
        ("not a certificate at all!", .certificateInvalid),
        ("aGVsbG8gd29ybGQ=", .certificateInvalid),                                     // base64 of "hello world"
        ("-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----", .certificateInvalid),
        ("-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----", .certificateInvalid),
        ("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----", .certificateInvalid),
        ("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", .certificateInvalid),
    ])
    func refusesGarbage(text: String, code: SAMLError.Code) {
        #expect(throws: SAMLError.self) { try Certificate.parseAll(text) }
        do {
            _ = try Certificate.parseAll(text)
        } catch {
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func privateKeyErrorSaysNeverShareIt() {
        do {
            _ = try Certificate.parseAll("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")
            Issue.record("accepted a private key")
        } catch {
            #expect(error.message.contains("private key"))
        }
    }

    @Test func refusesTruncatedPEMAndDER() throws {
        let pem = try CertificateFixtures.text("okta-2024.pem")
        let truncated = String(pem.prefix(pem.count / 2)) + "\n-----END CERTIFICATE-----\n"
        #expect(throws: SAMLError.self) { try Certificate.parseAll(truncated) }
        let der = try CertificateFixtures.data("okta-2024.der")
        #expect(throws: SAMLError.self) { try Certificate.parseAll(data: der.prefix(der.count - 10)) }
        #expect(throws: SAMLError.self) { try Certificate(der: der + Data([0])) }
        #expect(throws: SAMLError.self) { try Certificate.parseAll(data: Data([0xFF, 0xFE, 0x00, 0x01])) }
        #expect(throws: SAMLError.self) { try Certificate.parseAll(data: Data()) }
    }

    @Test func randomBytesAndTextNeverCrash() {
        var generator = SplitMix64(seed: 7)
        for round in 0..<300 {
            let length = Int(generator.next() % 2048)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 3 == 0, !bytes.isEmpty { bytes[0] = 0x30 }  // looks like DER
            #expect(throws: SAMLError.self) { try Certificate.parseAll(data: Data(bytes)) }
            let text = Data(bytes).base64EncodedString()
            #expect(throws: SAMLError.self) { try Certificate.parseAll("-----BEGIN CERTIFICATE-----\n\(text)\n-----END CERTIFICATE-----") }
        }
    }

    @Test func truncationNeverCrashes() throws {
        let der = try CertificateFixtures.data("okta-2024.der")
        for length in stride(from: 0, to: der.count, by: 7) {
            #expect(throws: SAMLError.self) { try Certificate(der: der.prefix(length)) }
        }
    }
}
