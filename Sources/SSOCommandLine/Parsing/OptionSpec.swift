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
    /// Whether an empty value (`--name ""` or `--name=`) is a value rather than a mistake.
    var allowsEmptyValue = false
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

    /// `--store`: where the lifecycle's state lives (see ``StoreLocation``).
    static let store = OptionSpec.value("store", placeholder: "path-or-url",
        help: "The store: a SQLite file, or a postgresql:// URL for a database shared by several servers (its password is never printed). Default: $SSO_STORE, else $XDG_DATA_HOME/selfservesso/sso.sqlite or ~/.local/share/selfservesso/sso.sqlite. Also accepted before the command words.")

    /// `--actor-permissions`: act as a member of the command's organization instead of the operator.
    static let actorPermissions: OptionSpec = {
        var option = OptionSpec.value("actor-permissions", placeholder: "list",
            help: "Act as a member of the organization holding only these comma-separated permissions (such as org:sys_entconns:read; empty grants nothing) instead of as the operator. Also accepted before the command words.")
        option.allowsEmptyValue = true
        return option
    }()

    /// `--actor-organization`: with `--actor-permissions`, the organization the member
    /// belongs to when it is not the command's (to check that it sees nothing of another's).
    static let actorOrganization = OptionSpec.value("actor-organization", placeholder: "org",
        help: "With --actor-permissions: act as a member of this organization instead of the command's (it then sees nothing). Also accepted before the command words.")

    /// The global options that take a value, accepted before, among or after the command
    /// words of the commands that declare them.
    static let globalValueOptions: [OptionSpec] = [.store, .actorPermissions, .actorOrganization]

    /// The implicit help flag.
    static let help = OptionSpec(name: "help", shortName: "h", kind: .flag, isRequired: false,
                                 isRepeatable: false, allowedValues: [], help: "Show this help.")
}
