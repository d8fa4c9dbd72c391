import Testing
import SSOCommandLine

@Suite struct GuideCommandTests {
    static let settings = ["--acs-url", "https://app.example.com/sso/acs/c1", "--sp-entity-id", "https://app.example.com/sso/c1"]

    @Test(arguments: ["okta", "google-workspace", "entra-id", "generic-saml"])
    func markdownGuideHasTheValuesAndNoPlaceholder(id: String) async {
        let run = await sso(["guide", id] + Self.settings + ["--organization", "Acme Corp", "--application", "Example App",
                                                             "--sp-metadata-url", "https://app.example.com/sso/c1/metadata"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("# "))
        #expect(run.output.contains("https://app.example.com/sso/acs/c1"))
        #expect(run.output.contains("https://app.example.com/sso/c1"))
        #expect(!run.output.contains("{{"))
        #expect(run.output.contains("<!-- step: create-app -->"))
    }

    @Test func htmlGuideIsASelfContainedPage() async {
        let run = await sso(["guide", "entra-id", "--format", "html"] + Self.settings)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("<!DOCTYPE html>"))
        #expect(run.output.contains("https://app.example.com/sso/acs/c1"))
        #expect(!run.output.contains("{{"))
        #expect(!run.output.contains("<script"))
        #expect(run.output.contains("<style"))
    }

    @Test func testProviderGuideIsFilled() async throws {
        let run = await sso(["guide", "test-idp", "--organization", "Acme Corp"] + Self.settings, tool: try .withTestProvider())
        #expect(run.status == 0)
        #expect(run.output.contains("For Acme Corp."))
        #expect(run.output.contains("Reply URL: `https://app.example.com/sso/acs/c1`"))
    }

    @Test(arguments: [
        (["guide", "okta", "--sp-entity-id", "x"], "Missing required option '--acs-url <url>'."),
        (["guide", "okta", "--acs-url", "https://a.example/acs"], "Missing required option '--sp-entity-id <id>'."),
        (["guide", "okta", "--acs-url", "/acs", "--sp-entity-id", "x"], "Option '--acs-url' got '/acs'"),
        (["guide", "okta", "--acs-url", "https://a.example/acs", "--sp-entity-id", "x", "--format", "pdf"],
         "Option '--format' got 'pdf'; expected one of markdown, html."),
        (["guide", "nope", "--acs-url", "https://a.example/acs", "--sp-entity-id", "x"], "Unknown provider 'nope'."),
    ])
    func usageErrors(arguments: [String], message: String) async {
        let run = await sso(arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains(message), "stderr: \(run.errors)")
    }
}
