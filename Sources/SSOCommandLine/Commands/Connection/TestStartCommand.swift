import Foundation
import SelfServeSSO

/// `sso connection test start ORG`: starts a test sign-in of the saved configuration.
struct TestStartCommand: Command {
    let spec = CommandSpec(
        words: ["connection", "test", "start"],
        summary: "Start a test sign-in; print the URL to open.",
        discussion: """
        The URL carries an AuthnRequest for the configuration as saved now. Open it, sign in \
        at the identity provider, and it posts a SAML response to the connection's ACS URL. \
        To finish the test from here, save that response (the SAMLResponse form field) to a \
        file and run 'sso connection test complete'.

        With --json: {"testID", "requestID", "relayState", "url", "expiresAt", "binding", \
        "organization", "connection", "samlRequest"} (samlRequest, the AuthnRequest in base64, \
        only when the IdP expects HTTP-POST: post it with the RelayState to the url).
        """,
        arguments: [.organization],
        options: OptionSpec.organizationGlobals,
        exitStatuses: [ExitStatusNote(.success, "The test was started."), .refused, .usage],
        examples: ["sso connection test start acme"])

    func run(_ arguments: ParsedArguments, in invocation: Invocation) async throws(UsageError) -> ExitStatus {
        let session = try LifecycleSession(arguments, in: invocation)
        let id = arguments.argument("org") ?? ""
        return await session.perform { lifecycle throws(LifecycleError) in
            let start = try await lifecycle.startTestRun(organizationID: id, by: session.principal(for: id))
            var members = Self.redirectJSON(start.redirect)
            members["testID"] = .string(start.run.id)
            members["expiresAt"] = .timestamp(start.run.expiresAt)
            members["organization"] = .string(start.run.organizationID)
            members["connection"] = .string(start.run.connectionID)
            session.emit(.object(members), text: Self.text(start, organizationID: id, style: session.style))
            return .success
        }
    }

    /// `requestID`, `relayState`, `url`, `binding` and, for HTTP-POST, `samlRequest`.
    static func redirectJSON(_ redirect: SignInRedirect) -> [String: JSONValue] {
        [
            "requestID": .string(redirect.request.id),
            "relayState": .string(redirect.relayState),
            "url": .string(redirect.url.absoluteString),
            "binding": .string(redirect.binding.rawValue),
            "samlRequest": redirect.binding == .httpPOST ? .string(Data(redirect.request.xml.utf8).base64EncodedString()) : .null,
        ]
    }

    /// How to send a browser on: open the URL, or post the request to it.
    static func redirectText(_ redirect: SignInRedirect) -> String {
        if redirect.binding == .httpPOST {
            return "The identity provider expects the request by HTTP-POST: post these form fields to\n  \(redirect.url.absoluteString)\n\n"
                + TextLayout.fields([("SAMLRequest", Data(redirect.request.xml.utf8).base64EncodedString()),
                                     ("RelayState", redirect.relayState)])
        }
        return "Open this URL in a browser and sign in at the identity provider:\n\n  \(redirect.url.absoluteString)\n"
    }

    static func text(_ start: TestRunStart, organizationID: String, style: TerminalStyle) -> String {
        var text = TextLayout.paragraph("Test sign-in \(start.run.id) started; it waits for the identity provider's response until \(RecordText.date(start.run.expiresAt)).") + "\n"
        text += redirectText(start.redirect)
        text += "\n" + TextLayout.paragraph("The identity provider then posts the response to the connection's ACS URL. To complete the test here, save the SAMLResponse form field to a file and run:")
        text += "  sso connection test complete \(organizationID) RESPONSE_FILE --relay-state \(start.redirect.relayState)\n"
        return text
    }
}
