import Foundation
import SAML
import SelfServeSSO
import Testing

/// The checks every identity provider plugin must pass, written once for any plugin.
///
/// `ProviderConformanceSuite` runs them for every registered provider (built-in and the
/// test-defined fifth one); `FifthProviderTests` runs them over a registry a host could build.
/// Each check records failures with `#expect`, pointing at the example's declaration where
/// there is one.
enum ConformanceChecks {
    /// The instant examples are evaluated at: certificates in examples are valid, expired or
    /// expiring relative to it (see `Fixtures/make_example_certificates.py`).
    static let referenceDate = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// The context examples are validated in: the reference date and no network.
    static let exampleContext = ValidationContext(now: referenceDate, metadataFetcher: nil)

    /// Runs every check.
    /// - Parameter plugin: The provider.
    static func all(_ plugin: any IdentityProviderPlugin) async {
        descriptor(plugin)
        schema(plugin)
        jsonSchema(plugin)
        serviceProviderValues(plugin)
        attributeMapping(plugin)
        guide(plugin)
        troubleshooting(plugin)
        exampleCoverage(plugin)
        await examples(plugin)
        await validExamplesResolve(plugin)
    }

    // MARK: - Identity

    static func descriptor(_ plugin: any IdentityProviderPlugin) {
        let descriptor = plugin.descriptor
        #expect(ProviderDescriptor.isValidID(descriptor.id), "id \"\(descriptor.id)\" is not kebab-case")
        #expect(!descriptor.name.trimmingCharacters(in: .whitespaces).isEmpty, "\(descriptor.id): empty display name")
        #expect(descriptor.summary.count >= 20, "\(descriptor.id): the summary should be a sentence")
    }

    // MARK: - Schema

    static func schema(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let schema = plugin.schema
        #expect(!schema.modes.isEmpty, "\(id): the schema has no mode")
        #expect(Set(schema.modes.map(\.id)).count == schema.modes.count, "\(id): duplicate mode ids")
        for mode in schema.modes {
            #expect(ProviderDescriptor.isValidID(mode.id), "\(id): mode id \"\(mode.id)\" is not kebab-case")
            #expect(!mode.title.isEmpty && !mode.summary.isEmpty, "\(id): mode \(mode.id) needs a title and a summary")
            #expect(!mode.fields.isEmpty, "\(id): mode \(mode.id) has no field")
            let keys = (mode.fields + schema.commonFields).map(\.key)
            #expect(Set(keys).count == keys.count, "\(id): mode \(mode.id) repeats a field key")
        }
        for field in schema.allFields {
            #expect(field.key.range(of: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$", options: .regularExpression) != nil,
                    "\(id): field key \"\(field.key)\" is not snake_case")
            #expect(!field.label.isEmpty, "\(id): field \(field.key) has no label")
            #expect(field.help.count >= 20, "\(id): field \(field.key) needs help saying where to find the value")
            if let pattern = field.constraints.pattern {
                #expect((try? NSRegularExpression(pattern: pattern)) != nil, "\(id): field \(field.key) has a pattern that does not compile")
            }
        }
    }

    /// The JSON Schema 2020-12 export exists, has one `oneOf` branch per mode, and agrees
    /// with validation: every valid example fills its branch's required keys and no others.
    static func jsonSchema(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let exported = plugin.schema.jsonSchema(for: plugin.descriptor)
        #expect(exported["$schema"]?.stringValue == ConfigSchema.jsonSchemaDialect, "\(id): the export does not declare 2020-12")
        #expect(exported["$id"]?.stringValue == ConfigSchema.jsonSchemaID(for: id), "\(id): the export's $id is wrong")
        let branches = exported["oneOf"]?.arrayValue ?? []
        #expect(branches.count == plugin.schema.modes.count, "\(id): the export needs one oneOf branch per mode")
        for example in plugin.examples where example.isValid && !example.expectedCodes.contains("field.unknown") {
            let location = sourceLocation(of: example)
            guard let branch = branches.first(where: { $0["properties"]?["mode"]?["const"]?.stringValue == example.configuration.mode }) else {
                Issue.record("\(id) example \"\(example.name)\": no JSON Schema branch for mode \(example.configuration.mode)",
                             sourceLocation: location)
                continue
            }
            let allowed = Set(branch["properties"]?.objectValue?.keys.map { $0 } ?? [])
            let required = Set(branch["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let given = Set(example.configuration.values.keys).union(["mode"])
            #expect(required.isSubset(of: given), "\(id) example \"\(example.name)\": the JSON Schema requires \(required.subtracting(given).sorted())",
                    sourceLocation: location)
            #expect(given.isSubset(of: allowed), "\(id) example \"\(example.name)\": the JSON Schema refuses \(given.subtracting(allowed).sorted())",
                    sourceLocation: location)
        }
    }

    // MARK: - What the admin enters in the IdP

    static func serviceProviderValues(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let settings = ServiceProviderSettings.example
        let values = plugin.serviceProviderValues(for: settings)
        #expect(!values.isEmpty, "\(id): no service-provider values")
        #expect(values.contains { $0.value == settings.acsURL }, "\(id): the service-provider values do not include the ACS URL")
        #expect(values.contains { $0.value == settings.entityID }, "\(id): the service-provider values do not include the SP entity ID")
        #expect(values.allSatisfy { !$0.label.isEmpty && !$0.value.isEmpty }, "\(id): a service-provider value has no label or value")
        #expect(Set(values.map(\.label)).count == values.count, "\(id): two service-provider values share a label")
    }

    static func attributeMapping(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let mapping = plugin.attributeMapping
        #expect(mapping.attributeName(for: .email) != nil, "\(id): the attribute mapping has no email entry")
        #expect(mapping.entries.allSatisfy { !$0.attributeName.isEmpty && !$0.sourceValue.isEmpty },
                "\(id): an attribute mapping entry is empty")
        #expect(Set(mapping.entries.map(\.purpose)).count == mapping.entries.count, "\(id): a purpose is mapped twice")
    }

    // MARK: - Guide

    static func guide(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let guide: SetupGuide
        do {
            guide = try plugin.setupGuide()
        } catch {
            Issue.record("\(id): the setup guide does not load: \(error.description)")
            return
        }
        #expect(!guide.title.isEmpty, "\(id): the guide has no title")
        do {
            try guide.check(against: plugin.schema, providerID: id)
        } catch {
            Issue.record("\(id): \(error.description)")
        }
        for kind in SetupStep.Kind.required {
            #expect(guide.steps.filter { $0.kind == kind }.count == 1, "\(id): the guide needs exactly one \(kind.rawValue) step")
        }
        for step in guide.steps {
            #expect(!step.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(id): step \"\(step.title)\" is empty")
        }
        // Every field the admin fills in is explained by some step, so a host can show help
        // beside every input.
        let explained = Set(guide.steps.flatMap(\.fields))
        for field in plugin.schema.allFields {
            #expect(explained.contains(field.key), "\(id): no guide step names the field \(field.key)")
        }
        // The SP values reach the admin through the guide, under the labels the code uses.
        if let step = guide.step(.serviceProviderValues) {
            let body = step.body
            #expect(body.contains("{{acs_url}}") && body.contains("{{sp_entity_id}}"),
                    "\(id): the service-provider-values step must show {{acs_url}} and {{sp_entity_id}}")
            let settings = ServiceProviderSettings.example
            for value in plugin.serviceProviderValues(for: settings) where [settings.acsURL, settings.entityID].contains(value.value) {
                #expect(body.contains(value.label), "\(id): the service-provider-values step does not name \"\(value.label)\"")
            }
        }
        // The attribute names the code reads are the ones the guide tells the admin to send.
        if let step = guide.step(.attributeMapping) {
            for entry in plugin.attributeMapping.entries {
                #expect(step.body.contains(entry.attributeName),
                        "\(id): the attribute-mapping step does not mention the attribute \(entry.attributeName)")
            }
        }
        for settings in [ServiceProviderSettings.example, ServiceProviderSettings(acsURL: "https://a.example/acs", entityID: "https://a.example/sp")] {
            do {
                let filled = try guide.filled(with: settings, providerID: id)
                let text = ([filled.title, filled.introduction] + filled.steps.flatMap { [$0.title, $0.body] }).joined(separator: "\n")
                #expect(!text.contains("{{") && !text.contains("}}"), "\(id): the rendered guide still has a placeholder")
                #expect(text.contains(settings.acsURL), "\(id): the rendered guide does not show the ACS URL")
                // Placeholders are used mid-sentence, so the hosts' fallback wording
                // ("this application", "your organization") never starts a sentence.
                let fallbacks = [GuidePlaceholder.applicationName, .organizationName].map(\.fallback).joined(separator: "|")
                let opening = text.split(separator: "\n").first {
                    $0.range(of: "(^|[.!?] |\\*\\* )(\(fallbacks))", options: .regularExpression) != nil
                }
                #expect(opening == nil, "\(id): a sentence starts with a placeholder, which reads badly when the host has no value for it: \(opening ?? "")")
                // Only the Markdown subset the renderer knows: nothing is left as raw syntax.
                let html = MarkdownRenderer().html(from: filled.markdown)
                let raw = html.split(separator: "\n").first { $0.contains("**") || $0.hasPrefix("|") || $0.hasPrefix("#") }
                #expect(raw == nil, "\(id): the guide has Markdown the renderer leaves as text: \(raw ?? "")")
            } catch {
                Issue.record("\(id): the guide does not render: \(error.description)")
            }
        }
    }

    // MARK: - Troubleshooting

    /// The values a failure of each code carries, which its fix must show when given: the
    /// expected and the observed value, the times and skew, the certificates, the status.
    static let requiredValues: [String: [String]] = {
        var values: [String: [String]] = [
            "conditions.audience-mismatch": ["expected_audience", "observed_audience"],
            "subject-confirmation.recipient-mismatch": ["expected_recipient", "observed_recipient"],
            "response.destination-mismatch": ["expected_destination", "observed_destination"],
            "response.issuer-mismatch": ["expected_issuer", "observed_issuer"],
            "response.in-response-to-mismatch": ["expected_in_response_to", "observed_in_response_to"],
            "signature.untrusted-key": ["trusted_certificate_fingerprints", "observed_certificate_fingerprint"],
            "signature.invalid": ["trusted_certificate_fingerprints"],
            "conditions.not-yet-valid": ["now", "clock_skew_seconds", "observed_not_before"],
            "conditions.expired": ["now", "clock_skew_seconds", "observed_not_on_or_after"],
            "subject-confirmation.expired": ["now", "clock_skew_seconds", "observed_not_on_or_after"],
            "response.status": ["status_code", "status_message"],
            "signature.weak-algorithm": ["signature_algorithm"],
            "signature.unsupported-algorithm": ["signature_algorithm"],
        ]
        for prefix in ["test", "sign-in"] {
            values["\(prefix).user-attribute-missing"] = ["observed_attribute_names"]
            values["\(prefix).email-domain-mismatch"] = ["observed_email", "verified_domains"]
        }
        return values
    }()

    /// A recognizable sample value for a placeholder.
    static func sample(_ key: String) -> String { "sample-\(key.replacingOccurrences(of: "_", with: "-"))" }

    /// The sample values with the rotation branch taken.
    static let sampleValuesWithRotation = sampleValues.merging(["rotation_suspected": "true"]) { $1 }

    /// Sample values for every SAML detail and sign-in detail.
    static let sampleValues: [String: String] = Dictionary(uniqueKeysWithValues:
        (SAMLError.DetailKey.allCases.map(\.rawValue) + SignInDetailKey.allCases.map(\.rawValue)).map { ($0, sample($0)) })

    /// The troubleshooting guide loads; every sign-in failure code has a section (the
    /// provider's own, or a shared one its Markdown lists); every section renders with no
    /// placeholder or marker left and no sentence opening with fallback words, with and
    /// without values; a fix shows the values its failure carries; `fixHint(for:)` still
    /// answers every code.
    static func troubleshooting(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let guide: TroubleshootingGuide
        do {
            guide = try plugin.troubleshootingGuide()
        } catch {
            Issue.record("\(id): the troubleshooting guide does not load: \(error.description)")
            return
        }
        #expect(!guide.title.isEmpty, "\(id): the troubleshooting guide has no title")
        let missing = SignInFailureCodes.all.filter { guide.section(for: $0) == nil }
        #expect(missing.isEmpty, "\(id): no troubleshooting section for \(missing)")
        #expect(Set(guide.coveredCodes).count == guide.coveredCodes.count, "\(id): a code is answered twice")
        for section in guide.sections where section.isShared {
            #expect(section.codes.allSatisfy(guide.sharedCodes.contains),
                    "\(id): the shared section \"\(section.title)\" answers a code the guide does not list as shared")
        }
        let fallbacks = TroubleshootingPlaceholder.allCases.map(\.fallback)
            .filter { $0.first?.isLowercase == true }
            .map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        // Without values or settings (every fallback), with example settings only, and with
        // every value (and the rotation branch taken).
        let combinations: [(ServiceProviderSettings, [String: String])] = [
            (ServiceProviderSettings(acsURL: "", entityID: ""), [:]), (.example, [:]),
            (.example, sampleValuesWithRotation),
        ]
        var withSamples: [String: String] = [:]
        for section in guide.sections {
            for (settings, values) in combinations {
                let filled = section.filled(with: values, settings: settings)
                if values == sampleValuesWithRotation { withSamples[section.title] = filled.plainText }
                let where_ = "\(id): section \"\(section.title)\""
                #expect(!filled.markdown.contains("{{") && !filled.markdown.contains("}}"), "\(where_) still has a placeholder")
                #expect(!filled.markdown.contains("<!--"), "\(where_) still has a marker")
                let markup = filled.plainText.split(separator: "\n").first { $0.contains("**") || $0.contains("`") }
                #expect(markup == nil, "\(where_): the plain text has Markdown: \(markup ?? "")")
                let opening = filled.markdown.split(separator: "\n").first {
                    $0.range(of: "(^|[.!?] |\\*\\* |^- |^\\d+\\. )(\(fallbacks))", options: .regularExpression) != nil
                }
                #expect(opening == nil, "\(where_): a sentence starts with fallback words, which reads badly: \(opening ?? "")")
                let raw = filled.html.split(separator: "\n").first { $0.contains("**") || $0.hasPrefix("|") || $0.hasPrefix("#") }
                #expect(raw == nil, "\(where_) has Markdown the renderer leaves as text: \(raw ?? "")")
            }
        }
        for code in SignInFailureCodes.all {
            guard let title = guide.section(for: code)?.title, let text = withSamples[title] else { continue }
            for key in requiredValues[code] ?? [] {
                #expect(text.contains(sample(key)), "\(id): the fix for \(code) does not show {{\(key)}}")
            }
        }
        // The protocol's entry points give the same answers as the guide.
        for code in ["conditions.audience-mismatch", "signature.untrusted-key", "xml.malformed", "test.user-attribute-missing"] {
            #expect(plugin.fix(for: code, values: sampleValues, settings: .example)
                    == guide.section(for: code)?.filled(with: sampleValues, settings: .example), "\(id): fix(for: \(code))")
            #expect(plugin.fixHint(for: code).map { $0.count >= 30 } ?? false, "\(id): no useful fix hint for \(code)")
        }
        #expect(plugin.fix(for: "no-such.failure-code", values: [:], settings: .example) == nil, "\(id): a fix for an unknown code")
        #expect(plugin.fixHint(for: "no-such.failure-code") == nil, "\(id): a fix hint for an unknown code")
    }

    // MARK: - Examples

    /// The examples cover every mode, and include valid and invalid configurations.
    static func exampleCoverage(_ plugin: any IdentityProviderPlugin) {
        let id = plugin.descriptor.id
        let examples = plugin.examples
        #expect(examples.contains { $0.isValid }, "\(id): no valid example")
        #expect(examples.contains { !$0.isValid }, "\(id): no invalid example")
        for mode in plugin.schema.modes {
            #expect(examples.contains { $0.isValid && $0.configuration.mode == mode.id }, "\(id): no valid example for mode \(mode.id)")
            #expect(examples.contains { !$0.isValid && $0.configuration.mode == mode.id }, "\(id): no invalid example for mode \(mode.id)")
        }
        #expect(Set(examples.map(\.name)).count == examples.count, "\(id): two examples share a name")
    }

    /// Every example produces at least its expected codes, is valid exactly when it has no
    /// error, and every issue carries a field that exists, a dotted code and a fix hint.
    static func examples(_ plugin: any IdentityProviderPlugin) async {
        let id = plugin.descriptor.id
        let schema = plugin.schema
        for example in plugin.examples {
            let location = sourceLocation(of: example)
            let report = await plugin.validate(example.configuration, context: exampleContext)
            let missing = example.expectedCodes.subtracting(report.codes)
            #expect(missing.isEmpty, "\(id) example \"\(example.name)\": missing codes \(missing.sorted()); got \(describe(report))",
                    sourceLocation: location)
            #expect(report.hasErrors == !example.isValid,
                    "\(id) example \"\(example.name)\" should be \(example.isValid ? "valid" : "invalid"); got \(describe(report))",
                    sourceLocation: location)
            for issue in report.issues {
                #expect(issue.code.range(of: "^[a-z0-9-]+(\\.[a-z0-9-]+)+$", options: .regularExpression) != nil,
                        "\(id) example \"\(example.name)\": code \"\(issue.code)\" is not dotted kebab-case", sourceLocation: location)
                #expect(!issue.message.isEmpty && !issue.fixHint.isEmpty,
                        "\(id) example \"\(example.name)\": \(issue.code) needs a message and a fix hint", sourceLocation: location)
                #expect(issue.field == "mode" || issue.field.isEmpty || schema.field(fieldKey(issue.field)) != nil
                        || example.configuration.values[fieldKey(issue.field)] != nil,
                        "\(id) example \"\(example.name)\": \(issue.code) is about \"\(issue.field)\", which is not a field",
                        sourceLocation: location)
            }
        }
    }

    /// A valid example resolves to settings, except where reading a metadata URL needs the
    /// network (examples run without it): then resolution fails with a report that says so.
    static func validExamplesResolve(_ plugin: any IdentityProviderPlugin) async {
        let id = plugin.descriptor.id
        for example in plugin.examples where example.isValid {
            let location = sourceLocation(of: example)
            do {
                let settings = try await plugin.resolve(example.configuration, context: exampleContext)
                #expect(example.configuration.mode != ConfigMode.metadataURL,
                        "\(id) example \"\(example.name)\": a metadata URL resolved without a fetcher", sourceLocation: location)
                #expect(!settings.entityID.isEmpty && !settings.signingCertificates.isEmpty,
                        "\(id) example \"\(example.name)\": resolved without an entity ID or certificates", sourceLocation: location)
            } catch {
                #expect(example.configuration.mode == ConfigMode.metadataURL,
                        "\(id) example \"\(example.name)\" is valid but does not resolve: \(describe(error.report))",
                        sourceLocation: location)
                #expect(error.report.hasErrors, "\(id) example \"\(example.name)\": resolution failed with no error in its report",
                        sourceLocation: location)
            }
        }
    }

    // MARK: - Helpers

    /// Where an example is declared, for `sourceLocation:`.
    static func sourceLocation(of example: ProviderExample) -> SourceLocation {
        let url = URL(fileURLWithPath: example.file)
        let fileID = "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
        return SourceLocation(fileID: fileID, filePath: example.file, line: example.line, column: 1)
    }

    /// The field key of an issue path: `signing_certificates[1]` → `signing_certificates`,
    /// `attribute_mapping.email` → `attribute_mapping`.
    static func fieldKey(_ path: String) -> String {
        String(path.prefix { $0 != "[" && $0 != "." })
    }

    static func describe(_ report: ValidationReport) -> String {
        report.issues.isEmpty ? "no issues"
            : report.issues.map { "\($0.severity.rawValue) \($0.code) at \($0.field)" }.joined(separator: ", ")
    }
}
