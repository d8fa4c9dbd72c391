/// A command word that only groups subcommands, such as `metadata` in `sso metadata inspect`.
struct CommandGroup: Sendable {
    /// The group's word.
    let word: String
    /// One line saying what its subcommands are about.
    let summary: String
    /// The subcommands, whose first word is ``word``.
    let commands: [any Command]

    /// The help text: its subcommands and how to get their help.
    var help: String {
        var text = TextLayout.wrapWords(summary.split(separator: " ").map(String.init), width: CommandSpec.helpWidth,
                                        firstPrefix: "OVERVIEW: ", continuationPrefix: "")
        text += "\n\nUSAGE: \(usage)\n\nSUBCOMMANDS:\n"
        text += commands.map { command in
            TextLayout.definition(term: command.spec.words.dropFirst().joined(separator: " "), text: command.spec.summary,
                                  width: CommandSpec.helpWidth, column: CommandSpec.descriptionColumn)
        }.joined(separator: "\n")
        text += "\n\nRun 'sso \(word) <subcommand> --help' for a subcommand's options.\n"
        return text
    }

    /// `sso <word> <subcommand>`.
    var usage: String { "sso \(word) <subcommand> [<arguments>] [<options>]" }
}
