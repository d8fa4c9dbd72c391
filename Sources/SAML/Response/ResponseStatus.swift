import Foundation

/// The `samlp:Status` check: anything but Success is reported with the IdP's own codes and
/// message, because that is where the reason for a failed sign-in is.
enum ResponseStatus {
    static let success = "urn:oasis:names:tc:SAML:2.0:status:Success"

    /// Checks that the response's status is Success.
    /// - Parameter response: The `samlp:Response` element.
    /// - Throws: `response.status` with the status code, the second-level code and the
    ///   `StatusMessage`.
    static func check(_ response: XMLTree.Element) throws(SAMLError) {
        let samlp = XMLNamespace.samlProtocol
        guard let status = response.firstChild("Status", samlp),
              let code = status.firstChild("StatusCode", samlp)?.attribute("Value") else {
            throw SAMLError(.responseStatus,
                "The response has no Status code. The IdP did not produce a valid SAML response; check its sign-in logs.")
        }
        guard !code.isExactly(success) else { return }
        var parts = ["status \(shortName(code))"]
        let second = status.firstChild("StatusCode", samlp)?.firstChild("StatusCode", samlp)?.attribute("Value")
        if let second {
            parts.append("second-level status \(shortName(second))")
        }
        let message = status.firstChild("StatusMessage", samlp)?.textContent
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let message, !message.isEmpty {
            parts.append("message \"\(message.quotedForMessage(limit: 300))\"")
        }
        throw SAMLError(.responseStatus,
            "The IdP did not sign the user in: \(parts.joined(separator: ", ")). Check the IdP's sign-in logs; common causes are a user not assigned to the SAML app, or a NameID format or entity ID the app does not accept.",
            details: [.statusCode: code, .secondLevelStatusCode: second,
                      .statusMessage: message?.isEmpty == false ? message : nil])
    }

    /// `urn:oasis:names:tc:SAML:2.0:status:Requester` → `Requester (urn:…)`.
    private static func shortName(_ uri: String) -> String {
        let prefix = "urn:oasis:names:tc:SAML:2.0:status:"
        return uri.hasPrefix(prefix) ? "\(String(uri.dropFirst(prefix.count)).forMessage) (\(uri.forMessage))" : uri.forMessage
    }
}
