extension String {
    /// The text without leading and trailing white space and line breaks (Unicode
    /// `White_Space`), as `trimmingCharacters(in: .whitespacesAndNewlines)` gives it, without
    /// Foundation's bridging through `NSString`: sign-ins trim several values each, and most
    /// need nothing removed.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return self }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
