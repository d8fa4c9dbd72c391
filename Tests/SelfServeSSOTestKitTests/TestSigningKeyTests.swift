import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

@Suite("TestSigningKey: keys and self-signed certificates from libcrypto")
struct TestSigningKeyTests {
    @Test("An RSA-2048 key comes with a self-signed SHA-256 certificate for the requested subject and dates")
    func rsaCertificate() throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        let info = key.certificate.info
        #expect(key.algorithm == .rsa2048)
        #expect(info.keyType == "RSA")
        #expect(info.keySize == 2048)
        #expect(info.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(info.subject == "CN=SelfServeSSO Test IdP")
        #expect(info.issuer == info.subject)
        #expect(info.notBefore == TestSigningKey.defaultNotBefore)
        #expect(info.notAfter == TestSigningKey.defaultNotAfter)
        #expect(key.commonName == TestSigningKey.defaultCommonName)
        #expect(key.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    }

    @Test("An EC P-256 key comes with an ecdsa-with-SHA256 certificate")
    func ecCertificate() throws {
        let key = try TestKitFixtures.KeyKind.ecdsa.key()
        let info = key.certificate.info
        #expect(key.algorithm == .ecdsaP256)
        #expect(info.keyType == "EC")
        #expect(info.keySize == 256)
        #expect(info.signatureAlgorithm == "ecdsa-with-SHA256")
    }

    @Test("Serial number, a UTF-8 common name and validity are written as given")
    func explicitParameters() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let key = try TestSigningKey(algorithm: .ecdsaP256, commonName: "Tëst IdP, Acme & Co", notBefore: start,
                                     notAfter: start.addingTimeInterval(86_400), serialNumber: 0x1234_5678_9ABC)
        let info = key.certificate.info
        #expect(info.serialNumber == "123456789ABC")
        #expect(key.commonName == "Tëst IdP, Acme & Co")
        #expect(info.subject == "CN=Tëst IdP\\, Acme & Co")
        #expect(info.notBefore == start)
        #expect(info.notAfter == start.addingTimeInterval(86_400))
    }

    @Test("certificatePEM is the certificate, as the SAML target parses it")
    func certificatePEM() throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        #expect(key.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(try Certificate.parseAll(key.certificatePEM) == [key.certificate])
    }

    @Test("A key and its certificate load back from PEM", arguments: TestKitFixtures.KeyKind.allCases)
    func loadsFromPEM(kind: TestKitFixtures.KeyKind) throws {
        let key = try kind.key()
        let loaded = try TestSigningKey(privateKeyPEM: key.privateKeyPEM, certificate: key.certificate)
        #expect(loaded == key)
    }

    @Test("A certificate issued for another key is refused")
    func mismatchedCertificate() throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        let other = try #require(TestKitFixtures.attackerKey)
        let error = #expect(throws: TestIdentityProviderError.self) {
            try TestSigningKey(privateKeyPEM: key.privateKeyPEM, certificate: other.certificate)
        }
        #expect(error?.code == .keyCertificateMismatch)
    }

    @Test("Text that is not an unencrypted private key is refused",
          arguments: ["", "not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
    func invalidPEM(text: String) throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        let error = #expect(throws: TestIdentityProviderError.self) {
            try TestSigningKey(privateKeyPEM: text, certificate: key.certificate)
        }
        #expect(error?.code == .keyInvalidPEM)
    }

    @Test("A certificate's PEM passed as the private key is refused")
    func certificateAsKey() throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        let error = #expect(throws: TestIdentityProviderError.self) {
            try TestSigningKey(privateKeyPEM: key.certificatePEM, certificate: key.certificate)
        }
        #expect(error?.code == .keyInvalidPEM)
    }

    struct InvalidParameters: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var algorithm: TestSigningKey.Algorithm = .ecdsaP256
        var commonName = "Test"
        var notBefore = TestSigningKey.defaultNotBefore
        var notAfter = TestSigningKey.defaultNotAfter
        var serialNumber: UInt64?
    }

    @Test("Parameters out of range are refused before any key is generated", arguments: [
        InvalidParameters(testDescription: "RSA-512", algorithm: .rsa(bits: 512)),
        InvalidParameters(testDescription: "RSA-16384", algorithm: .rsa(bits: 16_384)),
        InvalidParameters(testDescription: "empty common name", commonName: ""),
        InvalidParameters(testDescription: "65-byte common name", commonName: String(repeating: "x", count: 65)),
        InvalidParameters(testDescription: "NUL in common name", commonName: "a\u{0}b"),
        InvalidParameters(testDescription: "notAfter before notBefore", notAfter: Date(timeIntervalSince1970: 0)),
        InvalidParameters(testDescription: "notAfter equal to notBefore", notAfter: TestSigningKey.defaultNotBefore),
        InvalidParameters(testDescription: "year 10000", notAfter: Date(timeIntervalSince1970: 253_402_300_800)),
        InvalidParameters(testDescription: "serial 0", serialNumber: 0),
    ])
    func invalidParameters(_ parameters: InvalidParameters) {
        let error = #expect(throws: TestIdentityProviderError.self) {
            try TestSigningKey(algorithm: parameters.algorithm, commonName: parameters.commonName,
                               notBefore: parameters.notBefore, notAfter: parameters.notAfter,
                               serialNumber: parameters.serialNumber)
        }
        #expect(error?.code == .keyInvalidParameter)
    }

    @Test("A rotated key has a new key pair, the same subject and a later validity of the same length")
    func rotated() throws {
        let key = try TestKitFixtures.KeyKind.rsa.key()
        let rotated = try #require(TestKitFixtures.rotatedKey)
        let old = key.certificate.info
        let new = rotated.certificate.info
        #expect(new.subject == old.subject)
        #expect(rotated.algorithm == key.algorithm)
        #expect(new.notBefore == old.notBefore.addingTimeInterval(86_400))
        #expect(new.notAfter.timeIntervalSince(new.notBefore) == old.notAfter.timeIntervalSince(old.notBefore))
        #expect(new.sha256Fingerprint != old.sha256Fingerprint)
        #expect(rotated.privateKeyPEM != key.privateKeyPEM)
        #expect(new.serialNumber != old.serialNumber)
    }

    @Test("A rotation with explicit dates uses them; one that does not start later is refused")
    func rotatedWithDates() throws {
        let key = try TestKitFixtures.KeyKind.ecdsa.key()
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let rotated = try key.rotated(notBefore: start, notAfter: start.addingTimeInterval(3600))
        #expect(rotated.certificate.info.notBefore == start)
        #expect(rotated.certificate.info.notAfter == start.addingTimeInterval(3600))
        #expect(rotated.commonName == key.commonName)
        let error = #expect(throws: TestIdentityProviderError.self) {
            try key.rotated(notBefore: TestSigningKey.defaultNotBefore)
        }
        #expect(error?.code == .keyInvalidParameter)
    }
}
