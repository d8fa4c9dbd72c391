import Foundation

/// PLACEHOLDER until the DNS work lands: the C library's resolver.
public struct SystemTXTResolver: TXTResolving {
    /// Creates the resolver.
    public init() {}

    /// Looks up TXT records.
    /// - Parameters:
    ///   - name: The name.
    ///   - nameserver: The nameserver.
    /// - Returns: A failure until implemented.
    public func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup {
        TXTLookup(outcome: .failed, detail: "not implemented yet")
    }
}
