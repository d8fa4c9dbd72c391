import Foundation
import SAML
import SSOCore

/// The identity-provider settings a saved configuration resolved to, in a form a store keeps
/// as is (certificates as DER in base64, with what a report needs read out once).
public struct ResolvedIdentityProvider: Sendable, Equatable, Codable {
    /// The IdP's entity ID (the expected `Issuer`).
    public var entityID: String
    /// The single sign-on URL AuthnRequests go to.
    public var ssoURL: String
    /// The binding used with ``ssoURL``.
    public var ssoBinding: SAMLBinding
    /// The trusted signing certificates (one to five).
    public var certificates: [StoredCertificate]
    /// Whether the IdP wants signed AuthnRequests.
    public var wantAuthnRequestsSigned: Bool
    /// The NameID format requested, or nil.
    public var nameIDFormat: String?

    /// Creates settings.
    /// - Parameters:
    ///   - entityID: The IdP's entity ID.
    ///   - ssoURL: The single sign-on URL.
    ///   - ssoBinding: Its binding.
    ///   - certificates: The signing certificates.
    ///   - wantAuthnRequestsSigned: Whether requests should be signed.
    ///   - nameIDFormat: The NameID format.
    public init(entityID: String, ssoURL: String, ssoBinding: SAMLBinding, certificates: [StoredCertificate],
                wantAuthnRequestsSigned: Bool, nameIDFormat: String?) {
        self.entityID = entityID
        self.ssoURL = ssoURL
        self.ssoBinding = ssoBinding
        self.certificates = certificates
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.nameIDFormat = nameIDFormat
    }

    /// Records the settings a provider resolved, reading each certificate's description once.
    /// - Parameter settings: The SAML layer's settings.
    public init(_ settings: IdentityProviderSettings) {
        self.init(entityID: settings.entityID, ssoURL: settings.ssoURL.absoluteString, ssoBinding: settings.ssoBinding,
                  certificates: settings.signingCertificates.map(StoredCertificate.init),
                  wantAuthnRequestsSigned: settings.wantAuthnRequestsSigned, nameIDFormat: settings.nameIDFormat)
    }

    /// The SAML layer's settings, parsing the certificates again.
    /// - Returns: The settings.
    /// - Throws: `SAMLError` when a stored certificate no longer parses or the URL is invalid
    ///   (a damaged store).
    public func settings() throws(SAMLError) -> IdentityProviderSettings {
        guard let url = URL(string: ssoURL) else {
            throw SAMLError(.requestInvalid, "The stored single sign-on URL '\(ssoURL)' is not a URL. Save the connection's configuration again.")
        }
        var parsed: [Certificate] = []
        for certificate in certificates {
            guard let der = Data(base64Encoded: certificate.derBase64) else {
                throw SAMLError(.certificateInvalid, "A stored signing certificate is not base64. Save the connection's configuration again.")
            }
            parsed.append(try Certificate(der: der))
        }
        return IdentityProviderSettings(entityID: entityID, ssoURL: url, ssoBinding: ssoBinding,
                                        signingCertificates: parsed, wantAuthnRequestsSigned: wantAuthnRequestsSigned,
                                        nameIDFormat: nameIDFormat)
    }

    /// The fingerprint of these settings for a provider: SHA-256 over a canonical line-based
    /// serialization of everything that decides how a sign-in is judged — the provider id,
    /// entity ID, SSO URL and binding, NameID format, the certificates' SHA-256 fingerprints
    /// in order, and the attribute names read for email, first and last name.
    /// - Parameters:
    ///   - providerID: The provider id.
    ///   - attributeMapping: The mapping sign-ins are read with (the provider's mapping for
    ///     this configuration); nil leaves it out.
    /// - Returns: 64 hexadecimal digits.
    public func fingerprint(providerID: String, attributeMapping: AttributeMapping? = nil) -> String {
        var lines = ["selfservesso-configuration-v1", providerID, entityID, ssoURL, ssoBinding.rawValue,
                     nameIDFormat ?? "", wantAuthnRequestsSigned ? "signed-requests" : "unsigned-requests"]
            + certificates.map(\.sha256Fingerprint)
        if let attributeMapping {
            lines.append(attributeMapping.nameIDIsEmail ? "name-id-is-email" : "name-id-is-not-email")
            lines += attributeMapping.entries.map { "\($0.purpose.rawValue)=\($0.attributeName)" }
        }
        // Lengths first, so no value can be shifted into the next one.
        return SHA256Digest.hex(lines.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n"))
    }
}

/// A trusted signing certificate as stored, with what reports show read out once.
public struct StoredCertificate: Sendable, Equatable, Codable {
    /// The DER encoding in base64.
    public var derBase64: String
    /// The subject distinguished name.
    public var subject: String
    /// Start of validity.
    public var notBefore: Date
    /// End of validity.
    public var notAfter: Date
    /// The SHA-256 fingerprint as consoles show it (`AB:CD:…`).
    public var sha256Fingerprint: String

    /// Creates a stored certificate.
    /// - Parameters:
    ///   - derBase64: DER in base64.
    ///   - subject: Subject DN.
    ///   - notBefore: Start of validity.
    ///   - notAfter: End of validity.
    ///   - sha256Fingerprint: SHA-256 fingerprint.
    public init(derBase64: String, subject: String, notBefore: Date, notAfter: Date, sha256Fingerprint: String) {
        self.derBase64 = derBase64
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256Fingerprint = sha256Fingerprint
    }

    /// Reads a parsed certificate's description.
    /// - Parameter certificate: The certificate.
    public init(_ certificate: Certificate) {
        let info = certificate.info
        self.init(derBase64: certificate.der.base64EncodedString(), subject: info.subject, notBefore: info.notBefore,
                  notAfter: info.notAfter, sha256Fingerprint: info.sha256Fingerprint)
    }
}
