import Foundation
import SAML
import SSOCore
import SSOLifecycle

extension SSOWebApplication {
    func connectionPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        switch await capture({ () async throws(LifecycleError) in try await lifecycle.connectionDetails(organizationID: org, by: context.actor) }) {
        case .success(let details):
            return try await renderConnection(organization, details, context, submitted: nil, report: nil)
        case .failure(let error) where error.code == .connectionNotFound:
            return providerPicker(organization, context)
        case .failure(let error):
            throw error
        }
    }

    /// The provider picker: a card per registered provider, generated from the registry.
    private func providerPicker(_ organization: Organization, _ context: RequestContext) -> WebResponse {
        let manage = canManage(organization, context)
        let cards = lifecycle.registry.plugins.markup { plugin in
            let descriptor = plugin.descriptor
            let modes = plugin.schema.modes.map(\.title).joined(separator: " · ")
            let choose: Markup = manage
                ? Components.postButton("Choose \(descriptor.name)", action: paths.security(organization.id, "/connection/provider"),
                                        context: context, fields: [("provider", descriptor.id)])
                : .empty
            return """
                <section class="card" aria-labelledby="\(Components.htmlID("provider", descriptor.id))">
                <h3 id="\(Components.htmlID("provider", descriptor.id))">\(descriptor.name)</h3>
                <p>\(descriptor.summary)</p>
                <p class="muted">\(modes)</p>
                \(choose)
                </section>

                """
        }
        let body: Markup = """
            <h1>Connection</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))
            <p class="lead">Choose the identity provider your people sign in with. The next page shows instructions written for its admin console, next to the fields to fill in.</p>
            <h2>Choose your identity provider</h2>
            <div class="cards">\(cards)</div>
            """
        return PageLayout.response(layout.page(title: "Choose your identity provider", organization: organization,
                                               section: .connection, context: context, body: body))
    }

    /// The connection page: provider, what was understood, and the guide beside the form.
    private func renderConnection(_ organization: Organization, _ details: ConnectionDetails, _ context: RequestContext,
                                  submitted: ProviderConfiguration?, report: ValidationReport?) async throws -> WebResponse {
        let org = organization.id
        let connection = details.connection
        guard let plugin = lifecycle.registry.plugin(id: connection.providerID) else {
            throw WebRefusal(LifecycleError(.providerUnknown,
                "This connection uses the identity provider '\(connection.providerID)', which this installation no longer offers. Change the provider to continue."),
                organizationID: org)
        }
        let manage = canManage(organization, context)
        let schema = plugin.schema
        let shown = submitted ?? connection.configuration?.submitted
        let selectedMode = shown.flatMap { schema.mode($0.mode)?.id } ?? schema.modes.first?.id ?? ""
        var issuesByField: [String: [ValidationIssue]] = [:]
        var unplaced: [ValidationIssue] = []
        let knownKeys = Set(schema.allFields.map(\.key))
        for issue in report?.issues ?? [] {
            if knownKeys.contains(issue.field) { issuesByField[issue.field, default: []].append(issue) } else { unplaced.append(issue) }
        }
        let form = ConnectionForm(schema: schema, selectedMode: selectedMode, values: shown?.values ?? [:],
                                  issues: issuesByField, editable: manage)
        let guide = await guides.guide(for: plugin, settings: details.serviceProvider)
        let statusBadge: Markup = switch connection.status {
        case .draft: Components.badge("Draft", kind: "draft")
        case .active: Components.badge("Active", kind: "active")
        case .inactive: Components.badge("Inactive", kind: "inactive")
        }
        let changeLink: Markup = manage
            ? " <a href=\"\(paths.security(org, "/connection/change-provider"))\">Change provider</a>" : .empty
        let errorSummary: Markup
        if let report, report.hasErrors {
            errorSummary = Components.notice("""
                <h2>The settings were not saved</h2>
                <p>\(report.errors.count == 1 ? "One problem needs" : "\(report.errors.count) problems need") fixing; each is shown next to its field below.</p>
                <ul>\(report.errors.markup { issue in
                    let field = schema.field(issue.field)
                    let target = field.map { field in
                        schema.commonFields.contains(field) ? field.key : "\(selectedMode).\(field.key)"
                    }
                    let link: Markup = target.map { "<a href=\"#\(Components.htmlID("field", $0))\">\(field?.label ?? issue.field)</a>: " } ?? .empty
                    return "<li>\(link)\(issue.message)</li>"
                })</ul>
                """, kind: "error", live: true)
        } else {
            errorSummary = .empty
        }
        let tested = connection.configuration.map { saved in
            details.testRuns.contains { $0.configurationFingerprint == saved.fingerprint && $0.storedStatus == .success }
        } ?? false
        let understood = connection.configuration.map {
            understoodSection($0, live: connection.liveConfiguration, connection: connection,
                              next: tested || !manage ? .empty : "<p class=\"actions\"><a class=\"button\" href=\"\(paths.test(org))\">Next: run a test sign-in</a></p>")
        } ?? .empty
        let rows = guideRows(guide: guide, plugin: plugin, details: details, form: form, unplaced: unplaced,
                             org: org, manage: manage)
        let formOpen: Markup = manage ? """
            <form method="post" action="\(paths.connection(org))" enctype="multipart/form-data" novalidate>
            \(Components.csrfField(context))<input type="hidden" name="provider" value="\(plugin.descriptor.id)"><input type="hidden" name="version" value="\(String(connection.version))">
            """ : "<div>"
        let formClose: Markup = manage ? "</form>" : "</div>"
        let introduction: Markup = guide.map { "<div class=\"guide-intro\">\($0.introduction)</div>" } ?? .empty
        let body: Markup = """
            <h1>Connection \(statusBadge)</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))\(pendingNotice(connection, organizationID: org))\(errorSummary)
            <p class="lead">Identity provider: <strong>\(plugin.descriptor.name)</strong>.\(changeLink)</p>
            \(understood)
            <h2>\(guide?.title ?? "Set up \(plugin.descriptor.name)")</h2>
            \(introduction)
            \(formOpen)
            \(rows)
            \(formClose)
            """
        return PageLayout.response(layout.page(title: "Connection", organization: organization, section: .connection,
                                               context: context, body: body), status: report?.hasErrors == true ? 422 : 200)
    }

    /// The guide's steps, each beside the part of the form it explains: the service-provider
    /// values beside the step about entering them, a step's named fields beside it, and the
    /// mode chooser (with every mode's fields) and Save beside the first step naming a mode
    /// field.
    private func guideRows(guide: RenderedGuide?, plugin: any IdentityProviderPlugin, details: ConnectionDetails,
                           form: ConnectionForm, unplaced: [ValidationIssue], org: String, manage: Bool) -> Markup {
        let schema = plugin.schema
        let modeKeys = Set(schema.modes.flatMap(\.fields).map(\.key))
        var placedCommon: Set<String> = []
        var chooserPlaced = false
        let save: Markup = manage ? "<div class=\"actions\"><button type=\"submit\">Save</button></div>" : .empty
        let generalIssues = ConnectionForm.issues(unplaced, id: "form-issues")
        func chooser() -> Markup {
            chooserPlaced = true
            return "\(generalIssues)\(form.modeChooser())\(save)"
        }
        var rows: [Markup] = []
        for (index, step) in (guide?.steps ?? []).enumerated() {
            var part: [Markup] = []
            if step.kind == .serviceProviderValues {
                part.append(serviceProviderValues(details.serviceProviderValues))
            }
            for key in step.fields {
                if modeKeys.contains(key), !chooserPlaced {
                    part.append(chooser())
                } else if let field = schema.commonFields.first(where: { $0.key == key }), placedCommon.insert(key).inserted {
                    part.append(form.commonField(field))
                }
            }
            if step.kind == .testSignIn {
                part.append("<p><a class=\"button button-secondary\" href=\"\(paths.test(org))\">Go to Test sign-in</a></p>")
            }
            let formPart: Markup = part.isEmpty ? .empty : "<div class=\"guide-form\"><div class=\"panel\">\(part.joined)</div></div>"
            let stepID = Components.htmlID("step", step.kind.rawValue)
            rows.append("""
                <section class="guide-row" aria-labelledby="\(stepID)">
                <div class="guide-step"><h2 id="\(stepID)"><span class="step-number">\(index + 1).</span> \(step.title)</h2>
                \(step.html)</div>
                \(formPart)
                </section>

                """)
        }
        var rest: [Markup] = []
        if guide == nil {
            rest.append(serviceProviderValues(details.serviceProviderValues))
        }
        for field in schema.commonFields where !placedCommon.contains(field.key) {
            rest.append(form.commonField(field))
        }
        if !chooserPlaced { rest.append(chooser()) }
        if !rest.isEmpty {
            rows.append("""
                <section class="guide-row" aria-label="Settings"><div class="guide-step"><h2>Settings</h2></div><div class="guide-form"><div class="panel">\(rest.joined)</div></div></section>
                """)
        }
        return rows.joined
    }

    /// The service-provider values, labelled as the provider's console labels them.
    private func serviceProviderValues(_ values: [ServiceProviderValue]) -> Markup {
        """
        <div class="sp-values"><h3>Values to enter in the identity provider</h3>
        \(values.enumerated().markup { index, value in
            let id = "sp-value-\(index)"
            return """
                <div class="sp-value"><span class="label" id="\(id)-label">\(value.label)</span>\(Components.copyField(value.value, id: id, label: value.label))<p class="help">\(value.help)</p></div>

                """
        })</div>
        """
    }

    /// What the saved configuration resolved to: entity ID, SSO URL, certificates with expiry,
    /// the warnings, and the live configuration when a change is pending.
    private func understoodSection(_ saved: SavedConfiguration, live: SavedConfiguration?, connection: Connection, next: Markup) -> Markup {
        let now = lifecycle.environment.now()
        let idp = saved.identityProvider
        let certificates = Components.table(["Subject", "Valid until", "SHA-256 fingerprint"], idp.certificates.map { certificate in
            let days = Int((certificate.notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
            let state: Markup = certificate.notAfter <= now ? Components.badge("Expired", kind: "failed")
                : days < 30 ? Components.badge("Expires in \(days) days", kind: "pending")
                : Components.badge("Valid", kind: "success")
            return ["\(certificate.subject)", "\(DisplayDate.markup(certificate.notAfter)) \(state)",
                    "<span class=\"mono\">\(certificate.sha256Fingerprint)</span>"] as [Markup]
        })
        let warnings: Markup = saved.warnings.isEmpty ? .empty : """
            <h3>Warnings</h3>\(ConnectionForm.issues(saved.warnings, id: "saved-warnings"))
            """
        let liveFacts: Markup
        if connection.hasPendingChange, let live {
            liveFacts = """
                <h3>Live configuration (serving sign-ins until the change is tested)</h3>
                <dl class="facts"><dt>IdP entity ID</dt><dd><code>\(live.identityProvider.entityID)</code></dd>
                <dt>Single sign-on URL</dt><dd><code>\(live.identityProvider.ssoURL)</code></dd>
                <dt>Saved</dt><dd>\(DisplayDate.markup(live.savedAt))</dd></dl>
                """
        } else {
            liveFacts = .empty
        }
        return """
            <section class="card" aria-labelledby="understood-title">
            <h2 id="understood-title">What was understood</h2>
            <dl class="facts">
            <dt>IdP entity ID</dt><dd><code>\(idp.entityID)</code></dd>
            <dt>Single sign-on URL</dt><dd><code>\(idp.ssoURL)</code> <span class="muted">(\(Self.bindingName(idp.ssoBinding)))</span></dd>
            <dt>Name ID format</dt><dd>\(idp.nameIDFormat.map { "<code>\($0)</code>" as Markup } ?? "any")</dd>
            <dt>Saved</dt><dd>\(DisplayDate.markup(saved.savedAt)) by \(saved.savedBy)</dd>
            </dl>
            <h3>Signing certificates</h3>
            \(certificates)
            \(warnings)\(liveFacts)\(next)
            </section>
            """
    }

    static func bindingName(_ binding: SAMLBinding) -> String {
        switch binding {
        case .httpPOST: "HTTP-POST"
        case .httpRedirect: "HTTP-Redirect"
        }
    }

    // MARK: - Actions

    func chooseProvider(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let provider = context.form().value("provider") ?? ""
        _ = try await lifecycle.chooseProvider(provider, organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "provider-chosen", paths.connection(org)))
    }

    func saveConnection(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let form = context.form()
        let details = try await lifecycle.connectionDetails(organizationID: org, by: context.actor)
        let providerID = form.value("provider") ?? details.connection.providerID
        guard let plugin = lifecycle.registry.plugin(id: providerID) else {
            throw WebRefusal(LifecycleError(.providerUnknown, "There is no identity provider with the id '\(providerID)'."), organizationID: org)
        }
        let mode = form.value("mode") ?? plugin.schema.modes.first?.id ?? ""
        let configuration = ConnectionForm.configuration(from: form, schema: plugin.schema, mode: mode)
        let outcome = try await lifecycle.saveConfiguration(configuration, providerID: providerID, organizationID: org,
                                                            expectedVersion: form.value("version").flatMap { Int($0) },
                                                            by: context.actor)
        if outcome.saved {
            return .seeOther(Paths.with(notice: outcome.isPendingTest ? "saved-pending" : "saved", paths.connection(org)))
        }
        let organization = try await lifecycle.organization(org, by: context.actor)
        return try await renderConnection(organization, details, context, submitted: configuration, report: outcome.report)
    }
}
