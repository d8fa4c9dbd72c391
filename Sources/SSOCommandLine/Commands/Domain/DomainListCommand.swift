import Foundation
import SelfServeSSO

/// `sso domain list ORG`: an organization's domains and their status.
struct DomainListCommand: Command {
    let spec = CommandSpec(
        words: ["domain", "list"],
        summary: "List an organization's domains and their status.",
        discussion: """
        With --json: {"organization", "domains": [{"domain", "status", "recordName", \
        "recordType", "recordValue", "expiresAt", "verifiedAt", …}]}, ordered by name.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The domains were listed."), .refused, .usage],
        examples: ["sso domain list acme"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let domains = try await lifecycle.domains(organizationID: id, by: session.principal(for: id))
            let now = invocation.tool.now()
            let json = JSONValue.object(["organization": .string(id),
                                         "domains": .array(domains.map { .object(RecordJSON.domain($0, now: now)) })])
            session.emit(json, text: Self.text(domains, organizationID: id, now: now, style: session.style))
            return .success
        }
    }

    static func text(_ domains: [DomainRecord], organizationID: String, now: Date, style: TerminalStyle) -> String {
        guard !domains.isEmpty else {
            return "\(organizationID) has no domains yet. Add one:\n  sso domain add \(organizationID) DOMAIN\n"
        }
        let rows = domains.map { record -> [String] in
            let status = record.status(at: now)
            let when = status == .verified ? record.verifiedAt.map(RecordText.date) ?? "" : "until " + RecordText.date(record.challengeExpiresAt)
            return [record.name, status.rawValue, when, status == .verified ? "" : record.recordName + " TXT " + record.recordValue]
        }
        return TextLayout.table(header: ["DOMAIN", "STATUS", "SINCE / EXPIRES", "RECORD TO CREATE"], rows: rows, style: style)
    }
}
