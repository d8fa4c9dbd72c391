import Foundation

/// The one branch a troubleshooting section may take, written as marker lines around a
/// block of its body:
///
/// ```text
/// <!-- when: observed_audience starts-with spn: -->
/// Markdown shown only when the condition holds.
/// <!-- otherwise -->
/// Markdown shown only when it does not (optional).
/// <!-- end -->
/// ```
///
/// The condition is `KEY OPERATOR VALUE`: KEY is a ``TroubleshootingPlaceholder`` name, the
/// operator `is`, `starts-with` or `contains` (case-sensitive, on the value as passed), or
/// `KEY present` with no value. A value that was not passed makes the condition false.
/// Blocks do not nest. Deliberately small: a section that needs more branches is two
/// sections, or says both things.
struct TroubleshootingCondition: Sendable, Equatable {
    enum Operator: String, Sendable, CaseIterable {
        case `is`
        case startsWith = "starts-with"
        case contains
        case present
    }

    /// The placeholder name the condition reads.
    let key: String
    let comparison: Operator
    /// What the value is compared with (empty for `present`).
    let operand: String

    /// Reads `KEY OPERATOR VALUE` or `KEY present`; the reason it cannot, otherwise.
    static func parse(_ text: String) -> Result<TroubleshootingCondition, ConditionError> {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2 else {
            return .failure(ConditionError("a when marker needs KEY OPERATOR VALUE, such as <!-- when: observed_audience starts-with spn: -->"))
        }
        guard TroubleshootingPlaceholder(name: parts[0]) != nil else {
            return .failure(ConditionError("the when marker reads \"\(MarkedSectionDocument.clip(parts[0]))\", which is not a placeholder name"))
        }
        guard let comparison = Operator(rawValue: parts[1]) else {
            return .failure(ConditionError("unknown operator \"\(MarkedSectionDocument.clip(parts[1]))\" in a when marker; use \(Operator.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let operand = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
        guard (comparison == .present) == operand.isEmpty else {
            return .failure(ConditionError(comparison == .present ? "\"present\" takes no value" : "the operator \(comparison.rawValue) needs a value to compare with"))
        }
        return .success(TroubleshootingCondition(key: parts[0], comparison: comparison, operand: operand))
    }

    /// Whether the condition holds for these values.
    func holds(in values: [String: String]) -> Bool {
        // A blank value counts as absent, as it does when placeholders are filled.
        guard let value = values[key], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return false }
        switch comparison {
        case .is: return value == operand
        case .startsWith: return value.hasPrefix(operand)
        case .contains: return value.contains(operand)
        case .present: return true
        }
    }

    /// The condition in words for the documentation site, which shows every branch:
    /// "*If the observed audience starts with `spn:`:*".
    var documentationLabel: String {
        let subject = "the " + key.replacingOccurrences(of: "_", with: " ")
        let value = DocumentationSite.code(operand)
        switch comparison {
        case .is: return "*If \(subject) is \(value):*"
        case .startsWith: return "*If \(subject) starts with \(value):*"
        case .contains: return "*If \(subject) contains \(value):*"
        case .present: return "*If \(subject) is known:*"
        }
    }

    /// Why a condition could not be read.
    struct ConditionError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
