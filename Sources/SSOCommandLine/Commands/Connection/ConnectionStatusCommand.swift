import SelfServeSSO

/// `sso connection activate ORG` and `sso connection deactivate ORG`: puts the tested
/// configuration live, or stops the connection serving sign-ins.
struct ConnectionStatusCommand: Command {
    /// Whether this command activates (else deactivates).
    let activates: Bool
    let spec: CommandSpec

    /// `sso connection activate`.
    static let activate = ConnectionStatusCommand(activates: true, spec: CommandSpec(
        words: ["connection", "activate"],
        summary: "Put the tested configuration live.",
        discussion: """
        Requires SSO to be allowed, a verified domain (activation.requires-verified-domain) and \
        a successful test sign-in of the configuration as saved now \
        (activation.requires-successful-test).

        With --json: {"organization", "connection", "provider", "status", "pendingTest"}.
        """,
        arguments: [.organization],
        options: [.ifVersion] + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The connection is active."),
                       ExitStatusNote(.failure, "Refused; the error says what is missing."), .usage],
        examples: ["sso connection activate acme"]))

    /// `sso connection deactivate`.
    static let deactivate = ConnectionStatusCommand(activates: false, spec: CommandSpec(
        words: ["connection", "deactivate"],
        summary: "Stop the connection serving sign-ins.",
        discussion: """
        Activating again needs no new test unless the configuration changed.

        With --json: {"organization", "connection", "provider", "status", "pendingTest"}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The connection is inactive."), .refused, .usage],
        examples: ["sso connection deactivate acme"]))

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let expectedVersion = activates ? try arguments.expectedVersion() : nil
        return await session.perform { lifecycle throws(LifecycleError) in
            let principal = session.principal(for: id)
            let connection = activates ? try await lifecycle.activate(organizationID: id, expectedVersion: expectedVersion, by: principal)
                : try await lifecycle.deactivate(organizationID: id, by: principal)
            let json = JSONValue.object([
                "organization": .string(connection.organizationID), "connection": .string(connection.id),
                "provider": .string(connection.providerID), "status": .string(connection.status.rawValue),
                "pendingTest": .bool(connection.hasPendingChange),
            ])
            let text = activates
                ? TextLayout.paragraph(session.style.green("Active:") + " \(id)'s connection \(connection.id) now signs in the people of its verified domains.")
                    + "Try it:\n  sso route someone@DOMAIN\n  sso sign-in start someone@DOMAIN\n"
                : TextLayout.paragraph("Inactive: \(id)'s connection \(connection.id) no longer serves sign-ins. Its configuration is kept; to put it back:")
                    + "  sso connection activate \(id)\n"
            session.emit(json, text: text)
            return .success
        }
    }
}
