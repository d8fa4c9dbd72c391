import SelfServeSSO

/// `sso org allow-sso ORG [--off]`: lets an organization set up SSO, or stops it.
struct OrgAllowSSOCommand: Command {
    let spec = CommandSpec(
        words: ["org", "allow-sso"],
        summary: "Let an organization set up SSO, or stop it (--off).",
        discussion: """
        Turning it off refuses every further change to the organization's setup; an active \
        connection keeps serving sign-ins until it is deactivated.

        With --json: {"organization", "name", "ssoAllowed", "createdAt"}.
        """,
        arguments: [.organization],
        options: [.flag("off", help: "Stop the organization from changing its SSO setup.")] + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The organization's permission is as asked."), .refused, .usage],
        examples: ["sso org allow-sso acme", "sso org allow-sso acme --off"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let allowed = !arguments.flag("off")
        return await session.perform { lifecycle throws(LifecycleError) in
            let organization = try await lifecycle.setSSOAllowed(allowed, organizationID: id, by: session.principal(for: id))
            let text = allowed
                ? "\(organization.name) (\(organization.id)) may now set up SSO.\nNext: add its email domain:\n  sso domain add \(organization.id) DOMAIN\n"
                : "\(organization.name) (\(organization.id)) may no longer change its SSO setup. An active connection keeps serving sign-ins until it is deactivated:\n  sso connection deactivate \(organization.id)\n"
            session.emit(.object(RecordJSON.organization(organization)), text: text)
            return .success
        }
    }
}
