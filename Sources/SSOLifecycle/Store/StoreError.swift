/// A store's failure: what kind it is (the lifecycle layer words it for people) and the
/// store's own message (never a password).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure every store reports the same way.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// An optimistic version check failed, or the record no longer exists: someone else
        /// changed it first.
        case conflict
        /// A record with this key (id, RelayState hash, …) already exists.
        case duplicate
        /// A stated constraint refused the write (one verified owner per domain).
        case constraint
        /// The database could not be reached or timed out; nothing was committed.
        case unavailable
        /// Stored data could not be decoded, or the schema is newer than this code.
        case corrupt
        /// Anything else the database refused.
        case failure
    }

    /// The kind.
    public let kind: Kind
    /// The store's message.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: The kind.
    ///   - message: The store's message (no passwords).
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `store.<kind>: message`.
    public var description: String { "store.\(kind.rawValue): \(message)" }
}
