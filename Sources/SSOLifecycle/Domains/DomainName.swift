import Foundation

/// Normalization and policy for the email domains organizations claim and sign-ins are
/// routed by.
///
/// One spelling per domain: every name is stored, compared and routed in the form
/// ``normalize(_:)`` returns — lower case, internationalized labels as punycode A-labels
/// (`xn--bcher-kva.de`), no trailing dot. Bad input never traps; it is refused with a
/// ``LifecycleError`` whose code is stable and whose message quotes what was typed (safely:
/// control and invisible characters escaped, long input cut) and says what to enter instead.
public enum DomainName {
    /// Normalizes a domain name typed by a person or taken from an email address.
    ///
    /// Trims surrounding whitespace, lower-cases, drops one trailing dot, and converts
    /// internationalized labels to A-labels (NFC first; IDNA2008 code point and contextual
    /// rules; RFC 3492 Punycode). Already-encoded `xn--` labels are accepted when they decode
    /// to a valid label and are the form an encoder produces. Then applies the host name rules
    /// of RFC 1035 and RFC 1123: labels of 1 to 63 letters, digits and hyphens, not starting
    /// or ending with a hyphen, and at most 253 octets in all.
    ///
    /// Refused: web addresses (`https://acme.com/x`) and email addresses (`jane@acme.com`),
    /// with a message naming the domain to enter instead; IPv4 and IPv6 addresses in every form
    /// resolvers accept (`127.0.0.1`, `127.1`, `0x7f.1`, `[::1]`); wildcards (`*.acme.com`);
    /// single labels (`localhost`); an all-numeric last label; spaces, control characters,
    /// symbols and emoji.
    ///
    /// Fast for what sign-ins pass: an ASCII name is checked in one pass over its bytes, and an
    /// already-normalized one is returned without allocating.
    ///
    /// - Parameter input: What was typed.
    /// - Returns: The normalized name, such as `acme.com` for `" ACME.com. "`.
    /// - Throws: ``LifecycleError`` with code `domain.invalid`, `domain.ip-address`,
    ///   `domain.wildcard` or `domain.single-label`.
    public static func normalize(_ input: String) throws(LifecycleError) -> String {
        if let name = ASCIIDomainFastPath.normalized(input) { return name }
        return try DomainNameNormalizer(subject: .domain(typed: trimmedForQuoting(input))).normalize(input)
    }

    /// Normalizes a domain an organization wants to claim, and applies the claim policy.
    ///
    /// On top of ``normalize(_:)``, refuses a name that is itself a public suffix according
    /// to the bundled Public Suffix List (`com`, `co.uk`, `github.io`, `s3.amazonaws.com`,
    /// `anything.ck`), since many unrelated organizations have addresses under it; and a
    /// consumer email service or any name under one (`gmail.com`, `mail.yahoo.co.jp`), since
    /// anyone can get an address there. A subdomain of a registrable domain
    /// (`eu.acme.co.uk`) is accepted.
    ///
    /// - Parameter input: What was typed.
    /// - Returns: The normalized name.
    /// - Throws: ``LifecycleError``: those of ``normalize(_:)``; `domain.public-suffix`, also
    ///   for a top-level domain typed alone (`com`) rather than `domain.single-label`; and
    ///   `domain.consumer`.
    public static func normalizeForClaim(_ input: String) throws(LifecycleError) -> String {
        let typed = trimmedForQuoting(input)
        let name: String
        do {
            name = try normalize(input)
        } catch {
            // A top-level domain typed alone (`com`, `中国`) is refused as what it is.
            if error.code == .domainSingleLabel,
               case .success(let label) = DomainNameNormalizer.analyze(input, allowSingleLabel: true),
               PublicSuffixList.bundled.publicSuffix(of: label).section != nil {
                throw publicSuffixError(typed: typed, normalized: label)
            }
            throw error
        }
        if PublicSuffixList.bundled.isPublicSuffix(name) {
            throw publicSuffixError(typed: typed, normalized: name)
        }
        if let service = ConsumerEmailDomains.service(containing: name) {
            let what = service == name
                ? "\(QuotedText.quoted(typed)) is a consumer email service"
                : "\(QuotedText.quoted(typed)) belongs to \(service), a consumer email service"
            throw LifecycleError(.domainConsumer,
                "\(what): anyone can get an address there, so it cannot be tied to one organization. "
                + "Add your company's own domain.")
        }
        return name
    }

    /// Splits an email address at its last `@` and normalizes the domain.
    ///
    /// Surrounding whitespace is ignored. The local part is returned as given (its case is
    /// kept: only the mail server knows whether it matters) and must be 1 to 64 octets
    /// without whitespace, control characters or `"` (quoted local parts are not supported).
    /// The domain goes through ``normalize(_:)``; its errors keep their `domain.*` codes and
    /// say that it is the email's domain. The whole address is at most 254 octets with the
    /// domain normalized (RFC 5321's path limit).
    ///
    /// - Parameter email: The address, such as `Jane.Doe@ACME.com`.
    /// - Returns: The local part as given and the normalized domain: `("Jane.Doe", "acme.com")`.
    /// - Throws: ``LifecycleError`` with code `route.invalid-email` when it is not an email
    ///   address, or a `domain.*` code when its domain is not valid.
    public static func splitEmail(_ email: String) throws(LifecycleError) -> (localPart: String, domain: String) {
        guard email.utf8.count <= DomainNameNormalizer.maximumInputBytes else {
            throw invalidEmail(email, "is far too long (\(email.utf8.count) bytes; an address has at most 254)",
                               fix: "Enter one email address, such as jane@acme.com.")
        }
        let address = trimmedForQuoting(email)
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else {
            throw invalidEmail(address, address.isEmpty ? "is empty" : "has no @",
                               fix: "Enter a full email address, such as jane@acme.com.")
        }
        let local = address[..<at]
        let domainPart = address[address.utf8.index(after: at)...]
        guard !local.isEmpty else {
            throw invalidEmail(address, "has nothing before the @", fix: "Enter a full email address, such as jane@acme.com.")
        }
        guard !domainPart.isEmpty else {
            throw invalidEmail(address, "has nothing after the @", fix: "Enter a full email address, such as jane@acme.com.")
        }
        guard local.utf8.count <= 64 else {
            throw invalidEmail(address, "has \(local.utf8.count) characters before the @, more than the 64 an address may have",
                               fix: "Check the address for a typo.")
        }
        if let problem = localPartProblem(local) {
            throw invalidEmail(address, problem.reason, fix: problem.fix)
        }
        let domainText = String(domainPart)
        let domain: String
        if let fast = ASCIIDomainFastPath.normalized(domainText) {
            domain = fast
        } else {
            domain = try DomainNameNormalizer(subject: .emailDomain(email: address)).normalize(domainText)
        }
        let length = local.utf8.count + 1 + domain.utf8.count
        guard length <= 254 else {
            throw invalidEmail(address, "is \(length) characters long, more than the 254 an address may have",
                               fix: "Check the address for a typo.")
        }
        return (String(local), domain)
    }

    // MARK: - Details

    private static func publicSuffixError(typed: String, normalized: String) -> LifecycleError {
        LifecycleError(.domainPublicSuffix,
            "\(QuotedText.quoted(typed)) is a public suffix: many unrelated organizations have addresses under it. "
            + "Add your organization's own domain, such as acme.\(displayName(typed: typed, normalized: normalized)).")
    }

    /// What to quote in a message: the input without surrounding whitespace, or as given
    /// when too long to be worth trimming (quoting cuts it anyway).
    private static func trimmedForQuoting(_ input: String) -> String {
        guard input.utf8.count <= DomainNameNormalizer.maximumInputBytes else { return input }
        return DomainNameNormalizer.trimmedWhitespace(input)
    }

    /// The typed name for an example such as `acme.co.uk`: as typed when it reads well,
    /// otherwise the normalized form.
    private static func displayName(typed: String, normalized: String) -> String {
        var lowered = typed.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        let readable = lowered.unicodeScalars.count <= 80
            && !lowered.unicodeScalars.contains { QuotedText.needsEscape($0) || $0 == " " || $0 == "\"" || $0 == "\\" }
        return readable ? lowered : normalized
    }

    private static func localPartProblem(_ local: Substring) -> (reason: String, fix: String)? {
        var nonASCII = false
        for byte in local.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                return ("has a quoted part before the @, which is not supported",
                        "Use the address without quotation marks, such as jane.doe@acme.com.")
            case UInt8(ascii: "@"):
                return ("has more than one @", "Enter a single email address, such as jane@acme.com.")
            case UInt8(ascii: " "):
                return ("contains a space", "Remove the space; an address has none, as in jane.doe@acme.com.")
            case 0..<0x20, 0x7F:
                return ("contains \(DomainNameProblem.describe(Unicode.Scalar(byte)))", "Type the address again without it.")
            case 0x80...:
                nonASCII = true
            default:
                continue
            }
        }
        guard nonASCII else { return nil }
        for scalar in local.unicodeScalars where QuotedText.needsEscape(scalar) {
            return ("contains \(DomainNameProblem.describe(scalar))", "Type the address again without it.")
        }
        return nil
    }

    private static func invalidEmail(_ address: String, _ reason: String, fix: String) -> LifecycleError {
        LifecycleError(.routeInvalidEmail, "The email address \(QuotedText.quoted(address)) \(reason). \(fix)")
    }
}
