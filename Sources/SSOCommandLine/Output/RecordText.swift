import Foundation
import SelfServeSSO

/// The text form of the lifecycle's records for people, shared by the commands (and the demo)
/// that print them.
enum RecordText {
    /// The DNS record to create for a domain's challenge, laid out to copy field by field.
    static func txtRecord(_ record: DomainRecord) -> String {
        TextLayout.fields([("Type", record.recordType), ("Name", record.recordName), ("Value", record.recordValue)])
    }

    /// A signed-in person: email, names, NameID and every attribute.
    static func user(_ user: SignedInUser) -> String {
        var rows = [("Email", user.email), ("First name", user.firstName ?? "(not sent)"),
                    ("Last name", user.lastName ?? "(not sent)"), ("NameID", user.nameID)]
        if let session = user.sessionNotOnOrAfter {
            rows.append(("Session until", JSONValue.timestampText(session)))
        }
        let attributes = user.attributes.keys.sorted().map { "\($0) = \(user.attributes[$0, default: []].joined(separator: ", "))" }
        rows.append(("Attributes", attributes.isEmpty ? "(none)" : attributes.joined(separator: "\n")))
        return TextLayout.fields(rows)
    }

    /// Every failure with its code, message, the provider's fix and who must act.
    static func failures(_ failures: [SignInFailure], style: TerminalStyle) -> String {
        let indent = String(repeating: " ", count: 9)
        return failures.map { failure in
            var text = style.red("error   ") + " "
                + String(TextLayout.paragraph("\(failure.message) [\(failure.code)]", first: indent, indent: indent).dropFirst(indent.count))
            if let fix = failure.fix, !fix.isEmpty {
                text += TextLayout.paragraph("Fix: " + fix, first: indent, indent: indent)
            }
            text += indent + "Who acts: " + side(failure.side) + "\n"
            return text
        }.joined(separator: "\n")
    }

    /// Who must act, in words.
    static func side(_ side: ActingSide) -> String {
        switch side {
        case .identityProviderAdmin: "the identity provider's admin (in its console)"
        case .application: "the application's operator"
        case .user: "the person signing in (start again)"
        }
    }

    /// A date for people: ISO 8601 UTC.
    static func date(_ date: Date) -> String { JSONValue.timestampText(date) }
}
