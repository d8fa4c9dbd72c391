import Foundation

/// A thread of its own holding one connection that `LISTEN`s for the schema's change
/// notifications and empties the ``SettingsCache`` on each. The cache is on only while this
/// connection is up: when it is lost (or a health check goes unanswered) the cache is
/// emptied and turned off, and the listener reconnects with a growing pause.
final class ChangeListener: @unchecked Sendable {
    // @unchecked: `started`, `stopped` and `ended` are guarded by `lock`; everything else is
    // immutable, thread-safe (`finished`), or used only on the listener's own thread (the
    // connection lives in `run()`'s frame).
    private let lock = NSLock()
    private var started = false
    private var stopped = false
    private var ended = false
    /// Signalled once when the thread's loop has returned and its connection is closed.
    private let finished = DispatchSemaphore(value: 0)
    private let settings: ConnectionSettings
    private let session: SessionSettings
    private let schema: StoreSchema
    private let cache: SettingsCache
    private let connectTimeout: Double

    /// How long the socket may stay silent before the listener checks the server answers.
    private let healthCheckInterval: Double = 5
    /// The most time one health check may take.
    private let healthCheckTimeout: Double = 3

    init(settings: ConnectionSettings, session: SessionSettings, schema: StoreSchema, cache: SettingsCache,
         connectTimeout: Double) {
        self.settings = settings
        self.session = session
        self.schema = schema
        self.cache = cache
        self.connectTimeout = connectTimeout
    }

    /// Starts the thread.
    func start() {
        lock.withLock { started = true }
        let thread = Thread { [self] in
            run()
            lock.withLock { ended = true }
            finished.signal()
        }
        thread.name = "SelfServeSSO PostgreSQL listener"
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Turns the cache off and ends the thread, returning once it has closed its connection:
    /// within a quarter of a second while listening, or once a connection attempt or health
    /// check under way gives up (their time-outs bound the wait). Later calls return at once.
    func stop() {
        let wasRunning = lock.withLock {
            defer { stopped = true }
            return started && !stopped
        }
        cache.setEnabled(false)
        guard wasRunning else { return }
        _ = finished.wait(timeout: .now() + connectTimeout + healthCheckTimeout + 1)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Whether the thread has finished (its connection closed).
    var hasEnded: Bool { lock.withLock { ended } }

    private func run() {
        var pause = 0.1
        while !isStopped {
            if listenUntilLost() { pause = 0.1 }
            cache.setEnabled(false)
            // Sleep in short steps so that stop() is honoured promptly.
            let wake = Deadline.after(pause)
            while !isStopped, !wake.hasPassed { Thread.sleep(forTimeInterval: min(0.05, wake.remaining)) }
            pause = min(pause * 2, 2)
        }
        cache.setEnabled(false)
    }

    /// Connects, listens and empties the cache on every notification for this schema.
    /// - Returns: Whether listening had begun before the connection was lost.
    private func listenUntilLost() -> Bool {
        let connection: DatabaseConnection
        do {
            connection = try DatabaseConnection.open(settings, session: session, deadline: .after(connectTimeout))
            // Named apart in pg_stat_activity, so an operator can tell it from the pool.
            try connection.execute("SELECT set_config('application_name', left(current_setting('application_name'), 50) || ' (listener)', false); "
                + "LISTEN \(StoreSchema.channel)", deadline: .after(connectTimeout))
        } catch {
            return false
        }
        defer { connection.close() }
        cache.setEnabled(true)
        let prefix = schema.name + "|"

        var nextCheck = Deadline.after(healthCheckInterval)
        while !isStopped {
            do {
                let received = try connection.notifications(waitingUpTo: 250)
                if received.contains(where: { $0.channel == StoreSchema.channel && $0.payload.hasPrefix(prefix) }) {
                    cache.invalidateAll()
                }
                if !received.isEmpty { nextCheck = .after(healthCheckInterval) }
                if nextCheck.hasPassed {
                    // A server that stopped without closing the socket sends nothing: ask.
                    try connection.execute("SELECT 1", deadline: .after(healthCheckTimeout))
                    nextCheck = .after(healthCheckInterval)
                }
            } catch {
                return true
            }
        }
        return true
    }
}
