import Foundation
import SSOLifecycle

/// Runs one store transaction on a pool worker, with the retry rules:
///
/// - A serialization failure or deadlock (40001, 40P01) means PostgreSQL rolled the
///   transaction back: the body runs again on a fresh snapshot, after a short random pause,
///   up to the configured number of attempts and never past the deadline.
/// - A lost connection before `COMMIT` was sent means nothing was committed (the server
///   rolls back what a vanished client left open): the worker reconnects and the body runs
///   again, at most twice.
/// - A lost connection or a time-out *during* `COMMIT` of a write leaves the outcome
///   unknown: it is reported as `unavailable`, saying so, and never retried (the body might
///   otherwise be applied twice). A read's `COMMIT` decides nothing: its result stands.
/// - An error the body throws is rethrown as is, after `ROLLBACK`, unless a statement had
///   failed first with one of the retryable causes above.
struct TransactionRunner: Sendable {
    let statements: StoreStatements
    let cache: SettingsCache?
    let migrator: SchemaMigrator
    let store: String
    let maximumAttempts: Int
    let counters: RetryCounters

    private let reconnectLimit = 2

    func run<Result>(_ mode: StoreTransactionMode, _ body: (any StoreTransaction) throws -> Result,
                     on worker: PoolWorker, deadline: Deadline) throws -> Result {
        try migrator.ensureCurrent(worker: worker, deadline: deadline)
        var attempt = 0
        var reconnects = 0
        while true {
            attempt += 1
            let connection: DatabaseConnection
            do {
                connection = try worker.openConnection(deadline: deadline)
            } catch {
                throw error.storeError(store: store)
            }
            // Taken before the transaction's snapshot: a value read under an older
            // generation is never stored (see SettingsCache).
            let generation = mode == .read ? cache.flatMap { cache in cache.generation.map { (cache, $0) } } : nil
            let transaction = PostgreSQLTransaction(connection: connection, mode: mode, statements: statements,
                                                    store: store, deadline: deadline, cache: generation)
            let outcome = Swift.Result { try body(transaction) }

            if let failure = transaction.failure {
                rollBack(transaction, on: worker)
                if failure.asksForRetry, attempt < maximumAttempts, !deadline.hasPassed {
                    counters.countSerializationRetry()
                    pause(before: attempt + 1, deadline: deadline)
                    continue
                }
                if failure.losesConnection, failure.cause != .deadlineExceeded, reconnects < reconnectLimit, !deadline.hasPassed {
                    reconnects += 1
                    counters.countReconnection()
                    worker.discardConnection()
                    continue
                }
                if failure.losesConnection { worker.discardConnection() }
                if case .failure(let error) = outcome { throw error }
                throw failure.storeError(store: store)
            }

            switch outcome {
            case .failure(let error):
                rollBack(transaction, on: worker)
                throw error
            case .success(let value):
                guard transaction.begun else { return value }
                let announced = transaction.changesCachedTables ? cache : nil
                announced?.beginLocalCommit()
                defer { announced?.endLocalCommit() }
                do {
                    try connection.execute("COMMIT", deadline: deadline)
                } catch {
                    if mode == .read {
                        // A read-only snapshot commits nothing: what it read stands.
                        if !connection.isOpen { worker.discardConnection() }
                        return value
                    }
                    if error.asksForRetry, attempt < maximumAttempts, !deadline.hasPassed {
                        counters.countSerializationRetry()
                        pause(before: attempt + 1, deadline: deadline)
                        continue
                    }
                    if error.losesConnection {
                        worker.discardConnection()
                        throw StoreError(.unavailable,
                            "The connection to \(store) was lost while committing (\(error.message)); whether the transaction was committed is unknown. Read the records again before retrying.")
                    }
                    throw error.storeError(store: store)
                }
                return value
            }
        }
    }

    /// Ends a failed or abandoned transaction; a connection that cannot even do that is closed.
    private func rollBack(_ transaction: PostgreSQLTransaction, on worker: PoolWorker) {
        guard transaction.begun else { return }
        let connection = transaction.connection
        guard connection.isOpen else {
            worker.discardConnection()
            return
        }
        do {
            try connection.execute("ROLLBACK", deadline: min(transaction.deadline, .after(2)))
        } catch {
            worker.discardConnection()
        }
        if connection.isInTransaction { worker.discardConnection() }
    }

    /// A random pause growing with the attempt (up to a tenth of a second), so that
    /// transactions that collided do not collide again in lockstep.
    private func pause(before attempt: Int, deadline: Deadline) {
        let ceiling = min(0.1, 0.001 * Double(1 << min(attempt, 7)))
        Thread.sleep(forTimeInterval: min(Double.random(in: 0...ceiling), deadline.remaining))
    }
}

/// How often transactions were run again, for the benchmark's report.
final class RetryCounters: @unchecked Sendable {
    // @unchecked: both counters are read and written only while holding `lock`.
    private let lock = NSLock()
    private var serializationRetries = 0
    private var reconnections = 0

    func countSerializationRetry() { lock.withLock { serializationRetries += 1 } }
    func countReconnection() { lock.withLock { reconnections += 1 } }

    /// (serialization retries, reconnections) so far.
    var snapshot: (serializationRetries: Int, reconnections: Int) {
        lock.withLock { (serializationRetries, reconnections) }
    }
}
