import CSQLite
import SSOLifecycle

extension StoreError {
    /// The store error for an SQLite result code, with SQLite's own message (which names
    /// tables and columns, never a file path or a bound value).
    ///
    /// Unique-key violations come back as ``StoreError/Kind/duplicate`` and other constraint
    /// violations as ``StoreError/Kind/constraint``; a caller that knows better (the one
    /// verified owner of a domain is a unique index too) says so itself.
    /// - Parameters:
    ///   - code: The extended result code.
    ///   - database: The connection, for its message, or nil.
    ///   - action: What was being done, completing "Could not …".
    static func sqlite(_ code: Int32, database: OpaquePointer?, doing action: String) -> StoreError {
        let detail = database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let message = "Could not \(action): \(detail) (SQLite code \(code))."
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StoreError(.unavailable, "Could not \(action): the database stayed locked by another connection past the busy timeout; nothing was saved (SQLite code \(code)).")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return StoreError(.corrupt, message)
        case SQLITE_CONSTRAINT:
            switch code {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY:
                return StoreError(.duplicate, message)
            default:
                return StoreError(.constraint, message)
            }
        default:
            return StoreError(.failure, message)
        }
    }

    /// Whether this is a time-out waiting for a lock.
    var isBusy: Bool { kind == .unavailable }
}

/// SQLite's extended constraint codes are macros of macros and do not import.
let SQLITE_CONSTRAINT_UNIQUE: Int32 = SQLITE_CONSTRAINT | (8 << 8)
let SQLITE_CONSTRAINT_PRIMARYKEY: Int32 = SQLITE_CONSTRAINT | (6 << 8)
let SQLITE_CONSTRAINT_FOREIGNKEY: Int32 = SQLITE_CONSTRAINT | (3 << 8)
