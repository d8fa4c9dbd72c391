/// Every `sso` command, and the dispatch from command words to a command.
///
/// Global options are accepted before, among or after the command words: `--json` (for
/// commands that declare it), `--store PATH`, `--actor-permissions LIST` and
/// `--actor-organization ORG` (for the commands that work on the store), `-h`/`--help` anywhere, and `--version` before the command words.
struct CommandCatalog: Sendable {
    /// The commands in help order, each under the heading of its section.
    let sections: [(title: String, commands: [any Command])]
    /// The words that only group subcommands (`connection`, `connection test`, …).
    let groups: [CommandGroup]

    /// The commands of `sso`.
    static let builtIn = CommandCatalog(
        sections: [
            ("COMMANDS", [
                DemoCommand(), InitCommand(), ServeCommand(),
                OrgCreateCommand(), OrgAllowSSOCommand(), OrgShowCommand(),
                DomainAddCommand(), DomainVerifyCommand(), DomainListCommand(), DomainRemoveCommand(),
                ConnectionSetCommand(), ConnectionShowCommand(), TestStartCommand(), TestCompleteCommand(),
                ConnectionStatusCommand.activate, ConnectionStatusCommand.deactivate, ConnectionResetCommand(),
                RefreshMetadataCommand(),
                SPMetadataCommand(), RouteCommand(), SignInStartCommand(), SignInFinishCommand(),
                SetupLinkCreateCommand(), SetupLinkListCommand(), SetupLinkRevokeCommand(),
                CertificatesExpiringCommand(), AuditCommand(), AttemptsCommand(),
            ]),
            ("PROVIDER AND SAML TOOLS (no store)", [
                ProvidersCommand(), SchemaCommand(), GuideCommand(), ValidateCommand(), DocsCommand(),
                MetadataInspectCommand(), ResponseVerifyCommand(),
            ]),
        ],
        groups: [
            CommandGroup(word: "org", summary: "Register organizations and allow them to set up SSO (operator)."),
            CommandGroup(word: "domain", summary: "Add an organization's email domains and verify them with a DNS TXT record."),
            CommandGroup(word: "connection",
                         summary: "Configure an organization's SSO connection, test it, and put it live."),
            CommandGroup(words: ["connection", "test"],
                         summary: "Run a test sign-in of the connection's saved configuration."),
            CommandGroup(word: "sign-in", summary: "Start and finish a production sign-in, as the sign-in page does."),
            CommandGroup(word: "setup-link",
                         summary: "Give an IT admin who is not a user of the application a link to the SSO setup."),
            CommandGroup(word: "certificates", summary: "Report identity-provider signing certificates."),
            CommandGroup(word: "metadata", summary: "Inspect SAML identity-provider metadata."),
            CommandGroup(word: "response", summary: "Verify SAML responses."),
        ])

    /// Every command, grouped ones included, in help order.
    var allCommands: [any Command] { sections.flatMap(\.commands) }

    /// The top-level words: command names and group names, in help order.
    var topLevelWords: [String] {
        var seen: Set<String> = []
        return allCommands.map { $0.spec.words[0] }.filter { seen.insert($0).inserted }
    }

    /// The group with these words (a plain one when none is declared).
    func group(_ words: [String]) -> CommandGroup {
        groups.first { $0.words == words } ?? CommandGroup(words: words, summary: "Subcommands of '\(words.joined(separator: " "))'.")
    }

    /// Runs one command line: resolves the command words (reading the global options met on
    /// the way), parses the rest, runs the command, and reports usage errors on standard error.
    func run(_ tokens: [String], in invocation: Invocation) async -> ExitStatus {
        var index = tokens.startIndex
        var wantsJSON = false
        var wantsHelp = false
        var wantsVersion = false
        // Global options given before the command is known; handed to it after parsing.
        var early: [String: String] = [:]
        var path: [String] = []
        var command: (any Command)?

        while command == nil, index < tokens.endIndex {
            let token = tokens[index]
            if token == "--json" {
                wantsJSON = true
            } else if token == "-h" || token == "--help" {
                wantsHelp = true
            } else if token == "--version", path.isEmpty {
                wantsVersion = true
            } else if let option = Self.globalOption(in: token) {
                let (value, next) = Self.value(of: option, token: token, after: index, in: tokens)
                guard let value, value.isEmpty == false || option.allowsEmptyValue else {
                    return report(.missingValue(option: option.name), usage: "USAGE: " + Self.usage,
                                  helpHint: "sso --help", in: invocation)
                }
                guard early[option.name] == nil else {
                    return report(.repeatedOption(option.name), usage: "USAGE: " + Self.usage,
                                  helpHint: "sso --help", in: invocation)
                }
                early[option.name] = value
                index = next
                continue
            } else if token.hasPrefix("-") {
                break
            } else {
                let candidate = path + [token]
                if let match = allCommands.first(where: { $0.spec.words == candidate }) {
                    command = match
                } else if allCommands.contains(where: { $0.spec.words.count > candidate.count && $0.spec.words.starts(with: candidate) }) {
                    path = candidate
                } else if path.isEmpty {
                    return report(.unknownCommand(token, known: topLevelWords), usage: "USAGE: " + Self.usage,
                                  helpHint: "sso --help", in: invocation)
                } else {
                    let group = group(path)
                    return report(.unknownCommand(token, known: group.nextWords(in: self)), usage: "USAGE: " + group.usage,
                                  helpHint: "\(group.invocation) --help", in: invocation)
                }
            }
            index += 1
        }
        let remaining = Array(tokens[index...])

        guard let command else {
            if !path.isEmpty {
                let group = group(path)
                if wantsHelp || remaining.contains("-h") || remaining.contains("--help") {
                    invocation.write(group.help(in: self))
                    return .success
                }
                if let token = remaining.first {
                    return report(.unknownOption(token, command: group.invocation), usage: "USAGE: " + group.usage,
                                  helpHint: "\(group.invocation) --help", in: invocation)
                }
                return report(.missingCommand(known: group.nextWords(in: self)), usage: "USAGE: " + group.usage,
                              helpHint: "\(group.invocation) --help", in: invocation)
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
            var arguments = try spec.parse(remaining)
            if arguments.isHelpRequested {
                invocation.write(spec.help)
                return .success
            }
            if wantsJSON {
                guard spec.acceptsJSON else { throw UsageError.jsonNotSupported(command: spec.invocation) }
                arguments.flags.insert("json")
            }
            for (name, value) in early.sorted(by: { $0.key < $1.key }) {
                guard spec.option(named: name) != nil else { throw UsageError.globalOptionNotUsed(name, command: spec.invocation) }
                guard arguments.values[name] == nil else { throw UsageError.repeatedOption(name) }
                arguments.values[name] = [value]
            }
            return try await command.run(arguments, in: invocation)
        } catch {
            return report(error, usage: spec.usage, helpHint: "\(spec.invocation) --help", in: invocation)
        }
    }

    /// The global value option a token names (`--store`, `--store=PATH`), if any.
    private static func globalOption(in token: String) -> OptionSpec? {
        OptionSpec.globalValueOptions.first { token == "--\($0.name)" || token.hasPrefix("--\($0.name)=") }
    }

    /// The value of a global option: after `=`, or the next token unless it is another
    /// option; and the index after it.
    private static func value(of option: OptionSpec, token: String, after index: Int,
                              in tokens: [String]) -> (String?, Int) {
        if let equals = token.firstIndex(of: "=") {
            return (String(token[token.index(after: equals)...]), index + 1)
        }
        let next = index + 1
        guard next < tokens.endIndex, !tokens[next].hasPrefix("--") else { return (nil, next) }
        return (tokens[next], next + 1)
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
    static let usage = "sso [<global options>] <command> [<arguments>] [<options>]"

    /// The top-level help text.
    var help: String {
        var text = """
        OVERVIEW: sso sets up enterprise single sign-on for the customers of a B2B \
        application: it registers organizations, verifies their email domains through DNS, \
        saves and validates their identity provider's configuration, runs test sign-ins, \
        activates connections, routes and signs people in, and reports certificates and \
        audit logs, all on a local store. It also lists the identity providers, prints their \
        configuration schemas and setup guides, generates the documentation site, and \
        inspects SAML metadata and responses. New here? Run 'sso demo'.

        USAGE: \(Self.usage)

        """
        text = TextLayout.wrapParagraphs(text, width: CommandSpec.helpWidth)
        for section in sections {
            text += "\n\(section.title):\n"
            text += section.commands.map { command in
                TextLayout.definition(term: command.spec.words.joined(separator: " "), text: command.spec.summary,
                                      width: CommandSpec.helpWidth, column: CommandSpec.descriptionColumn)
            }.joined(separator: "\n")
            text += "\n"
        }
        text += "\nGLOBAL OPTIONS (before or after the command words):\n"
        text += [
            ("--store <path>", "The SQLite store file of the commands that keep state. Default: $SSO_STORE, else $XDG_DATA_HOME/selfservesso/sso.sqlite, else ~/.local/share/selfservesso/sso.sqlite."),
            ("--actor-permissions <list>", "Act as a member of the command's organization holding only these comma-separated permissions (org:sys_entconns:read, org:sys_entconns:manage; an empty list grants nothing). Without it, sso acts as the application's operator."),
            ("--actor-organization <org>", "With --actor-permissions: the member belongs to this organization instead of the command's (and so sees nothing of it)."),
            ("--json", "Print JSON (for commands that support it)."),
            ("--version", "Print the version of sso."),
            ("-h, --help", "Show this help; 'sso <command> --help' shows a command's help."),
        ].map { TextLayout.definition(term: $0.0, text: $0.1, width: CommandSpec.helpWidth,
                                      column: CommandSpec.descriptionColumn) }.joined(separator: "\n")
        text += "\n\nEXIT STATUS:\n"
        text += [
            ("0", "Success: the command did what was asked and found nothing wrong."),
            ("1", "Refused or failed: permission denied, invalid configuration, domain not verified, failed test sign-in, rejected response, stale docs. With --json the output carries errors: [{code, message}]."),
            ("2", "Usage error: unknown command or flag, missing value, unreadable file, unknown provider."),
        ].map { TextLayout.definition(term: $0.0, text: $0.1, width: CommandSpec.helpWidth, column: 6) }
            .joined(separator: "\n")
        text += "\n\nENVIRONMENT:\n"
        text += [
            ("SSO_STORE", "The store file when --store is not given."),
            ("XDG_DATA_HOME", "Where the default store lives (selfservesso/sso.sqlite under it)."),
            ("NO_COLOR", "When set, never colour output. Colour is only used on a terminal."),
        ].map { TextLayout.definition(term: $0.0, text: $0.1, width: CommandSpec.helpWidth,
                                      column: CommandSpec.descriptionColumn) }.joined(separator: "\n")
        text += "\n"
        return text
    }
}
