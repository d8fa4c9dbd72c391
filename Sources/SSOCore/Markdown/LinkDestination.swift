/// Which link targets the renderer turns into links.
///
/// Only `http:`, `https:` and `mailto:` URLs and relative references are linked; any other
/// scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) is rendered as plain text. URLs
/// with whitespace or control characters are refused too, so a scheme cannot be disguised
/// by characters that browsers strip.
enum LinkDestination {
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// Whether `url` may be used as an `href`.
    static func isAllowed(_ url: String) -> Bool {
        guard !url.isEmpty else { return false }
        for scalar in url.unicodeScalars {
            if scalar.value < 0x21 || scalar.value == 0x7F || scalar.properties.isWhitespace { return false }
            // Invisible format characters (such as zero-width joiners) could disguise a scheme.
            if scalar.properties.generalCategory == .format { return false }
        }
        guard let end = url.unicodeScalars.firstIndex(where: { ":/?#".unicodeScalars.contains($0) }),
              url.unicodeScalars[end] == ":" else {
            return true  // relative: no scheme before the first '/', '?' or '#'
        }
        let scheme = String(url.unicodeScalars[..<end]).lowercased()
        return allowedSchemes.contains(scheme)
    }
}
