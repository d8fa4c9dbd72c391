import SelfServeSSO

/// `sso domain remove ORG DOMAIN`: removes a domain from an organization.
struct DomainRemoveCommand: Command {
    let spec = CommandSpec(
        words: ["domain", "remove"],
        summary: "Remove a domain from an organization.",
        discussion: """
        Refused for the last verified domain while the connection is active \
        (domain.last-verified): its people could no longer be routed to the identity provider.

        With --json: {"organization", "domain", "removed": true}.
        """,
        arguments: [.organization, ArgumentSpec("domain", help: "The domain to remove.")],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The domain was removed."), .refused, .usage],
        examples: ["sso domain remove acme old-acme.com"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let domain = arguments.argument("domain") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            try await lifecycle.removeDomain(domain, organizationID: id, by: session.principal(for: id))
            let name = (try? DomainName.normalize(domain)) ?? domain
            session.emit(.object(["organization": .string(id), "domain": .string(name), "removed": .bool(true)]),
                         text: "Removed \(name) from \(id). You may delete its TXT record from DNS.\n")
            return .success
        }
    }
}
