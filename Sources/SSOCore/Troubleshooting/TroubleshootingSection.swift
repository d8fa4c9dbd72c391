import Foundation

/// One section of a troubleshooting guide: what to do about one or more sign-in failure
/// codes, in one provider's console words, with placeholders for the values a failure
/// carries.
public struct TroubleshootingSection: Sendable, Equatable {
    /// The failure codes the section answers (from ``SignInFailureCodes/all``).
    public let codes: [String]
    /// The section's heading: fixed text, no placeholders.
    public let title: String
    /// The body as written: Markdown with `{{placeholders}}` and `<!-- when: … -->` blocks.
    public let markdown: String
    /// Whether the section comes from the shared, console-neutral sections rather than the
    /// provider's own Markdown (see ``TroubleshootingGuide/sharedCodes``).
    public let isShared: Bool

    /// The body cut at its branch markers.
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case text([String])
        case branch(TroubleshootingCondition, when: [String], otherwise: [String]?)
    }

    /// Reads a section body, checking its branch markers and placeholders.
    /// - Throws: A reason, prefixed by the caller with where it is.
    init(codes: [String], title: String, markdown: String, isShared: Bool) throws(SetupGuideError.Reason) {
        self.codes = codes
        self.title = title
        self.markdown = markdown
        self.isShared = isShared
        segments = try Self.segments(of: markdown)
    }

    /// The same section marked as coming from the shared sections, answering `codes`.
    func shared(answering codes: [String]) -> TroubleshootingSection {
        TroubleshootingSection(codes: codes, title: title, markdown: markdown, isShared: true, segments: segments)
    }

    private init(codes: [String], title: String, markdown: String, isShared: Bool, segments: [Segment]) {
        self.codes = codes
        self.title = title
        self.markdown = markdown
        self.isShared = isShared
        self.segments = segments
    }

    /// The section with the values of one failure filled in, as Markdown, plain text and
    /// HTML. A value that `values` lacks is taken from `settings` where it can be (the
    /// expected audience is the SP entity ID; the expected recipient and destination the
    /// ACS URL), otherwise replaced by ``TroubleshootingPlaceholder/fallback`` words. The
    /// result never contains `{{`. Values are shown as code spans, so text from the IdP's
    /// response cannot turn into links or markup.
    /// - Parameters:
    ///   - values: Values by placeholder name: a `SAMLError`'s `details`, plus the
    ///     lifecycle's ``SignInDetailKey`` values.
    ///   - settings: The connection's service-provider settings.
    /// - Returns: The filled section.
    public func filled(with values: [String: String], settings: ServiceProviderSettings) -> FilledTroubleshootingSection {
        let body = fill(selectingBranchesWith: values) { placeholder in
            Self.replacement(for: placeholder, values: values, settings: settings)
        }
        return FilledTroubleshootingSection(codes: codes, title: title, markdown: body)
    }

    /// Every placeholder name the body uses, in order of first use.
    public var placeholderNames: [String] {
        var names: [String] = []
        _ = try? SetupGuide.replacePlaceholders(in: markdown, providerID: "") { name in
            if !names.contains(name) { names.append(name) }
            return ""
        }
        for segment in segments {
            if case .branch(let condition, _, _) = segment, !names.contains(condition.key) { names.append(condition.key) }
        }
        return names
    }

    // MARK: - Filling

    /// The body with branches resolved (`values` given), or for the documentation site
    /// (`values` nil) every comparison's branches shown with their conditions in words and
    /// `present` conditions read as false; placeholders replaced.
    func fill(selectingBranchesWith values: [String: String]?,
              replacement: (TroubleshootingPlaceholder) -> String) -> String {
        var lines: [String] = []
        for segment in segments {
            switch segment {
            case .text(let text):
                lines += text
            case .branch(let condition, let when, let otherwise):
                if let values {
                    lines += condition.holds(in: values) ? when : (otherwise ?? [])
                } else if condition.comparison == .present {
                    // A value that is only known after a failure: a page without values reads
                    // as if it were not known.
                    lines += otherwise ?? []
                } else {
                    lines += ["", condition.documentationLabel, ""] + when
                    if let otherwise { lines += ["", "*Otherwise:*", ""] + otherwise }
                }
            }
        }
        let text = MarkedSectionDocument.trimBlankLines(Self.collapsingBlankRuns(lines))
        // Placeholders were checked when the section was read, so this cannot fail.
        return (try? SetupGuide.replacePlaceholders(in: text, providerID: "") { name in
            TroubleshootingPlaceholder(name: name).map(replacement) ?? ""
        }) ?? text
    }

    /// The text for one placeholder: its value (or the settings' stand-in) as a code span,
    /// names as escaped text, otherwise the fallback words.
    static func replacement(for placeholder: TroubleshootingPlaceholder, values: [String: String],
                            settings: ServiceProviderSettings) -> String {
        let given = values[placeholder.name].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        guard let value = given ?? placeholder.settingsValue(settings) else { return placeholder.fallback }
        let line = DocumentationSite.oneLine(value)
        let clipped = line.count > maximumValueLength ? String(line.prefix(maximumValueLength)) + "…" : line
        return placeholder.isName ? ExampleValueMarking.escaped(clipped) : DocumentationSite.code(clipped)
    }

    /// Longer values are cut (a response may carry hundreds of audiences).
    static let maximumValueLength = 400

    private static func collapsingBlankRuns(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if blank, let last = result.last, last.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            result.append(line)
        }
        return result
    }

    // MARK: - Reading

    private static func segments(of markdown: String) throws(SetupGuideError.Reason) -> [Segment] {
        var segments: [Segment] = []
        var text: [String] = []
        var branch: (condition: TroubleshootingCondition, when: [String], otherwise: [String]?, line: Int)?
        var fence: MarkdownFence?
        for (offset, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            func add(_ line: String) {
                if branch == nil { text.append(line) }
                else if branch?.otherwise != nil { branch?.otherwise?.append(line) }
                else { branch?.when.append(line) }
            }
            if let open = fence {
                if open.isClosed(by: line) { fence = nil }
                add(line)
                continue
            }
            if let opened = MarkdownFence(opening: line) {
                fence = opened
                add(line)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") else {
                add(line)
                continue
            }
            let inner = trimmed.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
            let relative = offset + 1
            if inner.hasPrefix("when:") {
                guard branch == nil else {
                    throw SetupGuideError.Reason(relativeLine: relative, "a when block opened before the previous one ended; close it with <!-- end --> (blocks do not nest)")
                }
                switch TroubleshootingCondition.parse(String(inner.dropFirst("when:".count)).trimmingCharacters(in: .whitespaces)) {
                case .success(let condition):
                    if !text.isEmpty { segments.append(.text(text)) }
                    text = []
                    branch = (condition, [], nil, relative)
                case .failure(let error):
                    throw SetupGuideError.Reason(relativeLine: relative, error.reason)
                }
            } else if inner == "otherwise" {
                guard branch != nil, branch?.otherwise == nil else {
                    throw SetupGuideError.Reason(relativeLine: relative, "<!-- otherwise --> must follow a <!-- when: … --> block, once")
                }
                branch?.otherwise = []
            } else if inner == "end" {
                guard let open = branch else {
                    throw SetupGuideError.Reason(relativeLine: relative, "<!-- end --> closes nothing; open a block with <!-- when: … -->")
                }
                segments.append(.branch(open.condition, when: open.when, otherwise: open.otherwise))
                branch = nil
            } else {
                throw SetupGuideError.Reason(relativeLine: relative, "unknown marker \"\(MarkedSectionDocument.clip(trimmed))\"; a section body may hold only <!-- when: … -->, <!-- otherwise --> and <!-- end -->")
            }
        }
        if let branch {
            throw SetupGuideError.Reason(relativeLine: branch.line, "a when block is never closed; add <!-- end -->")
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return segments
    }
}

/// A troubleshooting section with one failure's values filled in, ready to show: as
/// Markdown, as an HTML fragment and as plain text (both rendered from the Markdown when
/// asked for).
public struct FilledTroubleshootingSection: Sendable, Equatable {
    /// The failure codes the section answers.
    public let codes: [String]
    /// The section's heading (plain text).
    public let title: String
    /// The filled body as Markdown: no `{{` left, no branch markers.
    public let markdown: String

    /// Wraps a filled body.
    /// - Parameters:
    ///   - codes: The codes it answers.
    ///   - title: Its heading.
    ///   - markdown: Its filled Markdown body.
    public init(codes: [String], title: String, markdown: String) {
        self.codes = codes
        self.title = title
        self.markdown = markdown
    }

    /// The body as an HTML fragment (see ``MarkdownRenderer``: everything escaped, links
    /// only for http, https and mailto). Headings keep their levels.
    public var html: String {
        MarkdownRenderer().html(from: markdown)
    }

    /// The body as plain text, for email, logs and terminals: no Markdown syntax, list items
    /// as `- ` and `1. ` lines, links followed by their address.
    public var plainText: String {
        MarkdownPlainText.render(markdown)
    }

    /// The body as an HTML fragment with headings shifted, to nest it in a page.
    /// - Parameter headingLevelOffset: Added to the body's heading levels.
    /// - Returns: The HTML.
    public func html(headingLevelOffset: Int) -> String {
        MarkdownRenderer(headingLevelOffset: headingLevelOffset).html(from: markdown)
    }
}

extension SetupGuideError {
    /// Why a part of a bundled document is malformed, with a line relative to the part;
    /// the caller turns it into ``SetupGuideError/malformed(provider:reason:)``.
    struct Reason: Error {
        let relativeLine: Int
        let text: String

        init(relativeLine: Int, _ text: String) {
            self.relativeLine = relativeLine
            self.text = text
        }
    }
}
