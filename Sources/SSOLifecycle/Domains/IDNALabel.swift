import Foundation

/// IDNA2008 for one label: which code points an internationalized label may hold, and the
/// conversions between the Unicode form (U-label, `bücher`) and the ASCII form (A-label,
/// `xn--bcher-kva`).
///
/// The code point rules follow RFC 5892's derivation (section 2 and the exceptions of 2.6),
/// computed from the Unicode properties the standard library carries rather than from a
/// table, and the contextual rules of its appendix A. Approximations, all on the refusing
/// side or harmless for names people type:
/// - "Unstable" is Changes_When_NFKC_Casefolded, which RFC 5892's definition reduces to for
///   every code point not already refused as default-ignorable.
/// - ZERO WIDTH NON-JOINER is accepted only after a virama; its second rule needs Arabic
///   joining types, which the standard library does not carry, so it is refused there.
/// - The scripts the contextual rules name (Greek, Hebrew, Hiragana, Katakana, Han) are
///   recognized by their main Unicode blocks.
/// - The Bidi rule (RFC 5893) is not checked.
enum IDNALabel {
    /// Why a label is not a valid internationalized label.
    enum Failure: Error, Equatable, Sendable {
        /// A code point IDNA2008 never allows (symbols, emoji, spaces, punctuation, invisible
        /// formatting characters, compatibility characters, unassigned code points).
        case disallowed(Unicode.Scalar)
        /// A code point allowed only next to certain others (joiners, the Catalan middle dot, …).
        case contextual(Unicode.Scalar)
        /// The label starts with a combining mark, which has nothing to combine with.
        case leadingCombiningMark(Unicode.Scalar)
        /// Hyphens in the third and fourth positions, reserved for encodings such as `xn--`.
        case reservedHyphens
        /// A hyphen at the start or the end.
        case hyphenAtEdge
        /// The label is not in Normalization Form C.
        case notNFC
        /// After `xn--`: not valid Punycode, an encoding of plain ASCII, or not the form an
        /// encoder produces for what it decodes to.
        case invalidEncoding
        /// The encoded label is longer than the 63 octets a label may have.
        case tooLong
    }

    /// The A-label for a U-label.
    /// - Parameter label: The label's code points, already NFC and lower case, with at least
    ///   one non-ASCII code point.
    /// - Returns: `xn--…`, or why the label is refused.
    static func aLabel(fromULabel label: [Unicode.Scalar]) -> Result<String, Failure> {
        if let failure = validate(uLabel: label, knownNFC: true) { return .failure(failure) }
        // Each code point adds at least one character to the encoding, so a longer label
        // cannot fit in 63 octets; refusing it first keeps the encoder's work bounded.
        guard label.count <= 59, let encoded = Punycode.encode(label) else { return .failure(.tooLong) }
        let aLabel = "xn--" + encoded
        guard aLabel.utf8.count <= 63 else { return .failure(.tooLong) }
        return .success(aLabel)
    }

    /// Checks an A-label: decodes it and holds the result to the U-label rules, and
    /// requires that encoding it again gives back the same label (one name, one spelling).
    /// - Parameter label: A lower-case ASCII label starting with `xn--`, at most 63 octets.
    /// - Returns: The decoded code points, or why the label is refused; a refusal for what the
    ///   label decodes to carries that code point.
    static func decode(aLabel label: Substring) -> Result<[Unicode.Scalar], Failure> {
        let tail = label.utf8.dropFirst(4)
        guard let decoded = Punycode.decode(tail), decoded.contains(where: { !$0.isASCII }) else {
            return .failure(.invalidEncoding)
        }
        if let failure = validate(uLabel: decoded, knownNFC: false) { return .failure(failure) }
        guard let again = Punycode.encode(decoded), again.utf8.elementsEqual(tail) else {
            return .failure(.invalidEncoding)
        }
        return .success(decoded)
    }

    /// Applies RFC 5891 section 4.2.3's checks to a U-label.
    /// - Parameters:
    ///   - label: The code points.
    ///   - knownNFC: Whether the caller already brought the label to NFC.
    private static func validate(uLabel label: [Unicode.Scalar], knownNFC: Bool) -> Failure? {
        guard let first = label.first, let last = label.last else { return .invalidEncoding }
        if first == "-" || last == "-" { return .hyphenAtEdge }
        if label.count >= 4, label[2] == "-", label[3] == "-" { return .reservedHyphens }
        if first.properties.generalCategory.isMark { return .leadingCombiningMark(first) }
        for (index, scalar) in label.enumerated() {
            switch status(of: scalar) {
            case .valid:
                continue
            case .disallowed:
                return .disallowed(scalar)
            case .contextJ:
                guard index > 0, label[index - 1].properties.canonicalCombiningClass == .virama else {
                    return .contextual(scalar)
                }
            case .contextO:
                guard contextOAllows(scalar, at: index, in: label) else { return .contextual(scalar) }
            }
        }
        // Without a combining mark, a label of allowed code points is already in NFC: what NFC
        // would change is a mark to compose or reorder (Hangul conjoining jamo, the other
        // thing that composes, are refused above), or a code point that NFC replaces, and
        // every such code point changes under NFKC case folding, so is refused above too.
        guard !knownNFC, label.contains(where: { $0.properties.generalCategory.isMark }) else { return nil }
        let text = String(String.UnicodeScalarView(label))
        if text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(label) == false {
            return .notNFC
        }
        return nil
    }

    private enum Status { case valid, disallowed, contextJ, contextO }

    /// RFC 5892 section 3's derivation, in its order.
    private static func status(of scalar: Unicode.Scalar) -> Status {
        let value = scalar.value
        if value < 0x80 {
            switch scalar {
            case "a"..."z", "0"..."9", "-": return .valid
            default: return .disallowed
            }
        }
        switch value {
        // Exceptions (section 2.6).
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .valid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        // JoinControl.
        case 0x200C, 0x200D: return .contextJ
        // IgnorableBlocks: combining marks for symbols, musical notation.
        case 0x20D0...0x20FF, 0x1D100...0x1D24F: return .disallowed
        // OldHangulJamo: the conjoining jamo of Hangul_Syllable_Type L, V and T.
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed
        default: break
        }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned { return .disallowed }
        if properties.changesWhenNFKCCaseFolded { return .disallowed }
        if properties.isDefaultIgnorableCodePoint || properties.isWhitespace || properties.isNoncharacterCodePoint {
            return .disallowed
        }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
             .nonspacingMark, .spacingMark:
            return .valid
        default:
            return .disallowed
        }
    }

    /// RFC 5892 appendix A.3 to A.9.
    private static func contextOAllows(_ scalar: Unicode.Scalar, at index: Int, in label: [Unicode.Scalar]) -> Bool {
        let before = index > 0 ? label[index - 1] : nil
        let after = index + 1 < label.count ? label[index + 1] : nil
        switch scalar.value {
        case 0x00B7:
            // Catalan "l·l".
            return before == "l" && after == "l"
        case 0x0375:
            return after.map(isGreek) ?? false
        case 0x05F3, 0x05F4:
            return before.map(isHebrew) ?? false
        case 0x30FB:
            return label.contains { $0.value != 0x30FB && isHiraganaKatakanaOrHan($0) }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0.value) }
        default:
            return false
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0370...0x03E1, 0x03F0...0x03FF, 0x1F00...0x1FFF, 0x10140...0x1018F: true
        default: false
        }
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0591...0x05FF, 0xFB1D...0xFB4F: true
        default: false
        }
    }

    private static func isHiraganaKatakanaOrHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D, 0x1B000...0x1B16F,
             0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
            true
        default:
            false
        }
    }
}

extension Unicode.GeneralCategory {
    /// Mn, Mc or Me: a mark that combines with what precedes it.
    var isMark: Bool {
        self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
    }
}
