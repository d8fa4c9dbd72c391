import SelfServeSSO

/// `sso org show ORG`: where an organization's SSO setup stands, step by step.
struct OrgShowCommand: Command {
    let spec = CommandSpec(
        words: ["org", "show"],
        summary: "Show an organization's setup and its next step.",
        discussion: """
        With --json: {"organization", "name", "ssoAllowed", "createdAt", "state" (unconfigured, \
        in-progress, active, inactive), "steps": {"domains", "connection", "test", "activation"} \
        (not-started, in-progress, complete), "domains": [domain], "connection", "provider", \
        "connectionStatus", "pendingTest"}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The setup was shown."), .refused, .usage],
        examples: ["sso org show acme", "sso org show acme --actor-permissions org:sys_entconns:read --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let overview = try await lifecycle.overview(organizationID: id, by: session.principal(for: id))
            session.emit(Self.json(overview), text: Self.text(overview, style: session.style))
            return .success
        }
    }

    static func json(_ overview: OrganizationOverview) -> JSONValue {
        var members = RecordJSON.organization(overview.organization)
        members["state"] = .string(overview.state.rawValue)
        members["steps"] = .object([
            "domains": .string(overview.domainsStep.rawValue),
            "connection": .string(overview.connectionStep.rawValue),
            "test": .string(overview.testStep.rawValue),
            "activation": .string(overview.activationStep.rawValue),
        ])
        members["domains"] = .array(overview.domains.map { .object(RecordJSON.domain($0, now: overview.now)) })
        members["connection"] = .optional(overview.connection?.id)
        members["provider"] = .optional(overview.connection?.providerID)
        members["connectionStatus"] = .optional(overview.connection?.status.rawValue)
        members["pendingTest"] = .bool(overview.connection?.hasPendingChange ?? false)
        return .object(members)
    }

    static func text(_ overview: OrganizationOverview, style: TerminalStyle) -> String {
        let organization = overview.organization
        var text = style.bold("\(organization.name) (\(organization.id))") + "\n\n"
        let domains = overview.domains.map { "\($0.name) (\($0.status(at: overview.now).rawValue))" }
        let connection = overview.connection.map { connection in
            "\(connection.providerID), \(connection.status.rawValue)" + (connection.hasPendingChange ? ", change pending a test" : "")
        }
        text += TextLayout.fields([
            ("SSO allowed", organization.ssoAllowed ? "yes" : "no"),
            ("Setup", overview.state.rawValue),
            ("1. Domains", overview.domainsStep.rawValue + (domains.isEmpty ? "" : ": " + domains.joined(separator: ", "))),
            ("2. Connection", overview.connectionStep.rawValue + (connection.map { ": " + $0 } ?? "")),
            ("3. Test", overview.testStep.rawValue),
            ("4. Activation", overview.activationStep.rawValue),
        ])
        text += "\nNext: " + nextStep(overview) + "\n"
        return text
    }

    /// The command for the first step not done yet.
    static func nextStep(_ overview: OrganizationOverview) -> String {
        let id = overview.organization.id
        if !overview.organization.ssoAllowed { return "the operator allows SSO:\n  sso org allow-sso \(id)" }
        if overview.domains.isEmpty { return "add the company's email domain:\n  sso domain add \(id) DOMAIN" }
        if overview.domainsStep != .complete {
            let name = overview.domains.first?.name ?? "DOMAIN"
            return "publish the TXT record, then verify the domain:\n  sso domain verify \(id) \(name)"
        }
        if overview.connectionStep != .complete {
            return "save the identity provider's configuration:\n  sso connection set \(id) --provider ID --metadata-url URL"
        }
        if overview.testStep != .complete { return "run a test sign-in:\n  sso connection test start \(id)" }
        if overview.activationStep != .complete { return "activate the connection:\n  sso connection activate \(id)" }
        return "nothing: SSO is live. Check routing with:\n  sso route someone@\(overview.verifiedDomains.first?.name ?? "DOMAIN")"
    }
}
