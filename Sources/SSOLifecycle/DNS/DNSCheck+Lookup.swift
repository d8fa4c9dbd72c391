import Foundation

extension DNSCheck {
    /// PLACEHOLDER until the DNS work lands: judges a look-up against the expected value.
    package static func evaluate(_ lookup: TXTLookup, queriedName: String, nameserver: Nameserver?,
                                 expectedValue: String, at date: Date) -> DNSCheck {
        let values = lookup.values
        let found = values.contains { $0.trimmingCharacters(in: .whitespaces) == expectedValue }
        let outcome: Outcome = switch lookup.outcome {
        case .answered: found ? .found : (values.isEmpty ? .noRecords : .valueMismatch)
        case .nameNotFound: .nameNotFound
        case .serverFailure: .serverFailure
        case .refused: .refused
        case .timeout: .timeout
        case .failed: .error
        }
        return DNSCheck(outcome: outcome, queriedName: queriedName, nameserver: nameserver?.description,
                        foundValues: values, expectedValue: expectedValue, checkedAt: date,
                        message: found ? "Found the TXT record." : "The TXT record \(queriedName) was not found (\(outcome.rawValue)).")
    }
}
