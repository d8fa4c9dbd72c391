import SelfServeSSO

/// `sso init --sp-base-url URL`: creates the store (when missing) and records the
/// application's base URL, from which every connection's service-provider URLs derive.
struct InitCommand: Command {
    let spec = CommandSpec(
        words: ["init"],
        summary: "Set up the store and the application's base URL.",
        discussion: """
        Every connection's ACS URL, entity ID and metadata URL derive from the base URL: \
        BASE/sso/saml/acs/<connection> and BASE/sso/saml/metadata/<connection>. It must be https \
        (http only for localhost and 127.0.0.1, for development), with no query or fragment. \
        Running init again changes it; identity providers configured with the old URLs then \
        stop working until their admins update them.

        With --json: {"spBaseURL", "previous", "store"}.
        """,
        options: [
            .value("sp-base-url", placeholder: "url", help: "The application's base URL, such as https://app.example.com.",
                   isRequired: true),
        ] + OptionSpec.organizationGlobals,
        exitStatuses: [
            ExitStatusNote(.success, "The store is ready."),
            ExitStatusNote(.failure, "Refused: not the operator, a base URL that is not https, or a store that cannot be opened."),
            .usage,
        ],
        examples: ["sso init --sp-base-url https://app.example.com", "sso --store ./sso.sqlite init --sp-base-url http://localhost:8080"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let text = arguments.value("sp-base-url") ?? ""
        do throws(LifecycleError) {
            guard session.permissions == nil else {
                throw LifecycleError(.permissionDenied,
                    "Only the application's operator can initialize the store and set its base URL; leave out --actor-permissions.")
            }
            // Check the URL before creating anything, so a typo leaves no store behind.
            _ = try LifecycleSettings.checkedBaseURL(text)
            let (store, location) = try session.store(mayCreate: true)
            let (previous, current) = try await InstallationSettings.save(serviceProviderBaseURL: text, to: store)
            session.emit(.object(["spBaseURL": .string(current), "previous": .optional(previous), "store": .string(location)]),
                         text: Self.text(current: current, previous: previous, location: location, style: session.style))
            return .success
        } catch {
            return session.refuse(error)
        }
    }

    static func text(current: String, previous: String?, location: String, style: TerminalStyle) -> String {
        var text = style.green("Initialized") + " the SSO store at \(location).\n\n"
        text += TextLayout.fields([("Base URL", current), ("ACS URLs", current + "/sso/saml/acs/<connection>"),
                                   ("Entity IDs", current + "/sso/saml/metadata/<connection>")])
        if let previous, previous != current {
            text += "\n" + TextLayout.paragraph(style.yellow("Changed") + " from \(previous): identity providers set up with the old URLs must be updated by their admins.")
        }
        text += "\nNext: register an organization:\n  sso org create ORG --name NAME\n"
        return text
    }
}
