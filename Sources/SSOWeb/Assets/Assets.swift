import Foundation
import SAML

/// The layer's two static files: one stylesheet and one script, served with a version in
/// their address (a hash of their content) so browsers may cache them for a year.
enum Assets {
    static let stylesheetName = "app.css"
    static let scriptName = "app.js"

    static let stylesheetVersion = String(SHA256Digest.hex(Stylesheet.text).prefix(12))
    static let scriptVersion = String(SHA256Digest.hex(Script.text).prefix(12))

    /// The response for an asset name.
    static func response(name: String, request: WebRequest) -> WebResponse {
        let content: (text: String, type: String, version: String)
        switch name {
        case stylesheetName: content = (Stylesheet.text, "text/css; charset=utf-8", stylesheetVersion)
        case scriptName: content = (Script.text, "text/javascript; charset=utf-8", scriptVersion)
        default:
            return WebResponse(status: 404, headers: ["Content-Type": "text/plain; charset=utf-8"],
                                body: Data("There is no file with this name.\n".utf8))
        }
        let etag = "\"\(content.version)\""
        var headers: WebHeaders = ["ETag": etag]
        // Versioned addresses never change content; others are revalidated.
        headers.add("Cache-Control", request.queryValue("v") == content.version
            ? "public, max-age=31536000, immutable" : "no-cache")
        if request.headers["If-None-Match"] == etag {
            return WebResponse(status: 304, headers: headers)
        }
        headers.add("Content-Type", content.type)
        return WebResponse(status: 200, headers: headers, body: Data(content.text.utf8))
    }
}
