import Foundation
import SelfServeSSO

/// Where the `sso` tool keeps the lifecycle's state, decided in this one place: which location
/// a command line names, and which store opens it.
///
/// The location is `--store`, else the `SSO_STORE` environment variable, else a per-user data
/// file: `$XDG_DATA_HOME/selfservesso/sso.sqlite`, or `~/.local/share/selfservesso/sso.sqlite`.
/// A location is a path to a SQLite file, opened as an `SQLiteStore`.
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

    /// The refusal for a store that was never initialized.
    static func notInitialized(_ location: String) -> LifecycleError {
        LifecycleError(.settingsNotInitialized,
            "There is no SSO store at '\(location)' yet. Run 'sso init --sp-base-url https://app.example.com' (your application's base URL) first, or name another store with --store or SSO_STORE.")
    }
}
