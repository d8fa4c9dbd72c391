#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error of the process.
public struct StandardStream: TextSink {
    private let descriptor: Int32

    /// The process's standard output.
    public static let output = StandardStream(descriptor: 1)
    /// The process's standard error.
    public static let error = StandardStream(descriptor: 2)

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Whether the stream is a terminal (`isatty`).
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Writes the UTF-8 bytes of `text`, retrying short writes.
    /// - Parameter text: The text.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress, raw.count)
                #elseif canImport(Musl)
                Musl.write(descriptor, raw.baseAddress, raw.count)
                #else
                Darwin.write(descriptor, raw.baseAddress, raw.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return // A closed pipe (EPIPE): nothing useful left to do with the text.
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
