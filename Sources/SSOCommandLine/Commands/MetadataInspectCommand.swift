import Foundation
import SelfServeSSO

/// `sso metadata inspect <file-or-https-url> [--entity-id ID] [--json]`: what a SAML
/// identity provider's metadata says, or why it is not usable.
struct MetadataInspectCommand: Command {
    let spec = CommandSpec(
        words: ["metadata", "inspect"],
        summary: "Parse SAML IdP metadata from a file or an https URL and show what it says.",
        discussion: """
        Prints the entity ID, single sign-on endpoints, signing certificates (subject, validity, \
        SHA-256 fingerprint, key type and size), NameID formats, WantAuthnRequestsSigned, \
        validUntil and warnings. When the document holds several entities, choose one with \
        --entity-id. URLs are fetched over https only, refusing private addresses, with 1 MiB \
        and 10 s limits.

        With --json: {"entityID", "singleSignOnServices": [{"binding", "location"}], \
        "signingCertificates": [{"subject", "notBefore", "notAfter", "sha256Fingerprint", \
        "keyType", "keySize"}], "nameIDFormats", "wantAuthnRequestsSigned", "validUntil", \
        "warnings"}; when the metadata is not usable, {"errors": [{"code", "message"}]} and exit 1.
        """,
        arguments: [ArgumentSpec("file-or-https-url", help: "A metadata XML file, or an https URL to fetch it from.")],
        options: [
            .value("entity-id", placeholder: "id", help: "The entity to use when the document describes several."),
            .json,
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The metadata is usable IdP metadata."),
            ExitStatusNote(.failure, "It is not usable IdP metadata (or could not be fetched); the errors say why."),
            ExitStatusNote(.usage, "Usage error, such as a file that does not exist."),
        ],
        examples: [
            "sso metadata inspect okta-metadata.xml",
            "sso metadata inspect https://login.microsoftonline.com/TENANT/federationmetadata/2007-06/federationmetadata.xml --json",
        ])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let source = arguments.argument("file-or-https-url") ?? ""
        let isJSON = arguments.flag("json")
        let lowercased = source.lowercased()
        let isURL = lowercased.hasPrefix("https://") || lowercased.hasPrefix("http://")
        if isURL, invocation.tool.metadataFetcher == nil {
            throw .notAvailable("Fetching metadata URLs")
        }
        let fileData = isURL ? nil : try invocation.readFile(source, what: "metadata file")
        let metadata: IdentityProviderMetadata
        do throws(SAMLError) {
            let data: Data
            if let fileData {
                data = fileData
            } else {
                data = try await Self.fetch(source, in: invocation)
            }
            metadata = try IdentityProviderMetadata.parse(data, entityID: arguments.value("entity-id"),
                                                          now: invocation.tool.now())
        } catch {
            invocation.write(isJSON ? SAMLErrorReport.json([error]).outputText : SAMLErrorReport.text([error], heading: "Not usable", style: invocation.outputStyle))
            return .failure
        }
        invocation.write(isJSON ? Self.json(for: metadata).outputText : Self.text(for: metadata, style: invocation.outputStyle))
        return .success
    }

    /// Fetches the document at `source` with the tool's fetcher.
    /// - Throws: `SAMLError` with a `fetch.*` code.
    private static func fetch(_ source: String, in invocation: Invocation) async throws(SAMLError) -> Data {
        guard let url = URL(string: source), let fetcher = invocation.tool.metadataFetcher else {
            throw SAMLError(.fetchInvalidURL, "'\(source)' is not a valid URL. Copy the metadata URL again from the IdP's console.")
        }
        return try await fetcher.fetch(url)
    }

    /// The metadata as `--json` prints it.
    static func json(for metadata: IdentityProviderMetadata) -> JSONValue {
        .object([
            "entityID": .string(metadata.entityID),
            "singleSignOnServices": .array(metadata.singleSignOnServices.map { service in
                .object(["binding": .string(service.binding), "location": .string(service.location)])
            }),
            "signingCertificates": .array(metadata.signingCertificates.map { certificate in
                let info = certificate.info
                return .object([
                    "subject": .string(info.subject),
                    "notBefore": .string(JSONValue.timestampText(info.notBefore)),
                    "notAfter": .string(JSONValue.timestampText(info.notAfter)),
                    "sha256Fingerprint": .string(info.sha256Fingerprint),
                    "keyType": .string(info.keyType),
                    "keySize": .integer(info.keySize),
                ])
            }),
            "nameIDFormats": .strings(metadata.nameIDFormats),
            "wantAuthnRequestsSigned": .bool(metadata.wantAuthnRequestsSigned),
            "validUntil": .optional(metadata.validUntil.map(JSONValue.timestampText)),
            "warnings": .strings(metadata.warnings),
        ])
    }

    /// The metadata for people.
    static func text(for metadata: IdentityProviderMetadata, style: TerminalStyle) -> String {
        var lines = [style.bold("Entity ID: ") + metadata.entityID, "", style.bold("Single sign-on services:")]
        lines += metadata.singleSignOnServices.map { service in
            let binding = service.binding.split(separator: ":").last.map(String.init) ?? service.binding
            return "  " + binding.padding(toLength: max(binding.count, 13), withPad: " ", startingAt: 0) + "  " + service.location
        }
        lines += ["", style.bold("Signing certificates:")]
        for (index, certificate) in metadata.signingCertificates.enumerated() {
            let info = certificate.info
            lines += [
                "  \(index + 1). \(info.subject)",
                "     valid \(JSONValue.timestampText(info.notBefore)) to \(JSONValue.timestampText(info.notAfter))",
                "     \(info.keyType) \(info.keySize) bits, SHA-256 \(info.sha256Fingerprint)",
            ]
        }
        lines += ["", style.bold("NameID formats:") + (metadata.nameIDFormats.isEmpty ? " (none listed)" : "")]
        lines += metadata.nameIDFormats.map { "  " + $0 }
        lines.append(style.bold("Wants signed AuthnRequests: ") + (metadata.wantAuthnRequestsSigned ? "yes" : "no"))
        lines.append(style.bold("Valid until: ") + (metadata.validUntil.map(JSONValue.timestampText) ?? "(not set)"))
        if !metadata.warnings.isEmpty {
            lines += ["", style.yellow("Warnings:")]
            lines += metadata.warnings.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
