import Foundation

/// Looks up TXT records with the C library's resolver (`res_nsend`, as `dig` does), at the
/// system's nameservers or at one you name.
///
/// Each look-up runs on a thread of its own, off Swift's cooperative pool, with its own
/// resolver state, so look-ups may run concurrently. It sends one UDP query per try and
/// waits ``timeoutPerTry`` for each; an answer too large for UDP is fetched again over TCP, as
/// DNS requires. A nameserver given by host name is resolved to its first IPv4 address.
///
/// A look-up returns within ``longestWait``: the UDP tries, plus one more time-out for a TCP
/// retry or for resolving a nameserver's host name. The C library does not time its TCP
/// exchange out, so a server that accepts a TCP connection and never answers is left to the
/// look-up's thread, which ends when the server closes the connection; the caller gets a
/// ``TXTLookup/Outcome/timeout`` at the deadline either way.
///
/// ```swift
/// let resolver = SystemTXTResolver()
/// let lookup = await resolver.lookUpTXT("_sso-verification.acme.com", nameserver: nil)
/// ```
public struct SystemTXTResolver: TXTResolving {
    /// How long to wait for each UDP try, in whole seconds (the C library's resolver counts
    /// whole seconds).
    public let timeoutPerTry: Duration
    /// How many UDP queries to send before giving up.
    public let tries: Int

    /// Creates a resolver.
    ///
    /// - Parameters:
    ///   - timeoutPerTry: The wait for each try; rounded up to whole seconds and kept within
    ///     1–30 s. 3 s by default.
    ///   - tries: The number of tries, kept within 1–5. 2 by default.
    public init(timeoutPerTry: Duration = .seconds(3), tries: Int = 2) {
        let (seconds, attoseconds) = timeoutPerTry.components
        let whole = seconds + (attoseconds > 0 ? 1 : 0)
        self.timeoutPerTry = .seconds(min(max(whole, 1), 30))
        self.tries = min(max(tries, 1), 5)
    }

    /// The longest a look-up takes before it returns: ``timeoutPerTry`` × (``tries`` + 1).
    public var longestWait: Duration { timeoutPerTry * (tries + 1) }

    /// Looks up the TXT records of `name`.
    ///
    /// - Parameters:
    ///   - name: The fully qualified name, such as `_sso-verification.acme.com` (ASCII;
    ///     internationalized names in their `xn--` form).
    ///   - nameserver: A nameserver to ask directly, or nil for the system's resolver.
    /// - Returns: What came back. A bad name or nameserver, an unreachable nameserver or an
    ///   unreadable answer is ``TXTLookup/Outcome/failed`` with a ``TXTLookup/detail`` saying
    ///   which.
    public func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        let seconds = Int(timeoutPerTry.components.seconds)
        let tries = self.tries
        let longest = Int(longestWait.components.seconds)
        let server = nameserver.map { "the nameserver \($0)" } ?? "this server's DNS resolver"
        return await BlockingCall.run(within: longestWait) { abandonment in
            switch abandonment {
            case .deadline:
                TXTLookup(outcome: .timeout,
                          detail: "no complete answer came from \(server) within \(longest) s (\(tries) \(tries == 1 ? "try" : "tries") of \(seconds) s, and a TCP retry)")
            case .cancelled:
                TXTLookup(outcome: .failed, detail: "the look-up was cancelled before \(server) answered")
            }
        } _: {
            TXTQuery.run(name: name, nameserver: nameserver, secondsPerTry: seconds, tries: tries)
        }
    }
}
