import Foundation
import SAML

/// Where to send the browser to start a sign-in at the identity provider.
public struct SignInRedirect: Sendable, Equatable {
    /// The URL to redirect to. For the HTTP-Redirect binding it carries the AuthnRequest
    /// and RelayState; for HTTP-POST it is the IdP's single sign-on URL, and the browser must
    /// post ``request`` there (see `AuthnRequest.postForm(relayState:scriptNonce:)`).
    public let url: URL
    /// The binding the IdP expects at its single sign-on URL.
    public let binding: SAMLBinding
    /// The AuthnRequest sent.
    public let request: AuthnRequest
    /// The RelayState sent with it.
    public let relayState: String

    /// Creates a redirect.
    /// - Parameters:
    ///   - url: The URL.
    ///   - binding: The binding.
    ///   - request: The AuthnRequest.
    ///   - relayState: The RelayState.
    public init(url: URL, binding: SAMLBinding, request: AuthnRequest, relayState: String) {
        self.url = url
        self.binding = binding
        self.request = request
        self.relayState = relayState
    }

    /// Builds the redirect for a request: the HTTP-Redirect URL, or the SSO URL for POST.
    /// - Throws: `request.invalid` when the URL cannot be formed.
    static func make(_ request: AuthnRequest, binding: SAMLBinding, relayState: String) throws(SAMLError) -> SignInRedirect {
        let url = binding == .httpPOST ? request.destination : try request.redirectURL(relayState: relayState)
        return SignInRedirect(url: url, binding: binding, request: request, relayState: relayState)
    }
}

/// A started test sign-in: the run and where to send the admin's browser.
public struct TestRunStart: Sendable, Equatable {
    /// The pending run.
    public let run: TestRun
    /// Where to send the browser (it carries the RelayState, which is not stored).
    public let redirect: SignInRedirect

    /// Creates a start.
    /// - Parameters:
    ///   - run: The run.
    ///   - redirect: The redirect.
    public init(run: TestRun, redirect: SignInRedirect) {
        self.run = run
        self.redirect = redirect
    }
}

/// A started production sign-in: the pending request and where to send the browser.
public struct SignInStart: Sendable, Equatable {
    /// The pending request.
    public let request: SignInRequest
    /// Where to send the browser.
    public let redirect: SignInRedirect

    /// Creates a start.
    /// - Parameters:
    ///   - request: The request.
    ///   - redirect: The redirect.
    public init(request: SignInRequest, redirect: SignInRedirect) {
        self.request = request
        self.redirect = redirect
    }
}

/// A refused sign-in: every reason, as recorded in the attempt log.
public struct SignInRefusal: Error, Sendable, Equatable {
    /// What kind of sign-in it was, when known.
    public let kind: AttemptRecord.Kind
    /// The organization, when known.
    public let organizationID: String?
    /// The connection, when known.
    public let connectionID: String?
    /// Every reason, with the provider's fix and who must act.
    public let failures: [SignInFailure]
    /// The attempt log entry's id, for support (nil when the store could not record it).
    public let attemptID: String?

    /// Creates a refusal.
    /// - Parameters:
    ///   - kind: The kind.
    ///   - organizationID: The organization.
    ///   - connectionID: The connection.
    ///   - failures: The reasons.
    ///   - attemptID: The attempt's id.
    public init(kind: AttemptRecord.Kind, organizationID: String?, connectionID: String?, failures: [SignInFailure],
                attemptID: String?) {
        self.kind = kind
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.failures = failures
        self.attemptID = attemptID
    }

    /// The first failure's code.
    public var code: String { failures.first?.code ?? "sign-in.refused" }
}

/// What became of a SAML Response posted to a connection's ACS URL.
public enum ResponseOutcome: Sendable, Equatable {
    /// It answered a test run, which is now complete (successful or failed).
    case testCompleted(TestRun)
    /// A person signed in; send them to `returnTo` (a relative path on the host).
    case signedIn(SignedInUser, returnTo: String)
    /// It was refused; the refusal says why and who must act.
    case refused(SignInRefusal)
}
