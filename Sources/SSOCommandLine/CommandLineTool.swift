import SelfServeSSO

/// The `sso` command line tool (skeleton; being filled in).
public enum CommandLineTool {
    /// Runs the tool.
    /// - Parameter arguments: The arguments after the program name.
    /// - Returns: The exit status.
    public static func run(_ arguments: [String]) async -> Int32 {
        print(BuiltInProviders.registry().ids.joined(separator: "\n"))
        return 0
    }
}
