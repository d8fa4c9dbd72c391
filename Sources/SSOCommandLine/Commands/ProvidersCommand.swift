import SelfServeSSO

/// `sso providers [--json]`: the identity providers this build supports.
struct ProvidersCommand: Command {
    let spec = CommandSpec(
        words: ["providers"],
        summary: "List the identity providers this build supports.",
        discussion: """
        Prints a table for people, or with --json an array of objects with the keys id, name, \
        protocol, summary, modes (each with id, title, summary, fields and required) and fields \
        (each with key, label, kind, help and example), in the order a provider picker shows them.
        """,
        options: [.json],
        exitStatuses: [ExitStatusNote(.success, "Always.")],
        examples: ["sso providers", "sso providers --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let plugins = invocation.tool.registry.plugins
        if arguments.flag("json") {
            invocation.write(.array(plugins.map(Self.json(for:))))
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

    /// One provider as the `--json` output describes it.
    static func json(for plugin: any IdentityProviderPlugin) -> JSONOutput {
        let schema = plugin.schema
        let modes = schema.modes.map { mode -> JSONOutput in
            let fields = mode.fields + schema.commonFields.filter { common in !mode.fields.contains { $0.key == common.key } }
            return .object([
                "id": .string(mode.id),
                "title": .string(mode.title),
                "summary": .string(mode.summary),
                "fields": .strings(fields.map(\.key)),
                "required": .strings(fields.filter(\.isRequired).map(\.key)),
            ])
        }
        let fields = schema.allFields.map { field -> JSONOutput in
            .object([
                "key": .string(field.key),
                "label": .string(field.label),
                "kind": .string(field.kind.name),
                "help": .string(field.help),
                "example": .optional(field.example),
            ])
        }
        return .object([
            "id": .string(plugin.descriptor.id),
            "name": .string(plugin.descriptor.name),
            "protocol": .string(plugin.descriptor.protocol.rawValue),
            "summary": .string(plugin.descriptor.summary),
            "modes": .array(modes),
            "fields": .array(fields),
        ])
    }
}
