import Foundation
import SSOWeb

/// A parsed HTTP/1.x request line and header section.
struct RequestHead: Sendable {
    var method: String
    var target: String
    var minorVersion: Int
    var headers: WebHeaders

    /// Why a head could not be used, as the status to answer.
    struct Refusal: Error, Equatable {
        let status: Int
        let reason: String
    }

    /// Parses the bytes before the blank line (request line and header lines, CRLF
    /// separated). Strict where leniency has led to request smuggling: no obsolete line
    /// folding, no whitespace before a colon, one Content-Length made of digits, no
    /// Transfer-Encoding (bodies here always have a length).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Refusal) -> RequestHead {
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw Refusal(status: 400, reason: "The request head is not UTF-8 text.")
        }
        var lines = text.components(separatedBy: "\r\n")
        // Robustness (RFC 9112 §2.2): empty lines before the request line are ignored.
        while lines.first == "" { lines.removeFirst() }
        guard let requestLine = lines.first else { throw Refusal(status: 400, reason: "The request has no request line.") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Refusal(status: 400, reason: "The request line is not METHOD TARGET VERSION.") }
        let method = String(parts[0])
        guard !method.isEmpty, method.utf8.count <= 16, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw Refusal(status: 400, reason: "The method is not a token.")
        }
        let target = String(parts[1])
        guard target.hasPrefix("/"), target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw Refusal(status: 400, reason: "The request target must be a path (origin form) of visible ASCII.")
        }
        let minor: Int
        switch parts[2] {
        case "HTTP/1.1": minor = 1
        case "HTTP/1.0": minor = 0
        default: throw Refusal(status: 505, reason: "Only HTTP/1.0 and HTTP/1.1 are served.")
        }
        var headers = WebHeaders()
        for line in lines.dropFirst() where !line.isEmpty {
            guard let first = line.unicodeScalars.first, first != " ", first != "\t" else {
                throw Refusal(status: 400, reason: "Obsolete header line folding is not accepted.")
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw Refusal(status: 400, reason: "A header line has no colon.")
            }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw Refusal(status: 400, reason: "A header name is not a token.")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
                throw Refusal(status: 400, reason: "A header value has control characters.")
            }
            headers.add(name, value)
        }
        if !headers.values("Transfer-Encoding").isEmpty {
            throw Refusal(status: 411, reason: "Send the body with a Content-Length; Transfer-Encoding is not accepted.")
        }
        let lengths = headers.values("Content-Length")
        if lengths.count > 1 { throw Refusal(status: 400, reason: "The request has more than one Content-Length.") }
        if let length = lengths.first, length.isEmpty || length.utf8.count > 12 || !length.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw Refusal(status: 400, reason: "The Content-Length is not a number.")
        }
        if minor == 1, headers["Host"] == nil {
            throw Refusal(status: 400, reason: "An HTTP/1.1 request must have a Host header.")
        }
        return RequestHead(method: method, target: target, minorVersion: minor, headers: headers)
    }

    /// The declared body length (0 when none).
    var contentLength: Int { headers["Content-Length"].flatMap { Int($0) } ?? 0 }

    /// Whether the client wants the connection kept open after this request.
    var keepAlive: Bool {
        let connection = headers.values("Connection").joined(separator: ",").lowercased()
        let tokens = connection.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if minorVersion == 0 { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }

    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool {
        headers["Expect"]?.lowercased() == "100-continue"
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
