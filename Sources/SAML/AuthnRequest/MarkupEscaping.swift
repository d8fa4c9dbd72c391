/// Escaping for the XML and HTML this package writes (AuthnRequests, SP metadata, the
/// HTTP-POST form), so that no configured value can change a document's structure.
enum MarkupEscaping {
    /// `value` made safe inside a double-quoted XML attribute. Tabs and line breaks become
    /// character references (attribute-value normalization would otherwise turn them into
    /// spaces), and characters XML 1.0 cannot carry become U+FFFD.
    static func xmlAttribute(_ value: String) -> String {
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
    static func xmlText(_ value: String) -> String {
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
    static func html(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    private static func escape(_ value: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else if isAllowedInXML(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result.unicodeScalars.append("\u{FFFD}")
            }
        }
        return result
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
