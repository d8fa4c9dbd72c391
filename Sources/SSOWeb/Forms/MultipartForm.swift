import Foundation

/// A bounded `multipart/form-data` reader (RFC 7578 over RFC 2046), for the connection form's
/// file uploads (metadata files, certificates).
///
/// The whole body is already in memory and already bounded by the application's body limit;
/// this reader adds its own bounds so that no input makes it slow or large: at most
/// `maximumParts` parts, 8 KiB of headers per part, a boundary of 1 to 70 characters, and a
/// single forward scan for delimiters (each candidate position compared once against a
/// boundary of at most 74 bytes). Anything that is not well formed is refused with a
/// ``FormError`` saying where: no silent truncation, no partial forms.
enum MultipartForm {
    /// The most bytes of headers one part may have.
    static let maximumPartHeaderBytes = 8 * 1024

    private static let crlf: [UInt8] = [13, 10]

    /// Parses a body.
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - contentType: The request's `Content-Type` value (with the boundary parameter).
    ///   - maximumParts: The most parts accepted.
    /// - Returns: The fields and files.
    /// - Throws: ``FormError/malformed(_:)`` or ``FormError/tooManyFields(_:)``.
    static func parse(_ body: Data, contentType: String, maximumParts: Int) throws(FormError) -> FormData {
        guard let boundary = boundary(in: contentType) else {
            throw .malformed("the multipart boundary is missing or not 1 to 70 permitted characters")
        }
        let bytes = [UInt8](body)
        let dashBoundary = Array("--".utf8) + Array(boundary.utf8)
        // The body starts with the first delimiter (a preamble before it is allowed and ignored).
        var position: Int
        if bytes.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = find(crlf + dashBoundary, in: bytes, from: 0) {
            position = found + 2 + dashBoundary.count
        } else {
            throw .malformed("the body does not start with the multipart boundary")
        }
        var form = FormData()
        var parts = 0
        while true {
            // After a delimiter: "--" closes the body; otherwise optional spaces, then CRLF.
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "-"), bytes[position + 1] == UInt8(ascii: "-") {
                return form
            }
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
                position += 1
            }
            guard position + 1 < bytes.count, bytes[position] == 13, bytes[position + 1] == 10 else {
                throw .malformed("a multipart boundary is not followed by a line break")
            }
            position += 2
            parts += 1
            guard parts <= maximumParts else { throw .tooManyFields(maximumParts) }
            // Headers end at the first empty line, within the header limit (a part with no
            // headers has its empty line at once).
            let headerEnd: Int
            if bytes[position...].starts(with: crlf) {
                headerEnd = position - 2
            } else {
                let headerLimit = min(bytes.count, position + maximumPartHeaderBytes)
                guard let found = find(crlf + crlf, in: bytes, from: position, before: headerLimit) else {
                    throw .malformed(headerLimit < bytes.count
                        ? "a part's headers are longer than \(maximumPartHeaderBytes) bytes"
                        : "a part's headers do not end")
                }
                headerEnd = found
            }
            let headerBytes = headerEnd > position ? Array(bytes[position..<headerEnd]) : []
            let headers = try partHeaders(headerBytes)
            let contentStart = headerEnd + 4
            // The content runs to the next CRLF + delimiter.
            guard let contentEnd = find(crlf + dashBoundary, in: bytes, from: contentStart) else {
                throw .malformed("the body ends before the closing multipart boundary")
            }
            let content = Data(bytes[contentStart..<contentEnd])
            position = contentEnd + 2 + dashBoundary.count
            guard let disposition = headers["content-disposition"] else {
                throw .malformed("a part has no Content-Disposition header")
            }
            let parameters = dispositionParameters(disposition)
            guard parameters.type == "form-data", let name = parameters.values["name"] else {
                throw .malformed("a part is not form-data with a field name")
            }
            if let fileName = parameters.values["filename"] {
                // A file input left empty arrives as a part with an empty file name and no bytes.
                if !(fileName.isEmpty && content.isEmpty) {
                    form.files.append(UploadedFile(fieldName: name, fileName: fileName,
                                                   contentType: headers["content-type"], content: content))
                }
            } else {
                guard let value = String(data: content, encoding: .utf8) else {
                    throw .malformed("the field \(name) is not UTF-8 text")
                }
                form.fields.append((name: name, value: value))
            }
        }
    }

    /// The boundary parameter of a `multipart/form-data` content type, if it is 1–70 of the
    /// characters RFC 2046 permits (and does not end with a space).
    static func boundary(in contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").dropFirst()
        for piece in pieces {
            let parameter = piece.trimmingCharacters(in: .whitespaces)
            guard let equals = parameter.firstIndex(of: "="),
                  parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            let permitted = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy(permitted.contains),
                  !value.hasSuffix(" ") else { return nil }
            return value
        }
        return nil
    }

    /// A part's header fields by lower-cased name.
    private static func partHeaders(_ bytes: [UInt8]) throws(FormError) -> [String: String] {
        guard !bytes.isEmpty else { return [:] }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw .malformed("a part's headers are not UTF-8 text")
        }
        var headers: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformed("a part's header line has no colon")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .malformed("a part's header line has no name") }
            headers[name] = value
        }
        return headers
    }

    /// `form-data; name="a"; filename="b.xml"` as its type and parameters. Quoted values may
    /// use backslash escapes; browsers percent-encode `"` and line breaks instead, which is
    /// kept as sent (the name is compared with the form's own names; the file name is shown).
    static func dispositionParameters(_ value: String) -> (type: String, values: [String: String]) {
        var scalars = Array(value.unicodeScalars)[...]
        func skipSpaces() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        func token() -> String {
            var text = ""
            while let first = scalars.first, first != ";", first != "=", first != " ", first != "\t" {
                text.unicodeScalars.append(scalars.removeFirst())
            }
            return text
        }
        skipSpaces()
        let type = token().lowercased()
        var values: [String: String] = [:]
        while true {
            skipSpaces()
            guard scalars.first == ";" else { break }
            scalars.removeFirst()
            skipSpaces()
            let name = token().lowercased()
            skipSpaces()
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            skipSpaces()
            var text = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                while let next = scalars.popFirst(), next != "\"" {
                    if next == "\\", let escaped = scalars.popFirst() {
                        text.unicodeScalars.append(escaped)
                    } else {
                        text.unicodeScalars.append(next)
                    }
                }
            } else {
                text = token()
            }
            if !name.isEmpty, values[name] == nil { values[name] = text }
        }
        return (type, values)
    }

    /// The first index of `needle` in `haystack[from..<before]` (the match must end before
    /// `before`), scanning forward once.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
        let limit = min(end ?? haystack.count, haystack.count)
        guard let first = needle.first, start >= 0, limit - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            let last = limit - needle.count
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
