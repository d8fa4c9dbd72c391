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
        func malformed(_ line: Int, _ reason: String) -> SetupGuideError {
            .malformed(provider: providerID, reason: "line \(line): \(reason)")
        }
        let normalized = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard normalized.contains(where: { !$0.isWhitespace }) else {
            throw .resourceMissing(provider: providerID, resource: "guide.md")
        }
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        var title: String?
        var introduction: [String] = []
        var steps: [(kind: SetupStep.Kind, title: String, fields: [String], body: [String], line: Int)] = []
        var fence: MarkdownFence?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            index += 1
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                append(line, title: title, steps: &steps, introduction: &introduction)
                continue
            }
            if let opened = MarkdownFence(opening: line) {
                guard title != nil else { throw malformed(lineNumber, "the guide must start with a \"# \" title") }
                fence = opened
                append(line, title: title, steps: &steps, introduction: &introduction)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // Structure lines start in column 0; an indented "## " is Markdown inside a list item.
            let structural = line.first == "#" ? line.trimmingCharacters(in: .whitespaces) : ""
            if title == nil {
                if trimmed.isEmpty { continue }
                guard let text = headingText(trimmed, level: 1), !text.isEmpty else {
                    throw malformed(lineNumber, "the guide must start with a \"# \" title, found \"\(clip(trimmed))\"")
                }
                title = text
                continue
            }
            if headingText(structural, level: 1) != nil {
                throw malformed(lineNumber, "only the title may be a \"# \" heading; use \"## \" for a step or \"### \" inside a step")
            }
            if let stepTitle = headingText(structural, level: 2) {
                guard !stepTitle.isEmpty else { throw malformed(lineNumber, "a step heading has no title") }
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
                guard index < lines.count else {
                    throw malformed(lineNumber, "step \"\(clip(stepTitle))\" has no step marker; add <!-- step: KIND --> on the line after its heading")
                }
                let markerLine = index + 1
                let marker = try parseMarker(lines[index].trimmingCharacters(in: .whitespaces), line: markerLine,
                                             stepTitle: stepTitle, providerID: providerID)
                index += 1
                steps.append((marker.kind, stepTitle, marker.fields, [], lineNumber))
                continue
            }
            if trimmed.hasPrefix("<!--"), trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces).hasPrefix("step:") {
                throw malformed(lineNumber, "a step marker must directly follow a \"## \" step heading")
            }
            append(line, title: title, steps: &steps, introduction: &introduction)
        }
        if let fence {
            throw malformed(lines.count, "a fenced code block opened with \(fence.marker) is never closed")
        }
        guard let title else { throw malformed(1, "the guide has no \"# \" title") }

        var seen: [SetupStep.Kind: Int] = [:]
        for step in steps {
            if let earlier = seen[step.kind] {
                throw malformed(step.line, "the step kind \(step.kind.rawValue) appears twice (also at line \(earlier)); each kind appears once")
            }
            seen[step.kind] = step.line
        }
        let missing = SetupStep.Kind.required.filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw .malformed(provider: providerID,
                             reason: "the guide has no step of kind \(missing.map(\.rawValue).joined(separator: ", ")); every guide has the steps \(SetupStep.Kind.required.map(\.rawValue).joined(separator: ", "))")
        }
        let guide = SetupGuide(
            title: title,
            introduction: trimBlankLines(introduction),
            steps: try steps.map { step throws(SetupGuideError) in
                let body = trimBlankLines(step.body)
                guard !body.isEmpty else { throw malformed(step.line, "step \"\(clip(step.title))\" has no body") }
                return SetupStep(kind: step.kind, title: step.title, body: body, fields: step.fields)
            })
        _ = try guide.placeholderNames(providerID: providerID)
        return guide
    }

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

    private static func append(_ line: String, title: String?,
                               steps: inout [(kind: SetupStep.Kind, title: String, fields: [String], body: [String], line: Int)],
                               introduction: inout [String]) {
        if steps.isEmpty { introduction.append(line) } else { steps[steps.count - 1].body.append(line) }
    }

    /// The text of an ATX heading of exactly `level`, or nil.
    static func headingText(_ line: String, level: Int) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes == level else { return nil }
        let rest = line.dropFirst(level)
        if rest.isEmpty { return "" }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    private static func parseMarker(_ text: String, line: Int, stepTitle: String,
                                    providerID: String) throws(SetupGuideError) -> (kind: SetupStep.Kind, fields: [String]) {
        func malformed(_ reason: String) -> SetupGuideError {
            .malformed(provider: providerID, reason: "line \(line): \(reason)")
        }
        let expected = "the line after the heading of step \"\(clip(stepTitle))\" must be <!-- step: KIND --> or <!-- step: KIND; fields: a, b -->"
        guard text.hasPrefix("<!--"), text.hasSuffix("-->"), text.count >= 7 else {
            throw malformed("\(expected), found \"\(clip(text))\"")
        }
        let inner = text.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        let parts = inner.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 2, let kindPart = parts.first, kindPart.hasPrefix("step:") else {
            throw malformed("\(expected), found \"\(clip(text))\"")
        }
        let kindName = kindPart.dropFirst("step:".count).trimmingCharacters(in: .whitespaces)
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

    private static func trimBlankLines(_ lines: [String]) -> String {
        var slice = lines[...]
        while let first = slice.first, first.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropFirst() }
        while let last = slice.last, last.trimmingCharacters(in: .whitespaces).isEmpty { slice = slice.dropLast() }
        return slice.joined(separator: "\n")
    }

    static func clip(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }
}
