import Foundation

/// A SAML 2.0 `AuthnRequest`: the message a service provider sends to start a sign-in,
/// ready to send with the HTTP-Redirect binding (`redirectURL(relayState:)`) or the
/// HTTP-POST binding (`postForm(relayState:)`).
///
/// The request asks the IdP to answer with the HTTP-POST binding at
/// `assertionConsumerServiceURL`. Requests are not signed: the security of SAML sign-in
/// rests on the signed response, whose `InResponseTo` must equal `id`. Keep `id` until the
/// response arrives and pass it as the expected request ID.
public struct AuthnRequest: Sendable, Equatable {
    /// The request's `ID`: `_` followed by 40 hexadecimal digits (160 random bits), so it
    /// is a valid `xs:ID` and cannot be guessed.
    public var id: String
    /// When the request was made (`IssueInstant`, written in UTC to the second).
    public var issueInstant: Date
    /// The IdP's single sign-on URL (`Destination`), where the request is sent.
    public var destination: URL
    /// Where the IdP posts its response (`AssertionConsumerServiceURL`).
    public var assertionConsumerServiceURL: String
    /// The service provider's entity ID (`Issuer`), which the IdP knows the app by.
    public var issuer: String
    /// The NameID format to ask for (`NameIDPolicy/@Format`), or nil to let the IdP choose.
    public var nameIDPolicyFormat: String?
    /// Whether the IdP must authenticate the user again even with a session (`ForceAuthn`).
    public var forceAuthn: Bool

    /// The `ProtocolBinding` requested for the response: HTTP-POST.
    public static let responseBinding = SAMLBinding.httpPOST

    /// Creates a request.
    /// - Parameters:
    ///   - id: The request ID; a fresh random one by default. Give your own only to replay
    ///     a stored request.
    ///   - issueInstant: When the request is made (injected; pass the current time).
    ///   - destination: The IdP's single sign-on URL.
    ///   - assertionConsumerServiceURL: The ACS URL the response goes to.
    ///   - issuer: The SP entity ID.
    ///   - nameIDPolicyFormat: The NameID format to ask for, or nil.
    ///   - forceAuthn: Whether to force a fresh authentication.
    public init(id: String = AuthnRequest.makeID(), issueInstant: Date, destination: URL,
                assertionConsumerServiceURL: String, issuer: String, nameIDPolicyFormat: String? = nil,
                forceAuthn: Bool = false) {
        self.id = id
        self.issueInstant = issueInstant
        self.destination = destination
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.issuer = issuer
        self.nameIDPolicyFormat = nameIDPolicyFormat
        self.forceAuthn = forceAuthn
    }

    /// Creates a request for an IdP's settings.
    /// - Parameters:
    ///   - identityProvider: The IdP's settings; its SSO URL and NameID format are used.
    ///   - serviceProviderEntityID: The SP entity ID.
    ///   - assertionConsumerServiceURL: The ACS URL.
    ///   - issueInstant: When the request is made.
    ///   - forceAuthn: Whether to force a fresh authentication.
    public init(identityProvider: IdentityProviderSettings, serviceProviderEntityID: String,
                assertionConsumerServiceURL: String, issueInstant: Date, forceAuthn: Bool = false) {
        self.init(issueInstant: issueInstant, destination: identityProvider.ssoURL,
                  assertionConsumerServiceURL: assertionConsumerServiceURL, issuer: serviceProviderEntityID,
                  nameIDPolicyFormat: identityProvider.nameIDFormat, forceAuthn: forceAuthn)
    }

    /// A new random request ID: `_` and 160 bits from the system's cryptographically secure
    /// generator, in hexadecimal.
    /// - Returns: The ID.
    public static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        var id = "_"
        for _ in 0..<20 {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            id += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return id
    }

    /// The request as XML (UTF-8, no XML declaration), every value escaped.
    public var xml: String {
        let instant = issueInstant.formatted(Date.ISO8601FormatStyle())
        var root = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
            + " ID=\"\(MarkupEscaping.xmlAttribute(id))\" Version=\"2.0\" IssueInstant=\"\(instant)\""
            + " Destination=\"\(MarkupEscaping.xmlAttribute(destination.absoluteString))\""
            + " AssertionConsumerServiceURL=\"\(MarkupEscaping.xmlAttribute(assertionConsumerServiceURL))\""
            + " ProtocolBinding=\"\(Self.responseBinding.rawValue)\""
        if forceAuthn { root += " ForceAuthn=\"true\"" }
        root += ">"
        let format = nameIDPolicyFormat.map { " Format=\"\(MarkupEscaping.xmlAttribute($0))\"" } ?? ""
        return root
            + "<saml:Issuer>\(MarkupEscaping.xmlText(issuer))</saml:Issuer>"
            + "<samlp:NameIDPolicy\(format) AllowCreate=\"true\"/>"
            + "</samlp:AuthnRequest>"
    }

    /// The URL to send the browser to with the HTTP-Redirect binding: `destination` with
    /// `SAMLRequest` (raw DEFLATE, base64, URL-encoded) and `RelayState` added to its query.
    /// - Parameter relayState: An opaque value the IdP returns with the response, or nil.
    ///   Keep it short (the binding allows 80 bytes) and unguessable; never put a URL the
    ///   browser will be sent to unchecked.
    /// - Returns: The redirect URL.
    /// - Throws: `request.invalid` when compression fails or the URL cannot be formed.
    public func redirectURL(relayState: String?) throws(SAMLError) -> URL {
        guard let compressed = RawDeflate.compress(Data(xml.utf8)) else {
            throw SAMLError(.requestInvalid, "The AuthnRequest could not be compressed for the HTTP-Redirect binding. Use the HTTP-POST binding instead.")
        }
        guard var components = URLComponents(url: destination, resolvingAgainstBaseURL: false) else {
            throw SAMLError(.requestInvalid, "The IdP's single sign-on URL \(destination.absoluteString) is not a valid URL. Correct it in the connection's settings.")
        }
        var parameters = [components.percentEncodedQuery].compactMap { $0 }.filter { !$0.isEmpty }
        parameters.append("SAMLRequest=" + Self.formEncode(compressed.base64EncodedString()))
        if let relayState {
            parameters.append("RelayState=" + Self.formEncode(relayState))
        }
        components.percentEncodedQuery = parameters.joined(separator: "&")
        components.fragment = nil
        guard let url = components.url else {
            throw SAMLError(.requestInvalid, "The redirect URL for \(destination.absoluteString) could not be formed. Check the IdP's single sign-on URL.")
        }
        return url
    }

    /// An HTML page that posts the request to `destination` with the HTTP-POST binding as
    /// soon as it loads, with a Continue button for browsers without JavaScript. Every value
    /// is HTML-escaped.
    /// - Parameters:
    ///   - relayState: An opaque value the IdP returns with the response, or nil.
    ///   - scriptNonce: The Content-Security-Policy nonce for the page's one inline script,
    ///     when the host sends a CSP with `script-src 'nonce-…'`.
    /// - Returns: The complete HTML document.
    public func postForm(relayState: String?, scriptNonce: String? = nil) -> String {
        Self.autoPostForm(action: destination.absoluteString, field: "SAMLRequest", value: Data(xml.utf8).base64EncodedString(),
                          relayState: relayState, continuesTo: "go on to your identity provider", scriptNonce: scriptNonce)
    }

    /// The HTML page of the HTTP-POST binding: a form posting one SAML message (and the
    /// RelayState) to `action`, submitted by a one-line script, with a Continue button when
    /// scripts are off. Every value is escaped. Identity providers' responses use it too.
    /// - Parameters:
    ///   - action: Where the form posts.
    ///   - field: `SAMLRequest` or `SAMLResponse`.
    ///   - value: The message, base64.
    ///   - relayState: The RelayState, or nil.
    ///   - continuesTo: What the Continue button does, after "Press Continue to".
    ///   - scriptNonce: The Content-Security-Policy nonce for the inline script, or nil.
    /// - Returns: The complete HTML document.
    package static func autoPostForm(action: String, field: String, value: String, relayState: String?,
                                     continuesTo: String, scriptNonce: String?) -> String {
        let relay = relayState.map {
            "\n<input type=\"hidden\" name=\"RelayState\" value=\"\(MarkupEscaping.html($0))\"/>"
        } ?? ""
        let nonce = scriptNonce.map { " nonce=\"\(MarkupEscaping.html($0))\"" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"/><meta name="referrer" content="no-referrer"/><title>Signing in…</title></head>
        <body>
        <form method="post" action="\(MarkupEscaping.html(action))">
        <input type="hidden" name="\(field)" value="\(MarkupEscaping.html(value))"/>\(relay)
        <noscript><p>JavaScript is turned off. Press Continue to \(continuesTo).</p><button type="submit">Continue</button></noscript>
        </form>
        <script\(nonce)>document.forms[0].submit();</script>
        </body>
        </html>

        """
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so `+`, `/` and `=`
    /// of base64 survive every query parser. Byte by byte over UTF-8 (Foundation's
    /// `addingPercentEncoding` dominated profiles of redirect-URL building).
    package static func formEncode(_ value: String) -> String {
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
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
