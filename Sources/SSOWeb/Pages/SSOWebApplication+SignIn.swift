import Foundation
import SSOLifecycle

extension SSOWebApplication {
    func signInPage(_ context: RequestContext) -> WebResponse {
        renderSignIn(context, email: "", returnTo: context.request.queryValue("returnTo") ?? "/", error: nil)
    }

    private func renderSignIn(_ context: RequestContext, email: String, returnTo: String, error: LifecycleError?) -> WebResponse {
        let invalid: Markup = error == nil ? "" : " aria-invalid=\"true\""
        let described: Markup = error == nil ? " aria-describedby=\"email-help\"" : " aria-describedby=\"email-help email-error\""
        let body: Markup = """
            <h1>Sign in with single sign-on</h1>
            <form method="post" action="\(paths.signIn)" class="card" novalidate>
            \(Components.csrfField(context))<input type="hidden" name="returnTo" value="\(returnTo)">
            <div class="field"><label for="email">Email</label>
            <input type="email" id="email" name="email" value="\(email)" autocomplete="email" autocapitalize="none" spellcheck="false"\(described)\(invalid)>
            <p class="help" id="email-help">Your work email address. You continue at your company's identity provider.</p>
            \(error.map { "<div id=\"email-error\">\(Components.inlineError($0))</div>" as Markup } ?? .empty)</div>
            <button type="submit">Continue</button>
            </form>
            """
        return PageLayout.response(layout.page(title: "Sign in", organization: nil, section: nil, context: nil, body: body),
                                   status: error == nil ? 200 : 422)
    }

    func startSignIn(_ context: RequestContext) async throws -> WebResponse {
        try checkCSRF(context)
        let form = context.form()
        let email = form.value("email") ?? ""
        let returnTo = form.value("returnTo") ?? "/"
        try await takeToken("sign-in:\(context.request.remoteAddress ?? "unknown")", rate: options.signInRate,
                            what: "Signing in from this address", organizationID: nil)
        switch await capture({ () async throws(LifecycleError) in try await lifecycle.startSignIn(email: email, returnTo: returnTo) }) {
        case .success(let start):
            return identityProviderHandOff(start.redirect, context: context)
        case .failure(let error) where error.code.rawValue.hasPrefix("route.") || error.code.rawValue.hasPrefix("domain."):
            return renderSignIn(context, email: email, returnTo: returnTo, error: error)
        case .failure(let error):
            throw error
        }
    }

    // MARK: - The endpoints identity providers call

    /// The ACS URL: the identity provider's cross-site POST. It carries none of this site's
    /// cookies (they are SameSite=Lax), so it is finished on the RelayState and InResponseTo
    /// alone, then answered with a 303 to a page of this site: the test result, or the host's
    /// own response (which creates its session and sends the person on).
    func acsResponse(_ connectionID: String, request: WebRequest) async throws -> WebResponse {
        let form = try FormData.parse(request)
        let outcome = await lifecycle.receiveResponse(connectionID: connectionID, samlResponse: form.value("SAMLResponse") ?? "",
                                                      relayState: form.value("RelayState"))
        switch outcome {
        case .testCompleted(let run):
            return .seeOther(paths.testRun(run.organizationID, run.id))
        case .signedIn(let user, let returnTo):
            var response = await completeSignIn(CompletedSignIn(user: user, returnTo: returnTo, request: request))
            if response.headers["Cache-Control"] == nil { response.headers.add("Cache-Control", "no-store") }
            return response
        case .refused(let refusal):
            let storeFailure = refusal.failures.contains { $0.code.hasPrefix("store.") }
            if storeFailure {
                options.errorLog?("SSOWeb: ACS \(connectionID): \(refusal.failures.map { "\($0.code): \($0.message)" }.joined(separator: "; "))")
            }
            let back: Markup = refusal.kind == .test
                ? (refusal.organizationID.map { "<p><a href=\"\(paths.test($0))\">Back to Test sign-in</a></p>" as Markup } ?? .empty)
                : "<p><a href=\"\(paths.signIn)\">Start again from the sign-in page</a></p>"
            let details: Markup = """
                \(failureList(refusal.failures))
                \(refusal.attemptID.map { "<p class=\"muted\">Reference for support: <code>\($0)</code></p>" as Markup } ?? .empty)
                \(back)
                """
            let first = refusal.failures.first
            throw WebRefusal(status: storeFailure ? 500 : 400, code: refusal.code,
                             title: refusal.kind == .test ? "The test sign-in was refused" : "The sign-in was refused",
                             message: refusal.failures.count == 1
                                ? "The identity provider's response could not be accepted. The reason is below."
                                : "The identity provider's response could not be accepted, for \(refusal.failures.count) reasons listed below.",
                             whoMustAct: first.map { WebRefusal.who($0.side) } ?? WebRefusal.startAgain, details: details)
        }
    }

    /// The service provider's SAML metadata, for identity providers that import it.
    func metadataResponse(_ connectionID: String) async throws -> WebResponse {
        let xml: String
        switch await capture({ () async throws(LifecycleError) in try await lifecycle.serviceProviderMetadata(connectionID: connectionID) }) {
        case .success(let text):
            xml = text
        case .failure(let error) where error.code == .connectionNotFound:
            throw WebRefusal(status: 404, code: error.code.rawValue, title: "No such connection", message: error.message,
                             whoMustAct: "Your organization's IT admin: copy the metadata URL again from the application's SSO settings.")
        case .failure(let error):
            throw error
        }
        return WebResponse(status: 200, headers: ["Content-Type": "application/samlmetadata+xml; charset=utf-8",
                                                   "Cache-Control": "public, max-age=300"],
                            body: Data(xml.utf8))
    }
}
