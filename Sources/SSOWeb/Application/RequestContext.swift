import Foundation
import SSOLifecycle

/// One request on its way through a handler: who acts, and the CSRF token its forms carry.
struct RequestContext: Sendable {
    let request: WebRequest
    /// Who acts, or nil (the sign-in page, setup links).
    let principal: Principal?
    /// The browser's CSRF secret (from its cookie, or issued with this response).
    let csrfSecret: String
    /// Whether the principal comes from a setup-link session this layer issued.
    let setupSession: Bool
    /// The submitted form, read once (empty for GET).
    let formData: FormData

    init(request: WebRequest, principal: Principal?, csrfSecret: String, setupSession: Bool, form: FormData) {
        self.request = request
        self.principal = principal
        self.csrfSecret = csrfSecret
        self.setupSession = setupSession
        formData = form
    }

    /// The token this request's forms carry.
    var csrfToken: String {
        CSRFProtection.token(secret: csrfSecret, principalKey: CSRFProtection.principalKey(principal))
    }

    /// The principal, for handlers of pages that require one.
    var actor: Principal {
        // Security pages always resolve a principal before a handler runs; an anonymous
        // request never reaches them (it gets the 401 page).
        principal ?? .member(organizationID: "", userID: "anonymous", permissions: [])
    }

    /// The submitted form.
    func form() -> FormData { formData }

    /// The fixed notice key from the query (`?notice=saved`).
    var notice: String? { request.queryValue("notice") }
}
