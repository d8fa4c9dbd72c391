import Foundation
import SSOCore
import SSOLifecycle

extension SSOWebApplication {
    /// Whether the page shows forms: the principal may change the setup and the operator
    /// allowed SSO (the lifecycle refuses changes otherwise; hiding them says so up front).
    func canManage(_ organization: Organization, _ context: RequestContext) -> Bool {
        context.actor.mayManage(organization.id) && organization.ssoAllowed
    }

    /// Refuses a confirmation page or an action to a principal who may only read (the
    /// lifecycle refuses the action itself too; this keeps a read-only member from seeing
    /// forms they cannot use, and rate limits from being spent on their behalf).
    func requireManage(_ org: String, _ context: RequestContext) throws {
        guard context.actor.mayManage(org) else {
            throw WebRefusal(LifecycleError(.permissionDenied,
                "You do not have permission to change this organization's SSO setup. Ask an admin of the organization for the org:sys_entconns:manage permission."),
                organizationID: org)
        }
    }

    /// The notices every Security page starts with: read-only access, SSO not allowed.
    func accessNotices(_ organization: Organization, _ context: RequestContext) -> Markup {
        if !context.actor.mayManage(organization.id) {
            return Components.notice("""
                <p><strong>Read-only.</strong> You can see this organization's SSO setup; changing it needs the <code>org:sys_entconns:manage</code> permission, which an admin of your organization can give you.</p>
                """)
        }
        if !organization.ssoAllowed {
            return Components.notice("""
                <p><strong>SSO setup is not allowed yet.</strong> The application's operator must turn on "Allow this organization to set up SSO" for \(organization.name) before anything here can be changed.</p>
                """, kind: "warning")
        }
        return .empty
    }

    /// The pending-change notice of a live connection.
    func pendingNotice(_ connection: Connection?, organizationID: String) -> Markup {
        guard let connection, connection.hasPendingChange else { return .empty }
        return Components.notice("""
            <p><strong>A change is pending.</strong> The connection keeps signing people in with the configuration that was live before; the saved change takes effect when a test sign-in of it succeeds. <a href="\(paths.test(organizationID))">Run a test sign-in</a>.</p>
            """, kind: "warning")
    }

    func overviewPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let overview = try await lifecycle.overview(organizationID: org, by: context.actor)
        let organization = overview.organization
        let provider = overview.connection.flatMap { lifecycle.registry.plugin(id: $0.providerID) }
        let providerName = provider?.descriptor.name ?? overview.connection?.providerID ?? ""
        let verified = overview.verifiedDomains.map(\.name)
        let domainCounts: String = {
            let pending = overview.domains.filter { $0.status(at: overview.now) != .verified }.count
            var parts: [String] = []
            if !verified.isEmpty { parts.append("Verified: \(verified.joined(separator: ", ")).") }
            if pending > 0 { parts.append("\(pending) waiting for verification.") }
            return parts.isEmpty ? "Add your company's email domains and prove you own them with a DNS TXT record." : parts.joined(separator: " ")
        }()
        let connectionText: String = {
            guard let connection = overview.connection else {
                return "Choose your identity provider and enter its settings, following instructions written for its admin console."
            }
            guard let configuration = connection.configuration else { return "\(providerName) chosen; its settings are not saved yet." }
            return "\(providerName), saved \(DisplayDate.text(configuration.savedAt))."
        }()
        let testText: String = {
            guard let run = overview.testRuns.first else {
                return "Sign in once through your identity provider to check the settings end to end."
            }
            let status = run.status(at: overview.now)
            let current = run.configurationFingerprint == overview.connection?.configuration?.fingerprint
            let outcome = switch status {
            case .pending: "waiting for the identity provider"
            case .success: "succeeded"
            case .failed: "failed"
            case .expired: "expired without an answer"
            }
            return "Last test \(outcome), \(DisplayDate.text(run.createdAt))\(current ? "" : " (of an earlier configuration)")."
        }()
        let activationText: String = {
            switch overview.connection?.status {
            case .active?: overview.connection?.hasPendingChange == true
                ? "Active, with a saved change waiting for a successful test."
                : "Active: people of your verified domains sign in through \(providerName)."
            case .inactive?: "Inactive: turned off; activate it again to resume sign-ins."
            default: "Once a test succeeds and a domain is verified, turn the connection on."
            }
        }()
        let steps: [(String, OrganizationOverview.StepState, String, String)] = [
            ("Verify your domains", overview.domainsStep, domainCounts, paths.domains(org)),
            ("Configure the connection", overview.connectionStep, connectionText, paths.connection(org)),
            ("Test sign-in", overview.testStep, testText, paths.test(org)),
            ("Activate", overview.activationStep, activationText, paths.activation(org)),
        ]
        let next = steps.first { $0.1 != .complete }
        let callToAction: Markup
        if let next {
            let label = overview.state == .unconfigured ? "Start configuration" : "Continue configuration"
            callToAction = "<p class=\"actions\"><a class=\"button\" href=\"\(next.3)\">\(label)</a></p>"
        } else {
            callToAction = .empty
        }
        let liveDomains: Markup
        if overview.connection?.status == .active, !verified.isEmpty {
            liveDomains = Components.notice("""
                <p><strong>Active.</strong> People whose email address ends in \(verified.map { "@" + $0 }.joined(separator: ", ")) sign in through \(providerName).</p>
                """, kind: "success")
        } else {
            liveDomains = .empty
        }
        let body: Markup = """
            <h1>Single sign-on (SSO) \(Components.stateBadge(overview.state))</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))\(liveDomains)\(pendingNotice(overview.connection, organizationID: org))
            <p class="lead">Let people at \(organization.name) sign in to \(applicationName) with your company's identity provider. Four steps, in order:</p>
            <ol class="steps">
            \(steps.markup { step in
                let state: String = switch step.1 {
                case .complete: "complete"
                case .inProgress: "in-progress"
                case .notStarted: "not-started"
                }
                let label = switch step.1 {
                case .complete: "Done"
                case .inProgress: "In progress"
                case .notStarted: "Not started"
                }
                return """
                    <li class="step-\(state)"><div><h2><a href="\(step.3)">\(step.0)</a> \(Components.badge(label, kind: state))</h2><p>\(step.2)</p></div></li>

                    """
            })</ol>
            \(callToAction)
            """
        return PageLayout.response(layout.page(title: "Single sign-on", organization: organization, section: .overview,
                                               context: context, body: body))
    }
}
