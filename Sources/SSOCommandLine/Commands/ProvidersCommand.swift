import SelfServeSSO

/// `sso providers [--json]`: the identity providers this build supports.
struct ProvidersCommand: Command {
    let spec = CommandSpec(
        words: ["providers"],
        summary: "List the identity providers this build supports.",
        discussion: """
        Prints a table for people, or with --json an array of objects with the keys id, name, \
        protocol, summary, modes (each with id, title, summary and fields) and fields (each with \
        key, label, kind, required, modes, help and example), in the order a provider picker \
        shows them.
        """,
        options: [.json],
        exitStatuses: [ExitStatusNote(.success, "Always.")],
        examples: ["sso providers", "sso providers --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let plugins = invocation.tool.registry.plugins
        if arguments.flag("json") {
            invocation.write(invocation.tool.registry.catalogJSON())
            return .success
        }
        let rows = plugins.map { plugin in
            [plugin.descriptor.id, plugin.descriptor.name, plugin.descriptor.protocol.rawValue,
             plugin.schema.modes.map(\.id).joined(separator: ", ")]
        }
        invocation.write(TextLayout.table(header: ["ID", "NAME", "PROTOCOL", "MODES"], rows: rows,
                                          style: invocation.outputStyle))
        invocation.write("\nSetup steps: sso guide <id> --acs-url URL --sp-entity-id ID\n"
                         + "Form schema: sso schema <id>\n")
        return .success
    }
}
