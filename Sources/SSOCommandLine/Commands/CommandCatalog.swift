/// Every `sso` command, and the dispatch from command words to a command.
///
/// Global flags: `--json` anywhere among or after the command words (for commands that
/// declare it), `-h`/`--help` anywhere, `--version` before the command words.
struct CommandCatalog: Sendable {
    /// Commands reached by one word.
    let commands: [any Command]
    /// Words that group subcommands.
    let groups: [CommandGroup]

    /// The commands of `sso`.
    static let builtIn = CommandCatalog(
        commands: [ProvidersCommand(), SchemaCommand(), GuideCommand(), ValidateCommand(), DocsCommand(), ServeCommand()],
        groups: [
            CommandGroup(word: "metadata", summary: "Inspect SAML identity-provider metadata.",
                         commands: [MetadataInspectCommand()]),
            CommandGroup(word: "response", summary: "Verify SAML responses.",
                         commands: [ResponseVerifyCommand()]),
        ])

    /// Every command, grouped ones included, in help order.
    var allCommands: [any Command] { commands + groups.flatMap(\.commands) }

    /// The top-level words: command names and group names.
    var topLevelWords: [String] { commands.map { $0.spec.words[0] } + groups.map(\.word) }

    /// Runs one command line: resolves the command words, parses the rest, runs the command,
    /// and reports usage errors on standard error.
    func run(_ tokens: [String], in invocation: Invocation) async -> ExitStatus {
        var remaining = tokens[...]
        var wantsJSON = false
        var wantsHelp = false
        var wantsVersion = false
        var group: CommandGroup?
        var command: (any Command)?

        while command == nil, let token = remaining.first {
            if token == "--json" {
                wantsJSON = true
            } else if token == "-h" || token == "--help" {
                wantsHelp = true
            } else if token == "--version", group == nil {
                wantsVersion = true
            } else if token.hasPrefix("-") {
                break
            } else if let currentGroup = group {
                guard let match = currentGroup.commands.first(where: { $0.spec.words.last == token }) else {
                    let known = currentGroup.commands.compactMap(\.spec.words.last)
                    return report(.unknownCommand(token, known: known), usage: "USAGE: " + currentGroup.usage,
                                  helpHint: "sso \(currentGroup.word) --help", in: invocation)
                }
                command = match
            } else if let match = commands.first(where: { $0.spec.words == [token] }) {
                command = match
            } else if let match = groups.first(where: { $0.word == token }) {
                group = match
            } else {
                return report(.unknownCommand(token, known: topLevelWords), usage: "USAGE: " + Self.usage,
                              helpHint: "sso --help", in: invocation)
            }
            remaining = remaining.dropFirst()
        }

        guard let command else {
            if let group {
                if wantsHelp || remaining.contains("-h") || remaining.contains("--help") {
                    invocation.write(group.help)
                    return .success
                }
                if let token = remaining.first {
                    return report(.unknownOption(token, command: "sso \(group.word)"), usage: "USAGE: " + group.usage,
                                  helpHint: "sso \(group.word) --help", in: invocation)
                }
                let known = group.commands.compactMap(\.spec.words.last)
                return report(.missingCommand(known: known), usage: "USAGE: " + group.usage,
                              helpHint: "sso \(group.word) --help", in: invocation)
            }
            if wantsHelp {
                invocation.write(help)
                return .success
            }
            if wantsVersion {
                invocation.write("sso \(CommandLineTool.version)\n")
                return .success
            }
            if let token = remaining.first {
                return report(.unknownOption(token, command: "sso"), usage: "USAGE: " + Self.usage,
                              helpHint: "sso --help", in: invocation)
            }
            return report(.missingCommand(known: topLevelWords), usage: "USAGE: " + Self.usage,
                          helpHint: "sso --help", in: invocation)
        }

        let spec = command.spec
        do throws(UsageError) {
            if wantsHelp {
                invocation.write(spec.help)
                return .success
            }
            var arguments = try spec.parse(Array(remaining))
            if arguments.isHelpRequested {
                invocation.write(spec.help)
                return .success
            }
            if wantsJSON {
                guard spec.acceptsJSON else { throw UsageError.jsonNotSupported(command: spec.invocation) }
                arguments.flags.insert("json")
            }
            return try await command.run(arguments, in: invocation)
        } catch {
            return report(error, usage: spec.usage, helpHint: "\(spec.invocation) --help", in: invocation)
        }
    }

    /// Writes a usage error to standard error.
    private func report(_ error: UsageError, usage: String, helpHint: String, in invocation: Invocation) -> ExitStatus {
        var text = invocation.errorStyle.red("error:") + " " + error.message + "\n"
        if error.showsUsage {
            text += usage + "\n" + "Run '\(helpHint)' for more.\n"
        }
        invocation.standardError.write(text)
        return .usage
    }

    /// The top-level usage line.
    static let usage = "sso [--json] <command> [<arguments>] [<options>]"

    /// The top-level help text.
    var help: String {
        var text = """
        OVERVIEW: sso sets up enterprise single sign-on: it lists the identity providers, \
        prints their configuration schemas and setup guides, validates configurations, \
        generates the documentation site, and inspects SAML metadata and responses.

        USAGE: \(Self.usage)

        COMMANDS:

        """
        text = TextLayout.wrapParagraphs(text, width: CommandSpec.helpWidth)
        text += allCommands.map { command in
            TextLayout.definition(term: command.spec.words.joined(separator: " "), text: command.spec.summary,
                                  width: CommandSpec.helpWidth, column: CommandSpec.descriptionColumn)
        }.joined(separator: "\n")
        text += "\n\nGLOBAL OPTIONS:\n"
        text += [
            ("--json", "Print JSON (for commands that support it); accepted before or after the command words."),
            ("--version", "Print the version of sso."),
            ("-h, --help", "Show this help; 'sso <command> --help' shows a command's help."),
        ].map { TextLayout.definition(term: $0.0, text: $0.1, width: CommandSpec.helpWidth,
                                      column: CommandSpec.descriptionColumn) }.joined(separator: "\n")
        text += "\n\nEXIT STATUS:\n"
        text += [
            ("0", "Success: the command found nothing wrong."),
            ("1", "The command ran and found a problem (invalid configuration, rejected response, stale docs)."),
            ("2", "Usage error: unknown command or flag, missing value, unreadable file, unknown provider."),
        ].map { TextLayout.definition(term: $0.0, text: $0.1, width: CommandSpec.helpWidth, column: 6) }
            .joined(separator: "\n")
        text += "\n\nENVIRONMENT:\n"
        text += TextLayout.definition(term: "NO_COLOR", text: "When set, never colour output. Colour is only used on a terminal.",
                                      width: CommandSpec.helpWidth, column: CommandSpec.descriptionColumn)
        text += "\n"
        return text
    }
}
