import Foundation
import SSOCore

/// Reads files under `Tests/SSOCoreTests/Fixtures/`.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The text of a fixture file.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    /// 2026-06-01T00:00:00Z: a fixed "now" for tests.
    static let now = Date(timeIntervalSince1970: 1_780_272_000)
}

/// A small schema shaped like the built-in providers' schemas.
enum SampleSchema {
    static let metadataURL = ConfigField(
        key: "metadata_url", label: "Metadata URL", kind: .url(schemes: ["https"]),
        help: "On the Sign On tab, copy the Metadata URL.", example: "https://acme.okta.com/app/abc/sso/saml/metadata",
        constraints: FieldConstraints(maximumLength: 2048, expectedHosts: ["*.okta.com", "*.oktapreview.com"]))
    static let metadataFile = ConfigField(
        key: "metadata_xml", label: "IdP metadata", kind: .xmlDocument, help: "Download the IdP metadata file.")
    static let ssoURL = ConfigField(
        key: "sso_url", label: "Sign on URL", kind: .url(schemes: ["https"]), help: "Copy the Sign on URL.",
        example: "https://acme.okta.com/app/acme_app/abc/sso/saml")
    static let entityID = ConfigField(
        key: "idp_entity_id", label: "Issuer", kind: .text, help: "Copy the Issuer.",
        example: "http://www.okta.com/exk123", constraints: FieldConstraints(maximumLength: 1024, pattern: "^\\S+$"))
    static let certificates = ConfigField(
        key: "signing_certificates", label: "Signing Certificate", kind: .certificates(minimum: 1, maximum: 5),
        help: "Download the signing certificate.")
    static let binding = ConfigField(
        key: "sso_binding", label: "Binding", kind: .choice(["redirect", "post"]), isRequired: false,
        help: "How to send the request.", example: "redirect")
    static let signed = ConfigField(
        key: "sign_requests", label: "Sign requests", kind: .boolean, isRequired: false, help: "Whether to sign.")
    static let attributes = ConfigField(
        key: "attribute_names", label: "Attribute names", kind: .attributeMapping(keys: ["email", "firstName", "lastName"]),
        isRequired: false, help: "The attribute names the IdP sends.")

    static let schema = ConfigSchema(
        modes: [
            ConfigMode(id: ConfigMode.metadataURL, title: "Metadata URL", summary: "Paste the metadata URL.", fields: [metadataURL]),
            ConfigMode(id: ConfigMode.metadataFile, title: "Metadata file", summary: "Upload the metadata file.", fields: [metadataFile]),
            ConfigMode(id: ConfigMode.manual, title: "Manual", summary: "Enter the values by hand.",
                       fields: [ssoURL, entityID, certificates, binding, signed]),
        ],
        commonFields: [attributes])
}
