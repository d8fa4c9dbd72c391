import Foundation

/// Runs a blocking C call on a thread of its own, so it never holds one of the few threads of
/// Swift's cooperative pool, and stops waiting for it at a deadline or when the task is
/// cancelled.
enum BlockingCall {
    /// Why ``run(within:otherwise:_:)`` stopped waiting.
    enum Abandonment: Sendable, Equatable {
        /// The deadline passed first.
        case deadline
        /// The calling task was cancelled.
        case cancelled
    }

    /// Runs `work` on a new thread and returns its value, or `otherwise`'s value if the
    /// deadline passes or the task is cancelled first. An abandoned call runs on to its end on
    /// its own thread and its value is dropped (a C call cannot be interrupted safely).
    ///
    /// - Parameters:
    ///   - deadline: How long to wait.
    ///   - otherwise: The value to return when the wait is abandoned.
    ///   - work: The blocking call.
    /// - Returns: The first of the call's value and the abandonment value.
    static func run<Value: Sendable>(within deadline: Duration,
                                     otherwise: @escaping @Sendable (Abandonment) -> Value,
                                     _ work: @escaping @Sendable () -> Value) async -> Value {
        let first = FirstValue<Value>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                first.install(continuation)
                let thread = Thread { first.offer(work()) }
                thread.name = "SelfServeSSO DNS look-up"
                thread.start()
                let (seconds, attoseconds) = deadline.components
                let nanoseconds = Int(min(seconds, 86_400)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                // After an early answer the timer finds the value delivered and does nothing.
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(nanoseconds, 0))) {
                    first.offer(otherwise(.deadline))
                }
            }
        } onCancel: {
            first.offer(otherwise(.cancelled))
        }
    }
}

/// Hands the first value offered to a continuation, whenever the continuation arrives
/// (cancellation may come before it is installed); later values are dropped.
///
/// `@unchecked Sendable`: `continuation`, `early` and `delivered` are only read and written
/// under `lock`, and the continuation is resumed once, after being taken out under the lock.
private final class FirstValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?
    private var early: Value?
    private var delivered = false

    func install(_ continuation: CheckedContinuation<Value, Never>) {
        lock.lock()
        if let early, !delivered {
            delivered = true
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func offer(_ value: Value) {
        lock.lock()
        guard !delivered else {
            lock.unlock()
            return
        }
        guard let continuation else {
            if early == nil { early = value }
            lock.unlock()
            return
        }
        self.continuation = nil
        delivered = true
        lock.unlock()
        continuation.resume(returning: value)
    }
}
