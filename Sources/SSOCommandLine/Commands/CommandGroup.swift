/// Command words that only group subcommands, such as `metadata` in `sso metadata inspect`
/// or `connection test` in `sso connection test start`.
struct CommandGroup: Sendable {
    /// The group's words after `sso`.
    let words: [String]
    /// One line saying what its subcommands are about.
    let summary: String

    /// Creates a group of one word.
    init(word: String, summary: String) {
        self.init(words: [word], summary: summary)
    }

    /// Creates a group of several words.
    init(words: [String], summary: String) {
        self.words = words
        self.summary = summary
    }

    /// `sso` followed by the group's words.
    var invocation: String { (["sso"] + words).joined(separator: " ") }

    /// The commands under this group, in help order.
    func commands(in catalog: CommandCatalog) -> [any Command] {
        catalog.allCommands.filter { $0.spec.words.count > words.count && $0.spec.words.starts(with: words) }
    }

    /// The words that may follow the group's words.
    func nextWords(in catalog: CommandCatalog) -> [String] {
        var seen: Set<String> = []
        return commands(in: catalog).map { $0.spec.words[words.count] }.filter { seen.insert($0).inserted }
    }

    /// The help text: its subcommands and how to get their help.
    func help(in catalog: CommandCatalog) -> String {
        var text = TextLayout.wrapWords(summary.split(separator: " ").map(String.init), width: CommandSpec.helpWidth,
                                        firstPrefix: "OVERVIEW: ", continuationPrefix: "")
        text += "\n\nUSAGE: \(usage)\n\nSUBCOMMANDS:\n"
        text += commands(in: catalog).map { command in
            TextLayout.definition(term: command.spec.words.dropFirst(words.count).joined(separator: " "),
                                  text: command.spec.summary,
                                  width: CommandSpec.helpWidth, column: CommandSpec.descriptionColumn)
        }.joined(separator: "\n")
        text += "\n\nRun '\(invocation) <subcommand> --help' for a subcommand's options.\n"
        return text
    }

    /// `sso <words> <subcommand>`.
    var usage: String { "\(invocation) <subcommand> [<arguments>] [<options>]" }
}
