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
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(64 * (dictionary.count + 1))
        for (offset, key) in dictionary.keys.sorted().enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(dictionary[key] ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped
    /// (RFC 8259 §7), everything else as is. Works on UTF-8 bytes: every byte of a multi-byte
    /// sequence is 0x80 or more, so only ASCII bytes ever need escaping.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
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
        if type == SavedConfiguration.self {
            // A connection is read on every sign-in and its configuration rarely changes: the
            // decoded value is kept by its exact bytes, so a changed configuration is a miss.
            let key = Data(bytes)
            if let cached = savedConfigurations[key] {
                return unsafeBitCast(cached, to: Value.self)
            }
            let configuration: SavedConfiguration
            if SavedConfigurationReader.isUsable, let read = SavedConfigurationReader.read(bytes) {
                configuration = read
            } else {
                configuration = try decodeWithDecoder(SavedConfiguration.self, key, what)
            }
            if savedConfigurations.count >= Self.savedConfigurationCapacity { savedConfigurations.removeAll() }
            savedConfigurations[key] = configuration
            // `Value` is `SavedConfiguration` here: the cast is an identity.
            return unsafeBitCast(configuration, to: Value.self)
        }
        return try decodeWithDecoder(type, Data(bytes), what)
    }

    private func decodeWithDecoder<Value: Decodable>(_ type: Value.Type, _ data: Data, _ what: String) throws(StoreError) -> Value {
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw StoreError(.corrupt, "The stored \(what) is not readable JSON of the expected shape: \(error).")
        }
    }

    /// Decoded configurations by their JSON bytes (which start with the fingerprint).
    private var savedConfigurations: [Data: SavedConfiguration] = [:]
    /// How many decoded configurations one connection keeps.
    private static let savedConfigurationCapacity = 64
}
