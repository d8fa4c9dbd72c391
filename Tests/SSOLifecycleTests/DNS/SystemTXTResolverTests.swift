import Foundation
import SelfServeSSOTestKit
@testable import SSOLifecycle
import Testing

/// The real `SystemTXTResolver` (the C library's resolver through `CDNSShims`) against a
/// `LoopbackDNSResponder` each test starts. Nothing leaves 127.0.0.1 / ::1.
// Upper bounds on elapsed time are generous: the whole test run shares two cooperative
// threads, and a long synchronous test elsewhere can delay a finished look-up's resumption by
// many seconds. What proves the time-outs is the outcome and its detail (the resolver's own
// deadline ended the wait), and the suite's time limit catches a look-up that hangs.
@Suite(.timeLimit(.minutes(2))) struct SystemTXTResolverTests {
    static let name = "_sso-verification.acme.example"

    // MARK: - Records

    @Test func readsOneRecord() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["sso-verification=abc123"], for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.records == [["sso-verification=abc123"]])
        #expect(lookup.values == ["sso-verification=abc123"])
        #expect(lookup.detail.isEmpty)
        #expect(server.responder.statistics.udpQueries == 1)
        #expect(server.responder.statistics.tcpQueries == 0)
    }

    @Test func readsSeveralRecordsInOrder() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["v=spf1 -all", "sso-verification=old", "sso-verification=new"], for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.values == ["v=spf1 -all", "sso-verification=old", "sso-verification=new"])
    }

    @Test func keepsAValueSplitIntoSeveralStrings() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.records([.init(strings: ["sso-verification=", "abc", "", "123"])]), for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.records == [["sso-verification=", "abc", "", "123"]])
        #expect(lookup.values == ["sso-verification=abc123"])
    }

    @Test func fetchesLongAnswersAgainOverTCP() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        let long = String(repeating: "0123456789", count: 200)                 // 2,000 bytes: 8 strings
        let several = (0..<12).map { "record-\($0)=" + String(repeating: "x", count: 250) }
        server.responder.setTXT([long] + several, for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.values == [long] + several)
        #expect(lookup.records.first?.count == 8)
        #expect(lookup.records.first?.allSatisfy { $0.utf8.count <= 255 } == true)
        let statistics = server.responder.statistics
        #expect(statistics.truncatedReplies == 1)
        #expect(statistics.udpQueries == 1)
        #expect(statistics.tcpQueries == 1)
    }

    @Test func followsAServerThatOnlyAnswersOverTCP() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.tcpOnly(.records(["short"])), for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.values == ["short"])
        #expect(server.responder.statistics.tcpQueries == 1)
    }

    @Test func followsACNAMEToItsRecords() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.alias("verify.dns-host.example"), for: Self.name)
        server.responder.setTXT(["sso-verification=via-alias"], for: "verify.dns-host.example")

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.values == ["sso-verification=via-alias"])
    }

    @Test func reportsANameWithoutTXTRecords() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT([], for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.records.isEmpty)
    }

    @Test func matchesNamesWithoutRegardToCase() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["sso-verification=Case-Kept"], for: "_SSO-Verification.Acme.EXAMPLE.")

        let lookup = await server.lookUp("_sso-verification.ACME.example")
        #expect(lookup.outcome == .answered)
        #expect(lookup.values == ["sso-verification=Case-Kept"])
    }

    @Test func keepsHostileBytesAsReplacementCharacters() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        let binary: [UInt8] = [0x00, 0xFF, 0xC3, 0x28, 0x0A, 0x7F]             // NUL, invalid UTF-8, LF, DEL
        let quotes = Array("\"sso-verification=\\\"x\\\"\"".utf8)
        let utf8 = Array("café ✓".utf8)
        server.responder.setAnswer(.records([.init(bytes: [binary, quotes]), .init(bytes: [utf8])]), for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(lookup.outcome == .answered)
        #expect(lookup.records == [
            ["\u{0}\u{FFFD}\u{FFFD}(\n\u{7F}", "\"sso-verification=\\\"x\\\"\""],
            ["café ✓"],
        ])
    }

    @Test func waitsForADelayedAnswerWithinTheTimeout() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.delayed(.milliseconds(200), .records(["late"])), for: Self.name)

        let started = ContinuousClock.now
        let lookup = await server.lookUp(Self.name)
        #expect(lookup.values == ["late"])
        #expect(ContinuousClock.now - started >= .milliseconds(190))
    }

    // MARK: - Failures

    @Test(arguments: [
        (LoopbackDNSResponder.Answer.nameNotFound, TXTLookup.Outcome.nameNotFound, "NXDOMAIN"),
        (.serverFailure, .serverFailure, "SERVFAIL"),
        (.refused, .refused, "REFUSED"),
    ])
    func reportsTheResponseCode(answer: LoopbackDNSResponder.Answer, outcome: TXTLookup.Outcome, word: String) async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(answer, for: Self.name)

        let lookup = await server.lookUp(Self.name)
        // Handed back as is: without dig's setting, res_nsend takes SERVFAIL and REFUSED as
        // "try the next server" and ends in a time-out or "connection refused".
        #expect(lookup.outcome == outcome)
        #expect(lookup.records.isEmpty)
        #expect(lookup.detail.contains(word))
        #expect(lookup.detail.contains(server.responder.address))
        #expect(server.responder.statistics.udpQueries == 1)
    }

    @Test func reportsAnUnknownNameAsNotFound() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        let lookup = await server.lookUp("_sso-verification.unknown.example")
        #expect(lookup.outcome == .nameNotFound)
    }

    @Test func timesOutWhenNoAnswerComes() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.noResponse, for: Self.name)

        let started = ContinuousClock.now
        let lookup = await server.lookUp(Self.name)
        let elapsed = ContinuousClock.now - started
        #expect(lookup.outcome == .timeout)
        // The resolver's own time-out, not the outer deadline, ended it.
        #expect(lookup.detail == "the nameserver \(server.responder.address) did not answer within 1 s (1 try)")
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(60))
    }

    @Test func boundsATCPRetryThatNeverAnswers() async throws {
        // The C library's TCP exchange has no time-out; the resolver's deadline must hold.
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.tcpOnly(.noResponse), for: Self.name)

        let started = ContinuousClock.now
        let lookup = await server.lookUp(Self.name)
        let elapsed = ContinuousClock.now - started
        #expect(lookup.outcome == .timeout)
        #expect(lookup.detail.contains("no complete answer"))
        #expect(elapsed >= RunningResponder.quickResolver.longestWait - .milliseconds(100))
        #expect(elapsed < .seconds(60))
        #expect(server.responder.statistics.tcpQueries == 1)
    }

    @Test func reportsAClosedPortAsUnreachableAtOnce() async throws {
        let server = try RunningResponder()
        let nameserver = server.nameserver
        server.responder.stop()                                               // nothing listens there now

        let lookup = await RunningResponder.quickResolver.lookUpTXT(Self.name, nameserver: nameserver)
        // Refused by the ICMP answer at once, not timed out.
        #expect(lookup.outcome == .failed)
        #expect(lookup.detail == "the nameserver \(nameserver) refused the connection: no DNS server is listening on that address and port")
    }

    @Test(arguments: ["", "a..example", "has space.example", String(repeating: "a", count: 64) + ".example",
                      "bücher.example", "back\\slash.example", String(repeating: "abc.", count: 70)])
    func refusesNamesThatCannotBeQueried(name: String) async {
        // No nameserver is running: these must fail before anything is sent.
        let lookup = await RunningResponder.quickResolver.lookUpTXT(name, nameserver: Nameserver(host: "127.0.0.1", port: 9))
        #expect(lookup.outcome == .failed)
        #expect(lookup.detail.contains("is not a DNS name that can be looked up"))
    }

    @Test(arguments: [
        (Nameserver(host: "127.0.0.1", port: 0), "port 0"),
        (Nameserver(host: "not a host!", port: 53), "is not an IP address or a host name"),
        (Nameserver(host: "", port: 53), "is not an IP address or a host name"),
    ])
    func refusesNameserversThatCannotBeAsked(nameserver: Nameserver, phrase: String) async {
        let lookup = await RunningResponder.quickResolver.lookUpTXT(Self.name, nameserver: nameserver)
        #expect(lookup.outcome == .failed)
        #expect(lookup.detail.contains(phrase))
    }

    // MARK: - Nameservers

    @Test func asksAnIPv6Nameserver() async throws {
        let server = try RunningResponder(family: .ipv6)
        defer { server.responder.stop() }
        server.responder.setTXT(["over-ipv6", String(repeating: "y", count: 600)], for: Self.name)

        let lookup = await server.lookUp(Self.name)
        #expect(server.responder.address == "[::1]:\(server.responder.port)")
        #expect(lookup.outcome == .answered)
        #expect(lookup.values == ["over-ipv6", String(repeating: "y", count: 600)])
        #expect(server.responder.statistics.tcpQueries == 1)
    }

    @Test func resolvesANameserverHostName() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setTXT(["by-name"], for: Self.name)

        // localhost comes from /etc/hosts: no DNS traffic.
        let lookup = await RunningResponder.quickResolver.lookUpTXT(
            Self.name, nameserver: Nameserver(host: "localhost", port: server.responder.port))
        #expect(lookup.values == ["by-name"])
    }

    // MARK: - Concurrency and bounds

    @Test func servesTwoResolversAtOnce() async throws {
        let server = try RunningResponder()
        defer { server.responder.stop() }
        server.responder.setAnswer(.delayed(.milliseconds(300), .records(["slow"])), for: "slow.example")
        for index in 0..<16 { server.responder.setTXT(["value-\(index)"], for: "name-\(index).example") }
        let nameserver = server.nameserver
        let first = SystemTXTResolver(timeoutPerTry: .seconds(1), tries: 1)
        let second = SystemTXTResolver(timeoutPerTry: .seconds(2), tries: 2)

        async let slow = first.lookUpTXT("slow.example", nameserver: nameserver)
        let quick = await withTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<16 {
                let resolver = index.isMultiple(of: 2) ? first : second
                group.addTask { (index, await resolver.lookUpTXT("name-\(index).example", nameserver: nameserver).values) }
            }
            var results: [Int: [String]] = [:]
            for await (index, values) in group { results[index] = values }
            return results
        }
        #expect(await slow.values == ["slow"])
        for index in 0..<16 { #expect(quick[index] == ["value-\(index)"]) }
        #expect(server.responder.statistics.udpQueries == 17)
    }

    @Test(arguments: [
        (Duration.milliseconds(1), 0, Duration.seconds(1), 1),
        (.milliseconds(1_500), 2, .seconds(2), 2),
        (.seconds(3), 2, .seconds(3), 2),
        (.seconds(300), 99, .seconds(30), 5),
    ])
    func keepsTimeoutsWithinWhatTheResolverSupports(timeout: Duration, tries: Int, expectedTimeout: Duration, expectedTries: Int) {
        let resolver = SystemTXTResolver(timeoutPerTry: timeout, tries: tries)
        #expect(resolver.timeoutPerTry == expectedTimeout)
        #expect(resolver.tries == expectedTries)
        #expect(resolver.longestWait == expectedTimeout * (expectedTries + 1))
    }

    @Test func defaultsToThreeSecondsTwice() {
        let resolver = SystemTXTResolver()
        #expect(resolver.timeoutPerTry == .seconds(3))
        #expect(resolver.tries == 2)
    }

    @Test func stopsWaitingAtTheDeadlineAndOnCancellation() async {
        let started = ContinuousClock.now
        let value = await BlockingCall.run(within: .milliseconds(100)) { reason in
            reason == .deadline ? "deadline" : "cancelled"
        } _: {
            Thread.sleep(forTimeInterval: 10)
            return "finished"
        }
        #expect(value == "deadline")
        #expect(ContinuousClock.now - started < .seconds(60))                   // a bound, not the proof: the value is

        let task = Task {
            await BlockingCall.run(within: .seconds(5)) { reason in
                reason == .deadline ? "deadline" : "cancelled"
            } _: {
                Thread.sleep(forTimeInterval: 3)
                return "finished"
            }
        }
        task.cancel()
        #expect(await task.value == "cancelled")

        let quick = await BlockingCall.run(within: .seconds(5)) { _ in "abandoned" } _: { "finished" }
        #expect(quick == "finished")
    }
}
