import Foundation
import SAML

/// The text of a SAML Response as a test IdP writes it, in the pieces that signing needs: a
/// signature goes right after an element's `Issuer`, so each element is written as the part
/// up to and including its `Issuer` and the rest.
///
/// Every value is escaped with the service provider's `MarkupEscaping`, so no user attribute,
/// override or ID can change the document's structure. Elements follow the SAML schema's
/// order (Issuer, Signature, Subject, Conditions, statements).
struct ResponseDocument {
    let idpEntityID: String
    let acsURL: String
    let audience: String
    /// `InResponseTo` for the Response and the bearer confirmation, nil to leave it out.
    let inResponseTo: String?
    let user: TestUser
    let now: Date
    let options: ResponseOptions
    let responseID: String
    let sessionIndex: String

    private static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    private static let xmlSchema = "http://www.w3.org/2001/XMLSchema"

    /// The end of the document.
    static let responseEnd = "\n</samlp:Response>\n"

    /// The XML declaration, the Response's start tag and its `Issuer`.
    var responseStart: String {
        var start = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<samlp:Response"
            + " xmlns:samlp=\"\(XMLNamespace.samlProtocol)\" xmlns:saml=\"\(XMLNamespace.samlAssertion)\""
            + " ID=\"\(attribute(responseID))\" Version=\"2.0\" IssueInstant=\"\(time(options.issueInstantOffset))\""
            + " Destination=\"\(attribute(options.destination ?? acsURL))\""
        if let inResponseTo { start += " InResponseTo=\"\(attribute(inResponseTo))\"" }
        return start + ">\n<saml:Issuer>\(text(options.responseIssuer ?? idpEntityID))</saml:Issuer>"
    }

    /// The `samlp:Status`, with a line break before it.
    var status: String {
        let status = options.status
        let second = status.secondLevelCode.map { "<samlp:StatusCode Value=\"\(attribute($0))\"/>" } ?? ""
        let code = second.isEmpty
            ? "<samlp:StatusCode Value=\"\(attribute(status.code))\"/>"
            : "<samlp:StatusCode Value=\"\(attribute(status.code))\">\(second)</samlp:StatusCode>"
        let message = status.message.map { "<samlp:StatusMessage>\(text($0))</samlp:StatusMessage>" } ?? ""
        return "\n<samlp:Status>\(code)\(message)</samlp:Status>"
    }

    /// An Assertion's start tag and `Issuer`, with a line break before it.
    func assertionStart(id: String) -> String {
        "\n<saml:Assertion xmlns:saml=\"\(XMLNamespace.samlAssertion)\" xmlns:xs=\"\(Self.xmlSchema)\""
            + " xmlns:xsi=\"\(XMLNamespace.xmlSchemaInstance)\" ID=\"\(attribute(id))\" Version=\"2.0\""
            + " IssueInstant=\"\(time(options.issueInstantOffset))\">"
            + "\n<saml:Issuer>\(text(options.assertionIssuer ?? idpEntityID))</saml:Issuer>"
    }

    /// The rest of an Assertion after its `Issuer` (and signature): Subject, Conditions,
    /// AuthnStatement, AttributeStatement and the end tag.
    /// - Parameter nameID: The subject's NameID.
    func assertionRest(nameID: String) -> String {
        var rest = "\n<saml:Subject>"
        if !options.omitNameID { rest += "\n" + nameIDElement(nameID) }
        var confirmation = "<saml:SubjectConfirmationData"
        if let inResponseTo { confirmation += " InResponseTo=\"\(attribute(inResponseTo))\"" }
        if let offset = options.subjectConfirmationNotOnOrAfterOffset { confirmation += " NotOnOrAfter=\"\(time(offset))\"" }
        confirmation += " Recipient=\"\(attribute(options.recipient ?? acsURL))\"/>"
        rest += "\n<saml:SubjectConfirmation Method=\"\(Self.bearer)\">\n\(confirmation)\n</saml:SubjectConfirmation>"
        rest += "\n</saml:Subject>"

        var conditions = "\n<saml:Conditions"
        if let offset = options.notBeforeOffset { conditions += " NotBefore=\"\(time(offset))\"" }
        if let offset = options.notOnOrAfterOffset { conditions += " NotOnOrAfter=\"\(time(offset))\"" }
        conditions += ">\n<saml:AudienceRestriction>\n<saml:Audience>\(text(options.audience ?? audience))</saml:Audience>"
            + "\n</saml:AudienceRestriction>\n</saml:Conditions>"
        rest += conditions

        if options.includeAuthnStatement {
            var statement = "\n<saml:AuthnStatement AuthnInstant=\"\(time(options.issueInstantOffset))\""
                + " SessionIndex=\"\(attribute(sessionIndex))\""
            if let offset = options.sessionNotOnOrAfterOffset { statement += " SessionNotOnOrAfter=\"\(time(offset))\"" }
            statement += ">\n<saml:AuthnContext><saml:AuthnContextClassRef>\(text(options.authnContextClassRef))"
                + "</saml:AuthnContextClassRef></saml:AuthnContext>\n</saml:AuthnStatement>"
            rest += statement
        }

        let attributes = attributeElements
        if !attributes.isEmpty {
            rest += "\n<saml:AttributeStatement>" + attributes.map { "\n" + $0 }.joined() + "\n</saml:AttributeStatement>"
        }
        return rest + "\n</saml:Assertion>"
    }

    /// The `saml:NameID` element for `nameID`, with the user's format.
    func nameIDElement(_ nameID: String) -> String {
        let format = user.nameIDFormat.map { " Format=\"\(attribute($0))\"" } ?? ""
        return "<saml:NameID\(format)>\(text(nameID))</saml:NameID>"
    }

    /// An `EncryptedAssertion` whose cipher data is a placeholder: enough for a service
    /// provider to recognize assertion encryption, nothing to decrypt.
    var encryptedAssertionPlaceholder: String {
        let xenc = XMLNamespace.xmlEncryption
        return "\n<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"\(xenc)\" Type=\"\(xenc)Element\">"
            + "<xenc:EncryptionMethod Algorithm=\"\(xenc)aes256-cbc\"/>"
            + "<xenc:CipherData><xenc:CipherValue>\(String(repeating: "A", count: 64))</xenc:CipherValue></xenc:CipherData>"
            + "</xenc:EncryptedData></saml:EncryptedAssertion>"
    }

    /// The email, first and last name attributes, then the extra ones in name order.
    private var attributeElements: [String] {
        let names = user.attributeNames
        var attributes: [(String, [String])] = []
        if !options.omitEmailAttribute { attributes.append((names.email, [user.email])) }
        if let firstName = user.firstName { attributes.append((names.firstName, [firstName])) }
        if let lastName = user.lastName { attributes.append((names.lastName, [lastName])) }
        attributes += user.extraAttributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let nameFormat = names.nameFormat.map { " NameFormat=\"\(attribute($0))\"" } ?? ""
        return attributes.map { name, values in
            "<saml:Attribute Name=\"\(attribute(name))\"\(nameFormat)>"
                + values.map { "<saml:AttributeValue xsi:type=\"xs:string\">\(text($0))</saml:AttributeValue>" }.joined()
                + "</saml:Attribute>"
        }
    }

    /// `now` plus `offset` as an `xs:dateTime` in UTC with milliseconds.
    private func time(_ offset: TimeInterval) -> String {
        now.addingTimeInterval(offset).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private func attribute(_ value: String) -> String { MarkupEscaping.xmlAttribute(value) }
    private func text(_ value: String) -> String { MarkupEscaping.xmlText(value) }
}
