import Foundation
import SSOLifecycle

/// The frame every page shares: the document head (one stylesheet, one deferred script),
/// a top bar saying which application and organization this is and who is acting, the
/// Security tab's navigation, and the main content.
struct PageLayout {
    /// The Security tab's sections, in the order of the setup.
    enum Section: String, CaseIterable {
        case overview, domains, connection, test, activation, setupLinks, auditLog

        var title: String {
            switch self {
            case .overview: "Overview"
            case .domains: "Domains"
            case .connection: "Connection"
            case .test: "Test"
            case .activation: "Activation"
            case .setupLinks: "Setup links"
            case .auditLog: "Audit log"
            }
        }

        /// The setup step number shown in the navigation, or nil.
        var stepNumber: Int? {
            switch self {
            case .domains: 1
            case .connection: 2
            case .test: 3
            case .activation: 4
            default: nil
            }
        }

        func path(_ paths: Paths, _ org: String) -> String {
            switch self {
            case .overview: paths.security(org)
            case .domains: paths.domains(org)
            case .connection: paths.connection(org)
            case .test: paths.test(org)
            case .activation: paths.activation(org)
            case .setupLinks: paths.setupLinks(org)
            case .auditLog: paths.auditLog(org)
            }
        }
    }

    let applicationName: String
    let paths: Paths

    /// A complete page.
    /// - Parameters:
    ///   - title: The page's own title (the `<title>` adds the organization and application).
    ///   - organization: The organization whose Security tab this is, or nil.
    ///   - section: The selected section, or nil for a page outside the navigation.
    ///   - context: The request (who acts, CSRF token), or nil.
    ///   - body: The main content, starting with its `<h1>`.
    func page(title: String, organization: Organization?, section: Section?, context: RequestContext?,
              body: Markup) -> Markup {
        var titleParts = [title]
        if let organization { titleParts.append(organization.name) }
        titleParts.append(applicationName)
        let navigation: Markup
        if let organization, section != nil {
            navigation = """
                <nav class="tabs" aria-label="Security settings"><ul>\(Section.allCases.markup { item in
                    let number: Markup = item.stepNumber.map { "<span class=\"step-number\" aria-hidden=\"true\">\($0)</span>" } ?? .empty
                    let current: Markup = item == section ? " aria-current=\"page\"" : ""
                    return "<li><a href=\"\(item.path(paths, organization.id))\"\(current)>\(number)\(item.title)</a></li>"
                })</ul></nav>

                """
        } else {
            navigation = .empty
        }
        let breadcrumb: Markup = organization.map { "<p class=\"breadcrumb\">\($0.name) · Security</p>\n" } ?? .empty
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="referrer" content="no-referrer">
            <title>\(titleParts.joined(separator: " · "))</title>
            <link rel="stylesheet" href="\(paths.asset(Assets.stylesheetName, version: Assets.stylesheetVersion))">
            <script src="\(paths.asset(Assets.scriptName, version: Assets.scriptVersion))" defer></script>
            </head>
            <body>
            <a class="skip-link" href="#main">Skip to content</a>
            <header class="topbar"><div class="topbar-inner">
            <div class="brand">\(applicationName)\(organization.map { " <span class=\"org\">· \($0.name)</span>" as Markup } ?? .empty)</div>
            \(acting(context))
            </div></header>
            <div class="frame">
            \(breadcrumb)\(navigation)<main id="main">
            \(body)
            </main>
            </div>
            </body>
            </html>

            """
    }

    /// Who is acting, and the way out of a setup-link session.
    private func acting(_ context: RequestContext?) -> Markup {
        guard let context, let principal = context.principal else { return .empty }
        if context.setupSession {
            return """
                <div class="acting"><span>Signed in with a setup link</span>
                <form method="post" action="\(paths.endSetupSession)">\(Components.csrfField(context))<button type="submit" class="button-secondary">End session</button></form></div>
                """
        }
        switch principal {
        case .operator(let name):
            return "<div class=\"acting\"><span>Operator: \(name)</span> <a href=\"\(paths.operatorOrganizations)\">Organizations</a></div>"
        case .member(_, let user, _):
            return "<div class=\"acting\"><span>Signed in as \(user)</span></div>"
        }
    }

    /// The page as an HTML response.
    static func response(_ markup: Markup, status: Int = 200) -> WebResponse {
        WebResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(markup.html.utf8))
    }
}
