import Foundation
import SelfServeSSO

/// `sso docs --output DIR` / `sso docs --check DIR`: the static documentation site.
struct DocsCommand: Command {
    let spec = CommandSpec(
        words: ["docs"],
        summary: "Write the documentation site, or check that a written one is up to date.",
        discussion: """
        The site is generated from each provider's bundled setup guide and schema: index.html, \
        and providers/<id>.html and providers/<id>.md for every provider. Pages are \
        self-contained (inline CSS, no scripts); service-provider values are marked examples.

        --check compares DIR with what --output would write and lists every file that is \
        missing, different or extra, so CI can fail when the committed site is stale.
        """,
        options: [
            .value("output", placeholder: "dir", help: "Write the site into this directory (created if needed)."),
            .value("check", placeholder: "dir", help: "Compare this directory with the site and list what differs."),
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The site was written, or DIR is up to date."),
            ExitStatusNote(.failure, "--check: DIR is stale (the differences are listed)."),
            ExitStatusNote(.usage, "Usage error: neither or both of --output and --check, or DIR cannot be written."),
        ],
        examples: ["sso docs --output site", "sso docs --check site"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        switch (arguments.value("output"), arguments.value("check")) {
        case (.some, .some): throw .conflictingOptions("output", "check")
        case (.none, .none):
            throw UsageError(code: "usage.missing-option", message: "Give '--output <dir>' to write the site or '--check <dir>' to check it.",
                             showsUsage: true)
        default: throw .notAvailable("Generating the documentation site")
        }
    }
}
