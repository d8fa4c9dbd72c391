import SAML

/// The HTML shell and inline stylesheet shared by generated pages: self-contained (no
/// scripts, no external resources), readable from a phone to a desktop, light and dark.
enum PageStyle {
    /// A complete HTML document.
    /// - Parameters:
    ///   - title: The `<title>`, plain text.
    ///   - body: The HTML of the main content.
    ///   - indexHref: The link back to the site's index, or nil for a standalone page.
    ///   - footer: HTML for the footer, or nil for none.
    static func document(title: String, body: String, indexHref: String?, footer: String?) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>\(MarkupEscaping.html(title))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>

            """
        if let indexHref {
            html += "<header class=\"site\"><a href=\"\(MarkupEscaping.html(indexHref))\">SelfServeSSO identity providers</a></header>\n"
        }
        html += "<main>\n\(body)</main>\n"
        if let footer { html += "<footer class=\"site\">\(footer)</footer>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    /// The footer of documentation-site pages.
    static let siteFooter = "Generated from the bundled setup guides and schemas. Values marked <mark class=\"example\">like this</mark> are examples; your application shows its own."

    static let stylesheet = """
        :root { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --code: #f6f8fa;
          --link: #0969da; --mark: #fff1b8; --note: #0969da; --note-bg: #ddf4ff; --warn: #9a6700; --warn-bg: #fff8c5; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --code: #161b22;
            --link: #4493f8; --mark: #5c4a00; --note: #4493f8; --note-bg: #0c2d6b; --warn: #d29922; --warn-bg: #3b2e00; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.6;
          font: 16px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main, header.site, footer.site { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
        main { padding-bottom: 2rem; }
        header.site { padding-top: 1rem; font-size: 0.9rem; }
        footer.site { border-top: 1px solid var(--line); padding-top: 1rem; padding-bottom: 2rem; color: var(--muted); font-size: 0.9rem; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.6em; }
        h1 { font-size: 1.9rem; margin-top: 1rem; }
        h2 { font-size: 1.45rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3em; }
        h3 { font-size: 1.2rem; }
        a { color: var(--link); }
        p, ul, ol, pre, blockquote, aside, .table-scroll { margin: 0 0 1rem; }
        ul, ol { padding-left: 1.6rem; }
        li > ul, li > ol { margin: 0.25rem 0; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em;
          background: var(--code); border-radius: 4px; padding: 0.1em 0.3em; overflow-wrap: anywhere; }
        pre { background: var(--code); border-radius: 6px; padding: 0.8rem 1rem; overflow-x: auto; }
        pre code { padding: 0; background: none; overflow-wrap: normal; }
        mark.example { background: var(--mark); color: inherit; border-bottom: 1px dashed var(--muted); padding: 0 0.1em; }
        blockquote { margin-left: 0; padding: 0 1rem; border-left: 4px solid var(--line); color: var(--muted); }
        aside.callout { border-left: 4px solid var(--note); background: var(--note-bg); border-radius: 6px; padding: 0.6rem 1rem; }
        aside.callout > :last-child { margin-bottom: 0; }
        aside.callout-warning, aside.callout-caution, aside.callout-important { border-left-color: var(--warn); background: var(--warn-bg); }
        .table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; min-width: 100%; }
        th, td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: var(--code); }
        .step { border-top: 1px solid var(--line); margin-top: 1.5rem; }

        """
}
