import Foundation
import SSOLifecycle

/// How the web layer behaves inside one host: where it is mounted, its cookies, limits and
/// rate limits. The defaults suit a host served over https behind a TLS-terminating proxy.
public struct SSOWebOptions: Sendable {
    /// The path prefix the host mounts the layer under, such as `/auth`, or nil for the path
    /// of the lifecycle's base URL (`https://app.example.com/auth` gives `/auth`; a base URL
    /// without a path gives the site's root). The ACS and metadata URLs the lifecycle hands
    /// to identity providers are under the base URL, so the two must agree.
    public var mountPath: String?
    /// The application's name in page titles and headers; nil for the lifecycle's
    /// `applicationName`, or "Single sign-on" when that is not set either.
    public var applicationName: String?
    /// The name of the cookie holding the browser's CSRF secret. On https it gets the
    /// `__Host-` prefix, so no subdomain can set it.
    public var csrfCookieName: String
    /// The name of the cookie holding a setup-link session (`__Host-` prefixed on https).
    public var setupSessionCookieName: String
    /// Whether cookies are marked `Secure`; nil decides from the base URL (https: yes).
    public var secureCookies: Bool?
    /// The largest request body accepted, in bytes (a metadata file of up to 1 MiB uploaded
    /// through the connection form, with room for the form's other fields).
    public var maximumBodyBytes: Int
    /// DNS checks (Verify) per organization.
    public var domainCheckRate: RateLimit
    /// Test sign-in starts per organization.
    public var testStartRate: RateLimit
    /// Sign-in starts per client address (`WebRequest.remoteAddress`).
    public var signInRate: RateLimit
    /// How long a setup-link session lasts.
    public var setupSessionLifetime: TimeInterval
    /// A nameserver to ask for domain verification TXT records directly (bypassing caches),
    /// or nil for the system's resolver.
    public var nameserver: Nameserver?
    /// Where the host's own sign-in page is, linked from the page shown to someone who is
    /// not signed in; nil shows this layer's SSO sign-in page.
    public var hostSignInPath: String?
    /// Receives details of failures not shown to the browser (store errors), for the host's
    /// log; nil drops them.
    public var errorLog: (@Sendable (String) -> Void)?

    /// Creates options.
    /// - Parameters:
    ///   - mountPath: The path prefix; nil for the base URL's path.
    ///   - applicationName: The application's name; nil for the lifecycle's.
    ///   - csrfCookieName: The CSRF cookie's name.
    ///   - setupSessionCookieName: The setup-link session cookie's name.
    ///   - secureCookies: Whether cookies are Secure; nil decides from the base URL.
    ///   - maximumBodyBytes: The largest body accepted; 2.5 MB by default.
    ///   - domainCheckRate: DNS checks per organization; 10 at once, then one every 6 seconds.
    ///   - testStartRate: Test starts per organization; 10 at once, then one every 6 seconds.
    ///   - signInRate: Sign-in starts per client address; 30 at once, then two a second (one
    ///     address can be a whole company behind one NAT).
    ///   - setupSessionLifetime: Setup-link session lifetime; 8 hours.
    ///   - nameserver: A nameserver for TXT look-ups, or nil.
    ///   - hostSignInPath: The host's sign-in page, or nil.
    ///   - errorLog: Where hidden failure details go, or nil.
    public init(mountPath: String? = nil, applicationName: String? = nil, csrfCookieName: String = "sso_csrf",
                setupSessionCookieName: String = "sso_setup", secureCookies: Bool? = nil,
                maximumBodyBytes: Int = 2_500_000,
                domainCheckRate: RateLimit = RateLimit(burst: 10, interval: 6),
                testStartRate: RateLimit = RateLimit(burst: 10, interval: 6),
                signInRate: RateLimit = RateLimit(burst: 30, interval: 0.5),
                setupSessionLifetime: TimeInterval = 8 * 3600, nameserver: Nameserver? = nil,
                hostSignInPath: String? = nil, errorLog: (@Sendable (String) -> Void)? = nil) {
        self.mountPath = mountPath
        self.applicationName = applicationName
        self.csrfCookieName = csrfCookieName
        self.setupSessionCookieName = setupSessionCookieName
        self.secureCookies = secureCookies
        self.maximumBodyBytes = maximumBodyBytes
        self.domainCheckRate = domainCheckRate
        self.testStartRate = testStartRate
        self.signInRate = signInRate
        self.setupSessionLifetime = setupSessionLifetime
        self.nameserver = nameserver
        self.hostSignInPath = hostSignInPath
        self.errorLog = errorLog
    }
}

/// A sign-in the identity provider completed, handed to the host to create its own session.
public struct CompletedSignIn: Sendable {
    /// The person, read from the validated assertion (email of a verified domain, names,
    /// NameID, every attribute).
    public let user: SignedInUser
    /// Where the person asked to go: a relative path on the host, already checked by the
    /// lifecycle (never another site).
    public let returnTo: String
    /// The identity provider's POST to the ACS URL (it carries none of the host's cookies:
    /// it comes from another site).
    public let request: WebRequest

    /// Creates a completed sign-in.
    /// - Parameters:
    ///   - user: The person.
    ///   - returnTo: The checked return path.
    ///   - request: The ACS request.
    public init(user: SignedInUser, returnTo: String, request: WebRequest) {
        self.user = user
        self.returnTo = returnTo
        self.request = request
    }
}
