import Foundation
import SAML
import SSOLifecycle

/// Cross-site request forgery protection for every form that changes something.
///
/// Each browser gets a random secret in an `HttpOnly` cookie; a form carries a token derived
/// from that secret and from who is acting (SHA-256 over both), so a token is bound to this
/// browser's session and to this principal: another site can neither read the secret nor
/// compute the token, and a token stops working when the person signed in changes. The
/// cookie is `SameSite=Lax` (not Strict) on purpose: the test result page is reached by a
/// redirect from the identity provider's cross-site POST, and a Strict cookie missing there
/// would make the page issue a new secret and break the forms of other open tabs.
struct CSRFProtection: Sendable {
    /// The form field that carries the token.
    static let fieldName = "_csrf"

    /// The cookie's name.
    let cookieName: String
    /// Whether the cookie is marked Secure.
    let secure: Bool

    /// The browser's secret from the request, when it sent a well-formed one.
    func secret(in request: WebRequest) -> String? {
        guard let value = request.cookies[cookieName], Self.isWellFormed(value) else { return nil }
        return value
    }

    /// A new random secret and the cookie that sets it.
    func newSecret() -> (secret: String, cookie: WebCookie) {
        let secret = RandomToken.urlSafeSecret()
        return (secret, WebCookie(name: cookieName, value: secret, path: "/", maxAge: nil, secure: secure,
                                   httpOnly: true, sameSite: .lax))
    }

    /// The token forms carry for a secret and a principal key.
    static func token(secret: String, principalKey: String) -> String {
        SHA256Digest.hex("selfservesso-csrf-v1\n\(secret)\n\(principalKey)")
    }

    /// Whether a submitted token matches, compared in constant time.
    static func matches(_ submitted: String?, secret: String, principalKey: String) -> Bool {
        guard let submitted else { return false }
        return RandomToken.constantTimeEquals(submitted, token(secret: secret, principalKey: principalKey))
    }

    /// The key a principal's tokens are bound to.
    static func principalKey(_ principal: Principal?) -> String {
        principal?.description ?? "anonymous"
    }

    /// Secrets this layer issues are base64url; anything else is ignored (and replaced).
    private static func isWellFormed(_ value: String) -> Bool {
        (16...128).contains(value.utf8.count) && RandomToken.isURLSafe(value)
    }
}
