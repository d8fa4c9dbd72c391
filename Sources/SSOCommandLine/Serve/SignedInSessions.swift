import Foundation
import SAML
import SelfServeSSO

/// The reference host's own sessions: after a sign-in through SSO, a cookie names one of
/// these, and the home page shows who is signed in. In memory, at most 10,000, each for
/// 8 hours (or until the IdP's `SessionNotOnOrAfter`, when sooner).
actor SignedInSessions {
    private var sessions: [String: (user: SignedInUser, expiresAt: Date)] = [:]
    private let capacity = 10_000

    /// Opens a session for a person and returns the cookie value.
    func open(_ user: SignedInUser, now: Date) -> String {
        if sessions.count >= capacity {
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                sessions[oldest.key] = nil
            }
        }
        let token = RandomToken.urlSafeSecret()
        let end = min(now.addingTimeInterval(8 * 3600), user.sessionNotOnOrAfter ?? .distantFuture)
        sessions[SHA256Digest.hex(token)] = (user, end)
        return token
    }

    /// The person of a cookie value, while the session lasts.
    func user(token: String, now: Date) -> SignedInUser? {
        let key = SHA256Digest.hex(token)
        guard let session = sessions[key] else { return nil }
        guard session.expiresAt > now else {
            sessions[key] = nil
            return nil
        }
        return session.user
    }
}
