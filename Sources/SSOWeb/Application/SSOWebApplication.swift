import Foundation
import SAML
import SSOCore
import SSOLifecycle

/// The Security tab, the SSO sign-in page, the ACS and metadata endpoints, setup links and
/// the operator's pages, as one value that turns an ``WebRequest`` into an ``WebResponse``.
///
/// It has no server inside: a host mounts it in its own web framework (Vapor, Hummingbird,
/// or `sso serve`'s) by handing it every request under its mount path. All state and every
/// rule live in the ``SelfServeLifecycle``; this layer renders pages, routes forms to
/// lifecycle calls and adds the web's own protections: CSRF tokens bound to the session,
/// `HttpOnly`/`SameSite`/`Secure` cookies, a Content-Security-Policy without inline script,
/// body limits, and per-organization rate limits.
///
/// The host supplies two things:
/// - `authenticate`: who is acting for a request, from the host's own session — a member of
///   an organization with their permissions, the operator, or nobody. IT admins who are not
///   users of the host get in with a setup link instead; this layer issues that session itself.
/// - `completeSignIn`: receives a person an identity provider signed in and returns the
///   response that creates the host's session (typically a cookie and a 303 to the return path).
///
/// Every page works with JavaScript off; one static script adds copy buttons and opens the
/// test sign-in in a new tab. Pages are server-rendered HTML with every value escaped.
public struct SSOWebApplication: Sendable {
    /// The lifecycle the pages show and change.
    public let lifecycle: SelfServeLifecycle
    /// The options.
    public let options: SSOWebOptions
    /// The mount path, without a trailing slash (empty for the root).
    public let mountPath: String

    let authenticate: @Sendable (WebRequest) async -> Principal?
    let completeSignIn: @Sendable (CompletedSignIn) async -> WebResponse
    let paths: Paths
    let csrf: CSRFProtection
    let setupCookieName: String
    let secureCookies: Bool
    let applicationName: String
    let buckets: TokenBuckets
    let guides: RenderedGuides

    /// Creates the web layer.
    /// - Parameters:
    ///   - lifecycle: The lifecycle.
    ///   - options: Mount path, cookies, limits.
    ///   - authenticate: Who acts for a request (from the host's session), or nil for nobody.
    ///   - completeSignIn: Creates the host's session for a person an identity provider signed
    ///     in, and returns the response to send (for example a session cookie and a 303 to
    ///     `returnTo`).
    public init(lifecycle: SelfServeLifecycle, options: SSOWebOptions = SSOWebOptions(),
                authenticate: @escaping @Sendable (WebRequest) async -> Principal?,
                completeSignIn: @escaping @Sendable (CompletedSignIn) async -> WebResponse) {
        self.lifecycle = lifecycle
        self.options = options
        self.authenticate = authenticate
        self.completeSignIn = completeSignIn
        let base = URLComponents(string: lifecycle.settings.serviceProviderBaseURL)
        var mount = options.mountPath ?? base?.percentEncodedPath ?? ""
        while mount.hasSuffix("/") { mount.removeLast() }
        if !mount.isEmpty, !mount.hasPrefix("/") { mount = "/" + mount }
        mountPath = mount
        paths = Paths(mount: mount)
        let secure = options.secureCookies ?? (base?.scheme?.lowercased() == "https")
        secureCookies = secure
        // `__Host-` cookies must be Secure, have Path=/ and no Domain: no subdomain can set them.
        csrf = CSRFProtection(cookieName: secure ? "__Host-" + options.csrfCookieName : options.csrfCookieName,
                              secure: secure)
        setupCookieName = secure ? "__Host-" + options.setupSessionCookieName : options.setupSessionCookieName
        applicationName = options.applicationName ?? lifecycle.settings.applicationName ?? "Single sign-on"
        buckets = TokenBuckets()
        guides = RenderedGuides()
    }

    /// Whether a request's path is under the mount path (the host can route on this).
    /// - Parameter request: The request.
    /// - Returns: True when this layer answers it.
    public func handles(_ request: WebRequest) -> Bool {
        relativePath(request.path) != nil
    }

    /// Answers one request. Never throws and never traps: every refusal is a page saying what
    /// happened and who must act, with its stable code.
    /// - Parameter request: The request.
    /// - Returns: The response, with security headers set.
    public func respond(to request: WebRequest) async -> WebResponse {
        var issuedCookie: WebCookie?
        var organizationID: String?
        var response: WebResponse
        do {
            guard request.body.count <= options.maximumBodyBytes else {
                throw WebRefusal(status: 413, code: "request.too-large", title: "What you sent is too large",
                    message: "The request has \(request.body.count) bytes; at most \(options.maximumBodyBytes) are accepted. A metadata file larger than 1 MiB is not identity-provider metadata: download it again from the identity provider, or use its metadata URL.",
                    whoMustAct: WebRefusal.you)
            }
            guard let relative = relativePath(request.path), let route = Route(path: relative) else {
                throw WebRefusal(status: 404, code: "page.not-found", title: "Page not found",
                    message: "There is no page at this address. Check the address, or go back and follow a link.",
                    whoMustAct: WebRefusal.you)
            }
            if case .security(let org, _) = route { organizationID = org }
            guard route.methods.contains(request.method) else {
                throw WebRefusal(status: 405, code: "request.method-not-allowed", title: "This address does not take that request",
                    message: request.method == "GET" && Self.isACS(route)
                        ? "This address receives sign-ins from identity providers, which post to it. To sign in, open the sign-in page."
                        : "The address answers \(route.methods.sorted().joined(separator: ", ")), not \(request.method). Use the page's links and buttons.",
                    whoMustAct: WebRefusal.you, organizationID: organizationID,
                    headers: [("Allow", route.methods.sorted().joined(separator: ", "))])
            }
            var secret = csrf.secret(in: request)
            if secret == nil, Self.usesForms(route) {
                let issued = csrf.newSecret()
                secret = issued.secret
                issuedCookie = issued.cookie
            }
            response = try await dispatch(route, request: request, csrfSecret: secret ?? "")
        } catch let refusal as WebRefusal {
            response = errorPage(refusal.organizationID == nil ? refusal.with(organizationID: organizationID) : refusal)
        } catch let error as LifecycleError {
            logIfHidden(error)
            response = errorPage(WebRefusal(error, organizationID: organizationID))
        } catch let error as FormError {
            response = errorPage(WebRefusal(status: error == .unsupportedMediaType("") || error.code == "form.unsupported-media-type" ? 415 : 400,
                                            code: error.code, title: "The form could not be read", message: error.message,
                                            whoMustAct: WebRefusal.startAgain, organizationID: organizationID))
        } catch {
            options.errorLog?("SSOWeb: unexpected error for \(request.method) \(request.path): \(error)")
            response = errorPage(WebRefusal(status: 500, code: "internal.error", title: "Something went wrong",
                message: "The application could not complete the request. Nothing more is known here; try again.",
                whoMustAct: WebRefusal.operatorOfApplication, organizationID: organizationID))
        }
        if let issuedCookie { response.setCookie(issuedCookie) }
        if request.method == "HEAD" { response.body = Data() }
        SecurityHeaders.apply(to: &response)
        return response
    }

    // MARK: - Dispatch

    private func dispatch(_ route: Route, request: WebRequest, csrfSecret: String) async throws -> WebResponse {
        // Forms are read once, before anything else looks at them (the ACS reads its own).
        let form = request.method == "POST" && !Self.isACS(route) ? try FormData.parse(request) : FormData()
        switch route {
        case .asset(let name):
            return Assets.response(name: name, request: request)
        case .metadata(let connectionID):
            return try await metadataResponse(connectionID)
        case .acs(let connectionID):
            return try await acsResponse(connectionID, request: request)
        case .signIn:
            let context = RequestContext(request: request, principal: nil, csrfSecret: csrfSecret, setupSession: false, form: form)
            return request.method == "POST" ? try await startSignIn(context) : signInPage(context)
        case .setupLink(let token):
            let context = RequestContext(request: request, principal: nil, csrfSecret: csrfSecret, setupSession: false, form: form)
            return request.method == "POST" ? try await redeemSetupLink(token, context) : try setupLinkPage(token, context)
        case .endSetupSession:
            let context = RequestContext(request: request, principal: try await setupSession(request)?.principal,
                                         csrfSecret: csrfSecret, setupSession: true, form: form)
            return try await endSetupSession(context)
        case .operatorOrganizations, .operatorSSOAllowed:
            guard let principal = await authenticate(request) else { throw notSignedIn() }
            guard principal.isOperator else {
                throw WebRefusal(status: 403, code: "permission.denied", title: "Only the operator can open this page",
                    message: "The organizations list and the \"Allow this organization to set up SSO\" switch belong to the application's operator.",
                    whoMustAct: WebRefusal.operatorOfApplication)
            }
            let context = RequestContext(request: request, principal: principal, csrfSecret: csrfSecret, setupSession: false, form: form)
            if case .operatorSSOAllowed(let org) = route { return try await setSSOAllowed(org, context) }
            return request.method == "POST" ? try await createOrganization(context) : try await operatorPage(context)
        case .security(let org, let page):
            let context = try await securityContext(org, request: request, csrfSecret: csrfSecret, form: form)
            return try await securityPage(page, org: org, context)
        }
    }

    private func securityPage(_ page: Route.SecurityPage, org: String, _ context: RequestContext) async throws -> WebResponse {
        let post = context.request.method == "POST"
        if post { try checkCSRF(context) }
        switch page {
        case .overview: return try await overviewPage(org, context)
        case .domains: return post ? try await addDomain(org, context) : try await domainsPage(org, context)
        case .verifyDomain: return try await verifyDomain(org, context)
        case .removeDomain: return post ? try await removeDomain(org, context) : try await removeDomainPage(org, context)
        case .connection: return post ? try await saveConnection(org, context) : try await connectionPage(org, context)
        case .chooseProvider: return try await chooseProvider(org, context)
        case .changeProvider: return post ? try await changeProvider(org, context) : try await changeProviderPage(org, context)
        case .resetConnection: return post ? try await resetConnection(org, context) : try await resetConnectionPage(org, context)
        case .test: return post ? try await startTest(org, context) : try await testPage(org, context)
        case .testRun(let id): return try await testRunPage(org, runID: id, context)
        case .activation: return post ? try await activate(org, context) : try await activationPage(org, context)
        case .deactivate: return post ? try await deactivate(org, context) : try await deactivatePage(org, context)
        case .idpInitiated: return try await setIdPInitiated(org, context)
        case .setupLinks: return post ? try await createSetupLink(org, context) : try await setupLinksPage(org, context)
        case .revokeSetupLink: return try await revokeSetupLink(org, context)
        case .auditLog: return try await auditLogPage(org, context)
        }
    }

    // MARK: - Who acts

    /// The principal for an organization's pages: the host's when it may read the
    /// organization, else a setup-link session's for that organization, else whoever the host
    /// named (the lifecycle then refuses with `permission.denied`); nobody is a 401 page.
    private func securityContext(_ org: String, request: WebRequest, csrfSecret: String, form: FormData) async throws -> RequestContext {
        let host = await authenticate(request)
        if let host, host.mayRead(org) {
            return RequestContext(request: request, principal: host, csrfSecret: csrfSecret, setupSession: false, form: form)
        }
        if let setup = try await setupSession(request), setup.principal.mayRead(org) {
            return RequestContext(request: request, principal: setup.principal, csrfSecret: csrfSecret, setupSession: true, form: form)
        }
        guard let host else { throw notSignedIn() }
        return RequestContext(request: request, principal: host, csrfSecret: csrfSecret, setupSession: false, form: form)
    }

    /// The open setup-link session the request's cookie names, read from the store (so a
    /// session opened through another server counts), or nil.
    func setupSession(_ request: WebRequest) async throws -> SetupSession? {
        guard let token = request.cookies[setupCookieName] else { return nil }
        return try await lifecycle.setupSession(token: token)
    }

    private func notSignedIn() -> WebRefusal {
        let signIn = options.hostSignInPath ?? paths.signIn
        return WebRefusal(status: 401, code: "authentication.required", title: "Sign in first",
            message: "You are not signed in, so there is nothing to show here. Sign in to the application (\(signIn)), then open this page again; an IT admin who was sent a setup link opens that link instead.",
            whoMustAct: "You: sign in, or open your setup link.")
    }

    /// Refuses a form post whose CSRF token is missing or wrong.
    func checkCSRF(_ context: RequestContext) throws {
        guard context.request.cookies[csrf.cookieName] != nil, !context.csrfSecret.isEmpty else {
            throw WebRefusal(status: 403, code: "csrf.missing", title: "The form's security check failed",
                message: "The browser did not send this site's security cookie with the form, so the change was not made (it protects against other sites submitting forms in your name). Reload the page and submit the form again; if your browser blocks cookies for this site, allow them.",
                whoMustAct: WebRefusal.startAgain)
        }
        let form = context.form()
        guard CSRFProtection.matches(form.value(CSRFProtection.fieldName), secret: context.csrfSecret,
                                     principalKey: CSRFProtection.principalKey(context.principal)) else {
            throw WebRefusal(status: 403, code: "csrf.invalid", title: "The form's security check failed",
                message: "The form's security token does not match your session (the page may be from before you signed in again, or from another site), so the change was not made. Reload the page and submit the form again.",
                whoMustAct: WebRefusal.startAgain)
        }
    }

    /// Takes one action from a rate-limit bucket, or refuses with 429.
    func takeToken(_ key: String, rate: RateLimit, what: String, organizationID: String?) async throws {
        if let wait = await buckets.take(key, rate: rate, now: lifecycle.environment.now()) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw WebRefusal(status: 429, code: "rate-limited", title: "Too many attempts",
                message: "\(what) was done too often in a short time, so this one was not run. Wait \(seconds) second\(seconds == 1 ? "" : "s") and try again.",
                whoMustAct: "You: wait a moment and try again.", organizationID: organizationID,
                headers: [("Retry-After", String(seconds))])
        }
    }

    // MARK: - Paths

    /// The path below the mount point, or nil when the request is not under it.
    func relativePath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        if mountPath.isEmpty { return path }
        guard path.hasPrefix(mountPath) else { return nil }
        let rest = String(path.dropFirst(mountPath.count))
        if rest.isEmpty { return "/" }
        return rest.hasPrefix("/") ? rest : nil
    }

    private static func usesForms(_ route: Route) -> Bool {
        switch route {
        case .asset, .acs, .metadata: false
        default: true
        }
    }

    private static func isACS(_ route: Route) -> Bool {
        if case .acs = route { return true }
        return false
    }

    /// The outcome of a lifecycle call as a value, for handlers that show some refusals
    /// inline (next to a field) and turn the others into refusal pages.
    func capture<Value>(_ body: () async throws(LifecycleError) -> Value) async -> Result<Value, LifecycleError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// Sends store failure details to the host's log (the page shows a fixed message).
    func logIfHidden(_ error: LifecycleError) {
        if error.code.rawValue.hasPrefix("store.") {
            options.errorLog?("SSOWeb: \(error.code.rawValue): \(error.message)")
        }
    }
}

extension WebRefusal {
    func with(organizationID: String?) -> WebRefusal {
        var copy = self
        copy.organizationID = organizationID
        return copy
    }
}
