import CSAMLShims

/// Decoding of base64 text as it appears in XML (`SignatureValue`, `X509Certificate`) and
/// in the HTTP-POST binding's `SAMLResponse` field, where line breaks and indentation are
/// common and must be tolerated. libcrypto's decoder does the work.
enum Base64Text {
    /// Decodes `text`, ignoring ASCII whitespace; nil when anything else is not base64.
    /// - Parameter text: The base64 text.
    /// - Returns: The bytes, or nil.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes base64 bytes, ignoring ASCII whitespace; nil when anything else is not base64.
    /// - Parameter bytes: The text's bytes.
    /// - Returns: The bytes, or nil.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let capacity = bytes.count / 4 * 3 + 3
        var failed = false
        let decoded = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let length = sso_base64_decode(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                                           buffer.baseAddress)
            if length < 0 { failed = true; count = 0 } else { count = length }
        }
        return failed ? nil : decoded
    }
}
