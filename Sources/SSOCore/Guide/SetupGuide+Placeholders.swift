import Foundation

/// Checking a guide against its provider's schema, and filling its placeholders.
extension SetupGuide {
    /// Checks that the guide fits a provider: every `{{placeholder}}` (in the title,
    /// introduction, step titles and bodies) is a ``GuidePlaceholder``, and every field a step
    /// names exists in the schema. The conformance suite calls this for every registered
    /// provider.
    /// - Parameters:
    ///   - schema: The provider's schema.
    ///   - providerID: The provider's id, for error messages.
    /// - Throws: ``SetupGuideError/unknownPlaceholder(provider:placeholder:)``,
    ///   ``SetupGuideError/unknownField(provider:step:field:)`` or
    ///   ``SetupGuideError/malformed(provider:reason:)`` for an unclosed `{{`.
    public func check(against schema: ConfigSchema, providerID: String) throws(SetupGuideError) {
        for name in try placeholderNames(providerID: providerID) where GuidePlaceholder(rawValue: name) == nil {
            throw .unknownPlaceholder(provider: providerID, placeholder: name)
        }
        for step in steps {
            for field in step.fields where schema.field(field) == nil {
                throw .unknownField(provider: providerID, step: step.title, field: field)
            }
        }
    }

    /// The guide with every placeholder replaced by the host's settings. A setting the host
    /// does not have is replaced by the fallback text of ``GuidePlaceholder/fallback``, so the
    /// result never contains `{{`.
    /// - Parameters:
    ///   - settings: The host's service-provider settings.
    ///   - providerID: The provider's id, for error messages.
    /// - Returns: The filled guide.
    /// - Throws: ``SetupGuideError/unknownPlaceholder(provider:placeholder:)`` or
    ///   ``SetupGuideError/malformed(provider:reason:)`` for an unclosed `{{`.
    public func filled(with settings: ServiceProviderSettings, providerID: String) throws(SetupGuideError) -> SetupGuide {
        try filled(providerID: providerID) { $0.value(in: settings) }
    }

    /// The guide with every placeholder replaced by `replacement`'s text.
    /// - Parameters:
    ///   - providerID: The provider's id, for error messages.
    ///   - replacement: The text for a placeholder.
    /// - Returns: The filled guide.
    /// - Throws: ``SetupGuideError`` for an unknown placeholder or an unclosed `{{`.
    func filled(providerID: String,
                replacement: (GuidePlaceholder) -> String) throws(SetupGuideError) -> SetupGuide {
        func fill(_ text: String) throws(SetupGuideError) -> String {
            try Self.replacePlaceholders(in: text, providerID: providerID) { name throws(SetupGuideError) in
                guard let placeholder = GuidePlaceholder(rawValue: name) else {
                    throw .unknownPlaceholder(provider: providerID, placeholder: name)
                }
                return replacement(placeholder)
            }
        }
        var result = self
        result.title = try fill(title)
        result.introduction = try fill(introduction)
        for index in result.steps.indices {
            result.steps[index].title = try fill(steps[index].title)
            result.steps[index].body = try fill(steps[index].body)
        }
        return result
    }

    /// Every placeholder name used, in order of first use.
    /// - Parameter providerID: The provider's id, for error messages.
    /// - Returns: The names between `{{` and `}}`, trimmed.
    /// - Throws: ``SetupGuideError/malformed(provider:reason:)`` for an unclosed `{{`.
    public func placeholderNames(providerID: String) throws(SetupGuideError) -> [String] {
        var names: [String] = []
        for text in [title, introduction] + steps.flatMap({ [$0.title, $0.body] }) {
            _ = try Self.replacePlaceholders(in: text, providerID: providerID) { name in
                if !names.contains(name) { names.append(name) }
                return ""
            }
        }
        return names
    }

    /// Replaces each `{{name}}` in `text` with `replacement(name)`, in one linear pass.
    static func replacePlaceholders(in text: String, providerID: String,
                                    _ replacement: (String) throws(SetupGuideError) -> String) throws(SetupGuideError) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw .malformed(provider: providerID,
                                 reason: "a placeholder opened with {{ is never closed near \"\(clip(String(rest[open.lowerBound...])))\"")
            }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.contains("{{"), !name.contains("\n") else {
                throw .malformed(provider: providerID,
                                 reason: "a placeholder opened with {{ is not closed on the same line near \"\(clip(String(rest[open.lowerBound...])))\"")
            }
            output += try replacement(name)
            rest = afterOpen[close.upperBound...]
        }
        output += rest
        return output
    }
}

extension GuidePlaceholder {
    /// The text that replaces this placeholder for the given settings: the setting, or
    /// ``fallback`` when the host has none (or an empty one).
    /// - Parameter settings: The host's service-provider settings.
    /// - Returns: The replacement text.
    public func value(in settings: ServiceProviderSettings) -> String {
        let setting: String?
        switch self {
        case .acsURL: setting = settings.acsURL
        case .spEntityID: setting = settings.entityID
        case .spMetadataURL: setting = settings.metadataURL
        case .organizationName: setting = settings.organizationName
        case .applicationName: setting = settings.applicationName
        }
        guard let setting, !setting.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return fallback }
        return setting
    }

    /// What a guide shows when the host has no value for this placeholder. Written to read
    /// well in a sentence and to say what to do instead:
    ///
    /// | placeholder | fallback |
    /// | --- | --- |
    /// | `acs_url` | (the ACS URL shown by your application) |
    /// | `sp_entity_id` | (the SP entity ID shown by your application) |
    /// | `sp_metadata_url` | (no SP metadata URL is published; enter the ACS URL and entity ID by hand) |
    /// | `organization_name` | your organization |
    /// | `application_name` | this application |
    public var fallback: String {
        switch self {
        case .acsURL: "(the ACS URL shown by your application)"
        case .spEntityID: "(the SP entity ID shown by your application)"
        case .spMetadataURL: "(no SP metadata URL is published; enter the ACS URL and entity ID by hand)"
        case .organizationName: "your organization"
        case .applicationName: "this application"
        }
    }
}
