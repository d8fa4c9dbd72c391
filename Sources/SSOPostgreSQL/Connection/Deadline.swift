import Foundation

/// A point on the monotonic clock by which an operation must end: every wait on the server
/// (connecting, a statement's answer, a place in the pool's queue) is bounded by one, so a
/// dead server cannot hold a caller past it.
struct Deadline: Sendable, Comparable {
    /// Nanoseconds of `DispatchTime` (monotonic; does not jump with the wall clock).
    let uptimeNanoseconds: UInt64

    /// `seconds` from now.
    static func after(_ seconds: Double) -> Deadline {
        let now = DispatchTime.now().uptimeNanoseconds
        return Deadline(uptimeNanoseconds: now + UInt64(max(0, seconds) * 1e9))
    }

    /// The earlier of two deadlines.
    static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.uptimeNanoseconds < rhs.uptimeNanoseconds }

    /// Seconds left (zero once passed).
    var remaining: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= uptimeNanoseconds ? 0 : Double(uptimeNanoseconds - now) / 1e9
    }

    /// Whether it has passed.
    var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds >= uptimeNanoseconds }

    /// Milliseconds left for `poll`, rounded up so a wait never ends a hair early.
    var pollMilliseconds: Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now < uptimeNanoseconds else { return 0 }
        return Int32(clamping: (uptimeNanoseconds - now + 999_999) / 1_000_000)
    }

    /// The `DispatchTime` of the deadline, for timers.
    var dispatchTime: DispatchTime { DispatchTime(uptimeNanoseconds: uptimeNanoseconds) }
}
