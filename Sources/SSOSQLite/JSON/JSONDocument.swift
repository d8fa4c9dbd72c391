import Foundation

/// A parsed JSON text: its bytes and a flat table of its values in document order, which
/// ``SavedConfigurationReader`` walks without building strings or dictionaries it does not
/// need.
///
/// An object's entry is followed by its members as key, value, key, value…; an array's by
/// its elements. A container's ``Value/end`` is the index just past its last descendant, so
/// skipping a value is one step.
final class JSONDocument {
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    struct Value {
        var kind: Kind
        /// Whether a string holds escape sequences (otherwise its bytes are its text).
        var isEscaped: Bool
        /// Scalars: the first byte (after the quote, for a string). Containers: unused.
        var start: Int
        /// Scalars: the byte after the last one (before the closing quote). Containers: the
        /// index in ``values`` just past the last descendant.
        var end: Int
        /// Containers: how many members (pairs) or elements.
        var count: Int
    }

    /// Deeper nesting than this is refused (our records nest a few levels).
    static let depthLimit = 128

    let bytes: UnsafeRawBufferPointer
    /// Constant once parsed (a `let`: reading it needs no exclusivity check).
    let values: [Value]

    /// Parses `bytes`, which must stay valid while the document is used.
    /// - Throws: `DecodingError.dataCorrupted` for anything that is not one JSON value.
    init(bytes: UnsafeRawBufferPointer) throws {
        self.bytes = bytes
        var parser = Parser(bytes: bytes)
        parser.values.reserveCapacity(64)
        try parser.parse()
        values = parser.values
    }

    /// The index of the value after `index` and its descendants.
    @inline(__always)
    func next(after index: Int) -> Int {
        let value = values[index]
        return value.kind == .object || value.kind == .array ? value.end : index + 1
    }

    /// Builds the value table in one pass over the text, with an explicit stack of open
    /// containers (no recursion, so hostile nesting cannot overflow the stack).
    private struct Parser {
        typealias Kind = JSONDocument.Kind
        typealias Value = JSONDocument.Value
        let bytes: UnsafeRawBufferPointer
        var values: [Value] = []


        static func corrupt(_ message: String, at offset: Int) -> DecodingError {
            .dataCorrupted(.init(codingPath: [], debugDescription: "Invalid JSON at byte \(offset): \(message)."))
        }

        func byte(_ offset: Int) -> UInt8 { bytes[offset] }

        func skipSpace(_ offset: inout Int) {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        /// One pass over the text with an explicit stack of open containers (no recursion, so
        /// hostile nesting cannot overflow the stack).
        mutating func parse() throws {
            var offset = 0
            var open: [Int] = []
            // Inside an object, whether the next token is a key (true) or a value.
            var expectingKey = false
            skipSpace(&offset)
            while true {
                // A value (or, in an object, a key and its colon, then a value).
                guard offset < bytes.count else { throw Parser.corrupt("unexpected end", at: offset) }
                if expectingKey {
                    guard byte(offset) == UInt8(ascii: "\"") else { throw Parser.corrupt("expected a key", at: offset) }
                    try parseString(&offset)
                    skipSpace(&offset)
                    guard offset < bytes.count, byte(offset) == UInt8(ascii: ":") else { throw Parser.corrupt("expected ':'", at: offset) }
                    offset += 1
                    skipSpace(&offset)
                    guard offset < bytes.count else { throw Parser.corrupt("unexpected end", at: offset) }
                    expectingKey = false
                }
                switch byte(offset) {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = byte(offset) == UInt8(ascii: "{")
                    guard open.count < JSONDocument.depthLimit else { throw Parser.corrupt("nested too deeply", at: offset) }
                    open.append(values.count)
                    values.append(Value(kind: isObject ? .object : .array, isEscaped: false, start: offset, end: 0, count: 0))
                    offset += 1
                    skipSpace(&offset)
                    let closing = UInt8(ascii: isObject ? "}" : "]")
                    if offset < bytes.count, byte(offset) == closing {
                        offset += 1
                        values[open.removeLast()].end = values.count
                    } else {
                        expectingKey = isObject
                        continue
                    }
                case UInt8(ascii: "\""):
                    try parseString(&offset)
                case UInt8(ascii: "t"):
                    try parseLiteral("true", .true, &offset)
                case UInt8(ascii: "f"):
                    try parseLiteral("false", .false, &offset)
                case UInt8(ascii: "n"):
                    try parseLiteral("null", .null, &offset)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    try parseNumber(&offset)
                default:
                    throw Parser.corrupt("unexpected character", at: offset)
                }
                // After a value: close containers, or go on to the next member or element.
                while true {
                    guard let container = open.last else {
                        skipSpace(&offset)
                        guard offset == bytes.count else { throw Parser.corrupt("text after the value", at: offset) }
                        return
                    }
                    values[container].count += 1
                    skipSpace(&offset)
                    guard offset < bytes.count else { throw Parser.corrupt("unexpected end", at: offset) }
                    let isObject = values[container].kind == .object
                    if byte(offset) == UInt8(ascii: ",") {
                        offset += 1
                        skipSpace(&offset)
                        expectingKey = isObject
                        break
                    }
                    guard byte(offset) == UInt8(ascii: isObject ? "}" : "]") else {
                        throw Parser.corrupt("expected ',' or the end of the \(isObject ? "object" : "array")", at: offset)
                    }
                    offset += 1
                    values[open.removeLast()].end = values.count
                }
            }
        }

        mutating func parseLiteral(_ literal: StaticString, _ kind: Kind, _ offset: inout Int) throws {
            let length = literal.utf8CodeUnitCount
            guard offset + length <= bytes.count,
                  memcmp(bytes.baseAddress! + offset, literal.utf8Start, length) == 0 else {
                throw Parser.corrupt("unknown literal", at: offset)
            }
            values.append(Value(kind: kind, isEscaped: false, start: offset, end: offset + length, count: 0))
            offset += length
        }

        mutating func parseString(_ offset: inout Int) throws {
            let start = offset + 1
            var isEscaped = false
            let base = bytes.baseAddress!
            let count = bytes.count
            var cursor = start
            while cursor < count {
                // The hot loop of parsing (a certificate is a long string): eight bytes at a
                // time, stopping at any byte that may be a quote, a backslash or a control
                // character (the test has false alarms, never misses; the byte loop decides).
                while cursor + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
                    if Self.mayHoldSpecialByte(word) { break }
                    cursor += 8
                }
                guard cursor < count else { break }
                let byte = base.load(fromByteOffset: cursor, as: UInt8.self)
                if byte == UInt8(ascii: "\"") {
                    values.append(Value(kind: .string, isEscaped: isEscaped, start: start, end: cursor, count: 0))
                    offset = cursor + 1
                    return
                }
                if byte == UInt8(ascii: "\\") {
                    isEscaped = true
                    cursor += 2
                } else if byte < 0x20 {
                    throw Parser.corrupt("control character in a string", at: cursor)
                } else {
                    cursor += 1
                }
            }
            throw Parser.corrupt("unterminated string", at: offset)
        }

        /// Whether any of the eight bytes may be `"` or `\` or below 0x20 (the classic
        /// "has a zero byte" and "has a byte less than n" word tricks).
        @inline(__always)
        static func mayHoldSpecialByte(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroInQuote = (quote &- ones) & ~quote
            let zeroInBackslash = (backslash &- ones) & ~backslash
            let control = (word &- ones &* 0x20) & ~word
            return (zeroInQuote | zeroInBackslash | control) & highs != 0
        }

        mutating func parseNumber(_ offset: inout Int) throws {
            let start = offset
            var cursor = offset
            if bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
            func digits() -> Int {
                let first = cursor
                while cursor < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) { cursor += 1 }
                return cursor - first
            }
            let integerStart = cursor
            let integerDigits = digits()
            // No leading zeros (JSON's grammar): "0" and "0.5", never "01".
            guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
                throw Parser.corrupt("malformed number", at: start)
            }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
                cursor += 1
                guard digits() > 0 else { throw Parser.corrupt("malformed number", at: start) }
            }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "e") || bytes[cursor] == UInt8(ascii: "E") {
                cursor += 1
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
                guard digits() > 0 else { throw Parser.corrupt("malformed number", at: start) }
            }
            values.append(Value(kind: .number, isEscaped: false, start: start, end: cursor, count: 0))
            offset = cursor
        }
    }

    // MARK: Reading scalars

    /// The text of the string at `index`, with escape sequences resolved.
    func string(at index: Int) throws -> String {
        let value = values[index]
        let raw = UnsafeRawBufferPointer(rebasing: bytes[value.start..<value.end])
        guard value.isEscaped else { return String(decoding: raw, as: UTF8.self) }
        return try unescape(raw, at: value.start)
    }

    /// Whether the key at `index` is `name` (compared byte for byte, escapes resolved).
    func key(at index: Int, is name: String) -> Bool {
        let value = values[index]
        if value.isEscaped { return (try? string(at: index)) == name }
        let length = value.end - value.start
        let matches = name.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.count == length && (length == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress! + value.start, length) == 0)
        }
        if let matches { return matches }
        return name.utf8.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[value.start..<value.end]))
    }

    private func unescape(_ raw: UnsafeRawBufferPointer, at start: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var cursor = 0
        func hex4() throws -> UInt32 {
            guard cursor + 4 <= raw.count else { throw Parser.corrupt("short \\u escape", at: start + cursor) }
            var scalar: UInt32 = 0
            for _ in 0..<4 {
                let digit = raw[cursor]
                scalar <<= 4
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): scalar |= UInt32(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): scalar |= UInt32(digit - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): scalar |= UInt32(digit - UInt8(ascii: "A") + 10)
                default: throw Parser.corrupt("bad \\u escape", at: start + cursor)
                }
                cursor += 1
            }
            return scalar
        }
        while cursor < raw.count {
            let byte = raw[cursor]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                cursor += 1
                continue
            }
            guard cursor + 1 < raw.count else { throw Parser.corrupt("bad escape", at: start + cursor) }
            let escaped = raw[cursor + 1]
            cursor += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard cursor + 6 <= raw.count, raw[cursor] == UInt8(ascii: "\\"), raw[cursor + 1] == UInt8(ascii: "u") else {
                        throw Parser.corrupt("unpaired surrogate", at: start + cursor)
                    }
                    cursor += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Parser.corrupt("unpaired surrogate", at: start + cursor) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Parser.corrupt("unpaired surrogate", at: start + cursor) }
                out.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw Parser.corrupt("bad escape", at: start + cursor - 1)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The number at `index` as a `Double`, correctly rounded (`strtod`), as `JSONDecoder`
    /// reads it: the shortest text `JSONEncoder` writes reads back to the same bits.
    func double(at index: Int) -> Double? {
        let value = values[index]
        let length = value.end - value.start
        // strtod needs a NUL-terminated copy; numbers are short, so it lives on the stack.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for offset in 0..<length { buffer[offset] = CChar(bitPattern: bytes[value.start + offset]) }
            buffer[length] = 0
            var end: UnsafeMutablePointer<CChar>?
            let number = strtod(buffer.baseAddress!, &end)
            guard end == buffer.baseAddress! + length, number.isFinite else { return nil }
            return number
        }
    }
}
