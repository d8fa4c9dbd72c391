import SelfServeSSO

/// `sso certificates expiring [--within DAYS] [--org ORG]`: signing certificates that have
/// expired or expire soon, with what to do before the date.
struct CertificatesExpiringCommand: Command {
    let spec = CommandSpec(
        words: ["certificates", "expiring"],
        summary: "List IdP certificates expired or expiring soon.",
        discussion: """
        Across every connection for the operator; for one organization with --org (required \
        with --actor-permissions, as a member sees only their own). Soonest first, each with \
        what the admin must do in the provider's console.

        With --json: {"withinDays", "organization" (or null), "certificates": \
        [{"organization", "connection", "provider", "connectionStatus", "live", "subject", \
        "sha256Fingerprint", "notAfter", "expired", "daysLeft", "action"}]}.
        """,
        options: [
            .value("within", placeholder: "days", help: "The horizon in days, 0 to 3650 (default 30)."),
            .value("org", placeholder: "org", help: "Only this organization's connection."),
        ] + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The report was printed (even when it lists certificates)."), .refused, .usage],
        examples: ["sso certificates expiring --within 60", "sso certificates expiring --org acme --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let days = try arguments.integer("within", in: 0...3650) ?? 30
        let organizationID = arguments.value("org")
        return await session.perform { lifecycle throws(LifecycleError) in
            guard organizationID != nil || session.permissions == nil else {
                throw LifecycleError(.permissionDenied,
                    "A member sees only their own organization's certificates: add --org ORG with --actor-permissions.")
            }
            let principal = session.principal(for: organizationID ?? "")
            let report = try await lifecycle.expiringCertificates(within: days, organizationID: organizationID, by: principal)
            session.emit(.object([
                "withinDays": .integer(days),
                "organization": .optional(organizationID),
                "certificates": .array(report.map(Self.json)),
            ]), text: Self.text(report, days: days, style: session.style))
            return .success
        }
    }

    static func json(_ entry: CertificateExpiry) -> JSONValue {
        .object([
            "organization": .string(entry.organizationID), "connection": .string(entry.connectionID),
            "provider": .string(entry.providerID), "connectionStatus": .string(entry.connectionStatus.rawValue),
            "live": .bool(entry.isLive), "subject": .string(entry.subject),
            "sha256Fingerprint": .string(entry.sha256Fingerprint), "notAfter": .timestamp(entry.notAfter),
            "expired": .bool(entry.expired), "daysLeft": .integer(entry.daysLeft), "action": .string(entry.action),
        ])
    }

    static func text(_ report: [CertificateExpiry], days: Int, style: TerminalStyle) -> String {
        guard !report.isEmpty else { return "No signing certificate expires within \(days) days.\n" }
        var text = TextLayout.table(header: ["ORG", "CONNECTION", "PROVIDER", "EXPIRES", "DAYS", "CONFIG", "SUBJECT"], rows: report.map { entry in
            [entry.organizationID, entry.connectionID, entry.providerID, RecordText.date(entry.notAfter),
             entry.expired ? "expired" : String(entry.daysLeft), entry.isLive ? "live" : "saved", entry.subject]
        }, style: style)
        for entry in report {
            text += "\n" + TextLayout.paragraph("\(entry.organizationID) (\(entry.sha256Fingerprint.prefix(11))…): \(entry.action)",
                                                first: "", indent: "  ")
        }
        return text
    }
}
