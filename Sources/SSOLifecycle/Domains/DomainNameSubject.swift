/// Where a domain name being normalized came from, for the wording of errors.
enum DomainNameSubject: Sendable {
    /// Typed as a domain name.
    case domain(typed: String)
    /// The part after the @ of an email address.
    case emailDomain(email: String)

    /// How a message names the input: `"acme..com"`, or
    /// `The domain of the email address "jane@acme..com"`.
    var phrase: String {
        switch self {
        case .domain(let typed): QuotedText.quoted(typed)
        case .emailDomain(let email): "The domain of the email address \(QuotedText.quoted(email))"
        }
    }

    /// Whether the name is an email address's domain.
    var isEmail: Bool {
        if case .emailDomain = self { return true }
        return false
    }
}
