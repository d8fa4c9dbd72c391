import Foundation
import SelfServeSSO

/// `sso connection test complete ORG RESPONSE_FILE [--relay-state RS]`: completes a test run
/// with the identity provider's response.
struct TestCompleteCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "test", "complete"],
        summary: "Complete a test sign-in with the IdP's response.",
        discussion: """
        The file holds the SAMLResponse form field (base64) or the response XML. The run is \
        found from the RelayState or, without one, from the response's InResponseTo among the \
        organization's runs. A run completes once.

        With --json: {"testID", "status" (success, failed, or refused when no pending run \
        matched), "user": {"email", "firstName", "lastName", "nameID", "attributes", …} or \
        null, "errors": [{"code", "message", "fix", "side", "details"}], "organization", \
        "attemptID"}.
        """,
        arguments: [.organization, ArgumentSpec("response-file", help: "A file with the SAMLResponse value or the response XML.")],
        options: [.value("relay-state", placeholder: "relay-state", help: "The RelayState posted with the response.")]
            + OptionSpec.organizationGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The test sign-in succeeded."),
            ExitStatusNote(.failure, "It failed (each error with the provider's fix), or was refused."),
            .usage,
        ],
        examples: ["sso connection test complete acme response.b64 --relay-state RS"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        let response = try ResponseFile.read(arguments.argument("response-file") ?? "", in: invocation)
        let relayState = arguments.value("relay-state")
        return await session.perform { lifecycle throws(LifecycleError) in
            let run: TestRun
            do throws(SignInRefusal) {
                run = try await lifecycle.completeTestRun(organizationID: id, samlResponse: response, relayState: relayState,
                                                         by: session.principal(for: id))
            } catch {
                session.emit(.object(["testID": .null, "status": .string("refused"), "user": .null,
                                      "errors": .array(error.failures.map(RecordJSON.failure)),
                                      "organization": .string(id), "attemptID": .optional(error.attemptID)]),
                             text: Self.refusalText(error, style: session.style))
                return .failure
            }
            let now = invocation.tool.now()
            var members = RecordJSON.testRun(run, now: now, currentFingerprint: nil)
            members.removeValue(forKey: "current")
            members["organization"] = .string(run.organizationID)
            members["attemptID"] = .null
            session.emit(.object(members), text: Self.text(run, now: now, style: session.style))
            return run.status(at: now) == .success ? .success : .failure
        }
    }

    static func text(_ run: TestRun, now: Date, style: TerminalStyle) -> String {
        if let user = run.user, run.status(at: now) == .success {
            return TextLayout.paragraph(style.green("Test sign-in succeeded") + " (\(run.id)). The identity provider signed in:") + "\n"
                + RecordText.user(user)
                + "\nNext: put the connection live:\n  sso connection activate \(run.organizationID)\n"
        }
        return style.red("Test sign-in failed") + " (\(run.id)):\n\n" + RecordText.failures(run.errors, style: style)
            + "\nFix the above, then start a new test:\n  sso connection test start \(run.organizationID)\n"
    }

    static func refusalText(_ refusal: SignInRefusal, style: TerminalStyle) -> String {
        style.red("Refused:") + " the response completes no pending test run.\n\n" + RecordText.failures(refusal.failures, style: style)
    }
}
