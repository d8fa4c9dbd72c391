/// Whether and how to colour text written to one stream.
///
/// Colour is used only when the stream is a terminal and the `NO_COLOR` environment variable
/// is unset (<https://no-color.org>), so piped and redirected output stays plain.
struct TerminalStyle: Sendable {
    /// Whether escape sequences are written.
    let usesColor: Bool

    /// Decides for one stream.
    /// - Parameters:
    ///   - sink: The stream.
    ///   - environment: The process environment.
    init(for sink: any TextSink, environment: [String: String]) {
        usesColor = sink.isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Bold text.
    func bold(_ text: String) -> String { wrap(text, "1") }
    /// Text for errors.
    func red(_ text: String) -> String { wrap(text, "31") }
    /// Text for warnings.
    func yellow(_ text: String) -> String { wrap(text, "33") }
    /// Text for success.
    func green(_ text: String) -> String { wrap(text, "32") }
    /// Secondary text.
    func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
