import Foundation
import SAML

/// What validation may use from the outside world: a clock and, optionally, a way to fetch
/// metadata URLs. Both are injected so tests control them.
public struct ValidationContext: Sendable {
    /// The current time, for certificate and metadata expiry.
    public var now: Date
    /// Fetches metadata URLs; nil keeps validation to syntax checks with no network.
    public var metadataFetcher: (any MetadataFetching)?

    /// Creates a context.
    /// - Parameters:
    ///   - now: The current time.
    ///   - metadataFetcher: The fetcher, or nil for syntax-only validation.
    public init(now: Date = Date(), metadataFetcher: (any MetadataFetching)? = nil) {
        self.now = now
        self.metadataFetcher = metadataFetcher
    }
}
