@testable import SSOCore
import Testing

@Suite struct HeadingSluggerTests {
    @Test(arguments: [
        ("Step 1: Create a SAML app integration in Okta", "step-1-create-a-saml-app-integration-in-okta"),
        ("Metadata URL (`metadata-url`)", "metadata-url-metadata-url"),
        ("Copy `metadata_url` **now**", "copy-metadata_url-now"),
        ("Über Größe", "über-größe"),
        ("  ", "--"),
    ])
    func slugsFollowGitHub(heading: String, slug: String) {
        #expect(HeadingSlugger.baseSlug(heading) == slug)
    }

    @Test func repeatedHeadingsAndReservedIDsGetSuffixes() {
        var slugger = HeadingSlugger()
        slugger.reserve("step-create-app")
        #expect(slugger.slug(for: "Notes") == "notes")
        #expect(slugger.slug(for: "Notes") == "notes-1")
        #expect(slugger.slug(for: "Notes") == "notes-2")
        #expect(slugger.slug(for: "Step create app") == "step-create-app-1")
    }

    @Test func plainRenderingHasNoIDs() {
        #expect(MarkdownRenderer().html(from: "## Title") == "<h2>Title</h2>\n")
    }
}
