import Foundation

/// How values read from an untrusted SAML document are compared and quoted.
extension String {
    /// Whether this value is byte for byte the same as `other`.
    ///
    /// SAML compares identifiers (entity IDs, URLs, request IDs) as exact strings. Swift's
    /// `==` compares by Unicode canonical equivalence, under which a decomposed `é` equals a
    /// precomposed one; an identifier must not match a look-alike, so the UTF-8 bytes are
    /// compared instead.
    /// - Parameter other: The configured value.
    /// - Returns: Whether the UTF-8 bytes are identical.
    func isExactly(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var mine = self
        var theirs = other
        return mine.withUTF8 { a in
            theirs.withUTF8 { b in
                a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
            }
        }
    }

    /// This value, taken from an untrusted document, made safe to quote in an error message:
    /// control characters and Unicode line or paragraph separators (a forged log line, a
    /// terminal escape) become U+FFFD, and anything past `limit` characters is cut and
    /// marked with "…" (an attacker controls how long a value is, not how long a log line is).
    /// - Parameter limit: The most characters kept.
    /// - Returns: The printable, bounded value.
    func quotedForMessage(limit: Int = 160) -> String {
        var result = ""
        var count = 0
        for scalar in unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            result.unicodeScalars.append(isControl ? "\u{FFFD}" : scalar)
            count += 1
        }
        return result
    }

    /// `quotedForMessage()` with the default limit.
    var forMessage: String { quotedForMessage() }
}
