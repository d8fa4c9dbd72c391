import Foundation
import SelfServeSSO

/// `sso connection set ORG --provider ID (--config FILE | --metadata-url URL |
/// --metadata-file FILE | --sso-url URL --idp-entity-id ID --certificate PEM_FILE…)`: validates
/// the identity provider's configuration and saves it when it has no error.
struct ConnectionSetCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "set"],
        summary: "Validate and save the identity provider's settings.",
        discussion: """
        Give the configuration one way: --config (the JSON object 'sso validate' reads), \
        --metadata-url, --metadata-file, or --sso-url with --idp-entity-id and one --certificate \
        per signing certificate (manual). Validation reports every problem at once; errors \
        block saving, warnings are kept. Saving a change to an active connection keeps the live \
        configuration serving until a test of the new one succeeds. With --provider alone, the \
        connection is created without a configuration, to get the service-provider values to \
        enter in the provider's console first.

        With --json: the validation report as 'sso validate --json' prints it ("provider", \
        "mode", "valid", "issues") plus "organization", "saved", "connection" (its id, or \
        null), "status", "pendingTest", "sp": {"entityID", "acsURL", "metadataURL"} and, when \
        errors blocked saving, "errors": [{"code", "message", "field"}].
        """,
        arguments: [.organization],
        options: [
            .value("provider", placeholder: "id", help: "The provider, such as okta (see 'sso providers').", isRequired: true),
            .value("config", placeholder: "file", help: "A JSON configuration file, as 'sso validate' reads."),
            .value("metadata-url", placeholder: "url", help: "The IdP's metadata URL (fetched and checked)."),
            .value("metadata-file", placeholder: "file", help: "The IdP's metadata XML file."),
            .value("sso-url", placeholder: "url", help: "Manual: the IdP's single sign-on URL."),
            .value("idp-entity-id", placeholder: "id", help: "Manual: the IdP's entity ID (issuer)."),
            .value("certificate", placeholder: "pem-file", help: "Manual: a PEM file of an IdP signing certificate.",
                   isRepeatable: true),
            .ifVersion,
        ] + OptionSpec.organizationGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The configuration was saved (it may have warnings)."),
            ExitStatusNote(.failure, "Errors blocked saving (the report lists each with its fix), or refused."),
            ExitStatusNote(.usage, "Usage error: several configuration sources, unreadable file."),
        ],
        examples: [
            "sso connection set acme --provider okta --metadata-url https://acme.okta.com/app/exk1/sso/saml/metadata",
            "sso connection set acme --provider generic-saml --sso-url https://idp.acme.com/sso --idp-entity-id https://idp.acme.com --certificate idp.pem",
        ])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let providerID = arguments.value("provider") ?? ""
        let configuration = try Self.configuration(arguments, providerID: providerID, in: invocation)
        let expectedVersion = try arguments.expectedVersion()
        return await session.perform { lifecycle throws(LifecycleError) in
            let principal = session.principal(for: id)
            guard let configuration else {
                let connection = try await lifecycle.chooseProvider(providerID, organizationID: id, by: principal)
                let details = try await lifecycle.connectionDetails(organizationID: id, by: principal)
                session.emit(Self.json(ConfigurationOutcome(report: ValidationReport(), connection: nil), providerID: providerID,
                                       mode: nil, organizationID: id, connection: connection, lifecycle: lifecycle),
                             text: Self.choiceText(details, lifecycle: lifecycle, style: session.style))
                return .success
            }
            let outcome = try await lifecycle.saveConfiguration(configuration, providerID: providerID, organizationID: id,
                                                                expectedVersion: expectedVersion, by: principal)
            session.emit(Self.json(outcome, providerID: providerID, mode: configuration.mode, organizationID: id,
                                   connection: outcome.connection, lifecycle: lifecycle),
                         text: Self.text(outcome, providerID: providerID, mode: configuration.mode, organizationID: id,
                                         style: session.style))
            return outcome.saved ? .success : .failure
        }
    }

    /// The configuration the options describe, or nil when none was given (choose the provider).
    /// - Throws: ``UsageError`` for several sources or an unreadable file.
    static func configuration(_ arguments: ParsedArguments, providerID: String,
                              in invocation: Invocation) throws(UsageError) -> ProviderConfiguration? {
        let manual = ["sso-url", "idp-entity-id", "certificate"].filter { arguments.values[$0] != nil }
        let sources = ["config", "metadata-url", "metadata-file"].filter { arguments.value($0) != nil } + manual.prefix(1)
        if sources.count > 1 { throw .conflictingOptions(sources[0], sources[1]) }
        if let path = arguments.value("config") {
            let modes = invocation.tool.registry.plugin(id: providerID)?.schema.modes.map(\.id) ?? []
            return try ConfigurationFile.decode(invocation.readFile(path, what: "configuration file", limit: fileLimit),
                                                path: path, modes: modes)
        }
        if let url = arguments.value("metadata-url") {
            return ProviderConfiguration(mode: ConfigMode.metadataURL, values: ["metadata_url": .text(url)])
        }
        if let path = arguments.value("metadata-file") {
            let xml = try text(of: path, what: "metadata file", in: invocation)
            return ProviderConfiguration(mode: ConfigMode.metadataFile, values: ["metadata_xml": .text(xml)])
        }
        guard !manual.isEmpty else { return nil }
        // Missing manual fields are left out on purpose: validation reports each with its fix.
        var values: [String: ConfigValue] = [:]
        if let url = arguments.value("sso-url") { values["sso_url"] = .text(url) }
        if let entityID = arguments.value("idp-entity-id") { values["idp_entity_id"] = .text(entityID) }
        var certificates: [String] = []
        for path in arguments.allValues("certificate") {
            certificates.append(try text(of: path, what: "certificate file", in: invocation))
        }
        if !certificates.isEmpty { values["signing_certificates"] = .list(certificates) }
        return ProviderConfiguration(mode: ConfigMode.manual, values: values)
    }

    /// The most bytes a configuration, metadata or certificate file may have; the lifecycle
    /// refuses configurations over ``SelfServeLifecycle/maximumConfigurationBytes`` anyway.
    static let fileLimit = 8 << 20

    /// A file's contents as UTF-8 text.
    private static func text(of path: String, what: String, in invocation: Invocation) throws(UsageError) -> String {
        guard let text = String(data: try invocation.readFile(path, what: what, limit: fileLimit), encoding: .utf8) else {
            throw .unreadableFile(path, what: what, reason: "it is not UTF-8 text")
        }
        return text
    }

    static func json(_ outcome: ConfigurationOutcome, providerID: String, mode: String?, organizationID: String,
                     connection: Connection?, lifecycle: SelfServeLifecycle) -> JSONValue {
        var members: [String: JSONValue] = [
            "provider": .string(providerID),
            "mode": .optional(mode),
            "valid": mode == nil ? .null : .bool(!outcome.report.hasErrors),
            "issues": .array(outcome.report.issues.map(RecordJSON.issue)),
            "organization": .string(organizationID),
            "saved": .bool(outcome.saved),
            "connection": .optional(connection?.id),
            "status": .optional(connection?.status.rawValue),
            "pendingTest": .bool(outcome.isPendingTest),
            "sp": connection.map { ConnectionShowCommand.serviceProviderJSON(lifecycle.serviceProviderSettings(for: $0)) } ?? .null,
        ]
        if mode != nil, !outcome.saved {
            members["errors"] = .array(outcome.report.errors.map { issue in
                .object(["code": .string(issue.code), "message": .string(issue.message), "field": .string(issue.field)])
            })
        }
        return .object(members)
    }

    static func text(_ outcome: ConfigurationOutcome, providerID: String, mode: String, organizationID: String,
                     style: TerminalStyle) -> String {
        var text = ValidateCommand.text(for: outcome.report, providerID: providerID, mode: mode, style: style) + "\n"
        guard let connection = outcome.connection else {
            return text + style.red("Not saved:") + " fix the errors above, then run 'sso connection set' again.\n"
        }
        text += TextLayout.paragraph(style.green("Saved") + " the configuration of \(organizationID)'s connection \(connection.id) (\(connection.status.rawValue)).")
        if outcome.isPendingTest {
            text += TextLayout.paragraph("The live configuration keeps serving sign-ins until a test of this one succeeds; the successful test puts it live.")
        }
        text += "Next: run a test sign-in:\n  sso connection test start \(organizationID)\n"
        return text
    }

    /// The text after choosing a provider: the values to enter in its console first.
    static func choiceText(_ details: ConnectionDetails, lifecycle: SelfServeLifecycle, style: TerminalStyle) -> String {
        let connection = details.connection
        let name = lifecycle.registry.plugin(id: connection.providerID)?.descriptor.name ?? connection.providerID
        var text = TextLayout.paragraph("\(connection.organizationID)'s connection \(connection.id) uses \(name) (\(connection.status.rawValue)).") + "\n"
        text += "Enter these values in \(name)'s console:\n"
        text += ConnectionShowCommand.serviceProviderText(details)
        text += "\nThen save the identity provider's values, for example:\n"
        text += "  sso connection set \(connection.organizationID) --provider \(connection.providerID) --metadata-url URL\n"
        return text
    }
}
