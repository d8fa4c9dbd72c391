import SelfServeSSO

/// `sso sign-in finish RESPONSE_FILE --relay-state RS`: finishes a production sign-in.
struct SignInFinishCommand: Command {
    let spec = CommandSpec(
        words: ["sign-in", "finish"],
        summary: "Finish a sign-in with the IdP's response.",
        discussion: """
        Enforces everything a test does, plus: the pending request is used once, the assertion \
        is never accepted twice, and its email must be in the organization's verified domains. \
        Every attempt, refused ones included, is recorded ('sso attempts').

        With --json: {"organization", "email", "firstName", "lastName", "nameID", \
        "attributes", "connection", "provider", "nameIDFormat", "sessionIndex", \
        "sessionNotOnOrAfter", "authnInstant", "authnContextClassRef", "issuer"}; when \
        refused, {"errors": [{"code", "message", "fix", "side", "details"}], "organization", \
        "attemptID"} and exit 1.
        """,
        arguments: [ArgumentSpec("response-file", help: "A file with the SAMLResponse value or the response XML.")],
        options: [.value("relay-state", placeholder: "relay-state", help: "The RelayState posted with the response.",
                         isRequired: true)]
            + OptionSpec.publicGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The person is signed in."),
            ExitStatusNote(.failure, "Refused: each reason with its fix and who must act."),
            .usage,
        ],
        examples: ["sso sign-in finish response.b64 --relay-state RS"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let response = try ResponseFile.read(arguments.argument("response-file") ?? "", in: invocation)
        let relayState = arguments.value("relay-state") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            do throws(SignInRefusal) {
                let user = try await lifecycle.finishSignIn(samlResponse: response, relayState: relayState)
                session.emit(.object(RecordJSON.user(user)),
                             text: session.style.green("Signed in") + " \(user.email) (\(user.organizationID), \(user.providerID)):\n\n"
                                 + RecordText.user(user))
                return .success
            } catch {
                session.emit(.object(["errors": .array(error.failures.map(RecordJSON.failure)),
                                      "organization": .optional(error.organizationID), "attemptID": .optional(error.attemptID)]),
                             text: session.style.red("Sign-in refused") + (error.attemptID.map { " (attempt \($0))" } ?? "") + ":\n\n"
                                 + RecordText.failures(error.failures, style: session.style))
                return .failure
            }
        }
    }
}
