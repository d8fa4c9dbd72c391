/// JSON Schema 2020-12 export, for front ends that build forms from a provider's schema.
extension ConfigSchema {
    /// The JSON Schema dialect every export declares.
    public static let jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

    /// The `$id` of a provider's exported schema.
    /// - Parameter providerID: A provider id such as `okta`.
    /// - Returns: `https://selfservesso.dev/schemas/providers/<id>.json`.
    public static func jsonSchemaID(for providerID: String) -> String {
        "https://selfservesso.dev/schemas/providers/\(providerID).json"
    }

    /// The schema as JSON Schema 2020-12, describing the flat JSON object that
    /// ``ProviderConfiguration`` decodes (`{"mode": "…", "<field key>": …}`).
    ///
    /// Each mode is one branch of `oneOf`: its `mode` property is a `const`, it lists the
    /// mode's fields and the common fields under `properties`, its required fields under
    /// `required`, and refuses other keys (`additionalProperties: false`). Each field has its
    /// console label as `title`, its help as `description`, its example under `examples`,
    /// and keywords for its kind:
    ///
    /// | kind | JSON Schema |
    /// | --- | --- |
    /// | URL | string, `format: uri`, a `pattern`: an allowed scheme, a host, no whitespace |
    /// | text | string (`minLength: 1` when required) |
    /// | certificates | `anyOf`: a PEM string, or an array of PEM strings with `minItems`/`maxItems` |
    /// | XML document | string, `contentMediaType: application/xml` |
    /// | choice | string `enum` |
    /// | boolean | boolean |
    /// | attribute mapping | object of non-empty strings with only the allowed keys |
    ///
    /// ``FieldConstraints/maximumLength`` and ``FieldConstraints/pattern`` become `maxLength`
    /// and `pattern` (combined with a scheme pattern through `allOf`). Expected host patterns
    /// are a validation warning, not a schema constraint, so they are not exported.
    ///
    /// The schema is stricter than ``FieldChecks`` in one way: it refuses keys a mode does
    /// not use (`additionalProperties: false`), so a form never sends them, while validation
    /// ignores such keys with a `field.unknown` warning. Validation is stricter in every
    /// other way (certificates parse, XML is metadata, provider host patterns, quirks).
    /// - Parameter descriptor: The provider's descriptor (for `$id`, title and description).
    /// - Returns: The schema document.
    public func jsonSchema(for descriptor: ProviderDescriptor) -> JSONValue {
        var modeProperty: [String: JSONValue] = [
            "type": "string",
            "title": "Mode",
            "description": .string("How the identity provider's settings are given: \(modes.map { "\($0.id) (\($0.title))" }.joined(separator: ", "))."),
            "enum": .array(modes.map { .string($0.id) }),
        ]
        if let first = modes.first { modeProperty["default"] = .string(first.id) }
        return .object([
            "$schema": .string(Self.jsonSchemaDialect),
            "$id": .string(Self.jsonSchemaID(for: descriptor.id)),
            "title": .string("\(descriptor.name) configuration"),
            "description": .string(descriptor.summary),
            "type": "object",
            "required": ["mode"],
            "properties": ["mode": .object(modeProperty)],
            "oneOf": .array(modes.map(modeSchema)),
        ])
    }

    private func modeSchema(_ mode: ConfigMode) -> JSONValue {
        let fields = mode.fields + commonFields.filter { common in !mode.fields.contains { $0.key == common.key } }
        var properties: [String: JSONValue] = [
            "mode": .object(["const": .string(mode.id), "title": .string(mode.title)]),
        ]
        for field in fields { properties[field.key] = Self.fieldSchema(field) }
        return .object([
            "title": .string(mode.title),
            "description": .string(mode.summary),
            "type": "object",
            "properties": .object(properties),
            "required": .array((["mode"] + fields.filter(\.isRequired).map(\.key)).map(JSONValue.string)),
            "additionalProperties": false,
        ])
    }

    static func fieldSchema(_ field: ConfigField) -> JSONValue {
        var schema: [String: JSONValue] = [
            "title": .string(field.label),
            "description": .string(field.help),
        ]
        if let example = field.example { schema["examples"] = [.string(example)] }
        var patterns: [String] = []
        switch field.kind {
        case .url(let schemes):
            schema["type"] = "string"
            schema["format"] = "uri"
            if !schemes.isEmpty {
                let alternatives = schemes.map(escapeRegex)
                // The scheme, a non-empty host, and no whitespace anywhere (as FieldChecks requires).
                let scheme = alternatives.count == 1 ? alternatives[0] : "(?:\(alternatives.joined(separator: "|")))"
                patterns.append("^\(scheme)://[^\\s/?#]+\\S*$")
            }
        case .text:
            schema["type"] = "string"
            if field.isRequired { schema["minLength"] = 1 }
        case .certificates(let minimum, let maximum):
            schema["anyOf"] = [
                ["type": "string", "minLength": 1,
                 "description": "One or more PEM certificates (-----BEGIN CERTIFICATE----- blocks), or one base64 DER certificate."],
                ["type": "array", "items": ["type": "string", "minLength": 1],
                 "minItems": .integer(max(0, minimum)), "maxItems": .integer(max(minimum, maximum)),
                 "description": "One certificate per element, PEM or base64 DER."],
            ]
        case .xmlDocument:
            schema["type"] = "string"
            schema["minLength"] = 1
            schema["contentMediaType"] = "application/xml"
        case .choice(let options):
            schema["type"] = "string"
            schema["enum"] = .array(options.map(JSONValue.string))
        case .boolean:
            schema["type"] = "boolean"
        case .attributeMapping(let keys):
            var properties: [String: JSONValue] = [:]
            for key in keys { properties[key] = ["type": "string", "minLength": 1] }
            schema["type"] = "object"
            schema["properties"] = .object(properties)
            schema["additionalProperties"] = false
        }
        if let maximumLength = field.constraints.maximumLength {
            switch field.kind {
            case .url, .text, .xmlDocument, .choice: schema["maxLength"] = .integer(maximumLength)
            case .certificates, .boolean, .attributeMapping: break
            }
        }
        if let pattern = field.constraints.pattern { patterns.append(pattern) }
        if patterns.count == 1 {
            schema["pattern"] = .string(patterns[0])
        } else if patterns.count > 1 {
            schema["allOf"] = .array(patterns.map { ["pattern": .string($0)] })
        }
        return .object(schema)
    }

    /// Escapes regular-expression metacharacters in a URL scheme (such as `+` in `svn+ssh`).
    private static func escapeRegex(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

extension IdentityProviderPlugin {
    /// The plugin's configuration schema as JSON Schema 2020-12 (see
    /// ``ConfigSchema/jsonSchema(for:)``).
    public var jsonSchema: JSONValue { schema.jsonSchema(for: descriptor) }
}
