/// What is wrong with a typed domain name, and how to say so.
///
/// Kept apart from the checks so that the checks stay short, and so every message follows
/// one shape: what was typed (quoted safely), what is wrong with it, what to enter instead.
enum DomainNameProblem: Error, Equatable, Sendable {
    /// Nothing but whitespace.
    case empty
    /// Far longer than any domain name; refused before looking at it.
    case inputTooLong(utf8Count: Int)
    /// A web address; `host` is its domain when that is a valid one.
    case webAddress(host: String?)
    /// An email address; `domain` is the part after the @ when that is a valid domain.
    case emailAddress(domain: String?)
    /// A `*`; `domain` is what follows `*.` when that is a valid domain.
    case wildcard(domain: String?)
    /// An IPv4 or IPv6 address, in any of the forms resolvers accept.
    case ipAddress
    /// `host:port`; `host` is the domain when valid.
    case port(host: String?)
    /// Two dots in a row, or a dot at the start.
    case emptyLabel
    /// A character no label may contain.
    case character(Unicode.Scalar)
    /// A character allowed only next to certain others, found elsewhere.
    case contextualCharacter(Unicode.Scalar)
    /// A label starting with a combining mark.
    case leadingCombiningMark(label: String)
    /// A label starting or ending with a hyphen.
    case hyphenAtEdge(label: String)
    /// An internationalized label with hyphens in its third and fourth positions.
    case reservedHyphens(label: String)
    /// An `xn--` label that is not a valid encoding; `decodedCharacter` is the code point
    /// that makes what it decodes to invalid, when that is the reason.
    case invalidALabel(label: String, decodedCharacter: Unicode.Scalar?)
    /// A label longer than 63 octets (once encoded, for an internationalized one).
    case labelTooLong(label: String, octets: Int)
    /// A name longer than 253 octets once encoded.
    case nameTooLong(octets: Int)
    /// An all-numeric last label: no top-level domain is one.
    case numericTopLevel(label: String)
    /// One label only (`localhost`, `acme`).
    case singleLabel

    /// The stable code.
    var code: LifecycleError.Code {
        switch self {
        case .ipAddress: .domainIPAddress
        case .wildcard: .domainWildcard
        case .singleLabel: .domainSingleLabel
        default: .domainInvalid
        }
    }

    /// The error, worded for where the name came from.
    /// - Parameter subject: What was typed.
    /// - Returns: The error to throw.
    func error(_ subject: DomainNameSubject) -> LifecycleError {
        LifecycleError(code, message(subject))
    }

    private func message(_ subject: DomainNameSubject) -> String {
        let what = subject.phrase
        let inEmail = subject.isEmail
        switch self {
        case .empty:
            return inEmail
                ? "\(what) is empty. Enter a full email address, such as jane@acme.com."
                : "No domain name was entered. Enter your organization's email domain, such as acme.com."
        case .inputTooLong(let count):
            return "\(what) is far too long for a domain name (\(count) bytes; a domain name has at most 253 characters). "
                + (inEmail ? "Enter one email address, such as jane@acme.com." : "Enter just the domain, such as acme.com.")
        case .webAddress(let host):
            return "\(what) is a web address, not a domain name. Enter just the domain, such as \"\(host ?? "acme.com")\"."
        case .emailAddress(let domain):
            return "\(what) is an email address, not a domain name. Enter just the part after the @, such as \"\(domain ?? "acme.com")\"."
        case .wildcard(let domain):
            return "\(what) contains a wildcard (*), which cannot be verified. Enter the exact domain that email addresses use, such as \"\(domain ?? "acme.com")\", and add each subdomain with addresses of its own separately."
        case .ipAddress:
            return "\(what) is an IP address, not a domain name. "
                + (inEmail ? "Sign-in needs an address at a domain name, such as jane@acme.com."
                           : "Enter the domain that your email addresses use, such as acme.com.")
        case .port(let host):
            return "\(what) includes a port number. Enter just the domain, such as \"\(host ?? "acme.com")\"."
        case .emptyLabel:
            return "\(what) has an empty label: two dots in a row, or a dot at the start. Remove the extra dot, as in acme.com."
        case .character(let scalar):
            return "\(what) contains \(Self.describe(scalar)), which a domain name cannot contain. "
                + (scalar.isASCII
                    ? "Use only letters, digits and hyphens between the dots, as in acme-corp.com."
                    : "Domain names may use letters and digits of any language, and hyphens; remove it.")
        case .contextualCharacter(let scalar):
            return "\(what) contains \(Self.describe(scalar)) where internationalized domain names (IDNA2008) do not allow it. Remove it, or copy the domain from your registrar's records."
        case .leadingCombiningMark(let label):
            return "\(what) has the label \(QuotedText.quoted(label)), which starts with a combining mark. A label must start with a letter or a digit."
        case .hyphenAtEdge(let label):
            return "\(what) has the label \(QuotedText.quoted(label)), which starts or ends with a hyphen. Hyphens may only appear inside a label, as in acme-corp.com."
        case .reservedHyphens(let label):
            return "\(what) has the label \(QuotedText.quoted(label)) with hyphens in its third and fourth positions, which are reserved for encoded names. Check the spelling."
        case .invalidALabel(let label, let character):
            let reason = character.map { "it decodes to a name containing \(Self.describe($0)), which domain names cannot contain" }
                ?? "it is not a valid encoding of an internationalized name"
            return "\(what) has the label \(QuotedText.quoted(label)), but \(reason). Enter the name as it is written, such as bücher.de, or copy the xn-- form again from your registrar."
        case .labelTooLong(let label, let octets):
            let encoded = label.utf8.contains { $0 >= 0x80 } ? " once encoded" : ""
            return "\(what) has a label of \(octets) characters\(encoded) (\(QuotedText.quoted(label, limit: 20))); a label has at most 63. Check for a typo."
        case .nameTooLong(let octets):
            return "\(what) is \(octets) characters long once encoded; a domain name has at most 253. Check for a typo."
        case .numericTopLevel(let label):
            return "\(what) ends in \(QuotedText.quoted(label)), but no top-level domain is a number. Check for a typo; domains end in a name, such as .com or .de."
        case .singleLabel:
            return inEmail
                ? "\(what) has no dot, so it is not a domain on the internet. Check the address for a typo; addresses end in a full domain, such as jane@acme.com."
                : "\(what) has no dot, so it is not a full domain name. Enter the domain with its ending, such as acme.com."
        }
    }

    /// Names a character so a person can find it: the character itself when visible, its
    /// escape when not, with its code point.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "a space"
        case "\u{0}": return "a NUL character (\\u{0})"
        default: break
        }
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
        if QuotedText.needsEscape(scalar) {
            let kind = switch scalar.properties.generalCategory {
            case .control: "the control character"
            case .unassigned: "the unassigned code point"
            case .privateUse: "the private-use character"
            default: "the invisible character"
            }
            return "\(kind) \(QuotedText.escape(scalar)) (\(code))"
        }
        if scalar.isASCII { return "\"\(QuotedText.escaped(String(scalar)))\"" }
        return "\"\(String(scalar))\" (\(code))"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
