import Foundation

/// A DNS query as the responder reads it (RFC 1035 §4.1): the header, and exactly one
/// question whose name is spelled out in labels (a query has nothing to point back to, so a
/// compression pointer there is malformed).
struct DNSQuery: Sendable, Equatable {
    /// The message ID, echoed in the reply.
    var id: UInt16
    /// The header's flags word as received (QR, opcode, AA, TC, RD, RA, Z, RCODE).
    var flags: UInt16
    /// The question name's labels, as received (case kept: replies echo it).
    var labels: [[UInt8]]
    /// QTYPE.
    var type: UInt16
    /// QCLASS.
    var queryClass: UInt16
    /// The question section's bytes (name, type, class), echoed in the reply.
    var question: [UInt8]

    /// The 4-bit opcode (0 is a standard query).
    var opcode: UInt16 { (flags >> 11) & 0xF }

    /// The lookup key of the question name: labels in lower case (ASCII only, as DNS compares
    /// names) joined with dots, or nil when a label holds a dot or a byte that is not
    /// printable ASCII, which no name set through the public API can match.
    var key: String? {
        var parts: [String] = []
        for label in labels {
            guard label.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ".") }) else { return nil }
            parts.append(String(decoding: label.map(DNSName.lowercased), as: UTF8.self))
        }
        return parts.joined(separator: ".")
    }

    /// What a received message turned out to be.
    enum Reading: Sendable, Equatable {
        /// A well-formed standard query.
        case query(DNSQuery)
        /// A query with a readable header but an opcode other than QUERY: answer NOTIMP.
        case unsupportedOpcode(id: UInt16, flags: UInt16)
        /// A readable header but a malformed body: answer FORMERR.
        case malformed(id: UInt16, flags: UInt16)
        /// Too short for a header, or a response rather than a query: answer nothing (answering
        /// responses could set two servers answering each other forever).
        case ignored
    }

    /// Reads a message received over UDP, or over TCP without its length prefix.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: What it is.
    static func read(_ bytes: [UInt8]) -> Reading {
        guard bytes.count >= 12 else { return .ignored }
        let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let flags = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        guard flags & 0x8000 == 0 else { return .ignored }
        let questionCount = UInt16(bytes[4]) << 8 | UInt16(bytes[5])
        let answerCount = UInt16(bytes[6]) << 8 | UInt16(bytes[7])
        let authorityCount = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard (flags >> 11) & 0xF == 0 else { return .unsupportedOpcode(id: id, flags: flags) }
        // The additional section (an EDNS OPT record, say) is allowed and left unread.
        guard questionCount == 1, answerCount == 0, authorityCount == 0 else { return .malformed(id: id, flags: flags) }

        var offset = 12
        var labels: [[UInt8]] = []
        var nameLength = 1
        while true {
            guard offset < bytes.count else { return .malformed(id: id, flags: flags) }
            let length = Int(bytes[offset])
            if length == 0 {
                offset += 1
                break
            }
            // 0b11 is a compression pointer, 0b01 and 0b10 are obsolete or reserved label types.
            guard length & 0xC0 == 0 else { return .malformed(id: id, flags: flags) }
            nameLength += 1 + length
            guard nameLength <= DNSName.maximumWireLength, offset + 1 + length <= bytes.count else {
                return .malformed(id: id, flags: flags)
            }
            labels.append(Array(bytes[(offset + 1)..<(offset + 1 + length)]))
            offset += 1 + length
        }
        guard offset + 4 <= bytes.count else { return .malformed(id: id, flags: flags) }
        let type = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        let queryClass = UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])
        return .query(DNSQuery(id: id, flags: flags, labels: labels, type: type, queryClass: queryClass,
                               question: Array(bytes[12..<(offset + 4)])))
    }
}
