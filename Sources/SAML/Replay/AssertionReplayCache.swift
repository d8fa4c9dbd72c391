import Foundation

/// Remembers the IDs of accepted assertions until they expire, so that a captured response
/// cannot be posted a second time.
///
/// ## Implementation requirements
/// - `recordAssertion` is atomic: of two concurrent calls with the same ID that is not
///   expired, exactly one returns `true`.
/// - An ID is remembered at least until `expiresAt`; after that it may be forgotten (and a
///   later call with the same ID then returns `true`).
/// - Storage for a multi-instance service must be shared between the instances.
public protocol AssertionReplayCache: Sendable {
    /// Records an assertion ID.
    /// - Parameters:
    ///   - id: The assertion's ID.
    ///   - expiresAt: Until when the ID must be remembered (the assertion's `NotOnOrAfter`
    ///     plus the clock skew).
    ///   - now: The current time.
    /// - Returns: `true` the first time; `false` when the ID was already recorded and has not
    ///   expired, that is, a replay.
    func recordAssertion(id: String, expiresAt: Date, now: Date) async -> Bool
}
