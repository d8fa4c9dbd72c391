/// The command was called wrongly: exit status 2, a message on standard error and, for
/// mistakes in the arguments themselves, the command's usage.
struct UsageError: Error, Sendable, Equatable {
    /// A stable code, such as `usage.unknown-option`; tests match on it.
    let code: String
    /// What was wrong and how to fix it.
    let message: String
    /// Whether the command's usage line follows the message.
    let showsUsage: Bool

    /// Creates an error.
    init(code: String, message: String, showsUsage: Bool = false) {
        self.code = code
        self.message = message
        self.showsUsage = showsUsage
    }

    static func unknownOption(_ argument: String, command: String) -> UsageError {
        UsageError(code: "usage.unknown-option",
                   message: "Unknown option '\(argument)' for '\(command)'.", showsUsage: true)
    }

    static func missingValue(option: String) -> UsageError {
        UsageError(code: "usage.missing-value",
                   message: "Option '--\(option)' needs a value: write '--\(option) VALUE' or '--\(option)=VALUE'.",
                   showsUsage: true)
    }

    static func unexpectedValue(option: String) -> UsageError {
        UsageError(code: "usage.unexpected-value",
                   message: "Flag '--\(option)' does not take a value; write just '--\(option)'.", showsUsage: true)
    }

    static func repeatedOption(_ option: String) -> UsageError {
        UsageError(code: "usage.repeated-option",
                   message: "Option '--\(option)' was given more than once; give it once.", showsUsage: true)
    }

    static func invalidValue(option: String, value: String, expected: String) -> UsageError {
        UsageError(code: "usage.invalid-value",
                   message: "Option '--\(option)' got '\(value)'; expected \(expected).", showsUsage: true)
    }

    static func missingOption(_ option: String, placeholder: String) -> UsageError {
        UsageError(code: "usage.missing-option",
                   message: "Missing required option '--\(option) <\(placeholder)>'.", showsUsage: true)
    }

    static func missingArgument(_ name: String) -> UsageError {
        UsageError(code: "usage.missing-argument", message: "Missing argument <\(name)>.", showsUsage: true)
    }

    static func unexpectedArgument(_ argument: String) -> UsageError {
        UsageError(code: "usage.unexpected-argument",
                   message: "Unexpected argument '\(argument)'.", showsUsage: true)
    }

    static func conflictingOptions(_ first: String, _ second: String) -> UsageError {
        UsageError(code: "usage.conflicting-options",
                   message: "Options '--\(first)' and '--\(second)' cannot be used together; pick one.", showsUsage: true)
    }

    static func unknownCommand(_ word: String, known: [String]) -> UsageError {
        UsageError(code: "usage.unknown-command",
                   message: "Unknown command '\(word)'. Commands: \(known.joined(separator: ", ")).", showsUsage: true)
    }

    static func missingCommand(known: [String]) -> UsageError {
        UsageError(code: "usage.missing-command",
                   message: "Missing command. Commands: \(known.joined(separator: ", ")).", showsUsage: true)
    }

    static func jsonNotSupported(command: String) -> UsageError {
        UsageError(code: "usage.json-not-supported",
                   message: "'\(command)' has no JSON output; leave out '--json'.", showsUsage: true)
    }

    static func globalOptionNotUsed(_ option: String, command: String) -> UsageError {
        let reason = option == OptionSpec.store.name
            ? "it does not read or change the SSO store"
            : "it does not act on an organization's SSO setup"
        return UsageError(code: "usage.option-not-used",
                          message: "'\(command)' does not use '--\(option)': \(reason); leave it out.", showsUsage: true)
    }

    static func actorOrganizationWithoutPermissions() -> UsageError {
        UsageError(code: "usage.missing-option",
                   message: "'--actor-organization' names the organization of a member: give the member's permissions with '--actor-permissions LIST' too.",
                   showsUsage: true)
    }

    static func unreadableFile(_ path: String, what: String, reason: String) -> UsageError {
        UsageError(code: "usage.unreadable-file",
                   message: "Cannot read the \(what) '\(path)': \(reason).")
    }

    static func unknownProvider(_ id: String, known: [String]) -> UsageError {
        UsageError(code: "usage.unknown-provider",
                   message: "Unknown provider '\(id)'. Known providers: \(known.joined(separator: ", ")).")
    }

    static func notAvailable(_ feature: String) -> UsageError {
        UsageError(code: "usage.not-available",
                   message: "\(feature) is not available in this build yet.")
    }
}
