import Foundation

/// Turns what an ACS endpoint receives into XML bytes: the base64 `SAMLResponse` form field
/// (line breaks and indentation tolerated) or, for tools and tests, the raw XML.
enum ResponseInput {
    /// Decodes `input`.
    /// - Parameters:
    ///   - input: Base64 text or XML.
    ///   - limits: The size bound, applied before decoding.
    /// - Returns: The XML bytes.
    /// - Throws: `xml.empty`, `xml.too-large` or `xml.not-base64`.
    static func xmlBytes(from input: Data, limits: XMLLimits) throws(SAMLError) -> Data {
        guard let first = input.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw SAMLError(.xmlEmpty, "The SAML response is empty. Post the SAMLResponse form field's value, or the response XML.")
        }
        // '<' starts XML; EF is the first byte of a UTF-8 byte order mark before XML.
        if first == 0x3C || first == 0xEF {
            return input
        }
        // Four base64 characters carry three bytes; allow as much again for line breaks.
        let encodedLimit = (limits.maximumBytes / 3 + 1) * 4
        guard input.count <= encodedLimit * 2 else {
            throw tooLarge(limits)
        }
        guard let decoded = input.withUnsafeBytes({ Base64Text.decode($0) }) else {
            if input.prefix(64).range(of: Data("SAMLResponse=".utf8)) != nil {
                throw SAMLError(.xmlNotBase64,
                    "The SAML response includes the form field's name ('SAMLResponse='), as a raw request body does. Pass only the field's value, URL-decoded (and without any '&RelayState=…' that follows).")
            }
            if looksURLEncoded(input) {
                throw SAMLError(.xmlNotBase64,
                    "The SAML response is still URL-encoded (it contains escapes such as %2B or %3D, which base64 never does), as it appears in a HAR file or a raw request body. URL-decode the SAMLResponse form field's value first, then pass the result.")
            }
            throw SAMLError(.xmlNotBase64,
                "The SAML response is neither XML nor valid base64. Post the SAMLResponse form field's value exactly as received (URL-decoded, not altered).")
        }
        guard decoded.count <= limits.maximumBytes else { throw tooLarge(limits) }
        return Data(decoded)
    }

    /// Whether `input` holds a percent escape of a character that base64 text can contain
    /// (`%2B` `+`, `%2F` `/`, `%3D` `=`, `%0A`/`%0D` line breaks), in either case.
    private static func looksURLEncoded(_ input: Data) -> Bool {
        let escapes: Set<String> = ["2B", "2F", "3D", "0A", "0D"]
        let bytes = [UInt8](input.prefix(64 * 1024))
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "%"),
               escapes.contains(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self).uppercased()) {
                return true
            }
            index += 1
        }
        return false
    }

    private static func tooLarge(_ limits: XMLLimits) -> SAMLError {
        SAMLError(.xmlTooLarge,
            "The SAML response is larger than the limit of \(limits.maximumBytes) bytes. Real responses are a few kilobytes; check what was posted, or raise the limit.")
    }
}
