import Foundation
import SSOLifecycle

extension SSOWebApplication {
    /// Organizations per page of the operator's list.
    static let organizationsPerPage = 50

    func operatorPage(_ context: RequestContext) async throws -> WebResponse {
        try await renderOperator(context, typed: nil, error: nil)
    }

    private func renderOperator(_ context: RequestContext, typed: (id: String, name: String)?, error: LifecycleError?) async throws -> WebResponse {
        let after = context.request.queryValue("after").flatMap { Organization.isValidID($0) ? $0 : nil }
        let organizations = try await lifecycle.organizations(after: after, limit: Self.organizationsPerPage + 1, by: context.actor)
        let page = organizations.prefix(Self.organizationsPerPage)
        let next: Markup = organizations.count > Self.organizationsPerPage
            ? "<p><a href=\"\(paths.operatorOrganizations)?after=\(URLEncodedForm.encode(page.last?.id ?? ""))\">Next organizations</a></p>"
            : .empty
        let certificates = try await lifecycle.expiringCertificates(within: 30, by: context.actor)
        let rows: [[Markup]] = page.map { organization in
            let id = Components.htmlID("allow", organization.id)
            return ["<span class=\"mono\">\(organization.id)</span>",
                    "<a href=\"\(paths.security(organization.id))\">\(organization.name)</a>",
                    """
                    <form method="post" action="\(paths.operatorSSOAllowed(organization.id))">\(Components.csrfField(context))
                    <div class="switch-row"><input type="checkbox" id="\(id)" name="allowed" value="true"\(organization.ssoAllowed ? " checked" : "") data-submit-on-change>
                    <label for="\(id)">Allow this organization to set up SSO</label></div>
                    <div class="actions save-switch"><button type="submit" class="button-secondary">Save</button></div></form>
                    """]
        }
        let errorMarkup: Markup = error.map { Components.inlineError($0) } ?? .empty
        let expiring: Markup = certificates.isEmpty ? "<p class=\"muted\">No signing certificate expires within 30 days.</p>"
            : Components.table(["Organization", "Certificate", "Expires", "What to do"], certificates.map { item in
                ["<a href=\"\(paths.connection(item.organizationID))\">\(item.organizationID)</a>",
                 "\(item.subject)<br><span class=\"mono muted\">\(item.sha256Fingerprint)</span>",
                 "\(DisplayDate.markup(item.notAfter))<br>\(item.expired ? Components.badge("Expired", kind: "failed") : Components.badge("\(item.daysLeft) days left", kind: "pending"))",
                 "\(item.action)"]
            })
        let body: Markup = """
            <h1>Organizations</h1>
            \(Components.redirectNotice(context.notice))
            <p class="lead">Organizations set up SSO themselves once you allow them. Each name opens its Security tab.</p>
            \(Components.table(["ID", "Name", "SSO setup"], rows))
            \(page.isEmpty ? "<p class=\"muted\">No organizations yet.</p>" as Markup : .empty)
            \(next)
            <form method="post" action="\(paths.operatorOrganizations)" class="card" novalidate>
            \(Components.csrfField(context))
            <h2>Add an organization</h2>
            <div class="field"><label for="org-id">Organization ID</label>
            <input type="text" id="org-id" name="id" value="\(typed?.id ?? "")" autocomplete="off" spellcheck="false" aria-describedby="org-id-help">
            <p class="help" id="org-id-help">The application's own id for it: letters, digits, <code>_</code>, <code>-</code> or <code>.</code>, such as <code>acme</code>.</p></div>
            <div class="field"><label for="org-name">Name</label>
            <input type="text" id="org-name" name="name" value="\(typed?.name ?? "")" autocomplete="off"></div>
            \(errorMarkup)
            <button type="submit">Add organization</button>
            </form>
            <h2>Signing certificates expiring soon</h2>
            \(expiring)
            """
        return PageLayout.response(layout.page(title: "Organizations", organization: nil, section: nil, context: context, body: body),
                                   status: error == nil ? 200 : 422)
    }

    func createOrganization(_ context: RequestContext) async throws -> WebResponse {
        try checkCSRF(context)
        let form = context.form()
        let id = (form.value("id") ?? "").trimmingCharacters(in: .whitespaces)
        let name = form.value("name") ?? ""
        switch await capture({ () async throws(LifecycleError) in try await lifecycle.createOrganization(id: id, name: name, by: context.actor) }) {
        case .success:
            break
        case .failure(let error) where error.code.rawValue.hasPrefix("organization."):
            return try await renderOperator(context, typed: (id, name), error: error)
        case .failure(let error):
            throw error
        }
        return .seeOther(Paths.with(notice: "org-created", paths.operatorOrganizations))
    }

    func setSSOAllowed(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try checkCSRF(context)
        let allowed = context.form().value("allowed") == "true"
        _ = try await lifecycle.setSSOAllowed(allowed, organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: allowed ? "sso-allowed" : "sso-disallowed", paths.operatorOrganizations))
    }
}
