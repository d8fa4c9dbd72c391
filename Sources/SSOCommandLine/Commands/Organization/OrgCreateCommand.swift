import SelfServeSSO

/// `sso org create ORG --name NAME`: registers one of the application's organizations.
struct OrgCreateCommand: Command {
    let spec = CommandSpec(
        words: ["org", "create"],
        summary: "Register an organization (operator).",
        discussion: """
        With --json: {"organization", "name", "ssoAllowed", "createdAt"}.
        """,
        arguments: [.organization],
        options: [.value("name", placeholder: "name", help: "Its display name, such as \"Acme Inc\".", isRequired: true)]
            + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The organization was registered."), .refused, .usage],
        examples: ["sso org create acme --name \"Acme Inc\""])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let organization = try await lifecycle.createOrganization(id: id, name: arguments.value("name") ?? "",
                                                                      by: session.principal(for: id))
            session.emit(.object(RecordJSON.organization(organization)),
                         text: "Registered \(organization.name) (\(organization.id)). Its SSO setup is off until you allow it:\n"
                             + "  sso org allow-sso \(organization.id)\n")
            return .success
        }
    }
}
