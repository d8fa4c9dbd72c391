import SelfServeSSO

/// `sso guide <provider-id> --acs-url URL --sp-entity-id ID …`: the provider's setup guide
/// with the host's service-provider values filled in.
struct GuideCommand: Command {
    let spec = CommandSpec(
        words: ["guide"],
        summary: "Print a provider's setup guide with your service-provider values filled in.",
        discussion: """
        The guide walks an IT admin through the provider's admin console: create the app, \
        enter the service-provider values, map attributes, assign users, and copy the \
        identity-provider values back. Markdown by default; --format html prints a \
        self-contained HTML page.
        """,
        arguments: [ArgumentSpec("provider-id", help: "The provider, such as okta (see 'sso providers').")],
        options: [
            .value("acs-url", placeholder: "url", help: "Your Assertion Consumer Service URL.", isRequired: true),
            .value("sp-entity-id", placeholder: "id", help: "Your service provider's entity ID (the SAML audience).",
                   isRequired: true),
            .value("sp-metadata-url", placeholder: "url", help: "Where you serve your SP metadata XML, if you do."),
            .value("organization", placeholder: "name", help: "The customer organization's name, used in the wording."),
            .value("application", placeholder: "name", help: "Your application's name as admins should see it in their IdP."),
            .value("format", placeholder: "format", help: "Output format: markdown (default) or html.",
                   allowedValues: ["markdown", "html"]),
        ],
        exitStatuses: [
            ExitStatusNote(.success, "The guide was printed."),
            ExitStatusNote(.failure, "The provider's bundled guide is broken (a defect of this build; the error says how)."),
            ExitStatusNote(.usage, "Usage error, such as an unknown provider or a URL that is not absolute."),
        ],
        examples: [
            "sso guide okta --acs-url https://app.example.com/sso/acs --sp-entity-id https://app.example.com/sso",
            "sso guide entra-id --acs-url https://app.example.com/sso/acs --sp-entity-id https://app.example.com/sso --format html > entra.html",
        ])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let plugin = try invocation.plugin(id: arguments.argument("provider-id") ?? "")
        let settings = ServiceProviderSettings(
            acsURL: try arguments.webURL("acs-url") ?? "",
            entityID: arguments.value("sp-entity-id") ?? "",
            metadataURL: try arguments.webURL("sp-metadata-url"),
            organizationName: arguments.value("organization"),
            applicationName: arguments.value("application"))
        let guide: SetupGuide
        do {
            guide = try plugin.setupGuide().filled(with: settings, providerID: plugin.descriptor.id)
        } catch {
            // A broken bundled guide is a defect of this build, not of the call; say so plainly.
            invocation.diagnose(invocation.errorStyle.red("error:") + " \(error.description) [\(error.code)]")
            return .failure
        }
        switch arguments.value("format") ?? "markdown" {
        case "html":
            invocation.write(guide.htmlDocument())
        default:
            invocation.write(guide.markdown)
        }
        return .success
    }
}
