import SSOLifecycle

extension SQLiteStatement {
    /// An enumeration stored as its raw value; an unknown value means the file was written
    /// by something else (or a newer release that skipped a migration): corrupt.
    /// - Parameters:
    ///   - type: The enumeration.
    ///   - column: The column.
    ///   - what: The record and column, for the message.
    func value<Value: RawRepresentable>(_ type: Value.Type, _ column: Int32, _ what: String) throws(StoreError) -> Value
    where Value.RawValue == String {
        let raw = text(column)
        guard let value = Value(rawValue: raw) else {
            throw StoreError(.corrupt, "The stored \(what) '\(raw)' is not one this release knows.")
        }
        return value
    }

    /// A JSON column.
    func json<Value: Decodable>(_ type: Value.Type, _ column: Int32, _ coding: RecordCoding, _ what: String) throws(StoreError) -> Value {
        try coding.decode(type, from: bytes(column), what)
    }

    /// A JSON column that may be NULL.
    func optionalJSON<Value: Decodable>(_ type: Value.Type, _ column: Int32, _ coding: RecordCoding, _ what: String) throws(StoreError) -> Value? {
        isNull(column) ? nil : try json(type, column, coding, what)
    }
}
