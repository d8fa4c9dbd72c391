import SelfServeSSO

/// `sso attempts ORG [--limit N]`: an organization's sign-in attempts, newest first.
struct AttemptsCommand: Command {
    let spec = CommandSpec(
        words: ["attempts"],
        summary: "Show an organization's sign-in attempts.",
        discussion: """
        Every test and production sign-in attempt, refused ones included, with every error \
        code, the expected and received values and who must act: what support looks at first.

        With --json: {"organization", "attempts": [{"id", "at", "kind", "outcome", \
        "connection", "testID", "email", "errors": [{"code", "message", "fix", "side", \
        "details"}], "details"}]}.
        """,
        arguments: [.organization],
        options: [.value("limit", placeholder: "n", help: "The most attempts to show, 1 to 1000 (default 100).")]
            + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The attempts were printed."), .refused, .usage],
        examples: ["sso attempts acme --limit 10"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let limit = try arguments.integer("limit", in: 1...1000) ?? 100
        return await session.perform { lifecycle throws(LifecycleError) in
            let attempts = try await lifecycle.attempts(organizationID: id, limit: limit, by: session.principal(for: id))
            session.emit(.object(["organization": .string(id), "attempts": .array(attempts.map(Self.json))]),
                         text: Self.text(attempts, organizationID: id, style: session.style))
            return .success
        }
    }

    static func json(_ attempt: AttemptRecord) -> JSONValue {
        .object([
            "id": .string(attempt.id), "at": .timestamp(attempt.at), "kind": .string(attempt.kind.rawValue),
            "outcome": .string(attempt.outcome.rawValue), "connection": .optional(attempt.connectionID),
            "testID": .optional(attempt.testRunID), "email": .optional(attempt.email),
            "errors": .array(attempt.failures.map(RecordJSON.failure)),
            "details": .object(attempt.details.mapValues(JSONValue.string)),
        ])
    }

    static func text(_ attempts: [AttemptRecord], organizationID: String, style: TerminalStyle) -> String {
        guard !attempts.isEmpty else { return "\(organizationID) has no sign-in attempts yet.\n" }
        return TextLayout.table(header: ["AT", "KIND", "OUTCOME", "EMAIL", "ERRORS"], rows: attempts.map { attempt in
            [RecordText.date(attempt.at), attempt.kind.rawValue, attempt.outcome.rawValue, attempt.email ?? "",
             attempt.failures.map(\.code).joined(separator: ", ")]
        }, style: style)
    }
}
