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
