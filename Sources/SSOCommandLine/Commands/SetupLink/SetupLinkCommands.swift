import SelfServeSSO
import SSOWeb

/// `sso setup-link create ORG [--days N] [--note TEXT]`: a link for an IT admin who is not a
/// user of the application, printed once.
struct SetupLinkCreateCommand: Command {
    let spec = CommandSpec(
        words: ["setup-link", "create"],
        summary: "Create a setup link for an IT admin; print it once.",
        discussion: """
        The link opens this organization's SSO setup in `sso serve` (or the host's Security \
        tab), and nothing else. It is exchanged once, within its lifetime, for a session of 8 \
        hours kept in the store. Only a fingerprint of it is stored: copy it now.

        With --json: {"organization", "id", "url", "note", "expiresAt"}.
        """,
        arguments: [.organization],
        options: [
            .value("days", placeholder: "n", help: "How long the link can be used, 1 to 30 days (default 7)."),
            .value("note", placeholder: "text", help: "Who it is for, shown in the list, such as \"Jane at Acme IT\"."),
        ] + OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The link was created and printed."), .refused, .usage],
        examples: ["sso setup-link create acme --note \"Jane at Acme IT\"", "sso setup-link create acme --days 1 --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let days = try arguments.integer("days", in: 1...30) ?? 7
        let note = arguments.value("note") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let (link, token) = try await lifecycle.createSetupLink(organizationID: id, note: note,
                                                                    lifetime: Double(days) * 86_400, by: session.principal(for: id))
            let url = SSOWebApplication.setupLinkURL(token: token, serviceProviderBaseURL: lifecycle.settings.serviceProviderBaseURL)
            session.emit(.object([
                "organization": .string(id), "id": .string(link.id), "url": .string(url), "note": .string(link.note),
                "expiresAt": .timestamp(link.expiresAt),
            ]), text: """
                Created a setup link for \(id) (\(link.id)), usable once until \(RecordText.date(link.expiresAt)):
                  \(url)
                Send it to the IT admin now: it cannot be shown again. Revoke it with
                  sso setup-link revoke \(id) \(link.id)

                """)
            return .success
        }
    }
}

/// `sso setup-link list ORG`: an organization's setup links, newest first.
struct SetupLinkListCommand: Command {
    let spec = CommandSpec(
        words: ["setup-link", "list"],
        summary: "List an organization's setup links and their status.",
        discussion: """
        Status: active (not used yet), in-use (exchanged; its session is open), used, expired \
        or revoked. The links themselves cannot be shown again.

        With --json: {"organization", "links": [{"id", "note", "createdBy", "createdAt", \
        "expiresAt", "status", "usedAt", "sessionExpiresAt"}]}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The links were listed."), .refused, .usage],
        examples: ["sso setup-link list acme"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let links = try await lifecycle.setupLinks(organizationID: id, by: session.principal(for: id))
            let now = lifecycle.environment.now()
            let json: [JSONValue] = links.map { link in
                .object([
                    "id": .string(link.id), "note": .string(link.note), "createdBy": .string(link.createdBy),
                    "createdAt": .timestamp(link.createdAt), "expiresAt": .timestamp(link.expiresAt),
                    "status": .string(link.status(at: now).rawValue),
                    "usedAt": link.usedAt.map(JSONValue.timestamp) ?? .null,
                    "sessionExpiresAt": link.sessionExpiresAt.map(JSONValue.timestamp) ?? .null,
                ])
            }
            let text = links.isEmpty ? "\(id) has no setup links. Create one with: sso setup-link create \(id)\n"
                : TextLayout.table(header: ["ID", "FOR", "CREATED", "EXPIRES", "STATUS"], rows: links.map { link in
                    [link.id, link.note.isEmpty ? "-" : link.note, RecordText.date(link.createdAt),
                     RecordText.date(link.expiresAt), link.status(at: now).rawValue]
                }, style: session.style)
            session.emit(.object(["organization": .string(id), "links": .array(json)]), text: text)
            return .success
        }
    }
}

/// `sso setup-link revoke ORG LINK`: a link can no longer be exchanged, and a session opened
/// with it ends.
struct SetupLinkRevokeCommand: Command {
    let spec = CommandSpec(
        words: ["setup-link", "revoke"],
        summary: "Revoke a setup link; end the session opened with it.",
        discussion: """
        LINK is the id `sso setup-link list` shows (link_…), not the link itself. Revoking \
        an already revoked link changes nothing.

        With --json: {"organization", "id", "status": "revoked"}.
        """,
        arguments: [.organization, ArgumentSpec("link", help: "The link's id (link_…).")],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The link is revoked."), .refused, .usage],
        examples: ["sso setup-link revoke acme link_0193a6f1c2d40000002a7q4m9x1b"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let linkID = arguments.argument("link") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let link = try await lifecycle.revokeSetupLink(linkID, organizationID: id, by: session.principal(for: id))
            session.emit(.object(["organization": .string(id), "id": .string(link.id), "status": .string(link.status(at: lifecycle.environment.now()).rawValue)]),
                         text: "Revoked \(link.id) of \(id): it can no longer be used, and a session opened with it has ended.\n")
            return .success
        }
    }
}
