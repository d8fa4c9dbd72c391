import Foundation
import SAML

/// Response validators by connection and configuration fingerprint, so that a
/// configuration's certificates are parsed once per process rather than on every sign-in.
/// A changed configuration has a new fingerprint, so a stale validator is never used.
final class ValidatorCache: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; only `validator(for:)` touches it, while holding the lock.
    nonisolated(unsafe) private var validators: [String: ResponseValidator] = [:]
    private let capacity = 1024

    /// The validator for a configuration, built on first use.
    /// - Parameters:
    ///   - key: Connection id and fingerprint.
    ///   - make: Builds it (parses the certificates).
    /// - Returns: The validator.
    /// - Throws: What `make` throws.
    func validator(for key: String, make: () throws(SAMLError) -> ResponseValidator) throws(SAMLError) -> ResponseValidator {
        if let cached = lock.withLock({ validators[key] }) { return cached }
        let made = try make()
        lock.withLock {
            // A crude bound: configurations change rarely, so dropping everything now and
            // then costs a few certificate parses.
            if validators.count >= capacity { validators.removeAll() }
            validators[key] = made
        }
        return made
    }
}

/// Work done now and then rather than on every call (pruning expired sign-in requests and
/// old attempts), at most once a minute per process.
final class Housekeeping: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var next = Date.distantPast

    /// Whether housekeeping is due at `now`; when it is, the next one is a minute away.
    func isDue(at now: Date) -> Bool {
        lock.withLock {
            guard now >= next else { return false }
            next = now.addingTimeInterval(60)
            return true
        }
    }
}
