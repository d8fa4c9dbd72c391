import Foundation

/// Why a ``LoopbackDNSResponder`` could not start, with a stable code and a sentence saying
/// what to do.
public struct LoopbackDNSResponderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes.
    public enum Code: String, Sendable, Equatable, Hashable, CaseIterable {
        /// A socket could not be created or set up (out of file descriptors, no IPv6).
        case socketFailed = "dns-responder.socket-failed"
        /// The port is taken, for UDP or TCP.
        case portUnavailable = "dns-responder.port-unavailable"
    }

    /// The stable code.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A sentence saying what went wrong and how to fix it.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
