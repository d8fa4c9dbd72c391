import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of one test's own, started with `.ci/postgresql.sh` in a temporary
/// directory, for tests that stop, kill or freeze it (the shared test server must keep
/// serving the other tests that run at the same time). Durable settings (fsync and
/// synchronous commits on), so a kill loses nothing that was reported committed.
final class PrivateServer: Sendable {
    let directory: String
    let url: String

    static let script: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".ci/postgresql.sh").path

    struct ScriptFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "\(PrivateServer.script) \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    private init(directory: String, url: String) {
        self.directory = directory
        self.url = url
    }

    /// Creates and starts a server.
    static func start() async throws -> PrivateServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sso-pg-\(UUID().uuidString.prefix(8))").path
        let url = try await run(["start", directory])
        return PrivateServer(directory: directory, url: url.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Starts it again (same port, same data).
    func restart() async throws {
        _ = try await Self.run(["start", directory])
    }

    /// Stops it: `immediate` is the brutal kill (no checkpoint, every connection cut).
    func stop(immediate: Bool) async throws {
        _ = try await Self.run(["stop", directory, immediate ? "immediate" : "fast"])
    }

    /// Stops it and removes its directory.
    func destroy() async {
        _ = try? await Self.run(["destroy", directory])
    }

    /// Stops (SIGSTOP) or resumes (SIGCONT) every process of the server: a server that
    /// keeps its sockets open and answers nothing.
    func freeze(_ frozen: Bool) {
        for pid in processes() { kill(pid, frozen ? SIGSTOP : SIGCONT) }
    }

    /// The postmaster (from its pid file) and its children (from /proc).
    private func processes() -> [pid_t] {
        guard let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let postmaster = pid_t(first) else { return [] }
        var found = [postmaster]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "(comm)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == postmaster { found.append(pid) }
        }
        return found
    }

    /// Runs the script off Swift's cooperative threads and returns its standard output.
    ///
    /// Spawned and reaped by hand (posix_spawn, waitpid on a thread of its own): Foundation's
    /// Process left its children unreaped inside the test runner, so neither its termination
    /// handler nor waitUntilExit ever returned.
    private static func run(_ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sso-pg-script-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let argv = ["/bin/bash", script] + arguments
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread {
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                var environment = ProcessInfo.processInfo.environment
                environment["SSO_PG_DURABLE"] = "1"
                let cArguments = argv.map { strdup($0) } + [nil]
                let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
                defer {
                    cArguments.forEach { free($0) }
                    cEnvironment.forEach { free($0) }
                }
                var pid: pid_t = 0
                guard posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments, cEnvironment) == 0 else {
                    continuation.resume(returning: -1)
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                // WIFEXITED / WEXITSTATUS, which Swift does not import.
                continuation.resume(returning: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
            }.start()
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: output + ".err")
        guard status == 0 else { throw ScriptFailed(arguments: arguments, status: status, output: log) }
        return text
    }
}
