import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a host name to the addresses a connection could reach. Blocking; called off
/// the caller's task. Injected in tests so no test depends on DNS.
protocol HostResolving: Sendable {
    /// The addresses of `host` (an IP literal resolves to itself).
    /// - Throws: `fetch.dns-failed` when the name does not resolve.
    func addresses(of host: String) throws(SAMLError) -> [IPAddress]
}

/// The C library's resolver (`getaddrinfo`): what the HTTP client will use too.
struct SystemHostResolver: HostResolving {
    func addresses(of host: String) throws(SAMLError) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let list else {
            let reason = String(cString: gai_strerror(status))
            throw SAMLError(.fetchDNSFailed,
                "The host \(host) of the metadata URL could not be resolved (\(reason)). Check the URL for typos and that the host is reachable from this server.")
        }
        defer { freeaddrinfo(list) }
        var result: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                    }
                    if let ip = IPAddress(bytes: bytes), !result.contains(ip) { result.append(ip) }
                case AF_INET6:
                    let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    if let ip = IPAddress(bytes: bytes), !result.contains(ip) { result.append(ip) }
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        guard !result.isEmpty else {
            throw SAMLError(.fetchDNSFailed, "The host \(host) of the metadata URL has no IPv4 or IPv6 address. Check the URL.")
        }
        return result
    }
}
