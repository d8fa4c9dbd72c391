import CPostgreSQL
import Foundation

/// The rows of one statement's result, in libpq's text format. Owns the `PGresult` and frees
/// it when released; used on the thread that ran the statement only.
final class QueryResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit { PQclear(result) }

    /// Number of rows.
    var count: Int { Int(PQntuples(result)) }

    /// Number of columns.
    var columnCount: Int { Int(PQnfields(result)) }

    /// Whether the value at `row`, `column` is SQL NULL.
    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// The value as text, or nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    /// The value's bytes (for JSON records, which are decoded without a `String` in between).
    func bytes(_ row: Int, _ column: Int) -> Data? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return Data(bytes: value, count: Int(PQgetlength(result, Int32(row), Int32(column))))
    }

    /// The value as an integer, or nil.
    func integer(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { Int($0) }
    }

    /// The value as a boolean (`t`/`f`), or nil.
    func boolean(_ row: Int, _ column: Int) -> Bool? {
        string(row, column).map { $0 == "t" }
    }
}
