import Foundation
import Testing
@testable import SSOLifecycle

/// The bundled Public Suffix List and the list's algorithm.
@Suite struct PublicSuffixListTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var domain: String
        var registrable: String?
        init(_ domain: String, _ registrable: String?) {
            self.domain = domain
            self.registrable = registrable
        }
        var testDescription: String { "\(domain) → \(registrable ?? "null")" }
    }

    // The list's own test vectors (checkPublicSuffix calls), from the copy Debian ships with
    // the bundled list: /usr/share/doc/publicsuffix/examples/test_psl.txt of publicsuffix
    // 20230209.2326-1 (public domain). The null-input case does not apply to Swift.
    static let vectors: [Vector] = [
        Vector("COM", nil),
        Vector("example.COM", "example.com"),
        Vector("WwW.example.COM", "example.com"),
        Vector(".com", nil),
        Vector(".example", nil),
        Vector(".example.com", nil),
        Vector(".example.example", nil),
        Vector("example", nil),
        Vector("example.example", "example.example"),
        Vector("b.example.example", "example.example"),
        Vector("a.b.example.example", "example.example"),
        Vector("biz", nil),
        Vector("domain.biz", "domain.biz"),
        Vector("b.domain.biz", "domain.biz"),
        Vector("a.b.domain.biz", "domain.biz"),
        Vector("com", nil),
        Vector("example.com", "example.com"),
        Vector("b.example.com", "example.com"),
        Vector("a.b.example.com", "example.com"),
        Vector("uk.com", nil),
        Vector("example.uk.com", "example.uk.com"),
        Vector("b.example.uk.com", "example.uk.com"),
        Vector("a.b.example.uk.com", "example.uk.com"),
        Vector("test.ac", "test.ac"),
        Vector("mm", nil),
        Vector("c.mm", nil),
        Vector("b.c.mm", "b.c.mm"),
        Vector("a.b.c.mm", "b.c.mm"),
        Vector("jp", nil),
        Vector("test.jp", "test.jp"),
        Vector("www.test.jp", "test.jp"),
        Vector("ac.jp", nil),
        Vector("test.ac.jp", "test.ac.jp"),
        Vector("www.test.ac.jp", "test.ac.jp"),
        Vector("kyoto.jp", nil),
        Vector("test.kyoto.jp", "test.kyoto.jp"),
        Vector("ide.kyoto.jp", nil),
        Vector("b.ide.kyoto.jp", "b.ide.kyoto.jp"),
        Vector("a.b.ide.kyoto.jp", "b.ide.kyoto.jp"),
        Vector("c.kobe.jp", nil),
        Vector("b.c.kobe.jp", "b.c.kobe.jp"),
        Vector("a.b.c.kobe.jp", "b.c.kobe.jp"),
        Vector("city.kobe.jp", "city.kobe.jp"),
        Vector("www.city.kobe.jp", "city.kobe.jp"),
        Vector("ck", nil),
        Vector("test.ck", nil),
        Vector("b.test.ck", "b.test.ck"),
        Vector("a.b.test.ck", "b.test.ck"),
        Vector("www.ck", "www.ck"),
        Vector("www.www.ck", "www.ck"),
        Vector("us", nil),
        Vector("test.us", "test.us"),
        Vector("www.test.us", "test.us"),
        Vector("ak.us", nil),
        Vector("test.ak.us", "test.ak.us"),
        Vector("www.test.ak.us", "test.ak.us"),
        Vector("k12.ak.us", nil),
        Vector("test.k12.ak.us", "test.k12.ak.us"),
        Vector("www.test.k12.ak.us", "test.k12.ak.us"),
        Vector("食狮.com.cn", "食狮.com.cn"),
        Vector("食狮.公司.cn", "食狮.公司.cn"),
        Vector("www.食狮.公司.cn", "食狮.公司.cn"),
        Vector("shishi.公司.cn", "shishi.公司.cn"),
        Vector("公司.cn", nil),
        Vector("食狮.中国", "食狮.中国"),
        Vector("www.食狮.中国", "食狮.中国"),
        Vector("shishi.中国", "shishi.中国"),
        Vector("中国", nil),
        Vector("xn--85x722f.com.cn", "xn--85x722f.com.cn"),
        Vector("xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
        Vector("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn"),
        Vector("shishi.xn--55qx5d.cn", "shishi.xn--55qx5d.cn"),
        Vector("xn--55qx5d.cn", nil),
        Vector("xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"),
        Vector("www.xn--85x722f.xn--fiqs8s", "xn--85x722f.xn--fiqs8s"),
        Vector("shishi.xn--fiqs8s", "shishi.xn--fiqs8s"),
        Vector("xn--fiqs8s", nil),
    ]

    /// The name as the list is looked up with: what `normalize` returns, or for the single
    /// labels it refuses, the label lower-cased and encoded.
    static func lookupForm(_ domain: String) -> String? {
        if let name = try? DomainName.normalize(domain) { return name }
        guard !domain.contains(".") else { return nil }
        let lowered = domain.lowercased()
        if lowered.unicodeScalars.allSatisfy(\.isASCII) { return lowered }
        return Punycode.encode(Array(lowered.unicodeScalars)).map { "xn--" + $0 }
    }

    @Test(arguments: vectors)
    func officialTestVector(_ vector: Vector) throws {
        if vector.domain.hasPrefix(".") {
            // Leading dots never reach the list: normalize refuses them.
            let error = #expect(throws: LifecycleError.self) { try DomainName.normalize(vector.domain) }
            #expect(error?.code == .domainInvalid)
            #expect(vector.registrable == nil)
            return
        }
        let name = try #require(Self.lookupForm(vector.domain))
        let expected = vector.registrable.flatMap(Self.lookupForm)
        #expect(PublicSuffixList.bundled.registrableDomain(of: name) == expected)
        #expect(PublicSuffixList.bundled.isPublicSuffix(name) == (vector.registrable == nil))
    }

    @Test(arguments: [
        ("com", true), ("co.uk", true), ("uk.com", true), ("github.io", true), ("s3.amazonaws.com", true),
        ("anything.ck", true), ("ck", true), ("c.kobe.jp", true), ("xn--55qx5d.cn", true),
        ("example", true),
        ("acme.com", false), ("acme.co.uk", false), ("eu.acme.co.uk", false), ("acme.github.io", false),
        ("www.ck", false), ("city.kobe.jp", false), ("kobe.jp", false), ("bucket.s3.amazonaws.com", false), ("acme.example", false),
    ])
    func isPublicSuffix(_ domain: String, _ expected: Bool) {
        #expect(PublicSuffixList.bundled.isPublicSuffix(domain) == expected)
    }

    @Test func reportsTheSectionOfTheDecidingRule() {
        let list = PublicSuffixList.bundled
        #expect(list.publicSuffix(of: "acme.co.uk") == .init(suffix: "co.uk", section: .icann))
        #expect(list.publicSuffix(of: "acme.github.io") == .init(suffix: "github.io", section: .private))
        #expect(list.publicSuffix(of: "a.b.c.kobe.jp") == .init(suffix: "c.kobe.jp", section: .icann))
        #expect(list.publicSuffix(of: "www.city.kobe.jp") == .init(suffix: "kobe.jp", section: .icann))
        #expect(list.publicSuffix(of: "acme.example") == .init(suffix: "example", section: nil))
    }

    @Test func parsesWildcardsAndExceptionsFromText() {
        let list = PublicSuffixList(ruleText: """
            // comment
            [icann]
            example
            *.example
            !keep.example

            [private]
            host.example.net
            """)
        #expect(list.ruleCount == 4)
        #expect(list.isPublicSuffix("anything.example"))
        #expect(list.registrableDomain(of: "a.b.anything.example") == "b.anything.example")
        #expect(list.registrableDomain(of: "keep.example") == "keep.example")
        #expect(list.publicSuffix(of: "x.host.example.net") == .init(suffix: "host.example.net", section: .private))
        #expect(list.registrableDomain(of: "example.net") == "example.net")
    }

    @Test func keepsEveryGeneratedRule() {
        let lines = PublicSuffixList.bundledRuleText.split(separator: "\n")
        let rules = lines.filter { !$0.hasPrefix("[") }
        #expect(lines.first == "[icann]")
        #expect(lines.contains("[private]"))
        #expect(PublicSuffixList.bundled.ruleCount == rules.count)
        #expect(rules.count > 9_000)
        #expect(!PublicSuffixList.bundledRuleText.unicodeScalars.contains { !$0.isASCII })
    }

    /// Every rule's name, and each name under a wildcard, is a name `normalize` accepts and
    /// leaves as it is: the list and the normalizer agree on spelling, and the IDNA checks
    /// accept the internationalized names registries actually use.
    @Test func everyRuleIsANormalizedName() {
        var checked = 0
        for line in PublicSuffixList.bundledRuleText.split(separator: "\n") where !line.hasPrefix("[") {
            var name = line
            if name.hasPrefix("!") { name = name.dropFirst() }
            if name.hasPrefix("*.") { name = "x" + name.dropFirst() }
            guard name.contains(".") else { continue }
            let result = DomainNameNormalizer.analyze(String(name))
            #expect(result == .success(String(name)), "\(line)")
            checked += 1
        }
        #expect(checked > 8_000)
    }

    static let debianSource = "/usr/share/publicsuffix/public_suffix_list.dat"

    /// The generated rules are the Debian file's, with comments gone and internationalized
    /// labels encoded; also checks this package's Punycode against the generator's (Python).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: debianSource), "needs Debian's publicsuffix package"))
    func generatedRulesMatchTheDebianSource() throws {
        let source = try String(contentsOfFile: Self.debianSource, encoding: .utf8)
        var expected: [String] = []
        for line in source.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text == "// ===BEGIN ICANN DOMAINS===" { expected.append("[icann]"); continue }
            if text == "// ===BEGIN PRIVATE DOMAINS===" { expected.append("[private]"); continue }
            if text.isEmpty || text.hasPrefix("//") { continue }
            let rule = text.split(separator: " ").first.map(String.init) ?? text
            let labels = rule.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
                if label.unicodeScalars.allSatisfy(\.isASCII) { return String(label) }
                return "xn--" + (Punycode.encode(Array(label.unicodeScalars)) ?? "?")
            }
            expected.append(labels.joined(separator: "."))
        }
        let generated = PublicSuffixList.bundledRuleText.split(separator: "\n").map(String.init)
        #expect(generated.count == expected.count)
        #expect(generated == expected)
    }
}
