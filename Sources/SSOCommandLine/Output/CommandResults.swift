import Foundation
import SelfServeSSO

/// The JSON result of each command run, kept even when the command printed text: `sso demo`
/// shows people the text and reads the values it needs next (a TXT record, a test URL) from
/// the JSON, so both come from the one code path.
///
/// `@unchecked Sendable` is safe: the only stored state, `results`, is read and written only
/// while `lock` is held.
final class CommandResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [JSONValue] = []

    /// Keeps a command's result.
    func record(_ result: JSONValue) {
        lock.lock()
        defer { lock.unlock() }
        results.append(result)
    }

    /// The latest result, or nil.
    var last: JSONValue? {
        lock.lock()
        defer { lock.unlock() }
        return results.last
    }
}
