import Foundation
import Testing
import SSOCommandLine

/// `sso response verify` on a real OneLogin response (see Fixtures/README.md).
@Suite struct ResponseVerifyCommandTests {
    static let responses = fixturesDirectory.appendingPathComponent("responses")
    static let valid = responses.appendingPathComponent("onelogin-valid.b64").path
    static let tampered = responses.appendingPathComponent("onelogin-tampered.b64").path
    static let certificate = responses.appendingPathComponent("onelogin-idp.pem").path
    static let otherCertificate = responses.appendingPathComponent("other-idp.pem").path

    /// The options under which the OneLogin response is valid (it is signed with RSA-SHA1).
    static func options(certificates: [String] = [certificate], idpEntityID: String = "https://saml.idp.nope/h9gkjzvb3e",
                        allowSHA1: Bool = true, now: String = "2017-08-30T23:14:41.379Z") -> [String] {
        certificates.flatMap { ["--idp-certificate", $0] } + [
            "--idp-entity-id", idpEntityID,
            "--sp-entity-id", "https://saml.sp.nope/session/sso/saml/spentityid/rq5jwkvb8z",
            "--acs-url", "https://saml.sp.nope/session/sso/saml/acs/rq5jwkvb8z",
            "--now", now,
        ] + (allowSHA1 ? ["--allow-sha1"] : [])
    }

    @Test func validResponseJSONShape() async throws {
        let run = await sso(["response", "verify", Self.valid, "--json"] + Self.options())
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let result = try #require(try run.json() as? [String: Any])
        #expect(Set(result.keys) == ["valid", "nameID", "nameIDFormat", "sessionIndex", "issuer", "attributes", "signed", "warnings"])
        #expect(result["valid"] as? Bool == true)
        #expect(result["nameID"] as? String == "user@saml.sp.nope")
        #expect(result["nameIDFormat"] as? String == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(result["issuer"] as? String == "https://saml.idp.nope/h9gkjzvb3e")
        #expect(result["signed"] as? [String] == ["response"])
        #expect((result["attributes"] as? [String: [String]])?["group"] == ["red", "green", "blue"])
        #expect((result["warnings"] as? [String])?.isEmpty == false)
    }

    @Test func validResponseText() async {
        let run = await sso(["response", "verify", Self.valid] + Self.options())
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("Valid SAML response (signed: response)\nNameID:        user@saml.sp.nope"))
        #expect(run.output.contains("  group: red, green, blue"))
    }

    @Test func rotationWithTwoCertificates() async {
        let run = await sso(["response", "verify", Self.valid, "--json"]
                            + Self.options(certificates: [Self.otherCertificate, Self.certificate]))
        #expect(run.status == 0)
    }

    @Test(arguments: [
        (valid, options(allowSHA1: false), "signature.weak-algorithm"),
        (tampered, options(), "signature.digest-mismatch"),
        (valid, options(certificates: [otherCertificate]), "signature.untrusted-key"),
        (valid, options(idpEntityID: "https://other.example.com"), "response.issuer-mismatch"),
    ])
    func rejectedResponsesExitOneWithACode(file: String, options: [String], code: String) async throws {
        let run = await sso(["response", "verify", file, "--json"] + options)
        #expect(run.status == 1)
        let result = try #require(try run.json() as? [String: Any])
        #expect(Set(result.keys) == ["valid", "errors"])
        #expect(result["valid"] as? Bool == false)
        let error = try #require((result["errors"] as? [[String: String]])?.first)
        #expect(error["code"] == code)
        #expect(error["message"]?.isEmpty == false)
    }

    @Test(arguments: ["garbage", "", "PD94bWwgdmVyc2lvbj0iMS4wIj8+PGEvPg==", "<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>"])
    func garbageIsRejectedNotAUsageError(contents: String) async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(contents, named: "response.txt", in: directory)
        let run = await sso(["response", "verify", path, "--json"] + Self.options())
        #expect(run.status == 1)
        let result = try #require(try run.json() as? [String: Any])
        #expect(result["valid"] as? Bool == false)
        #expect((result["errors"] as? [[String: String]])?.first?["code"]?.isEmpty == false)

        let text = await sso(["response", "verify", path] + Self.options())
        #expect(text.status == 1)
        #expect(text.output.hasPrefix("Rejected: "))
    }

    @Test func repeatAddsValidationsPerSecond() async throws {
        let run = await sso(["response", "verify", Self.valid, "--json", "--repeat", "3"] + Self.options())
        #expect(run.status == 0)
        let result = try #require(try run.json() as? [String: Any])
        #expect((result["validationsPerSecond"] as? Double ?? 0) > 0)

        let rejected = await sso(["response", "verify", Self.tampered, "--json", "--repeat=2"] + Self.options())
        #expect(rejected.status == 1)
        #expect((try rejected.json() as? [String: Any])?["validationsPerSecond"] != nil)
    }

    static let usageCases: [(arguments: [String], message: String)] = {
        var cases: [(arguments: [String], message: String)] = []
        cases.append((["/no/such/response.b64"] + options(), "Cannot read the response file '/no/such/response.b64': no such file."))
        cases.append(([valid] + options(certificates: ["/no/such/idp.pem"]), "Cannot read the certificate file '/no/such/idp.pem'"))
        cases.append(([valid] + options(certificates: [valid]), "holds no usable certificate"))
        cases.append(([valid] + options(certificates: Array(repeating: certificate, count: 6)), "at most 5"))
        cases.append(([valid] + options(now: "yesterday"), "Option '--now' got 'yesterday'"))
        cases.append(([valid, "--clock-skew", "-5"] + options(), "Option '--clock-skew' got '-5'"))
        cases.append(([valid, "--clock-skew", "3601"] + options(), "Option '--clock-skew' got '3601'; expected at most 3600 seconds"))
        cases.append(([valid, "--repeat", "many"] + options(), "Option '--repeat' got 'many'"))
        cases.append(([valid, "--bogus"] + options(), "Unknown option '--bogus' for 'sso response verify'."))
        cases.append(([valid, "--idp-entity-id", "x"] + options(), "given more than once"))
        cases.append(([valid, "--idp-certificate", certificate], "Missing required option '--idp-entity-id <id>'."))
        cases.append((options(), "Missing argument <file>."))
        return cases
    }()

    @Test(arguments: usageCases)
    func usageErrorsExitTwo(arguments: [String], message: String) async {
        let run = await sso(["response", "verify"] + arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains(message), "stderr: \(run.errors)")
    }
}
