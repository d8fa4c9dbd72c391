import Foundation
import SAML
import SSOLifecycle

/// The sessions this layer issues itself when an IT admin exchanges a setup link: the
/// cookie holds a random token, this table its SHA-256 and the principal (a member of one
/// organization holding `org:sys_entconns:manage` there).
///
/// The table lives in this process: a host running several processes behind a load balancer
/// pins a browser to one process (sticky sessions), or its IT admins exchange a new link
/// after a restart. It keeps at most `capacity` sessions, dropping expired ones first, then
/// the oldest.
actor SetupSessions {
    struct Session: Sendable {
        let principal: Principal
        let organizationID: String
        let expiresAt: Date
        let createdAt: Date
    }

    private var sessions: [String: Session] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Stores a session and returns its token (for the cookie).
    func open(principal: Principal, organizationID: String, now: Date, lifetime: TimeInterval) -> String {
        let token = RandomToken.urlSafeSecret()
        if sessions.count >= capacity {
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.createdAt < $1.value.createdAt }) {
                sessions[oldest.key] = nil
            }
        }
        sessions[SHA256Digest.hex(token)] = Session(principal: principal, organizationID: organizationID,
                                                    expiresAt: now.addingTimeInterval(lifetime), createdAt: now)
        return token
    }

    /// The session of a token, when it exists and has not expired.
    func session(token: String, now: Date) -> Session? {
        let key = SHA256Digest.hex(token)
        guard let session = sessions[key] else { return nil }
        guard session.expiresAt > now else {
            sessions[key] = nil
            return nil
        }
        return session
    }

    /// Ends a session.
    func close(token: String) {
        sessions[SHA256Digest.hex(token)] = nil
    }
}
