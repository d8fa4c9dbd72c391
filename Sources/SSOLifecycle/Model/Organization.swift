import Foundation

/// A customer organization of the host application, as far as SSO is concerned.
public struct Organization: Sendable, Equatable, Codable {
    /// The host's own identifier for the organization (1–64 characters: letters, digits,
    /// `_`, `-`, `.`), such as `org_2x7` or `acme`.
    public var id: String
    /// The organization's display name (shown to admins; typed to confirm destructive steps).
    public var name: String
    /// Whether the application operator allows this organization to set up SSO. Off by
    /// default; without it every SSO change is refused.
    public var ssoAllowed: Bool
    /// When the organization was created here.
    public var createdAt: Date
    /// The optimistic-concurrency version: the store refuses an update carrying a version
    /// that is no longer current.
    public var version: Int

    /// Creates a record.
    /// - Parameters:
    ///   - id: The host's identifier.
    ///   - name: The display name.
    ///   - ssoAllowed: Whether SSO setup is allowed.
    ///   - createdAt: When it was created.
    ///   - version: The record version (1 when new).
    public init(id: String, name: String, ssoAllowed: Bool = false, createdAt: Date, version: Int = 1) {
        self.id = id
        self.name = name
        self.ssoAllowed = ssoAllowed
        self.createdAt = createdAt
        self.version = version
    }

    /// Whether `id` is an acceptable organization identifier: 1–64 ASCII letters, digits,
    /// `_`, `-` or `.`, not starting with `.` or `-`.
    /// - Parameter id: The candidate.
    /// - Returns: Whether it is acceptable.
    public static func isValidID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), let first = id.utf8.first,
              first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }
}
