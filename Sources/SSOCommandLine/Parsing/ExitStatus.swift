/// The exit statuses of `sso`.
enum ExitStatus: Int32, Sendable, Equatable {
    /// The command did what was asked and found nothing wrong.
    case success = 0
    /// The command ran and found a problem (invalid configuration, rejected response, stale docs).
    case failure = 1
    /// The command was called wrongly (unknown flag, missing file, unknown provider).
    case usage = 2
}

/// What one exit status means for a command.
struct ExitStatusNote: Sendable {
    /// The status.
    let status: ExitStatus
    /// When the command exits with it.
    let meaning: String

    /// Creates a note.
    init(_ status: ExitStatus, _ meaning: String) {
        self.status = status
        self.meaning = meaning
    }
}
