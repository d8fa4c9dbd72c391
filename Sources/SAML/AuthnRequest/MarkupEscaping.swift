/// Escaping for the XML and HTML this package writes (AuthnRequests, SP metadata, the
/// HTTP-POST form, and SSOCore's documentation pages), so that no configured or written
/// value can change a document's structure. Characters XML 1.0 cannot carry (NUL and other
/// control characters, unpaired surrogates cannot occur in Swift strings) become U+FFFD.
package enum MarkupEscaping {
    /// `value` made safe inside a double-quoted XML attribute. Tabs and line breaks become
    /// character references (attribute-value normalization would otherwise turn them into
    /// spaces), and characters XML 1.0 cannot carry become U+FFFD.
    package static func xmlAttribute(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\t": "&#9;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            default: nil
            }
        }
    }

    /// `value` made safe as XML character data.
    package static func xmlText(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\r": "&#13;"
            default: nil
            }
        }
    }

    /// `value` made safe in HTML text and in double- or single-quoted HTML attributes.
    package static func html(_ value: String) -> String {
        escape(value, htmlReplacement)
    }

    /// Appends one scalar to `output`, escaped as `html(_:)` escapes it (for renderers that
    /// build their output a character at a time).
    package static func appendHTML(_ scalar: Unicode.Scalar, to output: inout String) {
        append(scalar, htmlReplacement, to: &output)
    }

    private static func htmlReplacement(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\"": "&quot;"
        case "'": "&#39;"
        default: nil
        }
    }

    private static func escape(_ value: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars { append(scalar, replacement, to: &result) }
        return result
    }

    private static func append(_ scalar: Unicode.Scalar, _ replacement: (Unicode.Scalar) -> String?,
                               to result: inout String) {
        if let replaced = replacement(scalar) {
            result += replaced
        } else if isAllowedInXML(scalar) {
            result.unicodeScalars.append(scalar)
        } else {
            result.unicodeScalars.append("\u{FFFD}")
        }
    }

    /// XML 1.0 `Char`: tab, line feed, carriage return, and U+0020 upwards except U+FFFE/U+FFFF.
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
