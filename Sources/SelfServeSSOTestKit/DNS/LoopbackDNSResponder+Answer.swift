import Foundation

extension LoopbackDNSResponder {
    /// What the responder does when asked about one name.
    ///
    /// ```swift
    /// responder.setAnswer(.records(["sso-verification=abc"]), for: "_sso-verification.acme.com")
    /// responder.setAnswer(.serverFailure, for: "_sso-verification.broken.example")
    /// responder.setAnswer(.delayed(.milliseconds(300), .records(["slow"])), for: "slow.example")
    /// ```
    public indirect enum Answer: Sendable, Hashable {
        /// Answer NOERROR with these TXT records (in this order) to TXT and ANY queries, and
        /// NOERROR with no records to queries of other types. An empty list is a name that
        /// exists without TXT records.
        case records([TXTRecord])
        /// Answer with a CNAME record pointing at another name, followed (for TXT and ANY
        /// queries) by that name's records when it has ``records(_:)`` in the same table,
        /// as a recursive resolver would; chains are followed up to 8 names. An alias to a
        /// string that is not a valid DNS name is answered SERVFAIL.
        case alias(String)
        /// Answer NXDOMAIN: the name does not exist. (Names with no answer set get this too.)
        case nameNotFound
        /// Answer SERVFAIL, as a server with a DNSSEC or back-end failure does.
        case serverFailure
        /// Answer REFUSED, as a server that does not serve the name does.
        case refused
        /// Send nothing, so the client times out. Over TCP the connection stays open, silent,
        /// until the client closes it or the responder stops.
        case noResponse
        /// Give the other answer after a wait (the responder keeps answering other queries
        /// meanwhile).
        case delayed(Duration, Answer)
        /// Over UDP, reply with only the TC (truncated) flag set, so the client asks again over
        /// TCP, as servers under attack do; over TCP, give the other answer. With
        /// ``noResponse`` inside, a client's TCP retry waits on an open, silent connection.
        case tcpOnly(Answer)
    }
}
