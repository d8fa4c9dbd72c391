import Foundation
import Testing
import SSOCommandLine
import SelfServeSSO

@Suite struct ValidateCommandTests {
    /// Runs `sso validate test-idp <file>` on a file holding `contents`.
    func validate(_ contents: String, _ extra: String...) async throws -> ToolRun {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(contents, named: "config.json", in: directory)
        return await sso(["validate", "test-idp", path] + extra, tool: try .withTestProvider())
    }

    @Test func cleanConfigurationExitsZero() async throws {
        let run = try await validate(#"{"mode": "metadata-url", "metadata_url": "https://idp.example.com/m"}"#)
        #expect(run.status == 0)
        #expect(run.output == "test-idp (metadata-url): valid, no issues\n")
    }

    @Test func warningsAloneExitZero() async throws {
        let run = try await validate(#"{"mode": "metadata-url", "metadata_url": "https://other.example.org/m"}"#, "--json")
        #expect(run.status == 0)
        let report = try #require(try run.json() as? [String: Any])
        #expect(report["valid"] as? Bool == true)
        #expect((report["issues"] as? [[String: Any]])?.first?["severity"] as? String == "warning")
    }

    @Test func errorsExitOneAndListEveryIssue() async throws {
        let run = try await validate(#"{"mode": "metadata-url", "metadata_url": "http://other.example.org/m"}"#)
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("test-idp (metadata-url): invalid, 1 error, 1 warning\n"))
        #expect(run.output.contains("\nerror    metadata_url: The metadata URL must use https. [metadata-url.not-https]\n"))
        #expect(run.output.contains("\n         Fix: Use the https link.\n"))
        #expect(run.output.contains("[metadata-url.unexpected-host]"))
    }

    @Test func jsonReportShape() async throws {
        let run = try await validate(#"{"mode": "metadata-url", "metadata_url": "http://idp.example.com/m"}"#, "--json")
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: Any])
        #expect(Set(report.keys) == ["provider", "mode", "valid", "issues"])
        #expect(report["provider"] as? String == "test-idp")
        #expect(report["mode"] as? String == "metadata-url")
        #expect(report["valid"] as? Bool == false)
        let issue = try #require((report["issues"] as? [[String: Any]])?.first)
        #expect(Set(issue.keys) == ["field", "code", "severity", "message", "fixHint"])
        #expect(issue["code"] as? String == "metadata-url.not-https")
        #expect(issue["severity"] as? String == "error")
    }

    @Test func unknownProviderListsTheKnownIds() async {
        let run = await sso("validate", "nope", "/dev/null")
        #expect(run.status == 2)
        #expect(run.errors.contains("Unknown provider 'nope'. Known providers: okta, google-workspace, entra-id, generic-saml."))
    }

    @Test func missingFileIsAUsageError() async throws {
        let run = await sso("validate", "test-idp", "/no/such/config.json", tool: try .withTestProvider())
        #expect(run.status == 2)
        #expect(run.errors.contains("Cannot read the configuration file '/no/such/config.json': no such file."))
    }

    @Test func directoryIsAUsageError() async throws {
        let run = await sso("validate", "test-idp", FileManager.default.temporaryDirectory.path, tool: try .withTestProvider())
        #expect(run.status == 2)
        #expect(run.errors.contains("it is a directory"))
    }

    @Test(arguments: [
        ("{\n  \"mode\": \"metadata-url\",\n  \"metadata_url\": x\n}", "not valid JSON (unexpected input at line 3, column 19)"),
        ("", "not valid JSON"),
        ("[1, 2]", "must hold one JSON object"),
        (#"{"metadata_url": "https://idp.example.com/m"}"#, "has no \"mode\" string; add \"mode\" with one of: metadata-url, manual"),
        (#"{"mode": 3}"#, "has no \"mode\" string"),
        (#"{"mode": "metadata-url", "metadata_url": 42}"#, "the value of \"metadata_url\" must be a string"),
    ])
    func badConfigurationFilesAreUsageErrors(contents: String, message: String) async throws {
        let run = try await validate(contents)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains(message), "stderr: \(run.errors)")
    }

    @Test func fetchWithoutAFetcherIsAUsageError() async throws {
        let run = try await validate(#"{"mode": "metadata-url", "metadata_url": "https://idp.example.com/m"}"#, "--fetch")
        #expect(run.status == 2)
        #expect(run.errors.contains("not available"))
    }

    @Test func fetchUsesTheToolsFetcher() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(#"{"mode": "metadata-url", "metadata_url": "https://idp.example.com/m"}"#,
                                 named: "config.json", in: directory)
        var tool = try CommandLineTool.withTestProvider()
        tool.metadataFetcher = FixedMetadataFetcher(result: .failure(SAMLError(.fetchHTTPStatus, "HTTP 404.")))
        let offline = await sso(["validate", "test-idp", path, "--json"], tool: tool)
        #expect(offline.status == 0)
        let fetched = await sso(["validate", "test-idp", path, "--json", "--fetch"], tool: tool)
        #expect(fetched.status == 1)
        #expect(fetched.output.contains("\"code\": \"fetch.http-status\""))
    }

    @Test func missingArgumentsShowUsage() async {
        let run = await sso("validate", "okta")
        #expect(run.status == 2)
        #expect(run.errors.contains("Missing argument <config.json>."))
        #expect(run.errors.contains("USAGE: sso validate <provider-id> <config.json>"))
    }
}
