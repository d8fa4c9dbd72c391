import SSOLifecycle

/// Why a request was refused, as the page that says so shows it: what happened, who must
/// act, and the stable code (for support and for tests).
struct WebRefusal: Error, Sendable {
    /// The HTTP status.
    let status: Int
    /// The stable code, such as `permission.denied` or `csrf.missing`.
    let code: String
    /// The page's heading.
    let title: String
    /// What happened and what to do.
    let message: String
    /// Who can fix it.
    let whoMustAct: String
    /// Extra content (a refused sign-in's failures), or nil.
    var details: Markup?
    /// The organization, for the way back, or nil.
    var organizationID: String?
    /// Extra headers (`Retry-After`, `Allow`).
    var headers: [(String, String)] = []

    init(status: Int, code: String, title: String, message: String, whoMustAct: String,
         details: Markup? = nil, organizationID: String? = nil, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.title = title
        self.message = message
        self.whoMustAct = whoMustAct
        self.details = details
        self.organizationID = organizationID
        self.headers = headers
    }

    static let you = "You: change what you entered and try again."
    static let orgAdmin = "An admin of your organization who holds the org:sys_entconns:manage permission."
    static let operatorOfApplication = "The application's operator (its support team)."
    static let startAgain = "You: start again from the page you came from."

    /// The refusal for a lifecycle error. Store failures get a fixed message: the store's
    /// own text can name files, tables or servers, which a browser must not see (the host's
    /// error log gets it).
    init(_ error: LifecycleError, organizationID: String? = nil) {
        let code = error.code
        let status: Int
        let title: String
        var message = error.message
        var who = Self.you
        switch code {
        case .permissionDenied, .principalInvalid:
            status = 403
            title = "You do not have permission"
            who = Self.orgAdmin
        case .organizationNotFound:
            status = 404
            title = "Organization not found"
            who = Self.operatorOfApplication
        case .organizationSSONotAllowed:
            status = 403
            title = "SSO setup is not allowed yet"
            who = "The application's operator, who turns on \"Allow this organization to set up SSO\"."
        case .domainInvalid, .domainIPAddress, .domainWildcard, .domainSingleLabel, .domainPublicSuffix, .domainConsumer:
            status = 422
            title = "This domain cannot be used"
        case .domainOwnedElsewhere:
            status = 409
            title = "The domain belongs to another organization"
            who = Self.operatorOfApplication
        case .domainAlreadyAdded, .domainTooMany:
            status = 409
            title = "The domain cannot be added"
        case .domainNotFound:
            status = 404
            title = "Domain not found"
        case .domainLastVerified:
            status = 409
            title = "The domain cannot be removed"
            who = "You: verify another domain first, or deactivate the connection."
        case .dnsInvalidNameserver:
            status = 500
            title = "DNS is not set up"
            who = Self.operatorOfApplication
        case .connectionNotFound, .connectionNotConfigured:
            status = 409
            title = "The connection is not configured yet"
            who = "You: choose an identity provider and save its settings first."
        case .connectionInvalidConfiguration, .connectionConfigurationTooLarge:
            status = 422
            title = "The configuration cannot be used"
        case .providerUnknown:
            status = 422
            title = "Unknown identity provider"
        case .connectionNotActive:
            status = 409
            title = "The connection is not active"
        case .connectionProviderMismatch:
            status = 409
            title = "The connection uses another provider"
            who = "You: use Change provider, which resets the connection."
        case .connectionChanged:
            status = 409
            title = "Someone else changed the connection"
            who = "You: reload the page, check the connection as it is now, and do it again if it is still right."
        case .activationRequiresSuccessfulTest, .activationRequiresVerifiedDomain:
            status = 409
            title = "The connection cannot be activated yet"
            who = code == .activationRequiresVerifiedDomain
                ? "You: verify a domain in the Domains step, then activate."
                : "You: run a test sign-in of the saved configuration; when it succeeds, activate."
        case .testRunNotFound:
            status = 404
            title = "Test sign-in not found"
        case .testRunExpired, .testRunCompleted:
            status = 410
            title = "This test sign-in is over"
            who = Self.startAgain
        case .routeInvalidEmail:
            status = 422
            title = "That is not an email address"
        case .routeNoConnection:
            status = 404
            title = "Single sign-on is not set up for this email"
            who = "You: sign in another way, or ask your organization's IT admin to set up SSO."
        case .signInRequestNotFound, .signInRequestExpired, .signInRequestUsed, .signInRefused:
            status = 400
            title = "The sign-in could not be completed"
            who = Self.startAgain
        case .signInInvalidReturnTo:
            status = 400
            title = "The return address is not on this site"
            who = "You: open the sign-in page from the application's own links."
        case .signInIdPInitiatedDisabled:
            status = 403
            title = "Sign-ins started by the identity provider are off"
            who = Self.orgAdmin
        case .settingsInvalidBaseURL, .settingsInvalid, .settingsNotInitialized:
            status = 500
            title = "The application is not set up correctly"
            who = Self.operatorOfApplication
        case .setupLinkNotFound:
            status = 404
            title = "This setup link is not valid"
            who = "The person who sent you the link: ask for a new one."
        case .setupLinkExpired, .setupLinkRevoked, .setupLinkUsed:
            status = 410
            title = "This setup link no longer works"
            who = "The person who sent you the link: ask for a new one."
        case .rateLimited:
            status = 429
            title = "Too many attempts"
            who = "You: wait a moment and try again."
        case .storeConflict:
            status = 409
            title = "Someone else changed this at the same time"
            message = "Nothing was saved because the same record changed while this request ran. Reload the page to see the current state, then try again."
            who = Self.startAgain
        case .storeUnavailable:
            status = 503
            title = "The database is not reachable"
            message = "Nothing was changed: the application could not reach its database. Try again in a moment."
            who = "You: try again shortly. If it keeps happening, the application's operator."
        case .storeCorrupt, .storeFailure:
            status = 500
            title = "The application could not complete the request"
            message = "Nothing was changed: the application's database refused the operation. Try again; if it keeps happening, tell the application's operator the code below."
            who = Self.operatorOfApplication
        case .inputTooLarge:
            status = 413
            title = "What you sent is too large"
        default:
            // Codes added to the lifecycle later: its message says what to do.
            status = 400
            title = "The request was refused"
        }
        self.init(status: status, code: code.rawValue, title: title, message: message, whoMustAct: who,
                  organizationID: organizationID)
    }

    /// Who must act on a refused sign-in, in words.
    static func who(_ side: ActingSide) -> String {
        switch side {
        case .identityProviderAdmin: "Your organization's IT admin, in the identity provider's admin console."
        case .application: "The application's operator (its support team)."
        case .user: "You: start the sign-in again."
        }
    }
}
