import Foundation

/// Shows DNS names and TXT values to people: in double quotes, with invisible characters made
/// visible (a stray zero-width space is a classic reason for a value that "looks right"), and
/// long values shortened in the middle so a message stays readable while both ends, where a
/// missing prefix or a cut-off token shows, stay visible.
enum DNSValueQuoting {
    /// `text` in double quotes. Quotes and backslashes are escaped, control characters and
    /// invisible spaces are shown as `\n`, `\t`, `\u{…}`, and text longer than `limit`
    /// characters keeps its start and end around `…`, followed by its length.
    static func quoted(_ text: String, limit: Int = 80) -> String {
        let characters = Array(text)
        guard characters.count > limit else { return "\"" + characters.map(escaped).joined() + "\"" }
        let keep = max(limit / 2 - 1, 4)
        let head = characters.prefix(keep).map(escaped).joined()
        let tail = characters.suffix(keep).map(escaped).joined()
        return "\"\(head)…\(tail)\" (\(characters.count) characters)"
    }

    private static func escaped(_ character: Character) -> String {
        switch character {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: break
        }
        var text = ""
        for scalar in character.unicodeScalars {
            if isInvisible(scalar) {
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Controls, format characters (zero-width spaces, direction marks) and spaces other than
    /// U+0020 that a person cannot tell apart on screen.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
            return true
        case .spaceSeparator:
            return scalar != " "
        default:
            return false
        }
    }
}
