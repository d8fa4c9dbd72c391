import Foundation
import SelfServeSSOTestKit
import SSOLifecycle
import Testing

/// The test kit's `LoopbackDNSResponder` spoken to directly, byte by byte: what it answers,
/// and that hostile messages neither crash it nor stop it answering.
@Suite struct LoopbackDNSResponderTests {
    static let name = "_sso-verification.acme.example"

    // MARK: - Answers on the wire

    @Test func answersLikeAnAuthoritativeServer() throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.records([.init(strings: ["ab", "c"])]), for: Self.name)
        let client = try RawDNSClient.Datagrams(port: server.responder.port)

        let query = DNSMessage.query("_SSO-verification.Acme.example", id: 0xBEEF)
        client.transmit(query)
        let reply = try #require(client.receive(id: 0xBEEF))
        #expect(reply[2] == 0x85)                                             // QR, AA, RD echoed
        #expect(reply[3] == 0x00)                                             // RA clear, NOERROR
        #expect(Array(reply[4..<8]) == [0, 1, 0, 1])                          // 1 question, 1 answer
        #expect(Array(reply[12..<query.count]) == Array(query[12...]))        // question echoed as asked
        let answer = Array(reply[query.count...])
        #expect(answer == [0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 60, 0, 5, 2, 0x61, 0x62, 1, 0x63])
    }

    @Test(arguments: [
        (UInt16(1), UInt16(1), UInt8(0), 0),                                 // A for a known name: no data
        (16, 1, 0, 1),                                                        // TXT
        (255, 1, 0, 1),                                                       // ANY
        (16, 255, 0, 1),                                                      // class ANY
        (16, 3, 5, 0),                                                        // class CHAOS: refused
    ])
    func answersByTypeAndClass(type: UInt16, queryClass: UInt16, rcode: UInt8, answers: Int) throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["x"], for: Self.name)
        let client = try RawDNSClient.Datagrams(port: server.responder.port)

        client.transmit(DNSMessage.query(Self.name, id: 7, type: type, queryClass: queryClass))
        let reply = try #require(client.receive(id: 7))
        #expect(DNSMessage.rcode(reply) == rcode)
        #expect(DNSMessage.answerCount(reply) == answers)
    }

    @Test func keepsAnsweringWhileAReplyIsDelayed() throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        // Long enough that the quick answers below come first even on a busy machine.
        server.responder.setAnswer(.delayed(.seconds(2), .records(["slow"])), for: "slow.example")
        server.responder.setTXT(["quick"], for: Self.name)
        let slowUDP = try RawDNSClient.Datagrams(port: server.responder.port)
        let slowTCP = try RawDNSClient.Stream(port: server.responder.port)
        slowUDP.transmit(DNSMessage.query("slow.example", id: 1))
        slowTCP.transmitFramed(DNSMessage.query("slow.example", id: 2))

        let quickUDP = try RawDNSClient.Datagrams(port: server.responder.port)
        quickUDP.transmit(DNSMessage.query(Self.name, id: 3))
        #expect(quickUDP.receive(id: 3).map(DNSMessage.answerCount) == 1)
        let quickTCP = try RawDNSClient.Stream(port: server.responder.port)
        quickTCP.transmitFramed(DNSMessage.query(Self.name, id: 4))
        #expect(quickTCP.receiveFramed().map(DNSMessage.answerCount) == 1)
        #expect(slowUDP.receive(milliseconds: 0) == nil)                     // the slow ones are still waiting

        #expect(slowUDP.receive(id: 1).map(DNSMessage.answerCount) == 1)
        #expect(slowTCP.receiveFramed().map(DNSMessage.answerCount) == 1)
    }

    @Test func tracksChangesWhileRunning() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        #expect(await server.lookUp(Self.name).outcome == .nameNotFound)

        server.responder.setTXT(["first"], for: Self.name)
        #expect(await server.lookUp(Self.name).values == ["first"])

        server.responder.setTXT(["second", "third"], for: Self.name)
        #expect(await server.lookUp(Self.name).values == ["second", "third"])

        server.responder.removeAnswer(for: Self.name)
        #expect(await server.lookUp(Self.name).outcome == .nameNotFound)

        server.responder.setAnswer(.serverFailure, for: Self.name)
        server.responder.setTXT(["other"], for: "other.example")
        server.responder.removeAllAnswers()
        #expect(await server.lookUp(Self.name).outcome == .nameNotFound)
        #expect(await server.lookUp("other.example").outcome == .nameNotFound)
    }

    @Test func stopsAndStartsAgainOnTheSamePort() async throws {
        let server = try RunningResponder.outsideEphemeralRange()
        server.responder.setTXT(["back"], for: Self.name)
        let port = server.responder.port
        #expect(port != 0)
        #expect(server.responder.address == "127.0.0.1:\(port)")
        #expect(server.responder.isRunning)

        server.responder.stop()
        server.responder.stop()                                               // a second stop does nothing
        #expect(!server.responder.isRunning)
        #expect(await server.lookUp(Self.name).outcome == .failed)            // connection refused

        try server.responder.start()
        try server.responder.start()                                          // a second start does nothing
        defer { server.responder.stop() }
        #expect(server.responder.port == port)
        #expect(await server.lookUp(Self.name).values == ["back"])
    }

    @Test func refusesAPortThatIsTaken() throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        let second = LoopbackDNSResponder(port: server.responder.port)
        let error = try #require(throws: LoopbackDNSResponderError.self) { try second.start() }
        #expect(error.code == .portUnavailable)
        #expect(error.message.contains("127.0.0.1:\(server.responder.port)"))
        #expect(error.message.contains("pass 0"))
        #expect(!second.isRunning)
    }

    @Test func releasesItsPortWhenReleased() throws {
        var port: UInt16 = 0
        do {
            let server = try RunningResponder.outsideEphemeralRange()        // no other socket takes it meanwhile
            port = server.responder.port
        }                                                                     // deinit stops it
        let again = LoopbackDNSResponder(port: port)
        try again.start()
        defer { again.stop() }
        #expect(again.port == port)
    }

    @Test func splitsLongStringsIntoPiecesOf255Bytes() {
        let record = LoopbackDNSResponder.TXTRecord(String(repeating: "a", count: 600))
        #expect(record.strings.map(\.count) == [255, 255, 90])
        #expect(LoopbackDNSResponder.TXTRecord(bytes: []).strings == [[]])
        #expect(LoopbackDNSResponder.TXTRecord(strings: ["", "b"]).strings == [[], [0x62]])
        let literal: LoopbackDNSResponder.TXTRecord = "sso-verification=x"
        #expect(literal == LoopbackDNSResponder.TXTRecord("sso-verification=x"))
    }

    static func counts(udp: Int, tcp: Int) -> LoopbackDNSResponder.Statistics {
        var statistics = LoopbackDNSResponder.Statistics()
        statistics.udpQueries = udp
        statistics.tcpQueries = tcp
        return statistics
    }

    // MARK: - Hostile messages

    static let malformed: [(String, [UInt8], UInt8?)] = {
        func header(id: UInt16, flags: UInt16 = 0x0100, questions: UInt16 = 1, answers: UInt16 = 0) -> DNSMessage {
            DNSMessage.header(id: id, flags: flags, questions: questions, answers: answers)
        }
        var pointer = header(id: 0x0101)
        pointer.bytes += [0xC0, 0x0C, 0, 16, 0, 1]                            // QNAME is a pointer to itself
        var pointerAfterLabel = header(id: 0x0102)
        pointerAfterLabel.bytes += [3, 0x61, 0x62, 0x63, 0xC0, 0x0C, 0, 16, 0, 1]
        var reservedLabel = header(id: 0x0103)
        reservedLabel.bytes += [0x40] + [UInt8](repeating: 0x61, count: 64) + [0, 0, 16, 0, 1]
        var overlongName = header(id: 0x0104)
        for _ in 0..<5 { overlongName.bytes += [63] + [UInt8](repeating: 0x61, count: 63) }
        overlongName.bytes += [0, 0, 16, 0, 1]
        var labelPastEnd = header(id: 0x0105)
        labelPastEnd.bytes += [20, 0x61, 0x62]
        var noTypeOrClass = header(id: 0x0106)
        noTypeOrClass.bytes += [1, 0x61, 0, 0]
        var unterminated = header(id: 0x0107)
        unterminated.bytes += [1, 0x61, 1, 0x62]
        return [
            ("empty", [], nil),
            ("shorter than a header", [0x12, 0x34, 0x01], nil),
            ("no question", header(id: 0x0201, questions: 0).bytes, 1),
            ("two questions", header(id: 0x0202, questions: 2).bytes + DNSMessage.wire("a.example") + [0, 16, 0, 1], 1),
            ("answers in a query", header(id: 0x0203, answers: 1).bytes + DNSMessage.wire("a.example") + [0, 16, 0, 1], 1),
            ("compression pointer loop", pointer.bytes, 1),
            ("pointer after a label", pointerAfterLabel.bytes, 1),
            ("reserved label type", reservedLabel.bytes, 1),
            ("name over 255 bytes", overlongName.bytes, 1),
            ("label past the end", labelPastEnd.bytes, 1),
            ("no type or class", noTypeOrClass.bytes, 1),
            ("unterminated name", unterminated.bytes, 1),
            ("opcode STATUS", header(id: 0x0204, flags: 0x1100).bytes + DNSMessage.wire("a.example") + [0, 16, 0, 1], 4),
            ("a response", header(id: 0x0205, flags: 0x8180).bytes + DNSMessage.wire("a.example") + [0, 16, 0, 1], nil),
        ]
    }()

    @Test(arguments: malformed)
    func answersMalformedQueriesWithFORMERRAndKeepsGoing(label: String, message: [UInt8], rcode: UInt8?) throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["still here"], for: Self.name)
        let client = try RawDNSClient.Datagrams(port: server.responder.port)

        client.transmit(message)
        if let rcode {
            let reply = try #require(client.receive(id: DNSMessage.id(message)), "\(label)")
            #expect(DNSMessage.rcode(reply) == rcode, "\(label)")
            #expect(reply[2] & 0x80 != 0, "\(label)")
        }
        client.transmit(DNSMessage.query(Self.name, id: 0x7777))
        let reply = try #require(client.receive(id: 0x7777), "\(label)")
        #expect(DNSMessage.rcode(reply) == 0)
        #expect(DNSMessage.answerCount(reply) == 1)
        #expect(server.responder.statistics.malformedMessages == 1)
        #expect(server.responder.statistics.udpQueries == 1)
    }

    @Test func survivesRandomGarbage() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["still here"], for: Self.name)
        let client = try RawDNSClient.Datagrams(port: server.responder.port)
        var generator = SeededGenerator(seed: 0x5EED)
        let valid = DNSMessage.query(Self.name, id: 1)
        for round in 0..<300 {
            var message: [UInt8]
            if round.isMultiple(of: 2) {
                message = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                message = valid                                               // a valid query with a few bytes flipped
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    message[Int.random(in: 0..<message.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            client.transmit(message)
            if round % 50 == 49 {
                // Paced, so no datagram is lost to a full socket buffer and every batch was read.
                let id = UInt16(0x4200 + round)
                client.transmit(DNSMessage.query(Self.name, id: id))
                let reply = try #require(client.receive(id: id), "after \(round + 1) messages")
                #expect(DNSMessage.answerCount(reply) == 1)
            }
        }
        #expect(await server.lookUp(Self.name).values == ["still here"])
    }

    @Test func survivesHostileTCPClients() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["still here"], for: Self.name)
        let port = server.responder.port

        let tooShort = try RawDNSClient.Stream(port: port)
        tooShort.transmit([0, 5, 1, 2, 3, 4, 5])                              // a frame too short for a header
        #expect(tooShort.closedByServer())

        let halfFrame = try RawDNSClient.Stream(port: port)
        halfFrame.transmit([0xFF, 0xFF, 1, 2, 3])                             // announces 65,535 bytes, sends 3
        let silent = try RawDNSClient.Stream(port: port)                      // connects, sends nothing

        let garbage = try RawDNSClient.Stream(port: port)
        var pointer = DNSMessage.header(id: 0x0909)
        pointer.bytes += [0xC0, 0x0C, 0, 16, 0, 1]
        garbage.transmitFramed(pointer.bytes)
        let formatError = try #require(garbage.receiveFramed())
        #expect(DNSMessage.rcode(formatError) == 1)
        garbage.transmitFramed(DNSMessage.query(Self.name, id: 0x0A0A))      // the same connection goes on
        #expect(try #require(garbage.receiveFramed()).count > 12)

        // Meanwhile UDP and fresh TCP clients are served.
        #expect(await server.lookUp(Self.name).values == ["still here"])
        let fresh = try RawDNSClient.Stream(port: port)
        fresh.transmitFramed(DNSMessage.query(Self.name, id: 0x0B0B))
        let reply = try #require(fresh.receiveFramed())
        #expect(DNSMessage.id(reply) == 0x0B0B)
        #expect(DNSMessage.answerCount(reply) == 1)
        withExtendedLifetime((halfFrame, silent)) {}
    }

    @Test func stopsPromptlyWithClientsConnectedAndRepliesPending() throws {
        let server = try RunningResponder()
        server.responder.setAnswer(.delayed(.seconds(30), .records(["never"])), for: Self.name)
        server.responder.setAnswer(.noResponse, for: "silent.example")
        let port = server.responder.port
        let waiting = try RawDNSClient.Stream(port: port)
        waiting.transmitFramed(DNSMessage.query(Self.name, id: 1))
        let silent = try RawDNSClient.Stream(port: port)
        silent.transmitFramed(DNSMessage.query("silent.example", id: 2))
        let idle = try RawDNSClient.Stream(port: port)
        let datagrams = try RawDNSClient.Datagrams(port: port)
        datagrams.transmit(DNSMessage.query(Self.name, id: 3))
        let arrived = Date().addingTimeInterval(15)
        while server.responder.statistics != Self.counts(udp: 1, tcp: 2), Date() < arrived {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(server.responder.statistics == Self.counts(udp: 1, tcp: 2))

        let started = ContinuousClock.now
        server.responder.stop()
        #expect(ContinuousClock.now - started < .seconds(8))                  // not the 10 s idle limit or the 30 s delay
        #expect(waiting.closedByServer(milliseconds: 5_000))
        #expect(silent.closedByServer(milliseconds: 5_000))
        #expect(idle.closedByServer(milliseconds: 5_000))
        #expect(datagrams.receive(milliseconds: 100) == nil)
    }
}
