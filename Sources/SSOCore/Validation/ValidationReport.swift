/// How serious a validation issue is.
public enum Severity: String, Sendable, Equatable, Codable, Comparable {
    /// The configuration cannot be used until this is fixed.
    case error
    /// The configuration works, but something should be looked at.
    case warning

    /// Errors sort before warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
}

/// One problem found in a configuration.
public struct ValidationIssue: Sendable, Equatable, Codable {
    /// The field it concerns, as a path: `metadata_url`, `signing_certificates[1]`; empty for
    /// the configuration as a whole.
    public let field: String
    /// Stable dotted code, such as `metadata-url.not-https` or `certificate.expired`.
    public let code: String
    /// Error or warning.
    public let severity: Severity
    /// What is wrong, for a person.
    public let message: String
    /// How to fix it, worded for the provider's console.
    public let fixHint: String

    /// Creates an issue.
    /// - Parameters:
    ///   - field: The field path.
    ///   - code: The stable code.
    ///   - severity: Error or warning.
    ///   - message: What is wrong.
    ///   - fixHint: How to fix it in the provider's console.
    public init(field: String, code: String, severity: Severity, message: String, fixHint: String) {
        self.field = field
        self.code = code
        self.severity = severity
        self.message = message
        self.fixHint = fixHint
    }
}

/// Every issue found in a configuration, at once.
public struct ValidationReport: Sendable, Equatable, Codable {
    /// The issues in the order found.
    public var issues: [ValidationIssue]

    /// Creates a report.
    /// - Parameter issues: The issues.
    public init(issues: [ValidationIssue] = []) { self.issues = issues }

    /// The error-severity issues.
    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
    /// The warning-severity issues.
    public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }
    /// Whether any issue is an error.
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
    /// Every distinct code.
    public var codes: Set<String> { Set(issues.map(\.code)) }

    /// Adds an issue.
    /// - Parameter issue: The issue.
    public mutating func append(_ issue: ValidationIssue) { issues.append(issue) }
}

/// A configuration that did not resolve to identity-provider settings.
public struct ResolutionError: Error, Sendable, Equatable {
    /// The report explaining why; it has at least one error.
    public let report: ValidationReport

    /// Creates the error.
    /// - Parameter report: The report.
    public init(report: ValidationReport) { self.report = report }
}
