import SAML

/// Renders the inline content of one block (a paragraph, heading or table cell) to HTML.
///
/// Supported: backslash escapes, code spans, `*`/`_` emphasis and strong emphasis (with
/// CommonMark's delimiter-run rules), links `[text](url)` and `[text](url "title")`, images
/// `![alt](src)` shown as their alternative text (generated pages load no resources),
/// autolinks `<https://…>`, hard line breaks (two trailing spaces or a backslash). Everything
/// else is text and is HTML-escaped; raw HTML is shown, not interpreted.
///
/// Time is linear in the input: code-span closers come from a precomputed index, link
/// destinations and autolinks are bounded by precomputed "next `)`/`>`/space" tables, and
/// emphasis uses CommonMark's openers-bottom bookkeeping so no closer searches the same
/// openers twice.
///
/// Example values (`U+E000`, digits, `U+E001`) are replaced by `substitutions[digits]`,
/// escaped, inside `<mark class="example">`, without ever being parsed as Markdown.
struct MarkdownInlineRenderer {
    /// Values for example-value tokens.
    var substitutions: [String] = []

    static let exampleOpen: Unicode.Scalar = "\u{E000}"
    static let exampleClose: Unicode.Scalar = "\u{E001}"

    /// The token that stands for `substitutions[index]` in Markdown text.
    static func exampleToken(_ index: Int) -> String {
        "\(Character(exampleOpen))\(index)\(Character(exampleClose))"
    }

    /// Escapes text as code (no Markdown), still replacing example-value tokens.
    func renderLiteral(_ text: String) -> String {
        var state = State(scalars: [], substitutions: substitutions)
        state.appendLiteral(Array(text.unicodeScalars))
        return state.output()
    }

    // MARK: - State

    private struct Node {
        var closeTags = ""
        var text = ""
        var openTags = ""
    }

    private struct Delimiter {
        let node: Int
        let character: Unicode.Scalar
        var count: Int
        let originalCount: Int
        let canOpen: Bool
        let canClose: Bool
        var previous: Int
        var next: Int
    }

    private struct Bracket {
        let node: Int
        /// Delimiters at or above this index are inside the link text.
        let delimiterBottom: Int
        var isActive: Bool
        /// Opened by `![`: an image, shown as its alternative text only (pages load nothing).
        var isImage = false
    }

    /// Renders inline Markdown.
    func render(_ text: String) -> String {
        var state = State(scalars: Array(text.unicodeScalars), substitutions: substitutions)
        state.run()
        return state.output()
    }

    private struct State {
        let scalars: [Unicode.Scalar]
        let substitutions: [String]
        var nodes: [Node] = [Node()]
        var delimiters: [Delimiter] = []
        var brackets: [Bracket] = []
        var position = 0

        // Precomputed look-ups, each filled in one backward pass.
        var nextCloseParenthesis: [Int]
        var nextGreaterThan: [Int]
        var nextSpaceOrLessThan: [Int]
        var nextWhitespace: [Int]
        var codeRunsByLength: [Int: [Int]] = [:]
        var codeRunCursor: [Int: Int] = [:]

        init(scalars: [Unicode.Scalar], substitutions: [String]) {
            self.scalars = scalars
            self.substitutions = substitutions
            let count = scalars.count
            nextCloseParenthesis = Array(repeating: count, count: count + 1)
            nextGreaterThan = Array(repeating: count, count: count + 1)
            nextSpaceOrLessThan = Array(repeating: count, count: count + 1)
            nextWhitespace = Array(repeating: count, count: count + 1)
            var index = count - 1
            while index >= 0 {
                let scalar = scalars[index]
                let white = scalar.properties.isWhitespace
                nextCloseParenthesis[index] = scalar == ")" ? index : nextCloseParenthesis[index + 1]
                nextGreaterThan[index] = scalar == ">" ? index : nextGreaterThan[index + 1]
                nextSpaceOrLessThan[index] = (white || scalar == "<") ? index : nextSpaceOrLessThan[index + 1]
                nextWhitespace[index] = white ? index : nextWhitespace[index + 1]
                index -= 1
            }
            var start = 0
            while start < count {
                guard scalars[start] == "`" else { start += 1; continue }
                var end = start
                while end < count, scalars[end] == "`" { end += 1 }
                codeRunsByLength[end - start, default: []].append(start)
                start = end
            }
        }

        // MARK: Output

        func output() -> String {
            var result = ""
            for node in nodes {
                result += node.closeTags
                result += node.text
                result += node.openTags
            }
            return result
        }

        mutating func appendText(_ scalar: Unicode.Scalar) {
            MarkupEscaping.appendHTML(scalar, to: &nodes[nodes.count - 1].text)
        }

        mutating func appendHTML(_ html: String) {
            nodes[nodes.count - 1].text += html
        }

        /// Starts a node of its own (for a delimiter run or bracket), then a fresh text node.
        mutating func appendStandalone(_ html: String) -> Int {
            nodes.append(Node(text: html))
            nodes.append(Node())
            return nodes.count - 2
        }

        // MARK: Main loop

        mutating func run() {
            while position < scalars.count {
                let scalar = scalars[position]
                switch scalar {
                case "\\":
                    handleBackslash()
                case "`":
                    handleBackticks()
                case "*", "_":
                    handleDelimiterRun(scalar)
                case "!" where position + 1 < scalars.count && scalars[position + 1] == "[":
                    let node = appendStandalone("![")
                    brackets.append(Bracket(node: node, delimiterBottom: delimiters.count, isActive: true, isImage: true))
                    position += 2
                case "[":
                    let node = appendStandalone("[")
                    brackets.append(Bracket(node: node, delimiterBottom: delimiters.count, isActive: true))
                    position += 1
                case "]":
                    handleCloseBracket()
                case "<":
                    if !handleAutolink() { appendText("<"); position += 1 }
                case "\n":
                    handleLineEnding(hard: false)
                case MarkdownInlineRenderer.exampleOpen:
                    handleExampleToken(inAttribute: false)
                case MarkdownInlineRenderer.exampleClose:
                    position += 1  // a stray close marker is dropped
                default:
                    appendText(scalar)
                    position += 1
                }
            }
            processEmphasis(bottom: 0)
        }

        mutating func handleBackslash() {
            let next = position + 1 < scalars.count ? scalars[position + 1] : nil
            if next == "\n" {
                position += 1
                handleLineEnding(hard: true)
                return
            }
            if let next, next.isASCII, next.properties.generalCategory.isPunctuationOrSymbol {
                appendText(next)
                position += 2
                return
            }
            appendText("\\")
            position += 1
        }

        mutating func handleLineEnding(hard: Bool) {
            // Trailing spaces before a line ending are dropped; two or more make a hard break.
            // Trimmed in place: copying the node's text here would make long paragraphs quadratic.
            let last = nodes.count - 1
            var spaces = 0
            while nodes[last].text.utf8.last == UInt8(ascii: " ") { nodes[last].text.removeLast(); spaces += 1 }
            appendHTML(hard || spaces >= 2 ? "<br>\n" : "\n")
            position += 1
            while position < scalars.count, scalars[position] == " " { position += 1 }
        }

        mutating func handleBackticks() {
            var end = position
            while end < scalars.count, scalars[end] == "`" { end += 1 }
            let length = end - position
            // The closer is the next run of exactly the same length.
            var closer: Int?
            if let runs = codeRunsByLength[length] {
                var cursor = codeRunCursor[length] ?? 0
                while cursor < runs.count, runs[cursor] <= position { cursor += 1 }
                codeRunCursor[length] = cursor
                if cursor < runs.count { closer = runs[cursor] }
            }
            // A run left after an escaped backtick opens a span too, as in CommonMark.
            guard let closer else {
                for _ in 0..<length { appendText("`") }
                position = end
                return
            }
            var content = Array(scalars[end..<closer]).map { $0 == "\n" ? " " : $0 }
            if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                content = Array(content.dropFirst().dropLast())
            }
            appendHTML("<code>")
            appendLiteral(content)
            appendHTML("</code>")
            position = closer + length
        }

        /// Appends scalars as escaped text, still replacing example-value tokens.
        mutating func appendLiteral(_ content: [Unicode.Scalar]) {
            var index = 0
            while index < content.count {
                let scalar = content[index]
                if scalar == MarkdownInlineRenderer.exampleOpen,
                   let (html, length) = exampleToken(in: content, at: index, inAttribute: false) {
                    appendHTML(html)
                    index += length
                    continue
                }
                if scalar != MarkdownInlineRenderer.exampleOpen, scalar != MarkdownInlineRenderer.exampleClose {
                    appendText(scalar)
                }
                index += 1
            }
        }

        mutating func handleExampleToken(inAttribute: Bool) {
            if let (html, length) = exampleToken(in: scalars, at: position, inAttribute: inAttribute) {
                appendHTML(html)
                position += length
            } else {
                position += 1
            }
        }

        /// The HTML for the token at `index` and its length in scalars, or nil when it is not one.
        func exampleToken(in content: [Unicode.Scalar], at index: Int, inAttribute: Bool) -> (String, Int)? {
            var end = index + 1
            var number = 0
            while end < content.count, end - index <= 6, content[end].isASCII, let digit = Int(String(content[end])) {
                number = number * 10 + digit
                end += 1
            }
            guard end > index + 1, end < content.count, content[end] == MarkdownInlineRenderer.exampleClose,
                  number < substitutions.count else { return nil }
            let value = MarkupEscaping.html(substitutions[number])
            return (inAttribute ? value : "<mark class=\"example\">\(value)</mark>", end + 1 - index)
        }

        // MARK: Emphasis

        mutating func handleDelimiterRun(_ character: Unicode.Scalar) {
            var end = position
            while end < scalars.count, scalars[end] == character { end += 1 }
            let count = end - position
            let before: Unicode.Scalar = position > 0 ? scalars[position - 1] : " "
            let after: Unicode.Scalar = end < scalars.count ? scalars[end] : " "
            let beforeWhite = before.properties.isWhitespace, afterWhite = after.properties.isWhitespace
            let beforePunct = before.properties.generalCategory.isPunctuationOrSymbol
            let afterPunct = after.properties.generalCategory.isPunctuationOrSymbol
            let leftFlanking = !afterWhite && (!afterPunct || beforeWhite || beforePunct)
            let rightFlanking = !beforeWhite && (!beforePunct || afterWhite || afterPunct)
            let canOpen: Bool, canClose: Bool
            if character == "*" {
                canOpen = leftFlanking
                canClose = rightFlanking
            } else {
                canOpen = leftFlanking && (!rightFlanking || beforePunct)
                canClose = rightFlanking && (!leftFlanking || afterPunct)
            }
            let node = appendStandalone(String(repeating: Character(character), count: count))
            if canOpen || canClose {
                let index = delimiters.count
                if index > 0 { delimiters[index - 1].next = index }
                delimiters.append(Delimiter(node: node, character: character, count: count, originalCount: count,
                                            canOpen: canOpen, canClose: canClose,
                                            previous: index - 1, next: Int.max))
            }
            position = end
        }

        /// CommonMark's "process emphasis" over the delimiters at index `bottom` and above.
        mutating func processEmphasis(bottom: Int) {
            guard bottom < delimiters.count else { return }
            // For each (character, closer length mod 3, closer can open): the lowest opener
            // index worth looking at again.
            var openersBottom: [Int: Int] = [:]
            var closerIndex = bottom
            while closerIndex < delimiters.count {
                let closer = delimiters[closerIndex]
                guard closer.canClose, closer.count > 0 else {
                    closerIndex = closer.next
                    continue
                }
                let key = (closer.character == "*" ? 0 : 6) + (closer.originalCount % 3) * 2 + (closer.canOpen ? 1 : 0)
                let floor = max(bottom, openersBottom[key] ?? bottom)
                var openerIndex = closer.previous
                var found: Int?
                while openerIndex >= floor {
                    let opener = delimiters[openerIndex]
                    if opener.character == closer.character, opener.canOpen, opener.count > 0 {
                        let oddMatch = (opener.canClose || closer.canOpen)
                            && (opener.originalCount + closer.originalCount) % 3 == 0
                            && !(opener.originalCount % 3 == 0 && closer.originalCount % 3 == 0)
                        if !oddMatch { found = openerIndex; break }
                    }
                    openerIndex = opener.previous
                }
                guard let openerIndex = found else {
                    openersBottom[key] = closerIndex
                    if !closer.canOpen { unlink(closerIndex) }
                    closerIndex = closer.next
                    continue
                }
                let used = delimiters[openerIndex].count >= 2 && closer.count >= 2 ? 2 : 1
                let tag = used == 2 ? "strong" : "em"
                let openerNode = delimiters[openerIndex].node
                nodes[openerNode].openTags = "<\(tag)>" + nodes[openerNode].openTags
                nodes[closer.node].closeTags += "</\(tag)>"
                delimiters[openerIndex].count -= used
                delimiters[closerIndex].count -= used
                nodes[openerNode].text = String(repeating: Character(closer.character), count: delimiters[openerIndex].count)
                nodes[closer.node].text = String(repeating: Character(closer.character), count: delimiters[closerIndex].count)
                // Delimiters between opener and closer can no longer match anything.
                delimiters[openerIndex].next = closerIndex
                delimiters[closerIndex].previous = openerIndex
                if delimiters[openerIndex].count == 0 { unlink(openerIndex) }
                if delimiters[closerIndex].count == 0 {
                    let next = delimiters[closerIndex].next
                    unlink(closerIndex)
                    closerIndex = next
                }
            }
        }

        mutating func unlink(_ index: Int) {
            let previous = delimiters[index].previous, next = delimiters[index].next
            if previous >= 0 { delimiters[previous].next = next }
            if next < delimiters.count { delimiters[next].previous = previous }
            delimiters[index].count = 0
        }

        // MARK: Links

        mutating func handleCloseBracket() {
            guard let opener = brackets.last else {
                appendText("]")
                position += 1
                return
            }
            guard opener.isActive, let destination = linkDestination(after: position) else {
                brackets.removeLast()
                appendText("]")
                position += 1
                return
            }
            processEmphasis(bottom: opener.delimiterBottom)
            // The link text's delimiters are settled; drop them so outer runs never pair with them.
            if opener.delimiterBottom < delimiters.count {
                delimiters.removeLast(delimiters.count - opener.delimiterBottom)
                if let last = delimiters.indices.last { delimiters[last].next = Int.max }
            }
            brackets.removeLast()
            let href = resolveTokens(destination.url)
            if opener.isImage {
                nodes[opener.node].text = ""
            } else if LinkDestination.isAllowed(href) {
                let title = destination.title.map { " title=\"\(MarkupEscaping.html(resolveTokens($0)))\"" } ?? ""
                nodes[opener.node].text = "<a href=\"\(MarkupEscaping.html(href))\"\(title)>"
                _ = appendStandalone("</a>")
                // No links inside links.
                for index in brackets.indices { brackets[index].isActive = false }
            } else {
                nodes[opener.node].text = ""
            }
            position = destination.end
        }

        /// Parses `(url)` or `(url "title")` right after the `]` at `close`.
        func linkDestination(after close: Int) -> (url: String, title: String?, end: Int)? {
            let open = close + 1
            guard open < scalars.count, scalars[open] == "(" else { return nil }
            let start = open + 1
            let end = nextCloseParenthesis[start]
            guard end < scalars.count else { return nil }
            let space = nextWhitespace[start]
            if space >= end {
                return (unescape(scalars[start..<end]), nil, end + 1)
            }
            // A title: whitespace, a double-quoted string, optional whitespace, then ')'.
            var titleStart = space
            while titleStart < end, scalars[titleStart].properties.isWhitespace { titleStart += 1 }
            var titleEnd = end - 1
            while titleEnd > titleStart, scalars[titleEnd].properties.isWhitespace { titleEnd -= 1 }
            guard titleStart < titleEnd, scalars[titleStart] == "\"", scalars[titleEnd] == "\"" else { return nil }
            return (unescape(scalars[start..<space]), unescape(scalars[(titleStart + 1)..<titleEnd]), end + 1)
        }

        func unescape(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var result = String.UnicodeScalarView()
            var index = slice.startIndex
            while index < slice.endIndex {
                let scalar = slice[index]
                if scalar == "\\", index + 1 < slice.endIndex, slice[index + 1].isASCII,
                   slice[index + 1].properties.generalCategory.isPunctuationOrSymbol {
                    result.append(slice[index + 1])
                    index += 2
                } else {
                    result.append(scalar)
                    index += 1
                }
            }
            return String(result)
        }

        /// Replaces example-value tokens by their raw values (for `href` and `title`).
        func resolveTokens(_ text: String) -> String {
            guard text.unicodeScalars.contains(MarkdownInlineRenderer.exampleOpen) else {
                return text.unicodeScalars.contains(MarkdownInlineRenderer.exampleClose)
                    ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != MarkdownInlineRenderer.exampleClose })) : text
            }
            let content = Array(text.unicodeScalars)
            var result = ""
            var index = 0
            while index < content.count {
                if content[index] == MarkdownInlineRenderer.exampleOpen, let (_, length) = exampleToken(in: content, at: index, inAttribute: true) {
                    let digits = String(String.UnicodeScalarView(content[(index + 1)..<(index + length - 1)]))
                    if let number = Int(digits) { result += substitutions[number] }
                    index += length
                    continue
                }
                if content[index] != MarkdownInlineRenderer.exampleOpen, content[index] != MarkdownInlineRenderer.exampleClose {
                    result.unicodeScalars.append(content[index])
                }
                index += 1
            }
            return result
        }

        /// `<scheme:…>` with an allowed scheme and no spaces becomes a link.
        mutating func handleAutolink() -> Bool {
            let start = position + 1
            let end = nextGreaterThan[start]
            guard end < scalars.count, nextSpaceOrLessThan[start] > end, end > start else { return false }
            let url = String(String.UnicodeScalarView(scalars[start..<end]))
            guard url.contains(":") else { return false }
            let resolved = resolveTokens(url)
            guard LinkDestination.isAllowed(resolved), resolved.contains(":") else { return false }
            let shown = resolved.lowercased().hasPrefix("mailto:") ? String(resolved.dropFirst(7)) : resolved
            appendHTML("<a href=\"\(MarkupEscaping.html(resolved))\">\(MarkupEscaping.html(shown))</a>")
            position = end + 1
            return true
        }
    }
}

extension Unicode.GeneralCategory {
    /// Punctuation or symbol, as CommonMark's flanking rules count them.
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
