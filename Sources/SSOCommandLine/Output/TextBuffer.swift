import Foundation

/// A ``TextSink`` that keeps what is written, so tests (and hosts) can read it back.
///
/// `@unchecked Sendable` is safe: the only stored state, `contents`, is read and written only
/// while `lock` is held.
public final class TextBuffer: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private var contents = ""

    /// Whether to behave like a terminal (to test coloured output).
    public let isTerminal: Bool

    /// Creates an empty buffer.
    /// - Parameter isTerminal: Whether it pretends to be a terminal; false by default.
    public init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    /// Appends text.
    /// - Parameter text: The text.
    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        contents += text
    }

    /// Everything written so far.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return contents
    }
}
