import Foundation
import SSOLifecycle
import SSOSQLite
import Testing

/// Crashes and several processes, with real processes. Children are started with Swift
/// Testing's exit tests (see ``ReliabilityWorkload``); a child under the kill test ends by
/// SIGKILL from a timer thread of its own at a moment chosen by the seed, which to SQLite is
/// the same event as `kill -9` from outside (the parent cannot learn an exit test's pid).
@Suite("SQLite store reliability", .serialized)
struct SQLiteReliabilityTests {
    @Test("kill -9 at random points of a stream of writes loses nothing reported and leaves a sound file",
          arguments: [1, 2, 3, 4] as [UInt64])
    func killNine(seed: UInt64) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/sso.sqlite"
        try ReliabilityWorkload.prepare(path, counters: ["counter"])
        var generator = SeededGenerator(state: seed)
        var reportedBefore = 0
        // Twice on one file: the second writer starts from a store recovered after a crash.
        for round in 0..<2 {
            let delay = UInt32.random(in: 30_000...300_000, using: &generator)
            let result = await #expect(processExitsWith: .signal(SIGKILL), observing: [\.standardOutputContent, \.standardErrorContent]) {
                [path = path as String, delay = delay as UInt32] in
                ReliabilityWorkload.runUntilKilled(path: path, delay: delay)
            }
            for error in String(decoding: result?.standardErrorContent ?? [], as: UTF8.self).split(separator: "\n")
            where error.hasPrefix("reliability child:") {
                Issue.record("round \(round): \(error)")
            }
            let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
            let reported = output.split(separator: "\n").compactMap { line in line.hasPrefix("done ") ? Int(line.dropFirst(5)) : nil }
            #expect(reported == Array(reportedBefore..<(reportedBefore + reported.count)), "round \(round): steps reported out of order")
            let committed = try verify(path, reportedThrough: reported.last ?? (reportedBefore - 1))
            reportedBefore = committed
        }
    }

    /// Opens the store after a crash and checks it: sound file, every reported step present
    /// and whole, nothing of a step that did not commit.
    /// - Returns: How many steps committed.
    func verify(_ path: String, reportedThrough lastReported: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let store = try SQLiteStore(path: path)
        #expect(try store.rawRows("PRAGMA integrity_check") == [["ok"]], sourceLocation: sourceLocation)
        #expect(try store.rawRows("PRAGMA foreign_key_check").isEmpty, sourceLocation: sourceLocation)
        let committed = try store.transactionSynchronously(.read) { transaction in
            let counter = try #require(try transaction.organization(id: "counter"))
            let committed = try #require(Int(counter.name))
            #expect(counter.version == committed + 1, sourceLocation: sourceLocation)
            #expect(committed > lastReported, "a step reported done is missing", sourceLocation: sourceLocation)
            #expect(try transaction.auditEntries(organizationID: "counter", limit: 1_000_000).count == committed, sourceLocation: sourceLocation)
            for step in 0...committed {
                let done = step < committed
                let organizationID = "org-\(step)"
                #expect(try (transaction.organization(id: organizationID) != nil) == done, "step \(step)", sourceLocation: sourceLocation)
                #expect(try transaction.attempts(organizationID: organizationID, limit: 5).count == (done ? 1 : 0), "step \(step)", sourceLocation: sourceLocation)
                let connection = ReliabilityWorkload.connectionExists(step, committed: committed)
                #expect(try (transaction.connection(id: "conn-\(step)") != nil) == connection, "step \(step)", sourceLocation: sourceLocation)
                #expect(try (transaction.testRun(id: "test-\(step)") != nil) == connection, "step \(step)", sourceLocation: sourceLocation)
                #expect(try (transaction.verifiedDomain(name: "d\(step).test") != nil) == (done && step.isMultiple(of: 2)), "step \(step)",
                        sourceLocation: sourceLocation)
            }
            return committed
        }
        // The assertion IDs of committed steps are taken; the next one is free. Checked in a
        // transaction rolled back afterwards, so the next writer finds the store as it was.
        var recorded: [Bool] = []
        do {
            try store.transactionSynchronously(.write) { transaction in
                recorded = try (0...committed).map { step in
                    try transaction.recordAssertionID("_a\(step)", issuer: ReliabilityWorkload.issuer,
                                                      expiresAt: Fixture.date(86_400_000), now: Fixture.date(0))
                }
                throw BodyError()
            } as Void
        } catch is BodyError {}
        #expect(recorded == Array(repeating: false, count: committed) + [true], sourceLocation: sourceLocation)
        return committed
    }

    @Test("Several processes writing one store at once lose no update")
    func severalProcesses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/sso.sqlite"
        try ReliabilityWorkload.prepare(path, counters: ["a", "b"])
        let children = 4
        let rounds = 25
        let outputs = await withTaskGroup(of: String.self) { group in
            for child in 0..<children {
                group.addTask {
                    let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent, \.standardErrorContent]) {
                        [path = path as String, child = child as Int, rounds = rounds as Int] in
                        ReliabilityWorkload.runIncrements(path: path, child: child, rounds: rounds)
                    }
                    // What the child said when it failed (the test harness writes its own bytes too).
                    let errors = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
                        .split(separator: "\n").filter { $0.hasPrefix("reliability child:") }
                    for error in errors { Issue.record("child \(child): \(error)") }
                    return String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.rawRows("PRAGMA integrity_check") == [["ok"]])
        try await store.read { transaction throws in
            let a = try #require(try transaction.organization(id: "a"))
            #expect(a.name == String(children * rounds))
            #expect(a.version == children * rounds + 1)
            #expect(try transaction.organization(id: "b")?.name == String(children * rounds))
            #expect(try transaction.auditEntries(organizationID: "a", limit: 10_000).count == children * rounds)
        }
        // Each shared assertion ID was recorded first by exactly one process.
        let firsts = outputs.flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("assertion ") }
        #expect(firsts.sorted() == (0..<rounds).map { "assertion \($0)" }.sorted())
    }
}
