import Foundation
import Testing
@testable import SSOCommandLine

/// The help of every command, compared with the text stored under `Fixtures/help/`.
///
/// After an intended change, re-record with `SSO_RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshotTests`
/// and review the diff of the fixture files.
@Suite struct HelpSnapshotTests {
    static let cases: [(name: String, arguments: [String])] = [
        ("sso", ["--help"]),
        ("providers", ["providers", "--help"]),
        ("schema", ["schema", "--help"]),
        ("guide", ["guide", "--help"]),
        ("validate", ["validate", "--help"]),
        ("docs", ["docs", "--help"]),
        ("serve", ["serve", "--help"]),
        ("metadata", ["metadata", "--help"]),
        ("metadata-inspect", ["metadata", "inspect", "--help"]),
        ("response", ["response", "--help"]),
        ("response-verify", ["response", "verify", "-h"]),
        ("demo", ["demo", "--help"]),
        ("init", ["init", "--help"]),
        ("org", ["org", "--help"]),
        ("org-create", ["org", "create", "--help"]),
        ("org-allow-sso", ["org", "allow-sso", "--help"]),
        ("org-show", ["org", "show", "--help"]),
        ("domain", ["domain", "--help"]),
        ("domain-add", ["domain", "add", "--help"]),
        ("domain-verify", ["domain", "verify", "--help"]),
        ("domain-list", ["domain", "list", "--help"]),
        ("domain-remove", ["domain", "remove", "--help"]),
        ("connection", ["connection", "--help"]),
        ("connection-set", ["connection", "set", "--help"]),
        ("connection-show", ["connection", "show", "--help"]),
        ("connection-test", ["connection", "test", "--help"]),
        ("connection-test-start", ["connection", "test", "start", "--help"]),
        ("connection-test-complete", ["connection", "test", "complete", "--help"]),
        ("connection-activate", ["connection", "activate", "--help"]),
        ("connection-deactivate", ["connection", "deactivate", "--help"]),
        ("connection-reset", ["connection", "reset", "--help"]),
        ("connection-refresh-metadata", ["connection", "refresh-metadata", "--help"]),
        ("sp-metadata", ["sp-metadata", "--help"]),
        ("route", ["route", "--help"]),
        ("sign-in", ["sign-in", "--help"]),
        ("sign-in-start", ["sign-in", "start", "--help"]),
        ("sign-in-finish", ["sign-in", "finish", "--help"]),
        ("setup-link", ["setup-link", "--help"]),
        ("setup-link-create", ["setup-link", "create", "--help"]),
        ("setup-link-list", ["setup-link", "list", "--help"]),
        ("setup-link-revoke", ["setup-link", "revoke", "--help"]),
        ("certificates", ["certificates", "--help"]),
        ("certificates-expiring", ["certificates", "expiring", "--help"]),
        ("audit", ["audit", "--help"]),
        ("attempts", ["attempts", "--help"]),
    ]

    @Test func everyCommandAndGroupHasASnapshot() {
        let covered = Set(Self.cases.map { $0.arguments.filter { !$0.hasPrefix("-") } })
        for command in CommandCatalog.builtIn.allCommands {
            #expect(covered.contains(command.spec.words), "no help snapshot of \(command.spec.words)")
        }
        for group in CommandCatalog.builtIn.groups {
            #expect(covered.contains(group.words), "no help snapshot of \(group.words)")
        }
    }

    @Test(arguments: cases.map(\.name))
    func helpMatchesSnapshot(name: String) async throws {
        let arguments = try #require(Self.cases.first { $0.name == name }).arguments
        let run = await sso(arguments)
        #expect(run.status == 0)
        #expect(run.errors.isEmpty)
        let url = fixturesDirectory.appendingPathComponent("help/\(name).txt")
        if ProcessInfo.processInfo.environment["SSO_RECORD_SNAPSHOTS"] == "1" {
            try Data(run.output.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(run.output == expected, "Help of '\(name)' changed; re-record with SSO_RECORD_SNAPSHOTS=1 if intended.")
    }

    @Test(arguments: cases.map(\.arguments))
    func helpLinesFitEightyColumnsExceptExamples(arguments: [String]) async {
        let run = await sso(arguments)
        let body = run.output.components(separatedBy: "EXAMPLES:")[0]
        for line in body.split(separator: "\n") {
            #expect(line.count <= 80, "Too wide: \(line)")
        }
    }
}
