import Foundation

/// Parses XML Schema `dateTime` values as SAML uses them (`2028-07-19T17:28:34.000Z`,
/// `2100-01-01T00:00:42Z`, `2024-01-01T10:00:00+02:00`).
///
/// Written out rather than through a formatter so that fractional seconds of any length
/// and every offset form parse the same way, and so that parsing never depends on a locale.
/// A value without a time zone is read as UTC, as SAML 2.0 core (section 1.3.3) requires
/// all SAML times to be UTC.
package enum XSDateTime {
    /// The instant `text` denotes, or nil when it is not an `xs:dateTime`.
    /// - Parameter text: The lexical value; surrounding whitespace is ignored.
    /// - Returns: The instant, or nil.
    package static func parse(_ text: String) -> Date? {
        var scanner = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)[...]
        func number(_ digits: Int) -> Int? {
            guard scanner.count >= digits else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = scanner.removeFirst()
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard scanner.first == character else { return false }
            scanner.removeFirst()
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
              expect(0x54), let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A),
              let second = number(2) else { return nil }
        var fraction = 0.0
        if expect(0x2E) {
            var scale = 0.1
            var sawDigit = false
            while let byte = scanner.first, byte >= 0x30, byte <= 0x39 {
                fraction += Double(byte - 0x30) * scale
                scale /= 10
                sawDigit = true
                scanner.removeFirst()
            }
            guard sawDigit else { return nil }
        }
        var offsetSeconds = 0
        if expect(0x5A) {
            // Z
        } else if let sign = scanner.first, sign == 0x2B || sign == 0x2D {
            scanner.removeFirst()
            guard let offsetHours = number(2), expect(0x3A), let offsetMinutes = number(2),
                  offsetHours <= 14, offsetMinutes < 60 else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == 0x2B ? 1 : -1)
        }
        guard scanner.isEmpty, (1...12).contains(month), day >= 1, day <= daysInMonth(month, year),
              hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0),
              minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    private static func daysInMonth(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
