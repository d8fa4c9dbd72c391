import Foundation
import Testing

/// Compares generated text with a file under `Fixtures/Snapshots/`. Run the tests with
/// `SSO_RECORD_SNAPSHOTS=1` to write the current output as the new snapshot on purpose
/// (then review the diff before committing).
enum Snapshot {
    static let directory = Fixture.directory.appendingPathComponent("Snapshots")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SSO_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its snapshot; re-record with SSO_RECORD_SNAPSHOTS=1 if the change is intended",
                sourceLocation: sourceLocation)
    }
}
