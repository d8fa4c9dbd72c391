import Foundation

extension LoopbackDNSResponder {
    /// Counts of what a responder received, so tests can check how a client talked to it (for
    /// example that a long answer was fetched again over TCP).
    public struct Statistics: Sendable, Equatable {
        /// Well-formed queries received over UDP.
        public var udpQueries = 0
        /// Well-formed queries received over TCP.
        public var tcpQueries = 0
        /// UDP replies sent with the TC (truncated) flag because the answer did not fit.
        public var truncatedReplies = 0
        /// Messages that were not well-formed queries (dropped, or answered FORMERR or NOTIMP).
        public var malformedMessages = 0

        /// Creates empty counts.
        public init() {}
    }
}
