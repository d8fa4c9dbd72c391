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

/// An option (`--name value` or `--name=value`) or a flag (`--name`).
struct OptionSpec: Sendable {
    /// Whether it takes a value.
    enum Kind: Sendable, Equatable {
        /// A switch with no value.
        case flag
        /// Takes one value, shown in help as `<placeholder>`.
        case value(placeholder: String)
    }

    /// The long name without the leading `--`.
    let name: String
    /// A one-letter alias used after a single `-`, if any.
    let shortName: Character?
    /// Flag or value.
    let kind: Kind
    /// Whether the command needs it.
    let isRequired: Bool
    /// Whether it may be given several times (each value is kept, in order).
    let isRepeatable: Bool
    /// The only values accepted, when the option is a choice.
    let allowedValues: [String]
    /// What it does.
    let help: String

    /// A flag.
    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: nil, kind: .flag, isRequired: false, isRepeatable: false,
                   allowedValues: [], help: help)
    }

    /// An option taking a value.
    static func value(_ name: String, placeholder: String, help: String, isRequired: Bool = false,
                      isRepeatable: Bool = false, allowedValues: [String] = []) -> OptionSpec {
        OptionSpec(name: name, shortName: nil, kind: .value(placeholder: placeholder), isRequired: isRequired,
                   isRepeatable: isRepeatable, allowedValues: allowedValues, help: help)
    }

    /// The `--json` flag, worded the same for every command.
    static let json = OptionSpec.flag("json",
        help: "Print JSON instead of text (stable keys, sorted; see README). Also accepted before the command words.")

    /// The implicit help flag.
    static let help = OptionSpec(name: "help", shortName: "h", kind: .flag, isRequired: false,
                                 isRepeatable: false, allowedValues: [], help: "Show this help.")
}

/// What one exit status means for a command.
struct ExitStatusNote: Sendable {
    /// The status.
    let status: ExitStatus
    /// When the command exits with it.
    let meaning: String

    /// Creates a note.
    init(_ status: ExitStatus, _ meaning: String) {
        self.status = status
        self.meaning = meaning
    }
}

/// The exit statuses of `sso`.
enum ExitStatus: Int32, Sendable, Equatable {
    /// The command did what was asked and found nothing wrong.
    case success = 0
    /// The command ran and found a problem (invalid configuration, rejected response, stale docs).
    case failure = 1
    /// The command was called wrongly (unknown flag, missing file, unknown provider).
    case usage = 2
}
