import SelfServeSSO

/// `sso route EMAIL`: where an email address signs in.
struct RouteCommand: Command {
    let spec = CommandSpec(
        words: ["route"],
        summary: "Show where an email address signs in.",
        discussion: """
        The email's domain goes to the active connection of the organization that verified \
        exactly that domain. Routing acts for nobody (it is what the sign-in page does for \
        any visitor), so it takes no --actor-permissions.

        With --json: {"email", "organization", "provider", "redirectURL" (the identity \
        provider's single sign-on URL; 'sso sign-in start' adds the AuthnRequest), \
        "connection", "binding"}; when no active connection serves the email, the same keys \
        with null values and "errors": [{"code": "route.no-connection", "message"}], exit 1.
        """,
        arguments: [ArgumentSpec("email", help: "The address a person typed, such as jane@acme.com.")],
        options: OptionSpec.publicGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "An active connection serves the email."),
            ExitStatusNote(.failure, "None does (route.no-connection), the email is invalid, or the store refused."),
            .usage,
        ],
        examples: ["sso route jane@acme.com"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let email = arguments.argument("email") ?? ""
        let unrouted: [String: JSONValue] = ["email": .string(email), "organization": .null, "provider": .null,
                                             "redirectURL": .null, "connection": .null, "binding": .null]
        do throws(LifecycleError) {
            let lifecycle = try await session.lifecycle()
            guard let route = try await lifecycle.route(email: email) else {
                let domain = (try? DomainName.splitEmail(email).domain) ?? email
                return session.refuse(LifecycleError(.routeNoConnection,
                    "No active SSO connection serves \(domain): no organization has verified it with an active connection. The person signs in another way, or their IT admin sets up SSO."),
                    adding: unrouted)
            }
            session.emit(.object(["email": .string(email), "organization": .string(route.organizationID),
                                  "provider": .string(route.providerID), "redirectURL": .string(route.ssoURL),
                                  "connection": .string(route.connectionID), "binding": .string(route.ssoBinding.rawValue)]),
                         text: TextLayout.paragraph("\(email) signs in through \(route.organizationID)'s connection \(route.connectionID):") + "\n"
                             + TextLayout.fields([("Organization", route.organizationID), ("Provider", route.providerID),
                                                  ("SSO URL", route.ssoURL)])
                             + "\nStart a sign-in:\n  sso sign-in start \(email)\n")
            return .success
        } catch {
            return session.refuse(error, adding: unrouted)
        }
    }
}
