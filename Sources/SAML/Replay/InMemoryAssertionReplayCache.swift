import Foundation

/// An `AssertionReplayCache` for one process: a dictionary that forgets each ID once its
/// expiry has passed.
public actor InMemoryAssertionReplayCache: AssertionReplayCache {
    private var expiries: [String: Date] = [:]
    private var nextSweep = Date.distantPast

    /// Creates an empty cache.
    public init() {}

    /// Records an assertion ID.
    /// - Parameters:
    ///   - id: The assertion's ID.
    ///   - expiresAt: Until when to remember it.
    ///   - now: The current time.
    /// - Returns: `false` when the ID was recorded before and has not expired.
    public func recordAssertion(id: String, expiresAt: Date, now: Date) async -> Bool {
        sweep(now: now)
        if let existing = expiries[id], existing > now {
            return false
        }
        expiries[id] = expiresAt
        return true
    }

    /// The number of IDs currently remembered (expired ones may linger until the next sweep).
    public var count: Int { expiries.count }

    /// Drops expired IDs, at most once a minute so that recording stays O(1) amortized.
    private func sweep(now: Date) {
        guard now >= nextSweep else { return }
        expiries = expiries.filter { $0.value > now }
        nextSweep = now.addingTimeInterval(60)
    }
}
