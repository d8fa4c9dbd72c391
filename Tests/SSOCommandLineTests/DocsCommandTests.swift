import Foundation
import Testing
import SSOCommandLine

@Suite struct DocsCommandTests {
    @Test func outputThenCheckPassesAndEditsMakeItStale() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site").path

        let written = await sso("docs", "--output", site)
        #expect(written.status == 0, "\(written.errors)")
        #expect(written.output.hasPrefix("Wrote "))
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(index.contains("<html"))
        for id in ["okta", "google-workspace", "entra-id", "generic-saml"] {
            let page = try String(contentsOfFile: site + "/providers/\(id).html", encoding: .utf8)
            #expect(!page.contains("{{"))
            #expect(FileManager.default.fileExists(atPath: site + "/providers/\(id).md"))
        }

        let fresh = await sso("docs", "--check", site)
        #expect(fresh.status == 0)
        #expect(fresh.output.contains("is up to date"))

        try Data("changed by hand\n".utf8).write(to: URL(fileURLWithPath: site + "/providers/okta.md"))
        try FileManager.default.removeItem(atPath: site + "/index.html")
        try Data("stray\n".utf8).write(to: URL(fileURLWithPath: site + "/stray.html"))
        let stale = await sso("docs", "--check", site)
        #expect(stale.status == 1)
        #expect(stale.output.contains("is stale: 1 missing, 1 changed, 1 extra"))
        #expect(stale.output.contains("  missing  index.html\n"))
        #expect(stale.output.contains("  changed  providers/okta.md\n"))
        #expect(stale.output.contains("  extra    stray.html\n"))

        let rewritten = await sso("docs", "--output", site)
        #expect(rewritten.status == 0)
        #expect(rewritten.errors.contains("stray.html"))
        try FileManager.default.removeItem(atPath: site + "/stray.html")
        #expect(await sso("docs", "--check", site).status == 0)
    }

    @Test func checkOfAMissingDirectoryIsStale() async {
        let run = await sso("docs", "--check", "/no/such/site")
        #expect(run.status == 1)
        #expect(run.output.contains("does not exist"))
    }

    @Test func outputIntoAFileIsAUsageError() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try writeFile("x", named: "file", in: root)
        let run = await sso("docs", "--output", file)
        #expect(run.status == 2)
        #expect(run.errors.contains("Cannot write the site into"))
        let check = await sso("docs", "--check", file)
        #expect(check.status == 2)
    }

    @Test(arguments: [[], ["--output", "a", "--check", "b"]])
    func exactlyOneOfOutputAndCheck(arguments: [String]) async {
        let run = await sso(["docs"] + arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains("USAGE: sso docs"))
    }
}
