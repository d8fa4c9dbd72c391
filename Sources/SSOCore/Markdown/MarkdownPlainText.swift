/// Renders the Markdown subset of ``MarkdownRenderer`` as plain text, for places where
/// markup would show as noise (email, logs, a terminal, `fixHint(for:)`).
///
/// It reads the same blocks as the HTML renderer (``MarkdownBlockParser``) and renders
/// inline content through ``MarkdownInlineRenderer``, then keeps only the text of that
/// known, small set of tags: so emphasis, code spans and escapes are treated exactly as in
/// HTML output. Links become `text (address)`; list items `- ` and `1. ` lines indented by
/// nesting; table rows cells joined with ` | `; callouts keep their `Note:` label.
enum MarkdownPlainText {
    /// Renders Markdown as plain text: blocks separated by a blank line, no trailing newline.
    static func render(_ markdown: String) -> String {
        render(MarkdownBlockParser.parse(markdown), indent: "").joined(separator: "\n\n")
    }

    private static func render(_ blocks: [MarkdownBlock], indent: String) -> [String] {
        var output: [String] = []
        for block in blocks {
            switch block {
            case .heading(_, let text), .paragraph(let text):
                output.append(indented(inline(text), indent))
            case .code(_, let text):
                output.append(indented(text, indent + "    "))
            case .list(let ordered, let start, let items, _):
                var lines: [String] = []
                for (number, item) in items.enumerated() {
                    let marker = ordered ? "\(start + number). " : "- "
                    let inner = render(item, indent: "").joined(separator: "\n")
                    let continuation = indent + String(repeating: " ", count: marker.count)
                    let itemLines = inner.split(separator: "\n", omittingEmptySubsequences: false)
                    for (index, line) in itemLines.enumerated() {
                        if index == 0 { lines.append(indent + marker + line) }
                        else if line.isEmpty { continue }
                        else { lines.append(continuation + line) }
                    }
                }
                output.append(lines.joined(separator: "\n"))
            case .quote(let inner):
                output += render(inner, indent: indent)
            case .table(let header, _, let rows):
                let lines = ([header] + rows).map { row in indent + row.map(inline).joined(separator: " | ") }
                output.append(lines.joined(separator: "\n"))
            case .rule:
                output.append(indent + "---")
            }
        }
        return output
    }

    private static func indented(_ text: String, _ indent: String) -> String {
        guard !indent.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
    }

    /// The text of one block's inline content: the HTML renderer's output with its tags
    /// dropped, links followed by their address, entities decoded.
    static func inline(_ text: String) -> String {
        let html = MarkdownInlineRenderer().render(text)
        var output = ""
        var index = html.startIndex
        var pendingHref: [String?] = []
        var linkTextStart: [String.Index] = []
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close]
                if tag.hasPrefix("a ") {
                    pendingHref.append(attribute("href", in: tag))
                    linkTextStart.append(output.endIndex)
                } else if tag == "/a", let href = pendingHref.popLast(), let start = linkTextStart.popLast() {
                    let shown = String(output[start...])
                    if let href, href != shown, href != "mailto:" + shown { output += " (\(href))" }
                } else if tag == "br" {
                    output += "\n"
                }
                index = html.index(after: close)
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(6).firstIndex(of: ";"),
               let decoded = entities.first(where: { $0.entity == html[index...semicolon] })?.character {
                output += decoded
                index = html.index(after: semicolon)
                continue
            }
            output.append(character)
            index = html.index(after: index)
        }
        return output
    }

    /// The entities ``MarkupEscaping`` writes, `&amp;` last so that decoding never decodes twice.
    private static let entities: [(entity: String, character: String)] = [
        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
    ]

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: "\(name)=\"") else { return nil }
        guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
        var value = String(tag[start.upperBound..<end])
        for (entity, character) in entities { value = value.replacingOccurrences(of: entity, with: character) }
        return value
    }
}
