import Foundation
import Testing
import SSOCommandLine
import SelfServeSSO

@Suite struct MetadataInspectCommandTests {
    let oktaMetadata = fixturesDirectory.appendingPathComponent("metadata/okta-metadata.xml").path

    @Test func jsonHasTheContractFields() async throws {
        let run = await sso("metadata", "inspect", oktaMetadata, "--json")
        #expect(run.status == 0)
        let metadata = try #require(try run.json() as? [String: Any])
        #expect(Set(metadata.keys) == ["entityID", "singleSignOnServices", "signingCertificates", "nameIDFormats",
                                       "wantAuthnRequestsSigned", "validUntil", "warnings"])
        #expect(metadata["entityID"] as? String == "http://www.okta.com/exkdoocxa1VmjpXmX697")
        let services = try #require(metadata["singleSignOnServices"] as? [[String: String]])
        #expect(services.map { $0["binding"] } == [
            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
        ])
        let certificate = try #require((metadata["signingCertificates"] as? [[String: Any]])?.first)
        #expect(Set(certificate.keys) == ["subject", "notBefore", "notAfter", "sha256Fingerprint", "keyType", "keySize"])
        #expect(certificate["keyType"] as? String == "RSA")
        #expect(certificate["keySize"] as? Int == 2048)
        #expect(certificate["notBefore"] as? String == "2024-04-25T20:30:02Z")
        #expect((certificate["sha256Fingerprint"] as? String)?.hasPrefix("21:D5:E6:FF") == true)
        #expect(metadata["validUntil"] is NSNull)
        #expect(metadata["wantAuthnRequestsSigned"] as? Bool == false)
        #expect(metadata["nameIDFormats"] as? [String] == ["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"])
    }

    @Test func textForPeople() async {
        let run = await sso("metadata", "inspect", oktaMetadata)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("Entity ID: http://www.okta.com/exkdoocxa1VmjpXmX697\n"))
        #expect(run.output.contains("  HTTP-Redirect  https://trial-1022863.okta.com/"))
        #expect(run.output.contains("RSA 2048 bits, SHA-256 21:D5:E6:FF"))
    }

    @Test(arguments: ["not metadata\n", "", "<?xml version=\"1.0\"?><html/>",
                      "<!DOCTYPE x [<!ENTITY a \"b\">]><EntityDescriptor/>"])
    func garbageExitsOneWithAnErrorCode(contents: String) async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(contents, named: "bad.xml", in: directory)
        let run = await sso("metadata", "inspect", path, "--json")
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: Any])
        #expect(Set(report.keys) == ["errors"])
        let error = try #require((report["errors"] as? [[String: String]])?.first)
        #expect(error["code"]?.isEmpty == false)
        #expect(error["message"]?.isEmpty == false)

        let text = await sso("metadata", "inspect", path)
        #expect(text.status == 1)
        #expect(text.output.hasPrefix("Not usable: "))
    }

    @Test func unknownEntityIDIsRejected() async throws {
        let run = await sso("metadata", "inspect", oktaMetadata, "--entity-id", "https://other.example.com", "--json")
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: [[String: String]]])
        #expect(report["errors"]?.first?["code"] == "metadata.entity-not-found")
    }

    @Test func missingFileIsAUsageError() async {
        let run = await sso("metadata", "inspect", "/no/such/metadata.xml", "--json")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("Cannot read the metadata file '/no/such/metadata.xml': no such file."))
    }

    @Test func urlIsFetchedWithTheInjectedFetcher() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: oktaMetadata))
        var tool = CommandLineTool.testing()
        tool.metadataFetcher = FixedMetadataFetcher(result: .success(data))
        let run = await sso("metadata", "inspect", "https://idp.example.com/metadata", "--json", tool: tool)
        #expect(run.status == 0)
        #expect((try run.json() as? [String: Any])?["entityID"] as? String == "http://www.okta.com/exkdoocxa1VmjpXmX697")
    }

    @Test func fetchFailureExitsOneWithTheFetchCode() async throws {
        var tool = CommandLineTool.testing()
        tool.metadataFetcher = FixedMetadataFetcher(result: .failure(SAMLError(.fetchInsecureScheme, "Use https.")))
        let run = await sso("metadata", "inspect", "http://idp.example.com/metadata", "--json", tool: tool)
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: [[String: String]]])
        #expect(report["errors"]?.first?["code"] == "fetch.insecure-scheme")
    }
}
