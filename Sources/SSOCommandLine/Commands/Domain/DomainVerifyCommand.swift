import SelfServeSSO

/// `sso domain verify ORG DOMAIN [--nameserver HOST[:PORT]]`: checks DNS for the domain's TXT
/// record now.
struct DomainVerifyCommand: Command {
    let spec = CommandSpec(
        words: ["domain", "verify"],
        summary: "Check DNS for a domain's TXT record now.",
        discussion: """
        Asks the system's resolver, or with --nameserver that nameserver directly (to bypass \
        caches). An expired challenge is replaced by a new record to create.

        With --json: the domain ({"organization", "domain", "status", "recordName", \
        "recordType", "recordValue", "expiresAt", "verifiedAt", …}) plus "check" (what DNS \
        showed: "outcome", "queriedName", "nameserver", "foundValues", "expectedValue", \
        "message"; null when DNS was not asked) and "renewedChallenge"; when not verified, \
        "errors": [{"code", "message"}] with the code dns.<outcome> or \
        domain.challenge-renewed.
        """,
        arguments: [.organization, ArgumentSpec("domain", help: "The domain, as added.")],
        options: [.value("nameserver", placeholder: "host[:port]",
                         help: "Ask this nameserver directly, such as 8.8.8.8 or 127.0.0.1:5353.")]
            + OptionSpec.organizationGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The domain is verified."),
            ExitStatusNote(.failure, "Not verified (the output says what DNS showed and what was expected), or refused."),
            .usage,
        ],
        examples: ["sso domain verify acme acme.com", "sso domain verify acme acme.com --nameserver 1.1.1.1"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let domain = arguments.argument("domain") ?? ""
        var nameserver: Nameserver?
        if let text = arguments.value("nameserver") {
            do throws(LifecycleError) {
                nameserver = try Nameserver.parse(text)
            } catch {
                throw UsageError.invalidValue(option: "nameserver", value: text,
                                              expected: "HOST or HOST:PORT, such as 127.0.0.1:5353 (\(error.message))")
            }
        }
        return await session.perform { lifecycle throws(LifecycleError) in
            let verification = try await lifecycle.verifyDomain(domain, organizationID: id, nameserver: nameserver,
                                                                by: session.principal(for: id))
            let now = invocation.tool.now()
            let verified = verification.domain.status(at: now) == .verified
            var members = RecordJSON.domain(verification.domain, now: now)
            members["check"] = verification.check.map(RecordJSON.dnsCheck) ?? .null
            members["renewedChallenge"] = .bool(verification.renewedChallenge)
            if !verified {
                let (code, message) = Self.problem(verification)
                members["errors"] = .array([RecordJSON.error(code: code, message: message)])
            }
            session.emit(.object(members), text: Self.text(verification, verified: verified, style: session.style))
            return verified ? .success : .failure
        }
    }

    /// The code and message of a verification that did not succeed.
    static func problem(_ verification: DomainVerification) -> (String, String) {
        if verification.renewedChallenge {
            return ("domain.challenge-renewed",
                    "The TXT challenge of \(verification.domain.name) had expired, so a new record was issued. Create it, then verify again.")
        }
        guard let check = verification.check else {
            return ("domain.not-verified", "\(verification.domain.name) is not verified.")
        }
        return ("dns.\(check.outcome.rawValue)", check.message)
    }

    static func text(_ verification: DomainVerification, verified: Bool, style: TerminalStyle) -> String {
        let record = verification.domain
        let command = "sso domain verify \(record.organizationID) \(record.name)"
        if verified {
            var text = style.green("Verified") + " \(record.name) for \(record.organizationID)"
            text += verification.check.map { " (found the TXT record at \($0.queriedName))" } ?? ""
            return text + ".\nNext: save the identity provider's configuration:\n  sso connection set \(record.organizationID) --provider ID --metadata-url URL\n"
        }
        if verification.renewedChallenge {
            var text = style.yellow("Expired:") + " the TXT challenge of \(record.name) ran out, so here is a new record to create:\n\n"
            text += RecordText.txtRecord(record)
            return text + "\nAccepted until \(RecordText.date(record.challengeExpiresAt)). Once it is published, run:\n  \(command)\n"
        }
        var text = TextLayout.paragraph(style.red("Not verified:") + " " + Self.problem(verification).1, indent: "  ")
        if let check = verification.check {
            let found = check.foundValues.isEmpty ? "(no TXT value)" : check.foundValues.map { "\"\($0)\"" }.joined(separator: "\n")
            text += "\n" + TextLayout.fields([
                ("Queried", check.queriedName + (check.nameserver.map { " at \($0)" } ?? "")),
                ("Outcome", check.outcome.rawValue),
                ("Found", found),
                ("Expected", "\"\(check.expectedValue)\""),
            ])
        }
        switch verification.check?.outcome {
        case .nameNotFound?, .noRecords?, .valueMismatch?:
            text += "\n" + TextLayout.paragraph("Create the TXT record below (or fix its value), wait for DNS to update, then run '\(command)' again.") + "\n"
            text += RecordText.txtRecord(record)
        default:
            // DNS did not answer: the record may be fine, so only say how to try again.
            text += "\n" + TextLayout.paragraph("When the nameserver answers, run '\(command)' again.")
        }
        return text
    }
}
