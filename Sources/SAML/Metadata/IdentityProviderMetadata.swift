import Foundation

/// What a SAML 2.0 identity provider publishes about itself in its metadata document, read
/// from an `EntityDescriptor` (alone or inside an `EntitiesDescriptor`) and its
/// `IDPSSODescriptor`.
///
/// Parsing is strict about what matters for sign-in (an IdP role, an SSO endpoint with a
/// binding this package sends requests with, at least one signing certificate, a
/// `validUntil` in the future) and tolerant of everything else: WS-Federation
/// `RoleDescriptor`s in Entra ID and AD FS federation metadata, SP roles beside the IdP
/// role, SOAP and Artifact endpoints, extensions, a UTF-8 byte-order mark. Anything
/// noteworthy but not fatal (an expiring certificate, an IdP that wants signed requests)
/// becomes a sentence in `warnings`.
public struct IdentityProviderMetadata: Sendable, Equatable {
    /// The IdP's entity ID: the `Issuer` its responses carry.
    public var entityID: String
    /// The SSO endpoints with the HTTP-Redirect or HTTP-POST binding, in document order,
    /// exact duplicates removed.
    public var singleSignOnServices: [SingleSignOnService]
    /// The certificates from every `KeyDescriptor` whose `use` is `signing` or absent, in
    /// document order, duplicates removed. Several means the IdP is rotating keys; trust all.
    public var signingCertificates: [Certificate]
    /// The `NameIDFormat`s the IdP supports, in document order, duplicates removed.
    public var nameIDFormats: [String]
    /// The IdP's `WantAuthnRequestsSigned` attribute (false when absent).
    public var wantAuthnRequestsSigned: Bool
    /// The earliest `validUntil` of the entity, its IdP role and any enclosing
    /// `EntitiesDescriptor`, or nil when none is given.
    public var validUntil: Date?
    /// The `cacheDuration` (an `xs:duration` such as `PT1H`) as written, or nil.
    public var cacheDuration: String?
    /// Sentences about problems that do not stop sign-in but need a person's attention.
    public var warnings: [String]

    /// Creates metadata from parts (for hosts that store parsed metadata).
    /// - Parameters:
    ///   - entityID: The IdP's entity ID.
    ///   - singleSignOnServices: Its SSO endpoints.
    ///   - signingCertificates: Its signing certificates.
    ///   - nameIDFormats: Its NameID formats.
    ///   - wantAuthnRequestsSigned: Whether it wants signed requests.
    ///   - validUntil: When the metadata stops being valid.
    ///   - cacheDuration: How long the metadata may be cached.
    ///   - warnings: Problems found while reading it.
    public init(entityID: String, singleSignOnServices: [SingleSignOnService], signingCertificates: [Certificate],
                nameIDFormats: [String] = [], wantAuthnRequestsSigned: Bool = false, validUntil: Date? = nil,
                cacheDuration: String? = nil, warnings: [String] = []) {
        self.entityID = entityID
        self.singleSignOnServices = singleSignOnServices
        self.signingCertificates = signingCertificates
        self.nameIDFormats = nameIDFormats
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.warnings = warnings
    }

    /// Parses an IdP metadata document.
    /// - Parameters:
    ///   - data: The document's bytes (UTF-8 or UTF-16 XML, with or without a byte-order mark).
    ///   - entityID: The entity to read when the document describes several (an
    ///     `EntitiesDescriptor`); when given, the entity must exist. When nil and there are
    ///     several entities, the only one with an IdP role is used.
    ///   - now: The current time, to check `validUntil` and certificate expiry.
    ///   - limits: Size and depth bounds for the XML parser.
    /// - Returns: The IdP's metadata.
    /// - Throws: `SAMLError` with `xml.*` when the bytes are not acceptable XML,
    ///   `metadata.not-metadata`, `metadata.entity-not-found`, `metadata.ambiguous-entity`,
    ///   `metadata.no-idp-descriptor`, `metadata.no-sso-endpoint`,
    ///   `metadata.no-signing-certificate` or `metadata.expired`.
    public static func parse(_ data: Data, entityID: String? = nil, now: Date,
                             limits: XMLLimits = .default) throws(SAMLError) -> IdentityProviderMetadata {
        try MetadataDocumentReader(now: now).read(data, entityID: entityID, limits: limits)
    }

    /// The settings a connection uses to sign in with this IdP.
    /// - Parameter preferredBinding: The binding to send requests with when the IdP offers
    ///   it; otherwise the other supported binding is used.
    /// - Returns: Settings with the chosen SSO endpoint, the signing certificates, and the
    ///   NameID format to request (email address when the IdP lists it, otherwise none so
    ///   the IdP chooses).
    /// - Throws: `metadata.no-sso-endpoint` when no endpoint is usable,
    ///   `metadata.no-signing-certificate` when there is no certificate, and
    ///   `certificate.too-many` when the IdP lists more than five signing certificates.
    public func settings(preferredBinding: SAMLBinding = .httpRedirect) throws(SAMLError) -> IdentityProviderSettings {
        let candidates = singleSignOnServices.filter { $0.samlBinding == preferredBinding }
            + singleSignOnServices.filter { $0.samlBinding != nil && $0.samlBinding != preferredBinding }
        guard let service = candidates.first(where: { MetadataDocumentReader.endpointURL($0.location) != nil }),
              let binding = service.samlBinding,
              let url = MetadataDocumentReader.endpointURL(service.location) else {
            throw SAMLError(.metadataNoSSOEndpoint,
                "The metadata of \(entityID) has no SingleSignOnService with an http(s) URL and the HTTP-Redirect or HTTP-POST binding. Enable SAML 2.0 sign-in with one of those bindings in the IdP and download its metadata again.")
        }
        guard !signingCertificates.isEmpty else {
            throw SAMLError(.metadataNoSigningCertificate,
                "The metadata of \(entityID) has no signing certificate. Download the metadata again after the IdP has a signing certificate, or enter the certificate by hand.")
        }
        guard signingCertificates.count <= 5 else {
            throw SAMLError(.certificateTooMany,
                "The metadata of \(entityID) lists \(signingCertificates.count) signing certificates; at most 5 are trusted at once. Remove retired certificates in the IdP (or enter the current ones by hand).")
        }
        let email = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
        return IdentityProviderSettings(entityID: entityID, ssoURL: url, ssoBinding: binding,
                                        signingCertificates: signingCertificates,
                                        wantAuthnRequestsSigned: wantAuthnRequestsSigned,
                                        nameIDFormat: nameIDFormats.contains(email) ? email : nil)
    }
}
