import Foundation
import SelfServeSSO

/// `sso docs --output DIR` / `sso docs --check DIR`: the static documentation site.
struct DocsCommand: Command {
    let spec = CommandSpec(
        words: ["docs"],
        summary: "Write the documentation site, or check that a written one is up to date.",
        discussion: """
        The site is generated from each provider's bundled setup guide and schema: index.html \
        and index.md, and providers/<id>.html, providers/<id>.md and providers/<id>.schema.json \
        for every provider. Pages are self-contained (inline CSS, no scripts, no network); \
        service-provider values are marked examples. --output leaves other files in DIR alone.

        --check compares DIR with what --output would write and lists every file that is \
        missing, different or extra, so CI can fail when the committed site is stale.
        """,
        options: [
            .value("output", placeholder: "dir", help: "Write the site into this directory (created if needed)."),
            .value("check", placeholder: "dir", help: "Compare this directory with the site and list what differs."),
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The site was written, or DIR is up to date."),
            ExitStatusNote(.failure, "--check: DIR is stale or missing (the differences are listed); or a bundled guide is broken."),
            ExitStatusNote(.usage, "Usage error: neither or both of --output and --check, or DIR cannot be written."),
        ],
        examples: ["sso docs --output site", "sso docs --check site"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let directory: String
        let isCheck: Bool
        switch (arguments.value("output"), arguments.value("check")) {
        case (.some, .some):
            throw .conflictingOptions("output", "check")
        case (.some(let output), .none):
            (directory, isCheck) = (output, false)
        case (.none, .some(let check)):
            (directory, isCheck) = (check, true)
        case (.none, .none):
            throw UsageError(code: "usage.missing-option",
                             message: "Give '--output <dir>' to write the site or '--check <dir>' to check it.", showsUsage: true)
        }
        let files: [String: String]
        do {
            files = try DocumentationSite.generate(registry: invocation.tool.registry)
        } catch {
            // A broken bundled guide is a defect of this build, not of the call.
            invocation.diagnose(invocation.errorStyle.red("error:") + " \(error.description) [\(error.code)]")
            return .failure
        }
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        return isCheck ? try check(files, against: url, named: directory, in: invocation)
                       : try write(files, to: url, named: directory, in: invocation)
    }

    /// `--output`: writes the site and mentions files it left alone.
    private func write(_ files: [String: String], to url: URL, named directory: String,
                       in invocation: Invocation) throws(UsageError) -> ExitStatus {
        do {
            try DocumentationSite.write(files, to: url)
        } catch {
            throw UsageError(code: "usage.unwritable-directory",
                             message: "Cannot write the site into '\(directory)': \(error.localizedDescription)")
        }
        invocation.write("Wrote \(files.count) files to \(directory) (open \(directory)/index.html).\n")
        let existing = (try? DocumentationSite.read(directory: url)) ?? [:]
        let extra = DocumentationSite.stalePaths(existing: existing, generated: files).extra
        if !extra.isEmpty {
            invocation.diagnose(invocation.errorStyle.yellow("warning:")
                + " \(extra.count) file(s) in \(directory) are not part of the site and were left alone: "
                + extra.joined(separator: ", ") + ". Remove them, or 'sso docs --check' will report them.")
        }
        return .success
    }

    /// `--check`: compares the directory with the site and lists every difference.
    private func check(_ files: [String: String], against url: URL, named directory: String,
                       in invocation: Invocation) throws(UsageError) -> ExitStatus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            invocation.write("\(directory) does not exist: the site has not been written. "
                             + "Run 'sso docs --output \(directory)'.\n")
            return .failure
        }
        guard isDirectory.boolValue else {
            throw .unreadableFile(directory, what: "documentation directory", reason: "it is a file, not a directory")
        }
        let existing: [String: String]
        do {
            existing = try DocumentationSite.read(directory: url)
        } catch {
            throw .unreadableFile(directory, what: "documentation directory", reason: error.localizedDescription)
        }
        let stale = DocumentationSite.stalePaths(existing: existing, generated: files)
        guard stale.isStale else {
            invocation.write("\(directory) is up to date (\(files.count) files).\n")
            return .success
        }
        let style = invocation.outputStyle
        var text = style.red("\(directory) is stale:")
            + " \(stale.missing.count) missing, \(stale.changed.count) changed, \(stale.extra.count) extra\n"
        text += stale.missing.map { "  missing  \($0)\n" }.joined()
        text += stale.changed.map { "  changed  \($0)\n" }.joined()
        text += stale.extra.map { "  extra    \($0)\n" }.joined()
        text += "Run 'sso docs --output \(directory)' to regenerate it"
            + (stale.extra.isEmpty ? "" : ", and remove the extra files") + ".\n"
        invocation.write(text)
        return .failure
    }
}
