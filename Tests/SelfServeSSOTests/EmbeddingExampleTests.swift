import Foundation
import Testing
import SelfServeSSO

@Suite struct EmbeddingExampleTests {
    @Test func exampleRunsAndAcceptsAValidOktaConfiguration() async throws {
        let result = try await setUpOkta(now: Date(timeIntervalSince1970: 1_750_000_000))
        #expect(!result.report.hasErrors, "\(result.report.issues)")
        #expect(result.guide.steps.count >= 5)
        #expect(result.guide.markdown.contains("https://app.example.com/sso/saml/acs/conn_123"))
        #expect(!result.guide.markdown.contains("{{"))
        #expect(result.guide.steps.allSatisfy { $0.bodyHTML().hasPrefix("<") })
        #expect(BuiltInProviders.registry().ids == ["okta", "google-workspace", "entra-id", "generic-saml"])
    }
}

/// The README shows exactly the example that the tests compile and run.
@Suite struct ReadmeExampleTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The lines between the markers, with the common indentation removed.
    static func markedLines(in text: String, from start: String, to end: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.contains(start) }),
              let last = lines[first...].firstIndex(where: { $0.contains(end) }) else { return [] }
        let body = Array(lines[(first + 1)..<last])
        let indent = body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
    }

    @Test(arguments: [
        ("EmbeddingExample.swift", "// BEGIN README EXAMPLE", "// END README EXAMPLE",
         "<!-- BEGIN EMBEDDING EXAMPLE", "<!-- END EMBEDDING EXAMPLE"),
        ("TestSignInExample.swift", "// BEGIN README TEST SIGN-IN EXAMPLE", "// END README TEST SIGN-IN EXAMPLE",
         "<!-- BEGIN TEST SIGN-IN EXAMPLE", "<!-- END TEST SIGN-IN EXAMPLE"),
        ("LifecycleExample.swift", "// BEGIN README LIFECYCLE EXAMPLE", "// END README LIFECYCLE EXAMPLE",
         "<!-- BEGIN LIFECYCLE EXAMPLE", "<!-- END LIFECYCLE EXAMPLE"),
    ])
    func readmeShowsTheCompiledExample(file: String, sourceStart: String, sourceEnd: String,
                                       readmeStart: String, readmeEnd: String) throws {
        let source = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Tests/SelfServeSSOTests/\(file)"),
                                encoding: .utf8)
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let example = Self.markedLines(in: source, from: sourceStart, to: sourceEnd)
        let shown = Self.markedLines(in: readme, from: readmeStart, to: readmeEnd)
        #expect(!example.isEmpty)
        #expect(shown.first == "```swift" && shown.last == "```")
        // The README adds the imports a host file needs around the same function body.
        let shownCode = Array(shown.dropFirst().dropLast())
        #expect(shownCode.starts(with: ["import Foundation", "import SelfServeSSO", ""]))
        #expect(Array(shownCode.dropFirst(3)) == example,
                "README.md's example differs from Tests/SelfServeSSOTests/\(file); copy it over.")
    }
}
