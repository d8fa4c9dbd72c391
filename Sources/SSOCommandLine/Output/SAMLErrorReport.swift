import SelfServeSSO

/// How a rejection by the SAML layer is printed: `{"errors": [{"code", "message"}]}` with
/// `--json`, otherwise one `<heading>: message [code]` line per error.
enum SAMLErrorReport {
    /// The errors as JSON, with extra top-level members (such as `"valid": false`).
    static func json(_ errors: [SAMLError], adding extra: [String: JSONValue] = [:]) -> JSONValue {
        var members = extra
        members["errors"] = .array(errors.map { error in
            .object(["code": .string(error.code.rawValue), "message": .string(error.message)])
        })
        return .object(members)
    }

    /// The errors for people, each line starting with `heading` (such as "Rejected").
    static func text(_ errors: [SAMLError], heading: String, style: TerminalStyle) -> String {
        errors.map { style.red(heading + ":") + " \($0.message) [\($0.code.rawValue)]\n" }.joined()
    }
}
