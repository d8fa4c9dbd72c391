import SelfServeSSO

/// `sso connection reset ORG`: deletes the connection, its configurations and test runs.
struct ConnectionResetCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "reset"],
        summary: "Delete the connection to start over.",
        discussion: """
        An active connection stops serving sign-ins at once. The domains stay verified. To \
        use another provider, reset and then 'sso connection set' with the new one.

        With --json: {"organization", "connection" (the deleted one's id), "provider", "reset": true}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The connection was deleted."), .refused, .usage],
        examples: ["sso connection reset acme"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let principal = session.principal(for: id)
            // Read first only to say what was deleted; the reset itself checks everything again.
            let connection = try await lifecycle.connectionDetails(organizationID: id, by: principal).connection
            try await lifecycle.resetConnection(organizationID: id, by: principal)
            session.emit(.object(["organization": .string(id), "connection": .string(connection.id),
                                  "provider": .string(connection.providerID), "reset": .bool(true)]),
                         text: "Deleted \(id)'s connection \(connection.id) (\(connection.providerID)) with its configuration and test runs.\n"
                             + "Start again with:\n  sso connection set \(id) --provider ID\n")
            return .success
        }
    }
}
