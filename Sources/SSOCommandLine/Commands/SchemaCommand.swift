import SelfServeSSO

/// `sso schema <provider-id>`: the provider's configuration form as JSON Schema 2020-12.
struct SchemaCommand: Command {
    let spec = CommandSpec(
        words: ["schema"],
        summary: "Print a provider's configuration schema as JSON Schema (2020-12).",
        discussion: """
        The schema describes the JSON object 'sso validate' reads and a host's form submits: \
        one "mode" and the fields of that mode, with the modes as oneOf alternatives. Field \
        titles are the labels the provider's console uses. The output is always JSON; --json \
        is accepted and changes nothing.
        """,
        arguments: [ArgumentSpec("provider-id", help: "The provider, such as okta (see 'sso providers').")],
        options: [.json],
        exitStatuses: [
            ExitStatusNote(.success, "The schema was printed."),
            ExitStatusNote(.usage, "Usage error, such as an unknown provider."),
        ],
        examples: ["sso schema okta", "sso schema entra-id > entra-id.schema.json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let plugin = try invocation.plugin(id: arguments.argument("provider-id") ?? "")
        invocation.write(plugin.schema.jsonSchema(for: plugin.descriptor))
        return .success
    }
}
