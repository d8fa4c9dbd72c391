import CSQLite
import Foundation
import SSOLifecycle

/// One open connection to the database file, used by one thread at a time: the
/// ``ConnectionPool`` lends it out, which is why it is opened with `SQLITE_OPEN_NOMUTEX`
/// (SQLite's per-call mutex would only cost time).
///
/// Every connection runs with the same settings: WAL journal (readers never block the writer,
/// and a commit is one append to the log), `synchronous=NORMAL` (a commit survives the
/// process being killed, even with `kill -9`; only an operating-system crash or power loss
/// can lose the last commits, never corrupt the file), foreign keys on, and a busy timeout.
final class SQLiteConnection {
    let handle: OpaquePointer
    /// Statements by SQL text: each is compiled once per connection.
    private var statements: [String: SQLiteStatement] = [:]
    /// The same statements by the address of their SQL text's storage: the store's SQL
    /// strings are constants whose storage never moves, and hashing a few hundred bytes of
    /// SQL on every call would cost more than a short query itself.
    private var statementsByAddress: [UnsafeRawPointer: SQLiteStatement] = [:]
    /// Reused for every JSON column this connection writes or reads.
    let coding = RecordCoding()
    /// The extended result code of the last statement that failed through ``query(_:_:_:)``
    /// or ``run(_:_:)``: which constraint refused a write (a ``StoreError`` keeps only the kind).
    private(set) var lastFailureCode: Int32 = SQLITE_OK

    /// Opens the database file (which must exist) and applies the settings.
    /// - Parameters:
    ///   - path: The file, as the host configured it (used in messages).
    ///   - readOnly: Whether this connection only reads (`query_only`: a write through it
    ///     fails even if code tried one).
    ///   - busyTimeout: How long SQLite waits for another connection's lock.
    init(path: String, readOnly: Bool, busyTimeout: Duration) throws(StoreError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let detail = opened.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw StoreError(.failure, "Could not open the SQLite database '\(path)': \(detail) (SQLite code \(code)).")
        }
        handle = opened
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        try execute(script: """
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = NORMAL;
            PRAGMA query_only = \(readOnly ? "ON" : "OFF");
            PRAGMA cache_size = -\(Self.pageCacheKibibytes);
            """, doing: "configure the connection")
    }

    /// Each connection's page cache: 16 MiB, taken only as pages are read. SQLite's default
    /// (2 MiB) holds too little of a large store's indexes: route look-ups over 100,000
    /// organizations then read most b-tree pages from the operating system again.
    static let pageCacheKibibytes = 16 * 1024

    deinit {
        statementsByAddress.removeAll()
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL statements without parameters (settings, migrations, transaction control).
    func execute(script: String, doing action: String) throws(StoreError) {
        let code = sqlite3_exec(handle, script, nil, nil, nil)
        guard code == SQLITE_OK else { throw StoreError.sqlite(code, database: handle, doing: action) }
    }

    /// The cached statement for `sql`, compiled on first use.
    func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        // Small strings live inline (their address is a temporary's), so only long ones are
        // looked up by address; a hit is confirmed by comparing the text (instant when it is
        // the same storage), so a reused address can never return another statement.
        let address = sql.utf8.count > 15 ? sql.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil : nil
        if let address, let cached = statementsByAddress[address], cached.sql == sql { return cached }
        if let cached = statements[sql] {
            if let address { statementsByAddress[address] = cached }
            return cached
        }
        var compiled: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, nil)
        guard code == SQLITE_OK, let compiled else {
            throw StoreError.sqlite(code, database: handle, doing: "prepare a statement")
        }
        let statement = SQLiteStatement(handle: compiled, sql: sql)
        statements[sql] = statement
        if let address { statementsByAddress[address] = statement }
        return statement
    }

    /// Runs `sql` with `values` and maps every row.
    func query<Row>(_ sql: String, _ values: [SQLiteValue] = [],
                    _ map: (SQLiteStatement) throws(StoreError) -> Row) throws(StoreError) -> [Row] {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [Row] = []
        do {
            while try statement.step() { rows.append(try map(statement)) }
        } catch {
            lastFailureCode = sqlite3_extended_errcode(handle)
            throw error
        }
        return rows
    }

    /// Runs a statement that returns no rows.
    /// - Returns: How many rows it inserted, updated or deleted.
    @discardableResult
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        do {
            while try statement.step() {}
        } catch {
            lastFailureCode = sqlite3_extended_errcode(handle)
            throw error
        }
        return Int(sqlite3_changes64(handle))
    }

    /// Whether a transaction is open (SQLite rolls one back by itself after some errors,
    /// such as a full disk; this tells whether that happened).
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Begins a transaction, retrying while the database is busy until `deadline`.
    ///
    /// The busy timeout already makes SQLite wait for a lock; the retry here covers the
    /// cases where SQLite reports busy at once without waiting (another connection
    /// recovering the WAL after a crash, or checkpointing), which happen around a process
    /// that was killed.
    /// - Parameters:
    ///   - sql: `BEGIN IMMEDIATE` (write) or `BEGIN` (read).
    ///   - deadline: When to give up.
    func begin(_ sql: String, until deadline: ContinuousClock.Instant) throws(StoreError) {
        var pause = Duration.milliseconds(1)
        let statement = try statement(sql)
        while true {
            let code = sqlite3_step(statement.handle)
            sqlite3_reset(statement.handle)
            if code == SQLITE_DONE { return }
            let primary = code & 0xFF
            let now = ContinuousClock.now
            guard primary == SQLITE_BUSY || primary == SQLITE_LOCKED, now < deadline else {
                throw StoreError.sqlite(code, database: handle, doing: "begin a transaction")
            }
            Self.sleep(min(pause, deadline - now))
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    /// Commits the open transaction.
    func commit() throws(StoreError) {
        guard isInTransaction else {
            throw StoreError(.failure, "The database rolled the transaction back after an error inside it; nothing was saved.")
        }
        let statement = try statement("COMMIT")
        let code = sqlite3_step(statement.handle)
        sqlite3_reset(statement.handle)
        guard code == SQLITE_DONE else { throw StoreError.sqlite(code, database: handle, doing: "commit") }
    }

    /// Rolls back the open transaction, if any. A failure here leaves nothing to do: SQLite
    /// has then rolled back already, or the connection is unusable and the next begin says so.
    func rollback() {
        guard isInTransaction else { return }
        guard let statement = try? statement("ROLLBACK") else {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            return
        }
        sqlite3_step(statement.handle)
        sqlite3_reset(statement.handle)
    }

    /// Blocks the calling thread (never the clock of anything under test).
    private static func sleep(_ duration: Duration) {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        usleep(UInt32(clamping: max(1, microseconds)))
    }
}
