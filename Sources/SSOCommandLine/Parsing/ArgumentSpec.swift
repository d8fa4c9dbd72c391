/// A positional argument.
struct ArgumentSpec: Sendable {
    /// The name shown in angle brackets, such as `provider-id`.
    let name: String
    /// What to pass.
    let help: String
    /// Whether it must be given.
    let isRequired: Bool

    /// Creates an argument.
    init(_ name: String, help: String, isRequired: Bool = true) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
    }
}
