import Foundation
import SSOLifecycle
import SSOSQLite

/// The work the reliability tests' child processes do. It runs in a child process started by
/// Swift Testing's exit tests (`#expect(processExitsWith:)`), which re-executes the test
/// binary and runs only the closure: no executable target is needed, and it works the same
/// under `swift test` and when the test binary is run directly.
enum ReliabilityWorkload {
    static let issuer = "https://idp.reliability.test"

    /// Writes one line to standard output at once (no buffering): a line that was written
    /// reached the parent's pipe even if the process is killed right after.
    static func report(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Prints the error and ends the process with status 1 (the exit test then fails).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("reliability child: \(message)\n".utf8))
        exit(1)
    }

    /// A store with the counter organization every step increments.
    static func prepare(_ path: String, counters: [String]) throws {
        let store = try SQLiteStore(path: path)
        try store.transactionSynchronously(.write) { transaction in
            for counter in counters { try transaction.insertOrganization(Organization(id: counter, name: "0", createdAt: Fixture.date(0))) }
        }
    }

    // MARK: kill -9

    /// One step of the kill test's stream, all in one transaction: the counter goes from
    /// `step` to `step + 1`, and records named after `step` are added (and some removed), so
    /// after a crash the counter says exactly which steps committed, and each must be whole.
    static func step(_ step: Int, in transaction: any StoreTransaction) throws {
        guard var counter = try transaction.organization(id: "counter"), counter.name == String(step) else {
            fail("step \(step): the counter is not \(step)")
        }
        counter.name = String(step + 1)
        _ = try transaction.updateOrganization(counter)
        let organizationID = "org-\(step)"
        try transaction.insertOrganization(Fixture.organization(organizationID, createdAt: Int64(step)))
        try transaction.appendAudit(AuditEntry(id: "aud-\(step)", at: Fixture.date(Int64(step)), organizationID: "counter",
                                               actor: "writer", action: "step", target: String(step), before: nil, after: nil))
        try transaction.appendAttempt(Fixture.attempt("att-\(step)", organizationID: organizationID, at: Int64(step), complete: true))
        guard try transaction.recordAssertionID("_a\(step)", issuer: issuer, expiresAt: Fixture.date(86_400_000), now: Fixture.date(0)) else {
            fail("step \(step): the assertion ID was already recorded")
        }
        if step.isMultiple(of: 2) {
            // Larger rows (a configuration is a few kilobytes), so checkpoints happen often.
            try transaction.insertDomain(Fixture.domain(organizationID, "d\(step).test", .verified, complete: true))
            try transaction.insertConnection(Fixture.activeConnection("conn-\(step)", organizationID: organizationID))
            try transaction.insertTestRun(Fixture.testRun("test-\(step)", connectionID: "conn-\(step)", organizationID: organizationID, complete: true))
            try transaction.insertSignInRequest(Fixture.signInRequest("signin-\(step)", connectionID: "conn-\(step)", organizationID: organizationID))
        }
        if step.isMultiple(of: 3), step >= 6, step.isMultiple(of: 2), let old = try transaction.connection(id: "conn-\(step - 6)") {
            try transaction.deleteConnection(old)
        }
    }

    /// Whether step `step`'s connection should exist after `committed` steps.
    static func connectionExists(_ step: Int, committed: Int) -> Bool {
        guard step < committed, step.isMultiple(of: 2) else { return false }
        let remover = step + 6
        return !(remover < committed && remover.isMultiple(of: 6))
    }

    /// The child of the kill test: runs steps until a timer thread sends the process
    /// SIGKILL after `delay` microseconds; reports each step after its commit.
    static func runUntilKilled(path: String, delay: UInt32) -> Never {
        let store: SQLiteStore
        do { store = try SQLiteStore(path: path) } catch { fail("open: \(error)") }
        // SIGKILL cannot be caught, blocked or delayed: sent from a thread of the process or
        // from its parent, it ends the process at whatever instruction it is running.
        Thread.detachNewThread {
            usleep(delay)
            kill(getpid(), SIGKILL)
        }
        var step = (try? store.transactionSynchronously(.read) { try $0.organization(id: "counter") }).flatMap { $0.flatMap { Int($0.name) } } ?? 0
        while true {
            do {
                try store.transactionSynchronously(.write) { try Self.step(step, in: $0) }
            } catch {
                fail("step \(step): \(error)")
            }
            report("done \(step)")
            step += 1
        }
    }

    // MARK: Several processes

    /// The child of the concurrency test: `rounds` times, increments counter `a` through an
    /// optimistic update retried on conflict (with an audit entry in the same transaction),
    /// increments counter `b` in one read-modify-write transaction, and records a shared
    /// assertion ID, reporting the ones it recorded first.
    static func runIncrements(path: String, child: Int, rounds: Int) -> Never {
        do {
            let store = try SQLiteStore(path: path)
            for round in 0..<rounds {
                var conflicts = 0
                while true {
                    guard var counter = try store.transactionSynchronously(.read, { try $0.organization(id: "a") }) else { fail("no counter a") }
                    counter.name = String((Int(counter.name) ?? -1_000_000) + 1)
                    do {
                        try store.transactionSynchronously(.write) { [counter] transaction in
                            _ = try transaction.updateOrganization(counter)
                            try transaction.appendAudit(AuditEntry(id: "aud-\(child)-\(round)", at: Fixture.date(Int64(round)),
                                                                   organizationID: "a", actor: "child-\(child)", action: "increment",
                                                                   target: counter.name, before: nil, after: nil))
                        }
                        break
                    } catch let error as StoreError where error.kind == .conflict {
                        conflicts += 1
                        if conflicts > 10_000 { fail("round \(round): endless conflicts") }
                    }
                }
                try store.transactionSynchronously(.write) { transaction in
                    guard var counter = try transaction.organization(id: "b") else { fail("no counter b") }
                    counter.name = String((Int(counter.name) ?? -1_000_000) + 1)
                    _ = try transaction.updateOrganization(counter)
                }
                let first = try store.transactionSynchronously(.write) {
                    try $0.recordAssertionID("_shared-\(round)", issuer: issuer, expiresAt: Fixture.date(86_400_000), now: Fixture.date(0))
                }
                if first { report("assertion \(round)") }
            }
        } catch {
            fail("\(error)")
        }
        exit(0)
    }
}

/// SplitMix64: a small seeded generator, so each kill test's timing is reproducible from its
/// seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
