import Foundation
import SelfServeSSO

/// `sso response verify <file> --idp-certificate PEM_FILE … --idp-entity-id ID
/// --sp-entity-id ID --acs-url URL …`: validates a SAML Response under the full policy.
struct ResponseVerifyCommand: Command {
    let spec = CommandSpec(
        words: ["response", "verify"],
        summary: "Validate a SAML Response (base64 or XML) against trusted IdP certificates.",
        discussion: """
        Applies the whole response validation policy (see README, Security): signatures from \
        the configured certificates only, no wrapping, exactly one assertion, status, \
        destination, issuer, InResponseTo, conditions, audience, recipient, time windows.

        With --json: {"valid": true, "nameID", "nameIDFormat", "sessionIndex", "issuer", \
        "attributes": {name: [values]}, "signed": ["response" | "assertion", ...], \
        "warnings": [...]} and exit 0; {"valid": false, "errors": [{"code", "message"}]} and \
        exit 1 for any rejected response, garbage included. --repeat N validates N more times \
        in-process after the first and adds "validationsPerSecond".
        """,
        arguments: [ArgumentSpec("file", help: "The SAML Response: base64 (as POSTed to the ACS URL) or XML.")],
        options: [
            .value("idp-certificate", placeholder: "pem-file",
                   help: "A trusted IdP signing certificate (PEM or DER file). Repeat for rotation (up to 5).",
                   isRequired: true, isRepeatable: true),
            .value("idp-entity-id", placeholder: "id", help: "The IdP's entity ID (the expected Issuer).", isRequired: true),
            .value("sp-entity-id", placeholder: "id", help: "Your service provider's entity ID (the expected audience).",
                   isRequired: true),
            .value("acs-url", placeholder: "url", help: "Your Assertion Consumer Service URL (Destination and Recipient).",
                   isRequired: true),
            .value("request-id", placeholder: "id",
                   help: "The ID of the AuthnRequest this answers; without it, IdP-initiated responses are accepted."),
            .value("now", placeholder: "iso8601", help: "Validate as of this time, such as 2024-05-01T12:00:00Z (default: now)."),
            .value("clock-skew", placeholder: "seconds", help: "Allowed clock difference with the IdP (default 120)."),
            .flag("allow-sha1", help: "Accept RSA-SHA1 signatures and SHA-1 digests (broken; only for legacy IdPs)."),
            .flag("allow-weak-keys", help: "Accept RSA keys under 2048 bits (forgeable by a capable attacker; legacy IdPs only)."),
            .json,
            .value("repeat", placeholder: "n", help: "Validate N more times after the first and report validations per second."),
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The response is valid."),
            ExitStatusNote(.failure, "The response was rejected (garbage included); the errors say why."),
            ExitStatusNote(.usage, "Usage error: missing file, bad flag or value, unreadable certificate file."),
        ],
        examples: [
            "sso response verify response.b64 --idp-certificate idp.pem --idp-entity-id http://www.okta.com/exk1 --sp-entity-id https://app.example.com/sso --acs-url https://app.example.com/sso/acs --json",
        ])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        throw .notAvailable("Verifying responses")
    }
}
