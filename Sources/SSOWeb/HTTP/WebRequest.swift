import Foundation

/// One HTTP request as the host's server received it: what the web layer needs, and
/// nothing tied to a particular server framework.
public struct WebRequest: Sendable, Equatable {
    /// The method in upper case, such as `GET` or `POST`.
    public var method: String
    /// The path, percent-encoded as it arrived, without the query: `/orgs/acme/security`.
    public var path: String
    /// The query string without the `?`, percent-encoded as it arrived; empty when none.
    public var query: String
    /// The header fields.
    public var headers: WebHeaders
    /// The body bytes (empty for GET).
    public var body: Data
    /// The client's address as the host sees it (after any trusted proxy), or nil. Used for
    /// per-address rate limits of the sign-in page.
    public var remoteAddress: String?

    /// Creates a request.
    /// - Parameters:
    ///   - method: The method, such as `GET` (upper-cased here).
    ///   - path: The percent-encoded path.
    ///   - query: The query string without `?`.
    ///   - headers: The header fields.
    ///   - body: The body.
    ///   - remoteAddress: The client's address.
    public init(method: String, path: String, query: String = "", headers: WebHeaders = WebHeaders(),
                body: Data = Data(), remoteAddress: String? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Creates a request from a request target such as `/sign-in?returnTo=%2F`, splitting
    /// the path from the query at the first `?` (a fragment, which browsers never send, is
    /// dropped).
    /// - Parameters:
    ///   - method: The method.
    ///   - target: The request target (origin form).
    ///   - headers: The header fields.
    ///   - body: The body.
    ///   - remoteAddress: The client's address.
    public init(method: String, target: String, headers: WebHeaders = WebHeaders(), body: Data = Data(),
                remoteAddress: String? = nil) {
        var target = Substring(target)
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        let path: Substring
        let query: Substring
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target
            query = ""
        }
        self.init(method: method, path: String(path), query: String(query), headers: headers, body: body,
                  remoteAddress: remoteAddress)
    }

    /// The query's parameters, decoded (`+` as space, percent escapes); malformed escapes
    /// are kept as typed. The first value of a repeated name wins in ``queryValue(_:)``.
    public var queryItems: [(name: String, value: String)] {
        URLEncodedForm.pairs(Substring(query))
    }

    /// The first decoded value of a query parameter, or nil.
    /// - Parameter name: The parameter name.
    /// - Returns: The value.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The cookies the browser sent, by name (the first of a repeated name wins, as
    /// browsers send the most specific cookie first).
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
                var value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                if !name.isEmpty, result[name] == nil { result[name] = value }
            }
        }
        return result
    }

    /// The media type of the body, lower-cased, without parameters (`multipart/form-data`).
    var mediaType: String {
        let contentType = headers["Content-Type"] ?? ""
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
