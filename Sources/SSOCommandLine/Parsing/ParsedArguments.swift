import Foundation

/// The arguments of one command after parsing against its ``CommandSpec``.
struct ParsedArguments: Sendable, Equatable {
    /// Whether `-h` or `--help` was given (then nothing else was checked).
    var isHelpRequested = false
    /// Positional arguments by their spec name.
    var arguments: [String: String] = [:]
    /// The flags given, by long name.
    var flags: Set<String> = []
    /// The values of each option given, in order, by long name.
    var values: [String: [String]] = [:]

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a positional argument.
    func argument(_ name: String) -> String? { arguments[name] }

    /// The value of a non-repeatable option.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option.
    func allValues(_ name: String) -> [String] { values[name] ?? [] }

    /// An option's value as a whole number within a range.
    /// - Throws: ``UsageError`` when it is not one.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw .invalidValue(option: name, value: text,
                                expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An option's value as a non-negative number of seconds.
    /// - Throws: ``UsageError`` when it is not one.
    func seconds(_ name: String) throws(UsageError) -> TimeInterval? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite, number >= 0 else {
            throw .invalidValue(option: name, value: text, expected: "a number of seconds, 0 or more (such as 120)")
        }
        return number
    }

    /// An option's value as an ISO 8601 date-time with a time zone, fractional seconds optional.
    /// - Throws: ``UsageError`` when it is not one.
    func date(_ name: String) throws(UsageError) -> Date? {
        guard let text = value(name) else { return nil }
        guard let date = Self.parseISO8601(text) else {
            throw .invalidValue(option: name, value: text,
                                expected: "an ISO 8601 date-time with a time zone, such as 2024-05-01T12:00:00Z")
        }
        return date
    }

    /// An option's value as an absolute `http` or `https` URL.
    /// - Throws: ``UsageError`` when it is not one.
    func webURL(_ name: String) throws(UsageError) -> String? {
        guard let text = value(name) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", url.host?.isEmpty == false else {
            throw .invalidValue(option: name, value: text, expected: "an absolute https URL, such as https://app.example.com/sso/acs")
        }
        return text
    }

    /// Parses `2024-05-01T12:00:00Z` or `2024-05-01T12:00:00.123+02:00`.
    static func parseISO8601(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
