import CDNSShims
import Foundation
@testable import SSOLifecycle
import Testing

/// The C shim's answer reader (`sso_dns_parse_txt_answer`) on crafted and hostile answers,
/// and the Swift side that turns its result into a `TXTLookup`.
@Suite struct TXTAnswerParsingTests {
    static let name = "q.example"

    struct Parsed {
        var status: Int32
        var result: sso_dns_result
        var records: [[String]]
    }

    static func parse(_ message: [UInt8], name: String = name) -> Parsed {
        var result = sso_dns_result()
        var buffer = [UInt8](repeating: 0, count: max(message.count, 1))
        let status = message.withUnsafeBufferPointer { answer in
            buffer.withUnsafeMutableBufferPointer { records in
                sso_dns_parse_txt_answer(answer.baseAddress, answer.count, name, &result, records.baseAddress, records.count)
            }
        }
        let written = min(Int(result.records_length), buffer.count)
        return Parsed(status: status, result: result, records: TXTQuery.decodeRecords(buffer[0..<written]))
    }

    /// A response to a TXT query for `question` with these answer records.
    static func answer(question: String? = name, flags: UInt16 = 0x8180,
                       _ records: [(owner: [UInt8], type: UInt16, recordClass: UInt16, data: [UInt8])]) -> [UInt8] {
        var message = DNSMessage.header(flags: flags, questions: question == nil ? 0 : 1, answers: UInt16(records.count))
        if let question {
            message.name(question)
            message.append16(16)
            message.append16(1)
        }
        for record in records {
            message.record(owner: record.owner, type: record.type, recordClass: record.recordClass, data: record.data)
        }
        return message.bytes
    }

    static let answered = Int32(SSO_DNS_ANSWERED.rawValue)
    static let malformed = Int32(SSO_DNS_MALFORMED_ANSWER.rawValue)
    static let pointerToQuestion: [UInt8] = [0xC0, 0x0C]

    // MARK: - Reading

    @Test func followsCNAMEsInAnyOrderAndLeavesOutOtherOwners() {
        let cnames: [(owner: [UInt8], type: UInt16, recordClass: UInt16, data: [UInt8])] = [
            (Self.pointerToQuestion, 5, 1, DNSMessage.wire("a.example")),
            (DNSMessage.wire("A.Example"), 5, 1, DNSMessage.wire("b.example")),
        ]
        let txts: [(owner: [UInt8], type: UInt16, recordClass: UInt16, data: [UInt8])] = [
            (DNSMessage.wire("b.example"), 16, 1, DNSMessage.txtData(["yes", "!"])),
            (Self.pointerToQuestion, 16, 1, DNSMessage.txtData(["beside a CNAME"])),   // not the chain's end
            (DNSMessage.wire("other.example"), 16, 1, DNSMessage.txtData(["stray"])),
            (DNSMessage.wire("B.EXAMPLE"), 16, 3, DNSMessage.txtData(["chaos class"])),
            ([9] + Array("b.example".utf8) + [0], 16, 1, DNSMessage.txtData(["one label with a dot"])),
        ]
        for records in [cnames + txts, txts + cnames.reversed()] {
            let parsed = Self.parse(Self.answer(records))
            #expect(parsed.status == Self.answered)
            #expect(parsed.result.rcode == 0)
            #expect(parsed.records == [["yes", "!"]])
            #expect(parsed.result.record_count == 1)
            #expect(parsed.result.ignored_count == 4)
        }
    }

    @Test func readsEmptyAndBinaryRecords() {
        let parsed = Self.parse(Self.answer([
            (Self.pointerToQuestion, 16, 1, []),
            (Self.pointerToQuestion, 16, 1, [0]),
            (Self.pointerToQuestion, 16, 1, [3, 0xFF, 0x00, 0x22]),
            (Self.pointerToQuestion, 1, 1, [127, 0, 0, 1]),                                // an A record: skipped
        ]))
        #expect(parsed.status == Self.answered)
        #expect(parsed.records == [[], [""], ["\u{FFFD}\u{0}\""]])
        #expect(parsed.result.ignored_count == 0)
    }

    @Test func acceptsAnAnswerWithoutQuestionAndReportsRcodes() {
        let noQuestion = Self.parse(Self.answer(question: nil, [(DNSMessage.wire(Self.name), 16, 1, DNSMessage.txtData(["ok"]))]))
        #expect(noQuestion.status == Self.answered)
        #expect(noQuestion.records == [["ok"]])

        let notFound = Self.parse(Self.answer(flags: 0x8183, [(Self.pointerToQuestion, 16, 1, DNSMessage.txtData(["ignored"]))]))
        #expect(notFound.status == Self.answered)
        #expect(notFound.result.rcode == 3)
        #expect(notFound.records.isEmpty)

        let truncated = Self.parse(Self.answer(flags: 0x8380, []))
        #expect(truncated.result.truncated == 1)
    }

    // MARK: - Refusing

    static let hostile: [(String, [UInt8])] = {
        var ownerLoop = DNSMessage.header(flags: 0x8180, answers: 1)
        ownerLoop.name(name)
        ownerLoop.append16(16)
        ownerLoop.append16(1)
        let loopAt = UInt8(ownerLoop.bytes.count)
        ownerLoop.record(owner: [0xC0, loopAt], type: 16, data: DNSMessage.txtData(["x"]))   // points at itself
        let cnameLoop: [(owner: [UInt8], type: UInt16, recordClass: UInt16, data: [UInt8])] = [
            (pointerToQuestion, 5, 1, DNSMessage.wire("a.example")),
            (DNSMessage.wire("a.example"), 5, 1, DNSMessage.wire(name)),
            (pointerToQuestion, 16, 1, DNSMessage.txtData(["looped"])),
        ]
        let longChain: [(owner: [UInt8], type: UInt16, recordClass: UInt16, data: [UInt8])] = (0..<17).map { hop in
            (hop == 0 ? pointerToQuestion : DNSMessage.wire("h\(hop).example"), 5, 1, DNSMessage.wire("h\(hop + 1).example"))
        }
        let valid = answer([(pointerToQuestion, 16, 1, DNSMessage.txtData(["ok"]))])
        return [
            ("a string overrunning its record", answer([(pointerToQuestion, 16, 1, [5, 0x61, 0x62])])),
            ("a record overrunning the message", Array(valid.dropLast(2))),
            ("counts larger than the message", Array(DNSMessage.header(flags: 0x8180, answers: 3).bytes)),
            ("trailing bytes", valid + [0, 0, 0]),
            ("an owner name pointing at itself", ownerLoop.bytes),
            ("a CNAME loop", answer(cnameLoop)),
            ("a CNAME chain of 17", answer(longChain)),
            ("a question for another name", answer(question: "other.example", [])),
            ("two questions", Array(DNSMessage.header(flags: 0x8180, questions: 2).bytes) + DNSMessage.wire(name) + [0, 16, 0, 1] + DNSMessage.wire(name) + [0, 16, 0, 1]),
            ("a query instead of a response", answer(flags: 0x0100, [])),
            ("a header cut short", [0x12, 0x34, 0x81]),
            ("nothing", []),
        ]
    }()

    @Test(arguments: hostile)
    func refusesMalformedAnswers(label: String, message: [UInt8]) {
        let parsed = Self.parse(message)
        #expect(parsed.status == Self.malformed, "\(label)")
        #expect(parsed.result.record_count == 0)
        #expect(parsed.result.records_length == 0)
        #expect(parsed.records.isEmpty)
    }

    @Test func refusesABufferSmallerThanTheAnswer() {
        let message = Self.answer([(Self.pointerToQuestion, 16, 1, DNSMessage.txtData(["ok"]))])
        var result = sso_dns_result()
        var buffer = [UInt8](repeating: 0, count: message.count - 1)
        let status = sso_dns_parse_txt_answer(message, message.count, Self.name, &result, &buffer, buffer.count)
        #expect(status == Int32(SSO_DNS_INVALID_ARGUMENT.rawValue))
    }

    @Test func survivesMutatedAndRandomAnswers() {
        let valid = Self.answer([
            (Self.pointerToQuestion, 5, 1, DNSMessage.wire("a.example")),
            (DNSMessage.wire("a.example"), 16, 1, DNSMessage.txtData(["sso-verification=abc", "def"])),
            (DNSMessage.wire("a.example"), 16, 1, DNSMessage.txtData([String(repeating: "z", count: 200)])),
        ])
        var generator = SeededGenerator(seed: 0xD1CE)
        var statuses: Set<Int32> = []
        var violations: [String] = []                                          // one #expect at the end keeps this fast
        for round in 0..<1_200 {
            var message = valid
            if round.isMultiple(of: 4) {
                message = (0..<Int.random(in: 0...120, using: &generator)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    message[Int.random(in: 0..<message.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if round.isMultiple(of: 3) { message = Array(message.prefix(Int.random(in: 0...message.count, using: &generator))) }
            }
            let parsed = Self.parse(message)
            statuses.insert(parsed.status)
            if parsed.status != Self.answered && parsed.status != Self.malformed
                || Int(parsed.result.records_length) > message.count
                || parsed.records.count != Int(parsed.result.record_count) {
                violations.append("round \(round): status \(parsed.status), \(parsed.result.records_length) bytes, \(parsed.records.count) records")
            }
        }
        #expect(violations.isEmpty)
        #expect(statuses == [Self.answered, Self.malformed])                   // both paths were exercised
    }

    // MARK: - Into a TXTLookup

    @Test func decodesOnlyWhatFitsInARecordsBuffer() {
        #expect(TXTQuery.decodeRecords([0, 4, 3, 0x61, 0x62, 0x63][...]) == [["abc"]])
        #expect(TXTQuery.decodeRecords([0, 9, 3, 0x61][...]).isEmpty)                     // record past the end
        #expect(TXTQuery.decodeRecords([0, 2, 5, 0x61][...]) == [[]])                    // string past its record
        #expect(TXTQuery.decodeRecords([0][...]).isEmpty)
    }

    @Test(arguments: [
        (SSO_DNS_TIMEOUT, Int32(-1), Int32(110), TXTLookup.Outcome.timeout, "did not answer within 2 s (3 tries)"),
        (SSO_DNS_UNREACHABLE, -1, 111, .failed, "refused the connection: no DNS server is listening on that address and port"),
        (SSO_DNS_UNREACHABLE, -1, 113, .failed, "could not be reached (no route to host)"),
        (SSO_DNS_SEND_FAILED, -1, 0, .failed, "sending the query to the nameserver 192.0.2.1:53 failed (no reason given)"),
        (SSO_DNS_INVALID_NAME, -1, 0, .failed, "is not a DNS name the resolver can query"),
        (SSO_DNS_MALFORMED_ANSWER, 0, 0, .failed, "could not be read"),
        (SSO_DNS_UNSUPPORTED, -1, 0, .failed, "cannot ask an IPv6 nameserver"),
        (SSO_DNS_ANSWERED, 1, 0, .failed, "answered FORMERR (RCODE 1)"),
        (SSO_DNS_ANSWERED, 4, 0, .failed, "answered NOTIMP (RCODE 4)"),
        (SSO_DNS_ANSWERED, 2, 0, .serverFailure, "answered SERVFAIL"),
        (SSO_DNS_ANSWERED, 3, 0, .nameNotFound, "answered NXDOMAIN"),
        (SSO_DNS_ANSWERED, 5, 0, .refused, "answered REFUSED"),
    ])
    func wordsEveryResult(status: sso_dns_status, rcode: Int32, error: Int32, outcome: TXTLookup.Outcome, phrase: String) {
        var result = sso_dns_result()
        result.status = Int32(status.rawValue)
        result.rcode = rcode
        result.system_error = error
        let lookup = TXTQuery.lookup(from: result, records: [], name: Self.name, server: "the nameserver 192.0.2.1:53",
                                     secondsPerTry: 2, tries: 3)
        #expect(lookup.outcome == outcome)
        #expect(lookup.detail.contains(phrase))
        #expect(lookup.records.isEmpty)
    }

    @Test func mentionsTruncatedAndLeftOutRecords() {
        var result = sso_dns_result()
        result.status = Int32(SSO_DNS_ANSWERED.rawValue)
        result.rcode = 0
        result.truncated = 1
        result.ignored_count = 2
        result.record_count = 1
        result.records_length = 5
        let lookup = TXTQuery.lookup(from: result, records: [0, 3, 2, 0x6F, 0x6B], name: Self.name,
                                     server: "this server's DNS resolver", secondsPerTry: 3, tries: 2)
        #expect(lookup.outcome == .answered)
        #expect(lookup.records == [["ok"]])
        #expect(lookup.detail == "the answer from this server's DNS resolver was truncated, so some records may be missing; 2 TXT records for other names in the answer were left out")
    }
}
