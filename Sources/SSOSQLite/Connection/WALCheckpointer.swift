import CSQLite
import Foundation
import SSOLifecycle

/// Copies the write-ahead log back into the database file on a thread of its own, so that a
/// commit is only an append to the log.
///
/// SQLite's default runs a checkpoint inside the commit that takes the log past 1,000 pages:
/// that commit then copies the pages and waits for two `fsync`s, which on a sign-in finish
/// averaged more time than everything else the commit does. The store's writer connection
/// hands that work here instead (through `sqlite3_wal_hook`, which replaces the automatic
/// checkpoint): past ``backgroundPages`` the hook wakes this thread, which runs a `PASSIVE`
/// checkpoint on a connection of its own (it never blocks readers or the writer). Should the
/// log still reach ``inlinePages`` — the thread kept from running, or a long reader holding
/// old pages — the commit checkpoints inline as SQLite would have. Durability is unchanged:
/// a commit is in the log, synced as `synchronous=NORMAL` says, wherever the checkpoint runs.
///
/// The thread starts at the first request and stops when the store goes away.
final class WALCheckpointer: @unchecked Sendable {
    // @unchecked Sendable: every mutable property is guarded by `condition`.

    /// Log pages after which a commit asks for a background checkpoint (SQLite's own
    /// automatic checkpoint threshold).
    static let backgroundPages: Int32 = 1_000
    /// Log pages after which a commit checkpoints inline after all.
    static let inlinePages: Int32 = 16_000

    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var started = false
    /// Background checkpoints run (for tests).
    private var completed = 0

    /// Creates a checkpointer for the database at `path`; no thread runs yet.
    init(path: String) {
        self.path = path
    }

    /// Installs the hook on the store's writer connection.
    func attach(to writer: SQLiteConnection) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(writer.handle, { context, database, _, pages in
            guard let context else { return SQLITE_OK }
            if pages >= WALCheckpointer.inlinePages {
                // The commit has happened whatever this returns; a checkpoint that cannot run
                // now (another is running) must not turn it into a reported failure.
                _ = sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return SQLITE_OK
            }
            if pages >= WALCheckpointer.backgroundPages {
                Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
            }
            return SQLITE_OK
        }, context)
    }

    /// Removes the hook (the writer then keeps no pointer to this object).
    func detach(from writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.handle, nil, nil)
    }

    /// Asks for a checkpoint soon; starts the thread the first time.
    func request() {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        requested = true
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "SQLite checkpoints"
            thread.start()
        }
        condition.signal()
    }

    /// Stops the thread after the checkpoint in progress, if any.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// How many background checkpoints have run.
    var completedCheckpoints: Int {
        condition.lock()
        defer { condition.unlock() }
        return completed
    }

    private func run() {
        // Its own connection: a checkpoint must not run on a connection another thread uses.
        let connection = try? SQLiteConnection(path: path, readOnly: false, busyTimeout: .zero)
        while true {
            condition.lock()
            while !requested && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            requested = false
            condition.unlock()
            if let connection {
                _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            condition.lock()
            completed += 1
            condition.unlock()
        }
    }
}
