import Foundation
import SelfServeSSO

/// The installation's settings, kept in the store itself (`sso init` writes them) so every
/// command, and every process sharing the store, builds the same `LifecycleSettings`.
enum InstallationSettings {
    /// The setting holding the application's base URL, from which every connection's ACS URL,
    /// entity ID and metadata URL derive.
    static let serviceProviderBaseURLKey = "sp_base_url"

    /// The settings stored in `store`.
    /// - Throws: `settings.not-initialized` before `sso init`, `settings.invalid-base-url` for a
    ///   stored URL that is no longer acceptable, or a `store.*` error.
    static func load(from store: any LifecycleStore, location: String) async throws(LifecycleError) -> LifecycleSettings {
        let key = serviceProviderBaseURLKey
        let stored = try await transaction(store, .read) { try $0.setting(key) }
        guard let stored else { throw StoreLocation.notInitialized(location) }
        return try LifecycleSettings(serviceProviderBaseURL: stored)
    }

    /// Checks a base URL and stores it.
    /// - Returns: The previous value (nil the first time) and the stored, normalized one.
    /// - Throws: `settings.invalid-base-url`, or a `store.*` error.
    static func save(serviceProviderBaseURL text: String,
                     to store: any LifecycleStore) async throws(LifecycleError) -> (previous: String?, current: String) {
        let url = try LifecycleSettings.checkedBaseURL(text)
        let key = serviceProviderBaseURLKey
        let previous = try await transaction(store, .write) { transaction in
            let previous = try transaction.setting(key)
            try transaction.setSetting(key, to: url)
            return previous
        }
        return (previous, url)
    }

    /// Runs a store transaction, turning its failures into lifecycle errors worded for people.
    private static func transaction<Result: Sendable>(
        _ store: any LifecycleStore, _ mode: StoreTransactionMode,
        _ body: @Sendable (any StoreTransaction) throws -> Result) async throws(LifecycleError) -> Result {
        try await SelfServeLifecycle.transaction(on: store, mode, body)
    }
}
