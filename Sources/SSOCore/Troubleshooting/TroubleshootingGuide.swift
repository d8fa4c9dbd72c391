/// A provider's troubleshooting guide: for each sign-in failure code, what to change in that
/// provider's console, parsed from Markdown bundled in the provider's target
/// (`Resources/troubleshooting.md`).
///
/// The format is the setup guide's (one parser reads both, see ``SetupGuide``), with a
/// `codes` marker after each `## ` heading:
///
/// ```text
/// # Troubleshooting Okta sign-in
///
/// Introduction.
///
/// <!-- shared: xml.malformed, xml.empty, signature.wrapping -->
///
/// ## The audience does not match
/// <!-- codes: conditions.audience-mismatch -->
///
/// Okta sent {{observed_audience}}; it must be {{expected_audience}}. …
/// ```
///
/// - Every code in a `codes` marker (comma-separated) is in ``SignInFailureCodes/all``, and
///   answered by one section only.
/// - `<!-- shared: … -->` lines in the introduction list the codes whose fix reads the same
///   in every console; their sections come from the shared, console-neutral Markdown in
///   `SSOCore` (``shared()``), which is also what the generic SAML provider uses. A code is
///   either shared or answered by an own section, never both. Nothing falls back silently:
///   a code that is neither has no section.
/// - Placeholders are ``TroubleshootingPlaceholder``s; section titles have none. A body may
///   branch once per block with `<!-- when: KEY OPERATOR VALUE -->` … `<!-- otherwise -->`
///   … `<!-- end -->` (see `TroubleshootingCondition`).
public struct TroubleshootingGuide: Sendable, Equatable {
    /// The guide's title (its `#` heading).
    public var title: String
    /// Markdown before the first section, without the `shared` lines.
    public var introduction: String
    /// The sections in order: the provider's own, then the shared ones it lists.
    public var sections: [TroubleshootingSection]
    /// The codes the provider answers with the shared sections, as its Markdown lists them.
    public var sharedCodes: [String]

    /// Creates a guide.
    /// - Parameters:
    ///   - title: Title.
    ///   - introduction: Markdown before the first section.
    ///   - sections: The sections.
    ///   - sharedCodes: The codes answered by shared sections.
    public init(title: String, introduction: String, sections: [TroubleshootingSection], sharedCodes: [String] = []) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
        self.sharedCodes = sharedCodes
    }

    /// The section that answers a failure code.
    /// - Parameter code: A failure code such as `conditions.audience-mismatch`.
    /// - Returns: The section, or nil when the guide has none for it.
    public func section(for code: String) -> TroubleshootingSection? {
        sections.first { $0.codes.contains(code) }
    }

    /// Every code some section answers, in section order.
    public var coveredCodes: [String] {
        sections.flatMap(\.codes)
    }

    // MARK: - Loading

    /// Parses a provider's troubleshooting Markdown and adds the shared sections it lists:
    /// what ``IdentityProviderPlugin/troubleshootingGuide()`` returns.
    /// - Parameters:
    ///   - bytes: The resource's bytes (UTF-8 Markdown), such as
    ///     `PackageResources.troubleshooting_md`.
    ///   - providerID: The provider's id, for error messages.
    ///   - resource: The resource's name, for error messages.
    /// - Returns: The guide with its shared sections.
    /// - Throws: ``SetupGuideError`` when the resource is empty, not UTF-8 or malformed, uses
    ///   an unknown placeholder or code, or lists a shared code the shared sections lack.
    ///
    /// Parsed once per provider, resource and content: a fix is looked up on every refused
    /// sign-in, and parsing takes milliseconds.
    public static func load(bytes: [UInt8], providerID: String,
                            resource: String = "troubleshooting.md") throws(SetupGuideError) -> TroubleshootingGuide {
        try loaded.value(for: "\(providerID)\n\(resource)", bytes: bytes) { () throws(SetupGuideError) in
            try parseWithSharedSections(bytes: bytes, providerID: providerID, resource: resource)
        }
    }

    /// The guides ``load(bytes:providerID:resource:)`` parsed, and why the others failed.
    private static let loaded = ParsedResourceCache<TroubleshootingGuide>()

    private static func parseWithSharedSections(bytes: [UInt8], providerID: String,
                                                resource: String) throws(SetupGuideError) -> TroubleshootingGuide {
        guard !bytes.isEmpty else { throw .resourceMissing(provider: providerID, resource: resource) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformed(provider: providerID, reason: "\(resource) is not valid UTF-8 text")
        }
        let own: TroubleshootingGuide
        do {
            own = try parse(markdown: text, providerID: providerID)
        } catch .resourceMissing {
            throw .resourceMissing(provider: providerID, resource: resource)
        }
        return try own.addingSharedSections(providerID: providerID)
    }

    /// Parses troubleshooting Markdown as written, without adding shared sections.
    /// - Parameters:
    ///   - markdown: The Markdown text.
    ///   - providerID: The provider's id, for error messages.
    /// - Returns: The guide.
    /// - Throws: ``SetupGuideError`` naming the line and what is wrong.
    public static func parse(markdown: String, providerID: String) throws(SetupGuideError) -> TroubleshootingGuide {
        try parse(markdown: markdown, providerID: providerID, isShared: false)
    }

    static func parse(markdown: String, providerID: String, isShared: Bool) throws(SetupGuideError) -> TroubleshootingGuide {
        func malformed(_ reason: String) -> SetupGuideError {
            .malformed(provider: providerID, reason: "troubleshooting guide, \(reason)")
        }
        let document = try MarkedSectionDocument.parse(markdown: markdown, format: format, providerID: providerID)
        for name in try placeholders(in: document.title, providerID: providerID) {
            throw malformed("the title uses {{\(name)}}; titles are fixed text")
        }
        // The introduction: `shared` lines are data, the rest is prose.
        var sharedCodes: [String] = []
        var introduction: [String] = []
        for line in document.introduction.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let list = MarkedSectionDocument.markerValue(trimmed, keyword: "shared:") else {
                introduction.append(line)
                continue
            }
            sharedCodes += try codes(in: list, providerID: providerID, where: "a shared line")
        }
        try checkPlaceholders(in: introduction.joined(separator: "\n"), providerID: providerID, where: "the introduction")

        var sections: [TroubleshootingSection] = []
        var answered: [String: String] = [:]
        for code in sharedCodes {
            if answered[code] != nil { throw malformed("the code \(code) is listed as shared twice") }
            answered[code] = "the shared line"
        }
        for section in document.sections {
            let place = "section \"\(MarkedSectionDocument.clip(section.title))\" (line \(section.line))"
            let sectionCodes = try codes(in: section.markerValue, providerID: providerID, where: place)
            guard !sectionCodes.isEmpty else { throw malformed("\(place) names no code; write <!-- codes: a.code, b.code -->") }
            for code in sectionCodes {
                if let earlier = answered[code] {
                    throw malformed("the code \(code) of \(place) is already answered by \(earlier); each code has one section")
                }
                answered[code] = place
            }
            if !(try placeholders(in: section.title, providerID: providerID)).isEmpty {
                throw malformed("the title of \(place) uses a placeholder; titles are fixed text")
            }
            try checkPlaceholders(in: section.body, providerID: providerID, where: place)
            do {
                sections.append(try TroubleshootingSection(codes: sectionCodes, title: section.title, markdown: section.body,
                                                           isShared: isShared))
            } catch {
                throw malformed("\(place), line \(error.relativeLine) of its body: \(error.text)")
            }
        }
        return TroubleshootingGuide(title: document.title,
                                    introduction: MarkedSectionDocument.trimBlankLines(introduction),
                                    sections: sections, sharedCodes: sharedCodes)
    }

    /// The guide's shape for the shared parser of bundled Markdown.
    static let format = MarkedSectionDocument.Format(
        keyword: "codes", documentName: "troubleshooting guide", sectionName: "section",
        markerShape: "<!-- codes: a.code, b.code -->", resource: "troubleshooting.md")

    // MARK: - Shared sections

    /// The shared, console-neutral troubleshooting sections bundled in `SSOCore`: the fixes
    /// that read the same whichever console the IdP has (a document altered on the way, an
    /// expired sign-in request, a replayed assertion, …). The generic SAML provider and the
    /// others list the codes they answer with them in `<!-- shared: … -->` lines.
    /// - Returns: The shared guide.
    /// - Throws: ``SetupGuideError`` when the bundled resource is broken (a build defect).
    public static func shared() throws(SetupGuideError) -> TroubleshootingGuide {
        try sharedGuide.get()
    }

    /// The shared guide, parsed once: every provider's guide adds sections from it. A
    /// constant, so there is no mutable global state.
    private static let sharedGuide: Result<TroubleshootingGuide, SetupGuideError> = {
        let bytes = PackageResources.troubleshooting_shared_md
        guard !bytes.isEmpty, let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(.resourceMissing(provider: "SSOCore", resource: "Resources/troubleshooting-shared.md"))
        }
        return Result { () throws(SetupGuideError) in try parse(markdown: text, providerID: "SSOCore", isShared: true) }
    }()

    /// The guide with the shared sections for its ``sharedCodes`` appended (each shared
    /// section answering only the codes this guide lists).
    func addingSharedSections(providerID: String) throws(SetupGuideError) -> TroubleshootingGuide {
        guard !sharedCodes.isEmpty else { return self }
        let shared = try Self.shared()
        var result = self
        var placed: Set<String> = []
        for code in sharedCodes where !placed.contains(code) {
            guard let section = shared.section(for: code) else {
                throw .malformed(provider: providerID,
                                 reason: "troubleshooting guide, the code \(code) is listed as shared, but the shared sections do not answer it; write a section for it")
            }
            let codes = section.codes.filter { sharedCodes.contains($0) }
            placed.formUnion(codes)
            result.sections.append(section.shared(answering: codes))
        }
        return result
    }

    // MARK: - Checks

    private static func codes(in list: String, providerID: String, where place: String) throws(SetupGuideError) -> [String] {
        let codes = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [String] = []
        for code in codes {
            guard SignInFailureCodes.contains(code) else {
                throw .malformed(provider: providerID,
                                 reason: "troubleshooting guide, \(place) names \"\(MarkedSectionDocument.clip(code))\", which is not a sign-in failure code (see SignInFailureCodes.all)")
            }
            guard !result.contains(code) else {
                throw .malformed(provider: providerID, reason: "troubleshooting guide, \(place) names \(code) twice")
            }
            result.append(code)
        }
        return result
    }

    private static func placeholders(in text: String, providerID: String) throws(SetupGuideError) -> [String] {
        var names: [String] = []
        _ = try SetupGuide.replacePlaceholders(in: text, providerID: providerID) { name in
            names.append(name)
            return ""
        }
        return names
    }

    private static func checkPlaceholders(in text: String, providerID: String, where place: String) throws(SetupGuideError) {
        for name in try placeholders(in: text, providerID: providerID) where TroubleshootingPlaceholder(name: name) == nil {
            throw .unknownPlaceholder(provider: providerID, placeholder: name)
        }
    }
}
