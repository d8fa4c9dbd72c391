import Foundation
import SSOCore
import Testing

@Suite struct ProviderConfigurationTests {
    func decode(_ json: String) throws -> ProviderConfiguration {
        try JSONDecoder().decode(ProviderConfiguration.self, from: Data(json.utf8))
    }

    @Test func decodesTheFlatObjectForm() throws {
        let configuration = try decode("""
            {"mode": "manual", "sso_url": " https://a.test/sso ", "signing_certificates": ["A", "B"],
             "sign_requests": true, "attribute_names": {"email": "mail"}}
            """)
        #expect(configuration.mode == "manual")
        #expect(configuration.values["signing_certificates"] == .list(["A", "B"]))
        #expect(configuration.values["sign_requests"] == .boolean(true))
        #expect(configuration.values["attribute_names"] == .mapping(["email": "mail"]))
        #expect(configuration.text("sso_url") == "https://a.test/sso")
        #expect(configuration.text("missing") == nil)
    }

    @Test(arguments: [#"{"sso_url": "x"}"#, #"{"mode": "manual", "n": 5}"#, #"{"mode": "manual", "x": null}"#,
                      #"{"mode": "manual", "x": [1]}"#, #"[]"#])
    func rejectsWhatItCannotRepresent(json: String) {
        #expect(throws: DecodingError.self) { try decode(json) }
    }

    @Test func roundTripsThroughJSON() throws {
        let configuration = ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text("https://a.test/m")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(configuration)
        #expect(String(decoding: data, as: UTF8.self) == #"{"metadata_url":"https:\/\/a.test\/m","mode":"metadata-url"}"#)
        #expect(try JSONDecoder().decode(ProviderConfiguration.self, from: data) == configuration)
    }
}

@Suite struct ValidationReportTests {
    let report = ValidationReport(issues: [
        ValidationIssue(field: "a", code: "a.missing", severity: .error, message: "m", fixHint: "h"),
        ValidationIssue(field: "b", code: "field.unknown", severity: .warning, message: "m", fixHint: "h"),
        ValidationIssue(field: "c", code: "field.unknown", severity: .warning, message: "m", fixHint: "h"),
    ])

    @Test func separatesErrorsFromWarnings() {
        #expect(report.hasErrors)
        #expect(report.errors.map(\.field) == ["a"])
        #expect(report.warnings.map(\.field) == ["b", "c"])
        #expect(report.codes == ["a.missing", "field.unknown"])
        #expect(!ValidationReport(issues: Array(report.issues.dropFirst())).hasErrors)
        #expect(Severity.error < Severity.warning)
    }

    @Test func encodesStableJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(report.issues[0]), as: UTF8.self)
        #expect(json == #"{"code":"a.missing","field":"a","fixHint":"h","message":"m","severity":"error"}"#)
    }
}
