import Foundation
import Testing
import SSOCommandLine
import SelfServeSSO

/// A provider whose bundled guide is missing: the commands that need it exit 1 with the
/// guide error's code, and never crash.
@Suite struct BrokenBuildTests {
    func tool() throws -> CommandLineTool {
        .testing(registry: try ProviderRegistry([MissingGuidePlugin()]))
    }

    @Test func guideReportsTheMissingResource() async throws {
        let run = await sso(["guide", "test-idp", "--acs-url", "https://a.example/acs", "--sp-entity-id", "x"], tool: try tool())
        #expect(run.status == 1)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("[guide.resource-missing]"))
    }

    @Test func docsReportTheMissingResource() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = await sso(["docs", "--output", root.path], tool: try tool())
        #expect(run.status == 1)
        #expect(run.errors.contains("[guide.resource-missing]"))
    }
}
