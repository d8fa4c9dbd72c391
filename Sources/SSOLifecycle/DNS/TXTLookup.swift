import Foundation

/// What one TXT look-up returned.
///
/// A failed look-up is a value, not an error: ``DNSCheck`` turns it into a verdict and a
/// message for the admin who published the record.
public struct TXTLookup: Sendable, Equatable {
    /// How the look-up ended.
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        /// The nameserver answered (NOERROR); ``TXTLookup/records`` may be empty (no TXT record).
        case answered
        /// NXDOMAIN: the name does not exist.
        case nameNotFound
        /// SERVFAIL: the nameserver failed to produce an answer.
        case serverFailure
        /// REFUSED: the nameserver would not answer this query.
        case refused
        /// No answer in time.
        case timeout
        /// The query could not be made or sent (a bad name, a nameserver that cannot be
        /// reached or resolved), or the answer could not be read or had another RCODE.
        case failed
    }

    /// How it ended.
    public var outcome: Outcome
    /// Each TXT record's character-strings, in order (a long value arrives split into
    /// several strings of at most 255 bytes; join them to get the value). Bytes that are not
    /// UTF-8 are decoded as U+FFFD.
    public var records: [[String]]
    /// What the resolver said, for people (`connection refused`, the rcode, the time-out, …);
    /// may be empty.
    public var detail: String

    /// Creates a result.
    ///
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
