import SAML

/// Rendering a (filled) guide as HTML, for hosts and `sso guide --format html`.
extension SetupGuide {
    /// The guide as an HTML fragment: the title as `<h1>` (shifted by `headingLevelOffset`),
    /// the introduction, then each step as
    /// `<section class="step" id="step-<kind>" data-fields="a b">` with an `<h2>` title. Step
    /// bodies keep their own heading levels (`###` is `<h3>`), shifted the same way.
    ///
    /// Fill the placeholders first (``filled(with:providerID:)``); any `{{` left is shown
    /// as text. Everything is escaped as described in ``MarkdownRenderer``.
    /// - Parameter headingLevelOffset: Added to every heading level, to nest the guide in a page.
    /// - Returns: The HTML fragment.
    public func htmlFragment(headingLevelOffset: Int = 0) -> String {
        let renderer = MarkdownRenderer(headingLevelOffset: headingLevelOffset)
        let level = { (base: Int) in min(6, base + headingLevelOffset) }
        let inline = MarkdownInlineRenderer()
        var html = "<h\(level(1))>\(inline.render(title))</h\(level(1))>\n"
        html += renderer.html(from: introduction)
        for step in steps {
            let fields = step.fields.isEmpty ? "" : " data-fields=\"\(MarkupEscaping.html(step.fields.joined(separator: " ")))\""
            html += "<section class=\"step\" id=\"step-\(step.kind.rawValue)\"\(fields)>\n"
            html += "<h\(level(2))>\(inline.render(step.title))</h\(level(2))>\n"
            html += renderer.html(from: step.body)
            html += "</section>\n"
        }
        return html
    }

    /// The guide as a complete, self-contained HTML document (inline CSS, no scripts, no
    /// external resources), such as `sso guide --format html` prints.
    /// - Returns: The HTML document.
    public func htmlDocument() -> String {
        PageStyle.document(title: title, body: htmlFragment(), indexHref: nil, footer: nil)
    }
}

extension SetupStep {
    /// The step's body as an HTML fragment, for a host that shows one step inline next to
    /// the matching part of its form (the title is left to the host). Fill the guide's
    /// placeholders first.
    /// - Parameter headingLevelOffset: Added to the body's heading levels (`###` is `<h3>`).
    /// - Returns: The HTML fragment.
    public func bodyHTML(headingLevelOffset: Int = 0) -> String {
        MarkdownRenderer(headingLevelOffset: headingLevelOffset).html(from: body)
    }
}
