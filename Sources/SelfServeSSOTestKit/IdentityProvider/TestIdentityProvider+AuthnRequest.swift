import CSAMLShims
import Foundation
import SAML

extension TestIdentityProvider {
    /// The largest AuthnRequest accepted, inflated: real ones are under 2 KB, so anything
    /// this large is a mistake or a compression bomb.
    public static let maximumRequestBytes = 256 * 1024

    /// Reads an AuthnRequest sent with the HTTP-Redirect binding: the URL the service
    /// provider redirected the browser to.
    ///
    /// Checks what a real IdP checks before it signs anyone in: the URL is this IdP's SSO URL;
    /// `SAMLRequest` is base64 of raw DEFLATE (RFC 1951, no zlib header) of a SAML 2.0
    /// `samlp:AuthnRequest`, parsed with the service provider's hardened parser (no DOCTYPE,
    /// bounded depth); it has an `ID`, an `Issuer` and an `AssertionConsumerServiceURL`; its
    /// `Destination`, when present, is this IdP's SSO URL; and it asks for the HTTP-POST
    /// binding, if for any. A `Signature` parameter is ignored (this IdP does not ask for
    /// signed requests).
    /// - Parameter redirectURL: The redirect URL.
    /// - Returns: The request, with the URL's RelayState.
    /// - Throws: `TestIdentityProviderError` with a `request.*` code saying what is wrong.
    public func parseAuthnRequest(redirectURL: URL) throws(TestIdentityProviderError) -> ReceivedAuthnRequest {
        guard let components = URLComponents(url: redirectURL, resolvingAgainstBaseURL: false) else {
            throw TestIdentityProviderError(.requestMissing,
                "'\(redirectURL.absoluteString.prefix(200))' is not a URL with a query. Pass the whole URL the service provider redirected to.")
        }
        guard Self.sameEndpoint(components, ssoURL) else {
            throw TestIdentityProviderError(.requestWrongEndpoint,
                "The request was sent to \(Self.endpoint(of: components)), but this IdP's SSO URL is \(ssoURL.absoluteString). Configure the connection with this IdP's metadata or SSO URL.")
        }
        let items = components.queryItems ?? []
        let requests = items.filter { $0.name == "SAMLRequest" }
        guard requests.count == 1, let encoded = requests[0].value, !encoded.isEmpty else {
            throw TestIdentityProviderError(.requestMissing, requests.count > 1
                ? "The redirect URL carries \(requests.count) SAMLRequest parameters; the HTTP-Redirect binding sends exactly one."
                : "The redirect URL has no SAMLRequest parameter. The HTTP-Redirect binding sends the AuthnRequest in the SAMLRequest query parameter (DEFLATE, base64, URL-encoded).")
        }
        let relayStates = items.filter { $0.name == "RelayState" }
        guard relayStates.count <= 1 else {
            throw TestIdentityProviderError(.requestInvalid,
                "The redirect URL carries \(relayStates.count) RelayState parameters; send at most one.")
        }
        let compressed = try Self.base64Decode(encoded, binding: "HTTP-Redirect")
        let xml = try Self.inflate(compressed)
        return try read(xml, relayState: relayStates.first?.value, binding: .httpRedirect)
    }

    /// Reads an AuthnRequest sent with the HTTP-POST binding: the `SAMLRequest` form field's
    /// value (base64 of the XML, not compressed) and the `RelayState` field.
    ///
    /// Checks the request as ``parseAuthnRequest(redirectURL:)`` does.
    /// - Parameters:
    ///   - samlRequest: The `SAMLRequest` field's value, URL-decoded (line breaks tolerated).
    ///   - relayState: The `RelayState` field's value, or nil.
    /// - Returns: The request.
    /// - Throws: `TestIdentityProviderError` with a `request.*` code saying what is wrong.
    public func parseAuthnRequest(samlRequest: String, relayState: String? = nil) throws(TestIdentityProviderError) -> ReceivedAuthnRequest {
        guard !samlRequest.isEmpty else {
            throw TestIdentityProviderError(.requestMissing,
                "The SAMLRequest form field is empty. The HTTP-POST binding sends the AuthnRequest's XML, base64-encoded, in it.")
        }
        let decoded = try Self.base64Decode(samlRequest, binding: "HTTP-POST")
        guard decoded.count <= Self.maximumRequestBytes else {
            throw Self.tooLarge()
        }
        guard let first = decoded.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
              first == UInt8(ascii: "<") || first == 0xEF else {
            throw TestIdentityProviderError(.requestMalformed,
                "The SAMLRequest form field does not decode to XML. With the HTTP-POST binding the request is base64 of the XML itself, not DEFLATE-compressed (that is the HTTP-Redirect binding).")
        }
        return try read(Data(decoded), relayState: relayState, binding: .httpPOST)
    }

    /// Reads and checks the request XML.
    private func read(_ xml: Data, relayState: String?,
                      binding: SAMLBinding) throws(TestIdentityProviderError) -> ReceivedAuthnRequest {
        let tree: XMLTree
        do {
            tree = try XMLTree(bytes: xml)
        } catch {
            throw TestIdentityProviderError(.requestMalformed, "The AuthnRequest is not acceptable XML: \(error.message)")
        }
        let request = tree.root
        let samlp = XMLNamespace.samlProtocol
        guard request.is("AuthnRequest", samlp) else {
            throw TestIdentityProviderError(.requestNotAuthnRequest,
                "The SAMLRequest holds a <\(request.localName.prefix(80))> in namespace '\(request.namespaceURI?.prefix(120) ?? "none")', not a SAML 2.0 <samlp:AuthnRequest> (\(samlp)). Send an AuthnRequest.")
        }
        guard request.attribute("Version") == "2.0" else {
            throw TestIdentityProviderError(.requestInvalid,
                "The AuthnRequest's Version is '\(request.attribute("Version")?.prefix(40) ?? "missing")', not '2.0'. Send a SAML 2.0 request.")
        }
        guard let id = request.attribute("ID"), !id.isEmpty else {
            throw TestIdentityProviderError(.requestInvalid,
                "The AuthnRequest has no ID, so no response could say which request it answers. Give every request a fresh random ID and keep it to check InResponseTo.")
        }
        let issuer = request.firstChild("Issuer", XMLNamespace.samlAssertion)?.textContent
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !issuer.isEmpty else {
            throw TestIdentityProviderError(.requestInvalid,
                "The AuthnRequest has no Issuer, so the IdP cannot tell which application (SP entity ID) asks. Put the SP entity ID in <saml:Issuer>.")
        }
        guard let acsURL = request.attribute("AssertionConsumerServiceURL"), !acsURL.isEmpty else {
            throw TestIdentityProviderError(.requestInvalid,
                "The AuthnRequest has no AssertionConsumerServiceURL. This test IdP holds no SP metadata to look an AssertionConsumerServiceIndex up in; send the ACS URL in the request.")
        }
        let destination = request.attribute("Destination")
        if let destination, destination != ssoURL.absoluteString {
            throw TestIdentityProviderError(.requestDestinationMismatch,
                "The AuthnRequest's Destination is '\(destination.prefix(200))', but this IdP's SSO URL is '\(ssoURL.absoluteString)'. IdPs refuse a request meant for another endpoint; set the connection's SSO URL from this IdP's metadata.")
        }
        if let requested = request.attribute("ProtocolBinding"), requested != SAMLBinding.httpPOST.rawValue {
            throw TestIdentityProviderError(.requestUnsupportedBinding,
                "The AuthnRequest asks for the response with the binding '\(requested.prefix(120))'; this IdP answers only with HTTP-POST (\(SAMLBinding.httpPOST.rawValue)), as the Web Browser SSO profile's service providers expect.")
        }
        let forceAuthn = request.attribute("ForceAuthn").map { $0 == "true" || $0 == "1" } ?? false
        return ReceivedAuthnRequest(
            id: id, issuer: issuer, assertionConsumerServiceURL: acsURL, relayState: relayState,
            destination: destination,
            nameIDPolicyFormat: request.firstChild("NameIDPolicy", samlp)?.attribute("Format"),
            forceAuthn: forceAuthn, binding: binding, xml: String(decoding: xml, as: UTF8.self))
    }

    /// Decodes base64 (whitespace tolerated) through the service provider's decoder.
    private static func base64Decode(_ text: String, binding: String) throws(TestIdentityProviderError) -> [UInt8] {
        guard text.utf8.count <= maximumRequestBytes * 2 else { throw tooLarge() }
        var text = text
        // What sso_base64_decode asks for: length * 3 / 4 + 3 bytes.
        let capacity = text.utf8.count * 3 / 4 + 3
        var length = -1
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            length = text.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) {
                    sso_base64_decode($0.baseAddress, $0.count, buffer.baseAddress)
                }
            }
            count = max(length, 0)
        }
        guard length > 0 else {
            let hint = text.contains("%") ? " It still contains %-escapes: URL-decode it once." : ""
            throw TestIdentityProviderError(.requestNotBase64,
                "The SAMLRequest (\(binding) binding) is not base64.\(hint) Send the request exactly as the binding encodes it.")
        }
        return bytes
    }

    /// Inflates raw DEFLATE through zlib, bounded by `maximumRequestBytes`.
    private static func inflate(_ compressed: [UInt8]) throws(TestIdentityProviderError) -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = compressed.withUnsafeBufferPointer { input in
            sso_inflate_raw(input.baseAddress, input.count, maximumRequestBytes, &output, &length)
        }
        if status == 1 { throw tooLarge() }
        guard status == 0, let output else {
            let zlibHint = compressed.count >= 2 && compressed[0] == 0x78 && (UInt16(compressed[0]) << 8 | UInt16(compressed[1])) % 31 == 0
                ? " It starts with a zlib header (0x78…): use raw DEFLATE (windowBits -15), without the header and checksum."
                : ""
            throw TestIdentityProviderError(.requestNotDeflate,
                "The SAMLRequest does not inflate as raw DEFLATE (RFC 1951), which the HTTP-Redirect binding requires.\(zlibHint)")
        }
        defer { sso_free(output) }
        return Data(bytes: output, count: length)
    }

    private static func tooLarge() -> TestIdentityProviderError {
        TestIdentityProviderError(.requestTooLarge,
            "The AuthnRequest is larger than \(maximumRequestBytes) bytes; real requests are under 2 KB. Check what the service provider puts in it.")
    }

    /// Whether the URL in `components` is `ssoURL` apart from its query (scheme and host
    /// compared without regard to case, as URLs are).
    private static func sameEndpoint(_ components: URLComponents, _ ssoURL: URL) -> Bool {
        guard let expected = URLComponents(url: ssoURL, resolvingAgainstBaseURL: false) else { return false }
        return components.scheme?.lowercased() == expected.scheme?.lowercased()
            && components.host?.lowercased() == expected.host?.lowercased()
            && components.port == expected.port
            && components.percentEncodedPath == expected.percentEncodedPath
    }

    private static func endpoint(of components: URLComponents) -> String {
        var endpoint = components
        endpoint.percentEncodedQuery = nil
        endpoint.fragment = nil
        return String((endpoint.string ?? "an unreadable URL").prefix(200))
    }
}
