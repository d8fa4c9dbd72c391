import CPostgreSQL
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named statement the store prepares once per connection and then runs with parameters.
struct Statement: Sendable, Hashable {
    /// The prepared statement's name on the server.
    let name: String
    /// Its SQL, parameters as `$1`, `$2`, … (values never enter the text).
    let sql: String
}

/// What a session is set to right after it connects.
struct SessionSettings: Sendable {
    /// Server-side `statement_timeout` and `lock_timeout`, in milliseconds.
    var statementTimeoutMilliseconds: Int
    /// Server-side `idle_in_transaction_session_timeout`, in milliseconds.
    var idleInTransactionTimeoutMilliseconds: Int
}

/// One libpq connection, driven through libpq's asynchronous API so that every wait is a
/// `poll` bounded by a ``Deadline``: the blocking calls (`PQexec`, `PQconnectdb`) would wait
/// for a silent server forever. Owned and used by one thread at a time (a pool worker or the
/// change listener), so it needs no lock.
final class DatabaseConnection {
    private var handle: OpaquePointer?
    private var prepared: Set<String> = []
    private let redaction: SecretRedaction

    private init(handle: OpaquePointer, redaction: SecretRedaction) {
        self.handle = handle
        self.redaction = redaction
    }

    deinit { close() }

    /// Connects and applies the session settings.
    /// - Throws: ``DatabaseFailure`` (`connectFailed`) with libpq's reason, redacted.
    static func open(_ settings: ConnectionSettings, session: SessionSettings, deadline: Deadline) throws(DatabaseFailure) -> DatabaseConnection {
        let options = settings.defaults + [("dbname", settings.connectionString)] + settings.overrides
        let handle = Self.start(options)
        guard let handle else {
            throw DatabaseFailure(.connectFailed, message: "libpq could not allocate a connection.")
        }
        let connection = DatabaseConnection(handle: handle, redaction: settings.redaction)
        guard PQstatus(handle) != CONNECTION_BAD else {
            let message = connection.libpqMessage()
            connection.close()
            throw DatabaseFailure(.connectFailed, message: message)
        }
        var status = PGRES_POLLING_WRITING
        while status != PGRES_POLLING_OK {
            switch status {
            case PGRES_POLLING_FAILED:
                let message = connection.libpqMessage()
                connection.close()
                throw DatabaseFailure(.connectFailed, message: message)
            case PGRES_POLLING_READING, PGRES_POLLING_WRITING:
                let ready = connection.waitForSocket(reading: status == PGRES_POLLING_READING, deadline: deadline)
                guard ready else {
                    connection.close()
                    throw DatabaseFailure(.connectFailed, message: "the server did not complete the connection in time.")
                }
            default:
                break
            }
            status = PQconnectPoll(handle)
        }
        // libpq prints server notices (such as DROP … CASCADE's list) on standard error by
        // default; a library must not write to a host's stderr, so they are dropped.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQsetnonblocking(handle, 1) == 0 else {
            let message = connection.libpqMessage()
            connection.close()
            throw DatabaseFailure(.connectFailed, message: message)
        }
        do {
            _ = try connection.execute("SET statement_timeout = \(session.statementTimeoutMilliseconds); "
                + "SET lock_timeout = \(session.statementTimeoutMilliseconds); "
                + "SET idle_in_transaction_session_timeout = \(session.idleInTransactionTimeoutMilliseconds); "
                + "SET client_min_messages = warning",
                deadline: deadline)
        } catch {
            connection.close()
            throw DatabaseFailure(.connectFailed, sqlState: error.sqlState, message: error.message)
        }
        return connection
    }

    private static func start(_ options: [(String, String)]) -> OpaquePointer? {
        let keywords = options.map { strdup($0.0) }
        let values = options.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer<CChar>($0) } + [nil]
        let valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        return keywordPointers.withUnsafeBufferPointer { keywordBuffer in
            valuePointers.withUnsafeBufferPointer { valueBuffer in
                PQconnectStartParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 1)
            }
        }
    }

    /// Whether the connection is open and usable.
    var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the session is inside a transaction block (possibly a failed one).
    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Closes the connection (the server rolls back whatever it had not committed).
    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared.removeAll()
    }

    // MARK: - Statements

    /// Runs SQL without parameters through the simple-query protocol (several statements
    /// may be separated by semicolons): transaction control, session settings, migrations.
    /// - Returns: The last statement's result.
    @discardableResult
    func execute(_ sql: String, deadline: Deadline) throws(DatabaseFailure) -> QueryResult? {
        let handle = try requireHandle()
        guard PQsendQuery(handle, sql) == 1 else { throw sendFailure() }
        return try awaitResult(deadline: deadline)
    }

    /// Runs a prepared statement with text parameters (nil is SQL NULL), preparing it first
    /// on this connection if needed.
    /// - Returns: The result (empty for a statement without rows).
    func execute(_ statement: Statement, _ parameters: [String?], deadline: Deadline) throws(DatabaseFailure) -> QueryResult {
        let handle = try requireHandle()
        if !prepared.contains(statement.name) {
            guard PQsendPrepare(handle, statement.name, statement.sql, Int32(parameters.count), nil) == 1 else {
                throw sendFailure()
            }
            _ = try awaitResult(deadline: deadline)
            prepared.insert(statement.name)
        }
        // One buffer holds every parameter, NUL-terminated, so a statement costs one
        // allocation rather than one per value.
        var buffer: [CChar] = []
        var offsets: [Int?] = []
        for parameter in parameters {
            if let parameter {
                offsets.append(buffer.count)
                buffer.append(contentsOf: parameter.utf8CString)
            } else {
                offsets.append(nil)
            }
        }
        let sent = buffer.withUnsafeBufferPointer { base -> Int32 in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { base.baseAddress! + $0 } }
            return pointers.withUnsafeBufferPointer { values in
                PQsendQueryPrepared(handle, statement.name, Int32(parameters.count), values.baseAddress, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw sendFailure() }
        guard let result = try awaitResult(deadline: deadline) else {
            throw DatabaseFailure(.connectionLost, message: "the server sent no result for a statement.")
        }
        return result
    }

    // MARK: - Notifications

    /// Waits up to `milliseconds` for the server to send something and returns the
    /// notifications received (channel, payload).
    /// - Throws: ``DatabaseFailure`` when the connection is lost.
    func notifications(waitingUpTo milliseconds: Int32) throws(DatabaseFailure) -> [(channel: String, payload: String)] {
        let handle = try requireHandle()
        if pollSocket(events: Int16(POLLIN), milliseconds: milliseconds) {
            guard PQconsumeInput(handle) == 1 else { throw lostFailure() }
        }
        var received: [(String, String)] = []
        while let notification = PQnotifies(handle) {
            received.append((String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return received
    }

    // MARK: - Waiting

    private func requireHandle() throws(DatabaseFailure) -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw DatabaseFailure(.connectionLost, message: "the connection is closed.")
        }
        return handle
    }

    /// Sends what libpq buffered, then collects every result of the query. The first error
    /// wins; libpq needs the remaining results read before the connection can be used again.
    private func awaitResult(deadline: Deadline) throws(DatabaseFailure) -> QueryResult? {
        guard let handle else { throw lostFailure() }
        while true {
            let flushed = PQflush(handle)
            if flushed == 0 { break }
            guard flushed > 0 else { throw lostFailure() }
            // Waiting for room to write, while reading whatever arrives so that neither side
            // blocks the other (libpq's documented pattern for non-blocking sends).
            guard waitForSocket(reading: false, alsoReading: true, deadline: deadline) else { throw deadlineFailure() }
            guard PQconsumeInput(handle) == 1 else { throw lostFailure() }
        }
        var firstError: DatabaseFailure?
        var last: QueryResult?
        while true {
            while PQisBusy(handle) != 0 {
                guard waitForSocket(reading: true, deadline: deadline) else { throw deadlineFailure() }
                guard PQconsumeInput(handle) == 1 else { throw lostFailure() }
            }
            guard let result = PQgetResult(handle) else { break }
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
                last = QueryResult(result)
            } else {
                if firstError == nil { firstError = failure(from: result) }
                PQclear(result)
            }
        }
        if let firstError { throw firstError }
        return last
    }

    /// Waits until the socket is readable (or writable); false when the deadline passed.
    private func waitForSocket(reading: Bool, alsoReading: Bool = false, deadline: Deadline) -> Bool {
        var events = Int16(reading ? POLLIN : POLLOUT)
        if alsoReading { events |= Int16(POLLIN) }
        while true {
            let milliseconds = deadline.pollMilliseconds
            guard milliseconds > 0 else { return false }
            if pollSocket(events: events, milliseconds: milliseconds) { return true }
        }
    }

    /// One `poll` of the connection's socket; true when it is ready (or in error, which the
    /// next libpq call reports).
    private func pollSocket(events: Int16, milliseconds: Int32) -> Bool {
        guard let handle else { return true }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return true }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 { return errno != EINTR }
        return ready > 0
    }

    // MARK: - Failures

    private func libpqMessage() -> String {
        guard let handle, let text = PQerrorMessage(handle) else { return "no message from libpq." }
        return clean(String(cString: text))
    }

    private func clean(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var joined = lines.joined(separator: "; ").replacingOccurrences(of: ":  ", with: ": ")
        if let last = joined.last, !".?!".contains(last) { joined += "." }
        return redaction.redact(joined)
    }

    private func failure(from result: OpaquePointer) -> DatabaseFailure {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) }
        }
        let state = field("C")
        let message = clean(field("M") ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error")
        if state == nil, !isOpen {
            return DatabaseFailure(.connectionLost, message: message)
        }
        return DatabaseFailure(.server, sqlState: state, constraint: field("n"), message: message)
    }

    private func sendFailure() -> DatabaseFailure {
        isOpen ? DatabaseFailure(.server, message: libpqMessage()) : lostFailure()
    }

    private func lostFailure() -> DatabaseFailure {
        let message = libpqMessage()
        close()
        return DatabaseFailure(.connectionLost, message: message)
    }

    /// The deadline passed mid-statement: the connection is in an unknown state, so it is
    /// closed (the server rolls back whatever was open) rather than reused.
    private func deadlineFailure() -> DatabaseFailure {
        close()
        return DatabaseFailure(.deadlineExceeded, message: "no answer before the operation's deadline")
    }
}
