/// One pool thread's state: its connection, opened on first use and reopened after a loss.
/// Used only on the worker's own thread, so it needs no lock.
final class PoolWorker {
    private let settings: ConnectionSettings
    private let session: SessionSettings
    private let connectTimeout: Double
    private var connection: DatabaseConnection?

    init(settings: ConnectionSettings, session: SessionSettings, connectTimeout: Double) {
        self.settings = settings
        self.session = session
        self.connectTimeout = connectTimeout
    }

    /// The worker's open connection, connecting first when there is none or it broke.
    /// - Parameter deadline: The operation's deadline (a connection attempt also stops at
    ///   the connect time-out).
    func openConnection(deadline: Deadline) throws(DatabaseFailure) -> DatabaseConnection {
        if let connection, connection.isOpen { return connection }
        discardConnection()
        let opened = try DatabaseConnection.open(settings, session: session, deadline: min(deadline, .after(connectTimeout)))
        connection = opened
        return opened
    }

    /// Closes the connection (after a loss, or when a statement's state is unknown).
    func discardConnection() {
        connection?.close()
        connection = nil
    }
}
