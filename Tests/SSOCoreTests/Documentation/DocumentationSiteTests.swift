import Foundation
import SSOCore
import Testing

@Suite struct DocumentationSiteTests {
    func registry() throws -> ProviderRegistry {
        var second = SamplePlugin()
        second.descriptor = ProviderDescriptor(id: "second-idp", name: "Second IdP", summary: "Another one.", protocol: .saml)
        return try ProviderRegistry([SamplePlugin(), second])
    }

    func site() throws -> [String: String] { try DocumentationSite.generate(registry: try registry()) }

    @Test func writesIndexAndEveryProviderPageInBothFormats() throws {
        #expect(try site().keys.sorted() == [
            "index.html", "index.md",
            "providers/sample-idp-troubleshooting.html", "providers/sample-idp-troubleshooting.md",
            "providers/sample-idp.html", "providers/sample-idp.md", "providers/sample-idp.schema.json",
            "providers/second-idp-troubleshooting.html", "providers/second-idp-troubleshooting.md",
            "providers/second-idp.html", "providers/second-idp.md", "providers/second-idp.schema.json",
        ])
    }

    @Test func outputIsDeterministic() throws {
        #expect(try site() == (try site()))
    }

    @Test func noPlaceholderOrTokenIsLeft() throws {
        for (path, contents) in try site() {
            #expect(!contents.contains("{{"), "\(path)")
            #expect(!contents.unicodeScalars.contains { (0xE000...0xE0FF).contains($0.value) }, "\(path)")
        }
    }

    @Test func htmlPagesAreSelfContained() throws {
        for (path, contents) in try site() where path.hasSuffix(".html") {
            #expect(contents.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), "\(path)")
            #expect(contents.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), "\(path)")
            #expect(contents.contains("<style>"), "\(path)")
            for forbidden in ["<script", "<link", "src=", "url(", "@import", "<iframe"] {
                #expect(!contents.contains(forbidden), "\(path) contains \(forbidden)")
            }
            #expect(contents.hasSuffix("</html>\n"), "\(path)")
        }
    }

    @Test func indexListsProvidersWithLinks() throws {
        let files = try site()
        let html = try #require(files["index.html"])
        #expect(html.contains("<td><a href=\"providers/sample-idp.html\">Sample IdP</a></td>\n<td>SAML 2.0</td>"))
        #expect(html.contains("<a href=\"providers/second-idp.html\">Second IdP</a>"))
        #expect(html.contains("&lt;with&gt; &quot;markup&quot; &amp; ampersands."))
        #expect(files["index.md"] == """
            # Identity providers

            Each page explains how an IT admin connects an identity provider: the values to enter in its admin console, the fields to fill in, the attributes to map, and the setup steps.

            | Provider | Protocol | Summary | When sign-in fails |
            | --- | --- | --- | --- |
            | [Sample IdP](providers/sample-idp.md) | SAML 2.0 | A test identity provider \\<with> "markup" & ampersands. | [Troubleshooting](providers/sample-idp-troubleshooting.md) |
            | [Second IdP](providers/second-idp.md) | SAML 2.0 | Another one. | [Troubleshooting](providers/second-idp-troubleshooting.md) |

            """)
    }

    @Test func providerPageHasEverySection() throws {
        let html = try #require(try site()["providers/sample-idp.html"])
        #expect(html.contains("<header class=\"site\"><a href=\"../index.html\">"))
        #expect(html.contains("<h1 id=\"sample-idp\">Sample IdP</h1>"))
        #expect(html.contains("<h2 id=\"values-to-enter-in-sample-idp\">Values to enter in Sample IdP</h2>"))
        #expect(html.contains("<td>Single sign-on URL</td>\n<td><code><mark class=\"example\">https://app.example.com/sso/saml/acs/EXAMPLE-CONNECTION</mark></code></td>"))
        #expect(html.contains("<h2 id=\"configuration-fields\">Configuration fields</h2>"))
        for mode in ["<h3 id=\"metadata-url-metadata-url\">Metadata URL (<code>metadata-url</code>)</h3>", "<h3 id=\"metadata-file-metadata-file\">Metadata file (<code>metadata-file</code>)</h3>",
                     "<h3 id=\"manual-manual\">Manual (<code>manual</code>)</h3>", "<h3 id=\"in-every-mode\">In every mode</h3>"] {
            #expect(html.contains(mode))
        }
        #expect(html.contains("<td>Signing Certificate (<code>signing_certificates</code>)</td>\n<td>PEM certificates (1–5)</td>\n<td>Yes</td>"))
        #expect(html.contains("Expected host: <code>*.okta.com</code>, <code>*.oktapreview.com</code>."))
        #expect(html.contains("<h2 id=\"attribute-mapping\">Attribute mapping</h2>"))
        #expect(html.contains("<td>Email address</td>\n<td><code>email</code></td>\n<td>user.email</td>\n<td>Yes</td>"))
        #expect(html.contains("<h2 id=\"set-up-single-sign-on-with-sample-idp\">Set up single sign-on with Sample IdP</h2>"))
        #expect(html.contains("<section id=\"step-create-app\" class=\"step\">\n<h3 id=\"step-1-create-the-app\">Step 1: Create the app</h3>"))
        #expect(html.contains("<h4 id=\"a-sub-heading-inside-the-step\">A sub-heading inside the step</h4>"))
        #expect(html.contains("<section id=\"step-test-sign-in\" class=\"step\">\n<h3 id=\"step-6-test\">Step 6: Test</h3>"))
        #expect(html.contains("<em>Fields explained here:</em> Metadata URL (<code>metadata_url</code>), Sign on URL (<code>sso_url</code>)"))
        #expect(html.contains("This guide connects <mark class=\"example\">Example App</mark> to Sample IdP for <mark class=\"example\">Example Corp</mark>."))
        #expect(html.contains("<aside class=\"callout callout-note\" role=\"note\">"))
        #expect(html.contains("<pre><code class=\"language-text\">## Not a step: this is inside fenced code\n<mark class=\"example\">https://app.example.com/sso/saml/metadata/EXAMPLE-CONNECTION</mark>\n</code></pre>"))
        #expect(html.contains("<a href=\"sample-idp.schema.json\">sample-idp.schema.json</a>"))
        #expect(html.contains("<li><a href=\"#step-2-enter-our-values\">Enter our values</a></li>"))
        #expect(html.contains("<a href=\"#configuration-fields\">Configuration fields</a>"))
    }

    @Test func markdownPageMarksExamples() throws {
        let markdown = try #require(try site()["providers/sample-idp.md"])
        #expect(markdown.hasPrefix("[SelfServeSSO identity providers](../index.md)\n\n# Sample IdP\n\n"))
        #expect(markdown.contains("| Single sign-on URL | `https://app.example.com/sso/saml/acs/EXAMPLE-CONNECTION` *(example)* | General tab > SAML Settings. |"))
        #expect(markdown.contains("This guide connects *Example App* to Sample IdP for *Example Corp*."))
        #expect(markdown.contains("### Step 2: Enter our values\n\n| Console label | Value |"))
        #expect(markdown.contains("#### A sub-heading inside the step"))
        #expect(markdown.contains("```text\n## Not a step: this is inside fenced code\nhttps://app.example.com/sso/saml/metadata/EXAMPLE-CONNECTION\n```"))
        #expect(!markdown.contains("\n\n\n"))
        #expect(markdown.contains("2. [Enter our values](#step-2-enter-our-values)\n"))
    }

    @Test func troubleshootingPageListsEveryCodeAndShowsBothBranches() throws {
        let files = try site()
        let markdown = try #require(files["providers/sample-idp-troubleshooting.md"])
        #expect(markdown.hasPrefix("[SelfServeSSO identity providers](../index.md)\n\n# Troubleshooting sign-in with Sample IdP\n\n"))
        #expect(markdown.contains("**Provider:** [Sample IdP](sample-idp.md)"))
        #expect(markdown.contains("| `conditions.audience-mismatch` | [The audience does not match](#the-audience-does-not-match) |"))
        #expect(markdown.contains("| `xml.malformed` | [The response is not readable XML](#the-response-is-not-readable-xml) |"))
        #expect(markdown.contains("*Codes:* `xml.malformed` · *The same for every identity provider.*"))
        #expect(markdown.contains("Set **Audience URI (SP Entity ID)** to exactly `https://app.example.com/sso/saml/metadata/EXAMPLE-CONNECTION` *(example)*."))
        #expect(markdown.contains("Sample IdP sent another value as the audience."))
        #expect(markdown.contains("*If the observed audience starts with `spn:`:*\n\nAn audience starting with `spn:`"))
        #expect(markdown.contains("*Otherwise:*\n\nCopy the value again"))
        // A value only a failure knows is not shown on a page without values.
        #expect(!markdown.contains("It is valid until"))
        #expect(!markdown.contains("<!--"))
        let html = try #require(files["providers/sample-idp-troubleshooting.html"])
        #expect(html.contains("<h2 id=\"the-audience-does-not-match\">The audience does not match</h2>"))
        #expect(html.contains("<a href=\"#the-audience-does-not-match\">The audience does not match</a>"))
        let provider = try #require(files["providers/sample-idp.html"])
        #expect(provider.contains("<a href=\"sample-idp-troubleshooting.html\">Troubleshooting</a>"))
        #expect(try #require(files["index.html"]).contains("<a href=\"providers/sample-idp-troubleshooting.html\">Troubleshooting</a>"))
    }

    @Test func brokenTroubleshootingGuidesFailGeneration() throws {
        var broken = SamplePlugin()
        broken.troubleshootingFile = "Guides/sample.md"
        #expect(throws: SetupGuideError.self) {
            try DocumentationSite.generate(registry: try ProviderRegistry([broken]))
        }
        var missing = SamplePlugin()
        missing.troubleshootingFile = "Guides/does-not-exist.md"
        #expect(throws: SetupGuideError.resourceMissing(provider: "sample-idp", resource: "troubleshooting.md")) {
            try DocumentationSite.generate(registry: try ProviderRegistry([missing]))
        }
    }

    @Test func markdownAndHTMLAgreeOnStructure() throws {
        let files = try site()
        let markdown = try #require(files["providers/sample-idp.md"])
        let html = try #require(files["providers/sample-idp.html"])
        let headingsInMarkdown = markdown.split(separator: "\n").filter { $0.hasPrefix("#") && !$0.hasPrefix("## Not") }.count
        let headingsInHTML = ["<h1 ", "<h2 ", "<h3 ", "<h4 ", "<h5 ", "<h6 "].map { html.components(separatedBy: $0).count - 1 }.reduce(0, +)
        #expect(headingsInMarkdown == headingsInHTML)
    }

    @Test func hostSettingsReplaceTheExamples() throws {
        let settings = ServiceProviderSettings(acsURL: "https://crm.test/acs/42", entityID: "https://crm.test/sp/42")
        let files = try DocumentationSite.generate(registry: try registry(), settings: settings)
        let html = try #require(files["providers/sample-idp.html"])
        #expect(html.contains("<mark class=\"example\">https://crm.test/acs/42</mark>"))
        #expect(html.contains("<mark class=\"example\">this application</mark>"))
        #expect(html.contains(GuidePlaceholder.spMetadataURL.fallback))
    }

    @Test func hostileSettingsAreEscaped() throws {
        let settings = ServiceProviderSettings(acsURL: "https://x.test/<script>alert(1)</script>", entityID: "*a* `b` [c](javascript:x)",
                                               organizationName: "Acme | \"Corp\"", applicationName: "**App**")
        let files = try DocumentationSite.generate(registry: try registry(), settings: settings)
        let html = try #require(files["providers/sample-idp.html"])
        #expect(!html.contains("<script>"))
        #expect(html.contains("<mark class=\"example\">https://x.test/&lt;script&gt;alert(1)&lt;/script&gt;</mark>"))
        #expect(html.contains("<mark class=\"example\">*a* `b` [c](javascript:x)</mark>"))
        #expect(html.contains("<mark class=\"example\">**App**</mark>"))
        let markdown = try #require(files["providers/sample-idp.md"])
        #expect(markdown.contains("This guide connects *\\*\\*App\\*\\** to Sample IdP for *Acme \\| \"Corp\"*."))
    }

    @Test func brokenGuidesFailGeneration() throws {
        var missing = SamplePlugin()
        missing.guideFile = "Guides/does-not-exist.md"
        #expect(throws: SetupGuideError.resourceMissing(provider: "sample-idp", resource: "guide.md")) {
            try DocumentationSite.generate(registry: try ProviderRegistry([missing]))
        }
        var unknownField = SamplePlugin()
        unknownField.schema = ConfigSchema(modes: [SampleSchema.schema.modes[0]])
        #expect(throws: SetupGuideError.unknownField(provider: "sample-idp", step: "Map attributes", field: "attribute_names")) {
            try DocumentationSite.generate(registry: try ProviderRegistry([unknownField]))
        }
    }

    @Test func stalePathsListsMissingChangedAndExtra() {
        let generated = ["a.html": "1", "b.html": "2", "c/d.md": "3"]
        let existing = ["b.html": "2", "c/d.md": "changed", "old.html": "x", "a2.html": "y"]
        let stale = DocumentationSite.stalePaths(existing: existing, generated: generated)
        #expect(stale == DocumentationSite.StalePaths(missing: ["a.html"], changed: ["c/d.md"], extra: ["a2.html", "old.html"]))
        #expect(stale.isStale)
        #expect(!DocumentationSite.stalePaths(existing: generated, generated: generated).isStale)
    }

    @Test func writtenSiteReadsBackUpToDate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sso-docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try site()
        #expect(try DocumentationSite.read(directory: directory) == [:])
        try DocumentationSite.write(files, to: directory)
        let readBack = try DocumentationSite.read(directory: directory)
        #expect(!DocumentationSite.stalePaths(existing: readBack, generated: files).isStale)
        try Data("edited".utf8).write(to: directory.appendingPathComponent("providers/sample-idp.md"))
        try Data("x".utf8).write(to: directory.appendingPathComponent("providers/stray.html"))
        let stale = DocumentationSite.stalePaths(existing: try DocumentationSite.read(directory: directory), generated: files)
        #expect(stale.changed == ["providers/sample-idp.md"])
        #expect(stale.extra == ["providers/stray.html"])
    }
}

@Suite struct SetupGuideHTMLTests {
    @Test func fragmentHasTitleIntroductionAndStepSections() throws {
        let guide = try SamplePlugin().setupGuide().filled(with: .example, providerID: "sample-idp")
        let html = guide.htmlFragment()
        #expect(html.hasPrefix("<h1>Set up single sign-on with Sample IdP</h1>\n<p>This guide connects Example App to Sample IdP for Example Corp.</p>\n"))
        #expect(html.contains("<section class=\"step\" id=\"step-identity-provider-values\" data-fields=\"metadata_url sso_url idp_entity_id signing_certificates\">\n<h2>Copy the IdP values</h2>"))
        #expect(html.contains("<section class=\"step\" id=\"step-create-app\">\n<h2>Create the app</h2>"))
        #expect(html.contains("<h3>A sub-heading inside the step</h3>"))
        #expect(html.contains("<td><code>https://app.example.com/sso/saml/acs/EXAMPLE-CONNECTION</code></td>"))
        #expect(!html.contains("<mark"))
        #expect(html.components(separatedBy: "<section").count - 1 == 6)
        #expect(guide.htmlFragment(headingLevelOffset: 1).hasPrefix("<h2>Set up"))
    }

    @Test func stepBodyRendersAlone() throws {
        let guide = try SamplePlugin().setupGuide().filled(with: .example, providerID: "sample-idp")
        let step = try #require(guide.step(.identityProviderValues))
        #expect(step.bodyHTML() == "<p>Copy the <strong>Metadata URL</strong> from the Sign On tab.</p>\n")
        #expect(try #require(guide.step(.createApp)).bodyHTML(headingLevelOffset: 1).contains("<h4>A sub-heading inside the step</h4>"))
    }

    @Test func documentIsStandalone() throws {
        let guide = try SamplePlugin().setupGuide().filled(with: .example, providerID: "sample-idp")
        let html = guide.htmlDocument()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Set up single sign-on with Sample IdP</title>"))
        #expect(!html.contains("<header"))
        #expect(!html.contains("<footer"))
        #expect(!html.contains("<script"))
    }
}
