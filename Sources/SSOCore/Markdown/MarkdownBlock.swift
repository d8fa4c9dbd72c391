/// One block of a parsed Markdown document.
indirect enum MarkdownBlock: Sendable, Equatable {
    /// How a table column is aligned.
    enum Alignment: Sendable, Equatable {
        case left, center, right
    }

    /// An ATX heading (`#` to `######`).
    case heading(level: Int, text: String)
    /// A paragraph; its lines joined with `\n`, leading spaces removed.
    case paragraph(String)
    /// A fenced code block with the first word of its info string.
    case code(language: String, text: String)
    /// A bullet or ordered list; `isLoose` puts its paragraphs in `<p>`.
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]], isLoose: Bool)
    /// A block quote.
    case quote([MarkdownBlock])
    /// A GFM pipe table.
    case table(header: [String], alignments: [Alignment?], rows: [[String]])
    /// A thematic break (`---`).
    case rule
}
