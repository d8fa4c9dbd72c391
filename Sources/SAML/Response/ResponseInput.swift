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
            throw SAMLError(.xmlNotBase64,
                "The SAML response is neither XML nor valid base64. Post the SAMLResponse form field's value exactly as received (URL-decoded, not altered).")
        }
        guard decoded.count <= limits.maximumBytes else { throw tooLarge(limits) }
        return Data(decoded)
    }

    private static func tooLarge(_ limits: XMLLimits) -> SAMLError {
        SAMLError(.xmlTooLarge,
            "The SAML response is larger than the limit of \(limits.maximumBytes) bytes. Real responses are a few kilobytes; check what was posted, or raise the limit.")
    }
}
