import Foundation

/// DNS names as the responder stores and writes them.
enum DNSName {
    /// The longest name on the wire, length bytes and root label included (RFC 1035 §2.3.4).
    static let maximumWireLength = 255

    /// The table key of a name given through the public API: ASCII letters in lower case, one
    /// trailing dot dropped.
    static func key(_ name: String) -> String {
        var bytes = Array(name.utf8).map(lowercased)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `byte` with A–Z lowered: DNS compares names without case for ASCII letters only
    /// (RFC 4343).
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// The uncompressed wire form of a dotted name, or nil when a label is empty or longer
    /// than 63 bytes or the whole is longer than 255.
    static func wire(_ name: String) -> [UInt8]? {
        var text = Array(name.utf8)
        if text.last == UInt8(ascii: ".") { text.removeLast() }
        var wire: [UInt8] = []
        if !text.isEmpty {
            for label in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard (1...63).contains(label.count) else { return nil }
                wire.append(UInt8(label.count))
                wire.append(contentsOf: label)
            }
        }
        wire.append(0)
        return wire.count <= maximumWireLength ? wire : nil
    }
}
