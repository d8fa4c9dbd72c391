import Foundation

/// The complete normalization of a typed domain name, with a precise error for anything
/// wrong with it.
///
/// ``DomainName/normalize(_:)`` first tries ``ASCIIDomainFastPath``, which accepts only
/// names that need nothing but lower-casing; everything else (whitespace, Unicode, `xn--`
/// labels, and every invalid input) comes here. The two must agree wherever the fast path
/// answers; a test checks that they do.
struct DomainNameNormalizer {
    /// Longer input is refused before any work: a domain name is at most 253 octets, and
    /// even written in Unicode with surrounding spaces it stays far below this.
    static let maximumInputBytes = 2048

    /// Where the name came from, for the wording of errors.
    let subject: DomainNameSubject

    /// Normalizes a domain name.
    /// - Parameter input: The name as typed (or as it appears after an email's @).
    /// - Returns: The normalized name: lower case, A-labels, no trailing dot.
    /// - Throws: A `domain.*` ``LifecycleError`` saying what is wrong.
    func normalize(_ input: String) throws(LifecycleError) -> String {
        switch Self.analyze(input, asEmailDomain: subject.isEmail) {
        case .success(let name): return name
        case .failure(let problem): throw problem.error(subject)
        }
    }

    /// The checks, in the order that gives the most useful message: the overall shape
    /// first (a URL, an email address, a wildcard, an IP address), then each label, then
    /// the name as a whole.
    /// - Parameters:
    ///   - input: The name as typed.
    ///   - asEmailDomain: Whether the text is what follows an email address's @: then
    ///     whitespace is not trimmed (the address was) and web or email address shapes are
    ///     not looked for (there they can only be stray characters).
    ///   - allowSingleLabel: Whether to accept one label, to find out what a lone label
    ///     such as `com` is.
    /// - Returns: The normalized name or the first problem found.
    static func analyze(_ input: String, asEmailDomain: Bool = false,
                        allowSingleLabel: Bool = false) -> Result<String, DomainNameProblem> {
        guard input.utf8.count <= maximumInputBytes else { return .failure(.inputTooLong(utf8Count: input.utf8.count)) }
        let trimmed = asEmailDomain ? input : trimmedWhitespace(input)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        let text = folded(trimmed)

        // Byte searches: every character looked for is ASCII, and grapheme-aware searches
        // cost more than the rest of the checks together.
        let bytes = text.utf8
        if !asEmailDomain {
            if bytes.contains(UInt8(ascii: "/")) {
                return .failure(.webAddress(host: suggestion(fromWebAddress: text)))
            }
            if let at = bytes.lastIndex(of: UInt8(ascii: "@")) {
                return .failure(.emailAddress(domain: suggestion(String(text[bytes.index(after: at)...]))))
            }
        }
        if bytes.contains(UInt8(ascii: "*")) {
            let rest = text.hasPrefix("*.") ? String(text.dropFirst(2)) : nil
            return .failure(.wildcard(domain: rest.flatMap { $0.contains("*") ? nil : suggestion($0) }))
        }
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            if isIPv6Literal(text) { return .failure(.ipAddress) }
            let port = text[bytes.index(after: colon)...]
            if !port.isEmpty, port.allSatisfy(\.isASCIIDigit) {
                return .failure(.port(host: suggestion(String(text[..<colon]))))
            }
            return .failure(.character(":"))
        }

        var body = Substring(text).utf8
        if body.last == UInt8(ascii: ".") { body.removeLast() }
        guard !body.isEmpty else { return .failure(.emptyLabel) }
        let labels = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Substring.init)
        if labels.contains(where: \.isEmpty) { return .failure(.emptyLabel) }
        if labels.allSatisfy(isNumeric) { return .failure(.ipAddress) }

        var asciiLabels: [String] = []
        asciiLabels.reserveCapacity(labels.count)
        for label in labels {
            switch asciiLabel(label) {
            case .success(let ascii): asciiLabels.append(ascii)
            case .failure(let problem): return .failure(problem)
            }
        }
        if let last = labels.last, isNumeric(last) { return .failure(.numericTopLevel(label: String(last))) }
        if labels.count == 1, !allowSingleLabel { return .failure(.singleLabel) }
        let name = asciiLabels.joined(separator: ".")
        guard name.utf8.count <= 253 else { return .failure(.nameTooLong(octets: name.utf8.count)) }
        return .success(name)
    }

    /// The checks of one label, and its A-label when it is internationalized.
    private static func asciiLabel(_ label: Substring) -> Result<String, DomainNameProblem> {
        if label.utf8.allSatisfy({ $0 < 0x80 }) {
            for scalar in label.unicodeScalars where !isLDH(scalar) {
                return .failure(.character(scalar))
            }
            if label.utf8.count > 63 { return .failure(.labelTooLong(label: String(label), octets: label.utf8.count)) }
            if label.utf8.first == UInt8(ascii: "-") || label.utf8.last == UInt8(ascii: "-") {
                return .failure(.hyphenAtEdge(label: String(label)))
            }
            if label.utf8.starts(with: "xn--".utf8) {
                switch IDNALabel.decode(aLabel: label) {
                case .success: break
                case .failure(let failure):
                    let character: Unicode.Scalar? = switch failure {
                    case .disallowed(let scalar), .contextual(let scalar), .leadingCombiningMark(let scalar): scalar
                    default: nil
                    }
                    return .failure(.invalidALabel(label: String(label), decodedCharacter: character))
                }
            }
            return .success(String(label))
        }
        switch IDNALabel.aLabel(fromULabel: Array(label.unicodeScalars)) {
        case .success(let aLabel):
            return .success(aLabel)
        case .failure(let failure):
            let text = String(label)
            switch failure {
            case .disallowed(let scalar): return .failure(.character(scalar))
            case .contextual(let scalar): return .failure(.contextualCharacter(scalar))
            case .leadingCombiningMark: return .failure(.leadingCombiningMark(label: text))
            case .reservedHyphens: return .failure(.reservedHyphens(label: text))
            case .hyphenAtEdge: return .failure(.hyphenAtEdge(label: text))
            case .notNFC, .invalidEncoding:
                // Not reachable for text that was normalized to NFC first; reported as an
                // encoding problem rather than trusted.
                return .failure(.invalidALabel(label: text, decodedCharacter: nil))
            case .tooLong:
                let octets = Punycode.encode(Array(label.unicodeScalars)).map { $0.utf8.count + 4 } ?? label.utf8.count
                return .failure(.labelTooLong(label: text, octets: octets))
            }
        }
    }

    /// Lower-cases and brings to NFC; maps the full stops and full-width ASCII forms of
    /// East Asian keyboards to ASCII (RFC 5895's width mapping, limited to those), so
    /// `例え。ｊｐ` is read as `例え.jp`.
    private static func folded(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var mapped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3002, 0xFF0E, 0xFF61:
                mapped.append(".")
            case 0xFF01...0xFF5E:
                mapped.append(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
            default:
                mapped.append(scalar)
            }
        }
        let composed = String(mapped).precomposedStringWithCanonicalMapping
        let lowered = composed.lowercased()
        // Lower-casing can produce sequences that are not in NFC (`İ` becomes `i̇`).
        return lowered.utf8.elementsEqual(composed.utf8) ? composed : lowered.precomposedStringWithCanonicalMapping
    }

    /// Surrounding whitespace removed; Foundation (which knows every Unicode space) only when
    /// the text starts or ends with a space or a non-ASCII character.
    static func trimmedWhitespace(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        let clean: (UInt8) -> Bool = { $0 > 0x20 && $0 < 0x7F }
        if clean(first) && clean(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The domain of a web address, when it is a valid domain name.
    private static func suggestion(fromWebAddress text: String) -> String? {
        var rest = Substring(text)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.lastIndex(of: ":"), !rest.hasPrefix("[") { rest = rest[..<colon] }
        return suggestion(String(rest))
    }

    /// A name to offer in a message: only a valid one, normalized, never a guess.
    private static func suggestion(_ candidate: String) -> String? {
        // The candidate is part of text already known to be free of "/" and "@" or cut
        // before them, so this recursion ends after one level.
        guard !candidate.contains("/"), !candidate.contains("@") else { return nil }
        return try? analyze(candidate).get()
    }

    /// `[::1]`, `::ffff:1.2.3.4`, `fe80::1%eth0`: brackets, hexadecimal groups and at
    /// least two colons (one colon is `host:port`).
    private static func isIPv6Literal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("[") {
            guard let close = body.firstIndex(of: "]") else { return false }
            body = body[body.index(after: body.startIndex)..<close]
        }
        if let zone = body.firstIndex(of: "%") { body = body[..<zone] }
        guard body.utf8.count(where: { $0 == UInt8(ascii: ":") }) >= 2 else { return false }
        return body.unicodeScalars.allSatisfy { $0 == ":" || $0 == "." || $0.properties.isASCIIHexDigit }
    }

    /// A label that resolvers read as a number (`127`, `0x7f`), which is what makes
    /// `127.1` and `0x7f.1` IPv4 addresses (inet_aton, the WHATWG URL host parser).
    static func isNumeric(_ label: Substring) -> Bool {
        let bytes = label.utf8
        if bytes.count >= 2, bytes.starts(with: "0x".utf8) {
            return bytes.dropFirst(2).allSatisfy { Character(Unicode.Scalar($0)).isHexDigit }
        }
        return !bytes.isEmpty && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isLDH(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "0"..."9", "-": true
        default: false
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
