import Foundation

/// Removes passwords from text before it reaches an error message or a log.
///
/// libpq's own messages do not normally repeat a password, but some parse errors quote pieces
/// of the connection string, and a host's typo can put the password anywhere in it. So every
/// message that leaves this target passes through ``redact(_:)``: each known secret, in every
/// spelling it may take (as given, percent-encoded, percent-decoded), is replaced.
struct SecretRedaction: Sendable {
    /// What replaces a secret.
    static let mask = "********"

    private let secrets: [String]

    /// - Parameter secrets: The secrets; empty and very short ones are ignored (a one-letter
    ///   "password" would turn every message into asterisks, and is no secret worth hiding).
    init(secrets: [String]) {
        var spellings: Set<String> = []
        for secret in secrets where secret.utf8.count >= 3 {
            spellings.insert(secret)
            if let decoded = secret.removingPercentEncoding { spellings.insert(decoded) }
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { spellings.insert(encoded) }
        }
        // Longest first, so that a secret containing another is masked whole.
        self.secrets = spellings.filter { $0.utf8.count >= 3 }.sorted { $0.utf8.count > $1.utf8.count }
    }

    /// The text with every secret masked.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.replacingOccurrences(of: secret, with: Self.mask) }
    }

    /// A libpq connection-string parse error with every quoted piece masked except option
    /// names libpq knows and single punctuation marks (`missing "="`): such errors quote the offending part of the string (`missing "="
    /// after "…"`, `invalid percent-encoded token: "…"`), which may be the password itself.
    static func redactQuotedPieces(_ message: String, keeping keywords: Set<String>) -> String {
        var result = ""
        var quoted: String?
        for character in message {
            if var piece = quoted {
                if character == "\"" {
                    let harmless = keywords.contains(piece) || (piece.count == 1 && !piece.contains(where: \.isLetter) && !piece.contains(where: \.isNumber))
                    result += harmless ? piece : "…"
                    result.append("\"")
                    quoted = nil
                } else {
                    piece.append(character)
                    quoted = piece
                }
            } else {
                result.append(character)
                if character == "\"" { quoted = "" }
            }
        }
        if quoted != nil { result += "…" }
        return result
    }
}
