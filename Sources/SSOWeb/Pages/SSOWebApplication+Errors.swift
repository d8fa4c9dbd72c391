import Foundation

extension SSOWebApplication {
    var layout: PageLayout { PageLayout(applicationName: applicationName, paths: paths) }

    /// The page for a refusal: what happened, who must act, the stable code, and a way back.
    /// It never shows a stack trace, a file path or a store's own message.
    func errorPage(_ refusal: WebRefusal) -> WebResponse {
        let back: Markup = refusal.organizationID.map {
            "<p><a href=\"\(paths.security($0))\">Back to the Security overview</a></p>"
        } ?? .empty
        let body: Markup = """
            <h1>\(refusal.title)</h1>
            <div class="notice notice-error" role="alert">
            <p>\(refusal.message)</p>
            </div>
            <dl class="facts">
            <dt>Who can fix this</dt><dd>\(refusal.whoMustAct)</dd>
            <dt>Code</dt><dd><code>\(refusal.code)</code></dd>
            </dl>
            \(refusal.details ?? .empty)
            \(back)
            """
        var response = PageLayout.response(layout.page(title: refusal.title, organization: nil, section: nil, context: nil,
                                                       body: body), status: refusal.status)
        for (name, value) in refusal.headers { response.headers.add(name, value) }
        return response
    }
}
