extension CommandSpec {
    /// The width help text is wrapped to.
    static let helpWidth = 80
    /// The column where option and argument descriptions start.
    static let descriptionColumn = 28

    /// The one-line (wrapped) usage: `USAGE: sso guide <provider-id> --acs-url <url> …`.
    var usage: String {
        var parts = ["sso"] + words
        parts += arguments.map { $0.isRequired ? "<\($0.name)>" : "[<\($0.name)>]" }
        for option in options {
            var text = "--\(option.name)"
            if case .value(let placeholder) = option.kind { text += " <\(placeholder)>" }
            if option.isRepeatable { text += " ..." }
            parts.append(option.isRequired ? text : "[\(text)]")
        }
        return TextLayout.wrapWords(parts, width: Self.helpWidth, firstPrefix: "USAGE: ",
                                    continuationPrefix: String(repeating: " ", count: 7))
    }

    /// The full help text shown by `--help`, ending with a line break.
    var help: String {
        var sections = [TextLayout.wrapWords(summary.split(separator: " ").map(String.init), width: Self.helpWidth,
                                             firstPrefix: "OVERVIEW: ", continuationPrefix: "")]
        if !discussion.isEmpty {
            sections.append(TextLayout.wrapParagraphs(discussion, width: Self.helpWidth))
        }
        sections.append(usage)
        if !arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + arguments.map { argument in
                TextLayout.definition(term: "<\(argument.name)>", text: argument.help + (argument.isRequired ? "" : " (optional)"),
                                      width: Self.helpWidth, column: Self.descriptionColumn)
            }.joined(separator: "\n"))
        }
        let optionLines = (options + [.help]).map { option -> String in
            var term = option.shortName.map { "-\($0), " } ?? ""
            term += "--\(option.name)"
            if case .value(let placeholder) = option.kind { term += " <\(placeholder)>" }
            var notes: [String] = []
            if option.isRequired { notes.append("required") }
            if option.isRepeatable { notes.append("repeatable") }
            let prefix = notes.isEmpty ? "" : "(\(notes.joined(separator: ", "))) "
            return TextLayout.definition(term: term, text: prefix + option.help,
                                         width: Self.helpWidth, column: Self.descriptionColumn)
        }
        sections.append("OPTIONS:\n" + optionLines.joined(separator: "\n"))
        sections.append("EXIT STATUS:\n" + exitStatuses.map { note in
            TextLayout.definition(term: String(note.status.rawValue), text: note.meaning, width: Self.helpWidth, column: 6)
        }.joined(separator: "\n"))
        if !examples.isEmpty {
            sections.append("EXAMPLES:\n" + examples.map { "  " + $0 }.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
