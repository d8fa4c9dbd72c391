import Foundation

/// Normalization and policy for the email domains organizations claim.
public enum DomainName {
    /// Normalizes a domain name typed by a person: trims, lower-cases, drops one trailing
    /// dot, converts internationalized labels to punycode, and checks RFC 1035 label rules
    /// and length; refuses IP addresses, wildcards and single labels.
    /// - Parameter input: What was typed.
    /// - Returns: The normalized name.
    /// - Throws: `domain.invalid`, `domain.ip-address`, `domain.wildcard`, `domain.single-label`.
    public static func normalize(_ input: String) throws(LifecycleError) -> String {
        // PLACEHOLDER: replaced by the domain-name work.
        var name = input.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard name.contains("."), !name.isEmpty else {
            throw LifecycleError(.domainSingleLabel, "'\(input)' is not a domain name with at least two labels.")
        }
        return name
    }

    /// ``normalize(_:)`` and the policy for a domain an organization claims: refuses public
    /// suffixes (Public Suffix List) and consumer mail domains (gmail.com, outlook.com, …).
    /// - Parameter input: What was typed.
    /// - Returns: The normalized name.
    /// - Throws: Those of ``normalize(_:)``, `domain.public-suffix`, `domain.consumer`.
    public static func normalizeForClaim(_ input: String) throws(LifecycleError) -> String {
        // PLACEHOLDER: replaced by the domain-name work.
        try normalize(input)
    }

    /// Splits an email address and normalizes its domain like ``normalize(_:)``.
    /// - Parameter email: The address.
    /// - Returns: The local part as given and the normalized domain.
    /// - Throws: `route.invalid-email` when it is not an address, or a domain error.
    public static func splitEmail(_ email: String) throws(LifecycleError) -> (localPart: String, domain: String) {
        // PLACEHOLDER: replaced by the domain-name work.
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let at = trimmed.lastIndex(of: "@"), at != trimmed.startIndex else {
            throw LifecycleError(.routeInvalidEmail, "'\(email)' is not an email address.")
        }
        let domain = try normalize(String(trimmed[trimmed.index(after: at)...]))
        return (String(trimmed[..<at]), domain)
    }
}
