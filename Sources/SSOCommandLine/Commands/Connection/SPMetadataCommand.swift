import SelfServeSSO

/// `sso sp-metadata ORG`: the SAML metadata of the connection's service provider.
struct SPMetadataCommand: Command {
    let spec = CommandSpec(
        words: ["sp-metadata"],
        summary: "Print the connection's SP metadata XML.",
        discussion: """
        The same document the application serves at the connection's metadata URL. The output \
        is XML, never JSON; refusals are printed on standard error.
        """,
        arguments: [.organization],
        options: [.store, .actorPermissions, .actorOrganization],
        exitStatuses: [ExitStatusNote(.success, "The metadata was printed."), ExitStatusNote(.failure, "Refused (no connection, permission denied, …)."), .usage],
        examples: ["sso sp-metadata acme > acme-sp-metadata.xml"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let connection = try await lifecycle.connectionDetails(organizationID: id, by: session.principal(for: id)).connection
            let xml = try await lifecycle.serviceProviderMetadata(connectionID: connection.id)
            invocation.write(xml.hasSuffix("\n") ? xml : xml + "\n")
            return .success
        }
    }
}
