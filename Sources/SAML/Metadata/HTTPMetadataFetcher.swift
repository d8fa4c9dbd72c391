import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The shipped `MetadataFetching`: fetches IdP metadata over https with FoundationNetworking's
/// `URLSession`, hardened against server-side request forgery and oversized answers.
///
/// - Only `https` URLs; plain `http` only to loopback when `allowHTTPLoopback` is set.
/// - The host is resolved first and every address it resolves to is checked: private
///   (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), loopback, link-local (169.254/16,
///   fe80::/10), unspecified, multicast, broadcast and reserved addresses, also when
///   embedded in IPv6 (mapped, NAT64, 6to4), are refused. `allowPrivateAddresses` admits
///   private networks; `allowHTTPLoopback` admits loopback; link-local and the rest are
///   never admitted.
/// - Redirects are not followed by `URLSession`; the fetcher follows at most
///   `maximumRedirects` itself, checking each new URL as above.
/// - The body is read up to `maximumBytes` and the transfer stopped past it; the whole
///   fetch, redirects included, must finish within `timeout` seconds.
/// - Any status other than 2xx is an error (`fetch.http-status`).
///
/// Limitation: the HTTP client resolves the host again when it connects, so a DNS server
/// that answers differently within that instant (DNS rebinding) is not fully excluded.
/// Run the fetcher where internal services also require authentication.
public struct HTTPMetadataFetcher: MetadataFetching {
    /// Whether loopback addresses, and plain http to them, are allowed (development, tests).
    public let allowHTTPLoopback: Bool
    /// Whether private-network addresses are allowed (an IdP on the internal network).
    public let allowPrivateAddresses: Bool
    /// The most redirects followed.
    public let maximumRedirects: Int
    /// The largest body accepted, in bytes.
    public let maximumBytes: Int
    /// Seconds the whole fetch may take.
    public let timeout: TimeInterval
    private let resolver: any HostResolving

    /// Creates a fetcher.
    /// - Parameters:
    ///   - allowHTTPLoopback: Allow loopback hosts and plain http to them. Off in production.
    ///   - allowPrivateAddresses: Allow hosts on private networks. Off unless the IdP is internal.
    ///   - maximumRedirects: The most redirects followed (default 5).
    ///   - maximumBytes: The largest body accepted (default 1 MiB).
    ///   - timeout: Seconds the whole fetch may take (default 10).
    public init(allowHTTPLoopback: Bool = false, allowPrivateAddresses: Bool = false, maximumRedirects: Int = 5,
                maximumBytes: Int = 1 << 20, timeout: TimeInterval = 10) {
        self.init(allowHTTPLoopback: allowHTTPLoopback, allowPrivateAddresses: allowPrivateAddresses,
                  maximumRedirects: maximumRedirects, maximumBytes: maximumBytes, timeout: timeout,
                  resolver: SystemHostResolver())
    }

    /// Creates a fetcher with a chosen resolver (tests).
    init(allowHTTPLoopback: Bool = false, allowPrivateAddresses: Bool = false, maximumRedirects: Int = 5,
         maximumBytes: Int = 1 << 20, timeout: TimeInterval = 10, resolver: any HostResolving) {
        self.allowHTTPLoopback = allowHTTPLoopback
        self.allowPrivateAddresses = allowPrivateAddresses
        self.maximumRedirects = max(0, maximumRedirects)
        self.maximumBytes = max(0, maximumBytes)
        self.timeout = timeout
        self.resolver = resolver
    }

    private var policy: MetadataURLPolicy {
        MetadataURLPolicy(allowHTTPLoopback: allowHTTPLoopback, allowPrivateAddresses: allowPrivateAddresses)
    }

    /// Fetches the metadata document at `url`, following redirects as described above.
    /// - Parameter url: The metadata URL.
    /// - Returns: The response body.
    /// - Throws: `SAMLError` with `fetch.invalid-url`, `fetch.insecure-scheme`,
    ///   `fetch.dns-failed`, `fetch.forbidden-address`, `fetch.too-many-redirects`,
    ///   `fetch.too-large`, `fetch.timeout`, `fetch.http-status` or `fetch.failed`.
    public func fetch(_ url: URL) async throws(SAMLError) -> Data {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        var current = url
        var redirects = 0
        while true {
            try await check(current, within: Self.seconds(until: deadline, clock: clock))
            let outcome = await MetadataDownload.run(current, maximumBytes: maximumBytes,
                                                     timeout: Self.seconds(until: deadline, clock: clock), limit: timeout)
            let response: HTTPURLResponse
            let body: Data
            switch outcome {
            case .failure(let error): throw error
            case .response(let http, let data): (response, body) = (http, data)
            }
            switch response.statusCode {
            case 200..<300:
                return body
            case 301, 302, 303, 307, 308:
                guard let location = response.value(forHTTPHeaderField: "Location"),
                      let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: current)?.absoluteURL else {
                    throw SAMLError(.fetchHTTPStatus,
                        "The metadata URL answered HTTP \(response.statusCode) (a redirect) without a usable Location. Give the final metadata URL.")
                }
                redirects += 1
                guard redirects <= maximumRedirects else {
                    throw SAMLError(.fetchTooManyRedirects,
                        "The metadata URL redirected more than \(maximumRedirects) times (the last one to \(next.absoluteString)). Give the final metadata URL instead.")
                }
                current = next
            default:
                let reason = HTTPURLResponse.localizedString(forStatusCode: response.statusCode)
                throw SAMLError(.fetchHTTPStatus,
                    "The metadata URL \(current.absoluteString) answered HTTP \(response.statusCode) (\(reason)). Copy the metadata URL from the IdP again and check that it is published without sign-in.")
            }
        }
    }

    private static func seconds(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> TimeInterval {
        let remaining = clock.now.duration(to: deadline).components
        return max(0, TimeInterval(remaining.seconds) + TimeInterval(remaining.attoseconds) / 1e18)
    }

    /// Runs the policy check (which resolves the host, a blocking call) off the caller's
    /// task, giving up at the deadline.
    private func check(_ url: URL, within seconds: TimeInterval) async throws(SAMLError) {
        let timeoutError = SAMLError(.fetchTimeout,
            "The metadata URL did not answer within \(MetadataDownload.formatSeconds(timeout)) (name resolution or the transfer took too long). Check that the IdP is reachable from this server, or upload the metadata file instead.")
        guard seconds > 0 else { throw timeoutError }
        let policy = self.policy
        let resolver = self.resolver
        let result: Result<Void, SAMLError> = await withCheckedContinuation { continuation in
            let resumption = SingleResumption(continuation)
            DispatchQueue.global().async {
                resumption.resume(Result { () throws(SAMLError) in try policy.check(url, resolver: resolver) })
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                resumption.resume(.failure(timeoutError))
            }
        }
        try result.get()
    }
}
