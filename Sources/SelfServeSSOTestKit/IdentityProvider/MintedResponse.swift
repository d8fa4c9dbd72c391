import Foundation
import SAML

/// A SAML Response minted by a test identity provider, ready to post to the service
/// provider's ACS URL.
public struct MintedResponse: Sendable, Hashable {
    /// The `SAMLResponse` form field's value: the response XML in base64.
    public let samlResponse: String
    /// The response XML, for debugging and for tests that inspect it.
    public let xml: String
    /// The Response's `ID`.
    public let responseID: String
    /// The genuine Assertion's `ID`, or nil when the response carries none (a failed status,
    /// an encrypted-assertion placeholder).
    public let assertionID: String?
    /// Where the response is to be posted.
    public let acsURL: String
    /// The RelayState to post with it, or nil.
    public let relayState: String?

    /// Creates a value (minting creates these).
    /// - Parameters:
    ///   - xml: The response XML.
    ///   - responseID: The Response ID.
    ///   - assertionID: The Assertion ID, or nil.
    ///   - acsURL: The ACS URL.
    ///   - relayState: The RelayState, or nil.
    public init(xml: String, responseID: String, assertionID: String?, acsURL: String, relayState: String?) {
        self.samlResponse = Data(xml.utf8).base64EncodedString()
        self.xml = xml
        self.responseID = responseID
        self.assertionID = assertionID
        self.acsURL = acsURL
        self.relayState = relayState
    }

    /// The body a browser posts to the ACS URL (`application/x-www-form-urlencoded`):
    /// `SAMLResponse=…` and, when there is one, `&RelayState=…`, percent-encoded.
    public var formBody: String {
        var body = "SAMLResponse=" + AuthnRequest.formEncode(samlResponse)
        if let relayState { body += "&RelayState=" + AuthnRequest.formEncode(relayState) }
        return body
    }
}
