import Foundation
import SAML

/// Renders the Markdown of setup guides to HTML: our own renderer for the CommonMark subset
/// the guides use, with GFM pipe tables and callouts.
///
/// Blocks: ATX headings, paragraphs, fenced code, bullet and ordered lists (nested by
/// indentation), block quotes, pipe tables (with optional alignment), thematic breaks.
/// Inlines: emphasis, strong emphasis, code spans, links, autolinks, hard line breaks.
///
/// Safety: everything that is not markup is HTML-escaped (text, code, attribute values);
/// raw HTML in the input is shown as text; links are made only for `http`, `https`, `mailto`
/// and relative URLs (any other link is rendered as its plain text). Time is linear in the
/// input and nesting is bounded, so hostile input cannot make it hang or overflow the stack.
///
/// A block quote whose first paragraph starts with `**Note:**`, `**Tip:**`,
/// `**Important:**`, `**Warning:**` or `**Caution:**` (or a GitHub-style `[!NOTE]` line)
/// becomes a callout: `<aside class="callout callout-note">`. Tables are wrapped in
/// `<div class="table-scroll">` so a stylesheet can let them scroll horizontally on a phone.
///
/// Output is deterministic: the same input always gives the same bytes.
public struct MarkdownRenderer: Sendable {
    /// Added to every heading's level (capped at 6), so a guide's `###` can sit below a
    /// page's own headings.
    public var headingLevelOffset: Int

    /// Values for example-value tokens (see ``MarkdownInlineRenderer/exampleToken(_:)``).
    var substitutions: [String] = []

    /// Creates a renderer.
    /// - Parameter headingLevelOffset: Added to each heading level (0 keeps them).
    public init(headingLevelOffset: Int = 0) {
        self.headingLevelOffset = headingLevelOffset
    }

    /// Renders Markdown to an HTML fragment.
    /// - Parameter markdown: The Markdown text.
    /// - Returns: HTML, one block per line group, ending in a newline (empty for empty input).
    public func html(from markdown: String) -> String {
        var slugger: HeadingSlugger?
        return html(from: markdown, slugger: &slugger)
    }

    /// Renders Markdown, giving each heading an `id` from `slugger` when there is one.
    func html(from markdown: String, slugger: inout HeadingSlugger?) -> String {
        var output = ""
        render(MarkdownBlockParser.parse(markdown), into: &output, tight: false, slugger: &slugger)
        return output
    }

    // MARK: - Blocks

    private func render(_ blocks: [MarkdownBlock], into output: inout String, tight: Bool,
                        slugger: inout HeadingSlugger?) {
        let inline = MarkdownInlineRenderer(substitutions: substitutions)
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                let shifted = min(6, max(1, level + headingLevelOffset))
                var id = ""
                if var current = slugger {
                    id = " id=\"\(MarkupEscaping.html(current.slug(for: text)))\""
                    slugger = current
                }
                output += "<h\(shifted)\(id)>\(inline.render(text))</h\(shifted)>\n"
            case .paragraph(let text):
                output += tight ? "\(inline.render(text))\n" : "<p>\(inline.render(text))</p>\n"
            case .code(let language, let text):
                let safeLanguage = language.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_+.".contains($0)) }
                let attribute = safeLanguage.isEmpty ? "" : " class=\"language-\(safeLanguage)\""
                output += "<pre><code\(attribute)>\(literal(text))\(text.isEmpty ? "" : "\n")</code></pre>\n"
            case .list(let ordered, let start, let items, let isLoose):
                let tag = ordered ? "ol" : "ul"
                output += ordered && start != 1 ? "<ol start=\"\(start)\">\n" : "<\(tag)>\n"
                for item in items {
                    output += "<li>"
                    if !item.isEmpty, !isLoose, case .paragraph = item[0] {
                        // Tight: text right after <li>, nested blocks on their own lines.
                        var inner = ""
                        render(item, into: &inner, tight: true, slugger: &slugger)
                        output += inner.hasSuffix("\n") && item.count == 1 ? String(inner.dropLast()) : inner
                    } else if !item.isEmpty {
                        output += "\n"
                        render(item, into: &output, tight: !isLoose, slugger: &slugger)
                    }
                    output += "</li>\n"
                }
                output += "</\(tag)>\n"
            case .quote(let inner):
                if let callout = Callout(inner) {
                    output += "<aside class=\"callout callout-\(callout.kind)\" role=\"note\">\n"
                    render(callout.blocks, into: &output, tight: false, slugger: &slugger)
                    output += "</aside>\n"
                } else {
                    output += "<blockquote>\n"
                    render(inner, into: &output, tight: false, slugger: &slugger)
                    output += "</blockquote>\n"
                }
            case .table(let header, let alignments, let rows):
                output += "<div class=\"table-scroll\"><table>\n<thead>\n<tr>\n"
                for (column, cell) in header.enumerated() {
                    output += "<th\(alignment(alignments[column]))>\(inline.render(cell))</th>\n"
                }
                output += "</tr>\n</thead>\n"
                if !rows.isEmpty {
                    output += "<tbody>\n"
                    for row in rows {
                        output += "<tr>\n"
                        for (column, cell) in row.enumerated() {
                            output += "<td\(alignment(alignments[column]))>\(inline.render(cell))</td>\n"
                        }
                        output += "</tr>\n"
                    }
                    output += "</tbody>\n"
                }
                output += "</table></div>\n"
            case .rule:
                output += "<hr>\n"
            }
        }
    }

    private func alignment(_ alignment: MarkdownBlock.Alignment?) -> String {
        switch alignment {
        case nil: ""
        case .left?: " style=\"text-align: left\""
        case .center?: " style=\"text-align: center\""
        case .right?: " style=\"text-align: right\""
        }
    }

    /// Code text: escaped, with example-value tokens still replaced.
    private func literal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == MarkdownInlineRenderer.exampleOpen || $0 == MarkdownInlineRenderer.exampleClose }) else {
            return MarkupEscaping.html(text)
        }
        return MarkdownInlineRenderer(substitutions: substitutions).renderLiteral(text)
    }

    /// A block quote that is a callout.
    private struct Callout {
        let kind: String
        let blocks: [MarkdownBlock]

        static let kinds = ["note", "tip", "important", "warning", "caution"]

        init?(_ blocks: [MarkdownBlock]) {
            guard case .paragraph(let text)? = blocks.first else { return nil }
            // GitHub style: a first line "[!NOTE]" alone.
            let firstLine = text.prefix { $0 != "\n" }
            if firstLine.hasPrefix("[!"), firstLine.hasSuffix("]") {
                let name = firstLine.dropFirst(2).dropLast().lowercased()
                guard Self.kinds.contains(name) else { return nil }
                let rest = text.dropFirst(firstLine.count).drop { $0 == "\n" }
                let label = "**\(name.prefix(1).uppercased() + name.dropFirst()):**"
                kind = name
                self.blocks = [.paragraph(rest.isEmpty ? label : "\(label) \(rest)")] + blocks.dropFirst()
                return
            }
            // Our style: "**Note:** text".
            guard text.hasPrefix("**"), let close = text.dropFirst(2).range(of: ":**") else { return nil }
            let name = text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound].lowercased()
            guard Self.kinds.contains(name) else { return nil }
            kind = name
            self.blocks = blocks
        }
    }
}
