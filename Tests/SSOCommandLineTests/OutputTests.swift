import Testing
import SelfServeSSO
@testable import SSOCommandLine

@Suite struct OutputTests {
    @Test func jsonIsSortedIndentedAndStable() {
        let value = JSONValue.object([
            "b": .array([.integer(1), .number(2.5), .bool(true), .null]),
            "a": .object([:]),
            "c": .array([]),
            "d": .string("x/y \"q\" \\ \n\t\u{1} é"),
        ])
        #expect(value.outputText == """
        {
          "a": {},
          "b": [
            1,
            2.5,
            true,
            null
          ],
          "c": [],
          "d": "x/y \\"q\\" \\\\ \\n\\t\\u0001 é"
        }

        """)
    }

    @Test func wholeDoublesPrintWithoutAFraction() {
        #expect(JSONValue.number(12_000).outputText == "12000\n")
        #expect(JSONValue.number(.infinity).outputText == "null\n")
        #expect(JSONValue.optional(nil).outputText == "null\n")
        #expect(JSONValue.timestampText(fixedNow) == "2025-06-15T15:06:40Z")
    }

    @Test(arguments: [
        (true, [String: String](), true),
        (true, ["NO_COLOR": "1"], false),
        (true, ["NO_COLOR": ""], false),
        (true, ["TERM": "dumb"], false),
        (false, [String: String](), false),
    ])
    func colourOnlyOnATerminalWithoutNoColor(terminal: Bool, environment: [String: String], expectsColor: Bool) {
        let style = TerminalStyle(for: TextBuffer(isTerminal: terminal), environment: environment)
        #expect(style.usesColor == expectsColor)
        #expect((style.red("x") != "x") == expectsColor)
    }

    @Test func tableAlignsColumns() {
        let style = TerminalStyle(for: TextBuffer(), environment: [:])
        let table = TextLayout.table(header: ["ID", "NAME"], rows: [["okta", "Okta"], ["a", "B"]], style: style)
        #expect(table == "ID    NAME\nokta  Okta\na     B\n")
    }

    @Test func bufferKeepsWhatIsWritten() {
        let buffer = TextBuffer()
        buffer.write("a")
        buffer.write("b\n")
        #expect(buffer.text == "ab\n")
        #expect(!buffer.isTerminal)
    }
}
