import Foundation

/// Builds DNS messages byte by byte, so tests can send the responder queries (good and
/// hostile) and feed the C answer parser crafted answers.
struct DNSMessage {
    var bytes: [UInt8] = []

    /// A header: ID, flags word, and the four section counts.
    static func header(id: UInt16 = 0x1234, flags: UInt16 = 0x0100, questions: UInt16 = 1, answers: UInt16 = 0,
                       authorities: UInt16 = 0, additionals: UInt16 = 0) -> DNSMessage {
        var message = DNSMessage()
        for value in [id, flags, questions, answers, authorities, additionals] { message.append16(value) }
        return message
    }

    /// A standard query for `name` (type TXT, class IN by default).
    static func query(_ name: String, id: UInt16 = 0x1234, type: UInt16 = 16, queryClass: UInt16 = 1) -> [UInt8] {
        var message = header(id: id)
        message.name(name)
        message.append16(type)
        message.append16(queryClass)
        return message.bytes
    }

    /// Appends a name in uncompressed labels.
    mutating func name(_ name: String) {
        for label in name.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes += Array(label.utf8)
        }
        bytes.append(0)
    }

    /// Appends a resource record: owner bytes (a name or a pointer), type, class, TTL 60, data.
    mutating func record(owner: [UInt8], type: UInt16, recordClass: UInt16 = 1, data: [UInt8]) {
        bytes += owner
        append16(type)
        append16(recordClass)
        append16(0)
        append16(60)
        append16(UInt16(data.count))
        bytes += data
    }

    mutating func append16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    /// The wire form of a name.
    static func wire(_ name: String) -> [UInt8] {
        var message = DNSMessage()
        message.name(name)
        return message.bytes
    }

    /// TXT record data from strings.
    static func txtData(_ strings: [String]) -> [UInt8] {
        strings.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    /// The ID of a message.
    static func id(_ message: [UInt8]) -> UInt16 { UInt16(message[0]) << 8 | UInt16(message[1]) }

    /// The RCODE of a message.
    static func rcode(_ message: [UInt8]) -> UInt8 { message[3] & 0x0F }

    /// The answer count of a message.
    static func answerCount(_ message: [UInt8]) -> Int { Int(message[6]) << 8 | Int(message[7]) }
}
