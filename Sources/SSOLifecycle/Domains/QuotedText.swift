/// What a person typed, made safe to quote inside an error message.
///
/// Messages end up in web pages, terminals and logs, and the text comes from anyone: it may
/// hold control characters that rewrite a terminal line, bidirectional overrides that make
/// the message read differently than it is, invisible characters, or megabytes. Quoting
/// looks at no more than `limit` scalars, so its cost does not depend on the input's size.
enum QuotedText {
    /// Quotes text: `"acme.com"`, with invisible and control characters written as
    /// `\u{202E}`, `"` and `\` escaped, and text beyond `limit` scalars cut off with `…`.
    /// - Parameters:
    ///   - text: What was typed.
    ///   - limit: How many scalars to show at most.
    /// - Returns: The quoted text, quotation marks included.
    static func quoted(_ text: some StringProtocol, limit: Int = 80) -> String {
        "\"" + escaped(text, limit: limit) + "\""
    }

    /// ``quoted(_:limit:)`` without the quotation marks.
    /// - Parameters:
    ///   - text: What was typed.
    ///   - limit: How many scalars to show at most.
    /// - Returns: The escaped text.
    static func escaped(_ text: some StringProtocol, limit: Int = 80) -> String {
        var result = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == limit {
                result += "…"
                break
            }
            shown += 1
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case " ": result.unicodeScalars.append(scalar)
            default:
                // A combining mark first would sit on the opening quotation mark.
                if needsEscape(scalar) || (shown == 1 && scalar.properties.generalCategory.isMark) {
                    result += escape(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// `\u{…}` for a scalar, in upper-case hexadecimal.
    /// - Parameter scalar: The scalar.
    /// - Returns: Its escape.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Whether a scalar would be invisible, move text around, or break the line if shown as is.
    /// - Parameter scalar: The scalar.
    /// - Returns: True for controls, format characters (bidirectional controls, zero-width
    ///   characters), separators, whitespace other than the space, private-use, unassigned and
    ///   default-ignorable code points.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned,
             .spaceSeparator:
            return true
        default:
            return properties.isWhitespace || properties.isDefaultIgnorableCodePoint
                || properties.isNoncharacterCodePoint
        }
    }
}
