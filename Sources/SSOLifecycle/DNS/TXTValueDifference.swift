import Foundation

/// How a TXT value found in DNS differs from the expected one, when the difference looks like
/// one of the usual slips (a character lost in copying, quotes or spaces a DNS panel added, a
/// value from an earlier attempt), worded for the admin who published it.
enum TXTValueDifference {
    /// Values longer than this are only compared whole: the character-by-character checks
    /// are quadratic, and a verification value is far shorter.
    static let comparedLength = 1_024

    /// The value as compared: surrounding whitespace trimmed, then one pair of surrounding
    /// double quotes removed (some DNS panels store the quotes they show).
    ///
    /// - Parameter value: A TXT value, its strings joined.
    /// - Returns: The value to compare.
    static func normalized(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }

    /// What is wrong with one found value, as the rest of a sentence that starts with the
    /// quoted value ("… is missing one character: …"), or nil when it is not a near miss.
    ///
    /// - Parameters:
    ///   - found: The found value, normalized.
    ///   - expected: The expected value.
    /// - Returns: The clause, or nil.
    static func explain(_ found: String, expected: String) -> String? {
        guard !found.isEmpty, !expected.isEmpty, found != expected,
              found.count <= comparedLength, expected.count <= comparedLength else { return nil }
        if found.lowercased() == expected.lowercased() {
            return "differs only in upper and lower case, and the value is case-sensitive"
        }
        let visible = String(found.unicodeScalars.filter { !isInvisible($0) })
        if visible == expected {
            return "contains an invisible character (such as a zero-width space picked up when copying); type or paste it again"
        }
        let squeezed = String(visible.filter { !$0.isWhitespace && $0 != "\"" })
        if squeezed == expected {
            return visible.contains("\"")
                ? "looks like the expected value cut into quoted pieces; enter it as one piece, without quotes"
                : "has spaces or line breaks inside it; remove them"
        }
        if found.contains(expected) {
            return "contains the expected value with extra text around it; the record must hold the expected value alone"
        }
        let equals = expected.firstIndex(of: "=")
        if let equals, found == expected[expected.index(after: equals)...] {
            return "lacks the \(DNSValueQuoting.quoted(String(expected[...equals]))) prefix; the whole value, prefix included, is needed"
        }
        if expected.hasPrefix(found) {
            return "is cut off: it holds the first \(found.count) of the \(expected.count) characters"
        }
        if expected.hasSuffix(found) {
            return "is missing the start: it holds the last \(found.count) of the \(expected.count) characters"
        }
        if let equals, let foundEquals = found.firstIndex(of: "="),
           found[found.index(after: foundEquals)...] == expected[expected.index(after: equals)...] {
            return "has the right code after the “=” but \(DNSValueQuoting.quoted(String(found[...foundEquals]))) before it instead of \(DNSValueQuoting.quoted(String(expected[...equals])))"
        }
        if let clause = oneCharacterApart(Array(found), Array(expected)) { return clause }
        if let equals, found.hasPrefix(expected[...equals]) {
            return "is a different verification value, perhaps left from an earlier attempt (each attempt issues a new value); replace it with the expected value"
        }
        return nil
    }

    /// When several records together spell the expected value (an admin who split a long
    /// value into separate records), a sentence saying so; else nil.
    ///
    /// - Parameters:
    ///   - values: The found values, normalized, in the order they came.
    ///   - expected: The expected value.
    /// - Returns: The sentence, or nil.
    static func explainSplit(_ values: [String], expected: String) -> String? {
        guard (2...4).contains(values.count) else { return nil }
        for order in permutations(Array(values.indices)) where order.map({ values[$0] }).joined() == expected {
            return "Together, the \(values.count) records spell the expected value: it was split into separate records, but it must be one record. Delete them and create one TXT record with the whole value (a DNS panel may show a long value as several quoted pieces inside one record; that is fine)."
        }
        return nil
    }

    // MARK: - Private

    private static func oneCharacterApart(_ found: [Character], _ expected: [Character]) -> String? {
        let common = zip(found, expected).prefix { $0 == $1 }.count
        let position = common + 1
        switch found.count - expected.count {
        case -1 where Array(found[common...]) == Array(expected[(common + 1)...]):
            return "is missing one character: \(DNSValueQuoting.quoted(String(expected[common]))) at position \(position)"
        case 1 where Array(found[(common + 1)...]) == Array(expected[common...]):
            return "has one character too many: \(DNSValueQuoting.quoted(String(found[common]))) at position \(position)"
        case 0 where common < found.count && Array(found[(common + 1)...]) == Array(expected[(common + 1)...]):
            return "has one wrong character: \(DNSValueQuoting.quoted(String(found[common]))) instead of \(DNSValueQuoting.quoted(String(expected[common]))) at position \(position)"
        default:
            return nil
        }
    }

    /// Zero-width spaces, joiners, byte-order marks, soft hyphens and non-whitespace controls:
    /// characters a person cannot see on screen (whitespace is reported separately).
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format: true
        case .control: !scalar.properties.isWhitespace
        default: false
        }
    }

    private static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }
}
