import Foundation
import SAML
import SSOLifecycle

extension SSOWebApplication {
    func testPage(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        let overview = try await lifecycle.overview(organizationID: org, by: context.actor)
        let organization = overview.organization
        let manage = canManage(organization, context)
        let attempts = try await lifecycle.attempts(organizationID: org, limit: 25, by: context.actor)
        let runs = overview.connection == nil ? [] : try await lifecycle.testRuns(organizationID: org, limit: 25, by: context.actor)
        let configured = overview.connection?.configuration != nil
        let fingerprint = overview.connection?.configuration?.fingerprint
        let runForm: Markup
        if !configured {
            runForm = Components.notice("""
                <p>There is nothing to test yet: <a href="\(paths.connection(org))">choose the identity provider and save its settings</a> first.</p>
                """)
        } else if manage {
            runForm = """
                <form method="post" action="\(paths.test(org))" data-new-tab>
                \(Components.csrfField(context))
                <div class="actions"><button type="submit">Run test sign-in</button></div>
                <p class="new-tab-note muted" hidden>The identity provider opens in a new tab. Sign in there; when you come back to this tab it shows the result.</p>
                </form>
                """
        } else {
            runForm = .empty
        }
        let history: Markup = runs.isEmpty ? "<p class=\"muted\">No test sign-ins yet.</p>" : Components.table(
            ["Started", "Status", "Person", "Configuration", "Started by"],
            runs.map { run in
                let person: Markup = run.user.map { "\($0.email)" } ?? (run.errors.first.map { "<code>\($0.code)</code>" } ?? "—")
                return ["<a href=\"\(paths.testRun(org, run.id))\">\(DisplayDate.text(run.createdAt))</a>",
                        Components.runBadge(run.status(at: overview.now)), person,
                        run.configurationFingerprint == fingerprint ? "Current" : "Earlier", "\(run.startedBy)"]
            })
        let body: Markup = """
            <h1>Test sign-in</h1>
            \(Components.redirectNotice(context.notice))\(accessNotices(organization, context))\(pendingNotice(overview.connection, organizationID: org))
            <p class="lead">A test sign-in sends you to your identity provider with the saved settings. Sign in there as a person whose email is in one of your verified domains; this page then shows exactly what came back: the person and every attribute, or every problem with how to fix it.</p>
            \(runForm)
            <h2>Run history</h2>
            \(history)
            <h2>Attempt log</h2>
            <p class="muted">Every sign-in response this organization's connection received, tests and real sign-ins, refused ones included (newest first).</p>
            \(attemptTable(attempts))
            """
        return PageLayout.response(layout.page(title: "Test sign-in", organization: organization, section: .test,
                                               context: context, body: body))
    }

    private func attemptTable(_ attempts: [AttemptRecord]) -> Markup {
        guard !attempts.isEmpty else { return "<p class=\"muted\">No attempts yet.</p>" }
        return Components.table(["Time", "Kind", "Outcome", "Email", "Problems", "Reference"], attempts.map { attempt in
                let outcome = attempt.outcome == .success ? Components.badge("Success", kind: "success") : Components.badge("Failed", kind: "failed")
                let kind = switch attempt.kind {
                case .test: "Test"
                case .production: "Sign-in"
                case .idpInitiated: "From the IdP"
                }
                let problems: Markup = attempt.failures.isEmpty ? "—" : attempt.failures.markup { "<code>\($0.code)</code> " }
                return [DisplayDate.markup(attempt.at), "\(kind)", outcome, "\(attempt.email ?? "—")", problems,
                        "<span class=\"mono\">\(attempt.id)</span>"]
            })
    }

    func startTest(_ org: String, _ context: RequestContext) async throws -> WebResponse {
        try requireManage(org, context)
        _ = try await lifecycle.organization(org, by: context.actor)
        try await takeToken("test:\(org)", rate: options.testStartRate, what: "Starting test sign-ins for this organization",
                            organizationID: org)
        let start = try await lifecycle.startTestRun(organizationID: org, by: context.actor)
        return identityProviderHandOff(start.redirect, context: context)
    }

    /// Sends the browser to the identity provider: a 303 for HTTP-Redirect, or for HTTP-POST a
    /// page whose form posts the AuthnRequest, submitted by the layer's script (no inline
    /// script) or by the Continue button when scripts are off.
    func identityProviderHandOff(_ redirect: SignInRedirect, context: RequestContext) -> WebResponse {
        guard redirect.binding == .httpPOST else { return .seeOther(redirect.url.absoluteString) }
        let request = Data(redirect.request.xml.utf8).base64EncodedString()
        let host = redirect.url.host ?? redirect.url.absoluteString
        let body: Markup = """
            <h1>Continue to your identity provider</h1>
            <form method="post" action="\(redirect.url.absoluteString)" data-autosubmit>
            <input type="hidden" name="SAMLRequest" value="\(request)">
            <input type="hidden" name="RelayState" value="\(redirect.relayState)">
            <p>You are being sent to \(host) to sign in. If nothing happens, press Continue.</p>
            <div class="actions"><button type="submit">Continue</button></div>
            </form>
            """
        return PageLayout.response(layout.page(title: "Continue to your identity provider", organization: nil, section: nil,
                                               context: nil, body: body))
    }

    func testRunPage(_ org: String, runID: String, _ context: RequestContext) async throws -> WebResponse {
        let organization = try await lifecycle.organization(org, by: context.actor)
        let run = try await lifecycle.testRun(runID, organizationID: org, by: context.actor)
        let details = try? await lifecycle.connectionDetails(organizationID: org, by: context.actor)
        let now = lifecycle.environment.now()
        let status = run.status(at: now)
        let current = run.configurationFingerprint == details?.connection.configuration?.fingerprint
        let result: Markup
        switch status {
        case .pending:
            result = """
                <div class="result" data-refresh-while-pending><p><strong>Waiting for the identity provider's response.</strong> Sign in at the identity provider; this page shows the result when it arrives (it refreshes by itself while it waits). The test expires \(DisplayDate.relative(run.expiresAt, now: now)).</p>
                <p><a href="\(paths.testRun(org, run.id))">Refresh</a></p></div>
                """
        case .expired:
            result = """
                <div class="result"><p><strong>No response arrived</strong> before this test expired at \(DisplayDate.markup(run.expiresAt)). Run a new test sign-in and finish it within \(Int(lifecycle.settings.testRunLifetime / 60)) minutes.</p></div>
                """
        case .success:
            result = run.user.map { successResult($0, org: org, connection: details?.connection, current: current) } ?? .empty
        case .failed:
            result = failureResult(run.errors)
        }
        let runAgain: Markup = canManage(organization, context)
            ? Components.postButton(status == .success ? "Run another test" : "Run test sign-in again", action: paths.test(org), context: context,
                                    style: status == .success ? "button-secondary" : "button")
            : .empty
        let body: Markup = """
            <h1>Test sign-in \(Components.runBadge(status))</h1>
            <div aria-live="polite" role="status">
            \(result)
            </div>
            <dl class="facts">
            <dt>Started</dt><dd>\(DisplayDate.markup(run.createdAt)) by \(run.startedBy)</dd>
            \(run.completedAt.map { "<dt>Completed</dt><dd>\(DisplayDate.markup($0))</dd>" as Markup } ?? .empty)
            <dt>Configuration</dt><dd>\(current ? "The settings as they are saved now" : "Earlier settings (they have changed since)")</dd>
            <dt>Reference</dt><dd class="mono">\(run.id)</dd>
            </dl>
            <div class="actions">\(runAgain)<a href="\(paths.test(org))">All test sign-ins</a></div>
            """
        return PageLayout.response(layout.page(title: "Test sign-in result", organization: organization, section: .test,
                                               context: context, body: body))
    }

    private func successResult(_ user: SignedInUser, org: String, connection: Connection?, current: Bool) -> Markup {
        let attributes = Components.table(["Name", "Values"], user.attributes.keys.sorted().map { name in
            ["<span class=\"mono\">\(name)</span>", (user.attributes[name] ?? []).markup { "<div>\($0)</div>" }]
        })
        let next: Markup
        if current, connection?.status != .active || connection?.hasPendingChange == true {
            next = connection?.status == .active
                ? "<p>The tested change is now live.</p>"
                : "<p class=\"actions\"><a class=\"button\" href=\"\(paths.activation(org))\">Next: activate</a></p>"
        } else {
            next = .empty
        }
        return """
            <div class="result result-success">
            <p><strong>\(user.email) signed in successfully.</strong> The identity provider's response was valid, and this is the person it described:</p>
            <dl class="facts">
            <dt>Email</dt><dd>\(user.email)</dd>
            <dt>First name</dt><dd>\(user.firstName ?? "— (not sent)")</dd>
            <dt>Last name</dt><dd>\(user.lastName ?? "— (not sent)")</dd>
            <dt>NameID</dt><dd><code>\(user.nameID)</code>\(user.nameIDFormat.map { " <span class=\"muted\">(\($0))</span>" as Markup } ?? .empty)</dd>
            <dt>Issuer</dt><dd><code>\(user.issuer)</code></dd>
            \(user.sessionIndex.map { "<dt>Session index</dt><dd><code>\($0)</code></dd>" as Markup } ?? .empty)
            \(user.authnInstant.map { "<dt>Signed in at the IdP</dt><dd>\(DisplayDate.markup($0))</dd>" as Markup } ?? .empty)
            \(user.authnContextClassRef.map { "<dt>Sign-in method</dt><dd><code>\($0)</code></dd>" as Markup } ?? .empty)
            \(user.sessionNotOnOrAfter.map { "<dt>Session ends by</dt><dd>\(DisplayDate.markup($0))</dd>" as Markup } ?? .empty)
            </dl>
            <h2>Attributes</h2>
            \(user.attributes.isEmpty ? "<p class=\"muted\">The identity provider sent no attributes.</p>" as Markup : attributes)
            \(next)
            </div>
            """
    }

    /// Every failure of a test or sign-in: code, full message, who must act, the provider's
    /// steps, and the expected and observed values.
    func failureResult(_ failures: [SignInFailure]) -> Markup {
        """
        <div class="result result-failed">
        <p><strong>The test sign-in failed</strong> with \(failures.count == 1 ? "one problem" : "\(failures.count) problems"):</p>
        \(failureList(failures))
        </div>
        """
    }

    func failureList(_ failures: [SignInFailure]) -> Markup {
        failures.markup { failure in
            let message = failure.code.hasPrefix("store.")
                ? "The application's database could not record the result. Try again; if it keeps happening, tell the application's operator the code below."
                : failure.message
            let fix: Markup = failure.fix.map { "<h3>How to fix it</h3><div class=\"fix\">\($0)</div>" } ?? .empty
            let details: Markup = failure.details.isEmpty || failure.code.hasPrefix("store.") ? .empty : """
                <details><summary>Expected and received values</summary><div class="table-scroll"><table><tbody>\(failure.details.keys.sorted().markup { key in
                    "<tr><th scope=\"row\" class=\"mono\">\(key)</th><td>\(failure.details[key] ?? "")</td></tr>"
                })</tbody></table></div></details>
                """
            return """
                <div class="failure"><h2><code>\(failure.code)</code></h2>
                <p>\(message)</p>
                <p><strong>Who can fix this:</strong> \(WebRefusal.who(failure.side))</p>
                \(fix)\(details)</div>

                """
        }
    }
}
