import Foundation

/// The static documentation site generated from a registry: the same bundled guides and
/// schemas that hosts show inline, as HTML pages and as Markdown.
///
/// ``generate(registry:settings:)`` returns every file by relative path:
///
/// | path | contents |
/// | --- | --- |
/// | `index.html`, `index.md` | the providers: name (linked), protocol, summary |
/// | `providers/<id>.html`, `providers/<id>.md` | summary, service-provider values table, field reference per mode, attribute mapping, the setup steps |
/// | `providers/<id>-troubleshooting.html`, `providers/<id>-troubleshooting.md` | the troubleshooting guide: every sign-in failure code, and each section with its branches shown |
/// | `providers/<id>.schema.json` | the provider's JSON Schema 2020-12 |
///
/// HTML pages are self-contained: inline CSS, no scripts, no external resources, a
/// viewport meta tag, tables that scroll sideways on a phone. Values that come from the
/// host's settings (the ACS URL, entity ID, …) are examples here: the HTML shows them in
/// `<mark class="example">`, the Markdown follows them with `*(example)*`. No `{{` is left.
///
/// Each provider page starts with links to its sections and steps. HTML headings get the
/// ids GitHub gives the same Markdown headings, so the `#anchor` links work in both.
///
/// Output is deterministic: the same registry and settings give identical bytes, so
/// ``stalePaths(existing:generated:)`` can tell whether a written site is up to date.
public enum DocumentationSite {
    /// Generates the site.
    /// - Parameters:
    ///   - registry: The providers to document, in page order.
    ///   - settings: The service-provider settings shown as example values.
    /// - Returns: File contents by relative path (`/`-separated).
    /// - Throws: ``SetupGuideError`` when a provider's setup or troubleshooting guide is
    ///   missing, malformed, uses an unknown placeholder or names a field its schema lacks.
    public static func generate(registry: ProviderRegistry,
                                settings: ServiceProviderSettings = .example) throws(SetupGuideError) -> [String: String] {
        var files: [String: String] = [:]
        for format in PageFormat.allCases {
            files["index.\(format.rawValue)"] = render(indexPage(registry, format: format), as: format)
        }
        for plugin in registry.plugins {
            let id = plugin.descriptor.id
            let guide = try plugin.setupGuide()
            try guide.check(against: plugin.schema, providerID: id)
            let troubleshooting = try plugin.troubleshootingGuide()
            for format in PageFormat.allCases {
                let page = try providerPage(plugin, guide: guide, settings: settings, format: format)
                files["providers/\(id).\(format.rawValue)"] = render(page, as: format)
                files["providers/\(troubleshootingPageName(id)).\(format.rawValue)"] =
                    render(troubleshootingPage(plugin, guide: troubleshooting, settings: settings, format: format), as: format)
            }
            files["providers/\(id).schema.json"] = plugin.jsonSchema.serialized(pretty: true) + "\n"
        }
        return files
    }

    /// How a written site differs from a generated one.
    public struct StalePaths: Sendable, Equatable {
        /// Generated files the written site lacks, sorted.
        public var missing: [String]
        /// Files whose contents differ, sorted.
        public var changed: [String]
        /// Written files the site would not contain, sorted.
        public var extra: [String]

        /// Creates a difference.
        /// - Parameters:
        ///   - missing: Missing paths.
        ///   - changed: Changed paths.
        ///   - extra: Extra paths.
        public init(missing: [String] = [], changed: [String] = [], extra: [String] = []) {
            self.missing = missing
            self.changed = changed
            self.extra = extra
        }

        /// Whether the written site is out of date.
        public var isStale: Bool { !(missing.isEmpty && changed.isEmpty && extra.isEmpty) }
    }

    /// Compares a written site with a freshly generated one.
    /// - Parameters:
    ///   - existing: The written files by relative path (see ``read(directory:)``).
    ///   - generated: The output of ``generate(registry:settings:)``.
    /// - Returns: The missing, changed and extra paths.
    public static func stalePaths(existing: [String: String], generated: [String: String]) -> StalePaths {
        StalePaths(
            missing: generated.keys.filter { existing[$0] == nil }.sorted(),
            changed: generated.keys.filter { existing[$0] != nil && existing[$0] != generated[$0] }.sorted(),
            extra: existing.keys.filter { generated[$0] == nil }.sorted())
    }

    /// Writes files under a directory, creating folders as needed. Files already there that
    /// are not in `files` are left alone.
    /// - Parameters:
    ///   - files: Contents by relative path.
    ///   - directory: The site's root folder.
    /// - Throws: The file system's error when a folder or file cannot be written.
    public static func write(_ files: [String: String], to directory: URL) throws {
        let manager = FileManager.default
        for path in files.keys.sorted() {
            let destination = directory.appendingPathComponent(path)
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((files[path] ?? "").utf8).write(to: destination, options: .atomic)
        }
    }

    /// Reads every regular file under a directory (hidden files skipped), for
    /// ``stalePaths(existing:generated:)``. A missing directory reads as empty.
    /// - Parameter directory: The site's root folder.
    /// - Returns: Contents by relative `/`-separated path; files that are not UTF-8 are read
    ///   with replacement characters, so they compare as changed.
    /// - Throws: The file system's error when a file cannot be read.
    public static func read(directory: URL) throws -> [String: String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [:] }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String: String] = [:]
        guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                  options: [.skipsHiddenFiles]) else { return [:] }
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(root + "/") else { continue }
            let relative = String(full.dropFirst(root.count + 1))
            files[relative] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        }
        return files
    }

    // MARK: - Pages

    enum PageFormat: String, CaseIterable {
        case html, md
    }

    static func render(_ page: DocumentationPage, as format: PageFormat) -> String {
        format == .html ? page.html() : page.markdown()
    }

    static func indexPage(_ registry: ProviderRegistry, format: PageFormat) -> DocumentationPage {
        var markdown = """
            # Identity providers

            Each page explains how an IT admin connects an identity provider: the values to enter in \
            its admin console, the fields to fill in, the attributes to map, and the setup steps.

            | Provider | Protocol | Summary | When sign-in fails |
            | --- | --- | --- | --- |

            """
        for plugin in registry.plugins {
            let descriptor = plugin.descriptor
            markdown += "| [\(plain(descriptor.name))](providers/\(descriptor.id).\(format.rawValue)) | "
                + "\(protocolName(descriptor.protocol)) | \(plain(descriptor.summary)) | "
                + "[Troubleshooting](providers/\(troubleshootingPageName(descriptor.id)).\(format.rawValue)) |\n"
        }
        return DocumentationPage(title: "Identity providers", parts: [.markdown(markdown)], substitutions: [],
                                 indexPath: nil)
    }

    static func providerPage(_ plugin: any IdentityProviderPlugin, guide: SetupGuide, settings: ServiceProviderSettings,
                             format: PageFormat) throws(SetupGuideError) -> DocumentationPage {
        let descriptor = plugin.descriptor
        let schema = plugin.schema
        let placeholders = GuidePlaceholder.allCases
        let substitutions = placeholders.map { $0.value(in: settings) }
        func token(_ placeholder: GuidePlaceholder) -> String {
            MarkdownInlineRenderer.exampleToken(placeholders.firstIndex(of: placeholder) ?? 0)
        }
        let tokenSettings = ServiceProviderSettings(
            acsURL: token(.acsURL), entityID: token(.spEntityID),
            metadataURL: settings.metadataURL == nil ? nil : token(.spMetadataURL),
            organizationName: token(.organizationName), applicationName: token(.applicationName))
        let filled = try guide.filled(providerID: descriptor.id) { token($0) }

        var header = """
            # \(plain(descriptor.name))

            \(plain(descriptor.summary))

            **Protocol:** \(protocolName(descriptor.protocol)) · **Provider id:** `\(descriptor.id)` · \
            **JSON Schema:** [\(descriptor.id).schema.json](\(descriptor.id).schema.json) · \
            **When sign-in fails:** [Troubleshooting](\(troubleshootingPageName(descriptor.id)).\(format.rawValue))

            **On this page:** [Values to enter](#\(anchor("Values to enter in \(plain(descriptor.name))"))) · \
            [Configuration fields](#configuration-fields) · [Attribute mapping](#attribute-mapping) · \
            [Setup steps](#\(anchor(filled.title)))

            """
        header += "\n## Values to enter in \(plain(descriptor.name))\n\n"
        let values = plugin.serviceProviderValues(for: tokenSettings)
        if values.isEmpty {
            header += "This provider needs no values from the application.\n"
        } else {
            header += "Enter these values from the application in the \(plain(descriptor.name)) admin console.\n\n"
            header += "| \(plain(descriptor.name)) field | Value | Where |\n| --- | --- | --- |\n"
            for value in values {
                header += "| \(plain(value.label)) | \(code(value.value)) | \(plain(value.help)) |\n"
            }
        }
        header += fieldReference(schema)
        header += attributeTable(plugin.attributeMapping, providerName: descriptor.name)

        var parts: [DocumentationPage.Part] = [.markdown(header)]
        var guideHeader = "## \(filled.title)\n"
        if !filled.introduction.isEmpty { guideHeader += "\n\(filled.introduction)\n" }
        guideHeader += "\n"
        for (number, step) in filled.steps.enumerated() {
            guideHeader += "\(number + 1). [\(step.title)](#\(anchor(stepHeading(number, step))))\n"
        }
        parts.append(.markdown(guideHeader))
        for (number, step) in filled.steps.enumerated() {
            parts.append(.openSection(id: "step-\(step.kind.rawValue)", className: "step"))
            var stepHeader = "### \(stepHeading(number, step))\n"
            if !step.fields.isEmpty {
                let names = step.fields.map { key in schema.field(key).map { "\(plain($0.label)) (`\(key)`)" } ?? "`\(key)`" }
                stepHeader += "\n*Fields explained here:* \(names.joined(separator: ", "))\n"
            }
            parts.append(.markdown(stepHeader))
            parts.append(.markdown(step.body, headingOffset: 1))
            parts.append(.closeSection)
        }
        let names = Set([GuidePlaceholder.organizationName, .applicationName].compactMap { placeholders.firstIndex(of: $0) })
        return DocumentationPage(title: "\(descriptor.name): single sign-on setup", parts: parts,
                                 substitutions: substitutions, nameSubstitutions: names, indexPath: "../index")
    }

    /// The troubleshooting page's file name without extension: `<id>-troubleshooting`.
    static func troubleshootingPageName(_ id: String) -> String {
        "\(id)-troubleshooting"
    }

    /// A provider's troubleshooting guide as a page: its introduction, the failure codes with
    /// links to their sections, then every section. Values of the host's settings appear as
    /// marked examples; values only a failure knows read as their fallback words, and both
    /// branches of a comparison are shown with its condition in words.
    static func troubleshootingPage(_ plugin: any IdentityProviderPlugin, guide: TroubleshootingGuide,
                                    settings: ServiceProviderSettings, format: PageFormat) -> DocumentationPage {
        let descriptor = plugin.descriptor
        let placeholders = GuidePlaceholder.allCases
        let substitutions = placeholders.map { $0.value(in: settings) }
        func token(_ placeholder: GuidePlaceholder) -> String {
            MarkdownInlineRenderer.exampleToken(placeholders.firstIndex(of: placeholder) ?? 0)
        }
        let tokenSettings = ServiceProviderSettings(
            acsURL: token(.acsURL), entityID: token(.spEntityID),
            metadataURL: settings.metadataURL == nil ? nil : token(.spMetadataURL),
            organizationName: token(.organizationName), applicationName: token(.applicationName))
        let replacement = { (placeholder: TroubleshootingPlaceholder) in
            TroubleshootingSection.replacement(for: placeholder, values: [:], settings: tokenSettings)
        }
        let introduction = (try? SetupGuide.replacePlaceholders(in: guide.introduction, providerID: descriptor.id) { name in
            TroubleshootingPlaceholder(name: name).map(replacement) ?? ""
        }) ?? guide.introduction

        var markdown = """
            # \(plain(guide.title))

            **Provider:** [\(plain(descriptor.name))](\(descriptor.id).\(format.rawValue)) · \
            **Failure codes:** \(guide.coveredCodes.count)

            """
        if !introduction.isEmpty { markdown += "\n\(introduction)\n" }
        markdown += "\n## Failure codes\n\n| Code | What to do |\n| --- | --- |\n"
        for section in guide.sections {
            for code in section.codes {
                markdown += "| `\(code)` | [\(plain(section.title))](#\(anchor(section.title))) |\n"
            }
        }
        var parts: [DocumentationPage.Part] = [.markdown(markdown)]
        for section in guide.sections {
            var header = "## \(plain(section.title))\n\n*Codes:* \(section.codes.map { "`\($0)`" }.joined(separator: ", "))"
            if section.isShared { header += " · *The same for every identity provider.*" }
            parts.append(.markdown(header + "\n"))
            parts.append(.markdown(section.fill(selectingBranchesWith: nil, replacement: replacement), headingOffset: 1))
        }
        let names = Set([GuidePlaceholder.organizationName, .applicationName].compactMap { placeholders.firstIndex(of: $0) })
        return DocumentationPage(title: "\(descriptor.name): troubleshooting", parts: parts, substitutions: substitutions,
                                 nameSubstitutions: names, indexPath: "../index")
    }

    static func fieldReference(_ schema: ConfigSchema) -> String {
        var markdown = "\n## Configuration fields\n\n"
        markdown += schema.modes.count > 1
            ? "Give the identity provider's settings in one of \(countWord(schema.modes.count)) ways (the `mode` of the configuration).\n"
            : "Give the identity provider's settings as follows (the `mode` of the configuration).\n"
        for mode in schema.modes {
            markdown += "\n### \(plain(mode.title)) (`\(mode.id)`)\n\n\(plain(mode.summary))\n\n"
            markdown += fieldTable(mode.fields)
        }
        if !schema.commonFields.isEmpty {
            markdown += "\n### In every mode\n\n"
            markdown += fieldTable(schema.commonFields)
        }
        return markdown
    }

    static func fieldTable(_ fields: [ConfigField]) -> String {
        guard !fields.isEmpty else { return "No fields.\n" }
        // Four columns, not six: on a phone a column per detail squeezes keys and examples
        // to a character per line. The key goes with its label, the example with the help.
        var markdown = "| Field (key) | Type | Required | Where to find it |\n| --- | --- | --- | --- |\n"
        for field in fields {
            var help = plain(field.help)
            if !field.constraints.expectedHosts.isEmpty {
                help += " Expected host: \(field.constraints.expectedHosts.map { "`\($0)`" }.joined(separator: ", "))."
            }
            if let example = field.example {
                help += " Example: \(code(example))"
            }
            markdown += "| \(plain(field.label)) (`\(field.key)`) | \(kindDescription(field)) | \(field.isRequired ? "Yes" : "No") | "
                + "\(help) |\n"
        }
        return markdown
    }

    static func attributeTable(_ mapping: AttributeMapping, providerName: String) -> String {
        var markdown = "\n## Attribute mapping\n\n"
        guard !mapping.entries.isEmpty else {
            return markdown + "No attributes need to be mapped.\n"
        }
        markdown += "Configure \(plain(providerName)) to send these attributes.\n\n"
        markdown += "| Used for | Attribute name | Source in \(plain(providerName)) | Required |\n| --- | --- | --- | --- |\n"
        for entry in mapping.entries {
            markdown += "| \(purposeName(entry.purpose)) | \(code(entry.attributeName)) | \(plain(entry.sourceValue)) | "
                + "\(entry.isRequired ? "Yes" : "No") |\n"
        }
        markdown += mapping.nameIDIsEmail
            ? "\nWhen no email attribute is sent, the NameID is used as the email address.\n"
            : "\nThe NameID is not used as the email address: the email attribute is required.\n"
        return markdown
    }

    // MARK: - Wording

    static func stepHeading(_ number: Int, _ step: SetupStep) -> String {
        "Step \(number + 1): \(step.title)"
    }

    /// The anchor of a heading with this Markdown text (see ``HeadingSlugger``).
    static func anchor(_ heading: String) -> String {
        HeadingSlugger.baseSlug(heading)
    }

    static func protocolName(_ identityProtocol: IdentityProtocol) -> String {
        switch identityProtocol {
        case .saml: "SAML 2.0"
        case .oidc: "OpenID Connect"
        }
    }

    static func countWord(_ count: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return words.indices.contains(count) ? words[count] : String(count)
    }

    static func purposeName(_ purpose: AttributeMapping.Purpose) -> String {
        switch purpose {
        case .email: "Email address"
        case .firstName: "First name"
        case .lastName: "Last name"
        }
    }

    static func kindDescription(_ field: ConfigField) -> String {
        var text: String
        switch field.kind {
        case .url(let schemes): text = "URL (\(schemes.joined(separator: ", ")))"
        case .text: text = "Text"
        case .certificates(let minimum, let maximum):
            text = minimum == maximum ? "PEM certificates (\(minimum))" : "PEM certificates (\(minimum)–\(maximum))"
        case .xmlDocument: text = "XML document"
        case .choice(let options): text = "One of " + options.map { "`\($0)`" }.joined(separator: ", ")
        case .boolean: text = "`true` or `false`"
        case .attributeMapping(let keys): text = "Attribute names for " + keys.map { "`\($0)`" }.joined(separator: ", ")
        }
        if let maximumLength = field.constraints.maximumLength { text += ", at most \(maximumLength) characters" }
        return text
    }

    /// Plain text (a label, a summary, help) for Markdown: one line, with every character
    /// that Markdown would read as markup escaped, so it shows exactly as written.
    static func plain(_ text: String) -> String {
        ExampleValueMarking.escaped(oneLine(text))
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// A code span that holds `text` whatever backticks it contains.
    static func code(_ text: String) -> String {
        let flat = oneLine(text).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return "\(fence)\(pad)\(flat)\(pad)\(fence)"
    }
}
