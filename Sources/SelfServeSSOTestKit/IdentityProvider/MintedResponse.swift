import Foundation

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
        var body = "SAMLResponse=" + Self.formEncode(samlResponse)
        if let relayState { body += "&RelayState=" + Self.formEncode(relayState) }
        return body
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (so `+`, `/` and `=`
    /// of base64 survive every form parser), byte by byte over UTF-8.
    static func formEncode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
