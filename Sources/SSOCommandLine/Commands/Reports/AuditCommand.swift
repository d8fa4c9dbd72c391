import SelfServeSSO

/// `sso audit ORG [--limit N]`: an organization's audit log, newest first.
struct AuditCommand: Command {
    let spec = CommandSpec(
        words: ["audit"],
        summary: "Show an organization's audit log, newest first.",
        discussion: """
        Every change to the organization's setup, appended and never altered: who, what, \
        when, and the record before and after.

        With --json: {"organization", "entries": [{"id", "at", "actor", "action", "target", \
        "before", "after"}]} (before and after are the records as JSON objects, or null).
        """,
        arguments: [.organization],
        options: [.value("limit", placeholder: "n", help: "The most entries to show, 1 to 1000 (default 100).")]
            + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The log was printed."), .refused, .usage],
        examples: ["sso audit acme", "sso audit acme --limit 5 --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let limit = try arguments.integer("limit", in: 1...1000) ?? 100
        return await session.perform { lifecycle throws(LifecycleError) in
            let entries = try await lifecycle.auditLog(organizationID: id, limit: limit, by: session.principal(for: id))
            session.emit(.object(["organization": .string(id), "entries": .array(entries.map(Self.json))]),
                         text: Self.text(entries, organizationID: id, style: session.style))
            return .success
        }
    }

    static func json(_ entry: AuditEntry) -> JSONValue {
        .object([
            "id": .string(entry.id), "at": .timestamp(entry.at), "actor": .string(entry.actor),
            "action": .string(entry.action), "target": .optional(entry.target),
            "before": embedded(entry.before), "after": embedded(entry.after),
        ])
    }

    /// A record kept as JSON text, embedded as JSON (or as the text when it does not parse).
    static func embedded(_ text: String?) -> JSONValue {
        guard let text else { return .null }
        return (try? JSONValue(parsing: text)) ?? .string(text)
    }

    static func text(_ entries: [AuditEntry], organizationID: String, style: TerminalStyle) -> String {
        guard !entries.isEmpty else { return "\(organizationID)'s audit log is empty.\n" }
        return TextLayout.table(header: ["AT", "ACTOR", "ACTION", "TARGET"], rows: entries.map { entry in
            [RecordText.date(entry.at), entry.actor, entry.action, entry.target ?? ""]
        }, style: style)
    }
}
