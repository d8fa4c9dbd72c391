import Foundation
import SSOLifecycle

/// How structured values (configurations, DNS checks, signed-in users, failures) are kept in
/// `TEXT` columns: JSON with sorted keys, so equal values are stored as equal bytes, and
/// dates as JSON numbers of seconds since the reference date (Foundation's own encoding of a
/// `Date`), which read back `==` to what was written, to the last bit.
///
/// One instance per connection: encoders and decoders are not shared between threads.
final class RecordCoding {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .deferredToDate
        return encoder
    }()
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        return decoder
    }()

    /// The JSON text of `value`.
    /// - Parameters:
    ///   - value: The value.
    ///   - what: What it is, for a message.
    func encode<Value: Encodable>(_ value: Value, _ what: String) throws(StoreError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.failure, "Could not encode \(what) as JSON: \(error).")
        }
    }

    /// The JSON text of `value`, or nil.
    func encodeIfPresent<Value: Encodable>(_ value: Value?, _ what: String) throws(StoreError) -> String? {
        guard let value else { return nil }
        return try encode(value, what) as String
    }

    /// Decodes a JSON column.
    /// - Parameters:
    ///   - type: The type stored.
    ///   - bytes: The column's bytes.
    ///   - what: What it is, for a message (the record's kind and id).
    func decode<Value: Decodable>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer, _ what: String) throws(StoreError) -> Value {
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw StoreError(.corrupt, "The stored \(what) is not readable JSON of the expected shape: \(error).")
        }
    }
}
