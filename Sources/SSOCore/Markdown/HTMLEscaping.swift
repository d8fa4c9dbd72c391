/// HTML escaping for text and attribute values.
enum HTMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe in text and in quoted
    /// attribute values alike.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { append(scalar, to: &output) }
        return output
    }

    /// Appends one scalar, escaped.
    static func append(_ scalar: Unicode.Scalar, to output: inout String) {
        switch scalar {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        case "\0": output += "\u{FFFD}"
        default: output.unicodeScalars.append(scalar)
        }
    }
}
