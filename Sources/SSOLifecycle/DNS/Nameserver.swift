import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A nameserver to ask directly (bypassing caches): a host and a port.
///
/// Asking one of a domain's own nameservers shows a record as soon as it is published, where
/// the system's resolver may still hold an older answer in its cache.
public struct Nameserver: Sendable, Hashable, CustomStringConvertible {
    /// An IP address or a host name (IPv6 addresses without brackets).
    public var host: String
    /// The port, 53 by default.
    public var port: UInt16

    /// Creates a nameserver.
    ///
    /// The values are taken as given; ``parse(_:)`` checks text typed by a person, and a
    /// resolver reports a host that cannot be reached as a failed look-up.
    ///
    /// - Parameters:
    ///   - host: An IP address or a host name.
    ///   - port: The port.
    public init(host: String, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// `host:port` (`[v6]:port` for an IPv6 address).
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`.
    ///
    /// `HOST` is an IPv4 address, an IPv6 address (in brackets when a port follows; a bare
    /// IPv6 address means port 53), or a host name (letters, digits and hyphens in labels of at
    /// most 63 characters; a trailing dot is dropped and the name is lower-cased). The port
    /// is a number from 1 to 65535 and defaults to 53. Surrounding whitespace is ignored.
    ///
    /// - Parameter text: The text, as given on a command line.
    /// - Returns: The nameserver.
    /// - Throws: `dns.invalid-nameserver` saying what was wrong and showing the accepted forms.
    public static func parse(_ text: String) throws(LifecycleError) -> Nameserver {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else { throw invalid(text, "it is empty") }
        guard input.utf8.count <= 300 else { throw invalid(text, "it is longer than any host name and port can be") }
        if input.contains("://") || input.contains("/") {
            throw invalid(text, "it looks like a URL or a path; give only the host, and the port after a colon")
        }
        if input.hasPrefix("[") { return try parseBracketed(input, original: text) }

        let colons = input.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
        if colons > 1 {
            // Without brackets, the last group of an IPv6 address cannot be told from a port.
            if let address = IPAddressText.canonicalIPv6(input) { return Nameserver(host: address) }
            throw invalid(text, input.contains("%")
                ? "it is not an IPv6 address (zone indexes such as %eth0 are not supported)"
                : "it has several colons but is not an IPv6 address; to give an IPv6 address with a port, put the address in brackets, such as [2001:db8::53]:5353")
        }
        var host = input
        var port: UInt16 = 53
        if colons == 1, let colon = input.firstIndex(of: ":") {
            host = String(input[..<colon])
            port = try parsePort(String(input[input.index(after: colon)...]), original: text)
            guard !host.isEmpty else { throw invalid(text, "the host is missing before the colon") }
        }
        return Nameserver(host: try checkedHost(host, original: text), port: port)
    }

    // MARK: - Parsing

    private static func parseBracketed(_ input: String, original: String) throws(LifecycleError) -> Nameserver {
        guard let close = input.firstIndex(of: "]") else {
            throw invalid(original, "the opening [ has no closing ]")
        }
        let inside = String(input[input.index(after: input.startIndex)..<close])
        guard let address = IPAddressText.canonicalIPv6(inside) else {
            throw invalid(original, inside.contains("%")
                ? "\(quoted(inside)) is not an IPv6 address (zone indexes such as %eth0 are not supported)"
                : "\(quoted(inside)) inside the brackets is not an IPv6 address (brackets are only for IPv6 addresses)")
        }
        let rest = input[input.index(after: close)...]
        if rest.isEmpty { return Nameserver(host: address) }
        guard rest.hasPrefix(":") else {
            throw invalid(original, "after the closing ] only a colon and a port may follow, such as [\(address)]:5353")
        }
        return Nameserver(host: address, port: try parsePort(String(rest.dropFirst()), original: original))
    }

    private static func parsePort(_ text: String, original: String) throws(LifecycleError) -> UInt16 {
        guard !text.isEmpty else { throw invalid(original, "the port is missing after the colon") }
        guard text.utf8.count <= 5, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), (1...65_535).contains(value) else {
            throw invalid(original, "the port \(quoted(text)) is not a number from 1 to 65535")
        }
        return UInt16(value)
    }

    private static func checkedHost(_ host: String, original: String) throws(LifecycleError) -> String {
        if IPAddressText.ipv4Bytes(host) != nil { return host }
        if host.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) {
            throw invalid(original, "\(quoted(host)) is not an IPv4 address (four numbers from 0 to 255 separated by dots, such as 192.0.2.53)")
        }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard name.utf8.count <= 253 else { throw invalid(original, "the host name is longer than 253 characters") }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw invalid(original, "the host name has an empty label (two dots in a row, or a leading dot)") }
            guard label.utf8.count <= 63 else {
                throw invalid(original, "the host name has a label longer than 63 characters")
            }
            guard label.utf8.allSatisfy(isHostNameByte) else {
                throw invalid(original, "\(quoted(host)) is not a host name (only letters, digits, hyphens and dots are allowed)")
            }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw invalid(original, "a label of the host name starts or ends with a hyphen")
            }
        }
        return name
    }

    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private static func invalid(_ text: String, _ reason: String) -> LifecycleError {
        LifecycleError(.dnsInvalidNameserver,
            "\(quoted(text)) is not a nameserver: \(reason). Give an IP address or a host name, with a port after a colon if it is not 53: 192.0.2.53, 192.0.2.53:5353, ns1.example.com or [2001:db8::53]:5353.")
    }

    private static func quoted(_ text: String) -> String {
        DNSValueQuoting.quoted(text, limit: 60)
    }
}
