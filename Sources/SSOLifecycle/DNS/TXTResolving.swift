import Foundation

/// Looks up the TXT records of a DNS name.
///
/// The shipped ``SystemTXTResolver`` asks the C library's resolver (or a nameserver you name);
/// tests inject their own, or point ``SystemTXTResolver`` at a loopback nameserver such as the
/// test kit's `LoopbackDNSResponder`.
///
/// ## Implementation requirements
///
/// - Never throw and never hang: every failure (no answer, refused, unreadable answer, bad
///   input) is a ``TXTLookup`` with an ``TXTLookup/Outcome`` and a ``TXTLookup/detail`` a
///   person can read.
/// - Return within a bounded time that the conforming type documents.
/// - Report the records of `name` only (following CNAME records), each as its
///   character-strings in order, so that joining them gives the value.
public protocol TXTResolving: Sendable {
    /// Looks up the TXT records of `name`.
    ///
    /// - Parameters:
    ///   - name: The fully qualified name, such as `_sso-verification.acme.com`.
    ///   - nameserver: A nameserver to ask directly, or nil for the system's resolver.
    /// - Returns: What came back; never throws, never hangs past its time-out.
    func lookUpTXT(_ name: String, nameserver: Nameserver?) async -> TXTLookup
}
