/// Where the command line tool writes its text: standard output, standard error, or a
/// buffer a test reads back.
public protocol TextSink: Sendable {
    /// Whether the text goes to a terminal; colour is used only then.
    var isTerminal: Bool { get }

    /// Writes text as is (the caller supplies line breaks).
    /// - Parameter text: The text.
    func write(_ text: String)
}
