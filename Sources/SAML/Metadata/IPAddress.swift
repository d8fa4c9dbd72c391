import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as bytes, and the kind of network it belongs to.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    let bytes: [UInt8]

    /// The kinds of address a metadata fetch distinguishes.
    enum Category: String, Sendable {
        case global = "public"
        case loopback
        case privateNetwork = "private-network"
        case linkLocal = "link-local"
        case unspecified
        case multicast
        case broadcast
        case reserved
    }

    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a textual IPv4 (dotted quad) or IPv6 address, with or without brackets.
    init?(_ text: String) {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    var isIPv4: Bool { bytes.count == 4 }

    var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The kind of network this address belongs to. IPv4 addresses embedded in IPv6
    /// (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address they carry.
    var category: Category {
        isIPv4 ? Self.categoryV4(bytes) : Self.categoryV6(bytes)
    }

    private static func categoryV4(_ b: [UInt8]) -> Category {
        switch (b[0], b[1], b[2]) {
        case (0, _, _): return .unspecified                         // 0.0.0.0/8 "this network"
        case (127, _, _): return .loopback                          // 127.0.0.0/8
        case (10, _, _): return .privateNetwork                     // 10.0.0.0/8
        case (172, 16...31, _): return .privateNetwork              // 172.16.0.0/12
        case (192, 168, _): return .privateNetwork                  // 192.168.0.0/16
        case (100, 64...127, _): return .privateNetwork             // 100.64.0.0/10 carrier-grade NAT
        case (169, 254, _): return .linkLocal                       // 169.254.0.0/16 (cloud metadata services)
        case (224...239, _, _): return .multicast                   // 224.0.0.0/4
        case (255, 255, 255) where b[3] == 255: return .broadcast
        case (240...255, _, _): return .reserved                    // 240.0.0.0/4
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113): return .reserved  // IETF, TEST-NETs
        case (198, 18...19, _): return .reserved                    // 198.18.0.0/15 benchmarking
        default: return .global
        }
    }

    private static func categoryV6(_ b: [UInt8]) -> Category {
        let firstTen = b[0..<10].allSatisfy { $0 == 0 }
        if firstTen, b[10] == 0xFF, b[11] == 0xFF { return categoryV4(Array(b[12..<16])) }   // ::ffff:0:0/96 mapped
        if firstTen, b[10] == 0, b[11] == 0 {
            if b[12..<15].allSatisfy({ $0 == 0 }) {
                if b[15] == 0 { return .unspecified }                                          // ::
                if b[15] == 1 { return .loopback }                                             // ::1
            }
            return categoryV4(Array(b[12..<16]))                                               // ::a.b.c.d compatible
        }
        if b[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] {
            return categoryV4(Array(b[12..<16]))                                               // 64:ff9b::/96 NAT64
        }
        if b[0] == 0x20, b[1] == 0x02 { return categoryV4(Array(b[2..<6])) }                   // 2002::/16 6to4
        if b[0] == 0xFF { return .multicast }                                                  // ff00::/8
        if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return .linkLocal }                             // fe80::/10
        if b[0] == 0xFE, b[1] & 0xC0 == 0xC0 { return .privateNetwork }                        // fec0::/10 site-local
        if b[0] & 0xFE == 0xFC { return .privateNetwork }                                      // fc00::/7 unique local
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return .reserved }         // 2001:db8::/32 documentation
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0, b[3] == 0 { return .reserved }               // 2001::/32 Teredo
        if b[0] == 0x01, b[1..<8].allSatisfy({ $0 == 0 }) { return .reserved }                 // 100::/64 discard
        return .global
    }
}
