/// A permission a member of an organization may hold over its enterprise connections.
///
/// The raw values are the permission keys a host's role system already uses (they follow
/// Clerk's naming): `org:sys_entconns:read` and `org:sys_entconns:manage`.
public struct Permission: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The permission key, such as `org:sys_entconns:manage`.
    public let rawValue: String

    /// Wraps a permission key. Unknown keys are kept (they grant nothing here).
    /// - Parameter rawValue: The key.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// See the organization's SSO setup: domains, connection, test runs, attempts, audit log.
    public static let read = Permission(rawValue: "org:sys_entconns:read")
    /// Change the organization's SSO setup (implies ``read``).
    public static let manage = Permission(rawValue: "org:sys_entconns:manage")

    /// The key.
    public var description: String { rawValue }
}

/// Who is acting: every call that reads or changes an organization's SSO setup takes one
/// explicitly; there is no ambient user.
public enum Principal: Sendable, Hashable, CustomStringConvertible {
    /// The application's operator (the host's own staff or code): may do everything,
    /// including allowing an organization to set up SSO.
    case `operator`(name: String)
    /// A member of one organization holding a set of permissions there. A member never reads
    /// or changes another organization's setup, whatever the permissions.
    case member(organizationID: String, userID: String, permissions: Set<Permission>)

    /// A short description for audit entries: `operator:NAME` or `member:ORG/USER`.
    public var description: String {
        switch self {
        case .operator(let name): "operator:\(name)"
        case .member(let organization, let user, _): "member:\(organization)/\(user)"
        }
    }

    /// Whether this principal may read the organization's SSO setup.
    /// - Parameter organizationID: The organization.
    /// - Returns: True for the operator, and for a member of that organization holding
    ///   `org:sys_entconns:read` or `org:sys_entconns:manage`.
    public func mayRead(_ organizationID: String) -> Bool {
        switch self {
        case .operator: true
        case .member(let organization, _, let permissions):
            organization == organizationID && (permissions.contains(.read) || permissions.contains(.manage))
        }
    }

    /// Whether this principal may change the organization's SSO setup.
    /// - Parameter organizationID: The organization.
    /// - Returns: True for the operator, and for a member of that organization holding
    ///   `org:sys_entconns:manage`.
    public func mayManage(_ organizationID: String) -> Bool {
        switch self {
        case .operator: true
        case .member(let organization, _, let permissions):
            organization == organizationID && permissions.contains(.manage)
        }
    }

    /// Whether this is the operator.
    public var isOperator: Bool {
        if case .operator = self { return true }
        return false
    }
}
