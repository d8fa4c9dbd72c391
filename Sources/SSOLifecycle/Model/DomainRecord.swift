import Foundation

/// Where an organization's claim on an email domain stands.
public enum DomainStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// A TXT challenge was issued and has not been found in DNS yet.
    case pending
    /// The TXT record was found: the organization owns the domain. Only one organization
    /// can hold a domain verified.
    case verified
    /// The challenge ran out before it was found; verifying again issues a new record.
    case expired
}

/// An email domain an organization has added, with its DNS TXT challenge.
public struct DomainRecord: Sendable, Equatable, Codable {
    /// The organization that added it.
    public var organizationID: String
    /// The normalized domain name: lower case, no trailing dot, internationalized labels in
    /// punycode (`xn--…`).
    public var name: String
    /// Pending or verified as stored; use ``status(at:)`` for what a person should see (a
    /// pending challenge past its expiry is expired).
    public var storedStatus: DomainStatus
    /// The TXT record's owner name, such as `_sso-verification.acme.com`.
    public var recordName: String
    /// The TXT record's value to publish, such as `sso-verification=…` (at least 128 random
    /// bits).
    public var recordValue: String
    /// When the challenge stops being accepted.
    public var challengeExpiresAt: Date
    /// When DNS showed the record, or nil.
    public var verifiedAt: Date?
    /// When the domain was added.
    public var createdAt: Date
    /// What the last DNS check found, or nil before the first.
    public var lastCheck: DNSCheck?
    /// The optimistic-concurrency version.
    public var version: Int

    /// Creates a record.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - name: The normalized domain.
    ///   - storedStatus: Pending or verified.
    ///   - recordName: The TXT record's owner name.
    ///   - recordValue: The TXT record's value.
    ///   - challengeExpiresAt: When the challenge expires.
    ///   - verifiedAt: When it was verified.
    ///   - createdAt: When it was added.
    ///   - lastCheck: The last DNS check.
    ///   - version: The record version.
    public init(organizationID: String, name: String, storedStatus: DomainStatus, recordName: String,
                recordValue: String, challengeExpiresAt: Date, verifiedAt: Date? = nil, createdAt: Date,
                lastCheck: DNSCheck? = nil, version: Int = 1) {
        self.organizationID = organizationID
        self.name = name
        self.storedStatus = storedStatus
        self.recordName = recordName
        self.recordValue = recordValue
        self.challengeExpiresAt = challengeExpiresAt
        self.verifiedAt = verifiedAt
        self.createdAt = createdAt
        self.lastCheck = lastCheck
        self.version = version
    }

    /// The status a person should see at `now`: a pending challenge past its expiry is
    /// ``DomainStatus/expired``.
    /// - Parameter now: The current time.
    /// - Returns: The status.
    public func status(at now: Date) -> DomainStatus {
        if storedStatus == .pending, now >= challengeExpiresAt { return .expired }
        return storedStatus
    }

    /// The record type to create: always `TXT`.
    public var recordType: String { "TXT" }
}

/// What one DNS look-up of a domain's TXT challenge found.
public struct DNSCheck: Sendable, Equatable, Codable {
    /// How the look-up ended.
    public enum Outcome: String, Sendable, Equatable, Codable, CaseIterable {
        /// The expected value was among the TXT records.
        case found
        /// The name exists and has TXT records, but none holds the expected value.
        case valueMismatch = "value-mismatch"
        /// The name exists but has no TXT record.
        case noRecords = "no-records"
        /// The name does not exist (NXDOMAIN).
        case nameNotFound = "nxdomain"
        /// The nameserver failed to answer (SERVFAIL).
        case serverFailure = "servfail"
        /// The nameserver refused the query (REFUSED).
        case refused
        /// No answer arrived in time.
        case timeout
        /// The query could not be sent or the answer could not be read.
        case error
    }

    /// How the look-up ended.
    public var outcome: Outcome
    /// The name that was queried.
    public var queriedName: String
    /// The nameserver asked (`host:port`), or nil for the system's resolver.
    public var nameserver: String?
    /// Every TXT value found, each record's strings joined.
    public var foundValues: [String]
    /// The value that was expected.
    public var expectedValue: String
    /// When the look-up ran.
    public var checkedAt: Date
    /// What was found and what to do, for a person.
    public var message: String

    /// Creates a check.
    /// - Parameters:
    ///   - outcome: How it ended.
    ///   - queriedName: The queried name.
    ///   - nameserver: The nameserver asked, or nil.
    ///   - foundValues: The TXT values found.
    ///   - expectedValue: The expected value.
    ///   - checkedAt: When it ran.
    ///   - message: The sentence for a person.
    public init(outcome: Outcome, queriedName: String, nameserver: String?, foundValues: [String],
                expectedValue: String, checkedAt: Date, message: String) {
        self.outcome = outcome
        self.queriedName = queriedName
        self.nameserver = nameserver
        self.foundValues = foundValues
        self.expectedValue = expectedValue
        self.checkedAt = checkedAt
        self.message = message
    }
}
