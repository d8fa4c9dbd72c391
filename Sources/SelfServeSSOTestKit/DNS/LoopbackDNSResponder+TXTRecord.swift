import Foundation

extension LoopbackDNSResponder {
    /// One TXT record: its character-strings, each at most 255 bytes of anything.
    ///
    /// A DNS client joins the strings to get the record's value, so a long value published as
    /// one ``init(_:)`` string arrives whole; ``init(strings:)`` and ``init(bytes:)`` control the
    /// split (to test clients that join strings) and the bytes (to test clients against
    /// binary and invalid UTF-8 content). Strings longer than 255 bytes are split into pieces
    /// of 255.
    public struct TXTRecord: Sendable, Hashable, ExpressibleByStringLiteral {
        /// The character-strings, each 0–255 bytes.
        public let strings: [[UInt8]]

        /// A record holding `value` (UTF-8), split into 255-byte strings when longer.
        ///
        /// - Parameter value: The value.
        public init(_ value: String) {
            self.init(bytes: [Array(value.utf8)])
        }

        /// A record with these strings (UTF-8), in order.
        ///
        /// - Parameter strings: The strings; one over 255 bytes becomes several.
        public init(strings: [String]) {
            self.init(bytes: strings.map { Array($0.utf8) })
        }

        /// A record with these strings of raw bytes, in order.
        ///
        /// - Parameter bytes: The strings; one over 255 bytes becomes several. An empty list
        ///   is a record with one empty string (a TXT record has at least one).
        public init(bytes: [[UInt8]]) {
            var pieces: [[UInt8]] = []
            for string in bytes {
                if string.isEmpty { pieces.append([]) }
                var start = 0
                while start < string.count {
                    pieces.append(Array(string[start..<min(start + 255, string.count)]))
                    start += 255
                }
            }
            strings = pieces.isEmpty ? [[]] : pieces
        }

        /// A record holding the literal, as ``init(_:)`` does.
        ///
        /// - Parameter value: The value.
        public init(stringLiteral value: String) {
            self.init(value)
        }

        /// The record's data on the wire: each string after its length byte.
        var wireData: [UInt8] {
            strings.flatMap { [UInt8($0.count)] + $0 }
        }
    }
}
