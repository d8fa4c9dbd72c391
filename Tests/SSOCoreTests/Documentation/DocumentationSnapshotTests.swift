import SSOCore
import Testing

/// Whole generated files against reviewed snapshots in `Fixtures/Snapshots/`.
@Suite struct DocumentationSnapshotTests {
    static let paths = ["index.html", "index.md", "providers/sample-idp.html", "providers/sample-idp.md",
                        "providers/sample-idp.schema.json", "providers/sample-idp-troubleshooting.html",
                        "providers/sample-idp-troubleshooting.md"]

    @Test(arguments: paths)
    func siteFileMatchesSnapshot(path: String) throws {
        let files = try DocumentationSite.generate(registry: try ProviderRegistry([SamplePlugin()]))
        try Snapshot.check(try #require(files[path]), named: "site/" + path)
    }

    @Test func guideDocumentMatchesSnapshot() throws {
        let guide = try SamplePlugin().setupGuide().filled(with: .example, providerID: "sample-idp")
        try Snapshot.check(guide.htmlDocument(), named: "sample-guide.html")
    }

    @Test func catalogMatchesSnapshot() throws {
        try Snapshot.check(try ProviderRegistry([SamplePlugin()]).catalogJSON().serialized(pretty: true) + "\n",
                           named: "catalog.json")
    }
}
