import Foundation

/// One HTTP response: what the web layer answers, for the host's server to send as it is.
public struct WebResponse: Sendable, Equatable {
    /// The status code, such as 200, 303 or 403.
    public var status: Int
    /// The header fields, including `Content-Type`, security headers and any `Set-Cookie`.
    public var headers: WebHeaders
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(status: Int, headers: WebHeaders = WebHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `303 See Other` to `location`, the answer to a form post (the browser follows it
    /// with a GET, so reloading the page does not post again).
    /// - Parameter location: A path on this site, or an absolute URL the application chose
    ///   (never one taken unchecked from a request).
    /// - Returns: The response.
    public static func seeOther(_ location: String) -> WebResponse {
        WebResponse(status: 303, headers: ["Location": location, "Content-Length": "0", "Cache-Control": "no-store"])
    }

    /// Adds a `Set-Cookie` field.
    /// - Parameter cookie: The cookie.
    public mutating func setCookie(_ cookie: WebCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }

    /// The body as UTF-8 text (for tests and logs).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The standard reason phrase of a status code, for a server writing the status line.
    /// - Parameter status: The status code.
    /// - Returns: The phrase, such as `See Other`.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// A cookie to set, with the attributes the web layer always decides explicitly.
public struct WebCookie: Sendable, Equatable {
    /// How the browser limits sending the cookie with requests from other sites.
    public enum SameSite: String, Sendable, Equatable {
        /// Sent only with requests from this site.
        case strict = "Strict"
        /// Also sent with top-level navigations (GET) from other sites: links and redirects.
        case lax = "Lax"
    }

    /// The name.
    public var name: String
    /// The value (already safe for a cookie: letters, digits, `-`, `_`).
    public var value: String
    /// The path it applies to.
    public var path: String
    /// Seconds until it expires, or nil for a browser-session cookie; 0 deletes it.
    public var maxAge: Int?
    /// Whether only https requests carry it.
    public var secure: Bool
    /// Whether scripts cannot read it.
    public var httpOnly: Bool
    /// The SameSite policy.
    public var sameSite: SameSite

    /// Creates a cookie.
    /// - Parameters:
    ///   - name: The name.
    ///   - value: The value.
    ///   - path: The path; `/` by default.
    ///   - maxAge: Seconds until it expires, nil for a session cookie, 0 to delete.
    ///   - secure: Whether only https carries it.
    ///   - httpOnly: Whether scripts cannot read it; true by default.
    ///   - sameSite: The SameSite policy; Lax by default.
    public init(name: String, value: String, path: String = "/", maxAge: Int? = nil, secure: Bool,
                httpOnly: Bool = true, sameSite: SameSite = .lax) {
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The `Set-Cookie` field value.
    public var headerValue: String {
        var text = "\(name)=\(value); Path=\(path)"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        if httpOnly { text += "; HttpOnly" }
        text += "; SameSite=\(sameSite.rawValue)"
        return text
    }
}
