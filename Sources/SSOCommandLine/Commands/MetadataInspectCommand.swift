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
        throw .notAvailable("Inspecting metadata")
    }
}
