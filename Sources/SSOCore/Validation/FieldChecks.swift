import Foundation
import SAML

/// Syntax-level checks that provider plugins share: the chosen mode, required fields, URLs
/// and their hosts, PEM certificates, XML documents, text constraints and unknown fields.
///
/// Every check returns issues instead of stopping, so a plugin's
/// ``IdentityProviderPlugin/validate(_:context:)`` reports every problem at once. Codes are
/// dotted kebab-case: the field key with `_` turned into `-`, a dot, and the problem, such as
/// `metadata-url.missing`, `metadata-url.invalid-url`, `metadata-url.not-https`; certificate
/// problems use the `certificate.*` codes (`certificate.invalid`, `certificate.too-many`,
/// and the warnings `certificate.expired`, `certificate.expires-soon`, …), and the configuration as a whole uses
/// `mode.unknown` and `field.unknown`.
///
/// Every check takes `hints`, a dictionary from issue code to a fix hint worded for the
/// provider's console ("In the Okta Admin Console, open the app's Sign On tab and copy …").
/// A code without an entry gets a generic hint. Most plugins call ``checkAll(_:schema:context:hints:)``
/// once and then add their own provider-specific checks (host patterns, quirks):
///
/// ```swift
/// var result = FieldChecks.checkAll(configuration, schema: schema, context: context, hints: hints)
/// if result.hostMatches["metadata_url"] == false {
///     result.issues.append(ValidationIssue(field: "metadata_url", code: "metadata-url.custom-domain",
///         severity: .warning, message: "…", fixHint: "…"))
/// }
/// return ValidationReport(issues: result.issues)
/// ```
public enum FieldChecks {
    /// How many days before a certificate's `notAfter` the `certificate.expires-soon` warning starts.
    public static let expiryWarningDays = Int(CertificateWarning.expiresSoonInterval / 86_400)

    // MARK: - Codes

    /// The code prefix for a field key: `metadata_url` becomes `metadata-url`.
    /// - Parameter key: A snake_case field key.
    /// - Returns: The kebab-case prefix.
    public static func codePrefix(for key: String) -> String {
        key.replacingOccurrences(of: "_", with: "-")
    }

    /// The code of a problem with a field, such as `metadata-url.not-https`.
    /// - Parameters:
    ///   - key: The snake_case field key.
    ///   - problem: The kebab-case problem, such as `missing`.
    /// - Returns: The dotted code.
    public static func code(_ key: String, _ problem: String) -> String {
        "\(codePrefix(for: key)).\(problem)"
    }

    // MARK: - Everything at once

    /// The outcome of ``checkAll(_:schema:context:hints:)``: the issues, and the values parsed
    /// along the way so the plugin need not parse them again.
    public struct Result: Sendable {
        /// The chosen mode, or nil when `mode.unknown` was reported.
        public var mode: ConfigMode?
        /// Every issue found, in form order.
        public var issues: [ValidationIssue]
        /// The URL fields that parsed, by key.
        public var urls: [String: URL]
        /// For each URL field with ``FieldConstraints/expectedHosts``, whether its host matched
        /// one of them. A plugin decides what a mismatch means (an error, or a warning for a
        /// custom domain).
        public var hostMatches: [String: Bool]
        /// The certificate fields whose certificates all parsed, by key.
        public var certificates: [String: [Certificate]]

        /// Creates a result.
        /// - Parameters:
        ///   - mode: The chosen mode.
        ///   - issues: The issues.
        ///   - urls: Parsed URLs by key.
        ///   - hostMatches: Host-pattern outcomes by key.
        ///   - certificates: Parsed certificates by key.
        public init(mode: ConfigMode?, issues: [ValidationIssue] = [], urls: [String: URL] = [:],
                    hostMatches: [String: Bool] = [:], certificates: [String: [Certificate]] = [:]) {
            self.mode = mode
            self.issues = issues
            self.urls = urls
            self.hostMatches = hostMatches
            self.certificates = certificates
        }

        /// The issues as a report.
        public var report: ValidationReport { ValidationReport(issues: issues) }
    }

    /// Runs every syntax check the schema implies: the mode, each field of the mode and the
    /// common fields by its kind and constraints, and fields that do not belong.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - schema: The provider's schema.
    ///   - context: The clock (for certificate expiry).
    ///   - hints: Fix hints by issue code, worded for the provider's console.
    /// - Returns: The issues and the parsed values.
    public static func checkAll(_ configuration: ProviderConfiguration, schema: ConfigSchema,
                                context: ValidationContext, hints: [String: String] = [:]) -> Result {
        var result = Result(mode: nil)
        guard let mode = schema.mode(configuration.mode) else {
            result.issues = self.mode(configuration.mode, in: schema, hints: hints)
            return result
        }
        result.mode = mode
        for field in mode.fields + schema.commonFields.filter({ common in !mode.fields.contains { $0.key == common.key } }) {
            let value = configuration.values[field.key]
            switch field.kind {
            case .url:
                guard let text = textValue(value, field: field, hints: hints, issues: &result.issues) else { continue }
                let check = url(text, field: field, hints: hints)
                result.issues += check.issues
                if let parsed = check.url { result.urls[field.key] = parsed }
                if let matched = check.matchesExpectedHost { result.hostMatches[field.key] = matched }
            case .text:
                guard let text = textValue(value, field: field, hints: hints, issues: &result.issues) else { continue }
                result.issues += self.text(text, field: field, hints: hints)
            case .certificates:
                let check = certificates(value, field: field, context: context, hints: hints)
                result.issues += check.issues
                if !check.certificates.isEmpty, !check.issues.contains(where: { $0.severity == .error && $0.code == "certificate.invalid" }) {
                    result.certificates[field.key] = check.certificates
                }
            case .xmlDocument:
                guard let text = textValue(value, field: field, hints: hints, issues: &result.issues) else { continue }
                result.issues += xmlDocument(text, field: field, hints: hints)
            case .choice:
                result.issues += choice(value, field: field, hints: hints)
            case .boolean:
                result.issues += boolean(value, field: field, hints: hints)
            case .attributeMapping:
                result.issues += attributeMapping(value, field: field, hints: hints)
            }
        }
        result.issues += unknownFields(configuration, mode: mode, schema: schema, hints: hints)
        return result
    }

    // MARK: - Mode and unknown fields

    /// Checks that `modeID` names one of the schema's modes.
    /// - Parameters:
    ///   - modeID: The submitted mode.
    ///   - schema: The schema.
    ///   - hints: Fix hints by code.
    /// - Returns: `mode.unknown` listing the valid modes, or nothing.
    public static func mode(_ modeID: String, in schema: ConfigSchema, hints: [String: String] = [:]) -> [ValidationIssue] {
        guard schema.mode(modeID) == nil else { return [] }
        let valid = schema.modes.map { "\"\($0.id)\" (\($0.title))" }.joined(separator: ", ")
        let shown = modeID.isEmpty ? "An empty mode" : "The mode \"\(clipped(modeID))\""
        return [issue("mode", "mode.unknown", .error,
                      "\(shown) is not one of this provider's modes: \(valid).",
                      hints, default: "Set \"mode\" to one of: \(schema.modes.map(\.id).joined(separator: ", ")).")]
    }

    /// Reports submitted keys that the chosen mode does not use, as warnings: they are ignored.
    /// - Parameters:
    ///   - configuration: What the admin submitted.
    ///   - mode: The chosen mode.
    ///   - schema: The schema (to say when a key belongs to another mode).
    ///   - hints: Fix hints by code.
    /// - Returns: One `field.unknown` warning per such key, in key order.
    public static func unknownFields(_ configuration: ProviderConfiguration, mode: ConfigMode, schema: ConfigSchema,
                                     hints: [String: String] = [:]) -> [ValidationIssue] {
        let used = Set(mode.fields.map(\.key) + schema.commonFields.map(\.key))
        return configuration.values.keys.sorted().filter { !used.contains($0) }.map { key in
            let message: String
            if let other = schema.modes.first(where: { $0.fields.contains { $0.key == key } }) {
                message = "The field \"\(clipped(key))\" belongs to the \(other.title) mode, not the \(mode.title) mode; it is ignored."
            } else {
                message = "The field \"\(clipped(key))\" is not part of this provider's configuration; it is ignored."
            }
            return issue(key, "field.unknown", .warning, message, hints,
                         default: "Remove the field, or switch \"mode\" to the mode it belongs to. The \(mode.title) mode uses: \(used.sorted().joined(separator: ", ")).")
        }
    }

    // MARK: - Presence

    /// Checks that a required field has a non-empty value.
    /// - Parameters:
    ///   - value: The submitted value, or nil.
    ///   - field: The field (its ``ConfigField/isRequired`` decides).
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing` when the field is required and the value is absent or blank.
    public static func required(_ value: ConfigValue?, field: ConfigField, hints: [String: String] = [:]) -> [ValidationIssue] {
        guard field.isRequired, isBlank(value) else { return [] }
        return [missing(field, hints)]
    }

    // MARK: - URLs

    /// The outcome of ``url(_:field:hints:)``.
    public struct URLCheck: Sendable, Equatable {
        /// The URL, when its shape is valid (even if its scheme is not allowed).
        public var url: URL?
        /// The issues found.
        public var issues: [ValidationIssue]
        /// Whether the host matched one of the field's expected host patterns; nil when the
        /// field has none or the URL did not parse.
        public var matchesExpectedHost: Bool?
    }

    /// Checks a URL field: presence, shape (absolute, with a host, no spaces), scheme, length,
    /// pattern, and the expected host patterns.
    /// - Parameters:
    ///   - value: The trimmed text, or nil when absent.
    ///   - field: The field; its kind gives the allowed schemes.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.invalid-url` (also for a scheme not allowed when the
    ///   field does not allow https), `<key>.not-https`, `<key>.too-long`, `<key>.invalid-format`;
    ///   and whether the host matched.
    public static func url(_ value: String?, field: ConfigField, hints: [String: String] = [:]) -> URLCheck {
        guard let value = nonBlank(value) else {
            return URLCheck(url: nil, issues: field.isRequired ? [missing(field, hints)] : [], matchesExpectedHost: nil)
        }
        var issues = lengthAndPattern(value, field: field, hints: hints)
        guard let parsed = parseAbsoluteURL(value), let scheme = parsed.scheme?.lowercased() else {
            issues.insert(issue(field.key, code(field.key, "invalid-url"), .error,
                                "\(field.label) is not a valid absolute URL: \"\(clipped(value))\".", hints,
                                default: "Copy the whole URL, starting with https://, with no spaces."), at: 0)
            return URLCheck(url: nil, issues: issues, matchesExpectedHost: nil)
        }
        let schemes: [String]
        if case .url(let allowed) = field.kind { schemes = allowed.map { $0.lowercased() } } else { schemes = ["https"] }
        if !schemes.contains(scheme) {
            if schemes.contains("https") {
                issues.insert(issue(field.key, code(field.key, "not-https"), .error,
                                    "\(field.label) must use https, not \(scheme): \"\(clipped(value))\".", hints,
                                    default: "Use the https:// address the identity provider shows."), at: 0)
            } else {
                issues.insert(issue(field.key, code(field.key, "invalid-url"), .error,
                                    "\(field.label) must use one of the schemes \(schemes.joined(separator: ", ")), not \(scheme).", hints,
                                    default: "Copy the URL exactly as the identity provider shows it."), at: 0)
            }
        }
        var matched: Bool?
        if !field.constraints.expectedHosts.isEmpty, let parsedHost = parsed.host {
            matched = field.constraints.expectedHosts.contains { host(parsedHost, matches: $0) }
        }
        return URLCheck(url: parsed, issues: issues, matchesExpectedHost: matched)
    }

    /// Whether a host name matches a pattern: exact (case-insensitive), or `*.` followed by a
    /// domain, where `*` stands for exactly one DNS label (`*.okta.com` matches
    /// `acme.okta.com`, not `okta.com` nor `a.b.okta.com`).
    /// - Parameters:
    ///   - host: A host name.
    ///   - pattern: A pattern such as `login.microsoftonline.com` or `*.okta.com`.
    /// - Returns: Whether it matches.
    public static func host(_ host: String, matches pattern: String) -> Bool {
        let host = host.lowercased().trimmingSuffix(".")
        let pattern = pattern.lowercased()
        guard pattern.hasPrefix("*.") else { return host == pattern }
        let suffix = String(pattern.dropFirst(1))  // ".okta.com"
        guard host.hasSuffix(suffix) else { return false }
        let label = host.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }

    // MARK: - Text

    /// Checks a text field's length and pattern (presence is checked by ``required(_:field:hints:)``).
    /// - Parameters:
    ///   - value: The trimmed text.
    ///   - field: The field.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.too-long`, `<key>.invalid-format`.
    public static func text(_ value: String?, field: ConfigField, hints: [String: String] = [:]) -> [ValidationIssue] {
        guard let value = nonBlank(value) else { return field.isRequired ? [missing(field, hints)] : [] }
        return lengthAndPattern(value, field: field, hints: hints)
    }

    // MARK: - Certificates

    /// The outcome of ``certificates(_:field:context:hints:)``.
    public struct CertificateCheck: Sendable, Equatable {
        /// The certificates that parsed, in order.
        public var certificates: [Certificate]
        /// The issues found.
        public var issues: [ValidationIssue]
    }

    /// Checks a certificates field: a PEM bundle string (one or more `CERTIFICATE` blocks, or
    /// one bare base64 DER certificate) or an array of such strings. Each must parse as X.509
    /// (libcrypto); the count must be within the field's bounds (1–5 for signing
    /// certificates); and each is checked against `context.now`.
    ///
    /// The SAML layer's certificate warnings become warning-severity issues: expired (trust is
    /// pinned, so signatures still verify, but the IdP has probably rotated), expiring within
    /// ``expiryWarningDays`` days, not yet valid, RSA under 2048 bits, SHA-1 signature.
    /// - Parameters:
    ///   - value: The submitted value, or nil.
    ///   - field: The field; its kind gives the bounds.
    ///   - context: The clock.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.invalid-type`, `certificate.invalid` (path
    ///   `<key>[n]`), `certificate.too-many`, `certificate.too-few` (errors);
    ///   `certificate.expired`, `certificate.expires-soon`, `certificate.not-yet-valid`,
    ///   `certificate.weak-key`, `certificate.sha1-signature` (warnings); and the
    ///   certificates that parsed.
    public static func certificates(_ value: ConfigValue?, field: ConfigField, context: ValidationContext,
                                    hints: [String: String] = [:]) -> CertificateCheck {
        var minimum = 1, maximum = 5
        if case .certificates(let low, let high) = field.kind { minimum = low; maximum = high }
        let entries: [String]
        switch value {
        case nil:
            entries = []
        case .text(let text)?:
            entries = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? [] : [text]
        case .list(let list)?:
            entries = list.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        case .boolean?, .mapping?:
            return CertificateCheck(certificates: [], issues: [invalidType(field, expected: "a PEM string or an array of PEM strings", hints)])
        }
        guard !entries.isEmpty else {
            return CertificateCheck(certificates: [], issues: field.isRequired && minimum > 0 ? [missing(field, hints)] : [])
        }
        var issues: [ValidationIssue] = []
        var parsed: [(path: String, certificate: Certificate)] = []
        for (index, entry) in entries.enumerated() {
            let entryPath = entries.count > 1 || value.isList ? "\(field.key)[\(index)]" : field.key
            do {
                let certificates = try Certificate.parseAll(entry)
                for certificate in certificates {
                    let path = certificates.count > 1 ? "\(field.key)[\(parsed.count)]" : entryPath
                    parsed.append((path, certificate))
                }
            } catch {
                let position = entries.count > 1 ? " (entry \(index + 1))" : ""
                issues.append(issue(entryPath, "certificate.invalid", .error,
                                    "\(field.label)\(position) is not a valid X.509 certificate: \(error.message)", hints,
                                    default: "Download the signing certificate again from the identity provider and paste the whole PEM text, including the -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines."))
            }
        }
        if parsed.count > maximum {
            issues.append(issue(field.key, "certificate.too-many", .error,
                                "\(field.label) has \(parsed.count) certificates; at most \(maximum) are accepted.", hints,
                                default: "Keep only the identity provider's current signing certificate (and the next one during a rotation)."))
        } else if issues.isEmpty, parsed.count < minimum {
            issues.append(issue(field.key, "certificate.too-few", .error,
                                "\(field.label) has \(parsed.count) certificate\(parsed.count == 1 ? "" : "s"); at least \(minimum) are needed.", hints,
                                default: "Add the identity provider's signing certificates."))
        }
        issues += warningIssues(parsed, now: context.now, hints: hints)
        return CertificateCheck(certificates: parsed.map(\.certificate), issues: issues)
    }

    /// Default fix hints for the SAML layer's certificate warnings, by code.
    static let certificateWarningHints: [String: String] = [
        "certificate.expired": "Create or activate a new signing certificate in the identity provider and paste it here.",
        "certificate.expires-soon": "Create the next signing certificate in the identity provider now and add it here beside the current one, so sign-in keeps working through the rotation.",
        "certificate.not-yet-valid": "Check that this is the certificate the identity provider signs with today; add the current one beside it.",
        "certificate.weak-key": "Create a signing certificate with a 2048-bit (or larger) RSA key in the identity provider and paste it here.",
        "certificate.sha1-signature": "When you next rotate, create a SHA-256 signing certificate in the identity provider.",
    ]

    static func warningIssues(_ parsed: [(path: String, certificate: Certificate)], now: Date,
                              hints: [String: String]) -> [ValidationIssue] {
        parsed.flatMap { entry in
            entry.certificate.warnings(now: now).map { warning in
                issue(entry.path, warning.code, .warning, warning.message, hints,
                      default: certificateWarningHints[warning.code] ?? "Check the certificate in the identity provider's console.")
            }
        }
    }

    // MARK: - XML documents

    /// Checks an XML document field (such as an uploaded metadata file): present, within the
    /// size limit, and well-formed XML without a DOCTYPE, parsed by the SAML layer's hardened
    /// libxml2 parser.
    /// - Parameters:
    ///   - value: The document text, or nil.
    ///   - field: The field.
    ///   - limits: Size and depth limits.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.too-large`, `<key>.invalid-xml`.
    public static func xmlDocument(_ value: String?, field: ConfigField, limits: XMLLimits = .default,
                                   hints: [String: String] = [:]) -> [ValidationIssue] {
        guard let value = nonBlank(value) else { return field.isRequired ? [missing(field, hints)] : [] }
        do {
            _ = try XMLTree(bytes: Data(value.utf8), limits: limits)
            return []
        } catch {
            if error.code == .xmlTooLarge {
                return [issue(field.key, code(field.key, "too-large"), .error, "\(field.label): \(error.message)", hints,
                              default: "Upload the identity provider's metadata file itself, not an archive or a larger export.")]
            }
            return [issue(field.key, code(field.key, "invalid-xml"), .error, "\(field.label) is not usable XML: \(error.message)", hints,
                          default: "Download the metadata file again from the identity provider and upload it unchanged.")]
        }
    }

    // MARK: - Choices, booleans, mappings

    /// Checks a choice field: a string that is one of the choices.
    /// - Parameters:
    ///   - value: The submitted value.
    ///   - field: The field; its kind lists the choices.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.invalid-type`, `<key>.invalid-choice`.
    public static func choice(_ value: ConfigValue?, field: ConfigField, hints: [String: String] = [:]) -> [ValidationIssue] {
        guard !isBlank(value) else { return field.isRequired ? [missing(field, hints)] : [] }
        guard case .text(let raw)? = value else { return [invalidType(field, expected: "a string", hints)] }
        guard case .choice(let options) = field.kind else { return [] }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !options.contains(text) else { return [] }
        return [issue(field.key, code(field.key, "invalid-choice"), .error,
                      "\(field.label) is \"\(clipped(text))\", which is not one of: \(options.joined(separator: ", ")).", hints,
                      default: "Pick one of: \(options.joined(separator: ", ")).")]
    }

    /// Checks a boolean field: `true` or `false`.
    /// - Parameters:
    ///   - value: The submitted value.
    ///   - field: The field.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.invalid-type`.
    public static func boolean(_ value: ConfigValue?, field: ConfigField, hints: [String: String] = [:]) -> [ValidationIssue] {
        switch value {
        case nil: return field.isRequired ? [missing(field, hints)] : []
        case .boolean?: return []
        default: return [invalidType(field, expected: "true or false", hints)]
        }
    }

    /// Checks an attribute mapping field: an object whose keys are among the field's purposes
    /// and whose values are non-empty attribute names.
    /// - Parameters:
    ///   - value: The submitted value.
    ///   - field: The field; its kind lists the allowed keys.
    ///   - hints: Fix hints by code.
    /// - Returns: `<key>.missing`, `<key>.invalid-type`, `<key>.unknown-key`, `<key>.empty-value`.
    public static func attributeMapping(_ value: ConfigValue?, field: ConfigField, hints: [String: String] = [:]) -> [ValidationIssue] {
        guard let value else { return field.isRequired ? [missing(field, hints)] : [] }
        guard case .mapping(let mapping) = value else { return [invalidType(field, expected: "an object of attribute names", hints)] }
        guard case .attributeMapping(let allowed) = field.kind else { return [] }
        var issues: [ValidationIssue] = []
        for key in mapping.keys.sorted() {
            if !allowed.contains(key) {
                issues.append(issue("\(field.key).\(key)", code(field.key, "unknown-key"), .error,
                                    "\(field.label) has the key \"\(clipped(key))\", which is not one of: \(allowed.joined(separator: ", ")).", hints,
                                    default: "Use only the keys \(allowed.joined(separator: ", "))."))
            } else if mapping[key]?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
                issues.append(issue("\(field.key).\(key)", code(field.key, "empty-value"), .error,
                                    "\(field.label) gives no attribute name for \"\(key)\".", hints,
                                    default: "Enter the attribute name exactly as the identity provider sends it, or remove the key to use the default."))
            }
        }
        if field.isRequired, mapping.isEmpty { issues.append(missing(field, hints)) }
        return issues
    }

    // MARK: - Building blocks

    /// Builds an issue, taking the fix hint from `hints` when it has one for `code`.
    /// - Parameters:
    ///   - field: The field path.
    ///   - code: The stable code.
    ///   - severity: Error or warning.
    ///   - message: What is wrong.
    ///   - hints: Fix hints by code.
    ///   - defaultHint: The hint to use when `hints` has none for `code`.
    /// - Returns: The issue.
    public static func issue(_ field: String, _ code: String, _ severity: Severity, _ message: String,
                             _ hints: [String: String], default defaultHint: String) -> ValidationIssue {
        ValidationIssue(field: field, code: code, severity: severity, message: message,
                        fixHint: hints[code] ?? defaultHint)
    }

    static func missing(_ field: ConfigField, _ hints: [String: String]) -> ValidationIssue {
        issue(field.key, code(field.key, "missing"), .error, "\(field.label) is required.", hints,
              default: "Copy \(field.label) from the identity provider. \(field.help)")
    }

    static func invalidType(_ field: ConfigField, expected: String, _ hints: [String: String]) -> ValidationIssue {
        issue(field.key, code(field.key, "invalid-type"), .error, "\(field.label) must be \(expected).", hints,
              default: "Send \(field.key) as \(expected).")
    }

    static func lengthAndPattern(_ value: String, field: ConfigField, hints: [String: String]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let limit = field.constraints.maximumLength, value.count > limit {
            issues.append(issue(field.key, code(field.key, "too-long"), .error,
                                "\(field.label) is \(value.count) characters long; at most \(limit) are accepted.", hints,
                                default: "Check that only \(field.label) was copied, without surrounding text."))
        }
        if let pattern = field.constraints.pattern, !matches(value, pattern: pattern) {
            issues.append(issue(field.key, code(field.key, "invalid-format"), .error,
                                "\(field.label) does not have the expected form\(field.example.map { " (for example \($0))" } ?? "").", hints,
                                default: "Copy \(field.label) exactly as the identity provider shows it."))
        }
        return issues
    }

    /// Whether `value` contains a match of `pattern`, unanchored as in JSON Schema. A pattern
    /// that does not compile never matches, so a schema mistake shows up in tests.
    static func matches(_ value: String, pattern: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        return expression.firstMatch(in: value, range: range) != nil
    }

    /// An absolute URL with a scheme and a non-empty host, and no whitespace or control characters.
    static func parseAbsoluteURL(_ text: String) -> URL? {
        guard !text.contains(where: { $0.isWhitespace || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }),
              let components = URLComponents(string: text),
              let scheme = components.scheme, !scheme.isEmpty,
              let host = components.host, !host.isEmpty,
              let url = components.url else { return nil }
        return url
    }

    /// The text of a text-kind value, reporting `missing`/`invalid-type` into `issues` and
    /// returning nil when there is nothing further to check.
    static func textValue(_ value: ConfigValue?, field: ConfigField, hints: [String: String],
                          issues: inout [ValidationIssue]) -> String? {
        switch value {
        case nil:
            if field.isRequired { issues.append(missing(field, hints)) }
            return nil
        case .text(let raw)?:
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if field.isRequired { issues.append(missing(field, hints)) }
                return nil
            }
            return trimmed
        default:
            issues.append(invalidType(field, expected: "a string", hints))
            return nil
        }
    }

    static func isBlank(_ value: ConfigValue?) -> Bool {
        switch value {
        case nil: true
        case .text(let text)?: text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .list(let list)?: list.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        case .mapping(let mapping)?: mapping.isEmpty
        case .boolean?: false
        }
    }

    static func nonBlank(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Submitted text quoted in a message, cut to a readable length.
    static func clipped(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

extension Optional where Wrapped == ConfigValue {
    fileprivate var isList: Bool {
        if case .list? = self { return true }
        return false
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
