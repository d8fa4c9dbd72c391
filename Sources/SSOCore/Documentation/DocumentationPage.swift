import Foundation
import SAML

/// One page of the documentation site, written once and output as HTML and as Markdown.
///
/// A page is Markdown (rendered by ``MarkdownRenderer`` for the HTML output) plus section
/// wrappers that only the HTML output shows. Example values appear in the Markdown as
/// tokens (see ``MarkdownInlineRenderer/exampleToken(_:)``), so they are never parsed as
/// Markdown: the HTML output shows them in `<mark class="example">`, the Markdown output
/// follows them with `*(example)*` (names are set in italics instead).
struct DocumentationPage {
    /// A piece of a page.
    enum Part {
        /// Markdown; `headingOffset` is added to its headings.
        case markdown(String, headingOffset: Int = 0)
        /// Opens `<section id="…" class="…">` in HTML; nothing in Markdown.
        case openSection(id: String, className: String)
        /// Closes the section.
        case closeSection
    }

    /// The page title (`<title>`).
    var title: String
    /// The pieces in order.
    var parts: [Part]
    /// The values of example tokens.
    var substitutions: [String]
    /// The indexes of substitutions that are names, which Markdown output shows in italics
    /// instead of following them with `*(example)*`.
    var nameSubstitutions: Set<Int> = []
    /// The relative path of the site's index page from this page, without extension; nil for
    /// the index itself and for standalone pages.
    var indexPath: String?

    /// The HTML document.
    func html() -> String {
        var body = ""
        // One slugger for the whole page, so heading ids are unique and match the
        // "#anchor" links the page's Markdown uses (GitHub computes the same ones).
        var slugger: HeadingSlugger? = HeadingSlugger()
        for part in parts {
            if case .openSection(let id, _) = part { slugger?.reserve(id) }
        }
        for part in parts {
            switch part {
            case .markdown(let text, let offset):
                var renderer = MarkdownRenderer(headingLevelOffset: offset)
                renderer.substitutions = substitutions
                body += renderer.html(from: text, slugger: &slugger)
            case .openSection(let id, let className):
                body += "<section id=\"\(MarkupEscaping.html(id))\" class=\"\(MarkupEscaping.html(className))\">\n"
            case .closeSection:
                body += "</section>\n"
            }
        }
        return PageStyle.document(title: title, body: body, indexHref: indexPath.map { $0 + ".html" },
                                  footer: PageStyle.siteFooter)
    }

    /// The Markdown document.
    func markdown() -> String {
        var pieces: [String] = []
        if let indexPath { pieces.append("[SelfServeSSO identity providers](\(indexPath).md)") }
        for part in parts {
            if case .markdown(let text, let offset) = part {
                let marked = ExampleValueMarking.markdown(ExampleValueMarking.shiftingHeadings(text, by: offset),
                                                          substitutions: substitutions, names: nameSubstitutions)
                let trimmed = marked.trimmingCharacters(in: .newlines)
                if !trimmed.isEmpty { pieces.append(trimmed) }
            }
        }
        return pieces.joined(separator: "\n\n") + "\n"
    }
}
