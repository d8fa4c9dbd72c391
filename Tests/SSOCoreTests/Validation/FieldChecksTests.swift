import Foundation
import SAML
import SSOCore
import Testing

@Suite struct FieldChecksTests {
    let context = ValidationContext(now: Fixture.now)

    func check(_ mode: String, _ values: [String: ConfigValue], hints: [String: String] = [:]) -> FieldChecks.Result {
        FieldChecks.checkAll(ProviderConfiguration(mode: mode, values: values), schema: SampleSchema.schema,
                             context: context, hints: hints)
    }

    @Test func codePrefixTurnsSnakeCaseIntoKebabCase() {
        #expect(FieldChecks.codePrefix(for: "metadata_url") == "metadata-url")
        #expect(FieldChecks.code("signing_certificates", "invalid") == "signing-certificates.invalid")
    }

    @Test func unknownModeListsTheValidModes() throws {
        let result = check("saml-magic", [:])
        #expect(result.mode == nil)
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.code == "mode.unknown")
        #expect(issue.field == "mode")
        #expect(issue.severity == .error)
        #expect(issue.message.contains("\"metadata-url\""))
        #expect(issue.message.contains("\"manual\""))
        #expect(issue.fixHint.contains("metadata-url, metadata-file, manual"))
    }

    @Test func missingRequiredFieldsAreAllReportedAtOnce() {
        let result = check("manual", [:])
        #expect(result.mode?.id == "manual")
        #expect(result.issues.map(\.code) == ["sso-url.missing", "idp-entity-id.missing", "signing-certificates.missing"])
        #expect(result.issues.allSatisfy { $0.severity == .error })
    }

    @Test func blankTextCountsAsMissing() {
        let result = check("metadata-url", ["metadata_url": .text("   \n")])
        #expect(result.issues.map(\.code) == ["metadata-url.missing"])
    }

    @Test(arguments: [
        ("https://acme.okta.com/app/x/sso/saml/metadata", [String]()),
        ("http://acme.okta.com/app/x/sso/saml/metadata", ["metadata-url.not-https"]),
        ("ftp://acme.okta.com/metadata", ["metadata-url.not-https"]),
        ("acme.okta.com/app/metadata", ["metadata-url.invalid-url"]),
        ("https://", ["metadata-url.invalid-url"]),
        ("https://acme.okta.com/app metadata", ["metadata-url.invalid-url"]),
        ("not a url", ["metadata-url.invalid-url"]),
    ])
    func urlShapeAndScheme(value: String, codes: [String]) {
        let result = check("metadata-url", ["metadata_url": .text(value)])
        #expect(result.issues.map(\.code) == codes)
    }

    @Test func urlLongerThanTheLimitIsReported() {
        let long = "https://acme.okta.com/" + String(repeating: "a", count: 2100)
        let result = check("metadata-url", ["metadata_url": .text(long)])
        #expect(result.issues.map(\.code) == ["metadata-url.too-long"])
    }

    @Test func hostPatternOutcomeIsReturnedForThePluginToJudge() {
        #expect(check("metadata-url", ["metadata_url": .text("https://acme.okta.com/m")]).hostMatches["metadata_url"] == true)
        #expect(check("metadata-url", ["metadata_url": .text("https://acme.oktapreview.com/m")]).hostMatches["metadata_url"] == true)
        let custom = check("metadata-url", ["metadata_url": .text("https://sso.acme.com/m")])
        #expect(custom.hostMatches["metadata_url"] == false)
        #expect(custom.issues.isEmpty)
        #expect(custom.urls["metadata_url"]?.host == "sso.acme.com")
    }

    @Test(arguments: [
        ("acme.okta.com", "*.okta.com", true),
        ("ACME.Okta.COM", "*.okta.com", true),
        ("acme.okta.com.", "*.okta.com", true),
        ("okta.com", "*.okta.com", false),
        ("a.b.okta.com", "*.okta.com", false),
        ("evil-okta.com", "*.okta.com", false),
        ("acme.okta.com.evil.net", "*.okta.com", false),
        ("login.microsoftonline.com", "login.microsoftonline.com", true),
        ("login.microsoftonline.com.evil.net", "login.microsoftonline.com", false),
    ])
    func hostGlob(host: String, pattern: String, matches: Bool) {
        #expect(FieldChecks.host(host, matches: pattern) == matches)
    }

    @Test func hintsFromThePluginReplaceTheGenericOnes() throws {
        let hint = "In the Okta Admin Console, open the app's Sign On tab and copy the Metadata URL."
        let result = check("metadata-url", ["metadata_url": .text("http://acme.okta.com/m")],
                           hints: ["metadata-url.not-https": hint])
        let issue = try #require(result.issues.first)
        #expect(issue.fixHint == hint)
        let generic = check("metadata-url", [:]).issues.first
        #expect(generic?.fixHint.contains("Metadata URL") == true)
    }

    @Test func textPatternAndLength() {
        #expect(check("manual", manual(entityID: "http://www.okta.com/exk1")).issues.isEmpty)
        #expect(check("manual", manual(entityID: "has space")).issues.map(\.code) == ["idp-entity-id.invalid-format"])
        #expect(check("manual", manual(entityID: String(repeating: "x", count: 1025))).issues.map(\.code) == ["idp-entity-id.too-long"])
    }

    @Test func wrongValueTypesAreReported() {
        var values = manual()
        values["sso_url"] = .boolean(true)
        values["signing_certificates"] = .mapping(["a": "b"])
        values["sign_requests"] = .text("yes")
        values["sso_binding"] = .list(["post"])
        let codes = check("manual", values).issues.map(\.code)
        #expect(codes == ["sso-url.invalid-type", "signing-certificates.invalid-type", "sso-binding.invalid-type",
                          "sign-requests.invalid-type"])
    }

    @Test func choicesAndBooleans() {
        var values = manual()
        values["sso_binding"] = .text("post")
        values["sign_requests"] = .boolean(false)
        #expect(check("manual", values).issues.isEmpty)
        values["sso_binding"] = .text("artifact")
        #expect(check("manual", values).issues.map(\.code) == ["sso-binding.invalid-choice"])
    }

    @Test func attributeMappingKeysAndValues() {
        var values = manual()
        values["attribute_names"] = .mapping(["email": "mail", "givenName": "gn", "lastName": " "])
        let issues = check("manual", values).issues
        #expect(issues.map(\.code) == ["attribute-names.unknown-key", "attribute-names.empty-value"])
        #expect(issues.map(\.field) == ["attribute_names.givenName", "attribute_names.lastName"])
    }

    @Test func unknownAndOtherModeFieldsAreWarnings() {
        var values = manual()
        values["metadata_url"] = .text("https://acme.okta.com/m")
        values["colour"] = .text("blue")
        let issues = check("manual", values).issues
        #expect(issues.map(\.code) == ["field.unknown", "field.unknown"])
        #expect(issues.map(\.field) == ["colour", "metadata_url"])
        #expect(issues.allSatisfy { $0.severity == .warning })
        #expect(issues[1].message.contains("Metadata URL mode"))
    }

    // MARK: Certificates

    @Test func validCertificateParses() throws {
        let result = check("manual", manual())
        #expect(result.issues.isEmpty)
        #expect(result.certificates["signing_certificates"]?.count == 1)
    }

    @Test func certificateAsArrayAndAsBundle() throws {
        let pem = try Fixture.text("Certificates/samltest-2038.pem")
        var values = manual()
        values["signing_certificates"] = .list([pem, pem])
        #expect(check("manual", values).certificates["signing_certificates"]?.count == 2)
        values["signing_certificates"] = .text(pem + "\n" + pem)
        #expect(check("manual", values).certificates["signing_certificates"]?.count == 2)
    }

    @Test func garbageCertificateIsInvalidWithItsPath() throws {
        let pem = try Fixture.text("Certificates/samltest-2038.pem")
        var values = manual()
        values["signing_certificates"] = .list([pem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"])
        let result = check("manual", values)
        #expect(result.issues.map(\.code) == ["certificate.invalid"])
        #expect(result.issues.first?.field == "signing_certificates[1]")
        #expect(result.certificates["signing_certificates"] == nil)
        values["signing_certificates"] = .text("hello world")
        #expect(check("manual", values).issues.map(\.code) == ["certificate.invalid"])
    }

    @Test func moreThanFiveCertificatesIsTooMany() throws {
        let pem = try Fixture.text("Certificates/samltest-2038.pem")
        var values = manual()
        values["signing_certificates"] = .list(Array(repeating: pem, count: 6))
        #expect(check("manual", values).issues.map(\.code) == ["certificate.too-many"])
    }

    @Test func expiredCertificateIsAWarningWithItsDate() throws {
        var values = manual()
        values["signing_certificates"] = .text(try Fixture.text("Certificates/google-2016-expired.pem"))
        let issues = check("manual", values).issues
        #expect(issues.map(\.code) == ["certificate.expired"])
        #expect(issues.first?.severity == .warning)
        #expect(issues.first?.message.contains("2021-01-03") == true)
        #expect(issues.first?.field == "signing_certificates")
    }

    @Test func certificateExpiringWithinThirtyDaysIsAWarning() throws {
        // samltest-2038.pem expires 2038-08-24T21:14:10Z.
        let nearEnd = ValidationContext(now: Date(timeIntervalSince1970: 2_166_297_250 - 10 * 86_400))
        let field = SampleSchema.certificates
        let check = FieldChecks.certificates(.text(try Fixture.text("Certificates/samltest-2038.pem")), field: field,
                                             context: nearEnd, hints: ["certificate.expires-soon": "Okta: add the next certificate."])
        #expect(check.issues.map(\.code) == ["certificate.expires-soon"])
        #expect(check.issues.first?.fixHint == "Okta: add the next certificate.")
        #expect(check.certificates.count == 1)
    }

    @Test func rotationWithOneExpiredCertificatePointsAtIt() throws {
        var values = manual()
        values["signing_certificates"] = .list([try Fixture.text("Certificates/samltest-2038.pem"),
                                                try Fixture.text("Certificates/google-2016-expired.pem")])
        let issues = check("manual", values).issues
        #expect(issues.map(\.code) == ["certificate.expired"])
        #expect(issues.first?.field == "signing_certificates[1]")
    }

    // MARK: XML documents

    @Test(arguments: [
        ("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>", [String]()),
        ("<EntityDescriptor>", ["metadata-xml.invalid-xml"]),
        ("not xml at all", ["metadata-xml.invalid-xml"]),
        ("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", ["metadata-xml.invalid-xml"]),
        ("", ["metadata-xml.missing"]),
    ])
    func xmlDocument(text: String, codes: [String]) {
        #expect(check("metadata-file", ["metadata_xml": .text(text)]).issues.map(\.code) == codes)
    }

    @Test func oversizedXMLIsTooLarge() {
        let issues = FieldChecks.xmlDocument("<a>" + String(repeating: "x", count: 100) + "</a>", field: SampleSchema.metadataFile,
                                             limits: XMLLimitsForTest.small)
        #expect(issues.map(\.code) == ["metadata-xml.too-large"])
    }

    func manual(entityID: String = "http://www.okta.com/exk1") -> [String: ConfigValue] {
        let pem = (try? Fixture.text("Certificates/samltest-2038.pem")) ?? ""
        return ["sso_url": .text("https://acme.okta.com/app/x/sso/saml"), "idp_entity_id": .text(entityID),
                "signing_certificates": .text(pem)]
    }
}

enum XMLLimitsForTest {
    static let small = XMLLimits(maximumBytes: 50, maximumDepth: 10)
}
