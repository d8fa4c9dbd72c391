import Foundation
import SSOLifecycle

/// Lends a store's SQLite connections to one thread at a time: one writer, and readers
/// opened when first needed, up to a limit.
///
/// SQLite lets one transaction write at a time anyway, so in-process writers queue here, on
/// a lock, rather than spinning in SQLite's busy handler; SQLite's locks then only arbitrate
/// between processes. In WAL mode readers never wait for the writer, so several readers let
/// concurrent route look-ups proceed in parallel.
final class ConnectionPool: @unchecked Sendable {
    // @unchecked Sendable: every stored property below is either immutable (`let`, and
    // `openReader` is itself @Sendable) or read and written only while `condition` is
    // locked; a lent connection is reachable from exactly one thread until it is given back
    // under the same lock.
    private let condition = NSCondition()
    private var writer: SQLiteConnection?
    private var idleReaders: [SQLiteConnection] = []
    private var openReaders = 0
    private let readerLimit: Int
    private let openReader: @Sendable () throws(StoreError) -> SQLiteConnection

    /// Creates a pool.
    /// - Parameters:
    ///   - writer: The write connection (already migrated).
    ///   - readerLimit: The most read connections to open.
    ///   - openReader: Opens one more read connection.
    init(writer: SQLiteConnection, readerLimit: Int, openReader: @escaping @Sendable () throws(StoreError) -> SQLiteConnection) {
        self.writer = writer
        self.readerLimit = max(1, readerLimit)
        self.openReader = openReader
    }

    /// Runs `body` with the writer, waiting for it until `deadline`.
    /// - Throws: ``StoreError/Kind/unavailable`` when another thread kept it past the
    ///   deadline, or what `body` threw.
    func withWriter<Result>(until deadline: Date, _ body: (SQLiteConnection) throws -> Result) throws -> Result {
        condition.lock()
        while writer == nil {
            guard condition.wait(until: deadline) || writer != nil else {
                condition.unlock()
                throw StoreError(.unavailable, "Another write transaction of this process kept the database past the busy timeout; nothing was saved.")
            }
        }
        let connection = writer.unsafelyUnwrapped
        writer = nil
        condition.unlock()
        defer {
            condition.lock()
            writer = connection
            condition.broadcast()
            condition.unlock()
        }
        return try body(connection)
    }

    /// Runs `body` with a reader, opening one when none is idle and the limit allows,
    /// otherwise waiting for one until `deadline`.
    func withReader<Result>(until deadline: Date, _ body: (SQLiteConnection) throws -> Result) throws -> Result {
        let connection = try takeReader(until: deadline)
        defer {
            condition.lock()
            idleReaders.append(connection)
            condition.broadcast()
            condition.unlock()
        }
        return try body(connection)
    }

    private func takeReader(until deadline: Date) throws(StoreError) -> SQLiteConnection {
        condition.lock()
        while true {
            if let idle = idleReaders.popLast() {
                condition.unlock()
                return idle
            }
            if openReaders < readerLimit {
                openReaders += 1
                condition.unlock()
                do {
                    return try openReader()
                } catch {
                    condition.lock()
                    openReaders -= 1
                    condition.broadcast()
                    condition.unlock()
                    throw error
                }
            }
            guard condition.wait(until: deadline) || !idleReaders.isEmpty else {
                condition.unlock()
                throw StoreError(.unavailable, "Every read connection of this process stayed busy past the busy timeout.")
            }
        }
    }

    /// Runs `body` with the writer outside any transaction the store manages (tests,
    /// maintenance), waiting as long as needed.
    func withWriterWaiting<Result>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try withWriter(until: .distantFuture, body)
    }
}
