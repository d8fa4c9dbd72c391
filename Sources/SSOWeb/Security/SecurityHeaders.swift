/// The headers every response of this layer carries.
enum SecurityHeaders {
    /// The Content-Security-Policy: scripts and styles only from this layer's own two files
    /// (no inline script, no inline style), no plugins, no framing.
    ///
    /// There is no `form-action`: browsers apply it to the redirect that follows a form post,
    /// and the sign-in and test forms post here and are then redirected to the identity
    /// provider, which is on another origin chosen by each organization.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; frame-ancestors 'none'; object-src 'none'"

    /// Adds the security headers to a response (keeping any the handler set itself).
    static func apply(to response: inout WebResponse) {
        let standard: [(String, String)] = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            // Setup links carry their secret in the path; never send it on to another site.
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
        ]
        for (name, value) in standard where response.headers[name] == nil {
            response.headers.add(name, value)
        }
        if response.headers["Cache-Control"] == nil {
            // Pages hold CSRF tokens and an organization's setup: never cached.
            response.headers.add("Cache-Control", "no-store")
        }
    }
}
