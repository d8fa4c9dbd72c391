import Foundation
import SelfServeSSO
import SelfServeSSOTestKit

/// `sso demo`: the whole self-serve flow on embedded defaults, printed step by step as an
/// admin would see it, offline, in a few seconds.
///
/// Each step runs a real `sso` command line, on a temporary SQLite store, and shows its
/// output. A DNS server on loopback stands in for the company's DNS provider (domain
/// verification asks it through the C library's resolver, as for a real nameserver), and the
/// test identity provider stands in for Okta or Entra ID: it publishes metadata, reads the
/// AuthnRequests the commands print, and signs responses for them.
struct DemoCommand: Command {
    let spec = CommandSpec(
        words: ["demo"],
        summary: "Run the whole setup and sign-in flow offline, step by step.",
        discussion: """
        A newcomer's first command. On a temporary store (deleted afterwards), with a DNS \
        server on 127.0.0.1 standing in for the company's DNS and a test identity provider \
        standing in for Okta or Entra ID, it runs each sso command an operator and an IT \
        admin would: register and allow the organization, add and verify its domain, save the \
        IdP's metadata, run a test sign-in, activate, route an email, sign someone in, and \
        read the audit log. Nothing leaves the machine.
        """,
        exitStatuses: [
            ExitStatusNote(.success, "Every step did what it should."),
            ExitStatusNote(.failure, "A step failed (its output says why); the temporary store is deleted anyway."),
            ExitStatusNote(.usage, "Usage error, such as an unknown option."),
        ],
        examples: ["sso demo"])

    /// The demo's organization, domain, person and application.
    static let organization = "acme"
    static let organizationName = "Acme Inc"
    static let domain = "acme-demo.com"
    static let baseURL = "https://app.example.com"
    static let user = TestUser(email: "jane@acme-demo.com", firstName: "Jane", lastName: "Doe",
                               extraAttributes: ["groups": ["engineering", "admins"]])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sso-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dns = LoopbackDNSResponder()
        defer { dns.stop() }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try dns.start()
            let idp = try TestIdentityProvider()
            let run = DemoRun(invocation: invocation, directory: directory, dns: dns, idp: idp)
            return try await run.steps()
        } catch let failure as DemoRun.Failure {
            invocation.write("\n" + invocation.outputStyle.red("The demo stopped:") + " \(failure.message)\n")
            return .failure
        } catch {
            invocation.write("\n" + invocation.outputStyle.red("The demo could not start:") + " \(error)\n")
            return .failure
        }
    }
}
