import Foundation
import SSOLifecycle

extension SSOWebApplication {
    func domainsPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try await renderDomains(org, context, typed: nil, error: nil)
    }

    /// The Domains page, with the add form's value and error when an add was refused.
    private func renderDomains(_ org: String, _ context: RequestContext, typed: String?, error: LifecycleError?) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        let domains = try await lifecycle.domains(organizationID: org, by: context.actor)
        let now = lifecycle.environment.now()
        let manage = canManage(organization, context)
        let addForm: Markup
        if manage {
            let invalid: Markup = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"domain-help domain-error\""
            let errorMarkup: Markup = error.map { "<div id=\"domain-error\">\(Components.inlineError($0))</div>" } ?? .empty
            addForm = """
                <form method="post" action="\(paths.domains(org))" class="card">
                \(Components.csrfField(context))
                <div class="field"><label for="domain">Domain</label>
                <input type="text" id="domain" name="domain" value="\(typed ?? "")" autocomplete="off" autocapitalize="none" spellcheck="false" inputmode="url" aria-describedby="domain-help"\(invalid)>
                <p class="help" id="domain-help">The part of your people's email addresses after the @, such as <code>acme.com</code>. Add each domain they use.</p>
                \(errorMarkup)</div>
                <button type="submit">Add domain</button>
                </form>
                """
        } else {
            addForm = .empty
        }
        let cards: Markup = domains.isEmpty
            ? "<p class=\"muted\">No domains yet.</p>"
            : domains.markup { domainCard($0, org: org, now: now, manage: manage, context: context) }
        let body: Markup = """
            <h1>Domains</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))
            <p class="lead">Sign-ins are routed by email domain: people whose address ends in a verified domain sign in through your identity provider. Prove that \(organization.name) owns each domain by creating a DNS TXT record.</p>
            \(addForm)
            <h2>Your domains</h2>
            \(cards)
            """
        return PageLayout.response(layout.page(title: "Domains", organization: organization, section: .domains,
                                               context: context, body: body), status: error == nil ? 200 : 422)
    }

    private func domainCard(_ domain: DomainRecord, org: String, now: Date, manage: Bool, context: RequestContext) -> Markup {
        let status = domain.status(at: now)
        let id = Components.htmlID("domain", domain.name)
        var content: Markup
        switch status {
        case .verified:
            content = "<p>Verified\(domain.verifiedAt.map { " on \(DisplayDate.text($0))" } ?? ""). People with @\(domain.name) addresses are routed to this organization's connection.</p>"
        case .pending:
            let relative = domain.recordName.hasSuffix("." + domain.name)
                ? String(domain.recordName.dropLast(domain.name.count + 1)) : domain.recordName
            content = """
                <p>Create this DNS record at your DNS provider, then press <strong>Verify</strong>. The record is accepted until \(DisplayDate.markup(domain.challengeExpiresAt)) (\(DisplayDate.relative(domain.challengeExpiresAt, now: now))).</p>
                <dl class="record">
                <dt>Type</dt><dd>\(Components.copyField(domain.recordType, id: id + "-type", label: "record type"))</dd>
                <dt>Host / name</dt><dd>\(Components.copyField(domain.recordName, id: id + "-name", label: "record name"))<p class="help">Many DNS providers add the domain themselves: there, enter only <code>\(relative)</code>.</p></dd>
                <dt>Value</dt><dd>\(Components.copyField(domain.recordValue, id: id + "-value", label: "record value"))</dd>
                </dl>
                """
            if manage {
                content = "\(content)<div class=\"actions\">\(Components.postButton("Verify", action: paths.security(org, "/domains/verify"), context: context, fields: [("domain", domain.name)]))</div>"
            }
        case .expired:
            content = "<p>The challenge expired on \(DisplayDate.markup(domain.challengeExpiresAt)) before the record was found. Verifying again issues a new TXT value to publish.</p>"
            if manage {
                content = "\(content)<div class=\"actions\">\(Components.postButton("Verify again", action: paths.security(org, "/domains/verify"), context: context, fields: [("domain", domain.name)]))</div>"
            }
        }
        let lastCheck: Markup
        if let check = domain.lastCheck, status != .verified {
            let found: Markup = check.foundValues.isEmpty ? .empty : """
                <p>Found: \(check.foundValues.markup { "<code>\($0)</code> " })</p>
                """
            lastCheck = Components.notice("""
                <p><strong>Last check, \(DisplayDate.text(check.checkedAt)):</strong> \(check.message)</p>\(found)
                """, kind: check.outcome == .found ? "success" : "warning", live: true)
        } else {
            lastCheck = .empty
        }
        let remove: Markup = manage
            ? "<a class=\"button button-secondary\" href=\"\(paths.security(org, "/domains/remove"))?domain=\(URLEncodedForm.encode(domain.name))\">Remove</a>"
            : .empty
        return """
            <section class="card" id="\(id)" aria-labelledby="\(id)-title">
            <div class="card-head"><h3 id="\(id)-title">\(domain.name)</h3>\(Components.domainBadge(status))</div>
            \(lastCheck)\(content)
            \(remove)
            </section>

            """
    }

    func addDomain(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let typed = context.form().value("domain") ?? ""
        switch await capture({ () async throws(LifecycleError) in try await lifecycle.addDomain(typed, organizationID: org, by: context.actor) }) {
        case .success(let record):
            return .seeOther(Paths.with(notice: "domain-added", paths.domains(org), anchor: Components.htmlID("domain", record.name)))
        case .failure(let error) where error.code.rawValue.hasPrefix("domain."):
            return try await renderDomains(org, context, typed: typed, error: error)
        case .failure(let error):
            throw error
        }
    }

    func verifyDomain(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let name = context.form().value("domain") ?? ""
        // Authorize before spending the organization's DNS budget on someone else's request.
        try requireManage(org, context)
        try await takeToken("dns:\(org)", rate: options.domainCheckRate, what: "Checking DNS for this organization's domains", organizationID: org)
        let verification = try await lifecycle.verifyDomain(name, organizationID: org, nameserver: options.nameserver, by: context.actor)
        let notice = verification.renewedChallenge ? "challenge-renewed"
            : verification.domain.storedStatus == .verified ? "domain-verified" : "domain-checked"
        return .seeOther(Paths.with(notice: notice, paths.domains(org), anchor: Components.htmlID("domain", verification.domain.name)))
    }

    func removeDomainPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        let name = context.request.queryValue("domain") ?? ""
        let domains = try await lifecycle.domains(organizationID: org, by: context.actor)
        guard let domain = domains.first(where: { $0.name == name }) else {
            throw WebRefusal(LifecycleError(.domainNotFound, "'\(name)' is not one of this organization's domains."), organizationID: org)
        }
        try requireManage(org, context)
        let body: Markup = """
            <h1>Remove \(domain.name)?</h1>
            <p>People with @\(domain.name) addresses will no longer be routed to \(organization.name)'s identity provider, and the domain's verification is lost: adding it again needs a new TXT record.</p>
            <form method="post" action="\(paths.security(org, "/domains/remove"))">
            \(Components.csrfField(context))<input type="hidden" name="domain" value="\(domain.name)">
            <div class="actions"><button type="submit" class="button-danger">Remove domain</button><a href="\(paths.domains(org))">Cancel</a></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Remove domain", organization: organization, section: .domains,
                                               context: context, body: body))
    }

    func removeDomain(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let name = context.form().value("domain") ?? ""
        try await lifecycle.removeDomain(name, organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "domain-removed", paths.domains(org)))
    }
}
