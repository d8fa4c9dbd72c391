/// One `sso` command: its declared arguments and what it does with them.
protocol Command: Sendable {
    /// The arguments, options and help of the command.
    var spec: CommandSpec { get }

    /// Runs the command with parsed arguments.
    /// - Parameters:
    ///   - arguments: The arguments, already checked against ``spec``.
    ///   - invocation: Output streams and the tool's configuration.
    /// - Returns: ``ExitStatus/success`` or ``ExitStatus/failure``.
    /// - Throws: ``UsageError`` when the command was called wrongly (exit status 2).
    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus
}
