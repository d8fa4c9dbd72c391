import Foundation
import SelfServeSSO

/// Reading a configuration file (`sso validate`) into a ``ProviderConfiguration``, with
/// messages that say where the file is wrong.
enum ConfigurationFile {
    /// Decodes the file's JSON object.
    /// - Parameters:
    ///   - data: The file's contents.
    ///   - path: The path, for messages.
    ///   - modes: The provider's mode ids, suggested when `mode` is missing.
    /// - Returns: The configuration.
    /// - Throws: ``UsageError`` when the file is not JSON, not an object, has no string
    ///   `mode`, or has a value of an unsupported type.
    static func decode(_ data: Data, path: String, modes: [String]) throws(UsageError) -> ProviderConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw invalid(path, "it is not valid JSON (\(syntaxLocation(of: error, in: data))). Check for a missing comma, quote or brace")
        }
        guard let members = object as? [String: Any] else {
            throw invalid(path, "it must hold one JSON object, such as {\"mode\": \"\(modes.first ?? "manual")\", ...}")
        }
        guard members["mode"] is String else {
            throw invalid(path, "it has no \"mode\" string; add \"mode\" with one of: \(modes.joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(ProviderConfiguration.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.first?.stringValue ?? "?"
            throw invalid(path, "the value of \"\(key)\" must be a string, true or false, an array of strings, or an object of strings")
        } catch {
            throw invalid(path, "it is not a configuration object")
        }
    }

    private static func invalid(_ path: String, _ reason: String) -> UsageError {
        UsageError(code: "usage.invalid-configuration", message: "The configuration file '\(path)' cannot be used: \(reason).")
    }

    /// "line L, column C" from Foundation's "around character N" message, or its own text.
    private static func syntaxLocation(of error: any Error, in data: Data) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        guard let range = description.range(of: #"character (\d+)"#, options: .regularExpression),
              let offset = Int(description[range].dropFirst("character ".count)) else {
            return description.hasSuffix(".") ? String(description.dropLast()) : description
        }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "unexpected input at line \(line), column \(column)"
    }
}
