import Foundation

extension DNSCheck {
    /// Judges one TXT look-up of a domain's challenge and writes what the admin reads.
    ///
    /// The record is found when any record's value (its strings joined, trimmed of
    /// surrounding whitespace and of one pair of surrounding double quotes, which some DNS
    /// panels store) equals `expectedValue` exactly. Otherwise the outcome follows the
    /// look-up: ``Outcome/valueMismatch`` (TXT records, none right), ``Outcome/noRecords``,
    /// ``Outcome/nameNotFound``, ``Outcome/serverFailure``, ``Outcome/refused``,
    /// ``Outcome/timeout`` or ``Outcome/error``.
    ///
    /// The message says what was queried and where, every value found (quoted, long ones
    /// shortened in the middle), what was expected, and what to do, with the usual slips
    /// named when they show: a value with a character missing or too many, quotes or spaces
    /// added, a value split across records, a record left from an earlier attempt, a record
    /// on the bare domain instead of the challenge name.
    ///
    /// - Parameters:
    ///   - lookup: What the resolver returned.
    ///   - queriedName: The name that was queried, such as `_sso-verification.acme.com`.
    ///   - nameserver: The nameserver that was asked, or nil for the system's resolver.
    ///   - expectedValue: The value the record must hold.
    ///   - checkedAt: When the look-up ran.
    /// - Returns: The check, ready to store as ``DomainRecord/lastCheck``.
    package static func evaluate(_ lookup: TXTLookup, queriedName: String, nameserver: Nameserver?,
                                 expectedValue: String, at checkedAt: Date) -> DNSCheck {
        let wording = CheckWording(name: queriedName, nameserver: nameserver, expected: expectedValue)
        let values = lookup.values
        let outcome: Outcome
        let message: String
        switch lookup.outcome {
        case .answered where values.contains(where: { TXTValueDifference.normalized($0) == expectedValue }):
            outcome = .found
            message = wording.found()
        case .answered where values.isEmpty:
            outcome = .noRecords
            message = wording.noRecords()
        case .answered:
            outcome = .valueMismatch
            message = wording.mismatch(values)
        case .nameNotFound:
            outcome = .nameNotFound
            message = wording.nameNotFound()
        case .serverFailure:
            outcome = .serverFailure
            message = wording.serverFailure(lookup.detail)
        case .refused:
            outcome = .refused
            message = wording.refused()
        case .timeout:
            outcome = .timeout
            message = wording.timeout(lookup.detail)
        case .failed:
            outcome = .error
            message = wording.error(lookup.detail)
        }
        return DNSCheck(outcome: outcome, queriedName: queriedName, nameserver: nameserver?.description,
                        foundValues: values, expectedValue: expectedValue, checkedAt: checkedAt, message: message)
    }
}

/// The sentences of a ``DNSCheck`` message for one challenge.
private struct CheckWording {
    let name: String
    let nameserver: Nameserver?
    let expected: String

    private var quotedExpected: String { DNSValueQuoting.quoted(expected) }
    private var at: String { nameserver.map { "at the nameserver \($0)" } ?? "through this server's DNS resolver" }
    private var publish: String { "Expected: a TXT record at \(name) with the value \(quotedExpected)." }

    /// The domain and the challenge's own label when the name is `_label.domain`: the parts
    /// an admin mixes up in a DNS panel.
    private var parts: (label: String, domain: String)? {
        var text = name
        if text.hasSuffix(".") { text.removeLast() }
        guard text.hasPrefix("_"), let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].contains(".") else {
            return nil
        }
        return (String(text[..<dot]), String(text[text.index(after: dot)...]))
    }

    /// Where to create the record, and the two usual ways to get the name wrong.
    private var whereToCreate: String {
        guard let parts else { return "Create it at \(name)." }
        return "Create it at \(name), not on the domain \(parts.domain) itself. If your DNS provider adds the domain to names for you, enter only \(parts.label) as the name (otherwise the record ends up at \(name).\(parts.domain))."
    }

    func found() -> String {
        "Found the TXT record at \(name) \(at) with the expected value \(quotedExpected)."
    }

    func noRecords() -> String {
        "\(name) exists \(at) but has no TXT record. \(publish) \(whereToCreate) If you added it in the last few minutes, wait a little for DNS to update (up to the record's TTL) and check again."
    }

    func nameNotFound() -> String {
        "\(name) does not exist \(at) (NXDOMAIN): the record has not been created yet, or DNS has not caught up with it. \(publish) \(whereToCreate) If you created it recently, resolvers may remember for a while that the name did not exist (up to the domain's negative-caching TTL, often 5 minutes to an hour); asking one of the domain's own nameservers with --nameserver shows a new record at once."
    }

    func mismatch(_ values: [String]) -> String {
        let normalized = values.map(TXTValueDifference.normalized)
        let count = values.count == 1 ? "1 TXT record" : "\(values.count) TXT records"
        var sentences = [
            "\(name) has \(count) \(at), but none holds the expected value.",
            "Found: \(values.map { DNSValueQuoting.quoted($0) }.joined(separator: ", ")).",
            "Expected: \(quotedExpected).",
        ]
        if let split = TXTValueDifference.explainSplit(normalized, expected: expected) {
            sentences.append(split)
            return sentences.joined(separator: " ")
        }
        for (value, compared) in zip(values, normalized) {
            if let clause = TXTValueDifference.explain(compared, expected: expected) {
                sentences.append("\(DNSValueQuoting.quoted(value)) \(clause).")
            }
        }
        sentences.append("Change the record's value to exactly the expected value (copy it rather than typing it), or add a TXT record with that value; other TXT records at this name can stay. Then check again.")
        return sentences.joined(separator: " ")
    }

    func serverFailure(_ detail: String) -> String {
        let domain = parts?.domain ?? name
        let who = nameserver.map { "The nameserver \($0)" } ?? "This server's DNS resolver"
        return "\(who) could not answer for \(name) (SERVFAIL). This points at the DNS of \(domain) rather than at the record: most often a DNSSEC error (such as a DS record left at the registrar after moving the domain's DNS to another provider), or the domain's nameservers being down or misconfigured. Check the domain with a DNSSEC checker such as DNSViz, or ask whoever runs its DNS, then check again. \(publish)"
    }

    func refused() -> String {
        if let nameserver {
            return "The nameserver \(nameserver) refused to answer for \(name) (REFUSED): it does not serve this domain, or does not answer queries from this server. Ask one of the domain's own nameservers or a public resolver instead, or leave out --nameserver to use this server's resolver. \(publish)"
        }
        return "This server's DNS resolver refused to answer for \(name) (REFUSED). Ask whoever runs this server's DNS, or ask another nameserver with --nameserver. \(publish)"
    }

    func timeout(_ detail: String) -> String {
        // A detail names who was asked, so the head does not repeat it.
        let what = detail.isEmpty ? "No answer came for \(name) \(at)." : "No answer came for \(name): \(detail)."
        return "\(what) This is usually temporary: try again in a minute. If it keeps happening, the domain's nameservers may be down or unreachable from here; ask another nameserver with --nameserver, such as one of the domain's own nameservers. \(publish)"
    }

    func error(_ detail: String) -> String {
        let what = detail.isEmpty
            ? "The look-up of \(name) \(at) could not be completed."
            : "The look-up of \(name) could not be completed: \(detail)."
        let advice = nameserver == nil
            ? "Check this server's DNS settings, then try again."
            : "Check the nameserver's address and port, or leave out --nameserver to use this server's resolver, then try again."
        return "\(what) \(advice) \(publish)"
    }
}
