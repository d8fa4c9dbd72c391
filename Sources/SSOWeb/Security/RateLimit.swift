import Foundation

/// A token-bucket rate: up to ``burst`` actions at once, then one more every
/// ``interval`` seconds.
public struct RateLimit: Sendable, Equatable {
    /// How many actions may happen back to back.
    public var burst: Int
    /// Seconds until one more action is allowed.
    public var interval: TimeInterval

    /// Creates a rate.
    /// - Parameters:
    ///   - burst: Actions allowed back to back (at least 1).
    ///   - interval: Seconds per further action (more than 0).
    public init(burst: Int, interval: TimeInterval) {
        self.burst = max(1, burst)
        self.interval = interval.isFinite && interval > 0 ? interval : 1
    }
}

/// In-process token buckets, one per key (such as `dns:acme`). The buckets live in this
/// process only: a host running several processes gets the limit once per process.
/// At most `capacity` keys are tracked; when full, the fullest buckets (idle keys) are
/// forgotten first, which only ever lets an idle key start again with a full bucket.
actor TokenBuckets {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private var buckets: [String: Bucket] = [:]
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Takes one token from `key`'s bucket at `now`.
    /// - Returns: nil when allowed, or the seconds to wait.
    func take(_ key: String, rate: RateLimit, now: Date) -> TimeInterval? {
        var bucket = buckets[key] ?? Bucket(tokens: Double(rate.burst), updated: now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(Double(rate.burst), bucket.tokens + elapsed / rate.interval)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return (1 - bucket.tokens) * rate.interval
        }
        bucket.tokens -= 1
        if buckets[key] == nil, buckets.count >= capacity { evict(now: now, rate: rate) }
        buckets[key] = bucket
        return nil
    }

    /// Forgets the buckets that have refilled (or the fullest half when none has).
    private func evict(now: Date, rate: RateLimit) {
        let full = buckets.filter { _, bucket in
            bucket.tokens + now.timeIntervalSince(bucket.updated) / rate.interval >= Double(rate.burst)
        }
        if !full.isEmpty {
            for key in full.keys { buckets[key] = nil }
            return
        }
        let sorted = buckets.sorted { $0.value.tokens > $1.value.tokens }
        for (key, _) in sorted.prefix(max(1, buckets.count / 2)) { buckets[key] = nil }
    }
}
