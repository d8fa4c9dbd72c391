import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket address of a ``Nameserver``: its host's IP address and its port.
struct NameserverAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address family.
    enum Family: Sendable, Equatable {
        case ipv4
        case ipv6
    }

    /// What ``resolve(_:)`` found.
    enum Resolution: Sendable, Equatable {
        /// The address to ask.
        case address(NameserverAddress)
        /// Why there is none, as a phrase that completes "the look-up failed: …".
        case problem(String)
    }

    /// The family of ``bytes``.
    var family: Family
    /// 4 or 16 bytes, network order.
    var bytes: [UInt8]
    /// The port.
    var port: UInt16

    /// `address:port`, or `[address]:port` for IPv6.
    var description: String {
        switch family {
        case .ipv4:
            return "\(IPAddressText.ipv4String(bytes)):\(port)"
        case .ipv6:
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "[?]:\(port)" }
            return "[\(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))]:\(port)"
        }
    }

    /// The address to send queries for `nameserver` to. An IP address is used as is; a host
    /// name is resolved to its first IPv4 address with `getaddrinfo` (blocking: call it off the
    /// cooperative pool).
    ///
    /// - Parameter nameserver: The nameserver.
    /// - Returns: The address, or a phrase saying why there is none.
    static func resolve(_ nameserver: Nameserver) -> Resolution {
        guard nameserver.port != 0 else {
            return .problem("port 0 is not a port a nameserver can listen on; use a port from 1 to 65535")
        }
        var host = nameserver.host
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let bytes = IPAddressText.ipv4Bytes(host) {
            return .address(NameserverAddress(family: .ipv4, bytes: bytes, port: nameserver.port))
        }
        if let bytes = IPAddressText.ipv6Bytes(host) {
            return .address(NameserverAddress(family: .ipv6, bytes: bytes, port: nameserver.port))
        }
        guard !host.isEmpty, host.utf8.count <= 253,
              host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            return .problem("\(DNSValueQuoting.quoted(nameserver.host, limit: 60)) is not an IP address or a host name")
        }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        #else
        hints.ai_socktype = SOCK_DGRAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let list else {
            let reason = String(cString: gai_strerror(status))
            return .problem(
                "the nameserver's host name \(host) could not be resolved to an IPv4 address (\(reason)); give its IP address instead")
        }
        defer { freeaddrinfo(list) }
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            if let address = entry.pointee.ai_addr, Int32(address.pointee.sa_family) == AF_INET {
                let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                }
                return .address(NameserverAddress(family: .ipv4, bytes: bytes, port: nameserver.port))
            }
            cursor = entry.pointee.ai_next
        }
        return .problem("the nameserver's host name \(host) has no IPv4 address; give its IP address instead")
    }
}
