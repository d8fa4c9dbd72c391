import SelfServeSSO

/// Reading a SAML response saved to a file (`test complete`, `sign-in finish`).
enum ResponseFile {
    /// The most bytes a response file may have: far more than any IdP's response.
    static let maximumBytes = 4 << 20

    /// The file's text, trimmed: the SAMLResponse value (base64) or the response XML.
    /// - Throws: ``UsageError`` when it cannot be read, is too large, is not UTF-8, or is empty.
    static func read(_ path: String, in invocation: Invocation) throws(UsageError) -> String {
        let data = try invocation.readFile(path, what: "response file", limit: maximumBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path, what: "response file", reason: "it is not UTF-8 text; save the SAMLResponse value (base64) or the XML")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .unreadableFile(path, what: "response file", reason: "it is empty") }
        return trimmed
    }
}
