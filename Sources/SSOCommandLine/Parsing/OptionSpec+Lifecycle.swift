/// The arguments and options the lifecycle commands share, declared once so their help reads
/// the same everywhere.
extension OptionSpec {
    /// `--json`, `--store`, `--actor-permissions` and `--actor-organization`: the global
    /// options of a command that acts on an organization's setup.
    static let organizationGlobals: [OptionSpec] = [.json, .store, .actorPermissions, .actorOrganization]

    /// `--json` and `--store`: the global options of a command that uses the store but acts
    /// for nobody (routing and sign-in are what any visitor of the sign-in page does).
    static let publicGlobals: [OptionSpec] = [.json, .store]

    /// `--if-version N`: change the connection only if nobody changed it since it was shown.
    static let ifVersion = OptionSpec.value("if-version", placeholder: "n",
        help: "Refuse (connection.changed) unless the connection's \"version\" is still N, as 'sso connection show --json' printed it: two admins changing it at once get one change and one refusal.")
}

extension ParsedArguments {
    /// `--if-version`, checked: a whole number, or nil when not given.
    func expectedVersion() throws(UsageError) -> Int? {
        try integer("if-version", in: 0...Int(Int32.max))
    }
}

extension ArgumentSpec {
    /// `<org>`: the organization's id.
    static let organization = ArgumentSpec("org", help: "The organization's id, as the application knows it (such as acme).")
}

extension ExitStatusNote {
    /// Exit 1 for a refusal, worded the same for every lifecycle command.
    static let refused = ExitStatusNote(.failure,
        "Refused: permission denied, SSO not allowed, unknown organization, store not initialized, … (--json: errors [{code, message}]).")
    /// Exit 2 for a usage error.
    static let usage = ExitStatusNote(.usage, "Usage error: unknown option, missing argument or value, unreadable file.")
}
