/// Turns example-value tokens into marked values for Markdown output.
///
/// - In text: the value with Markdown punctuation escaped, then ` *(example)*`; a name
///   (the organization or application name) is set in italics instead, which reads better
///   in a sentence.
/// - In a code span: the raw value, and ` *(example)*` after the span closes (not for names).
/// - In a link destination or fenced code: the raw value, unmarked (a marker there would
///   break the link or show up as code); the page says that such values are examples.
enum ExampleValueMarking {
    static let marker = " *(example)*"

    static func markdown(_ text: String, substitutions: [String], names: Set<Int> = []) -> String {
        guard text.unicodeScalars.contains(MarkdownInlineRenderer.exampleOpen) else { return text }
        var fence: MarkdownFence?
        var output: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                output.append(replacingTokens(in: line, substitutions: substitutions))
                continue
            }
            if let opened = MarkdownFence(opening: line) {
                fence = opened
                output.append(line)
                continue
            }
            output.append(markLine(line, substitutions: substitutions, names: names))
        }
        return output.joined(separator: "\n")
    }

    /// One line outside fenced code.
    private static func markLine(_ line: String, substitutions: [String], names: Set<Int>) -> String {
        let scalars = Array(line.unicodeScalars)
        var output = ""
        var codeRun: Int?          // length of the backtick run that opened the current code span
        var markAfterCode = false
        var inDestination = false  // between "](" and ")"
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "`" {
                var end = index
                while end < scalars.count, scalars[end] == "`" { end += 1 }
                let length = end - index
                output += String(repeating: "`", count: length)
                if let open = codeRun {
                    if open == length {
                        codeRun = nil
                        if markAfterCode { output += marker; markAfterCode = false }
                    }
                } else if hasClosingRun(scalars, from: end, length: length) {
                    codeRun = length
                }
                index = end
                continue
            }
            if codeRun == nil, scalar == "(", index > 0, scalars[index - 1] == "]" { inDestination = true }
            if codeRun == nil, scalar == ")" { inDestination = false }
            if scalar == MarkdownInlineRenderer.exampleOpen, let (value, length) = token(scalars, at: index, substitutions) {
                let isName = names.contains(tokenIndex(scalars, at: index, length: length))
                if codeRun != nil {
                    output += value
                    if !isName { markAfterCode = true }
                } else if inDestination {
                    output += value
                } else if isName {
                    output += "*\(escaped(value))*"
                } else {
                    output += escaped(value) + marker
                }
                index += length
                continue
            }
            if scalar != MarkdownInlineRenderer.exampleOpen, scalar != MarkdownInlineRenderer.exampleClose {
                output.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if markAfterCode { output += marker }
        return output
    }

    /// Replaces tokens by raw values (inside fenced code).
    private static func replacingTokens(in line: String, substitutions: [String]) -> String {
        let scalars = Array(line.unicodeScalars)
        var output = ""
        var index = 0
        while index < scalars.count {
            if scalars[index] == MarkdownInlineRenderer.exampleOpen, let (value, length) = token(scalars, at: index, substitutions) {
                output += value
                index += length
                continue
            }
            if scalars[index] != MarkdownInlineRenderer.exampleOpen, scalars[index] != MarkdownInlineRenderer.exampleClose {
                output.unicodeScalars.append(scalars[index])
            }
            index += 1
        }
        return output
    }

    private static func token(_ scalars: [Unicode.Scalar], at index: Int, _ substitutions: [String]) -> (String, Int)? {
        var end = index + 1
        var number = 0
        while end < scalars.count, end - index <= 6, scalars[end].isASCII, let digit = Int(String(scalars[end])) {
            number = number * 10 + digit
            end += 1
        }
        guard end > index + 1, end < scalars.count, scalars[end] == MarkdownInlineRenderer.exampleClose,
              number < substitutions.count else { return nil }
        return (substitutions[number], end + 1 - index)
    }

    private static func tokenIndex(_ scalars: [Unicode.Scalar], at index: Int, length: Int) -> Int {
        Int(String(String.UnicodeScalarView(scalars[(index + 1)..<(index + length - 1)]))) ?? -1
    }

    private static func hasClosingRun(_ scalars: [Unicode.Scalar], from start: Int, length: Int) -> Bool {
        var index = start
        while index < scalars.count {
            guard scalars[index] == "`" else { index += 1; continue }
            var end = index
            while end < scalars.count, scalars[end] == "`" { end += 1 }
            if end - index == length { return true }
            index = end
        }
        return false
    }

    /// Backslash-escapes the characters that would otherwise be read as Markdown inline
    /// markup, and a leading `#` or `>` that would start a block.
    static func escaped(_ value: String) -> String {
        var output = ""
        for character in value {
            if "\\`*_[]<|".contains(character) || (output.isEmpty && (character == "#" || character == ">")) {
                output.append("\\")
            }
            output.append(character)
        }
        return output
    }

    /// Adds `offset` `#`s to each ATX heading outside fenced code (at most six in all).
    static func shiftingHeadings(_ text: String, by offset: Int) -> String {
        guard offset > 0 else { return text }
        var fence: MarkdownFence?
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { substring in
            let line = String(substring)
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                return line
            }
            if let opened = MarkdownFence(opening: line) { fence = opened; return line }
            guard case .heading(let level, _)? = MarkdownBlockParser.heading(line) else { return line }
            let trimmed = MarkdownBlockParser.trimmingLeadingSpaces(line)
            return String(repeating: "#", count: min(6, level + offset) - level) + trimmed
        }.joined(separator: "\n")
    }
}
