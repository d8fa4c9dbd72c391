import Foundation
import SelfServeSSO

/// `sso connection refresh-metadata ORG`: re-reads a metadata-URL connection's metadata and
/// follows the identity provider's signing-certificate rotation.
struct RefreshMetadataCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "refresh-metadata"],
        summary: "Re-read the IdP's metadata URL and trust its new signing certificates.",
        discussion: """
        For a connection configured with a metadata URL: fetches the metadata again (https \
        only, no private addresses, 1 MiB, 10 s), trusts the signing certificates it now lists \
        and drops the ones it no longer lists, on the saved and the live configuration, with no \
        new test needed; each change is in the audit log. Other changes the metadata shows (a \
        new entity ID or single sign-on URL) are reported, not applied: save and test the \
        configuration again to take them. A host runs the same refresh on a schedule.

        With --json: {"organization", "connection", "added": [certificate…], "removed": \
        [certificate…], "otherChanges": [sentence…], "fingerprint"}, each certificate \
        {"subject", "notBefore", "notAfter", "sha256Fingerprint"}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The metadata was read; the trusted certificates now match it."),
            ExitStatusNote(.failure, "Refused, or the metadata could not be fetched or read (nothing changed)."),
            .usage,
        ],
        examples: ["sso connection refresh-metadata acme"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let refresh = try await lifecycle.refreshMetadata(organizationID: id, by: session.principal(for: id))
            session.emit(.object([
                "organization": .string(id), "connection": .string(refresh.connectionID),
                "added": .array(refresh.added.map(Self.json)), "removed": .array(refresh.removed.map(Self.json)),
                "otherChanges": .strings(refresh.otherChanges), "fingerprint": .string(refresh.fingerprint),
            ]), text: Self.text(refresh, organization: id))
            return .success
        }
    }

    static func json(_ certificate: StoredCertificate) -> JSONValue {
        .object([
            "subject": .string(certificate.subject),
            "notBefore": .string(JSONValue.timestampText(certificate.notBefore)),
            "notAfter": .string(JSONValue.timestampText(certificate.notAfter)),
            "sha256Fingerprint": .string(certificate.sha256Fingerprint),
        ])
    }

    static func text(_ refresh: MetadataRefresh, organization: String) -> String {
        var lines: [String] = []
        if refresh.changedCertificates {
            lines.append("Refreshed \(organization)'s metadata: the trusted signing certificates changed.")
            lines += refresh.added.map { "  + now trusted: \($0.subject), valid to \(JSONValue.timestampText($0.notAfter)), SHA-256 \($0.sha256Fingerprint)" }
            lines += refresh.removed.map { "  - no longer trusted: \($0.subject), SHA-256 \($0.sha256Fingerprint)" }
        } else {
            lines.append("Refreshed \(organization)'s metadata: the signing certificates are unchanged.")
        }
        if !refresh.otherChanges.isEmpty {
            lines.append("Not applied (save and test the configuration again to take them):")
            lines += refresh.otherChanges.map { "  • \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
