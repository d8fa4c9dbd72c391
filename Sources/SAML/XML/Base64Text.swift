import Foundation

/// Decoding of base64 text as it appears in XML (`SignatureValue`, `X509Certificate`) and
/// in the HTTP-POST binding's `SAMLResponse` field, where line breaks and indentation are
/// common and must be tolerated.
enum Base64Text {
    /// Decodes `text`, ignoring ASCII whitespace; nil when anything else is not base64.
    /// - Parameter text: The base64 text.
    /// - Returns: The bytes, or nil.
    static func decode(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        return decode(stripping: &utf8)
    }

    /// Decodes bytes of base64 text in place of a copy, ignoring ASCII whitespace.
    /// - Parameter bytes: The text's bytes; whitespace is removed from it.
    /// - Returns: The decoded bytes, or nil when the text is not base64.
    static func decode(stripping bytes: inout [UInt8]) -> [UInt8]? {
        bytes.removeAll { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let data = Data(base64Encoded: Data(bytes)) else { return nil }
        return [UInt8](data)
    }
}
