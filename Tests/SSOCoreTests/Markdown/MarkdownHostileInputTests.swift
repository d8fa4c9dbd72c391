import SSOCore
import Testing

/// Hostile and degenerate input: no crash, bounded nesting, everything escaped. Each input
/// is large enough (tens of thousands of characters) that quadratic behaviour would make
/// the suite visibly slow; the renderer is linear in its input.
@Suite struct MarkdownHostileInputTests {
    static let size = 10_000

    func html(_ markdown: String) -> String { MarkdownRenderer().html(from: markdown) }

    static let pathological: [(String, String)] = [
        ("unclosed emphasis", String(repeating: "*a ", count: size)),
        ("unclosed strong", String(repeating: "**a ", count: size)),
        ("underscores", String(repeating: "_a_b", count: size)),
        ("alternating runs", String(repeating: "*_", count: size)),
        ("open brackets", String(repeating: "[", count: size)),
        ("link starts", String(repeating: "[a](", count: size)),
        ("close brackets", String(repeating: "](", count: size)),
        ("brackets then one paren", String(repeating: "[x](y ", count: size) + ")"),
        ("backtick staircase", (1...200).map { String(repeating: "`", count: $0) + "a" }.joined()),
        ("unclosed backticks", String(repeating: "`a", count: size)),
        ("angle brackets", String(repeating: "<a:", count: size)),
        ("less-than then greater", String(repeating: "<", count: size) + ">"),
        ("backslashes", String(repeating: "\\", count: size)),
        ("pipes", String(repeating: "|", count: size) + "\n" + String(repeating: "|-", count: size)),
        ("list markers", String(repeating: "- ", count: size)),
        ("headings", String(repeating: "#", count: size)),
        ("hash lines", String(repeating: "# x\n", count: size)),
        ("one paragraph of many lines", String(repeating: "line with hard break  \n", count: size)),
        ("many table rows", "| a | b |\n|---|---|\n" + String(repeating: "| x | y |\n", count: size)),
        ("example tokens", String(repeating: "\u{E000}9999\u{E001}\u{E000}", count: size)),
    ]

    @Test(arguments: pathological)
    func pathologicalInlineInputRendersEscaped(name: String, markdown: String) {
        let output = html(markdown)
        #expect(!output.isEmpty, "\(name)")
        #expect(!output.contains("<script"), "\(name)")
        #expect(!output.unicodeScalars.contains("\u{E000}"), "\(name)")
    }

    /// Characters HTML and XML cannot carry (NUL, other C0 controls, noncharacters) come out as
    /// U+FFFD in text, in link targets and in titles, so no page holds a terminal escape.
    @Test func controlCharactersBecomeReplacementCharacters() {
        let output = html("# T\u{1B}itle\n\na\u{0}b\u{1B}[31mc\u{8}d \u{FFFE} [x\u{7}](https://e.test/\u{1B} \"t\u{1}\") `c\u{2}`")
        let forbidden = output.unicodeScalars.filter { ($0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0)) || $0.value == 0xFFFE }
        #expect(forbidden.isEmpty, "\(output.debugDescription)")
        #expect(output.contains("a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d \u{FFFD}"), "\(output.debugDescription)")
    }

    @Test func deeplyNestedQuotesAreBounded() {
        let output = html(String(repeating: ">", count: Self.size) + " deep")
        let depth = output.components(separatedBy: "<blockquote>").count - 1
        #expect(depth == 12)
        #expect(output.contains("deep"))
    }

    @Test func deeplyNestedListsAreBounded() {
        let markdown = (0..<200).map { String(repeating: " ", count: $0 * 2) + "- level \($0)" }.joined(separator: "\n")
        let output = html(markdown)
        #expect(output.components(separatedBy: "<ul>").count - 1 == 12)
        #expect(output.contains("level 199"))
    }

    @Test func manyNestedEmphasisLevels() {
        let markdown = String(repeating: "*", count: 5_000) + "x" + String(repeating: "*", count: 5_000)
        let output = html(markdown)
        #expect(output.contains("x"))
        #expect(output.components(separatedBy: "<strong>").count == output.components(separatedBy: "</strong>").count)
        #expect(output.components(separatedBy: "<em>").count == output.components(separatedBy: "</em>").count)
    }

    @Test func longDocumentRenders() {
        let block = """
            ## Step

            1. Open **Applications** and click *Create*.
               - Use `https://app.example.com/acs` as the [ACS URL](https://help.example.com).
            2. Save.

            | a | b |
            | --- | --- |
            | `x` | <y> |

            > **Note:** done.

            """
        let output = html(String(repeating: block, count: 500))
        #expect(output.components(separatedBy: "<table>").count - 1 == 500)
        #expect(output.components(separatedBy: "<aside").count - 1 == 500)
    }

    @Test func scriptInjectionAttemptsAreInert() {
        let attempts = [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "[x](\"onmouseover=alert(1))",
            "[x](https://ok.test \"a\\\" onmouseover=\\\"alert(1)\")",
            "`</code><script>alert(1)</script>`",
            "```\n</code></pre><script>alert(1)</script>\n```",
            "| <script> | x |\n|---|---|\n| <img onerror=alert(1)> | y |",
            "> **Note:** <iframe src=javascript:alert(1)>",
            "# <svg onload=alert(1)>",
        ]
        for attempt in attempts {
            let output = html(attempt)
            #expect(!output.contains("<script"), "\(attempt)")
            #expect(!output.contains("<img"), "\(attempt)")
            #expect(!output.contains("<iframe"), "\(attempt)")
            #expect(!output.contains("<svg"), "\(attempt)")
            #expect(!output.contains("href=\"javascript"), "\(attempt)")
            #expect(!output.contains("\" onmouseover"), "\(attempt)")
        }
    }
}
