import Foundation

/// A nameserver to ask directly (bypassing caches): a host and a port.
public struct Nameserver: Sendable, Hashable, CustomStringConvertible {
    /// An IP address or a host name.
    public var host: String
    /// The UDP port, 53 by default.
    public var port: UInt16

    /// Creates a nameserver.
    /// - Parameters:
    ///   - host: An IP address or a host name.
    ///   - port: The port.
    public init(host: String, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// `host:port` (`[v6]:port` for an IPv6 address).
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`.
    /// - Parameter text: The text, as given on a command line.
    /// - Returns: The nameserver.
    /// - Throws: `dns.invalid-nameserver` with what was wrong.
    public static func parse(_ text: String) throws(LifecycleError) -> Nameserver {
        // PLACEHOLDER: replaced by the DNS work.
        throw LifecycleError(.dnsInvalidNameserver, "Not implemented yet: \(text)")
    }
}

/// What one TXT look-up returned.
public struct TXTLookup: Sendable, Equatable {
    /// How the look-up ended.
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        /// The nameserver answered (NOERROR); ``TXTLookup/records`` may be empty (no TXT record).
        case answered
        /// NXDOMAIN: the name does not exist.
        case nameNotFound
        /// SERVFAIL.
        case serverFailure
        /// REFUSED.
        case refused
        /// No answer in time.
        case timeout
        /// The query could not be made or sent, or the answer could not be parsed.
        case failed
    }

    /// How it ended.
    public var outcome: Outcome
    /// Each TXT record's character-strings, in order (a long value arrives split into
    /// several strings of at most 255 bytes; join them to get the value).
    public var records: [[String]]
    /// What the resolver said, for people (`connection refused`, the rcode, …); may be empty.
    public var detail: String

    /// Creates a result.
    /// - Parameters:
    ///   - outcome: How it ended.
    ///   - records: The records' strings.
    ///   - detail: What the resolver said.
    public init(outcome: Outcome, records: [[String]] = [], detail: String = "") {
        self.outcome = outcome
        self.records = records
        self.detail = detail
    }

    /// Each record's strings joined: the TXT values.
    public var values: [String] { records.map { $0.joined() } }
}

/// Looks up TXT records. The shipped ``SystemTXTResolver`` asks the C library's resolver;
/// tests inject their own or point it at a loopback nameserver.
public protocol TXTResolving: Sendable {
    /// Looks up the TXT records of `name`.
    /// - Parameters:
    ///   - name: The fully qualified name, such as `_sso-verification.acme.com`.
    ///   - nameserver: A nameserver to ask directly, or nil for the system's resolver.
    /// - Returns: What came back; never throws, never hangs past its time-out.
    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup
}
