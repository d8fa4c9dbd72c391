import Foundation
import SAML

/// What the lifecycle takes from the outside world: a clock, a DNS TXT resolver and a
/// metadata fetcher. The shipped defaults are the real ones; tests inject their own.
public struct LifecycleEnvironment: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// Looks up domain-verification TXT records.
    public var txtResolver: any TXTResolving
    /// Fetches metadata URLs when a configuration is saved; nil refuses metadata-URL
    /// configurations with a clear error.
    public var metadataFetcher: (any MetadataFetching)?

    /// Creates an environment.
    /// - Parameters:
    ///   - now: The clock; the system clock by default.
    ///   - txtResolver: The TXT resolver; the C library's resolver by default.
    ///   - metadataFetcher: The metadata fetcher; the hardened `HTTPMetadataFetcher` by default
    ///     (https only, no private or loopback addresses, 5 redirects, 1 MiB, 10 s).
    public init(now: @escaping @Sendable () -> Date = { Date() },
                txtResolver: any TXTResolving = SystemTXTResolver(),
                metadataFetcher: (any MetadataFetching)? = HTTPMetadataFetcher()) {
        self.now = now
        self.txtResolver = txtResolver
        self.metadataFetcher = metadataFetcher
    }
}
