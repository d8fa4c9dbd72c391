import Foundation

/// The responder's answers per name and its counters, shared by the test that changes them
/// and the threads that serve queries.
///
/// `@unchecked Sendable`: `answers` and `statistics` are only read and written under `lock`.
final class DNSAnswerTable: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: LoopbackDNSResponder.Answer] = [:]
    private var counts = LoopbackDNSResponder.Statistics()

    /// Sets the answer for a name (any case, trailing dot or not).
    func set(_ answer: LoopbackDNSResponder.Answer, for name: String) {
        let key = DNSName.key(name)
        lock.withLock { answers[key] = answer }
    }

    /// Removes the answer for a name.
    func remove(_ name: String) {
        let key = DNSName.key(name)
        lock.withLock { _ = answers.removeValue(forKey: key) }
    }

    /// Removes every answer.
    func removeAll() {
        lock.withLock { answers.removeAll() }
    }

    /// The answer for a key made by ``DNSName/key(_:)`` or ``DNSQuery/key``.
    func answer(forKey key: String) -> LoopbackDNSResponder.Answer? {
        lock.withLock { answers[key] }
    }

    /// The counters so far.
    var statistics: LoopbackDNSResponder.Statistics {
        lock.withLock { counts }
    }

    /// Changes the counters.
    func count(_ change: (inout LoopbackDNSResponder.Statistics) -> Void) {
        lock.withLock { change(&counts) }
    }
}
