import Foundation

/// A reply the responder sends, built from its answer table (RFC 1035 §4.1).
struct DNSReply: Sendable, Equatable {
    /// What to do about one query.
    enum Plan: Sendable, Equatable {
        /// Send the reply after the wait.
        case reply(DNSReply, after: Duration)
        /// Send nothing.
        case silence
    }

    /// The largest UDP reply without EDNS (RFC 1035 §4.2.1); larger answers go over TCP.
    static let udpLimit = 512
    /// The largest message a TCP length prefix can announce.
    static let tcpLimit = 65_535
    /// The TTL of every record served, in seconds.
    static let timeToLive: UInt32 = 60

    /// The query's ID.
    var id: UInt16
    /// QR, the query's opcode, AA and the query's RD; RCODE and TC are added when encoding.
    var flags: UInt16
    /// The response code (0 NOERROR, 1 FORMERR, 2 SERVFAIL, 3 NXDOMAIN, 4 NOTIMP, 5 REFUSED).
    var rcode: UInt16
    /// The question echoed, or nil when the query's question could not be read.
    var question: [UInt8]?
    /// The answer section's records, encoded.
    var answers: [[UInt8]] = []
    /// Send the header and question only, with the TC flag, whatever the size.
    var truncated = false

    /// The bytes to send, and whether they had to be cut to the header and question with the
    /// TC flag set because the whole reply is longer than `limit`. A reply too long even for
    /// TCP becomes SERVFAIL.
    ///
    /// - Parameter limit: ``udpLimit`` or ``tcpLimit``.
    /// - Returns: The message and whether it was truncated.
    func encoded(limit: Int) -> (bytes: [UInt8], truncated: Bool) {
        if truncated { return (message(rcode: rcode, answers: [], truncated: true), true) }
        let whole = message(rcode: rcode, answers: answers, truncated: false)
        if whole.count <= limit { return (whole, false) }
        if limit < Self.tcpLimit { return (message(rcode: rcode, answers: [], truncated: true), true) }
        return (message(rcode: 2, answers: [], truncated: false), false)
    }

    /// The FORMERR reply to a message whose header was readable but whose body was not.
    static func formatError(id: UInt16, flags: UInt16) -> DNSReply {
        DNSReply(id: id, flags: replyFlags(flags), rcode: 1, question: nil)
    }

    /// The NOTIMP reply to a message with an opcode other than QUERY.
    static func notImplemented(id: UInt16, flags: UInt16) -> DNSReply {
        DNSReply(id: id, flags: replyFlags(flags), rcode: 4, question: nil)
    }

    /// What to answer to `query`, given the answers set per name.
    ///
    /// - Parameters:
    ///   - query: The query.
    ///   - overTCP: Whether it came over TCP.
    ///   - answer: The answer set for a name key, or nil.
    /// - Returns: The plan.
    static func plan(for query: DNSQuery, overTCP: Bool,
                     answer: (String) -> LoopbackDNSResponder.Answer?) -> Plan {
        var reply = DNSReply(id: query.id, flags: replyFlags(query.flags), rcode: 0, question: query.question)
        guard query.queryClass == 1 || query.queryClass == 255 else {
            reply.rcode = 5
            return .reply(reply, after: .zero)
        }
        let (wait, found, tcpOnly) = unwrap(query.key.flatMap(answer))
        if tcpOnly, !overTCP {
            reply.truncated = true
            return .reply(reply, after: wait)
        }
        switch found {
        case nil, .nameNotFound?:
            reply.rcode = 3
        case .serverFailure?, .delayed?, .tcpOnly?:
            reply.rcode = 2
        case .refused?:
            reply.rcode = 5
        case .noResponse?:
            return .silence
        case .records(let records)?:
            if wantsTXT(query.type) {
                reply.answers = records.map { txt(owner: questionPointer, $0) }
            }
        case .alias(let target)?:
            reply.answers = aliasChain(from: target, query: query, answer: answer) ?? []
            if reply.answers.isEmpty { reply.rcode = 2 }
        }
        if reply.answers.contains(where: { $0.count > tcpLimit }) {
            reply.answers = []
            reply.rcode = 2
        }
        return .reply(reply, after: wait)
    }

    // MARK: - Private

    /// A compression pointer to the question's name, which starts right after the header.
    private static let questionPointer: [UInt8] = [0xC0, 0x0C]

    private static func replyFlags(_ queryFlags: UInt16) -> UInt16 {
        0x8000 | (queryFlags & 0x7800) | 0x0400 | (queryFlags & 0x0100)
    }

    private static func wantsTXT(_ type: UInt16) -> Bool { type == 16 || type == 255 }

    /// The total wait of nested ``LoopbackDNSResponder/Answer/delayed(_:_:)`` answers, the
    /// answer inside, and whether a ``LoopbackDNSResponder/Answer/tcpOnly(_:)`` was among the
    /// wrappers (nesting deeper than 16 is left wrapped, and answered SERVFAIL).
    private static func unwrap(_ answer: LoopbackDNSResponder.Answer?)
        -> (wait: Duration, answer: LoopbackDNSResponder.Answer?, tcpOnly: Bool) {
        var wait = Duration.zero
        var current = answer
        var tcpOnly = false
        for _ in 0..<16 {
            switch current {
            case .delayed(let delay, let inner)?:
                wait += delay
                current = inner
            case .tcpOnly(let inner)?:
                tcpOnly = true
                current = inner
            default:
                return (wait, current, tcpOnly)
            }
        }
        return (wait, current, tcpOnly)
    }

    /// The CNAME records from the question's name through `target`, and the TXT records at the
    /// end of the chain; nil when a target is not a valid name.
    private static func aliasChain(from target: String, query: DNSQuery,
                                   answer: (String) -> LoopbackDNSResponder.Answer?) -> [[UInt8]]? {
        var records: [[UInt8]] = []
        var owner = questionPointer
        var target = target
        var seen: Set<String> = [query.key ?? ""]
        for _ in 0..<8 {
            guard let targetWire = DNSName.wire(target) else { return nil }
            records.append(record(owner: owner, type: 5, data: targetWire))
            let key = DNSName.key(target)
            guard query.type != 5, seen.insert(key).inserted else { break }
            owner = targetWire
            switch unwrap(answer(key)).answer {
            case .records(let found)?:
                if wantsTXT(query.type) { records += found.map { txt(owner: targetWire, $0) } }
                return records
            case .alias(let next)?:
                target = next
            default:
                return records
            }
        }
        return records
    }

    private static func txt(owner: [UInt8], _ record: LoopbackDNSResponder.TXTRecord) -> [UInt8] {
        self.record(owner: owner, type: 16, data: record.wireData)
    }

    private static func record(owner: [UInt8], type: UInt16, data: [UInt8]) -> [UInt8] {
        var bytes = owner
        append16(type, to: &bytes)
        append16(1, to: &bytes)
        append16(UInt16(timeToLive >> 16), to: &bytes)
        append16(UInt16(timeToLive & 0xFFFF), to: &bytes)
        // Longer data cannot be announced; plan(for:answer:) turns such a reply into SERVFAIL.
        append16(UInt16(clamping: data.count), to: &bytes)
        bytes += data
        return bytes
    }

    private func message(rcode: UInt16, answers: [[UInt8]], truncated: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12 + (question?.count ?? 0) + answers.reduce(0) { $0 + $1.count })
        Self.append16(id, to: &bytes)
        Self.append16(flags | (truncated ? 0x0200 : 0) | (rcode & 0xF), to: &bytes)
        Self.append16(question == nil ? 0 : 1, to: &bytes)
        Self.append16(UInt16(clamping: answers.count), to: &bytes)
        Self.append16(0, to: &bytes)
        Self.append16(0, to: &bytes)
        if let question { bytes += question }
        for answer in answers { bytes += answer }
        return bytes
    }

    private static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }
}
