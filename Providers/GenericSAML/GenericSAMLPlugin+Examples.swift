import SSOCore

extension GenericSAMLPlugin {
    /// Valid and invalid generic SAML configurations with the issue codes each must produce,
    /// evaluated at the examples' reference date 2026-01-01T00:00:00Z with no network.
    public var examples: [ProviderExample] {
        let entityID = "https://idp.example.com/"
        let ssoURL = "https://idp.example.com/saml/sso"
        let metadata = ExampleMetadata.document(entityID: entityID, ssoURL: ssoURL, certificatePEM: ExampleCertificate.valid)
        func byURL(_ url: String) -> ProviderConfiguration {
            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(url)])
        }
        func file(_ xml: String) -> ProviderConfiguration {
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(xml)])
        }
        func manual(sso: String? = ssoURL, entity: String? = entityID, certificates: ConfigValue? = .text(ExampleCertificate.valid),
                    mapping: ConfigValue? = nil) -> ProviderConfiguration {
            var values: [String: ConfigValue] = [:]
            if let sso { values["sso_url"] = .text(sso) }
            if let entity { values["idp_entity_id"] = .text(entity) }
            if let certificates { values["signing_certificates"] = certificates }
            if let mapping { values["attribute_mapping"] = mapping }
            return ProviderConfiguration(mode: "manual", values: values)
        }
        let adfsClaims: [String: String] = [
            "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            "firstName": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            "lastName": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        ]
        return [
            // Metadata URL mode
            ProviderExample("metadata URL", byURL("https://idp.example.com/saml/metadata"), isValid: true),
            ProviderExample("metadata URL with attribute names of an AD FS server",
                            ProviderConfiguration(mode: "metadata-url", values: [
                                "metadata_url": .text("https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml"),
                                "attribute_mapping": .mapping(adfsClaims),
                            ]), isValid: true),
            ProviderExample("an Okta metadata URL is accepted with a hint to use the Okta provider",
                            byURL("https://example-corp.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"),
                            isValid: true, expectedCodes: ["metadata-url.dedicated-provider"]),
            ProviderExample("metadata URL over http", byURL("http://idp.example.com/saml/metadata"),
                            isValid: false, expectedCodes: ["metadata-url.not-https"]),
            ProviderExample("metadata URL missing", ProviderConfiguration(mode: "metadata-url"),
                            isValid: false, expectedCodes: ["metadata-url.missing"]),
            ProviderExample("a metadata URL that is not a URL", byURL("idp metadata"),
                            isValid: false, expectedCodes: ["metadata-url.invalid-url"]),
            // Metadata file mode
            ProviderExample("metadata file", file(metadata), isValid: true),
            ProviderExample("metadata file whose certificate expires within 30 days",
                            file(ExampleMetadata.document(entityID: entityID, ssoURL: ssoURL, certificatePEM: ExampleCertificate.expiresSoon)),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("an XML file that is not SAML metadata", file("<html><body>Sign in</body></html>"),
                            isValid: false, expectedCodes: ["metadata.not-metadata"]),
            ProviderExample("metadata whose only endpoint uses an unsupported binding",
                            file(metadata.replacingOccurrences(of: "bindings:HTTP-Redirect", with: "bindings:SOAP")
                                .replacingOccurrences(of: "bindings:HTTP-POST", with: "bindings:PAOS")),
                            isValid: false, expectedCodes: ["metadata.no-sso-endpoint"]),
            ProviderExample("truncated metadata file", file(String(metadata.prefix(200))),
                            isValid: false, expectedCodes: ["metadata-xml.invalid-xml"]),
            ProviderExample("metadata file missing", ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text("")]),
                            isValid: false, expectedCodes: ["metadata-xml.missing"]),
            // Manual mode
            ProviderExample("manual entry", manual(), isValid: true),
            ProviderExample("manual entry with two certificates during a rotation",
                            manual(certificates: .list([ExampleCertificate.valid, ExampleCertificate.expiresSoon])),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("manual entry with an expired certificate is usable (trust is pinned) with a warning",
                            manual(certificates: .text(ExampleCertificate.expired)),
                            isValid: true, expectedCodes: ["certificate.expired"]),
            ProviderExample("manual entry with six certificates",
                            manual(certificates: .list(Array(repeating: ExampleCertificate.valid, count: 6))),
                            isValid: false, expectedCodes: ["certificate.too-many"]),
            ProviderExample("a private key pasted instead of the certificate",
                            manual(certificates: .text("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----")),
                            isValid: false, expectedCodes: ["certificate.invalid"]),
            ProviderExample("a Microsoft Entra ID Login URL is accepted with a hint to use the Entra ID provider",
                            manual(sso: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2"),
                            isValid: true, expectedCodes: ["sso-url.dedicated-provider"]),
            ProviderExample("an ftp SSO URL", manual(sso: "ftp://idp.example.com/saml/sso"),
                            isValid: false, expectedCodes: ["sso-url.not-https"]),
            ProviderExample("manual entry with nothing filled in", manual(sso: nil, entity: nil, certificates: nil),
                            isValid: false, expectedCodes: ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"]),
            // Attribute names (every mode)
            ProviderExample("attribute names with an unknown key", manual(mapping: .mapping(["mail": "email"])),
                            isValid: false, expectedCodes: ["attribute-mapping.unknown-key"]),
            ProviderExample("attribute names with an empty value", manual(mapping: .mapping(["email": " "])),
                            isValid: false, expectedCodes: ["attribute-mapping.empty-value"]),
            ProviderExample("attribute names as text instead of an object", manual(mapping: .text("email")),
                            isValid: false, expectedCodes: ["attribute-mapping.invalid-type"]),
            ProviderExample("an expression instead of an attribute name is accepted with a warning",
                            manual(mapping: .mapping(["email": "user.email"])),
                            isValid: true, expectedCodes: ["attribute-mapping.looks-like-expression"]),
            // The configuration as a whole
            ProviderExample("an unknown mode", ProviderConfiguration(mode: "oidc", values: ["issuer": .text("https://idp.example.com")]),
                            isValid: false, expectedCodes: ["mode.unknown"]),
        ]
    }
}
