/// An example configuration and the issue codes validation must report for it. The
/// conformance suite runs every registered provider's examples.
public struct ProviderExample: Sendable {
    /// A short name for test output.
    public let name: String
    /// The configuration.
    public let configuration: ProviderConfiguration
    /// The issue codes (errors and warnings) that must be reported; empty for a clean one.
    public let expectedCodes: Set<String>
    /// Whether the configuration must be usable (no error-severity issue).
    public let isValid: Bool
    /// Where the example is declared, so a failure points at it.
    public let file: String
    /// The line of the declaration.
    public let line: Int

    /// Creates an example.
    /// - Parameters:
    ///   - name: A short name.
    ///   - configuration: The configuration.
    ///   - isValid: Whether it must have no error.
    ///   - expectedCodes: The issue codes it must produce.
    ///   - file: Filled in automatically.
    ///   - line: Filled in automatically.
    public init(_ name: String, _ configuration: ProviderConfiguration, isValid: Bool,
                expectedCodes: Set<String> = [], file: String = #filePath, line: Int = #line) {
        self.name = name
        self.configuration = configuration
        self.isValid = isValid
        self.expectedCodes = expectedCodes
        self.file = file
        self.line = line
    }
}
