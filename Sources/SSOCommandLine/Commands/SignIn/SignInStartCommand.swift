import SelfServeSSO

/// `sso sign-in start EMAIL [--return-to PATH]`: starts a production sign-in.
struct SignInStartCommand: Command {
    let spec = CommandSpec(
        words: ["sign-in", "start"],
        summary: "Start a sign-in; print where to send the browser.",
        discussion: """
        Routes the email, stores a pending request (10 minutes) and prints the identity \
        provider's URL carrying the AuthnRequest. Finish it with 'sso sign-in finish' and the \
        response the identity provider posts back.

        With --json: {"requestID", "relayState", "url", "binding", "samlRequest" (HTTP-POST \
        only), "organization", "connection", "signInID", "expiresAt", "returnTo"}.
        """,
        arguments: [ArgumentSpec("email", help: "The address the person typed.")],
        options: [.value("return-to", placeholder: "path",
                         help: "Where to send the person afterwards: a relative path on the application, such as /dashboard (default /).")]
            + OptionSpec.publicGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The sign-in was started."),
            ExitStatusNote(.failure, "No active connection serves the email (route.no-connection), an invalid return path, or the store refused."),
            .usage,
        ],
        examples: ["sso sign-in start jane@acme.com --return-to /dashboard"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let email = arguments.argument("email") ?? ""
        let returnTo = arguments.value("return-to") ?? "/"
        return await session.perform { lifecycle throws(LifecycleError) in
            let start = try await lifecycle.startSignIn(email: email, returnTo: returnTo)
            var members = TestStartCommand.redirectJSON(start.redirect)
            members["organization"] = .string(start.request.organizationID)
            members["connection"] = .string(start.request.connectionID)
            members["signInID"] = .string(start.request.id)
            members["expiresAt"] = .timestamp(start.request.expiresAt)
            members["returnTo"] = .string(start.request.returnTo)
            var text = TextLayout.paragraph("Sign-in \(start.request.id) for \(email) started through \(start.request.organizationID)'s connection; it waits until \(RecordText.date(start.request.expiresAt)).") + "\n"
            text += TestStartCommand.redirectText(start.redirect)
            text += "\n" + TextLayout.paragraph("To finish it here, save the SAMLResponse the identity provider posts back to a file and run:")
            text += "  sso sign-in finish RESPONSE_FILE --relay-state \(start.redirect.relayState)\n"
            session.emit(.object(members), text: text)
            return .success
        }
    }
}
