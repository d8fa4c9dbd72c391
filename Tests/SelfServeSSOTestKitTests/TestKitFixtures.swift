import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

/// What the test kit's suites share: keys generated once (RSA generation is the slow part),
/// the service provider's values, a fixed `now`, and helpers that run the real validator.
enum TestKitFixtures {
    /// 2026-03-01T12:00:00Z. No test reads the wall clock.
    static let now = Date(timeIntervalSince1970: 1_772_366_400)
    static let spEntityID = "https://app.example.test/saml/metadata"
    static let acsURL = "https://app.example.test/saml/acs"
    static let emailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

    // Generated once per test process; `try?` so that a failure shows in the test that needs
    // the key (through #require) instead of stopping the process.
    static let rsaKey: TestSigningKey? = try? TestSigningKey()
    static let ecKey: TestSigningKey? = try? TestSigningKey(algorithm: .ecdsaP256, commonName: "SelfServeSSO Test IdP (EC)")
    static let attackerKey: TestSigningKey? = try? TestSigningKey(commonName: "Not the IdP")
    static let rotatedKey: TestSigningKey? = try? rsaKey?.rotated()
    static let weakKey: TestSigningKey? = try? TestSigningKey(algorithm: .rsa(bits: 1024), commonName: "Weak")

    static let alice = TestUser(email: "alice@example.com", firstName: "Alice", lastName: "Liddell",
                                extraAttributes: ["groups": ["admins", "engineering"]])

    /// The key types the suites run over.
    enum KeyKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case rsa, ecdsa
        var testDescription: String { rawValue.uppercased() }

        func key() throws -> TestSigningKey {
            switch self {
            case .rsa: try #require(TestKitFixtures.rsaKey, "libcrypto could not generate the RSA test key")
            case .ecdsa: try #require(TestKitFixtures.ecKey, "libcrypto could not generate the EC test key")
            }
        }
    }

    static func idp(_ kind: KeyKind = .rsa) throws -> TestIdentityProvider {
        TestIdentityProvider(signingKey: try kind.key())
    }

    /// An AuthnRequest from the SAML target, sent through the HTTP-Redirect binding and read
    /// back by the test IdP.
    static func request(to idp: TestIdentityProvider, relayState: String? = "relay-123") throws -> ReceivedAuthnRequest {
        let request = AuthnRequest(issueInstant: now, destination: idp.ssoURL, assertionConsumerServiceURL: acsURL,
                                   issuer: spEntityID, nameIDPolicyFormat: emailFormat)
        return try idp.parseAuthnRequest(redirectURL: try request.redirectURL(relayState: relayState))
    }

    /// The service provider's validator for `idp`, trusting its certificate (or `trusting`).
    static func validator(for idp: TestIdentityProvider, trusting: [Certificate]? = nil,
                          expectedRequestID: String?) throws -> ResponseValidator {
        try ResponseValidator(options: ResponseValidationOptions(
            trustedCertificates: trusting ?? [idp.signingKey.certificate], identityProviderEntityID: idp.entityID,
            serviceProviderEntityID: spEntityID, assertionConsumerServiceURL: acsURL,
            expectedRequestID: expectedRequestID, now: now))
    }

    /// The error code the validator gives `response` (posted as base64), nil when it accepts it.
    static func code(_ response: MintedResponse, _ validator: ResponseValidator) -> SAMLError.Code? {
        do {
            _ = try validator.validate(Data(response.samlResponse.utf8))
            return nil
        } catch {
            return error.code
        }
    }
}
