import SSOCore
import Testing

/// Expected-HTML ("snapshot") tests for the Markdown renderer, one case per construct.
@Suite struct MarkdownRendererTests {
    func html(_ markdown: String) -> String { MarkdownRenderer().html(from: markdown) }

    @Test(arguments: [
        ("# Title", "<h1>Title</h1>\n"),
        ("### Sub ###", "<h3>Sub</h3>\n"),
        ("###### Six", "<h6>Six</h6>\n"),
        ("####### Seven", "<p>####### Seven</p>\n"),
        ("#NoSpace", "<p>#NoSpace</p>\n"),
        ("## C# ##", "<h2>C#</h2>\n"),
    ])
    func headings(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test func headingOffsetShiftsAndCaps() {
        let renderer = MarkdownRenderer(headingLevelOffset: 2)
        #expect(renderer.html(from: "### Deep\n\n##### Deeper") == "<h5>Deep</h5>\n<h6>Deeper</h6>\n")
    }

    @Test func paragraphsAndSoftAndHardBreaks() {
        #expect(html("one\ntwo\n\nthree") == "<p>one\ntwo</p>\n<p>three</p>\n")
        #expect(html("hard  \nbreak") == "<p>hard<br>\nbreak</p>\n")
        #expect(html("back\\\nslash") == "<p>back<br>\nslash</p>\n")
        #expect(html("trailing \nspace") == "<p>trailing\nspace</p>\n")
    }

    @Test(arguments: [
        ("*em* and _em_", "<p><em>em</em> and <em>em</em></p>\n"),
        ("**strong** and __strong__", "<p><strong>strong</strong> and <strong>strong</strong></p>\n"),
        ("***both***", "<p><em><strong>both</strong></em></p>\n"),
        ("**bold *nested* bold**", "<p><strong>bold <em>nested</em> bold</strong></p>\n"),
        ("snake_case_name stays", "<p>snake_case_name stays</p>\n"),
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>\n"),
        ("*unclosed emphasis", "<p>*unclosed emphasis</p>\n"),
        ("**unclosed strong", "<p>**unclosed strong</p>\n"),
        ("**a*", "<p>*<em>a</em></p>\n"),
        ("*a**", "<p><em>a</em>*</p>\n"),
        ("\\*escaped\\*", "<p>*escaped*</p>\n"),
        ("a **b** c **d**", "<p>a <strong>b</strong> c <strong>d</strong></p>\n"),
        ("*foo**bar**baz*", "<p><em>foo<strong>bar</strong>baz</em></p>\n"),
    ])
    func emphasis(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test(arguments: [
        ("Use `code` here", "<p>Use <code>code</code> here</p>\n"),
        ("`` a ` b ``", "<p><code>a ` b</code></p>\n"),
        ("`<script>` & `*not em*`", "<p><code>&lt;script&gt;</code> &amp; <code>*not em*</code></p>\n"),
        ("`unclosed code", "<p>`unclosed code</p>\n"),
        ("``one` mismatch", "<p>``one` mismatch</p>\n"),
        ("`a\nb`", "<p><code>a b</code></p>\n"),
    ])
    func codeSpans(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test func fencedCode() {
        #expect(html("```xml\n<EntityDescriptor a=\"1\">\n  &amp;\n```") ==
                "<pre><code class=\"language-xml\">&lt;EntityDescriptor a=&quot;1&quot;&gt;\n  &amp;amp;\n</code></pre>\n")
        #expect(html("~~~\n## not a heading\n*not em*\n~~~") ==
                "<pre><code>## not a heading\n*not em*\n</code></pre>\n")
        #expect(html("```\n```") == "<pre><code></code></pre>\n")
        #expect(html("```js\" onmouseover=\"x\ncode\n```") == "<pre><code class=\"language-js\">code\n</code></pre>\n")
        #expect(html("```\nunclosed\nfence") == "<pre><code>unclosed\nfence\n</code></pre>\n")
    }

    @Test(arguments: [
        ("[Okta](https://help.okta.com/en-us/)", "<p><a href=\"https://help.okta.com/en-us/\">Okta</a></p>\n"),
        ("[mail](mailto:it@example.com)", "<p><a href=\"mailto:it@example.com\">mail</a></p>\n"),
        ("[rel](../okta.html#step-2)", "<p><a href=\"../okta.html#step-2\">rel</a></p>\n"),
        ("[t](https://x.test/?a=1&b=\"2\")", "<p><a href=\"https://x.test/?a=1&amp;b=&quot;2&quot;\">t</a></p>\n"),
        ("[titled](https://x.test \"The title\")", "<p><a href=\"https://x.test\" title=\"The title\">titled</a></p>\n"),
        ("[**bold** link](https://x.test)", "<p><a href=\"https://x.test\"><strong>bold</strong> link</a></p>\n"),
        ("*[em link](https://x.test)*", "<p><em><a href=\"https://x.test\">em link</a></em></p>\n"),
        ("[not a link]", "<p>[not a link]</p>\n"),
        ("[not a link] (https://x.test)", "<p>[not a link] (https://x.test)</p>\n"),
        ("[a [nested](https://in.test)](https://out.test)", "<p>[a <a href=\"https://in.test\">nested</a>](https://out.test)</p>\n"),
        ("<https://x.test/a?b=c>", "<p><a href=\"https://x.test/a?b=c\">https://x.test/a?b=c</a></p>\n"),
        ("<mailto:it@example.com>", "<p><a href=\"mailto:it@example.com\">it@example.com</a></p>\n"),
        ("<not a link>", "<p>&lt;not a link&gt;</p>\n"),
        ("![Okta *logo*](https://x.test/logo.png) here", "<p>Okta <em>logo</em> here</p>\n"),
        ("![unfinished image", "<p>![unfinished image</p>\n"),
        ("Wow! [link](https://x.test)", "<p>Wow! <a href=\"https://x.test\">link</a></p>\n"),
    ])
    func links(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test(arguments: [
        ("[click](javascript:alert(1))", "<p>click)</p>\n"),
        ("[click](JavaScript:alert`1`)", "<p>click</p>\n"),
        ("[click](javascript\\:alert)", "<p>click</p>\n"),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", "<p>click</p>\n"),
        ("[click](vbscript:msgbox)", "<p>click</p>\n"),
        ("[click](file:///etc/passwd)", "<p>click</p>\n"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
        ("[x](java\u{200B}script:alert)", "<p>x</p>\n"),
    ])
    func unsafeLinksBecomeText(markdown: String, expected: String) {
        #expect(html(markdown) == expected)
    }

    @Test func rawHTMLIsEscaped() {
        #expect(html("<script>alert('x')</script>") == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n")
        #expect(html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n")
        #expect(html("# <b>head</b>") == "<h1>&lt;b&gt;head&lt;/b&gt;</h1>\n")
        #expect(html("A & B &amp; \"q\"") == "<p>A &amp; B &amp;amp; &quot;q&quot;</p>\n")
        #expect(html("<!-- a comment line -->\ntext") == "<p>text</p>\n")
    }

    @Test func bulletAndOrderedLists() {
        #expect(html("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")
        #expect(html("* a\n+ b") == "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n")
        #expect(html("1. first\n2. second") == "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n")
        #expect(html("3) third\n4) fourth") == "<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>\n")
        #expect(html("- lazy\ncontinuation") == "<ul>\n<li>lazy\ncontinuation</li>\n</ul>\n")
    }

    @Test func nestedListsByIndentation() {
        let markdown = """
            1. Open **Applications**.
               - Pick *Create App Integration*.
               - Choose SAML 2.0.
                 1. Deeper
            2. Next step
              - two-space nesting under an ordered item
            """
        #expect(html(markdown) == """
            <ol>
            <li>Open <strong>Applications</strong>.
            <ul>
            <li>Pick <em>Create App Integration</em>.</li>
            <li>Choose SAML 2.0.
            <ol>
            <li>Deeper</li>
            </ol>
            </li>
            </ul>
            </li>
            <li>Next step
            <ul>
            <li>two-space nesting under an ordered item</li>
            </ul>
            </li>
            </ol>

            """)
    }

    @Test func looseListsWrapParagraphs() {
        #expect(html("- one\n\n- two") == "<ul>\n<li>\n<p>one</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ul>\n")
        #expect(html("1. Step\n\n   More about the step.\n2. Next") ==
                "<ol>\n<li>\n<p>Step</p>\n<p>More about the step.</p>\n</li>\n<li>\n<p>Next</p>\n</li>\n</ol>\n")
    }

    @Test func listItemWithCodeBlock() {
        #expect(html("1. Paste:\n   ```\n   {{x}}\n   ```\n2. Save") ==
                "<ol>\n<li>Paste:\n<pre><code>{{x}}\n</code></pre>\n</li>\n<li>Save</li>\n</ol>\n")
    }

    @Test func paragraphIsNotInterruptedByAYearLikeNumber() {
        #expect(html("Since\n2026. it changed") == "<p>Since\n2026. it changed</p>\n")
    }

    @Test func blockQuotesAndCallouts() {
        #expect(html("> quoted\n> text") == "<blockquote>\n<p>quoted\ntext</p>\n</blockquote>\n")
        #expect(html("> **Note:** Changes can take up to 24 hours.") ==
                "<aside class=\"callout callout-note\" role=\"note\">\n<p><strong>Note:</strong> Changes can take up to 24 hours.</p>\n</aside>\n")
        #expect(html("> **Warning:** Do not\n> share it.\n>\n> - even here") ==
                "<aside class=\"callout callout-warning\" role=\"note\">\n<p><strong>Warning:</strong> Do not\nshare it.</p>\n<ul>\n<li>even here</li>\n</ul>\n</aside>\n")
        #expect(html("> [!TIP]\n> Use the search box.") ==
                "<aside class=\"callout callout-tip\" role=\"note\">\n<p><strong>Tip:</strong> Use the search box.</p>\n</aside>\n")
        #expect(html("> **Bogus:** x") == "<blockquote>\n<p><strong>Bogus:</strong> x</p>\n</blockquote>\n")
        #expect(html("> outer\n>> inner") == "<blockquote>\n<p>outer</p>\n<blockquote>\n<p>inner</p>\n</blockquote>\n</blockquote>\n")
    }

    @Test func tables() {
        let markdown = """
            | Console label | Value | n |
            | :--- | :---: | --: |
            | Single sign-on URL | `https://app/acs` | 1 |
            | Pipe \\| inside | <b> | 2 |
            | short row |
            """
        #expect(html(markdown) == """
            <div class="table-scroll"><table>
            <thead>
            <tr>
            <th style="text-align: left">Console label</th>
            <th style="text-align: center">Value</th>
            <th style="text-align: right">n</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td style="text-align: left">Single sign-on URL</td>
            <td style="text-align: center"><code>https://app/acs</code></td>
            <td style="text-align: right">1</td>
            </tr>
            <tr>
            <td style="text-align: left">Pipe | inside</td>
            <td style="text-align: center">&lt;b&gt;</td>
            <td style="text-align: right">2</td>
            </tr>
            <tr>
            <td style="text-align: left">short row</td>
            <td style="text-align: center"></td>
            <td style="text-align: right"></td>
            </tr>
            </tbody>
            </table></div>

            """)
    }

    @Test func tableNeedsAMatchingDelimiterRow() {
        #expect(html("a | b\n--- | ---\nc | d").hasPrefix("<div class=\"table-scroll\"><table>"))
        #expect(html("a | b | c\n--- | ---") == "<p>a | b | c\n--- | ---</p>\n")
        #expect(html("Just a | pipe") == "<p>Just a | pipe</p>\n")
    }

    @Test func thematicBreak() {
        #expect(html("above\n\n---\n\nbelow") == "<p>above</p>\n<hr>\n<p>below</p>\n")
        #expect(html("* * *") == "<hr>\n")
    }

    @Test func emptyInput() {
        #expect(html("") == "")
        #expect(html("\n\n  \n") == "")
    }

    @Test func crlfInput() {
        #expect(html("# T\r\n\r\npara\r\nline") == "<h1>T</h1>\n<p>para\nline</p>\n")
    }

    @Test func outputIsDeterministic() {
        let markdown = "# T\n\n| a | b |\n|---|---|\n| *x* | [l](https://x.test) |\n\n- a\n  - b"
        #expect(html(markdown) == html(markdown))
    }
}
