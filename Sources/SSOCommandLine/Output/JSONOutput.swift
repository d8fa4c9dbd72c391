import Foundation

/// A JSON value written by the tool, printed in one stable form: keys sorted, two-space
/// indentation, `"key": value`, empty containers as `[]` and `{}`, `/` and non-ASCII left
/// as is, and a final line break.
///
/// Programs read this output; keys are never renamed or removed once published, and absent
/// values are written as `null` rather than left out.
enum JSONOutput: Sendable, Equatable {
    case object([String: JSONOutput])
    case array([JSONOutput])
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null

    /// A string, or `null` when absent.
    static func optional(_ text: String?) -> JSONOutput { text.map(JSONOutput.string) ?? .null }

    /// An array of strings.
    static func strings(_ texts: [String]) -> JSONOutput { .array(texts.map(JSONOutput.string)) }

    /// The text to print, ending with a line break.
    var text: String {
        var output = ""
        write(to: &output, indent: "")
        return output + "\n"
    }

    private func write(to output: inout String, indent: String) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            let inner = indent + "  "
            output += "{\n"
            for (position, key) in members.keys.sorted().enumerated() {
                output += inner
                Self.writeString(key, to: &output)
                output += ": "
                members[key]?.write(to: &output, indent: inner)
                output += position == members.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            let inner = indent + "  "
            output += "[\n"
            for (position, element) in elements.enumerated() {
                output += inner
                element.write(to: &output, indent: inner)
                output += position == elements.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .string(let text):
            Self.writeString(text, to: &output)
        case .integer(let value):
            output += String(value)
        case .number(let value):
            // JSON has no NaN or infinity.
            guard value.isFinite else { output += "null"; return }
            if value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
            } else {
                output += String(value)
            }
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension JSONOutput {
    /// A date as ISO 8601 UTC with whole seconds, such as `2024-05-01T12:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
