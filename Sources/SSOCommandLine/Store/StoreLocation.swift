import Foundation
import SelfServeSSO
import SSOPostgreSQL

/// Where the `sso` tool keeps the lifecycle's state, decided in this one place: which location
/// a command line names, and which store opens it.
///
/// The location is `--store`, else the `SSO_STORE` environment variable, else a per-user data
/// file: `$XDG_DATA_HOME/selfservesso/sso.sqlite`, or `~/.local/share/selfservesso/sso.sqlite`.
/// A location is a path to a SQLite file, opened as an `SQLiteStore`, or a `postgresql://`
/// (`postgres://`) URL, opened as a `PostgreSQLStore` (one database several servers share;
/// its password, when the URL holds one, is never shown: see ``displayName(_:)``).
public enum StoreLocation {
    /// The location a command uses.
    /// - Parameters:
    ///   - option: The value of `--store`, if given.
    ///   - environment: The process environment (`SSO_STORE`, `XDG_DATA_HOME`, `HOME`).
    /// - Returns: The location.
    /// - Throws: `store.unavailable` when nothing names one (no `--store`, `SSO_STORE`,
    ///   `XDG_DATA_HOME` or `HOME`).
    public static func location(option: String?, environment: [String: String]) throws(LifecycleError) -> String {
        if let option { return option }
        if let path = environment["SSO_STORE"], !path.isEmpty { return path }
        // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return data + "/selfservesso/sso.sqlite"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/share/selfservesso/sso.sqlite"
        }
        throw LifecycleError(.storeUnavailable,
            "No store was named and there is no home directory to keep one in. Pass --store PATH or set SSO_STORE.")
    }

    /// Opens the store at a location.
    /// - Parameters:
    ///   - location: A path to a SQLite file.
    ///   - mayCreate: Whether a missing store may be created (with its folders): only
    ///     `sso init` creates one, so a mistyped path never leaves an empty store behind.
    /// - Returns: The store.
    /// - Throws: `settings.not-initialized` for a missing store that may not be created, or a
    ///   `store.*` error when it cannot be opened.
    public static func open(_ location: String, mayCreate: Bool) throws(LifecycleError) -> any LifecycleStore {
        if isPostgreSQL(location) {
            // The schema is created by the first transaction; a store never initialized is
            // found out by the missing settings, as for a SQLite file.
            do {
                return try PostgreSQLStore(connectionString: location)
            } catch {
                throw LifecycleError.store(error)
            }
        }
        let path = (location as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw LifecycleError(.storeUnavailable, "The store '\(location)' is a directory; name a file such as \(location)/sso.sqlite.")
            }
        } else if !mayCreate {
            throw notInitialized(location)
        }
        do {
            return try SQLiteStore(path: path)
        } catch {
            throw LifecycleError.store(error)
        }
    }

    /// Whether a location names a PostgreSQL database rather than a SQLite file.
    public static func isPostgreSQL(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// The location as messages and output show it: a PostgreSQL URL without its password.
    public static func displayName(_ location: String) -> String {
        guard isPostgreSQL(location), let scheme = location.range(of: "://") else { return location }
        let rest = location[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var shown = String(location[..<scheme.upperBound])
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at].split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            shown += user + "@" + authority[authority.index(after: at)...]
        } else {
            shown += authority
        }
        var tail = String(rest[authorityEnd...])
        // A password may also travel as a query parameter.
        if let query = tail.range(of: "?") {
            let parameters = tail[query.upperBound...].split(separator: "&").map { parameter in
                parameter.lowercased().hasPrefix("password=") ? "password=********" : String(parameter)
            }
            tail = String(tail[..<query.lowerBound]) + "?" + parameters.joined(separator: "&")
        }
        return shown + tail
    }

    /// The refusal for a store that was never initialized.
    static func notInitialized(_ location: String) -> LifecycleError {
        let location = displayName(location)
        return LifecycleError(.settingsNotInitialized,
            "There is no SSO store at '\(location)' yet. Run 'sso init --sp-base-url https://app.example.com' (your application's base URL) first, or name another store with --store or SSO_STORE.")
    }
}
