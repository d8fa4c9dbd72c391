import Foundation
import SelfServeSSO

/// What a command of the self-serve lifecycle works with: the store the command line names,
/// the installation's settings read from it, who acts, and how refusals are printed.
struct LifecycleSession: Sendable {
    /// The command's output streams and the tool's configuration.
    let invocation: Invocation
    /// Whether `--json` was given.
    let isJSON: Bool
    /// `--store`, when given.
    let storeOption: String?
    /// The permissions of `--actor-permissions`, or nil to act as the operator.
    let permissions: Set<Permission>?
    /// `--actor-organization`: the member's organization when it is not the command's.
    let actorOrganization: String?

    /// Reads the global options from a command's parsed arguments.
    /// - Throws: ``UsageError`` for `--actor-organization` without `--actor-permissions`.
    init(_ arguments: ParsedArguments, in invocation: Invocation) throws(UsageError) {
        self.invocation = invocation
        isJSON = arguments.flag("json")
        storeOption = arguments.value(OptionSpec.store.name)
        permissions = arguments.value(OptionSpec.actorPermissions.name).map(Self.permissions(in:))
        actorOrganization = arguments.value(OptionSpec.actorOrganization.name)
        if actorOrganization != nil, permissions == nil { throw .actorOrganizationWithoutPermissions() }
    }

    /// The permission keys of a comma-separated list; blanks are ignored, unknown keys kept
    /// (they grant nothing), so an empty list is a member without any permission.
    static func permissions(in list: String) -> Set<Permission> {
        Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map(Permission.init(rawValue:)))
    }

    /// Who acts on an organization: the operator, or with `--actor-permissions` a member of
    /// that organization (or of `--actor-organization`; user id `cli`) holding only the listed
    /// permissions.
    func principal(for organizationID: String) -> Principal {
        guard let permissions else { return .operator(name: "cli") }
        return .member(organizationID: actorOrganization ?? organizationID, userID: "cli", permissions: permissions)
    }

    /// The store's location: `--store`, `SSO_STORE`, or the per-user default.
    func location() throws(LifecycleError) -> String {
        try StoreLocation.location(option: storeOption, environment: invocation.tool.environment)
    }

    /// Opens the store; the location returned is for display (no password).
    /// - Parameter mayCreate: Whether a missing store may be created (`sso init` only).
    func store(mayCreate: Bool = false) throws(LifecycleError) -> (store: any LifecycleStore, location: String) {
        let location = try location()
        // What is shown of it (`sso init` prints it) never holds a PostgreSQL password.
        return (try invocation.tool.openStore(location, mayCreate), StoreLocation.displayName(location))
    }

    /// The lifecycle over the store, with the stored settings and the tool's clock, DNS
    /// resolver and metadata fetcher.
    /// - Throws: `settings.not-initialized` before `sso init`, or a `store.*` error.
    func lifecycle() async throws(LifecycleError) -> SelfServeLifecycle {
        let (store, location) = try store()
        let settings = try await InstallationSettings.load(from: store, location: location)
        let tool = invocation.tool
        return SelfServeLifecycle(
            registry: tool.registry, store: store, settings: settings,
            environment: LifecycleEnvironment(now: tool.now, txtResolver: tool.txtResolver,
                                              metadataFetcher: tool.metadataFetcher))
    }

    /// Runs a command's work on the lifecycle, printing a refusal (exit 1) when it throws.
    func perform(_ body: (SelfServeLifecycle) async throws(LifecycleError) -> ExitStatus) async -> ExitStatus {
        do throws(LifecycleError) {
            return try await body(try await lifecycle())
        } catch {
            return refuse(error)
        }
    }

    /// Prints a refusal and returns exit status 1: with `--json`,
    /// `{"errors": [{"code", "message"}]}` (plus `extra` members) on standard output;
    /// otherwise `error: message [code]` on standard error.
    func refuse(_ error: LifecycleError, adding extra: [String: JSONValue] = [:]) -> ExitStatus {
        var members = extra
        members["errors"] = .array([RecordJSON.error(code: error.code.rawValue, message: error.message)])
        invocation.results?.record(.object(members))
        if isJSON {
            invocation.write(JSONValue.object(members))
        } else {
            invocation.standardError.write(invocation.errorStyle.red("error:") + " \(error.message) [\(error.code.rawValue)]\n")
        }
        return .failure
    }

    /// Prints the result: JSON with `--json`, else the text for people.
    func emit(_ json: @autoclosure () -> JSONValue, text: @autoclosure () -> String) {
        if let results = invocation.results { results.record(json()) }
        if isJSON {
            invocation.write(json())
        } else {
            invocation.write(text())
        }
    }

    /// The style of standard output.
    var style: TerminalStyle { invocation.outputStyle }
}
