import Foundation
import SSOLifecycle

/// One PostgreSQL transaction, as the lifecycle sees it through ``StoreTransaction``.
///
/// `BEGIN` is sent with the first statement. Every read comes from the transaction's
/// snapshot; a read transaction stores what it read in the ``SettingsCache`` (reads the cache
/// answers whole never get here: see ``CachedReadTransaction``). The first statement that fails is remembered
/// (``failure``): PostgreSQL has then aborted the transaction, so later calls fail at once,
/// and the runner never commits it, whatever the body did with the error.
final class PostgreSQLTransaction: StoreTransaction {
    let connection: DatabaseConnection
    let mode: StoreTransactionMode
    let statements: StoreStatements
    let store: String
    let deadline: Deadline
    /// The cache to fill, and the generation taken before this transaction began; nil for
    /// writes and while the cache is off. Reads never answer from it here.
    let cache: (cache: SettingsCache, generation: UInt64)?

    private(set) var begun = false
    private(set) var failure: DatabaseFailure?
    /// Whether a write touched organizations, domains or connections (the cached tables).
    private(set) var changesCachedTables = false

    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    init(connection: DatabaseConnection, mode: StoreTransactionMode, statements: StoreStatements, store: String,
         deadline: Deadline, cache: (cache: SettingsCache, generation: UInt64)?) {
        self.connection = connection
        self.mode = mode
        self.statements = statements
        self.store = store
        self.deadline = deadline
        self.cache = mode == .read ? cache : nil
    }

    // MARK: - Running statements

    /// Runs a statement in the transaction, beginning it first if needed.
    func query(_ statement: Statement, _ parameters: [String?]) throws(StoreError) -> QueryResult {
        if let failure {
            throw StoreError(failure.storeError(store: store).kind,
                "An earlier statement of this transaction failed, so PostgreSQL aborted it: \(failure.message)")
        }
        do {
            if !begun {
                try connection.execute(mode == .read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                     : "BEGIN ISOLATION LEVEL SERIALIZABLE", deadline: deadline)
                begun = true
            }
            return try connection.execute(statement, parameters, deadline: deadline)
        } catch {
            failure = error
            throw error.storeError(store: store)
        }
    }

    /// Refuses a write in a read transaction (nothing is sent, so the transaction stays usable).
    func requireWritable() throws(StoreError) {
        guard mode == .write else { throw StoreError(.failure, "A read transaction cannot write.") }
    }

    /// Notes that the write changes what the cache holds.
    func noteCachedTableChange() {
        changesCachedTables = true
    }

    // MARK: - Values

    /// A key for a look-up, or nil when it cannot be stored at all (PostgreSQL text holds no
    /// NUL character, so nothing stored can match it).
    func lookupKey(_ value: String) -> String? {
        value.utf8.contains(0) ? nil : value
    }

    /// A value to store; `failure` for one with a NUL character (PostgreSQL text cannot
    /// hold it, and libpq would cut it short).
    func storable(_ value: String, _ what: String) throws(StoreError) -> String {
        guard !value.utf8.contains(0) else {
            throw StoreError(.failure, "The \(what) contains a NUL character, which PostgreSQL cannot store.")
        }
        return value
    }

    /// Seconds since 1970, as `to_timestamp` takes them (microsecond precision in the
    /// column; the record's JSON keeps the exact value).
    func time(_ date: Date) -> String {
        String(date.timeIntervalSince1970)
    }

    /// An integer parameter.
    func number(_ value: Int) -> String {
        String(value)
    }

    /// A record as JSON text and its size.
    func encode(_ record: some Encodable, _ what: String) throws(StoreError) -> (text: String, bytes: Int) {
        do {
            let data = try encoder.encode(record)
            return (String(decoding: data, as: UTF8.self), data.count)
        } catch {
            throw StoreError(.failure, "The \(what) could not be encoded: \(error)")
        }
    }

    /// Decodes the JSON record in column `column` of every row.
    func decodeAll<Record: Decodable>(_ result: QueryResult, as type: Record.Type, column: Int = 0) throws(StoreError) -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(result.count)
        for row in 0..<result.count {
            records.append(try decode(result, row: row, column: column, as: type))
        }
        return records
    }

    /// Decodes the first row's record, or nil when there is no row.
    func decodeFirst<Record: Decodable>(_ result: QueryResult, as type: Record.Type) throws(StoreError) -> Record? {
        result.count == 0 ? nil : try decode(result, row: 0, column: 0, as: type)
    }

    func decode<Record: Decodable>(_ result: QueryResult, row: Int, column: Int, as type: Record.Type) throws(StoreError) -> Record {
        guard let data = result.bytes(row, column) else {
            throw StoreError(.corrupt, "A stored \(Record.self) record on \(store) is NULL.")
        }
        do {
            return try decoder.decode(Record.self, from: data)
        } catch {
            throw StoreError(.corrupt, "A stored \(Record.self) record on \(store) could not be decoded: \(error)")
        }
    }

    /// The optimistic-concurrency refusal, worded as the in-memory store words it.
    static func conflict(_ what: String) -> StoreError {
        StoreError(.conflict, "\(what) was changed or removed by someone else since it was read.")
    }
}
