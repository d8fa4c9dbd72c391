import Testing
@testable import SSOLifecycle

/// `DomainName.normalize`: what it accepts and returns, what it refuses with which code, and
/// how its messages quote hostile input.
@Suite struct DomainNameNormalizationTests {
    struct Good: Sendable, CustomTestStringConvertible {
        var input: String
        var normalized: String
        var testDescription: String { QuotedText.quoted(input) + " → " + normalized }
    }

    // Expected A-labels computed with Python's punycode codec (RFC 3492) from the NFC labels.
    static let good: [Good] = [
        Good(input: "acme.com", normalized: "acme.com"),
        Good(input: " ACME.com. ", normalized: "acme.com"),
        Good(input: "\tacme.com\n", normalized: "acme.com"),
        Good(input: "\u{A0}acme.com\u{3000}", normalized: "acme.com"),
        Good(input: "Mail.Acme.CO.UK", normalized: "mail.acme.co.uk"),
        Good(input: "acme-corp.com", normalized: "acme-corp.com"),
        Good(input: "3com.com", normalized: "3com.com"),
        Good(input: "1.2.3.com", normalized: "1.2.3.com"),
        Good(input: "ab--cd.com", normalized: "ab--cd.com"),
        Good(input: "bücher.de", normalized: "xn--bcher-kva.de"),
        Good(input: "BÜCHER.DE", normalized: "xn--bcher-kva.de"),
        Good(input: "bu\u{308}cher.de", normalized: "xn--bcher-kva.de"),
        Good(input: "xn--bcher-kva.de", normalized: "xn--bcher-kva.de"),
        Good(input: "XN--BCHER-KVA.DE", normalized: "xn--bcher-kva.de"),
        Good(input: "例え.jp", normalized: "xn--r8jz45g.jp"),
        Good(input: "例え。ｊｐ", normalized: "xn--r8jz45g.jp"),
        Good(input: "ａｃｍｅ．ｃｏｍ", normalized: "acme.com"),
        Good(input: "日本語.jp", normalized: "xn--wgv71a119e.jp"),
        Good(input: "пример.рф", normalized: "xn--e1afmkfd.xn--p1ai"),
        Good(input: "ПРИМЕР.РФ", normalized: "xn--e1afmkfd.xn--p1ai"),
        Good(input: "ελληνικά.gr", normalized: "xn--hxargifdar.gr"),
        Good(input: "مثال.مصر", normalized: "xn--mgbh0fb.xn--wgbh1c"),
        Good(input: "ผลิตภัณฑ์.th", normalized: "xn--i3cdf1av2a0gva5t.th"),
        Good(input: "faß.de", normalized: "xn--fa-hia.de"),
        Good(input: "col·legi.cat", normalized: "xn--collegi-xma.cat"),
        Good(input: "क्\u{200D}ष.in", normalized: "xn--11b2ezcw70k.in"),
        Good(input: "İstanbul.com", normalized: "xn--istanbul-o0e.com"),
        Good(input: String(repeating: "a", count: 63) + ".com", normalized: String(repeating: "a", count: 63) + ".com"),
        Good(input: Self.name(octets: 253), normalized: Self.name(octets: 253)),
        Good(input: Self.name(octets: 253) + ".", normalized: Self.name(octets: 253)),
    ]

    /// A valid name of exactly `octets` octets: 63-letter labels, then a shorter one.
    static func name(octets: Int) -> String {
        var labels: [String] = []
        var remaining = octets
        while remaining > 0 {
            let length = min(63, remaining - (labels.isEmpty ? 0 : 1))
            labels.append(String(repeating: "a", count: max(length, 1)))
            remaining -= length + (labels.count == 1 ? 0 : 1)
        }
        return labels.joined(separator: ".")
    }

    @Test func theLongNameHelperBuildsWhatItSays() {
        #expect(Self.name(octets: 253).utf8.count == 253)
        #expect(Self.name(octets: 254).utf8.count == 254)
    }

    @Test(arguments: good)
    func normalizes(_ example: Good) throws {
        #expect(try DomainName.normalize(example.input) == example.normalized)
        // Normalizing again changes nothing: stored names compare with fresh ones.
        #expect(try DomainName.normalize(example.normalized) == example.normalized)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var input: String
        var code: LifecycleError.Code
        var why: String
        var testDescription: String { QuotedText.quoted(input, limit: 40) + " (\(why))" }
    }

    static let bad: [Bad] = [
        // IP addresses in every shape resolvers accept.
        Bad(input: "127.0.0.1", code: .domainIPAddress, why: "dotted quad"),
        Bad(input: "127.1", code: .domainIPAddress, why: "short form"),
        Bad(input: "2130706433", code: .domainIPAddress, why: "one number"),
        Bad(input: "0x7f.0.0.1", code: .domainIPAddress, why: "hexadecimal part"),
        Bad(input: "0x7F.1", code: .domainIPAddress, why: "hexadecimal short form"),
        Bad(input: "0177.0.0.1", code: .domainIPAddress, why: "octal part"),
        Bad(input: "999.999.999.999", code: .domainIPAddress, why: "dotted numbers out of range"),
        Bad(input: "1.2.3.4.", code: .domainIPAddress, why: "trailing dot"),
        Bad(input: " 10.0.0.1 ", code: .domainIPAddress, why: "padded"),
        Bad(input: "::1", code: .domainIPAddress, why: "IPv6 loopback"),
        Bad(input: "[::1]", code: .domainIPAddress, why: "bracketed IPv6"),
        Bad(input: "[::1]:443", code: .domainIPAddress, why: "bracketed IPv6 with port"),
        Bad(input: "2001:db8::1", code: .domainIPAddress, why: "IPv6"),
        Bad(input: "[2001:DB8::1]", code: .domainIPAddress, why: "upper-case IPv6"),
        Bad(input: "::ffff:192.0.2.1", code: .domainIPAddress, why: "IPv4-mapped IPv6"),
        Bad(input: "fe80::1%eth0", code: .domainIPAddress, why: "IPv6 with zone"),
        // Wildcards.
        Bad(input: "*.acme.com", code: .domainWildcard, why: "leading wildcard"),
        Bad(input: "*", code: .domainWildcard, why: "lone star"),
        Bad(input: "acme.*", code: .domainWildcard, why: "trailing wildcard"),
        Bad(input: "*acme.com", code: .domainWildcard, why: "star in a label"),
        // Single labels.
        Bad(input: "localhost", code: .domainSingleLabel, why: "localhost"),
        Bad(input: "acme", code: .domainSingleLabel, why: "bare name"),
        Bad(input: "ACME.", code: .domainSingleLabel, why: "bare name with a dot"),
        Bad(input: "bücher", code: .domainSingleLabel, why: "internationalized bare name"),
        Bad(input: "xn--bcher-kva", code: .domainSingleLabel, why: "encoded bare name"),
        // Shapes that are not a domain.
        Bad(input: "https://acme.com", code: .domainInvalid, why: "web address"),
        Bad(input: "https://acme.com/x", code: .domainInvalid, why: "web address with a path"),
        Bad(input: "acme.com/login", code: .domainInvalid, why: "path without scheme"),
        Bad(input: "jane@acme.com", code: .domainInvalid, why: "email address"),
        Bad(input: "acme.com:443", code: .domainInvalid, why: "port"),
        // Empty and dots.
        Bad(input: "", code: .domainInvalid, why: "empty"),
        Bad(input: "   \t\n", code: .domainInvalid, why: "only whitespace"),
        Bad(input: ".", code: .domainInvalid, why: "only a dot"),
        Bad(input: "acme..com", code: .domainInvalid, why: "two dots"),
        Bad(input: ".acme.com", code: .domainInvalid, why: "leading dot"),
        Bad(input: "acme.com..", code: .domainInvalid, why: "two trailing dots"),
        // Label and name rules.
        Bad(input: "-acme.com", code: .domainInvalid, why: "leading hyphen"),
        Bad(input: "acme-.com", code: .domainInvalid, why: "trailing hyphen"),
        Bad(input: "acme.-com", code: .domainInvalid, why: "hyphen starting the last label"),
        Bad(input: String(repeating: "a", count: 64) + ".com", code: .domainInvalid, why: "64-octet label"),
        Bad(input: String(repeating: "ü", count: 60) + ".com", code: .domainInvalid, why: "label too long once encoded"),
        Bad(input: Self.name(octets: 254), code: .domainInvalid, why: "254-octet name"),
        Bad(input: "acme.123", code: .domainInvalid, why: "numeric top-level label"),
        Bad(input: "acme.0x1f", code: .domainInvalid, why: "hexadecimal top-level label"),
        // Characters.
        Bad(input: "acme .com", code: .domainInvalid, why: "space inside"),
        Bad(input: "acme corp.com", code: .domainInvalid, why: "space inside a label"),
        Bad(input: "acme_corp.com", code: .domainInvalid, why: "underscore"),
        Bad(input: "acme$.com", code: .domainInvalid, why: "dollar"),
        Bad(input: "acme\u{0}.com", code: .domainInvalid, why: "NUL"),
        Bad(input: "acme\u{7}.com", code: .domainInvalid, why: "bell"),
        Bad(input: "acme\t.com", code: .domainInvalid, why: "tab inside"),
        Bad(input: "acme\u{7F}.com", code: .domainInvalid, why: "DEL"),
        Bad(input: "acme\u{202E}moc.com", code: .domainInvalid, why: "right-to-left override"),
        Bad(input: "ac\u{200B}me.com", code: .domainInvalid, why: "zero-width space"),
        Bad(input: "ac\u{AD}me.com", code: .domainInvalid, why: "soft hyphen"),
        Bad(input: "😀.com", code: .domainInvalid, why: "emoji"),
        Bad(input: "acme😀.com", code: .domainInvalid, why: "emoji inside a label"),
        Bad(input: "a♥b.com", code: .domainInvalid, why: "symbol"),
        Bad(input: "ﬁle.com", code: .domainInvalid, why: "compatibility ligature"),
        Bad(input: "a\u{378}.com", code: .domainInvalid, why: "unassigned code point"),
        Bad(input: "ü\u{7}.com", code: .domainInvalid, why: "control in an internationalized label"),
        Bad(input: "\u{301}a.com", code: .domainInvalid, why: "leading combining mark"),
        Bad(input: "ab\u{200D}c.com", code: .domainInvalid, why: "zero width joiner without virama"),
        Bad(input: "a·b.com", code: .domainInvalid, why: "middle dot outside l·l"),
        Bad(input: "ab--ü.com", code: .domainInvalid, why: "hyphens in positions 3 and 4"),
        Bad(input: "ü-.com", code: .domainInvalid, why: "internationalized label ending with a hyphen"),
        Bad(input: "[acme.com]", code: .domainInvalid, why: "brackets"),
        // Encoded labels that do not decode to a valid label.
        Bad(input: "xn--ls8h.com", code: .domainInvalid, why: "encodes an emoji"),
        Bad(input: "xn--a.com", code: .domainInvalid, why: "decodes to a control character"),
        Bad(input: "xn--acme-.com", code: .domainInvalid, why: "encodes plain ASCII"),
        Bad(input: "xn--bcher-kv!.com", code: .domainInvalid, why: "not Punycode"),
        Bad(input: "xn--99999999999a.com", code: .domainInvalid, why: "overflows"),
        Bad(input: "xn--bcher-kva-.de", code: .domainInvalid, why: "trailing hyphen"),
        // Huge input.
        Bad(input: megabytes(10, of: "a"), code: .domainInvalid, why: "10 MB"),
        Bad(input: megabytes(10, of: " ") + "acme.com", code: .domainInvalid, why: "10 MB of spaces"),
        Bad(input: megabytes(2, of: "a."), code: .domainInvalid, why: "a million labels"),
    ]

    @Test(arguments: bad)
    func refuses(_ example: Bad) {
        let error = #expect(throws: LifecycleError.self) { try DomainName.normalize(example.input) }
        #expect(error?.code == example.code)
        // Messages stay short whatever was typed, and never carry invisible or control
        // characters through.
        let message = error?.message ?? ""
        #expect(message.utf8.count < 600, "\(message.prefix(200))")
        #expect(!message.unicodeScalars.contains { QuotedText.needsEscape($0) && $0 != " " })
    }

    @Test(arguments: [
        ("https://acme.com/x", "\"acme.com\""),
        ("HTTPS://user@Acme.com:8443/login?x=1", "\"acme.com\""),
        ("jane@ACME.com", "\"acme.com\""),
        ("*.acme.com", "\"acme.com\""),
        ("acme.com:443", "\"acme.com\""),
        ("https://localhost/", "\"acme.com\""),
    ])
    func webAndEmailAddressesSuggestTheDomain(_ input: String, _ suggestion: String) throws {
        let error = #expect(throws: LifecycleError.self) { try DomainName.normalize(input) }
        let message = try #require(error?.message)
        #expect(message.contains(suggestion), "\(message)")
    }

    @Test func messagesSayWhatWasTypedAndWhatToEnter() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize(" acme..com ") })
        #expect(error.message == "\"acme..com\" has an empty label: two dots in a row, or a dot at the start. Remove the extra dot, as in acme.com.")
        let single = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("localhost") })
        #expect(single.message.hasPrefix("\"localhost\" has no dot"))
        #expect(single.message.contains("acme.com"))
        let web = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("https://acme.com") })
        #expect(web.message == "\"https://acme.com\" is a web address, not a domain name. Enter just the domain, such as \"acme.com\".")
    }

    @Test func hostileCharactersAreEscapedInMessages() throws {
        let override = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("acme\u{202E}moc.com") })
        #expect(override.message.contains("\"acme\\u{202E}moc.com\""))
        #expect(override.message.contains("U+202E"))
        #expect(!override.message.unicodeScalars.contains("\u{202E}"))

        let nul = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("acme\u{0}.com") })
        #expect(nul.message.contains("\\u{0}"))
        #expect(!nul.message.unicodeScalars.contains("\u{0}"))

        let emoji = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("😀.com") })
        #expect(emoji.message.contains("U+1F600"))

        let mark = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("\u{301}a.com") })
        #expect(mark.message.hasPrefix("\"\\u{301}a.com\""), "\(mark.message)")

        let quote = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("a\"b.com") })
        #expect(quote.message.hasPrefix("\"a\\\"b.com\""))
    }

    @Test func veryLongInputIsCutInTheMessage() throws {
        let huge = megabytes(10, of: "a")
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize(huge) })
        #expect(error.message.contains("…"))
        #expect(error.message.contains("10000000 bytes"))
        #expect(error.message.utf8.count < 400)
    }

    @Test func anEncodedEmojiSaysWhatItDecodesTo() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalize("xn--ls8h.com") })
        #expect(error.message.contains("U+1F4A9"), "\(error.message)")
    }

    /// The fast path must answer exactly as the full normalizer wherever it answers at all.
    @Test func fastPathAgreesWithTheFullNormalizer() {
        var generator = SplitMix64(seed: 0x5350_4F4D_4149_4E53)
        let alphabet = Array("abcdefxyzABQ0189-..".utf8) + [UInt8(ascii: " ")]
        var inputs = Self.good.map(\.input) + Self.bad.map(\.input).filter { $0.utf8.count < 1000 }
        for _ in 0..<10_000 {
            let length = Int(generator.next() % 24)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            inputs.append(String(decoding: bytes, as: UTF8.self))
        }
        var answered = 0
        var disagreements: [String] = []
        for input in inputs {
            guard let fast = ASCIIDomainFastPath.normalized(input) else { continue }
            answered += 1
            if DomainNameNormalizer.analyze(input) != .success(fast) { disagreements.append(input) }
        }
        #expect(disagreements.isEmpty)
        #expect(answered > 500)
    }

    @Test func fastPathReturnsAnAlreadyNormalizedNameAsItIs() {
        #expect(ASCIIDomainFastPath.normalized("acme.com") == "acme.com")
        #expect(ASCIIDomainFastPath.normalized("ACME.com.") == "acme.com")
        #expect(ASCIIDomainFastPath.normalized("xn--bcher-kva.de") == nil)
        #expect(ASCIIDomainFastPath.normalized("acme.123") == nil)
        #expect(ASCIIDomainFastPath.normalized(" acme.com") == nil)
    }
}

/// A string of `megabytes` million bytes repeating `pattern`, built in one allocation
/// (`String(repeating:count:)` takes about a second for this in a debug build).
func megabytes(_ megabytes: Int, of pattern: String) -> String {
    let unit = Array(pattern.utf8)
    let count = megabytes * 1_000_000
    guard unit.count > 1 else { return String(decoding: [UInt8](repeating: unit[0], count: count), as: UTF8.self) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for _ in 0..<(count / unit.count) { bytes.append(contentsOf: unit) }
    return String(decoding: bytes, as: UTF8.self)
}

/// A small deterministic generator, so the agreement test sees the same inputs every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
