/// The opening line of a fenced code block: three or more backticks or tildes.
///
/// Shared by the guide parser (a `## ` inside fenced code is not a step) and the Markdown
/// renderer.
struct MarkdownFence: Sendable, Equatable {
    /// The fence character, a backtick or a tilde.
    let character: Character
    /// How many fence characters opened it; the closing fence needs at least as many.
    let length: Int
    /// The info string after the fence (its first word is the language), trimmed.
    let info: String

    /// The fence as written, such as "```".
    var marker: String { String(repeating: character, count: length) }

    /// Reads an opening fence, ignoring leading whitespace.
    /// - Parameter line: One line.
    init?(opening line: String) {
        guard let firstByte = line.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              firstByte == UInt8(ascii: "`") || firstByte == UInt8(ascii: "~") else { return nil }
        let content = line.drop { $0 == " " || $0 == "\t" }
        guard let first = content.first, first == "`" || first == "~" else { return nil }
        let run = content.prefix { $0 == first }.count
        guard run >= 3 else { return nil }
        let info = content.dropFirst(run).trimmingCharacters(in: .whitespaces)
        // A backtick fence's info string cannot contain a backtick (that is inline code).
        if first == "`", info.contains("`") { return nil }
        self.character = first
        self.length = run
        self.info = info
    }

    /// Whether `line` closes this fence: the same character at least as many times, then
    /// only whitespace.
    /// - Parameter line: One line.
    func isClosed(by line: String) -> Bool {
        let content = line.drop { $0 == " " || $0 == "\t" }
        let run = content.prefix { $0 == character }.count
        guard run >= length else { return false }
        return content.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
