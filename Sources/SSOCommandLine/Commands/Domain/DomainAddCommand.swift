import SelfServeSSO

/// `sso domain add ORG DOMAIN`: adds an email domain and issues its DNS TXT challenge.
struct DomainAddCommand: Command {
    let spec = CommandSpec(
        words: ["domain", "add"],
        summary: "Add an email domain; print the TXT record to create.",
        discussion: """
        The domain is normalized (lower case, punycode, no trailing dot); IP addresses, \
        wildcards, single labels, public suffixes, consumer mail domains and domains another \
        organization verified are refused.

        With --json: {"organization", "domain", "status", "recordName", "recordType": "TXT", \
        "recordValue", "expiresAt", "verifiedAt", "createdAt", "lastCheck"}.
        """,
        arguments: [.organization, ArgumentSpec("domain", help: "The email domain, such as acme.com.")],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The domain was added; create the TXT record it prints."), .refused, .usage],
        examples: ["sso domain add acme acme.com"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let domain = arguments.argument("domain") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let record = try await lifecycle.addDomain(domain, organizationID: id, by: session.principal(for: id))
            session.emit(.object(RecordJSON.domain(record, now: invocation.tool.now())), text: Self.text(record, style: session.style))
            return .success
        }
    }

    static func text(_ record: DomainRecord, style: TerminalStyle) -> String {
        var text = "Added \(record.name) to \(record.organizationID) (pending).\n\n"
        text += "Create this DNS record at \(record.name)'s DNS provider:\n\n"
        text += RecordText.txtRecord(record)
        text += "\nThe record is accepted until \(RecordText.date(record.challengeExpiresAt)). Once it is published, run:\n"
        text += "  sso domain verify \(record.organizationID) \(record.name)\n"
        return text
    }
}
