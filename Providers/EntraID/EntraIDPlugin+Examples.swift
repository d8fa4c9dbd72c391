import SSOCore

extension EntraIDPlugin {
    /// Valid and invalid Microsoft Entra ID configurations with the issue codes each must
    /// produce, evaluated at the examples' reference date 2026-01-01T00:00:00Z with no network.
    public var examples: [ProviderExample] {
        let tenant = "00000000-0000-0000-0000-000000000000"
        let metadataURL = "https://login.microsoftonline.com/\(tenant)/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111"
        let loginURL = "https://login.microsoftonline.com/\(tenant)/saml2"
        let identifier = "https://sts.windows.net/\(tenant)/"
        func byURL(_ url: String) -> ProviderConfiguration {
            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(url)])
        }
        func manual(login: String? = loginURL, identifier: String? = identifier,
                    certificates: ConfigValue? = .text(ExampleCertificate.valid)) -> ProviderConfiguration {
            var values: [String: ConfigValue] = [:]
            if let login { values["sso_url"] = .text(login) }
            if let identifier { values["idp_entity_id"] = .text(identifier) }
            if let certificates { values["signing_certificates"] = certificates }
            return ProviderConfiguration(mode: "manual", values: values)
        }
        return [
            // App Federation Metadata Url mode
            ProviderExample("App Federation Metadata Url", byURL(metadataURL), isValid: true),
            ProviderExample("App Federation Metadata Url of a US Government tenant",
                            byURL("https://login.microsoftonline.us/\(tenant)/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111"),
                            isValid: true),
            ProviderExample("tenant metadata without ?appid= is accepted with a warning",
                            byURL("https://login.microsoftonline.com/\(tenant)/federationmetadata/2007-06/federationmetadata.xml"),
                            isValid: true, expectedCodes: ["metadata-url.no-app-id"]),
            ProviderExample("metadata URL on another host", byURL("https://login.example.com/\(tenant)/federationmetadata/2007-06/federationmetadata.xml?appid=1"),
                            isValid: false, expectedCodes: ["metadata-url.unexpected-host"]),
            ProviderExample("Login URL pasted as the metadata URL", byURL(loginURL),
                            isValid: false, expectedCodes: ["metadata-url.not-federation-metadata"]),
            ProviderExample("metadata URL over http", byURL(metadataURL.replacingOccurrences(of: "https://", with: "http://")),
                            isValid: false, expectedCodes: ["metadata-url.not-https"]),
            ProviderExample("metadata URL missing", ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text("  ")]),
                            isValid: false, expectedCodes: ["metadata-url.missing"]),
            ProviderExample("metadata URL with spaces", byURL("https://login.microsoftonline.com/ \(tenant)/federationmetadata.xml"),
                            isValid: false, expectedCodes: ["metadata-url.invalid-url"]),
            // Manual mode
            ProviderExample("manual entry", manual(), isValid: true),
            ProviderExample("manual entry during a rollover",
                            manual(certificates: .list([ExampleCertificate.valid, ExampleCertificate.expiresSoon])),
                            isValid: true, expectedCodes: ["certificate.expires-soon"]),
            ProviderExample("an expired certificate is usable (trust is pinned) with a warning",
                            manual(certificates: .text(ExampleCertificate.expired)),
                            isValid: true, expectedCodes: ["certificate.expired"]),
            ProviderExample("identifier without its final slash", manual(identifier: "https://sts.windows.net/\(tenant)"),
                            isValid: false, expectedCodes: ["idp-entity-id.missing-trailing-slash"]),
            ProviderExample("Login URL pasted as the identifier", manual(identifier: loginURL),
                            isValid: false, expectedCodes: ["idp-entity-id.is-login-url"]),
            ProviderExample("identifier of a national cloud is accepted with a warning",
                            manual(identifier: "https://sts.chinacloudapi.cn/\(tenant)/"),
                            isValid: true, expectedCodes: ["idp-entity-id.unexpected-format"]),
            ProviderExample("metadata URL pasted as the Login URL", manual(login: metadataURL),
                            isValid: false, expectedCodes: ["sso-url.is-metadata-url"]),
            ProviderExample("Login URL on another host", manual(login: "https://adfs.example.com/adfs/ls/"),
                            isValid: false, expectedCodes: ["sso-url.unexpected-host"]),
            ProviderExample("Certificate (Raw) pasted instead of Base64", manual(certificates: .text("0\u{82}\u{3}\u{8}0\u{82}\u{1}")),
                            isValid: false, expectedCodes: ["certificate.invalid"]),
            ProviderExample("manual entry with nothing filled in", manual(login: nil, identifier: nil, certificates: nil),
                            isValid: false, expectedCodes: ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"]),
            ProviderExample("manual entry with six certificates", manual(certificates: .list(Array(repeating: ExampleCertificate.valid, count: 6))),
                            isValid: false, expectedCodes: ["certificate.too-many"]),
            // The configuration as a whole
            ProviderExample("a manual field sent with the metadata URL is ignored with a warning",
                            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(metadataURL), "idp_entity_id": .text(identifier)]),
                            isValid: true, expectedCodes: ["field.unknown"]),
            ProviderExample("an unknown mode", ProviderConfiguration(mode: "ws-federation"),
                            isValid: false, expectedCodes: ["mode.unknown"]),
        ]
    }
}
