import Foundation

/// The structure every bundled Markdown resource of a provider shares: one `# ` title, an
/// introduction, then `## ` sections, each followed on its next non-blank line by a marker
/// comment `<!-- KEYWORD: VALUE -->` that says what the section is for.
///
/// Setup guides use the keyword `step` (``SetupGuide``), troubleshooting guides the keyword
/// `codes` (``TroubleshootingGuide``); each reads its marker's value itself. One parser for
/// both, so the two formats cannot drift apart in how they treat headings, fences and
/// markers:
///
/// - The first non-blank line is the one `# ` title; no other `# ` heading may appear.
/// - Every `## ` heading in column 0 outside fenced code starts a section; an indented one
///   is Markdown inside a list item.
/// - A marker with the keyword anywhere else is an error (it would be shown as text or
///   silently ignored otherwise).
/// - Bodies are trimmed of blank lines at both ends; an empty body is an error.
/// - `{{placeholder}}`s are not interpreted here; an unclosed `{{` is checked by the formats.
struct MarkedSectionDocument {
    /// How one format names its parts, for the marker keyword and for error messages.
    struct Format {
        /// The marker's keyword: `step` or `codes`.
        var keyword: String
        /// What the document is called in messages: "guide", "troubleshooting guide".
        var documentName: String
        /// What a section is called in messages: "step", "section".
        var sectionName: String
        /// The marker's shape for messages, such as `<!-- step: KIND -->`.
        var markerShape: String
        /// The resource name reported when the text is empty.
        var resource: String
    }

    /// One `## ` section.
    struct Section {
        /// The heading's text.
        var title: String
        /// What follows `KEYWORD:` in the marker, trimmed.
        var markerValue: String
        /// The full marker line, trimmed, for messages.
        var markerText: String
        /// The 1-based line of the heading.
        var line: Int
        /// The 1-based line of the marker.
        var markerLine: Int
        /// The Markdown between the marker and the next section, trimmed of blank lines.
        var body: String
    }

    /// The `# ` title's text.
    var title: String
    /// The Markdown before the first section, trimmed of blank lines.
    var introduction: String
    /// The sections in order.
    var sections: [Section]

    /// Parses a document.
    /// - Parameters:
    ///   - markdown: The text (LF or CRLF line endings).
    ///   - format: The format's keyword and words.
    ///   - providerID: The provider's id, for error messages.
    /// - Returns: The document's parts.
    /// - Throws: ``SetupGuideError/resourceMissing(provider:resource:)`` for blank text,
    ///   ``SetupGuideError/malformed(provider:reason:)`` naming the line and what is wrong.
    static func parse(markdown: String, format: Format, providerID: String) throws(SetupGuideError) -> MarkedSectionDocument {
        func malformed(_ line: Int, _ reason: String) -> SetupGuideError {
            .malformed(provider: providerID, reason: "line \(line): \(reason)")
        }
        let normalized = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard normalized.contains(where: { !$0.isWhitespace }) else {
            throw .resourceMissing(provider: providerID, resource: format.resource)
        }
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let keyword = format.keyword + ":"
        let section = format.sectionName

        var title: String?
        var introduction: [String] = []
        var sections: [(section: Section, body: [String])] = []
        func append(_ line: String) {
            if sections.isEmpty { introduction.append(line) } else { sections[sections.count - 1].body.append(line) }
        }
        var fence: MarkdownFence?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            index += 1
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                append(line)
                continue
            }
            if let opened = MarkdownFence(opening: line) {
                guard title != nil else { throw malformed(lineNumber, "the \(format.documentName) must start with a \"# \" title") }
                fence = opened
                append(line)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // Structure lines start in column 0; an indented "## " is Markdown inside a list item.
            let structural = line.first == "#" ? trimmed : ""
            if title == nil {
                if trimmed.isEmpty { continue }
                guard let text = headingText(trimmed, level: 1), !text.isEmpty else {
                    throw malformed(lineNumber, "the \(format.documentName) must start with a \"# \" title, found \"\(clip(trimmed))\"")
                }
                title = text
                continue
            }
            if headingText(structural, level: 1) != nil {
                throw malformed(lineNumber, "only the title may be a \"# \" heading; use \"## \" for a \(section) or \"### \" inside a \(section)")
            }
            if let sectionTitle = headingText(structural, level: 2) {
                guard !sectionTitle.isEmpty else { throw malformed(lineNumber, "a \(section) heading has no title") }
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
                guard index < lines.count else {
                    throw malformed(lineNumber, "\(section) \"\(clip(sectionTitle))\" has no \(format.keyword) marker; add \(format.markerShape) on the line after its heading")
                }
                let markerText = lines[index].trimmingCharacters(in: .whitespaces)
                let markerLine = index + 1
                guard let value = markerValue(markerText, keyword: keyword) else {
                    throw malformed(markerLine, "the line after the heading of \(section) \"\(clip(sectionTitle))\" must be \(format.markerShape), found \"\(clip(markerText))\"")
                }
                index += 1
                sections.append((Section(title: sectionTitle, markerValue: value, markerText: markerText, line: lineNumber,
                                         markerLine: markerLine, body: ""), []))
                continue
            }
            if markerValue(trimmed, keyword: keyword) != nil
                || (trimmed.hasPrefix("<!--") && trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces).hasPrefix(keyword)) {
                throw malformed(lineNumber, "a \(format.keyword) marker must directly follow a \"## \" \(section) heading")
            }
            append(line)
        }
        if let fence {
            throw malformed(lines.count, "a fenced code block opened with \(fence.marker) is never closed")
        }
        guard let title else { throw malformed(1, "the \(format.documentName) has no \"# \" title") }
        var result: [Section] = []
        for (parsed, body) in sections {
            var finished = parsed
            finished.body = trimBlankLines(body)
            guard !finished.body.isEmpty else {
                throw malformed(parsed.line, "\(section) \"\(clip(parsed.title))\" has no body")
            }
            result.append(finished)
        }
        return MarkedSectionDocument(title: title, introduction: trimBlankLines(introduction), sections: result)
    }

    /// The value of a marker line `<!-- KEYWORD: value -->`, or nil when the line is not one.
    static func markerValue(_ text: String, keyword: String) -> String? {
        guard text.hasPrefix("<!--"), text.hasSuffix("-->"), text.count >= 7 else { return nil }
        let inner = text.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix(keyword) else { return nil }
        return inner.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
    }

    /// The text of an ATX heading of exactly `level`, or nil.
    static func headingText(_ line: String, level: Int) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes == level else { return nil }
        let rest = line.dropFirst(level)
        if rest.isEmpty { return "" }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    static func trimBlankLines(_ lines: [String]) -> String {
        var slice = lines[...]
        while let first = slice.first, first.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropFirst() }
        while let last = slice.last, last.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropLast() }
        return slice.joined(separator: "\n")
    }

    /// At most 60 characters of `text`, for messages.
    static func clip(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }
}
