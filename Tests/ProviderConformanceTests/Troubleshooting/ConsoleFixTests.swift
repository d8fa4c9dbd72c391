import Foundation
import SelfServeSSO
import Testing

/// For each built-in provider and each sign-in failure code: the rendered fix names the
/// console's fields by the labels the console shows, and carries the failure's observed and
/// expected values. Codes whose fix is the same in every console are answered by the shared
/// sections, which each provider must list explicitly.
@Suite("Troubleshooting fixes in each console's words")
struct ConsoleFixTests {
    /// The labels a provider's fix for each code must name, by code. A code not listed here
    /// is answered by the shared, console-neutral sections.
    static let labels: [String: [String: [String]]] = [
        "okta": [
            "conditions.audience-mismatch": ["Audience URI (SP Entity ID)", "SAML Settings", "General"],
            "subject-confirmation.recipient-mismatch": ["Single sign-on URL", "Use this for Recipient URL and Destination URL"],
            "response.destination-mismatch": ["Single sign-on URL", "Use this for Recipient URL and Destination URL"],
            "response.issuer-mismatch": ["Issuer", "More details", "Metadata URL"],
            "signature.untrusted-key": ["SAML Signing Certificates", "Download certificate", "Active"],
            "signature.invalid": ["SAML Signing Certificates", "Download certificate"],
            "signature.weak-key": ["Generate new certificate", "SAML Signing Certificates"],
            "certificate.invalid": ["SAML Signing Certificates", "Signing Certificate"],
            "certificate.unsupported-key": ["SAML Signing Certificates", "Signing Certificate"],
            "signature.missing": ["Assertion Signature", "Show Advanced Settings", "Signed"],
            "signature.weak-algorithm": ["Signature Algorithm", "Digest Algorithm", "RSA-SHA256"],
            "signature.unsupported-algorithm": ["Signature Algorithm", "Digest Algorithm"],
            "assertion.encrypted-unsupported": ["Assertion Encryption", "Unencrypted"],
            "assertion.name-id-missing": ["Name ID format", "EmailAddress", "Application username"],
            "response.status": ["Assignments", "System Log"],
            "conditions.not-yet-valid": ["NTP"], "conditions.expired": ["NTP"], "subject-confirmation.expired": ["NTP"],
            "response.in-response-to-mismatch": ["End-User Dashboard"],
            "sign-in.idp-initiated-disabled": ["Do not display application icon to users"],
            "test.user-attribute-missing": ["Attribute Statements", "user.email"],
            "sign-in.user-attribute-missing": ["Attribute Statements", "user.email"],
            "test.email-domain-mismatch": ["Primary email", "user.email"],
            "sign-in.email-domain-mismatch": ["Primary email", "user.email"],
        ],
        "entra-id": [
            "conditions.audience-mismatch": ["Identifier (Entity ID)", "Basic SAML Configuration", "Default"],
            "subject-confirmation.recipient-mismatch": ["Reply URL (Assertion Consumer Service URL)", "Basic SAML Configuration"],
            "response.destination-mismatch": ["Reply URL (Assertion Consumer Service URL)", "Basic SAML Configuration"],
            "response.issuer-mismatch": ["Microsoft Entra Identifier", "App Federation Metadata Url"],
            "signature.untrusted-key": ["SAML Certificates", "Certificate (Base64)", "Active"],
            "signature.invalid": ["SAML Certificates", "Certificate (Base64)"],
            "signature.weak-key": ["New Certificate", "Make certificate active"],
            "certificate.invalid": ["Certificate (Base64)", "Certificate (Raw)"],
            "certificate.unsupported-key": ["Certificate (Base64)"],
            "signature.missing": ["Signing Option", "Sign SAML response and assertion"],
            "signature.weak-algorithm": ["Signing Algorithm", "SHA-256"],
            "signature.unsupported-algorithm": ["Signing Algorithm"],
            "assertion.encrypted-unsupported": ["Token encryption"],
            "assertion.name-id-missing": ["Unique User Identifier (Name ID)", "Attributes & Claims"],
            "response.status": ["Users and groups", "Sign-in logs"],
            "conditions.not-yet-valid": ["NTP"], "conditions.expired": ["NTP"], "subject-confirmation.expired": ["NTP"],
            "response.in-response-to-mismatch": ["My Apps", "Test"],
            "sign-in.idp-initiated-disabled": ["Visible to users?"],
            "test.user-attribute-missing": ["Attributes & Claims", "user.mail", "emailaddress"],
            "sign-in.user-attribute-missing": ["Attributes & Claims", "user.mail", "emailaddress"],
            "test.email-domain-mismatch": ["Attributes & Claims", "Source attribute"],
            "sign-in.email-domain-mismatch": ["Attributes & Claims", "Source attribute"],
        ],
        "google-workspace": [
            "conditions.audience-mismatch": ["Entity ID", "Service provider details"],
            "subject-confirmation.recipient-mismatch": ["ACS URL", "Service provider details"],
            "response.destination-mismatch": ["ACS URL", "Service provider details"],
            "response.issuer-mismatch": ["Download metadata", "IdP metadata file"],
            "signature.untrusted-key": ["SSO with SAML applications", "Download metadata"],
            "signature.invalid": ["SSO with SAML applications", "Download metadata"],
            "signature.weak-key": ["Download metadata"],
            "certificate.invalid": ["Download metadata", "Certificate"],
            "certificate.unsupported-key": ["Download metadata", "Certificate"],
            "signature.missing": ["Signed response", "Service provider details"],
            "signature.weak-algorithm": ["Download metadata"],
            "signature.unsupported-algorithm": ["Download metadata"],
            "assertion.encrypted-unsupported": ["Web and mobile apps"],
            "assertion.name-id-missing": ["Name ID format", "EMAIL", "Primary email"],
            "response.status": ["User access", "app_not_enabled_for_user"],
            "conditions.not-yet-valid": ["NTP"], "conditions.expired": ["NTP"], "subject-confirmation.expired": ["NTP"],
            "response.in-response-to-mismatch": ["Test SAML login"],
            "sign-in.idp-initiated-disabled": ["Test SAML login"],
            "test.user-attribute-missing": ["SAML attribute mapping", "Primary email"],
            "sign-in.user-attribute-missing": ["SAML attribute mapping", "Primary email"],
            "test.email-domain-mismatch": ["Primary email"],
            "sign-in.email-domain-mismatch": ["Primary email"],
        ],
        "generic-saml": [
            "conditions.audience-mismatch": ["Audience URI", "Identifier", "Relying party identifier"],
            "subject-confirmation.recipient-mismatch": ["Assertion Consumer Service URL", "Reply URL"],
            "response.destination-mismatch": ["Assertion Consumer Service URL", "Destination"],
            "response.issuer-mismatch": ["IdP entity ID (issuer)", "Issuer"],
            "signature.untrusted-key": ["Signing certificates", "Token-signing"],
            "signature.invalid": ["Signing certificates"],
            "signature.weak-key": ["2048-bit"],
            "certificate.invalid": ["Signing certificates"],
            "certificate.unsupported-key": ["Signing certificates"],
            "signature.missing": ["Sign assertion", "Sign response"],
            "signature.weak-algorithm": ["RSA-SHA256", "Secure hash algorithm"],
            "signature.unsupported-algorithm": ["RSA-SHA256"],
            "assertion.encrypted-unsupported": ["assertion encryption"],
            "assertion.name-id-missing": ["Email address", "nameid-format:emailAddress"],
            "response.status": ["assign"],
            "conditions.not-yet-valid": ["NTP"], "conditions.expired": ["NTP"], "subject-confirmation.expired": ["NTP"],
            "response.in-response-to-mismatch": ["portal"],
            "sign-in.idp-initiated-disabled": ["portal"],
            "test.user-attribute-missing": ["Attribute names", "Attribute statements"],
            "sign-in.user-attribute-missing": ["Attribute names", "Attribute statements"],
            "test.email-domain-mismatch": ["user attribute"],
            "sign-in.email-domain-mismatch": ["user attribute"],
        ],
    ]

    /// Each built-in provider's guide, loaded once.
    static let guides: [String: Result<TroubleshootingGuide, SetupGuideError>] = Dictionary(uniqueKeysWithValues:
        BuiltInProviders.all.map { plugin in
            (plugin.descriptor.id, Result { () throws(SetupGuideError) in try plugin.troubleshootingGuide() })
        })

    /// One case per provider, checking every failure code in turn (a failure names both):
    /// a case per pair would queue two hundred jobs on the test process's shared pool and
    /// starve the timing-sensitive fetcher tests running beside them.
    @Test("for every failure code, the fix names the console's fields and shows the failure's values",
          arguments: BuiltInProviders.all.map(\.descriptor.id))
    func fixNamesTheConsoleFieldAndValues(providerID: String) throws {
        let guide = try #require(try Self.guides[providerID]?.get())
        var fixes: [String: (markdown: String, plainText: String)] = [:]
        for code in SignInFailureCodes.all {
            let section = try #require(guide.section(for: code), "\(providerID): no section for \(code)")
            let fix = fixes[section.title] ?? {
                let filled = section.filled(with: ConformanceChecks.sampleValues, settings: .example)
                return (filled.markdown, filled.plainText)
            }()
            fixes[section.title] = fix
            guard let labels = Self.labels[providerID]?[code] else {
                #expect(section.isShared, "\(providerID) \(code) is answered by the provider's own section but has no expected labels here")
                #expect(guide.sharedCodes.contains(code), "\(providerID) \(code)")
                continue
            }
            #expect(!section.isShared, "\(providerID) \(code) needs the console's words, not the shared section")
            for label in labels {
                #expect(fix.markdown.contains(label), "\(providerID): the fix for \(code) does not name \"\(label)\"")
            }
            for key in ConformanceChecks.requiredValues[code] ?? [] {
                #expect(fix.plainText.contains(ConformanceChecks.sample(key)), "\(providerID): the fix for \(code) does not show {{\(key)}}")
            }
        }
    }

    @Test("every built-in provider answers the same codes with the shared sections, and lists them")
    func sharedCodesAreExplicit() throws {
        for plugin in BuiltInProviders.all {
            let guide = try plugin.troubleshootingGuide()
            let own = Set(Self.labels[plugin.descriptor.id]?.keys.map { $0 } ?? [])
            #expect(Set(guide.sharedCodes) == Set(SignInFailureCodes.all).subtracting(own), "\(plugin.descriptor.id)")
        }
    }
}

/// The fixes that branch on what arrived, with real values.
@Suite("Troubleshooting fixes with real values")
struct TroubleshootingValueTests {
    static let settings = ServiceProviderSettings(acsURL: "https://app.example.com/sso/saml/acs/conn_1",
                                                  entityID: "https://app.example.com/sso/saml/metadata/conn_1",
                                                  organizationName: "Acme Corp", applicationName: "Example App")

    func plugin(_ id: String) throws -> any IdentityProviderPlugin {
        try #require(BuiltInProviders.registry().plugin(id: id))
    }

    @Test func oktaAudienceMismatchShowsBothValuesWhereTheyAreSet() throws {
        let fix = try #require(try plugin("okta").fix(
            for: "conditions.audience-mismatch",
            values: ["expected_audience": Self.settings.entityID, "observed_audience": "https://app.example.com/sso/saml/metadata/conn_1/"],
            settings: Self.settings))
        #expect(fix.markdown.contains("Okta sent `https://app.example.com/sso/saml/metadata/conn_1/` as the audience"))
        #expect(fix.markdown.contains("Set **Audience URI (SP Entity ID)** to exactly `https://app.example.com/sso/saml/metadata/conn_1`"))
        #expect(fix.plainText.contains("General tab") || fix.plainText.contains("General"))
        #expect(fix.html.contains("<code>https://app.example.com/sso/saml/metadata/conn_1/</code>"))
    }

    @Test func entraSpnAudienceSaysTheIdentifierWasLeftAtItsDefault() throws {
        let entra = try plugin("entra-id")
        let spn = try #require(entra.fix(for: "conditions.audience-mismatch",
                                         values: ["observed_audience": "spn:11111111-1111-1111-1111-111111111111"],
                                         settings: Self.settings))
        #expect(spn.markdown.contains("left at the application's default"))
        #expect(spn.markdown.contains("`spn:11111111-1111-1111-1111-111111111111`"))
        let other = try #require(entra.fix(for: "conditions.audience-mismatch",
                                           values: ["observed_audience": "https://other.example.com"], settings: Self.settings))
        #expect(!other.markdown.contains("left at the application's default"))
        #expect(other.markdown.contains("Identifier (Entity ID)"))
    }

    @Test func rotatedCertificateSaysWhereToDownloadTheNewOne() throws {
        let values = ["rotation_suspected": "true", "observed_certificate_subject": "CN=Microsoft Azure Federated SSO Certificate",
                      "observed_certificate_not_before": "2026-02-01T00:00:00Z",
                      "observed_certificate_fingerprint": "AA:BB", "trusted_certificate_fingerprints": "CC:DD"]
        for (id, words) in [("okta", "Download certificate"), ("entra-id", "Certificate (Base64)"),
                            ("google-workspace", "Download metadata"), ("generic-saml", "download the one it uses now")] {
            let fix = try #require(try plugin(id).fix(for: "signature.untrusted-key", values: values, settings: Self.settings))
            #expect(fix.markdown.contains("most probably"), "\(id)")
            #expect(fix.markdown.contains("`2026-02-01T00:00:00Z`") && fix.markdown.contains("`AA:BB`") && fix.markdown.contains("`CC:DD`"), "\(id)")
            #expect(fix.markdown.contains(words), "\(id)")
            let noRotation = try #require(try plugin(id).fix(for: "signature.untrusted-key",
                                                             values: values.merging(["rotation_suspected": "false"]) { $1 },
                                                             settings: Self.settings))
            #expect(!noRotation.markdown.contains("most probably"), "\(id)")
        }
    }

    @Test func entraGuestNameIDSaysToReadTheEmailClaim() throws {
        let fix = try #require(try plugin("entra-id").fix(
            for: "test.user-attribute-missing",
            values: ["observed_name_id": "alice_contoso.com#EXT#@fabrikam.onmicrosoft.com",
                     "observed_attribute_names": "http://schemas.microsoft.com/identity/claims/objectidentifier, http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"],
            settings: Self.settings))
        #expect(fix.markdown.contains("guest account"))
        #expect(fix.markdown.contains("`user.mail`"))
        #expect(fix.plainText.contains("http://schemas.microsoft.com/identity/claims/objectidentifier"))
        let member = try #require(try plugin("entra-id").fix(for: "test.user-attribute-missing",
                                                             values: ["observed_name_id": "alice@contoso.com"], settings: Self.settings))
        #expect(!member.markdown.contains("guest account"))
    }

    @Test func timeErrorsShowTheTimesAndTheClockToCheck() throws {
        let fix = try #require(try plugin("okta").fix(
            for: "conditions.expired",
            values: ["now": "2026-03-01T12:10:00Z", "observed_not_on_or_after": "2026-03-01T12:05:00Z",
                     "clock_skew_seconds": "120", "observed_issue_instant": "2026-03-01T12:00:00Z"],
            settings: Self.settings))
        #expect(fix.plainText.contains("checked at 2026-03-01T12:10:00Z, allowing 120 seconds"))
        #expect(fix.plainText.contains("valid until 2026-03-01T12:05:00Z"))
        #expect(!fix.plainText.contains("valid from"))
        #expect(fix.plainText.contains("the server that runs Example App"))
    }

    @Test func missingValuesReadNaturally() throws {
        let fix = try #require(try plugin("okta").fix(for: "conditions.audience-mismatch", values: [:],
                                                      settings: ServiceProviderSettings(acsURL: "", entityID: "")))
        #expect(fix.plainText.contains("Okta sent another value as the audience, but this application expects exactly the SP entity ID shown by your application."))
    }

    @Test func valuesFromTheResponseCannotInjectMarkup() throws {
        let fix = try #require(try plugin("okta").fix(
            for: "conditions.audience-mismatch",
            values: ["observed_audience": "[click](https://evil.example) <script>alert(1)</script> `tick`"],
            settings: Self.settings))
        #expect(!fix.html.contains("<a href=\"https://evil.example\""))
        #expect(!fix.html.contains("<script>"))
        #expect(fix.html.contains("&lt;script&gt;"))
    }

    @Test func fixHintStillAnswersAndReadsAsPlainText() throws {
        let hint = try #require(try plugin("okta").fixHint(for: "conditions.audience-mismatch"))
        #expect(hint.contains("Audience URI (SP Entity ID)"))
        #expect(!hint.contains("**") && !hint.contains("{{"))
    }
}
