import SelfServeSSO

/// `sso connection show ORG`: the connection, the values to enter in the provider's console,
/// the identity provider's saved settings and the latest test runs.
struct ConnectionShowCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "show"],
        summary: "Show SP values, IdP settings and test sign-ins.",
        discussion: """
        With --json: {"organization", "connection", "provider", "status", "sp": {"entityID", \
        "acsURL", "metadataURL"}, "spValues": [{"label", "value", "help"}] (labelled as the \
        provider's console labels them), "idp": the saved configuration ({"entityID", \
        "ssoURL", "ssoBinding", "certificates", "mode", "fingerprint", "warnings", …}, or \
        null), "liveFingerprint", "pendingTest", "idpInitiatedSignIn", "version" (changes with \
        every change to the connection; give it to --if-version), "tests": [{"testID", \
        "status", "current", "user", "errors", …}] newest first}.
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The connection was shown."), .refused, .usage],
        examples: ["sso connection show acme", "sso connection show acme --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let details = try await lifecycle.connectionDetails(organizationID: id, by: session.principal(for: id))
            session.emit(Self.json(details), text: Self.text(details, lifecycle: lifecycle, style: session.style))
            return .success
        }
    }

    /// `{"entityID", "acsURL", "metadataURL"}`.
    static func serviceProviderJSON(_ sp: ServiceProviderSettings) -> JSONValue {
        .object(["entityID": .string(sp.entityID), "acsURL": .string(sp.acsURL), "metadataURL": .optional(sp.metadataURL)])
    }

    static func json(_ details: ConnectionDetails) -> JSONValue {
        let connection = details.connection
        let fingerprint = connection.configuration?.fingerprint
        return .object([
            "organization": .string(connection.organizationID),
            "connection": .string(connection.id),
            "provider": .string(connection.providerID),
            "status": .string(connection.status.rawValue),
            "sp": serviceProviderJSON(details.serviceProvider),
            "spValues": .array(details.serviceProviderValues.map { value in
                .object(["label": .string(value.label), "value": .string(value.value), "help": .string(value.help)])
            }),
            "idp": connection.configuration.map(RecordJSON.identityProvider) ?? .null,
            "liveFingerprint": .optional(connection.liveConfiguration?.fingerprint),
            "pendingTest": .bool(connection.hasPendingChange),
            "idpInitiatedSignIn": .bool(connection.allowsIdPInitiatedSignIn),
            "version": .integer(connection.version),
            "createdAt": .timestamp(connection.createdAt),
            "updatedAt": .timestamp(connection.updatedAt),
            "tests": .array(details.testRuns.map { .object(RecordJSON.testRun($0, now: details.now, currentFingerprint: fingerprint)) }),
        ])
    }

    /// The labelled values to enter in the provider's console, and the SP metadata URL.
    static func serviceProviderText(_ details: ConnectionDetails) -> String {
        let sp = details.serviceProvider
        var values = details.serviceProviderValues.isEmpty
            ? [("ACS URL", sp.acsURL), ("Entity ID", sp.entityID)]
            : details.serviceProviderValues.map { ($0.label, $0.value) }
        if let metadataURL = sp.metadataURL, !details.serviceProviderValues.contains(where: { $0.label.contains("metadata") }) {
            values.append(("SP metadata URL", metadataURL))
        }
        return TextLayout.fields(values)
    }

    static func text(_ details: ConnectionDetails, lifecycle: SelfServeLifecycle, style: TerminalStyle) -> String {
        let connection = details.connection
        let name = lifecycle.registry.plugin(id: connection.providerID)?.descriptor.name ?? connection.providerID
        var text = style.bold("\(connection.organizationID)'s connection \(connection.id)") + "\n"
        text += TextLayout.fields([("Provider", name), ("Status", connection.status.rawValue
            + (connection.hasPendingChange ? " (a saved change waits for a successful test)" : ""))])
        text += "\nService-provider values to enter in \(name)'s console:\n" + serviceProviderText(details)
        guard let saved = connection.configuration else {
            text += "\nNo identity-provider configuration saved yet:\n  sso connection set \(connection.organizationID) --provider \(connection.providerID) --metadata-url URL\n"
            return text
        }
        let idp = saved.identityProvider
        text += "\nIdentity provider (\(saved.submitted.mode), saved \(RecordText.date(saved.savedAt)) by \(saved.savedBy)):\n"
        var rows = [("Entity ID", idp.entityID),
                    ("SSO URL", idp.ssoURL + " (" + (idp.ssoBinding == .httpPOST ? "HTTP-POST" : "HTTP-Redirect") + ")")]
        if let url = saved.submitted.text("metadata_url") { rows.append(("Metadata URL", url)) }
        for certificate in idp.certificates {
            rows.append(("Certificate", "\(certificate.subject)\nexpires \(RecordText.date(certificate.notAfter)), SHA-256 \(certificate.sha256Fingerprint)"))
        }
        rows.append(("Fingerprint", saved.fingerprint))
        text += TextLayout.fields(rows)
        for warning in saved.warnings {
            text += TextLayout.paragraph(style.yellow("warning") + " \(warning.message) [\(warning.code)]", first: "  ", indent: "  ")
        }
        text += "\nTest sign-ins (newest first):\n"
        if details.testRuns.isEmpty {
            text += "  none yet\n"
        } else {
            text += TextLayout.table(header: ["TEST", "STATUS", "STARTED", "CONFIG", "RESULT"], rows: details.testRuns.map { run in
                let result = run.user?.email ?? run.errors.map(\.code).joined(separator: ", ")
                return [run.id, run.status(at: details.now).rawValue, RecordText.date(run.createdAt),
                        run.configurationFingerprint == saved.fingerprint ? "current" : "older", result]
            }, style: style).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        text += "\nNext: " + nextStep(details) + "\n"
        return text
    }

    /// What to do next with the connection.
    static func nextStep(_ details: ConnectionDetails) -> String {
        let connection = details.connection
        let organization = connection.organizationID
        let tested = details.testRuns.contains { $0.configurationFingerprint == connection.configuration?.fingerprint && $0.storedStatus == .success }
        switch connection.status {
        case .active where !connection.hasPendingChange:
            return "nothing: the connection serves sign-ins."
        case .inactive where tested:
            return "activate it again:\n  sso connection activate \(organization)"
        default:
            return tested ? "activate it:\n  sso connection activate \(organization)"
                : "run a test sign-in:\n  sso connection test start \(organization)"
        }
    }
}
