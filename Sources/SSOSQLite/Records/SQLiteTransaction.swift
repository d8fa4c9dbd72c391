import CSQLite
import Foundation
import SSOLifecycle

/// The records of one SQLite transaction: what ``SQLiteStore/transaction(_:_:)`` passes to
/// its body. Each record type's statements live in an extension, one file per record.
///
/// It is usable only while its transaction is open: afterwards every call fails, so a body
/// that kept it cannot write outside a transaction by accident.
final class SQLiteTransaction: StoreTransaction {
    private let connection: SQLiteConnection
    private let writable: Bool
    private var isOpen = true

    init(connection: SQLiteConnection, writable: Bool) {
        self.connection = connection
        self.writable = writable
    }

    /// Called when the transaction commits or rolls back.
    func end() { isOpen = false }

    /// The connection, for a read.
    func reading() throws(StoreError) -> SQLiteConnection {
        guard isOpen else {
            throw StoreError(.failure, "This transaction has ended; use the transaction passed to the body that is running.")
        }
        return connection
    }

    /// The connection, for a write: refused in a read transaction, as in every store.
    func writing() throws(StoreError) -> SQLiteConnection {
        let connection = try reading()
        guard writable else { throw StoreError(.failure, "A read transaction cannot write.") }
        return connection
    }

    /// Runs a write whose unique keys and foreign keys the caller words for people.
    /// - Parameters:
    ///   - sql: The statement.
    ///   - values: Its parameters.
    ///   - duplicate: The message when a unique key refuses it.
    ///   - missingParent: The message when a foreign key refuses it (a parent record that
    ///     does not exist).
    /// - Returns: How many rows changed.
    @discardableResult
    func write(_ sql: String, _ values: [SQLiteValue], duplicate: String, missingParent: String) throws(StoreError) -> Int {
        let connection = try writing()
        do {
            return try connection.run(sql, values)
        } catch {
            switch connection.lastFailureCode {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY:
                throw StoreError(.duplicate, duplicate)
            case SQLITE_CONSTRAINT_FOREIGNKEY:
                throw StoreError(.constraint, missingParent)
            default:
                throw error
            }
        }
    }

    /// Runs a write, telling the caller when a unique key refused it (for a table with more
    /// than one unique key, where the caller finds out which).
    /// - Returns: How many rows changed, or nil when a unique key refused the write.
    func writeUnlessUniqueKeyRefuses(_ sql: String, _ values: [SQLiteValue], missingParent: String) throws(StoreError) -> Int? {
        let connection = try writing()
        do {
            return try connection.run(sql, values)
        } catch {
            switch connection.lastFailureCode {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY:
                return nil
            case SQLITE_CONSTRAINT_FOREIGNKEY:
                throw StoreError(.constraint, missingParent)
            default:
                throw error
            }
        }
    }

    /// The error for a conditional update or delete that matched no row.
    static func conflict(_ what: String) -> StoreError {
        StoreError(.conflict, "\(what) was changed or removed by someone else since it was read.")
    }

    /// SQLite reads a negative `LIMIT` as "no limit"; every store returns nothing instead.
    static func limit(_ limit: Int) -> SQLiteValue { .integer(max(0, limit)) }

    // MARK: Settings

    private static let selectSetting = "SELECT value FROM settings WHERE key = ?1"
    private static let upsertSetting = "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    private static let deleteSetting = "DELETE FROM settings WHERE key = ?1"

    func setting(_ key: String) throws -> String? {
        try reading().query(Self.selectSetting, [.text(key)]) { $0.text(0) }.first
    }

    func setSetting(_ key: String, to value: String?) throws {
        let connection = try writing()
        if let value {
            try connection.run(Self.upsertSetting, [.text(key), .text(value)])
        } else {
            try connection.run(Self.deleteSetting, [.text(key)])
        }
    }
}
