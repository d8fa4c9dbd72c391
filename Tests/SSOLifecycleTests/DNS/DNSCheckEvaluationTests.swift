import Foundation
@testable import SSOLifecycle
import Testing

/// `DNSCheck.evaluate`: the verdict on a look-up, and the message an IT admin reads.
@Suite struct DNSCheckEvaluationTests {
    static let name = "_sso-verification.acme.com"
    static let expected = "sso-verification=4f9c2b7e1a6d"
    static let when = Date(timeIntervalSince1970: 1_767_225_600)
    static let nameserver = Nameserver(host: "127.0.0.1", port: 5353)

    static func check(_ lookup: TXTLookup, nameserver: Nameserver? = nil) -> DNSCheck {
        DNSCheck.evaluate(lookup, queriedName: name, nameserver: nameserver, expectedValue: expected, at: when)
    }

    static func answered(_ values: [String]) -> TXTLookup {
        TXTLookup(outcome: .answered, records: values.map { [$0] })
    }

    // MARK: - Found

    @Test(arguments: [
        [["sso-verification=4f9c2b7e1a6d"]],
        [["\"sso-verification=4f9c2b7e1a6d\""]],                       // quotes a DNS panel stored
        [["  sso-verification=4f9c2b7e1a6d \n"]],
        [[" \"sso-verification=4f9c2b7e1a6d\"\t"]],
        [["sso-verification=", "4f9c2b7e1a6d"]],                       // one record, two strings
        [["v=spf1 -all"], ["sso-verification=old"], ["sso-verification=4f9c2b7e1a6d"]],
    ])
    func findsTheExpectedValue(records: [[String]]) {
        let check = Self.check(TXTLookup(outcome: .answered, records: records), nameserver: Self.nameserver)
        #expect(check.outcome == .found)
        #expect(check.foundValues == records.map { $0.joined() })
        #expect(check.expectedValue == Self.expected)
        #expect(check.queriedName == Self.name)
        #expect(check.nameserver == "127.0.0.1:5353")
        #expect(check.checkedAt == Self.when)
        #expect(check.message == "Found the TXT record at _sso-verification.acme.com at the nameserver 127.0.0.1:5353 with the expected value \"sso-verification=4f9c2b7e1a6d\".")
    }

    @Test(arguments: [
        "\"\"sso-verification=4f9c2b7e1a6d\"\"",                          // only one pair is removed
        "sso-verification=4f9c2b7e1a6d.",
        "'sso-verification=4f9c2b7e1a6d'",
    ])
    func doesNotStretchTheComparison(value: String) {
        #expect(Self.check(Self.answered([value])).outcome == .valueMismatch)
    }

    // MARK: - Near misses

    @Test(arguments: [
        ("sso-verification=4f9c2b7e1a6", "is cut off: it holds the first 28 of the 29 characters"),
        ("sso-verification=4f9cb7e1a6d", "is missing one character: \"2\" at position 22"),
        ("sso-verification=4f9c2bb7e1a6d", "has one character too many: \"b\" at position 24"),
        ("sso-verification=4f9c2b7e1a7d", "has one wrong character: \"7\" instead of \"6\" at position 28"),
        ("SSO-Verification=4F9C2B7E1A6D", "differs only in upper and lower case"),
        ("4f9c2b7e1a6d", "lacks the \"sso-verification=\" prefix"),
        ("sso_verification=4f9c2b7e1a6d", "has the right code after the “=” but \"sso_verification=\" before it"),
        ("sso-verification=4f9c2b 7e1a6d", "has spaces or line breaks inside it"),
        ("sso-verification=4f9c2b\n7e1a6d", "has spaces or line breaks inside it"),
        ("\"sso-verification=4f9c2b\" \"7e1a6d\"", "looks like the expected value cut into quoted pieces"),
        ("sso-verification=4f9c2b\u{200B}7e1a6d", "contains an invisible character"),
        ("google-site-verification=x sso-verification=4f9c2b7e1a6d", "contains the expected value with extra text around it"),
        ("verification=4f9c2b7e1a6d", "is missing the start"),
        ("sso-verification=0000aaaa1111", "is a different verification value, perhaps left from an earlier attempt"),
    ])
    func namesTheSlip(value: String, clause: String) {
        let check = Self.check(Self.answered(["v=spf1 -all", value]))
        #expect(check.outcome == .valueMismatch)
        #expect(check.foundValues == ["v=spf1 -all", value])
        #expect(check.message.contains(clause))
        #expect(check.message.hasPrefix("_sso-verification.acme.com has 2 TXT records through this server's DNS resolver, but none holds the expected value."))
        #expect(check.message.contains("Found: \"v=spf1 -all\", \(DNSValueQuoting.quoted(value))."))
        #expect(check.message.contains("\(DNSValueQuoting.quoted(value)) \(clause)"))
        #expect(check.message.contains("Expected: \"sso-verification=4f9c2b7e1a6d\"."))
        #expect(check.message.contains("other TXT records at this name can stay"))
    }

    @Test func saysNothingSpecificAboutAnUnrelatedValue() {
        let check = Self.check(Self.answered(["hello"]))
        #expect(check.outcome == .valueMismatch)
        #expect(check.message.contains("Found: \"hello\". Expected:"))
    }

    @Test func spotsAValueSplitAcrossRecords() {
        let check = Self.check(Self.answered(["4f9c2b7e1a6d", "sso-verification="]))
        #expect(check.outcome == .valueMismatch)
        #expect(check.message.contains("Found: \"4f9c2b7e1a6d\", \"sso-verification=\"."))
        #expect(check.message.contains("Together, the 2 records spell the expected value"))
        #expect(check.message.contains("must be one record"))
        #expect(!check.message.contains("prefix"))                             // the split explains both
    }

    @Test func showsHostileAndLongValuesSafely() {
        let long = "sso-verification=" + String(repeating: "z", count: 283)
        let check = Self.check(Self.answered(["quote\" back\\slash\u{0}\u{FFFD}\u{202E}", long]))
        #expect(check.message.contains(#""quote\" back\\slash\u{0}�\u{202E}""#))
        #expect(check.message.contains("(300 characters)"))
        #expect(check.message.contains("…"))
        #expect(!check.message.contains(String(repeating: "z", count: 100)))
        #expect(check.foundValues[1] == long)                                  // stored whole
    }

    // MARK: - No record

    @Test func explainsWhereToCreateAMissingRecord() {
        let check = Self.check(Self.answered([]))
        #expect(check.outcome == .noRecords)
        #expect(check.foundValues.isEmpty)
        #expect(check.message.hasPrefix("_sso-verification.acme.com exists through this server's DNS resolver but has no TXT record."))
        #expect(check.message.contains("Expected: a TXT record at _sso-verification.acme.com with the value \"sso-verification=4f9c2b7e1a6d\"."))
        #expect(check.message.contains("not on the domain acme.com itself"))
        #expect(check.message.contains("enter only _sso-verification as the name"))
        #expect(check.message.contains("_sso-verification.acme.com.acme.com"))
    }

    @Test func explainsANameThatDoesNotExist() {
        let check = Self.check(TXTLookup(outcome: .nameNotFound, detail: "NXDOMAIN"), nameserver: Self.nameserver)
        #expect(check.outcome == .nameNotFound)
        #expect(check.message.hasPrefix("_sso-verification.acme.com does not exist at the nameserver 127.0.0.1:5353 (NXDOMAIN)"))
        #expect(check.message.contains("has not been created yet, or DNS has not caught up"))
        #expect(check.message.contains("TTL"))
        #expect(check.message.contains("not on the domain acme.com itself"))
        #expect(check.message.contains("\"sso-verification=4f9c2b7e1a6d\""))
    }

    // MARK: - Failures

    @Test func blamesTheDomainsDNSForServerFailure() {
        let check = Self.check(TXTLookup(outcome: .serverFailure, detail: "SERVFAIL"))
        #expect(check.outcome == .serverFailure)
        #expect(check.message.hasPrefix("This server's DNS resolver could not answer for _sso-verification.acme.com (SERVFAIL)."))
        #expect(check.message.contains("the DNS of acme.com"))
        #expect(check.message.contains("DNSSEC"))
    }

    @Test func suggestsAnotherNameserverWhenRefused() {
        let atNameserver = Self.check(TXTLookup(outcome: .refused), nameserver: Self.nameserver)
        #expect(atNameserver.outcome == .refused)
        #expect(atNameserver.message.hasPrefix("The nameserver 127.0.0.1:5353 refused to answer for _sso-verification.acme.com (REFUSED)"))
        #expect(atNameserver.message.contains("leave out --nameserver"))

        let system = Self.check(TXTLookup(outcome: .refused))
        #expect(system.message.contains("ask another nameserver with --nameserver"))
    }

    @Test func suggestsRetryingAfterATimeout() {
        let detail = "the nameserver 127.0.0.1:5353 did not answer within 3 s (2 tries)"
        let check = Self.check(TXTLookup(outcome: .timeout, detail: detail), nameserver: Self.nameserver)
        #expect(check.outcome == .timeout)
        #expect(check.message.hasPrefix("No answer came for _sso-verification.acme.com: \(detail)."))
        #expect(check.message.contains("try again in a minute"))
        #expect(check.message.contains("--nameserver"))
    }

    @Test func passesOnWhatWentWrong() {
        let detail = "the nameserver 127.0.0.1:5353 refused the connection: no DNS server is listening on that address and port"
        let check = Self.check(TXTLookup(outcome: .failed, detail: detail), nameserver: Self.nameserver)
        #expect(check.outcome == .error)
        #expect(check.message.hasPrefix("The look-up of _sso-verification.acme.com could not be completed: \(detail)."))
        #expect(check.message.contains("Check the nameserver's address and port"))

        let bare = Self.check(TXTLookup(outcome: .failed))
        #expect(bare.message.hasPrefix("The look-up of _sso-verification.acme.com through this server's DNS resolver could not be completed. Check this server's DNS settings"))
    }

    @Test(arguments: TXTLookup.Outcome.allCases)
    func mapsEveryLookupOutcome(outcome: TXTLookup.Outcome) {
        let expected: [TXTLookup.Outcome: DNSCheck.Outcome] = [
            .answered: .noRecords, .nameNotFound: .nameNotFound, .serverFailure: .serverFailure,
            .refused: .refused, .timeout: .timeout, .failed: .error,
        ]
        let check = Self.check(TXTLookup(outcome: outcome, detail: "detail"))
        #expect(check.outcome == expected[outcome])
        #expect(check.message.contains(Self.name))
        #expect(check.message.hasSuffix("."))
        #expect(!check.message.contains("  "))
        #expect(!check.message.contains(".."))
    }

    @Test func leavesOutDomainAdviceForOtherNames() {
        let check = DNSCheck.evaluate(TXTLookup(outcome: .nameNotFound), queriedName: "verify.example.com",
                                      nameserver: nil, expectedValue: Self.expected, at: Self.when)
        #expect(check.message.contains("Create it at verify.example.com."))
        #expect(!check.message.contains("not on the domain"))
    }
}
