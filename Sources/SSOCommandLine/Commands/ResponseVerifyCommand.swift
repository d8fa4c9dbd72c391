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
            .value("clock-skew", placeholder: "seconds", help: "Allowed clock difference with the IdP, 0 to 3600 (default 120)."),
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
        let repeatCount = try arguments.integer("repeat", in: 0...100_000_000) ?? 0
        let clockSkew = try arguments.seconds("clock-skew") ?? 120
        guard clockSkew <= ResponseValidator.maximumClockSkew else {
            throw .invalidValue(option: "clock-skew", value: arguments.value("clock-skew") ?? "",
                                expected: "at most \(Int(ResponseValidator.maximumClockSkew)) seconds (an hour)")
        }
        let options = ResponseValidationOptions(
            trustedCertificates: try Self.certificates(arguments.allValues("idp-certificate"), in: invocation),
            identityProviderEntityID: arguments.value("idp-entity-id") ?? "",
            serviceProviderEntityID: arguments.value("sp-entity-id") ?? "",
            assertionConsumerServiceURL: arguments.value("acs-url") ?? "",
            expectedRequestID: arguments.value("request-id"),
            now: try arguments.date("now") ?? invocation.tool.now(),
            clockSkew: clockSkew,
            allowSHA1: arguments.flag("allow-sha1"),
            allowWeakKeys: arguments.flag("allow-weak-keys"))
        let validator: ResponseValidator
        do {
            validator = try ResponseValidator(options: options)
        } catch {
            throw UsageError(code: "usage.invalid-certificate", message: "The --idp-certificate files cannot be used: \(error.message)")
        }
        let input = try invocation.readFile(arguments.argument("file") ?? "", what: "response file")

        let result = Result { () throws(SAMLError) in try validator.validate(input) }
        var extra: [String: JSONValue] = [:]
        if repeatCount > 0 {
            extra["validationsPerSecond"] = .number(Self.measureRate(of: validator, on: input, count: repeatCount))
        }
        let isJSON = arguments.flag("json")
        switch result {
        case .success(let assertion):
            invocation.write(isJSON ? Self.json(for: assertion, adding: extra).outputText
                                    : Self.text(for: assertion, adding: extra, style: invocation.outputStyle))
            return .success
        case .failure(let error):
            var members = extra
            members["valid"] = .bool(false)
            invocation.write(isJSON ? SAMLErrorReport.json([error], adding: members).outputText
                                    : SAMLErrorReport.text([error], heading: "Rejected", style: invocation.outputStyle) + Self.rateLine(extra))
            return .failure
        }
    }

    /// The certificates in the given files, in order.
    /// - Throws: ``UsageError`` for a file that cannot be read or holds no certificate.
    static func certificates(_ paths: [String], in invocation: Invocation) throws(UsageError) -> [Certificate] {
        var certificates: [Certificate] = []
        for path in paths {
            let data = try invocation.readFile(path, what: "certificate file")
            do {
                certificates += try Certificate.parseAll(data: data)
            } catch {
                throw UsageError(code: "usage.invalid-certificate",
                                 message: "The certificate file '\(path)' holds no usable certificate: \(error.message)")
            }
        }
        return certificates
    }

    /// Validates `count` more times and returns validations per second.
    static func measureRate(of validator: ResponseValidator, on input: Data, count: Int) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count {
            _ = try? validator.validate(input)
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? (Double(count) / seconds).rounded() : 0
    }

    /// A valid response as `--json` prints it.
    static func json(for assertion: ValidatedAssertion, adding extra: [String: JSONValue]) -> JSONValue {
        var members = extra
        members["valid"] = .bool(true)
        members["nameID"] = .string(assertion.nameID)
        members["nameIDFormat"] = .optional(assertion.nameIDFormat)
        members["sessionIndex"] = .optional(assertion.sessionIndex)
        members["issuer"] = .string(assertion.issuer)
        members["attributes"] = .object(assertion.attributes.mapValues(JSONValue.strings))
        members["signed"] = .strings(assertion.signedElements.map(\.rawValue))
        members["warnings"] = .strings(assertion.warnings)
        return .object(members)
    }

    /// A valid response for people.
    static func text(for assertion: ValidatedAssertion, adding extra: [String: JSONValue], style: TerminalStyle) -> String {
        var lines = [
            style.green("Valid") + " SAML response (signed: \(assertion.signedElements.map(\.rawValue).joined(separator: ", ")))",
            "NameID:        \(assertion.nameID)" + (assertion.nameIDFormat.map { " (\($0))" } ?? ""),
            "Issuer:        \(assertion.issuer)",
            "Session index: \(assertion.sessionIndex ?? "(none)")",
        ]
        if let instant = assertion.authnInstant {
            lines.append("Signed in at:  \(instant.formatted(.iso8601))"
                         + (assertion.authnContextClassRef.map { " (\($0))" } ?? ""))
        }
        if let end = assertion.sessionNotOnOrAfter {
            lines.append("Session ends:  \(end.formatted(.iso8601)) at the latest (SessionNotOnOrAfter)")
        }
        lines.append("Attributes:" + (assertion.attributes.isEmpty ? " (none)" : ""))
        lines += assertion.attributes.keys.sorted().map { name in
            "  \(name): \(assertion.attributes[name, default: []].joined(separator: ", "))"
        }
        if !assertion.warnings.isEmpty {
            lines.append(style.yellow("Warnings:"))
            lines += assertion.warnings.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n") + "\n" + rateLine(extra)
    }

    /// `Validations per second: N` when `--repeat` was given.
    private static func rateLine(_ extra: [String: JSONValue]) -> String {
        guard case .number(let rate)? = extra["validationsPerSecond"] else { return "" }
        return "Validations per second: \(Int(rate))\n"
    }
}
