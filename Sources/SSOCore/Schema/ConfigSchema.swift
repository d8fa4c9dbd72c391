/// The fields an admin fills in for a provider, grouped into alternative modes.
///
/// An admin picks one mode (metadata URL, metadata file or manual entry) and fills in its
/// fields; ``commonFields`` apply in every mode. Exported as JSON Schema 2020-12 with the
/// modes as `oneOf` (see ``jsonSchema(for:)``).
public struct ConfigSchema: Sendable, Equatable {
    /// The alternative modes, in the order a form shows them.
    public let modes: [ConfigMode]
    /// Fields shared by every mode (such as attribute names).
    public let commonFields: [ConfigField]

    /// Creates a schema.
    /// - Parameters:
    ///   - modes: The alternative modes (at least one).
    ///   - commonFields: Fields shared by every mode.
    public init(modes: [ConfigMode], commonFields: [ConfigField] = []) {
        self.modes = modes
        self.commonFields = commonFields
    }

    /// The mode with this identifier.
    /// - Parameter id: A mode identifier such as `manual`.
    public func mode(_ id: String) -> ConfigMode? { modes.first { $0.id == id } }

    /// Every field of every mode and the common fields, each key once, in form order.
    public var allFields: [ConfigField] {
        var seen = Set<String>()
        return (modes.flatMap(\.fields) + commonFields).filter { seen.insert($0.key).inserted }
    }

    /// The field with this key in any mode.
    /// - Parameter key: A field key.
    public func field(_ key: String) -> ConfigField? { allFields.first { $0.key == key } }
}

/// One way of configuring a provider.
public struct ConfigMode: Sendable, Equatable {
    /// Stable kebab-case identifier; ``metadataURL``, ``metadataFile`` and ``manual`` are standard.
    public let id: String
    /// Title for a tab or radio button, such as "Metadata URL".
    public let title: String
    /// One sentence on when to use it, in the provider's terms.
    public let summary: String
    /// The fields of this mode.
    public let fields: [ConfigField]

    /// Creates a mode.
    /// - Parameters:
    ///   - id: Stable identifier.
    ///   - title: Title.
    ///   - summary: When to use it.
    ///   - fields: Its fields.
    public init(id: String, title: String, summary: String, fields: [ConfigField]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.fields = fields
    }

    /// Identifier of the metadata URL mode.
    public static let metadataURL = "metadata-url"
    /// Identifier of the metadata file mode.
    public static let metadataFile = "metadata-file"
    /// Identifier of the manual mode.
    public static let manual = "manual"
}

/// One field of a configuration form.
public struct ConfigField: Sendable, Equatable {
    /// Stable snake_case key used in JSON, such as `metadata_url`.
    public let key: String
    /// The label as the IdP console names the value, such as "App Federation Metadata Url".
    public let label: String
    /// What kind of value it takes.
    public let kind: FieldKind
    /// Whether the mode needs it.
    public let isRequired: Bool
    /// Where to find the value in the IdP console and what it is.
    public let help: String
    /// An example value, clearly an example.
    public let example: String?
    /// Further constraints.
    public let constraints: FieldConstraints

    /// Creates a field.
    /// - Parameters:
    ///   - key: snake_case key.
    ///   - label: Console label.
    ///   - kind: Kind of value.
    ///   - isRequired: Whether required.
    ///   - help: Where to find it.
    ///   - example: Example value.
    ///   - constraints: Further constraints.
    public init(key: String, label: String, kind: FieldKind, isRequired: Bool = true, help: String,
                example: String? = nil, constraints: FieldConstraints = FieldConstraints()) {
        self.key = key
        self.label = label
        self.kind = kind
        self.isRequired = isRequired
        self.help = help
        self.example = example
        self.constraints = constraints
    }
}

/// The kind of value a field takes.
public enum FieldKind: Sendable, Equatable {
    /// An absolute URL with one of these schemes.
    case url(schemes: [String])
    /// One line of text.
    case text
    /// PEM certificates (a bundle string or an array), between these counts inclusive.
    case certificates(minimum: Int, maximum: Int)
    /// An XML document (pasted or uploaded file contents).
    case xmlDocument
    /// One of these values.
    case choice([String])
    /// True or false.
    case boolean
    /// An object mapping these purposes (such as `email`) to attribute names.
    case attributeMapping(keys: [String])

    /// A short lowercase name: `url`, `text`, `certificates`, `xml`, `choice`, `boolean`, `attribute-mapping`.
    public var name: String {
        switch self {
        case .url: "url"
        case .text: "text"
        case .certificates: "certificates"
        case .xmlDocument: "xml"
        case .choice: "choice"
        case .boolean: "boolean"
        case .attributeMapping: "attribute-mapping"
        }
    }
}

/// Constraints beyond the kind.
public struct FieldConstraints: Sendable, Equatable {
    /// Largest length in characters, or nil.
    public let maximumLength: Int?
    /// A regular expression (ECMA-262 subset shared by JSON Schema and Swift) the value must match.
    public let pattern: String?
    /// Host patterns a URL's host is expected to match, such as `*.okta.com`.
    public let expectedHosts: [String]

    /// Creates constraints.
    /// - Parameters:
    ///   - maximumLength: Largest length.
    ///   - pattern: A regular expression.
    ///   - expectedHosts: Expected host patterns.
    public init(maximumLength: Int? = nil, pattern: String? = nil, expectedHosts: [String] = []) {
        self.maximumLength = maximumLength
        self.pattern = pattern
        self.expectedHosts = expectedHosts
    }
}
