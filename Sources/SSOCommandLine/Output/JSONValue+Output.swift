import Foundation
import SelfServeSSO

/// The tool prints JSON through SSOCore's ``JSONValue`` so every command has the same stable
/// form: keys sorted, two-space indentation, `"key": value`, absent values as `null`, and a
/// final line break.
extension JSONValue {
    /// A string, or `null` when absent.
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// An array of strings.
    static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }

    /// A date as ISO 8601 UTC with whole seconds, such as `2024-05-01T12:00:00Z`.
    static func timestamp(_ date: Date) -> JSONValue { .string(timestampText(date)) }

    /// The text of ``timestamp(_:)``.
    static func timestampText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The text the tool prints: pretty, sorted, with a final line break.
    var outputText: String { serialized(pretty: true) + "\n" }
}
