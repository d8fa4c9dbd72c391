import Foundation

/// The bundled guide format: parsing it and writing it back.
///
/// A guide is Markdown with this structure:
///
/// ```text
/// # <Guide title>
///
/// <introduction markdown>
///
/// ## <Step title>
/// <!-- step: create-app -->
///
/// <markdown body>
///
/// ## <Step title>
/// <!-- step: identity-provider-values; fields: metadata_url, sso_url -->
/// ...
/// ```
///
/// - The first non-blank line is the one `# ` title; no other `# ` heading may appear.
/// - Every `## ` heading outside fenced code starts a step, and its next non-blank line is
///   the step marker `<!-- step: KIND -->` or `<!-- step: KIND; fields: a, b -->`, where KIND
///   is a ``SetupStep/Kind`` raw value and the fields are schema keys.
/// - Each kind in ``SetupStep/Kind/required`` appears exactly once; `test-sign-in` at most once.
/// - `### ` and deeper headings are ordinary headings inside a body.
/// - `{{placeholder}}`s may appear anywhere; an unclosed `{{` is malformed.
extension SetupGuide {
    /// Parses a guide from its bundled Markdown.
    /// - Parameters:
    ///   - markdown: The Markdown text (LF or CRLF line endings).
    ///   - providerID: The provider's id, for error messages.
    /// - Returns: The guide, placeholders not yet filled.
    /// - Throws: ``SetupGuideError/malformed(provider:reason:)`` naming the line and what is
    ///   wrong, or ``SetupGuideError/resourceMissing(provider:resource:)`` when `markdown`
    ///   is empty.
    public static func parse(markdown: String, providerID: String) throws(SetupGuideError) -> SetupGuide {
        let document = try MarkedSectionDocument.parse(markdown: markdown, format: format, providerID: providerID)
        var steps: [SetupStep] = []
        var seen: [SetupStep.Kind: Int] = [:]
        for section in document.sections {
            let marker = try parseMarker(section.markerValue, markerText: section.markerText, line: section.markerLine,
                                         stepTitle: section.title, providerID: providerID)
            if let earlier = seen[marker.kind] {
                throw .malformed(provider: providerID,
                                 reason: "line \(section.line): the step kind \(marker.kind.rawValue) appears twice (also at line \(earlier)); each kind appears once")
            }
            seen[marker.kind] = section.line
            steps.append(SetupStep(kind: marker.kind, title: section.title, body: section.body, fields: marker.fields))
        }
        let missing = SetupStep.Kind.required.filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw .malformed(provider: providerID,
                             reason: "the guide has no step of kind \(missing.map(\.rawValue).joined(separator: ", ")); every guide has the steps \(SetupStep.Kind.required.map(\.rawValue).joined(separator: ", "))")
        }
        let guide = SetupGuide(title: document.title, introduction: document.introduction, steps: steps)
        _ = try guide.placeholderNames(providerID: providerID)
        return guide
    }

    /// The guide's shape for the shared parser of bundled Markdown.
    static let format = MarkedSectionDocument.Format(
        keyword: "step", documentName: "guide", sectionName: "step",
        markerShape: "<!-- step: KIND --> or <!-- step: KIND; fields: a, b -->", resource: "guide.md")

    /// Parses a guide from the bytes of a resource embedded in a provider target, such as
    /// `PackageResources.guide_md` (from `.embedInCode("Resources/guide.md")`). A provider's
    /// ``IdentityProviderPlugin/setupGuide()`` is usually just this call.
    /// - Parameters:
    ///   - bytes: The resource's bytes (UTF-8 Markdown).
    ///   - providerID: The provider's id, for error messages.
    ///   - resource: The resource's name, for error messages.
    /// - Returns: The guide, placeholders not yet filled.
    /// - Throws: ``SetupGuideError/resourceMissing(provider:resource:)`` when the bytes are
    ///   empty, ``SetupGuideError/malformed(provider:reason:)`` when they are not UTF-8 or not
    ///   a guide.
    public static func load(bytes: [UInt8], providerID: String, resource: String = "guide.md") throws(SetupGuideError) -> SetupGuide {
        guard !bytes.isEmpty else { throw .resourceMissing(provider: providerID, resource: resource) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformed(provider: providerID, reason: "\(resource) is not valid UTF-8 text")
        }
        do {
            return try parse(markdown: text, providerID: providerID)
        } catch .resourceMissing {
            throw .resourceMissing(provider: providerID, resource: resource)
        }
    }

    /// The guide in the bundled Markdown format; ``parse(markdown:providerID:)`` reads it back
    /// to an equal guide.
    public var markdown: String {
        var parts = ["# \(title)"]
        if !introduction.isEmpty { parts.append(introduction) }
        for step in steps {
            let fields = step.fields.isEmpty ? "" : "; fields: \(step.fields.joined(separator: ", "))"
            parts.append("## \(step.title)\n<!-- step: \(step.kind.rawValue)\(fields) -->")
            parts.append(step.body)
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The step of a kind, if the guide has it.
    /// - Parameter kind: The kind.
    /// - Returns: The step.
    public func step(_ kind: SetupStep.Kind) -> SetupStep? {
        steps.first { $0.kind == kind }
    }

    /// The steps that explain a field, such as the step a host shows beside the metadata URL input.
    /// - Parameter key: A schema field key.
    /// - Returns: The steps naming it, in guide order.
    public func steps(explaining key: String) -> [SetupStep] {
        steps.filter { $0.fields.contains(key) }
    }

    // MARK: - Parsing details

    /// The text of an ATX heading of exactly `level`, or nil.
    static func headingText(_ line: String, level: Int) -> String? {
        MarkedSectionDocument.headingText(line, level: level)
    }

    /// Reads a step marker's value: `KIND` or `KIND; fields: a, b`.
    private static func parseMarker(_ value: String, markerText: String, line: Int, stepTitle: String,
                                    providerID: String) throws(SetupGuideError) -> (kind: SetupStep.Kind, fields: [String]) {
        func malformed(_ reason: String) -> SetupGuideError {
            .malformed(provider: providerID, reason: "line \(line): \(reason)")
        }
        let parts = value.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 2, let kindName = parts.first else {
            throw malformed("the line after the heading of step \"\(clip(stepTitle))\" must be \(format.markerShape), found \"\(clip(markerText))\"")
        }
        guard let kind = SetupStep.Kind(rawValue: kindName) else {
            throw malformed("unknown step kind \"\(clip(kindName))\"; use one of \(SetupStep.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard parts.count == 2 else { return (kind, []) }
        guard parts[1].hasPrefix("fields:") else {
            throw malformed("after the step kind, only \"; fields: a, b\" may follow, found \"\(clip(parts[1]))\"")
        }
        let fields = parts[1].dropFirst("fields:".count).split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for field in fields {
            guard !field.isEmpty, field.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw malformed("\"\(clip(field))\" is not a field key; field keys are snake_case, separated by commas")
            }
            guard seen.insert(field).inserted else { throw malformed("the field \(field) is listed twice") }
        }
        return (kind, fields)
    }

    static func clip(_ text: String) -> String {
        MarkedSectionDocument.clip(text)
    }
}
