import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import SSOPostgreSQL
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `sso` tool on a PostgreSQL store: separate processes (as separate servers would) share
/// one database through `--store postgresql://…` or `SSO_STORE`, and the password is never shown.
// Serialized: each test runs a dozen `sso` processes, some at once on purpose; running the
// tests themselves at once too only adds load (under ThreadSanitizer, enough to time out).
@Suite("PostgreSQL store: the sso tool in several processes",
       .enabled(if: PostgreSQLTestServer.isEnabled, PostgreSQLTestServer.skipReason), .timeLimit(.minutes(1)), .serialized)
struct PostgreSQLCommandLineTests {
    /// The `sso` executable built beside the test binary.
    static var tool: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sso").path
    }

    /// Runs `sso` in a process of its own; its exit status and standard output and error.
    static func sso(_ arguments: [String], environment extra: [String: String] = [:]) async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            Thread {
                let output = FileManager.default.temporaryDirectory.appendingPathComponent("sso-cli-\(UUID().uuidString)").path
                defer { try? FileManager.default.removeItem(atPath: output) }
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
                var environment = ProcessInfo.processInfo.environment
                environment.removeValue(forKey: "SSO_STORE")
                environment.merge(extra) { $1 }
                let argv = ([tool] + arguments).map { strdup($0) } + [nil]
                let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
                defer {
                    argv.forEach { free($0) }
                    envp.forEach { free($0) }
                }
                var pid: pid_t = 0
                guard posix_spawn(&pid, tool, &actions, nil, argv, envp) == 0 else {
                    continuation.resume(returning: (-1, "could not start \(tool)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                continuation.resume(returning: (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""))
            }.start()
        }
    }

    @Test("two processes share one PostgreSQL store; the URL's password is never printed")
    func twoProcesses() async throws {
        let url = try PostgreSQLTestServer.requireURL()
        #expect(FileManager.default.isExecutableFile(atPath: Self.tool), "no sso executable at \(Self.tool)")
        let password = URLComponents(string: url)?.password ?? "no password in the URL"
        let organization = "cli-\(UUID().uuidString.prefix(8).lowercased())"

        let initialized = await Self.sso(["init", "--store", url, "--sp-base-url", "https://app.example.test", "--json"])
        #expect(initialized.status == 0, "\(initialized.output)")
        #expect(!initialized.output.contains(password))
        #expect(initialized.output.contains("postgresql://"))

        // One process creates, another sees it; a third allows SSO through SSO_STORE.
        let created = await Self.sso(["org", "create", organization, "--name", "CLI Corp", "--store", url, "--json"])
        #expect(created.status == 0, "\(created.output)")
        let allowed = await Self.sso(["org", "allow-sso", organization, "--json"], environment: ["SSO_STORE": url])
        #expect(allowed.status == 0, "\(allowed.output)")
        let shown = await Self.sso(["org", "show", organization, "--store", url, "--json"])
        #expect(shown.status == 0)
        #expect(shown.output.contains("\"ssoAllowed\": true"), "\(shown.output)")

        // A wrong password and an unreachable server: a clear store error, no password.
        var wrong = try #require(URLComponents(string: url))
        wrong.password = "Wr0ng-CLI-Secret"
        let refused = await Self.sso(["org", "show", organization, "--store", try #require(wrong.string), "--json"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("store.unavailable") && !refused.output.contains("Wr0ng-CLI-Secret"), "\(refused.output)")
        let missing = await Self.sso(["org", "show", organization, "--store", "postgresql://sso:Gone-Secret@127.0.0.1:1/sso", "--json"])
        #expect(missing.status == 1 && !missing.output.contains("Gone-Secret"), "\(missing.output)")
    }

    /// The JSON object a command printed.
    static func object(_ output: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
    }

    /// Writes a minted response to a file for `sso … complete|finish FILE`.
    static func file(_ response: MintedResponse) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sso-response-\(UUID().uuidString)").path
        try response.samlResponse.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An organization set up by separate `sso` processes: a verified domain, a Generic SAML
    /// connection from `idp`'s metadata, and a test sign-in started by one process and
    /// completed by another. Not active yet.
    struct TestedOrganization {
        let organization: String
        let domain: String
        let metadata: String
        let user: TestUser
        let files: [String]
    }

    static func testedOrganization(store: [String], idp: TestIdentityProvider, dns: LoopbackDNSResponder,
                                   name: String) async throws -> TestedOrganization {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let organization = "x-\(suffix)"
        let domain = "x\(suffix).com"
        let metadata = FileManager.default.temporaryDirectory.appendingPathComponent("sso-idp-\(suffix).xml").path
        try idp.metadataXML.write(toFile: metadata, atomically: true, encoding: .utf8)

        for step in [["init", "--sp-base-url", "https://app.example.test"], ["org", "create", organization, "--name", name],
                     ["org", "allow-sso", organization]] {
            let run = await sso(step + store)
            #expect(run.status == 0, "sso \(step.joined(separator: " ")): \(run.output)")
        }
        let added = object(await sso(["domain", "add", organization, domain, "--json"] + store).output)
        let recordValue = try #require(added["recordValue"] as? String)
        let recordName = try #require(added["recordName"] as? String)
        dns.setTXT([recordValue], for: recordName)
        let verified = await sso(["domain", "verify", organization, domain, "--nameserver", dns.address] + store)
        #expect(verified.status == 0, "\(verified.output)")
        let saved = await sso(["connection", "set", organization, "--provider", "generic-saml", "--metadata-file", metadata] + store)
        #expect(saved.status == 0, "\(saved.output)")

        // A test run started by one process completes in another.
        let started = object(await sso(["connection", "test", "start", organization, "--json"] + store).output)
        let testURL = try #require(started["url"] as? String)
        let testRequest = try idp.parseAuthnRequest(redirectURL: try #require(URL(string: testURL)))
        let user = TestUser(email: "alice@\(domain)", firstName: "Alice", lastName: "Liddell")
        let testResponse = try file(try idp.response(to: testRequest, user: user, now: Date()))
        let completed = await sso(["connection", "test", "complete", organization, testResponse,
                                   "--relay-state", try #require(started["relayState"] as? String)] + store)
        #expect(completed.status == 0, "\(completed.output)")
        return TestedOrganization(organization: organization, domain: domain, metadata: metadata, user: user,
                                  files: [metadata, testResponse])
    }

    @Test("across processes: a test run started by one completes in another, a response accepted by one is refused by the other, a deactivation by one stops sign-ins in the other")
    func signInsAcrossProcesses() async throws {
        let url = try PostgreSQLTestServer.requireURL()
        let store = ["--store", url]
        let dns = LoopbackDNSResponder()
        try dns.start()
        defer { dns.stop() }
        let idp = TestIdentityProvider(signingKey: try TestSigningKey(commonName: "Cross-process IdP"))
        let tested = try await Self.testedOrganization(store: store, idp: idp, dns: dns, name: "Cross Corp")
        defer { tested.files.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let organization = tested.organization
        let user = tested.user
        #expect(await Self.sso(["connection", "activate", organization] + store).status == 0)

        // A response accepted by one process is refused by the other.
        let signIn = Self.object(await Self.sso(["sign-in", "start", user.email, "--json"] + store).output)
        let relayState = try #require(signIn["relayState"] as? String)
        let signInURL = try #require(signIn["url"] as? String)
        let request = try idp.parseAuthnRequest(redirectURL: try #require(URL(string: signInURL)))
        let response = try Self.file(try idp.response(to: request, user: user, now: Date()))
        let accepted = await Self.sso(["sign-in", "finish", response, "--relay-state", relayState, "--json"] + store)
        #expect(accepted.status == 0, "\(accepted.output)")
        let replayed = await Self.sso(["sign-in", "finish", response, "--relay-state", relayState, "--json"], environment: ["SSO_STORE": url])
        #expect(replayed.status == 1)
        #expect(replayed.output.contains("already-used") || replayed.output.contains("assertion.replayed"), "\(replayed.output)")

        // A deactivation by one process stops sign-ins in the other.
        #expect(await Self.sso(["connection", "deactivate", organization] + store).status == 0)
        let refused = await Self.sso(["sign-in", "start", user.email, "--json"], environment: ["SSO_STORE": url])
        #expect(refused.status == 1, "\(refused.output)")
        try? FileManager.default.removeItem(atPath: response)
    }

    @Test("across processes: one admin activating while another saves new settings, both from the same version — one wins whole, the other is refused with connection.changed")
    func twoAdminsAcrossProcesses() async throws {
        let url = try PostgreSQLTestServer.requireURL()
        let store = ["--store", url]
        let dns = LoopbackDNSResponder()
        try dns.start()
        defer { dns.stop() }
        let idp = TestIdentityProvider(signingKey: try TestSigningKey(commonName: "Two admins IdP"))
        let tested = try await Self.testedOrganization(store: store, idp: idp, dns: dns, name: "Two Admins Corp")
        let other = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/other-sso")!, signingKey: idp.signingKey)
        let otherMetadata = tested.metadata + ".other.xml"
        try other.metadataXML.write(toFile: otherMetadata, atomically: true, encoding: .utf8)
        defer { (tested.files + [otherMetadata]).forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let organization = tested.organization

        let shown = Self.object(await Self.sso(["connection", "show", organization, "--json"] + store).output)
        let version = try #require(shown["version"] as? Int)
        let testedFingerprint = try #require((shown["idp"] as? [String: Any])?["fingerprint"] as? String)
        async let activation = Self.sso(["connection", "activate", organization, "--if-version", String(version), "--json"] + store)
        async let edit = Self.sso(["connection", "set", organization, "--provider", "generic-saml", "--metadata-file", otherMetadata,
                                   "--if-version", String(version), "--json"] + store)
        let (activated, edited) = await (activation, edit)
        #expect([activated.status, edited.status].sorted() == [0, 1], "activate: \(activated.output)\nset: \(edited.output)")
        let loser = activated.status == 0 ? edited : activated
        #expect(loser.output.contains("connection.changed"), "\(loser.output)")

        // Either process sees the winner's state, whole.
        let after = Self.object(await Self.sso(["connection", "show", organization, "--json"], environment: ["SSO_STORE": url]).output)
        let saved = try #require(after["idp"] as? [String: Any])
        if activated.status == 0 {
            #expect(after["status"] as? String == "active")
            #expect(after["liveFingerprint"] as? String == testedFingerprint)
            #expect(saved["fingerprint"] as? String == testedFingerprint)
        } else {
            #expect(after["status"] as? String == "draft")
            #expect(after["liveFingerprint"] is NSNull)
            #expect(saved["ssoURL"] as? String == "https://idp.example.test/other-sso")
        }
        #expect(after["version"] as? Int == version + 1)

        // A stale version is refused from the command line too, and changes nothing.
        let stale = await Self.sso(["connection", "activate", organization, "--if-version", String(version), "--json"] + store)
        #expect(stale.status == 1)
        #expect(stale.output.contains("connection.changed"))
    }
}
