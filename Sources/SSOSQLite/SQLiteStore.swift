import CSQLite
import Foundation
import SSOLifecycle

/// The embedded ``LifecycleStore``: one SQLite database file, shared safely by every thread
/// of this process and by other processes on the same machine.
///
/// ## Guarantees
/// - **Durability.** The database runs in WAL mode with `synchronous=NORMAL`: a transaction
///   that returned is on disk as far as any process is concerned, and survives this process
///   being killed at any moment (`kill -9` included) — the store then opens, passes
///   `PRAGMA integrity_check`, and holds every committed change. Only an operating-system
///   crash or a power cut can lose the last commits (never corrupt the file); hosts that
///   need more use a replicated database such as the PostgreSQL store.
/// - **Checkpoints** (copying the log back into the file, with its `fsync`s) run on a
///   background thread once the log passes 1,000 pages, not inside a commit (see
///   `WALCheckpointer`), so a commit is an append to the log.
/// - **Isolation.** Write transactions run one at a time (`BEGIN IMMEDIATE`); read
///   transactions (`BEGIN`) see one snapshot and never wait for a writer. A read transaction
///   refuses writes.
/// - **Constraints** the lifecycle relies on are in the schema itself, so they hold across
///   processes: one verified owner per domain (a partial unique index), unique ids, RelayState
///   hashes and setup-link token hashes, single use of an assertion ID (an atomic upsert),
///   an append-only audit log (triggers refuse changes), optimistic record versions (a
///   conditional `UPDATE`), foreign keys (a domain, connection or setup link needs its
///   organization; a test run or sign-in request needs its connection and goes with it).
/// - **Waiting.** A transaction waits up to ``Configuration/busyTimeout`` for another
///   process's lock, then fails with ``StoreError/Kind/unavailable`` having changed nothing.
/// - **Schema.** The file carries its schema version; opening it runs the missing migrations
///   in one transaction. A file written by a newer release is refused
///   (``StoreError/Kind/corrupt``) rather than misread.
/// - **Dates** read back exactly as written (`==`, to the last bit of the `Date`).
///
/// ## Threading
/// ``transaction(_:_:)`` runs its body synchronously on the calling thread with a
/// connection lent from a small pool: one writer, and a few readers opened on demand (each
/// with its compiled statements and a 16 MiB page cache). A warm route look-up is one indexed
/// query: about 10 µs when no connection serves the domain and 25 µs when one does (its
/// configuration is read too), on one core of the benchmark's machine.
public final class SQLiteStore: LifecycleStore {
    /// The database file, as given.
    public let path: String
    /// The settings it was opened with.
    public let configuration: Configuration
    private let pool: ConnectionPool
    /// Runs the log's checkpoints off the commit path.
    private let checkpointer: WALCheckpointer

    /// Opens the store at `path`, creating the file (mode 0600) and its missing directories
    /// (mode 0700) when they do not exist, and migrating the schema to this release's.
    ///
    /// Several processes may open the same file at once.
    /// - Parameters:
    ///   - path: The database file.
    ///   - configuration: Timeouts and pool size; the defaults suit most hosts.
    /// - Throws: ``StoreError/Kind/failure`` when `path` is a directory, cannot be created,
    ///   read or written, or belongs to another application; ``StoreError/Kind/corrupt`` when
    ///   it is not an SQLite database or its schema is newer than this release;
    ///   ``StoreError/Kind/unavailable`` when another process held it locked past the busy
    ///   timeout.
    public init(path: String, configuration: Configuration = Configuration()) throws(StoreError) {
        self.path = path
        self.configuration = configuration
        try DatabaseFile.prepare(path)
        let writer = try SQLiteConnection(path: path, readOnly: false, busyTimeout: configuration.busyTimeout)
        let mode = try writer.query("PRAGMA journal_mode = WAL") { $0.text(0) }.first
        guard mode?.lowercased() == "wal" else {
            throw StoreError(.failure, "The SQLite store '\(path)' cannot use write-ahead logging (journal mode stayed '\(mode ?? "unknown")'); put it on a local file system.")
        }
        try Migrator.migrate(writer, path: path, until: .now + configuration.busyTimeout)
        checkpointer = WALCheckpointer(path: path)
        checkpointer.attach(to: writer)
        let busyTimeout = configuration.busyTimeout
        pool = ConnectionPool(writer: writer, readerLimit: configuration.readerConnections) { () throws(StoreError) in
            try SQLiteConnection(path: path, readOnly: true, busyTimeout: busyTimeout)
        }
    }

    deinit {
        checkpointer.stop()
        _ = try? pool.withWriterWaiting { checkpointer.detach(from: $0) }
    }

    /// Background checkpoints run so far (for tests).
    package var completedCheckpoints: Int { checkpointer.completedCheckpoints }

    /// Runs `body` in one SQLite transaction on the calling thread.
    ///
    /// A write transaction begins with `BEGIN IMMEDIATE` (waiting for other processes up to
    /// the busy timeout) and commits when `body` returns; a read transaction sees one
    /// snapshot. When `body` throws, everything it wrote is rolled back and its error is
    /// rethrown unchanged. When the commit itself finds the database busy, the whole
    /// transaction is rolled back and run again (so `body` may run more than once) until the
    /// busy timeout.
    /// - Parameters:
    ///   - mode: Read or write.
    ///   - body: The work.
    /// - Returns: What `body` returned.
    /// - Throws: ``StoreError`` for a store failure, or whatever `body` threw.
    public func transaction<Result: Sendable>(_ mode: StoreTransactionMode,
                                              _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        try transactionSynchronously(mode, body)
    }

    /// ``transaction(_:_:)`` without the `async`: for the store's own tests and the
    /// benchmark, which need to run a transaction inside another one's body.
    package func transactionSynchronously<Result>(_ mode: StoreTransactionMode,
                                                  _ body: (any StoreTransaction) throws -> Result) throws -> Result {
        let start = ContinuousClock.now
        let deadline = start + configuration.busyTimeout
        // The pool's wait takes a Date; the same timeout measured from now.
        let poolDeadline = Date(timeIntervalSinceNow: Self.seconds(configuration.busyTimeout))
        switch mode {
        case .write:
            return try pool.withWriter(until: poolDeadline) { connection in
                while true {
                    try connection.begin("BEGIN IMMEDIATE", until: deadline)
                    let result = try Self.run(body, on: connection, writable: true)
                    do {
                        try connection.commit()
                        return result
                    } catch let error as StoreError where error.isBusy && ContinuousClock.now < deadline {
                        connection.rollback()
                    } catch {
                        connection.rollback()
                        throw error
                    }
                }
            }
        case .read:
            return try pool.withReader(until: poolDeadline) { connection in
                try connection.begin("BEGIN", until: deadline)
                let result = try Self.run(body, on: connection, writable: false)
                do {
                    try connection.commit()
                } catch {
                    connection.rollback()
                    throw error
                }
                return result
            }
        }
    }

    /// Runs `body` in the transaction `connection` has begun; rolls back when it throws.
    private static func run<Result>(_ body: (any StoreTransaction) throws -> Result, on connection: SQLiteConnection,
                                    writable: Bool) throws -> Result {
        let transaction = SQLiteTransaction(connection: connection, writable: writable)
        defer { transaction.end() }
        do {
            return try body(transaction)
        } catch {
            connection.rollback()
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: Maintenance and tests

    /// The schema version this release reads and writes (`PRAGMA user_version`).
    package static var schemaVersion: Int { Schema.currentVersion }

    /// The statement behind `activeRoute(forVerifiedDomain:)`, for tests that check its
    /// query plan.
    package static var routeLookupSQL: String { SQLiteTransaction.activeRouteSQL }

    /// Runs SQL directly on the write connection, outside the store's transactions, and
    /// returns every row as text: for this package's tests and tools (`PRAGMA
    /// integrity_check`, `EXPLAIN QUERY PLAN`, proving a trigger refuses a raw change).
    /// - Parameters:
    ///   - sql: One statement.
    ///   - values: Its parameters.
    /// - Returns: The rows, each column as text or nil.
    package func rawRows(_ sql: String, _ values: [String] = []) throws -> [[String?]] {
        try pool.withWriterWaiting { connection in
            let statement = try connection.statement(sql)
            defer { statement.reset() }
            try statement.bind(values.map(SQLiteValue.text))
            var rows: [[String?]] = []
            let columns = sqlite3_column_count(statement.handle)
            while try statement.step() {
                rows.append((0..<columns).map { statement.optionalText($0) })
            }
            return rows
        }
    }
}

