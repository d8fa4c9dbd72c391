import Foundation
import SSOLifecycle

extension SSOWebApplication {
    /// The lifetimes offered when creating a link, in days; 7 is the default.
    static let setupLinkDays = [1, 3, 7, 14, 30]

    func setupLinksPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try await renderSetupLinks(org, context, created: nil)
    }

    private func renderSetupLinks(_ org: String, _ context: RequestContext, created: (link: SetupLink, token: String)?) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        let links = try await lifecycle.setupLinks(organizationID: org, by: context.actor)
        let manage = canManage(organization, context)
        let now = lifecycle.environment.now()
        let createdNotice: Markup = created.map { created in
            let url = Self.setupLinkURL(token: created.token, serviceProviderBaseURL: lifecycle.settings.serviceProviderBaseURL)
            return Components.notice("""
                <h2>Setup link created</h2>
                <p>Copy it now and send it to the IT admin: it is shown only once (only a fingerprint is stored). It works once, until \(DisplayDate.markup(created.link.expiresAt)).</p>
                \(Components.copyField(url, id: "new-setup-link", label: "setup link"))
                """, kind: "success", live: true)
        } ?? .empty
        let createForm: Markup = manage ? """
            <form method="post" action="\(paths.setupLinks(org))" class="card">
            \(Components.csrfField(context))
            <h2>Create a setup link</h2>
            <div class="field"><div class="label-line"><label for="link-note">Who it is for</label> <span class="required-mark">(optional)</span></div>
            <input type="text" id="link-note" name="note" maxlength="200" autocomplete="off" aria-describedby="link-note-help">
            <p class="help" id="link-note-help">A note for this list, such as "Jane at Acme IT".</p></div>
            <div class="field"><label for="link-days">Valid for</label>
            <select id="link-days" name="days">\(Self.setupLinkDays.markup { days in
                "<option value=\"\(days)\"\(days == 7 ? " selected" : "")>\(days) day\(days == 1 ? "" : "s")</option>"
            })</select></div>
            <button type="submit">Create setup link</button>
            </form>
            """ : .empty
        let rows: [[Markup]] = links.map { link in
            let status: Markup
            let state = link.status(at: now)
            switch state {
            case .revoked: status = Components.badge("Revoked", kind: "revoked")
            case .inUse:
                status = "\(Components.badge("In use", kind: "active"))<br><span class=\"muted\">session until \(DisplayDate.markup(link.sessionExpiresAt ?? link.expiresAt))</span>"
            case .used: status = Components.badge("Used", kind: "used")
            case .expired: status = Components.badge("Expired", kind: "expired")
            case .active: status = Components.badge("Active", kind: "active")
            }
            let sessionOpen = state == .inUse
            let unused = state == .active
            // Revoking a link in use also ends the session it was exchanged for, on every server.
            let revoke: Markup = manage && (unused || sessionOpen)
                ? Components.postButton(sessionOpen ? "Revoke and end session" : "Revoke", action: paths.security(org, "/setup-links/revoke"),
                                        context: context, fields: [("link", link.id)], style: "button-secondary")
                : .empty
            return ["\(link.note.isEmpty ? "—" : link.note)",
                    "\(DisplayDate.markup(link.createdAt))<br><span class=\"muted\">\(link.createdBy)</span>",
                    DisplayDate.markup(link.expiresAt), status, revoke]
        }
        let table: Markup = links.isEmpty ? "<p class=\"muted\">No setup links yet.</p>"
            : Components.table(["For", "Created", "Expires", "Status", ""], rows)
        let body: Markup = """
            <h1>Setup links</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))\(createdNotice)
            <p class="lead">Send a setup link to an IT admin who does not use \(applicationName): it opens this organization's SSO setup, and nothing else, once, for a limited time.</p>
            \(createForm)
            <h2>Links</h2>
            \(table)
            """
        return PageLayout.response(layout.page(title: "Setup links", organization: organization, section: .setupLinks,
                                               context: context, body: body))
    }

    /// The address of a setup link's page, to send to the IT admin: the service-provider base
    /// URL (where this layer is mounted), then `/setup/` and the token.
    /// - Parameters:
    ///   - token: The token ``SelfServeLifecycle/createSetupLink(organizationID:note:lifetime:by:)`` returned.
    ///   - serviceProviderBaseURL: The lifecycle settings' base URL.
    /// - Returns: The URL.
    public static func setupLinkURL(token: String, serviceProviderBaseURL: String) -> String {
        serviceProviderBaseURL + Paths(mount: "").setupLink(token)
    }

    func createSetupLink(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let form = context.form()
        let days = Int(form.value("days") ?? "") ?? 7
        guard Self.setupLinkDays.contains(days) else {
            throw WebRefusal(status: 422, code: "setup-link.invalid-lifetime", title: "Choose how long the link is valid",
                             message: "A setup link is valid for 1, 3, 7, 14 or 30 days.", whoMustAct: WebRefusal.you, organizationID: org)
        }
        let created = try await lifecycle.createSetupLink(organizationID: org, note: form.value("note") ?? "",
                                                          lifetime: TimeInterval(days * 86_400), by: context.actor)
        // The token exists only now: show it on this response, never through a redirect URL.
        return try await renderSetupLinks(org, context, created: created)
    }

    func revokeSetupLink(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        _ = try await lifecycle.revokeSetupLink(context.form().value("link") ?? "", organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "link-revoked", paths.setupLinks(org)))
    }

    // MARK: - Exchanging a link

    /// The page a setup link opens: a button, so that link scanners and previews (which only
    /// GET) cannot use up a link that works once.
    func setupLinkPage(_ token: String, _ context: RequestContext) throws -> WebResponse {
        let body: Markup = """
            <h1>Set up single sign-on</h1>
            <p class="lead">This link opens one organization's single sign-on setup in \(applicationName). It works once: continuing signs you in to that setup for \(Int(options.setupSessionLifetime / 3600)) hours in this browser.</p>
            <form method="post" action="\(paths.setupLink(token))">
            \(Components.csrfField(context))
            <div class="actions"><button type="submit">Continue</button></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Set up single sign-on", organization: nil, section: nil, context: nil, body: body))
    }

    func redeemSetupLink(_ token: String, _ context: RequestContext) async throws -> WebResponse {
        try checkCSRF(context)
        let session = try await lifecycle.redeemSetupLink(token: token, sessionLifetime: options.setupSessionLifetime)
        var response = WebResponse.seeOther(paths.security(session.organizationID))
        response.setCookie(WebCookie(name: setupCookieName, value: session.token, path: "/",
                                      maxAge: Int(options.setupSessionLifetime), secure: secureCookies,
                                      httpOnly: true, sameSite: .lax))
        return response
    }

    func endSetupSession(_ context: RequestContext) async throws -> WebResponse {
        try checkCSRF(context)
        if let token = context.request.cookies[setupCookieName] {
            try await lifecycle.endSetupSession(token: token)
        }
        var response = PageLayout.response(layout.page(title: "Session ended", organization: nil, section: nil, context: nil, body: """
            <h1>Session ended</h1>
            \(Components.redirectNotice("session-ended"))
            <p>This browser is no longer signed in to the SSO setup. To continue later, ask for a new setup link.</p>
            """))
        response.setCookie(WebCookie(name: setupCookieName, value: "", path: "/", maxAge: 0, secure: secureCookies,
                                      httpOnly: true, sameSite: .lax))
        return response
    }

    // MARK: - Audit log

    func auditLogPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        let entries = try await lifecycle.auditLog(organizationID: org, limit: 100, by: context.actor)
        let rows: [[Markup]] = entries.map { entry in
            let changes: Markup = entry.before == nil && entry.after == nil ? .empty : """
                <details><summary>Record</summary>\(entry.before.map { "<p class=\"muted\">Before</p><pre><code>\($0)</code></pre>" as Markup } ?? .empty)\(entry.after.map { "<p class=\"muted\">After</p><pre><code>\($0)</code></pre>" as Markup } ?? .empty)</details>
                """
            return [DisplayDate.markup(entry.at), "\(entry.actor)", "<code>\(entry.action)</code>", "\(entry.target ?? "—")\(changes)"]
        }
        let body: Markup = """
            <h1>Audit log</h1>
            <p class="lead">Every change to \(organization.name)'s SSO setup, who made it and when (newest first, the latest 100).</p>
            \(entries.isEmpty ? "<p class=\"muted\">No changes yet.</p>" as Markup : Components.table(["Time", "Who", "What", "Concerning"], rows))
            """
        return PageLayout.response(layout.page(title: "Audit log", organization: organization, section: .auditLog,
                                               context: context, body: body))
    }
}
