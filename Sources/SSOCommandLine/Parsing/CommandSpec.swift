/// Everything a command accepts, declared once: the same value parses the arguments
/// (``parse(_:)``) and generates the help text (``help``), so the two cannot drift.
struct CommandSpec: Sendable {
    /// The command words after `sso`, such as `["metadata", "inspect"]`.
    let words: [String]
    /// One line saying what the command does.
    let summary: String
    /// Paragraphs after the summary in the help (may be empty).
    let discussion: String
    /// The positional arguments in order.
    let arguments: [ArgumentSpec]
    /// The options and flags (`-h`/`--help` is implicit).
    let options: [OptionSpec]
    /// What each exit status means.
    let exitStatuses: [ExitStatusNote]
    /// Example invocations, shown in the help.
    let examples: [String]

    /// Creates a spec.
    init(words: [String], summary: String, discussion: String = "", arguments: [ArgumentSpec] = [],
         options: [OptionSpec] = [], exitStatuses: [ExitStatusNote], examples: [String] = []) {
        self.words = words
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.exitStatuses = exitStatuses
        self.examples = examples
    }

    /// `sso` followed by the command words.
    var invocation: String { (["sso"] + words).joined(separator: " ") }

    /// Whether the command declares `--json`.
    var acceptsJSON: Bool { option(named: "json") != nil }

    /// The option with this long name (without dashes).
    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}
