import Foundation

/// Splits Markdown into blocks: the CommonMark subset our guides use, plus GFM pipe tables.
///
/// Supported: ATX headings, paragraphs, fenced code (backticks or tildes), bullet and
/// ordered lists nested by indentation, block quotes, pipe tables and thematic breaks. Not
/// supported (rendered as paragraph text): setext headings, indented code blocks, raw HTML,
/// reference links. A line holding only an HTML comment is dropped.
///
/// Nesting is lenient: a line belongs to a list item when it is indented at least to the
/// item's content column, or at least two columns past the item's marker, so both
/// `1. step` + `   - detail` and `1. step` + `  - detail` nest. Containers deeper than
/// ``maximumDepth`` are read as plain paragraphs, which bounds recursion on hostile input;
/// every line is visited a bounded number of times per level, so parsing is linear.
struct MarkdownBlockParser {
    /// How deep block quotes and lists may nest.
    static let maximumDepth = 12

    /// Parses a document.
    static func parse(_ markdown: String) -> [MarkdownBlock] {
        let normalized = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map { expandLeadingTabs(String($0)) }
        return parseBlocks(lines[...], depth: 0)
    }

    // MARK: - Blocks

    static func parseBlocks(_ lines: ArraySlice<String>, depth: Int) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if isBlank(line) || isCommentLine(line) { index += 1; continue }
            if let fence = MarkdownFence(opening: line) {
                let indent = indentation(of: line)
                var body: [String] = []
                index += 1
                while index < lines.endIndex, !fence.isClosed(by: lines[index]) {
                    body.append(removingIndentation(lines[index], upTo: indent))
                    index += 1
                }
                if index < lines.endIndex { index += 1 }  // the closing fence; an unclosed one runs to the end
                let language = fence.info.split(separator: " ").first.map(String.init) ?? ""
                blocks.append(.code(language: language, text: body.joined(separator: "\n")))
                continue
            }
            if let heading = heading(line) {
                blocks.append(heading)
                index += 1
                continue
            }
            if isRule(line) {
                blocks.append(.rule)
                index += 1
                continue
            }
            if depth < maximumDepth, quoteContent(line) != nil {
                var quoted: [String] = []
                while index < lines.endIndex {
                    if let content = quoteContent(lines[index]) {
                        quoted.append(content)
                    } else if !isBlank(lines[index]), let last = quoted.last, !isBlank(last), !startsBlock(lines[index]) {
                        quoted.append(lines[index])  // lazy continuation of a quoted paragraph
                    } else {
                        break
                    }
                    index += 1
                }
                blocks.append(.quote(parseBlocks(quoted[...], depth: depth + 1)))
                continue
            }
            if depth < maximumDepth, let marker = ListMarker(line) {
                let (list, next) = parseList(lines, from: index, first: marker, depth: depth)
                blocks.append(list)
                index = next
                continue
            }
            if let alignments = tableAlignments(lines, at: index) {
                let (table, next) = parseTable(lines, from: index, alignments: alignments)
                blocks.append(table)
                index = next
                continue
            }
            var paragraph = [trimmingLeadingSpaces(line)]
            index += 1
            while index < lines.endIndex, !isBlank(lines[index]), !startsBlock(lines[index], interruptingParagraph: true),
                  tableAlignments(lines, at: index) == nil {
                paragraph.append(trimmingLeadingSpaces(lines[index]))
                index += 1
            }
            blocks.append(.paragraph(paragraph.joined(separator: "\n")))
        }
        return blocks
    }

    // MARK: - Lists

    struct ListMarker {
        /// Columns before the marker.
        let indent: Int
        /// Columns before the item's content.
        let contentIndent: Int
        let ordered: Bool
        /// The bullet character, or the ordered delimiter (`.` or `)`).
        let symbol: Character
        let number: Int
        /// The first line's content.
        let content: String

        init?(_ line: String) {
            let indent = MarkdownBlockParser.indentation(of: line)
            let rest = Substring(line.utf8.dropFirst(indent))
            guard let first = rest.first else { return nil }
            var width: Int
            if first == "-" || first == "*" || first == "+" {
                ordered = false
                symbol = first
                number = 1
                width = 1
            } else {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard (1...9).contains(digits.count), let delimiter = rest.dropFirst(digits.count).first,
                      delimiter == "." || delimiter == ")", let value = Int(digits) else { return nil }
                ordered = true
                symbol = delimiter
                number = value
                width = digits.count + 1
            }
            let afterMarker = rest.dropFirst(width)
            if afterMarker.isEmpty {
                content = ""
                width += 1
            } else {
                let spaces = afterMarker.prefix { $0 == " " }.count
                guard spaces > 0 else { return nil }
                let used = spaces > 4 ? 1 : spaces
                content = String(afterMarker.dropFirst(used))
                width += used
            }
            self.indent = indent
            self.contentIndent = indent + width
        }

        func continues(_ other: ListMarker) -> Bool { ordered == other.ordered && symbol == other.symbol }
    }

    static func parseList(_ lines: ArraySlice<String>, from start: Int, first: ListMarker,
                          depth: Int) -> (MarkdownBlock, Int) {
        var items: [[MarkdownBlock]] = []
        var isLoose = false
        var index = start
        var marker = first
        while true {
            // Lines of this item, relative to its content column.
            var itemLines = [marker.content]
            // The fence open at the end of the lines so far, tracked so lazy lines never join code.
            var openFence = MarkdownFence(opening: marker.content)
            func track(_ line: String) {
                if let open = openFence {
                    if open.isClosed(by: line) { openFence = nil }
                } else if let opened = MarkdownFence(opening: line) {
                    openFence = opened
                }
            }
            let threshold = min(marker.contentIndent, marker.indent + 2)
            index += 1
            while index < lines.endIndex {
                let line = lines[index]
                if isBlank(line) { itemLines.append(""); index += 1; continue }
                let indent = indentation(of: line)
                if indent >= threshold {
                    let relative = removingIndentation(line, upTo: marker.contentIndent)
                    itemLines.append(relative)
                    track(relative)
                    index += 1
                    continue
                }
                // A less indented line: a lazy continuation of the item's last paragraph, or the end.
                if let last = itemLines.last, !isBlank(last), !startsBlock(line), openFence == nil {
                    itemLines.append(trimmingLeadingSpaces(line))
                    index += 1
                    continue
                }
                break
            }
            var trailingBlank = false
            while let last = itemLines.last, isBlank(last), itemLines.count > 1 { itemLines.removeLast(); trailingBlank = true }
            if hasBlankBetweenDirectChildren(itemLines) { isLoose = true }
            items.append(parseBlocks(itemLines[...], depth: depth + 1))
            guard index < lines.endIndex, let next = ListMarker(lines[index]), next.continues(first),
                  next.indent < marker.contentIndent, !isRule(lines[index]) else {
                break
            }
            if trailingBlank { isLoose = true }
            marker = next
        }
        return (.list(ordered: first.ordered, start: first.number, items: items, isLoose: isLoose), index)
    }

    /// Whether a blank line separates two blocks at the item's own level (not inside a
    /// nested list or a code block).
    static func hasBlankBetweenDirectChildren(_ lines: [String]) -> Bool {
        var fence: MarkdownFence?
        var sawBlank = false
        for line in lines {
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                continue
            }
            if isBlank(line) { sawBlank = true; continue }
            if sawBlank, indentation(of: line) == 0 { return true }
            sawBlank = false
            if let opened = MarkdownFence(opening: line) { fence = opened }
        }
        return false
    }

    // MARK: - Tables

    /// The column alignments when a table starts at `index`: this line has a pipe and the
    /// next is a delimiter row with the same number of cells.
    static func tableAlignments(_ lines: ArraySlice<String>, at index: Int) -> [MarkdownBlock.Alignment?]? {
        guard index + 1 < lines.endIndex, lines[index].utf8.contains(UInt8(ascii: "|")),
              lines[index + 1].utf8.contains(UInt8(ascii: "|")) else { return nil }
        let delimiter = splitRow(lines[index + 1])
        var alignments: [MarkdownBlock.Alignment?] = []
        for cell in delimiter {
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : left ? .left : nil)
        }
        guard !alignments.isEmpty, splitRow(lines[index]).count == alignments.count else { return nil }
        return alignments
    }

    static func parseTable(_ lines: ArraySlice<String>, from start: Int,
                           alignments: [MarkdownBlock.Alignment?]) -> (MarkdownBlock, Int) {
        let header = splitRow(lines[start])
        var rows: [[String]] = []
        var index = start + 2
        while index < lines.endIndex, !isBlank(lines[index]), !startsBlock(lines[index]) {
            var cells = splitRow(lines[index])
            if cells.count > header.count { cells.removeLast(cells.count - header.count) }
            while cells.count < header.count { cells.append("") }
            rows.append(cells)
            index += 1
        }
        return (.table(header: header, alignments: alignments, rows: rows), index)
    }

    /// The cells of a table row: split on unescaped pipes, outer pipes dropped, `\|` kept as `|`.
    static func splitRow(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line.trimmingCharacters(in: .whitespaces) {
            if escaped {
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current)
        let trimmedLine = line.trimmingCharacters(in: .whitespaces)
        if trimmedLine.hasPrefix("|"), cells.count > 1 { cells.removeFirst() }
        if trimmedLine.hasSuffix("|"), !trimmedLine.hasSuffix("\\|"), cells.count > 1 { cells.removeLast() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    // MARK: - Line tests

    static func heading(_ line: String) -> MarkdownBlock? {
        guard indentation(of: line) <= 3 else { return nil }
        let content = trimmingLeadingSpaces(line)
        let level = content.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = content.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // An optional closing sequence: spaces then only '#'.
        if let lastNonHash = text.lastIndex(where: { $0 != "#" }) {
            if text[lastNonHash] == " ", text.index(after: lastNonHash) < text.endIndex {
                text = String(text[..<lastNonHash]).trimmingCharacters(in: .whitespaces)
            }
        } else {
            text = ""
        }
        return .heading(level: level, text: text)
    }

    static func isRule(_ line: String) -> Bool {
        guard indentation(of: line) <= 3, let first = firstNonSpace(line),
              first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_") else { return false }
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, first == "-" || first == "*" || first == "_" else { return false }
        return compact.allSatisfy { $0 == first }
    }

    static func quoteContent(_ line: String) -> String? {
        let indent = indentation(of: line)
        guard indent <= 3 else { return nil }
        let rest = Substring(line.utf8.dropFirst(indent))
        guard rest.first == ">" else { return nil }
        let content = rest.dropFirst()
        return String(content.first == " " ? content.dropFirst() : content)
    }

    static func isCommentLine(_ line: String) -> Bool {
        guard firstNonSpace(line) == UInt8(ascii: "<") else { return false }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->") && trimmed.count >= 7
    }

    /// Whether a line starts a block other than a paragraph.
    static func startsBlock(_ line: String, interruptingParagraph: Bool = false) -> Bool {
        if MarkdownFence(opening: line) != nil || heading(line) != nil || isRule(line) || quoteContent(line) != nil
            || isCommentLine(line) {
            return true
        }
        guard let marker = ListMarker(line) else { return false }
        // As in CommonMark, only a non-empty item, and for ordered lists only one starting at 1,
        // interrupts a paragraph (so "2026. was a year" stays text).
        if interruptingParagraph { return !marker.content.isEmpty && (!marker.ordered || marker.number == 1) }
        return true
    }

    static func isBlank(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    static func indentation(of line: String) -> Int {
        var count = 0
        for byte in line.utf8 {
            guard byte == UInt8(ascii: " ") else { break }
            count += 1
        }
        return count
    }

    /// The first byte that is not a space or tab, or nil for a blank line.
    static func firstNonSpace(_ line: String) -> UInt8? {
        line.utf8.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
    }

    static func removingIndentation(_ line: String, upTo count: Int) -> String {
        let drop = min(count, indentation(of: line))
        guard drop > 0 else { return line }
        return String(Substring(line.utf8.dropFirst(drop)))
    }

    static func trimmingLeadingSpaces(_ line: String) -> String {
        let spaces = line.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        return spaces == 0 ? line : String(Substring(line.utf8.dropFirst(spaces)))
    }

    /// Replaces tabs in the leading whitespace with spaces to the next multiple of four.
    static func expandLeadingTabs(_ line: String) -> String {
        guard line.first == "\t" || (line.first == " " && line.contains("\t")) else { return line }
        var column = 0
        var prefix = ""
        var rest = line[...]
        while let character = rest.first, character == " " || character == "\t" {
            let width = character == "\t" ? 4 - column % 4 : 1
            prefix += String(repeating: " ", count: width)
            column += width
            rest = rest.dropFirst()
        }
        return prefix + rest
    }
}
