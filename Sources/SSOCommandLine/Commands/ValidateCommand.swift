import Foundation
import SelfServeSSO

/// `sso validate <provider-id> <config.json> [--json] [--fetch]`: every problem in a
/// provider configuration, at once.
struct ValidateCommand: Command {
    let spec = CommandSpec(
        words: ["validate"],
        summary: "Check a provider configuration file and report every problem at once.",
        discussion: """
        The file holds one JSON object: "mode" (such as metadata-url, metadata-file or manual) \
        and a value per field key, as listed by 'sso providers --json' and 'sso schema <id>'.

        By default the checks are syntax-level and offline: URL shape and scheme, expected \
        hosts, required fields per mode, certificates parse and are not expired. With --fetch, \
        metadata URLs are also downloaded (https only, no private addresses, 1 MiB and 10 s \
        limits) and the metadata is parsed and checked.

        With --json the report is an object with the keys provider, mode, valid and issues \
        (each with field, code, severity, message and fixHint).
        """,
        arguments: [
            ArgumentSpec("provider-id", help: "The provider, such as okta (see 'sso providers')."),
            ArgumentSpec("config.json", help: "The configuration file to check."),
        ],
        options: [
            .json,
            .flag("fetch", help: "Also download metadata URLs and check the metadata (network access)."),
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The configuration has no error (it may have warnings)."),
            ExitStatusNote(.failure, "The configuration has at least one error."),
            ExitStatusNote(.usage, "Usage error: unknown provider, unreadable file, or not a JSON configuration object."),
        ],
        examples: ["sso validate okta okta.json", "sso validate entra-id entra.json --fetch --json"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let plugin = try invocation.plugin(id: arguments.argument("provider-id") ?? "")
        let path = arguments.argument("config.json") ?? ""
        let data = try invocation.readFile(path, what: "configuration file")
        let configuration = try ConfigurationFile.decode(data, path: path, modes: plugin.schema.modes.map(\.id))
        var context = ValidationContext(now: invocation.tool.now())
        if arguments.flag("fetch") {
            guard let fetcher = invocation.tool.metadataFetcher else {
                throw .notAvailable("Fetching metadata URLs (--fetch)")
            }
            context.metadataFetcher = fetcher
        }
        let report = await plugin.validate(configuration, context: context)
        if arguments.flag("json") {
            invocation.write(Self.json(for: report, providerID: plugin.descriptor.id, mode: configuration.mode))
        } else {
            invocation.write(Self.text(for: report, providerID: plugin.descriptor.id, mode: configuration.mode,
                                       style: invocation.outputStyle))
        }
        return report.hasErrors ? .failure : .success
    }

    /// The report as `--json` prints it.
    static func json(for report: ValidationReport, providerID: String, mode: String) -> JSONValue {
        .object([
            "provider": .string(providerID),
            "mode": .string(mode),
            "valid": .bool(!report.hasErrors),
            "issues": .array(report.issues.map { issue in
                .object([
                    "field": .string(issue.field),
                    "code": .string(issue.code),
                    "severity": .string(issue.severity.rawValue),
                    "message": .string(issue.message),
                    "fixHint": .string(issue.fixHint),
                ])
            }),
        ])
    }

    /// The report for people.
    static func text(for report: ValidationReport, providerID: String, mode: String, style: TerminalStyle) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        var text = "\(providerID) (\(mode)): "
        if report.issues.isEmpty {
            return text + style.green("valid, no issues") + "\n"
        }
        text += report.hasErrors ? style.red("invalid") : style.green("valid")
        text += ", \(count(report.errors.count, "error")), \(count(report.warnings.count, "warning"))\n"
        let indent = String(repeating: " ", count: 9)
        func wrapped(_ text: String, first: String) -> String {
            TextLayout.wrapWords(text.split(separator: " ").map(String.init), width: CommandSpec.helpWidth,
                                 firstPrefix: first, continuationPrefix: indent) + "\n"
        }
        for issue in report.issues.sorted(by: { $0.severity < $1.severity }) {
            // Pad before colouring so escape sequences do not upset the alignment.
            let label = issue.severity == .error ? style.red("error   ") : style.yellow("warning ")
            let field = issue.field.isEmpty ? "" : "\(issue.field): "
            text += "\n" + label + " " + wrapped("\(field)\(issue.message) [\(issue.code)]", first: indent).dropFirst(indent.count)
            if !issue.fixHint.isEmpty {
                text += wrapped("Fix: " + issue.fixHint, first: indent)
            }
        }
        return text
    }
}
