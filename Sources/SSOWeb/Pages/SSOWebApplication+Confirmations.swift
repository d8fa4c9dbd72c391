import Foundation
import SSOLifecycle

/// The steps that undo work, each behind a confirmation page: deactivate (a plain
/// confirmation: it can be undone by activating again), reset and change provider (the
/// organization's name typed, because they delete the configuration and the test history).
extension SSOWebApplication {
    /// The typed-name confirmation field, with its error when the name did not match.
    private func typedNameField(_ organization: Organization, mismatch: Bool) -> Markup {
        let error: Markup = mismatch ? """
            <div class="issue" id="confirm-name-error" role="alert"><p>That is not the organization's name. Type it exactly as shown: \(organization.name)</p><p class="muted">Code: <code>confirmation.name-mismatch</code></p></div>
            """ : .empty
        let invalid: Markup = mismatch ? " aria-invalid=\"true\"" : ""
        return """
            <div class="field"><label for="confirm-name">Type the organization's name to confirm</label>
            <input type="text" id="confirm-name" name="confirm_name" autocomplete="off" spellcheck="false" aria-describedby="confirm-name-help\(mismatch ? " confirm-name-error" : "")"\(invalid)>
            <p class="help" id="confirm-name-help">The name is <strong>\(organization.name)</strong>.</p>
            \(error)</div>
            """
    }

    private func typedNameMatches(_ organization: Organization, _ context: RequestContext) -> Bool {
        (context.form().value("confirm_name") ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == organization.name
    }

    // MARK: Change provider

    func changeProviderPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try requireManage(org, context)
        let organization = try await lifecycle.organization(org, by: context.actor)
        return try await renderChangeProvider(organization, context, mismatch: false)
    }

    private func renderChangeProvider(_ organization: Organization, _ context: RequestContext, mismatch: Bool) async throws -> WebResponse {
        let org = organization.id
        let current = try? await lifecycle.connectionDetails(organizationID: org, by: context.actor).connection
        let chosen = context.form().value("provider")
        let choices = lifecycle.registry.plugins.filter { $0.descriptor.id != current?.providerID }
        let body: Markup = """
            <h1>Change the identity provider</h1>
            <div class="notice notice-warning"><p>Changing the provider <strong>resets the connection</strong>: its saved settings and test history are deleted\(current?.status == .active ? ", and the active connection stops signing people in at once" : ""). The domains stay verified.</p></div>
            <form method="post" action="\(paths.security(org, "/connection/change-provider"))" novalidate>
            \(Components.csrfField(context))
            <fieldset class="modes"><legend>New identity provider</legend>
            \(choices.enumerated().markup { index, plugin in
                let id = Components.htmlID("new-provider", plugin.descriptor.id)
                let checked: Markup = (chosen == nil && index == 0) || chosen == plugin.descriptor.id ? " checked" : ""
                return """
                    <div class="mode"><input class="mode-radio" type="radio" name="provider" id="\(id)" value="\(plugin.descriptor.id)"\(checked)>
                    <label class="mode-choice" for="\(id)">\(plugin.descriptor.name)<span class="summary">\(plugin.descriptor.summary)</span></label></div>

                    """
            })</fieldset>
            \(typedNameField(organization, mismatch: mismatch))
            <div class="actions"><button type="submit" class="button-danger">Change provider and reset</button><a href="\(paths.connection(org))">Cancel</a></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Change provider", organization: organization, section: .connection,
                                               context: context, body: body), status: mismatch ? 422 : 200)
    }

    func changeProvider(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        guard typedNameMatches(organization, context) else {
            try requireManage(org, context)
            return try await renderChangeProvider(organization, context, mismatch: true)
        }
        _ = try await lifecycle.changeProvider(to: context.form().value("provider") ?? "", organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "provider-changed", paths.connection(org)))
    }

    // MARK: Reset

    func resetConnectionPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try requireManage(org, context)
        let organization = try await lifecycle.organization(org, by: context.actor)
        return try await renderReset(organization, context, mismatch: false)
    }

    private func renderReset(_ organization: Organization, _ context: RequestContext, mismatch: Bool) async throws -> WebResponse {
        let org = organization.id
        let body: Markup = """
            <h1>Reset the connection</h1>
            <div class="notice notice-warning"><p>Resetting <strong>deletes the connection</strong>: the identity provider's settings and every test sign-in. If it is active, people stop signing in through it at once. The domains stay verified. This cannot be undone.</p></div>
            <form method="post" action="\(paths.security(org, "/connection/reset"))" novalidate>
            \(Components.csrfField(context))
            \(typedNameField(organization, mismatch: mismatch))
            <div class="actions"><button type="submit" class="button-danger">Reset the connection</button><a href="\(paths.activation(org))">Cancel</a></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Reset the connection", organization: organization, section: .activation,
                                               context: context, body: body), status: mismatch ? 422 : 200)
    }

    func resetConnection(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        guard typedNameMatches(organization, context) else {
            try requireManage(org, context)
            return try await renderReset(organization, context, mismatch: true)
        }
        try await lifecycle.resetConnection(organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "reset", paths.connection(org)))
    }

    // MARK: Deactivate

    func deactivatePage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try requireManage(org, context)
        let organization = try await lifecycle.organization(org, by: context.actor)
        let body: Markup = """
            <h1>Deactivate the connection?</h1>
            <p>People of \(organization.name)'s verified domains will no longer sign in through the identity provider until the connection is activated again. The settings and test history stay; activating again needs no new test unless the settings change.</p>
            <form method="post" action="\(paths.security(org, "/activation/deactivate"))">
            \(Components.csrfField(context))
            <div class="actions"><button type="submit" class="button-danger">Deactivate</button><a href="\(paths.activation(org))">Cancel</a></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Deactivate", organization: organization, section: .activation,
                                               context: context, body: body))
    }

    func deactivate(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        _ = try await lifecycle.deactivate(organizationID: org, by: context.actor)
        return .seeOther(Paths.with(notice: "deactivated", paths.activation(org)))
    }
}
