/// The machine-readable provider list of `sso providers --json`.
extension ProviderRegistry {
    /// Every provider as JSON, in enumeration order: an array of
    ///
    /// ```text
    /// {
    ///   "id": "okta", "name": "Okta Workforce", "protocol": "saml", "summary": "…",
    ///   "modes": [{"id": "metadata-url", "title": "…", "summary": "…", "fields": ["metadata_url"]}],
    ///   "fields": [{"key": "metadata_url", "label": "…", "kind": "url", "required": true,
    ///               "modes": ["metadata-url"], "help": "…", "example": "…" or null}]
    /// }
    /// ```
    ///
    /// A mode's `fields` lists its own fields, then the common fields. In `fields`, each key
    /// appears once (form order); `modes` lists the modes that use it, and `required` is true
    /// when every one of those modes requires it. `kind` is ``FieldKind/name``. Serialize
    /// with ``JSONValue/serialized(pretty:)`` for stable output.
    /// - Returns: The catalog.
    public func catalogJSON() -> JSONValue {
        .array(plugins.map { Self.catalogEntry(descriptor: $0.descriptor, schema: $0.schema) })
    }

    /// One provider's catalog entry (see ``catalogJSON()``).
    /// - Parameters:
    ///   - descriptor: The provider's descriptor.
    ///   - schema: The provider's schema.
    /// - Returns: The entry.
    public static func catalogEntry(descriptor: ProviderDescriptor, schema: ConfigSchema) -> JSONValue {
        func fields(of mode: ConfigMode) -> [ConfigField] {
            mode.fields + schema.commonFields.filter { common in !mode.fields.contains { $0.key == common.key } }
        }
        let modes: JSONValue = .array(schema.modes.map { mode in
            .object([
                "id": .string(mode.id),
                "title": .string(mode.title),
                "summary": .string(mode.summary),
                "fields": .array(fields(of: mode).map { .string($0.key) }),
            ])
        })
        let fieldEntries: JSONValue = .array(schema.allFields.map { field in
            let uses = schema.modes.compactMap { mode in fields(of: mode).first { $0.key == field.key }.map { (mode.id, $0) } }
            return .object([
                "key": .string(field.key),
                "label": .string(field.label),
                "kind": .string(field.kind.name),
                "required": .bool(!uses.isEmpty && uses.allSatisfy { $0.1.isRequired }),
                "modes": .array(uses.map { .string($0.0) }),
                "help": .string(field.help),
                "example": field.example.map(JSONValue.string) ?? .null,
            ])
        })
        return .object([
            "id": .string(descriptor.id),
            "name": .string(descriptor.name),
            "protocol": .string(descriptor.protocol.rawValue),
            "summary": .string(descriptor.summary),
            "modes": modes,
            "fields": fieldEntries,
        ])
    }
}
