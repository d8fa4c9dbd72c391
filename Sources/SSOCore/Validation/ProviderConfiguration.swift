import Foundation

/// What an admin submitted for a provider: the chosen mode and a value per field key.
///
/// As JSON (the `sso validate` input and the host's API body) it is one object:
/// `{"mode": "metadata-url", "metadata_url": "https://…"}`. Certificates are a string (PEM,
/// possibly several blocks) or an array of strings; mappings are objects of strings.
public struct ProviderConfiguration: Sendable, Equatable, Codable {
    /// The mode's identifier, such as `metadata-url`, `metadata-file` or `manual`.
    public var mode: String
    /// The submitted values by field key.
    public var values: [String: ConfigValue]

    /// Creates a configuration.
    /// - Parameters:
    ///   - mode: The mode identifier.
    ///   - values: Values by field key.
    public init(mode: String, values: [String: ConfigValue] = [:]) {
        self.mode = mode
        self.values = values
    }

    /// A field's text, trimmed; nil when absent or empty.
    /// - Parameter key: The field key.
    public func text(_ key: String) -> String? {
        guard case .text(let raw)? = values[key] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the flat JSON object form.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when `mode` is missing or a value has an unsupported type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        mode = try container.decode(String.self, forKey: DynamicKey(stringValue: "mode"))
        var values: [String: ConfigValue] = [:]
        for key in container.allKeys where key.stringValue != "mode" {
            values[key.stringValue] = try container.decode(ConfigValue.self, forKey: key)
        }
        self.values = values
    }

    /// Encodes the flat JSON object form.
    /// - Parameter encoder: The encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(mode, forKey: DynamicKey(stringValue: "mode"))
        for (key, value) in values {
            try container.encode(value, forKey: DynamicKey(stringValue: key))
        }
    }
}

/// One submitted value.
public enum ConfigValue: Sendable, Equatable, Codable {
    /// Text: a URL, an identifier, PEM text or an XML document.
    case text(String)
    /// A yes/no choice.
    case boolean(Bool)
    /// Several strings, such as several PEM certificates.
    case list([String])
    /// Attribute names by purpose.
    case mapping([String: String])

    /// Decodes from a JSON string, boolean, array of strings, or object of strings.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError.typeMismatch` for numbers, nulls and nested values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .text(text); return }
        if let flag = try? container.decode(Bool.self) { self = .boolean(flag); return }
        if let list = try? container.decode([String].self) { self = .list(list); return }
        if let mapping = try? container.decode([String: String].self) { self = .mapping(mapping); return }
        throw DecodingError.typeMismatch(ConfigValue.self, .init(codingPath: decoder.codingPath,
            debugDescription: "Expected a string, a boolean, an array of strings or an object of strings."))
    }

    /// Encodes as the matching JSON value.
    /// - Parameter encoder: The encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .mapping(let value): try container.encode(value)
        }
    }
}
