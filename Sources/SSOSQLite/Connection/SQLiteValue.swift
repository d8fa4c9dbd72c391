import Foundation

/// A value bound to a statement parameter.
///
/// Dates are stored as `REAL` seconds since Foundation's reference date (2001-01-01 UTC):
/// that is exactly the `Double` a `Date` holds, so a stored date reads back `==` to the one
/// written, to the last bit (no rounding to milliseconds or microseconds).
enum SQLiteValue {
    case text(String)
    case real(Double)
    case integer(Int)
    case null

    /// A date, stored losslessly.
    static func date(_ date: Date) -> SQLiteValue { .real(date.timeIntervalSinceReferenceDate) }

    /// A date or NULL.
    static func optionalDate(_ date: Date?) -> SQLiteValue { date.map { .date($0) } ?? .null }

    /// Text or NULL.
    static func optionalText(_ text: String?) -> SQLiteValue { text.map { .text($0) } ?? .null }

    /// 1 or 0.
    static func bool(_ value: Bool) -> SQLiteValue { .integer(value ? 1 : 0) }
}
