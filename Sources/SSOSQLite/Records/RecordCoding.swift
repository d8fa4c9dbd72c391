import Foundation
import SSOLifecycle

/// How structured values (configurations, DNS checks, signed-in users, failures) are kept in
/// `TEXT` columns: JSON from `JSONEncoder` with sorted keys, so equal values are stored as
/// equal bytes, and dates as JSON numbers of seconds since the reference date (Foundation's
/// own encoding of a `Date`), which read back `==` to what was written, to the last bit.
///
/// Reading is `JSONDecoder`'s, except for the configurations a route look-up reads every
/// time, which ``SavedConfigurationReader`` reads several times faster when it can.
///
/// One instance per connection: encoders and decoders are not shared between threads.
final class RecordCoding {
    private let encoder = RecordCoding.makeEncoder()
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .deferredToDate
        return decoder
    }()

    /// The encoder every JSON column is written with.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .deferredToDate
        return encoder
    }

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

    /// The JSON text of a dictionary of strings (sorted keys), written directly: an attempt
    /// carries one on every sign-in, and `JSONEncoder` would be most of appending it.
    static func encode(_ dictionary: [String: String]) -> String {
        var text = "{"
        for (offset, key) in dictionary.keys.sorted().enumerated() {
            if offset > 0 { text += "," }
            appendQuoted(key, to: &text)
            text += ":"
            appendQuoted(dictionary[key] ?? "", to: &text)
        }
        return text + "}"
    }

    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped
    /// (RFC 8259 §7), everything else as is.
    static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
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
        if type == SavedConfiguration.self, SavedConfigurationReader.isUsable, let configuration = SavedConfigurationReader.read(bytes) {
            // `Value` is `SavedConfiguration` here: the cast is an identity.
            return unsafeBitCast(configuration, to: Value.self)
        }
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch {
            throw StoreError(.corrupt, "The stored \(what) is not readable JSON of the expected shape: \(error).")
        }
    }
}
