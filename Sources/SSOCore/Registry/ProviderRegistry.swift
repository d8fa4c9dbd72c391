/// The set of identity provider plugins a host offers: a value built from a list.
///
/// Lookup is by id; enumeration keeps the order the list was given in. There is no global
/// registry: a host builds the one it wants (usually `BuiltInProviders.registry()` from the
/// `SelfServeSSO` module, perhaps plus its own plugins).
public struct ProviderRegistry: Sendable {
    /// The plugins in the order given.
    public let plugins: [any IdentityProviderPlugin]
    private let indexByID: [String: Int]

    /// Builds a registry.
    /// - Parameter plugins: The plugins, in the order to enumerate them.
    /// - Throws: ``ProviderRegistryError`` for a duplicate or malformed id.
    public init(_ plugins: [any IdentityProviderPlugin]) throws(ProviderRegistryError) {
        var index: [String: Int] = [:]
        for (position, plugin) in plugins.enumerated() {
            let id = plugin.descriptor.id
            guard ProviderDescriptor.isValidID(id) else { throw .invalidID(id) }
            guard index[id] == nil else { throw .duplicateID(id) }
            index[id] = position
        }
        self.plugins = plugins
        self.indexByID = index
    }

    /// The ids in enumeration order.
    public var ids: [String] { plugins.map(\.descriptor.id) }

    /// The plugin with this id.
    /// - Parameter id: A provider id such as `okta`.
    /// - Returns: The plugin, or nil.
    public func plugin(id: String) -> (any IdentityProviderPlugin)? {
        indexByID[id].map { plugins[$0] }
    }
}

/// Why a registry could not be built.
public enum ProviderRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two plugins share an id.
    case duplicateID(String)
    /// An id is not kebab-case.
    case invalidID(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .duplicateID: "registry.duplicate-id"
        case .invalidID: "registry.invalid-id"
        }
    }

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .duplicateID(let id): "Two providers have the id \"\(id)\"; every provider id must be unique."
        case .invalidID(let id): "The provider id \"\(id)\" is not kebab-case (lowercase letters and digits joined by single hyphens)."
        }
    }
}
