/// Word wrapping and column layout for help text and tables.
enum TextLayout {
    /// Joins words into lines no wider than `width` (a single long word gets its own line).
    static func wrapWords(_ words: [String], width: Int, firstPrefix: String, continuationPrefix: String) -> String {
        var lines: [String] = []
        var line = firstPrefix
        var lineHasWord = false
        for word in words {
            if lineHasWord, line.count + 1 + word.count > width {
                lines.append(line)
                line = continuationPrefix + word
            } else {
                line += (lineHasWord ? " " : "") + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Wraps each line of `text` (blank lines kept) to `width`; lines starting with spaces
    /// keep their indentation.
    static func wrapParagraphs(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = String(line.prefix { $0 == " " })
            let words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { return "" }
            let hanging = words.first == "-" ? indent + "  " : indent
            return wrapWords(words, width: width, firstPrefix: indent, continuationPrefix: hanging)
        }.joined(separator: "\n")
    }

    /// `  term        text…` with the text wrapped at `column`; a term too long for the
    /// column puts the text on the next line.
    static func definition(term: String, text: String, width: Int, column: Int) -> String {
        let indent = String(repeating: " ", count: column)
        let body = wrapWords(text.split(separator: " ").map(String.init), width: width,
                             firstPrefix: indent, continuationPrefix: indent)
        let head = "  " + term
        if head.count + 2 <= column {
            return head + String(body.dropFirst(head.count))
        }
        return head + "\n" + body
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(header: [String], rows: [[String]], style: TerminalStyle) -> String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        return ([style.bold(line(header))] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// `label  value` lines with the values aligned after the longest label; a value's own
    /// line breaks continue under the value column. Values are never wrapped, so URLs and
    /// TXT values stay copyable.
    static func fields(_ rows: [(String, String)], indent: Int = 2) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        let prefix = String(repeating: " ", count: indent)
        let continuation = String(repeating: " ", count: indent + width + 2)
        return rows.map { label, value in
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
            let head = prefix + label + String(repeating: " ", count: width - label.count) + "  "
            return ([head + (lines.first.map(String.init) ?? "")] + lines.dropFirst().map { continuation + $0 })
                .joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    /// Text wrapped to the help width with a first-line prefix and an indent for the rest.
    static func paragraph(_ text: String, first: String = "", indent: String = "") -> String {
        wrapWords(text.split(separator: " ").map(String.init), width: CommandSpec.helpWidth,
                  firstPrefix: first, continuationPrefix: indent) + "\n"
    }
}
