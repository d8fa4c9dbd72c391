import Foundation

/// Resumes a continuation exactly once, whichever of several racing callbacks (completion,
/// deadline, cancellation) comes first; later calls are ignored.
///
/// `@unchecked Sendable`: the only mutable state, `continuation`, is read and cleared under
/// `lock`, so concurrent `resume` calls cannot both take it.
final class SingleResumption<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = continuation
    }

    /// Resumes with `value` unless already resumed.
    func resume(_ value: Value) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: value)
    }
}
