import SSOCore

extension GoogleWorkspacePlugin {
    /// Valid and invalid Google Workspace configurations with the issue codes each must
    /// produce, evaluated at the examples' reference date 2026-01-01T00:00:00Z with no network.
    public var examples: [ProviderExample] {
        let entityID = "https://accounts.google.com/o/saml2?idpid=C01exampl"
        let ssoURL = "https://accounts.google.com/o/saml2/idp?idpid=C01exampl"
        func file(_ xml: String) -> ProviderConfiguration {
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(xml)])
        }
        func googleMetadata(certificate: String = ExampleCertificate.valid, validUntil: String? = "2030-12-31T00:00:00.000Z") -> String {
            ExampleMetadata.document(entityID: entityID, ssoURL: ssoURL, certificatePEM: certificate, validUntil: validUntil)
        }
        func manual(sso: String? = ssoURL, entity: String? = entityID, certificates: ConfigValue? = .text(ExampleCertificate.valid))
            -> ProviderConfiguration {
            var values: [String: ConfigValue] = [:]
            if let sso { values["sso_url"] = .text(sso) }
            if let entity { values["idp_entity_id"] = .text(entity) }
            if let certificates { values["signing_certificates"] = certificates }
            return ProviderConfiguration(mode: "manual", values: values)
        }
        let serviceProviderMetadata = """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://app.example.com/sso/saml/metadata/EXAMPLE">
              <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://app.example.com/sso/saml/acs/EXAMPLE" index="0"/>
              </md:SPSSODescriptor>
            </md:EntityDescriptor>
            """
        return [
            // IdP metadata file mode
            ProviderExample("GoogleIDPMetadata.xml as downloaded", file(googleMetadata()), isValid: true),
            ProviderExample("metadata whose certificate expires within 30 days",
                            file(googleMetadata(certificate: ExampleCertificate.expiresSoon)),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("metadata whose certificate has expired is usable (trust is pinned) with a warning",
                            file(googleMetadata(certificate: ExampleCertificate.expired)),
                            isValid: true, expectedCodes: ["certificate.expired"]),
            ProviderExample("metadata past its validUntil date", file(googleMetadata(validUntil: "2025-06-30T00:00:00Z")),
                            isValid: false, expectedCodes: ["metadata.expired"]),
            ProviderExample("metadata of another identity provider is accepted with a warning",
                            file(ExampleMetadata.document(entityID: "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
                                                          ssoURL: "https://example-corp.okta.com/app/x/exk1a2b3c4d5e6f7g8h9/sso/saml",
                                                          certificatePEM: ExampleCertificate.valid)),
                            isValid: true, expectedCodes: ["metadata-xml.not-google"]),
            ProviderExample("the service provider's own metadata uploaded by mistake", file(serviceProviderMetadata),
                            isValid: false, expectedCodes: ["metadata.no-idp-descriptor"]),
            ProviderExample("a file that is not XML", file("PK\u{3}\u{4} GoogleIDPMetadata.zip"),
                            isValid: false, expectedCodes: ["metadata-xml.invalid-xml"]),
            ProviderExample("an XML file with a DOCTYPE", file("<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>"),
                            isValid: false, expectedCodes: ["metadata-xml.invalid-xml"]),
            ProviderExample("no file uploaded", ProviderConfiguration(mode: "metadata-file"),
                            isValid: false, expectedCodes: ["metadata-xml.missing"]),
            // Manual mode
            ProviderExample("manual entry", manual(), isValid: true),
            ProviderExample("manual entry during a rotation", manual(certificates: .list([ExampleCertificate.valid, ExampleCertificate.expiresSoon])),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("SSO URL and Entity ID swapped", manual(sso: entityID, entity: ssoURL),
                            isValid: false, expectedCodes: ["sso-url.is-entity-id", "idp-entity-id.is-sso-url"]),
            ProviderExample("SSO URL on another host", manual(sso: "https://sso.example.com/o/saml2/idp?idpid=C01exampl"),
                            isValid: false, expectedCodes: ["sso-url.unexpected-host"]),
            ProviderExample("SSO URL over http", manual(sso: "http://accounts.google.com/o/saml2/idp?idpid=C01exampl"),
                            isValid: false, expectedCodes: ["sso-url.not-https"]),
            ProviderExample("an Entity ID in an unusual form is accepted with a warning", manual(entity: "google.com/a/example.com"),
                            isValid: true, expectedCodes: ["idp-entity-id.unexpected-format"]),
            ProviderExample("manual entry with nothing filled in", manual(sso: nil, entity: nil, certificates: nil),
                            isValid: false, expectedCodes: ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"]),
            ProviderExample("a certificate that is not one", manual(certificates: .text("MIIB not base64 at all")),
                            isValid: false, expectedCodes: ["certificate.invalid"]),
            ProviderExample("manual entry with six certificates", manual(certificates: .list(Array(repeating: ExampleCertificate.valid, count: 6))),
                            isValid: false, expectedCodes: ["certificate.too-many"]),
            // The configuration as a whole
            ProviderExample("a manual field sent with the metadata file is ignored with a warning",
                            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(googleMetadata()), "sso_url": .text(ssoURL)]),
                            isValid: true, expectedCodes: ["field.unknown"]),
            ProviderExample("a metadata URL: Google has none",
                            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text("https://accounts.google.com/o/saml2?idpid=C01exampl")]),
                            isValid: false, expectedCodes: ["mode.unknown"]),
        ]
    }
}
