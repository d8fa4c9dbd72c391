import Foundation

/// What was parsed from bundled resources, by key and content: the result (or the error) of
/// the first parse of the same bytes under the same key is returned again. Different bytes
/// under a key replace the entry, so a changed resource is never answered from a stale parse.
/// At most `capacity` entries are kept (the whole table is dropped past it: bundled
/// resources are a handful, and only tests parse many).
final class ParsedResourceCache<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `entries` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var entries: [String: (bytes: [UInt8], result: Result<Value, SetupGuideError>)] = [:]
    private let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The value parsed from `bytes` under `key`, parsing them with `parse` the first time.
    /// Parsing runs outside the lock; two threads meeting a new entry may both parse it.
    func value(for key: String, bytes: [UInt8],
               parse: () throws(SetupGuideError) -> Value) throws(SetupGuideError) -> Value {
        if let entry = lock.withLock({ entries[key] }), entry.bytes == bytes {
            return try entry.result.get()
        }
        let result: Result<Value, SetupGuideError>
        do {
            result = .success(try parse())
        } catch {
            result = .failure(error)
        }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = (bytes, result)
        }
        return try result.get()
    }
}
