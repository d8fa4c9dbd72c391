/// Anchor ids for headings, computed the way GitHub computes them for Markdown, so one
/// `[link](#anchor)` works in the generated HTML and in the Markdown shown on GitHub.
///
/// The slug of a heading's text is its lowercased letters, digits, `-` and `_`, with each
/// space turned into `-` and everything else dropped; a repeated slug gets `-1`, `-2`, ….
struct HeadingSlugger: Sendable {
    private var used: [String: Int] = [:]

    /// The slug of a heading's Markdown text, ignoring inline markup characters.
    static func baseSlug(_ markdown: String) -> String {
        var slug = ""
        for character in markdown.lowercased() {
            if character == " " {
                slug.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                slug.append(character)
            }
        }
        return slug
    }

    /// The next unique slug for a heading's Markdown text.
    mutating func slug(for markdown: String) -> String {
        let base = Self.baseSlug(markdown)
        if let count = used[base] {
            used[base] = count + 1
            let candidate = "\(base)-\(count)"
            used[candidate, default: 0] += 1
            return candidate
        }
        used[base] = 1
        return base
    }

    /// Marks an id as taken (such as a section's id), so no heading reuses it.
    mutating func reserve(_ id: String) {
        if used[id] == nil { used[id] = 1 }
    }
}
