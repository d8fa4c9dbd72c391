import Foundation
import SSOLifecycle

extension SSOWebApplication {
    func activationPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let overview = try await lifecycle.overview(organizationID: org, by: context.actor)
        let organization = overview.organization
        let manage = canManage(organization, context)
        guard let connection = overview.connection else {
            let body: Markup = """
                <h1>Activation</h1>
                \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))
                \(Components.notice("<p>There is no connection to activate yet. <a href=\"\(paths.connection(org))\">Choose the identity provider</a> first.</p>"))
                """
            return PageLayout.response(layout.page(title: "Activation", organization: organization, section: .activation,
                                                   context: context, body: body))
        }
        let verified = overview.verifiedDomains
        let tested = overview.testStep == .complete
        let badge: Markup = switch connection.status {
        case .active: Components.badge("Active", kind: "active")
        case .inactive: Components.badge("Inactive", kind: "inactive")
        case .draft: Components.badge("Not active", kind: "draft")
        }
        let checks: Markup = """
            <ul class="check-list">
            <li class="\(verified.isEmpty ? "missing" : "ok")">\(verified.isEmpty
                ? "No verified domain yet: sign-ins are routed by email domain." as Markup
                : "Verified domains: \(verified.map(\.name).joined(separator: ", "))") <a href="\(paths.domains(org))">Domains</a></li>
            <li class="\(tested ? "ok" : "missing")">\(tested
                ? "A test sign-in of the saved settings succeeded."
                : connection.configuration == nil ? "The settings are not saved yet." : "No successful test sign-in of the settings as they are saved now.") <a href="\(paths.test(org))">Test</a></li>
            </ul>
            """
        var actions: [Markup] = []
        if manage {
            if connection.status != .active {
                actions.append(Components.postButton("Activate", action: paths.activation(org), context: context,
                                                     fields: [("version", String(connection.version))]))
            } else if connection.hasPendingChange {
                actions.append(Components.postButton("Activate the saved change", action: paths.activation(org), context: context,
                                                     fields: [("version", String(connection.version))]))
            }
        }
        let stateText: Markup = switch connection.status {
        case .active: "<p>The connection is <strong>active</strong>: people whose email ends in \(verified.map { "@" + $0.name }.joined(separator: ", ")) sign in through it.</p>"
        case .inactive: "<p>The connection is <strong>inactive</strong>: it was turned off and signs nobody in. Activating it again needs no new test unless the settings changed.</p>"
        case .draft: "<p>The connection is <strong>not active</strong> yet. Activation needs a verified domain and a successful test sign-in of the saved settings.</p>"
        }
        let idpInitiated: Markup = """
            <h2>Sign-ins started from the identity provider</h2>
            <p>Some people open applications from their identity provider's dashboard (an app tile). Such a sign-in is not tied to a request this application made, so it is refused unless you allow it here.</p>
            \(manage ? "<form method=\"post\" action=\"\(paths.security(org, "/activation/idp-initiated"))\">\(Components.csrfField(context))" as Markup : "<div>")
            <div class="switch-row"><input type="checkbox" id="idp-initiated" name="allowed" value="true"\(connection.allowsIdPInitiatedSignIn ? " checked" : "")\(manage ? "" : " disabled")><label for="idp-initiated">Accept sign-ins started from the identity provider's dashboard</label></div>
            \(manage ? "<div class=\"actions\"><button type=\"submit\" class=\"button-secondary\">Save</button></div></form>" as Markup : "</div>")
            """
        let dangerZone: Markup = manage ? """
            <section class="card danger-zone" aria-labelledby="danger-title">
            <h2 id="danger-title">Turn off or start over</h2>
            <div class="actions">
            \(connection.status == .active ? "<a class=\"button button-secondary\" href=\"\(paths.security(org, "/activation/deactivate"))\">Deactivate…</a>" as Markup : .empty)
            <a class="button button-secondary" href="\(paths.security(org, "/connection/change-provider"))">Change provider…</a>
            <a class="button button-secondary" href="\(paths.security(org, "/connection/reset"))">Reset the connection…</a>
            </div></section>
            """ : .empty
        let body: Markup = """
            <h1>Activation \(badge)</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))\(pendingNotice(connection, organizationID: org))
            \(stateText)
            \(checks)
            \(actions.isEmpty ? .empty : "<div class=\"actions\">\(actions.joined)</div>" as Markup)
            \(idpInitiated)
            \(dangerZone)
            """
        return PageLayout.response(layout.page(title: "Activation", organization: organization, section: .activation,
                                               context: context, body: body))
    }

    func activate(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let version = context.form().value("version").flatMap { Int($0) }
        _ = try await lifecycle.activate(organizationID: org, expectedVersion: version, by: context.actor)
        return .seeOther(Paths.with(notice: "activated", paths.activation(org)))
    }

    func setIdPInitiated(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let allowed = context.form().value("allowed") == "true"
        _ = try await lifecycle.setIdPInitiatedSignIn(allowed, organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: allowed ? "idp-initiated-on" : "idp-initiated-off", paths.activation(org)))
    }
}
