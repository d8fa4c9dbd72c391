import SSOCore

extension OktaPlugin {
    /// Valid and invalid Okta configurations with the issue codes each must produce,
    /// evaluated at the examples' reference date 2026-01-01T00:00:00Z with no network.
    public var examples: [ProviderExample] {
        let metadataURL = "https://example-corp.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"
        let signOnURL = "https://example-corp.okta.com/app/example-corp_exampleapp_1/exk1a2b3c4d5e6f7g8h9/sso/saml"
        let issuer = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9"
        func manual(sso: String? = signOnURL, issuer: String? = issuer, certificates: ConfigValue? = .text(ExampleCertificate.valid))
            -> ProviderConfiguration {
            var values: [String: ConfigValue] = [:]
            if let sso { values["sso_url"] = .text(sso) }
            if let issuer { values["idp_entity_id"] = .text(issuer) }
            if let certificates { values["signing_certificates"] = certificates }
            return ProviderConfiguration(mode: "manual", values: values)
        }
        func byURL(_ url: String) -> ProviderConfiguration {
            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(url)])
        }
        return [
            // Metadata URL mode
            ProviderExample("metadata URL of an okta.com org", byURL(metadataURL), isValid: true),
            ProviderExample("metadata URL of a sandbox (oktapreview.com) org",
                            byURL("https://example-corp.oktapreview.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"), isValid: true),
            ProviderExample("metadata URL of an EMEA cell org",
                            byURL("https://example-corp.okta-emea.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"), isValid: true),
            ProviderExample("metadata URL on a custom Okta domain is accepted with a warning",
                            byURL("https://login.example.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"),
                            isValid: true, expectedCodes: ["metadata-url.custom-domain"]),
            ProviderExample("metadata URL over http", byURL("http://example-corp.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"),
                            isValid: false, expectedCodes: ["metadata-url.not-https"]),
            ProviderExample("metadata URL missing", ProviderConfiguration(mode: "metadata-url"),
                            isValid: false, expectedCodes: ["metadata-url.missing"]),
            ProviderExample("metadata URL without a scheme", byURL("example-corp.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata"),
                            isValid: false, expectedCodes: ["metadata-url.invalid-url"]),
            ProviderExample("Sign on URL pasted as the metadata URL", byURL(signOnURL),
                            isValid: false, expectedCodes: ["metadata-url.is-sign-on-url"]),
            ProviderExample("Admin Console address bar pasted as the metadata URL",
                            byURL("https://example-corp-admin.okta.com/admin/app/example-corp_exampleapp_1/instance/0oa1a2b3c4d5e6f7g8h9/#tab-signon"),
                            isValid: false, expectedCodes: ["metadata-url.not-metadata-url"]),
            // Manual mode
            ProviderExample("manual entry with one certificate", manual(), isValid: true),
            ProviderExample("manual entry during a rotation: certificates as an array",
                            manual(certificates: .list([ExampleCertificate.valid, ExampleCertificate.expiresSoon])),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("manual entry with an expired certificate beside a current one",
                            manual(certificates: .text(ExampleCertificate.expired + "\n" + ExampleCertificate.valid)),
                            isValid: true, expectedCodes: ["certificate.expired"]),
            ProviderExample("manual entry with only an expired certificate is usable (trust is pinned) with a warning",
                            manual(certificates: .text(ExampleCertificate.expired)),
                            isValid: true, expectedCodes: ["certificate.expired"]),
            ProviderExample("manual entry with nothing filled in", manual(sso: nil, issuer: nil, certificates: nil),
                            isValid: false, expectedCodes: ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"]),
            ProviderExample("manual entry with a certificate that is not one",
                            manual(certificates: .text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----")),
                            isValid: false, expectedCodes: ["certificate.invalid"]),
            ProviderExample("manual entry with six certificates",
                            manual(certificates: .list(Array(repeating: ExampleCertificate.valid, count: 6))),
                            isValid: false, expectedCodes: ["certificate.too-many"]),
            ProviderExample("manual entry with the Sign on URL as Issuer", manual(issuer: signOnURL),
                            isValid: false, expectedCodes: ["idp-entity-id.is-url"]),
            ProviderExample("manual entry with a customized Issuer is accepted with a warning",
                            manual(issuer: "https://login.example.com/exk1a2b3c4d5e6f7g8h9"),
                            isValid: true, expectedCodes: ["idp-entity-id.unexpected-format"]),
            ProviderExample("manual entry with the metadata URL as Sign on URL", manual(sso: metadataURL),
                            isValid: false, expectedCodes: ["sso-url.is-metadata-url"]),
            ProviderExample("manual entry with a Sign on URL on a custom Okta domain is accepted with a warning",
                            manual(sso: "https://login.example.com/app/example-corp_exampleapp_1/exk1a2b3c4d5e6f7g8h9/sso/saml"),
                            isValid: true, expectedCodes: ["sso-url.custom-domain"]),
            ProviderExample("manual entry with an http Sign on URL", manual(sso: "http://example-corp.okta.com/app/x/exk1/sso/saml"),
                            isValid: false, expectedCodes: ["sso-url.not-https"]),
            // The configuration as a whole
            ProviderExample("a mode Okta does not have", ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text("<x/>")]),
                            isValid: false, expectedCodes: ["mode.unknown"]),
            ProviderExample("a field of the other mode is ignored with a warning",
                            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(metadataURL), "sso_url": .text(signOnURL)]),
                            isValid: true, expectedCodes: ["field.unknown"]),
        ]
    }
}
