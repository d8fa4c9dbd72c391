import Foundation

/// Dates as pages show them: UTC, to the minute, the same on every machine
/// (`2026-12-01 17:09 UTC`), inside a `<time>` element carrying the exact instant.
enum DisplayDate {
    /// `2026-12-01 17:09 UTC`.
    static func text(_ date: Date) -> String {
        let components = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { let value = value ?? 0; return value < 10 ? "0\(value)" : "\(value)" }
        return "\(components.year ?? 0)-\(two(components.month))-\(two(components.day)) \(two(components.hour)):\(two(components.minute)) UTC"
    }

    /// `2026-12-01`.
    static func day(_ date: Date) -> String {
        String(text(date).prefix(10))
    }

    /// A `<time>` element.
    static func markup(_ date: Date) -> Markup {
        "<time datetime=\"\(iso(date))\">\(text(date))</time>"
    }

    /// ISO 8601 to the second, UTC.
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// How far `date` is from `now`, in words: `in 6 days`, `3 hours ago`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let amount: String
        switch magnitude {
        case ..<90: amount = "a minute"
        case ..<5400: amount = "\(Int((magnitude / 60).rounded())) minutes"
        case ..<(36 * 3600): amount = "\(Int((magnitude / 3600).rounded())) hours"
        default: amount = "\(Int((magnitude / 86_400).rounded())) days"
        }
        return seconds >= 0 ? "in \(amount)" : "\(amount) ago"
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
