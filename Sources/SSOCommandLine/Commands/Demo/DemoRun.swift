import Foundation
import SelfServeSSO
import SelfServeSSOTestKit

/// One run of `sso demo`: the steps, each a real `sso` command line on the temporary store,
/// with what the admin, the DNS provider and the identity provider do in between.
final class DemoRun {
    /// Why the demo stopped.
    struct Failure: Error {
        /// What went wrong, for people.
        let message: String
    }

    private let invocation: Invocation
    private let directory: URL
    private let dns: LoopbackDNSResponder
    private let idp: TestIdentityProvider
    private let results = CommandResults()
    /// The tool the steps run with: the caller's clock and environment, the C library's
    /// resolver (pointed at the loopback DNS server with --nameserver), the SQLite store, no
    /// network fetcher (the IdP's metadata comes as a file).
    private let tool: CommandLineTool
    private var stepNumber = 0

    init(invocation: Invocation, directory: URL, dns: LoopbackDNSResponder, idp: TestIdentityProvider) {
        self.invocation = invocation
        self.directory = directory
        self.dns = dns
        self.idp = idp
        tool = CommandLineTool(registry: invocation.tool.registry, environment: invocation.tool.environment,
                               now: invocation.tool.now, metadataFetcher: nil, txtResolver: SystemTXTResolver(),
                               openStore: StoreLocation.open)
    }

    private var style: TerminalStyle { invocation.outputStyle }
    private var storePath: String { directory.appendingPathComponent("sso.sqlite").path }

    /// Runs every step.
    /// - Returns: Success when every step did what it should.
    /// - Throws: ``Failure`` naming the step that did not.
    func steps() async throws -> ExitStatus {
        let org = DemoCommand.organization
        let domain = DemoCommand.domain
        let email = DemoCommand.user.email
        say(style.bold("sso demo") + ": the whole self-serve SSO flow, offline, as the operator and an IT admin see it.")
        invocation.write("\n")
        say("Its files live in a temporary folder, $DEMO below (\(directory.path)), deleted at the end. Every command runs with --store $DEMO/sso.sqlite, a SQLite file. A DNS server on \(dns.address) stands in for \(DemoCommand.organizationName)'s DNS provider, and a test identity provider (\(idp.entityID)) stands in for Okta or Entra ID.")

        try await step("The operator sets the application's base URL", ["init", "--sp-base-url", DemoCommand.baseURL])
        try await step("The operator registers the customer organization", ["org", "create", org, "--name", DemoCommand.organizationName])
        try await step("The operator allows it to set up SSO", ["org", "allow-sso", org])

        let added = try await step("The IT admin adds the company's email domain", ["domain", "add", org, domain])
        let recordName = try value(added, "recordName")
        dns.setTXT([try value(added, "recordValue")], for: recordName)
        narrate("The admin creates this record at the DNS provider; here the demo's DNS server on \(dns.address) publishes it.")
        try await step("The admin verifies the domain, asking that nameserver directly",
                       ["domain", "verify", org, domain, "--nameserver", dns.address])

        try await step("The admin picks the IdP and gets the values for its console",
                       ["connection", "set", org, "--provider", "generic-saml"])
        let metadata = try write(idp.metadataXML, to: "idp-metadata.xml")
        narrate("The admin creates a SAML app in the identity provider with these values and downloads its metadata; here the test identity provider's, saved to \(shown(metadata)).")
        try await step("The admin saves the identity provider's metadata; it is validated first",
                       ["connection", "set", org, "--provider", "generic-saml", "--metadata-file", metadata])

        let test = try await step("The admin starts a test sign-in", ["connection", "test", "start", org])
        let testResponse = try answer(test, file: "test-response.b64")
        narrate("The admin opens that URL and signs in as \(DemoCommand.user.firstName ?? "") \(DemoCommand.user.lastName ?? ""); the test identity provider reads the AuthnRequest and posts a signed SAML response back, saved to \(shown(testResponse)).")
        try await step("The test completes with the identity provider's response",
                       ["connection", "test", "complete", org, testResponse, "--relay-state", try value(test, "relayState")])

        try await step("The admin puts the connection live", ["connection", "activate", org])
        try await step("The sign-in page routes an email to its organization's IdP", ["route", email])

        let signIn = try await step("A production sign-in starts", ["sign-in", "start", email, "--return-to", "/dashboard"])
        let response = try answer(signIn, file: "sign-in-response.b64")
        narrate("The browser goes to the identity provider, which signs \(email) in and posts a signed response back, saved to \(shown(response)).")
        try await step("The sign-in finishes: the application gets the person",
                       ["sign-in", "finish", response, "--relay-state", try value(signIn, "relayState")])

        try await step("Everything above is in the organization's audit log", ["audit", org, "--limit", "8"])

        invocation.write("\n")
        say(style.green("Done.") + " The temporary store is deleted. To set up your own installation: 'sso init --sp-base-url https://your-app.example.com', then the commands above; 'sso --help' lists them all.")
        return .success
    }

    /// Runs one `sso` command line on the demo's store and prints it with its output.
    /// - Returns: The command's JSON result.
    /// - Throws: ``Failure`` when it does not exit 0.
    @discardableResult
    private func step(_ title: String, _ words: [String]) async throws -> JSONValue {
        stepNumber += 1
        invocation.write("\n" + style.bold("Step \(stepNumber). \(title)") + "\n\n")
        invocation.write("$ sso " + words.map { shown($0, quoted: true) }.joined(separator: " ") + "\n\n")
        let output = TextBuffer(isTerminal: invocation.standardOutput.isTerminal)
        let status = await CommandCatalog.builtIn.run(words + ["--store", storePath],
                                                      in: Invocation(tool: tool, standardOutput: output, standardError: output,
                                                                     results: results))
        invocation.write(output.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n"))
        guard status == .success, let result = results.last else {
            throw Failure(message: "step \(stepNumber) ('sso \(words.joined(separator: " "))') exited with status \(status.rawValue).")
        }
        return result
    }

    /// The test identity provider's answer to the AuthnRequest in a step's URL, saved to a file.
    private func answer(_ start: JSONValue, file name: String) throws -> String {
        guard let url = URL(string: try value(start, "url")) else {
            throw Failure(message: "the sign-in URL printed is not a URL.")
        }
        do {
            let request = try idp.parseAuthnRequest(redirectURL: url)
            return try write(try idp.response(to: request, user: DemoCommand.user, now: tool.now()).samlResponse, to: name)
        } catch let error as TestIdentityProviderError {
            throw Failure(message: "the test identity provider could not answer: \(error.message)")
        }
    }

    /// A string member of a step's result.
    private func value(_ result: JSONValue, _ key: String) throws -> String {
        guard let text = result[key]?.stringValue else { throw Failure(message: "step \(stepNumber) printed no \(key).") }
        return text
    }

    /// Writes a file in the demo's folder and returns its path.
    private func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw Failure(message: "cannot write \(url.path): \(error.localizedDescription)")
        }
        return url.path
    }

    /// A path in the demo's folder written as `$DEMO/…`, so command lines stay readable; other
    /// words as they are (quoted for a shell when asked).
    private func shown(_ word: String, quoted: Bool = false) -> String {
        if word.hasPrefix(directory.path + "/") { return "$DEMO" + word.dropFirst(directory.path.count) }
        return quoted ? Self.shellQuoted(word) : word
    }

    /// A paragraph of the demo's own.
    private func say(_ text: String) {
        invocation.write(TextLayout.paragraph(text))
    }

    /// What happens between two commands, outside the tool.
    private func narrate(_ text: String) {
        invocation.write("\n" + TextLayout.paragraph(style.dim("→ " + text), indent: "  "))
    }

    /// An argument as a shell would need it written.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=@,+%".unicodeScalars.contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
