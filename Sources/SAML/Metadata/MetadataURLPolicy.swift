import Foundation

/// Which metadata URLs a fetch may connect to: the defence against server-side request
/// forgery, where an admin-supplied URL would make this server reach internal services
/// (a cloud metadata endpoint at 169.254.169.254, an admin port on localhost).
///
/// Every address a host resolves to must be allowed, not just one: otherwise a name with
/// a public and a private address could pass the check and still reach the private one.
struct MetadataURLPolicy: Sendable, Equatable {
    /// Allow loopback addresses, and plain http to them (local development and tests).
    var allowHTTPLoopback: Bool
    /// Allow private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), for an
    /// IdP such as AD FS that is reachable only on the internal network.
    var allowPrivateAddresses: Bool

    /// Whether a connection to an address of this kind is allowed. Link-local (cloud
    /// metadata services), unspecified, multicast, broadcast and reserved addresses never are.
    func allows(_ category: IPAddress.Category) -> Bool {
        switch category {
        case .global: true
        case .loopback: allowHTTPLoopback
        case .privateNetwork: allowPrivateAddresses
        case .linkLocal, .unspecified, .multicast, .broadcast, .reserved: false
        }
    }

    /// Checks `url` and the addresses its host resolves to.
    /// - Throws: `fetch.invalid-url`, `fetch.insecure-scheme`, `fetch.dns-failed` or
    ///   `fetch.forbidden-address`.
    func check(_ url: URL, resolver: any HostResolving) throws(SAMLError) {
        let scheme = url.scheme?.lowercased() ?? ""
        guard scheme == "https" || scheme == "http" else {
            throw SAMLError(.fetchInvalidURL,
                "The metadata URL \(url.absoluteString) is not an https URL. Give the https address the IdP shows for its SAML metadata.")
        }
        guard let host = Self.host(of: url), !host.isEmpty else {
            throw SAMLError(.fetchInvalidURL, "The metadata URL \(url.absoluteString) has no host. Give the full https address of the IdP's SAML metadata.")
        }
        guard url.user == nil, url.password == nil else {
            throw SAMLError(.fetchInvalidURL,
                "The metadata URL contains a user name or password, which would be stored and logged with it. Give a metadata URL that needs no credentials.")
        }
        if scheme == "http", !allowHTTPLoopback {
            throw SAMLError(.fetchInsecureScheme,
                "The metadata URL uses plain http. Metadata carries the certificates that decide who can sign in, so it must come over https: use the IdP's https metadata URL.")
        }
        let addresses = try resolver.addresses(of: host)
        for address in addresses where !allows(address.category) {
            let hint: String
            switch address.category {
            case .loopback: hint = " Loopback is allowed only for local development."
            case .privateNetwork: hint = " If the IdP really is on the internal network, the host application can allow private addresses."
            default: hint = ""
            }
            throw SAMLError(.fetchForbiddenAddress,
                "The metadata URL's host \(host) resolves to \(address), a \(address.category.rawValue) address; such addresses are refused so that a URL cannot reach internal services. Use the IdP's public metadata URL.\(hint)")
        }
        if scheme == "http", !addresses.allSatisfy({ $0.category == .loopback }) {
            throw SAMLError(.fetchInsecureScheme,
                "The metadata URL uses plain http to a host that is not loopback. Metadata carries the certificates that decide who can sign in, so it must come over https: use the IdP's https metadata URL.")
        }
    }

    /// The URL's host without IPv6 brackets.
    static func host(of url: URL) -> String? {
        guard var host = URLComponents(url: url, resolvingAgainstBaseURL: false)?.host ?? url.host else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }
}
