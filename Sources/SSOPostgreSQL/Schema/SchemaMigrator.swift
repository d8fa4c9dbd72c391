import Foundation
import SSOLifecycle

/// Brings the schema up to date once per store, before its first transaction.
///
/// Several processes may open one empty database at the same moment: each takes a
/// PostgreSQL session advisory lock keyed by the schema's name, then reads the version
/// recorded in `schema_migrations` and applies only what is missing, each migration in a
/// transaction of its own. So every migration runs once, whoever gets there first. A
/// database whose schema is newer than this code is refused (`corrupt`) rather than used.
final class SchemaMigrator: @unchecked Sendable {
    // @unchecked: `ready` is guarded by `stateLock`; `migrationLock` serializes the
    // migration within this process; the rest is immutable.
    private let stateLock = NSLock()
    private let migrationLock = NSLock()
    private var ready = false
    private let schema: StoreSchema
    private let store: String

    private let lockStatement = Statement(name: "sso_migration_lock", sql: "SELECT pg_advisory_lock(hashtextextended($1, 0))")
    private let unlockStatement = Statement(name: "sso_migration_unlock", sql: "SELECT pg_advisory_unlock(hashtextextended($1, 0))")
    private let tableStatement = Statement(name: "sso_migration_table", sql: "SELECT to_regclass($1) IS NOT NULL")
    private let recordStatement: Statement

    init(schema: StoreSchema, store: String) {
        self.schema = schema
        self.store = store
        recordStatement = Statement(name: "sso_migration_record_\(schema.name)",
            sql: "INSERT INTO \(schema.quoted).schema_migrations (version, description) VALUES ($1::integer, $2)")
    }

    /// Whether the schema was found or made current.
    var isReady: Bool { stateLock.withLock { ready } }

    /// Makes the schema current, unless it already is.
    /// - Throws: `unavailable` when the server cannot be reached or the lock not taken in
    ///   time, `corrupt` when the schema is newer than this code, `failure` otherwise (for
    ///   example a role without the right to create the schema).
    func ensureCurrent(worker: PoolWorker, deadline: Deadline) throws(StoreError) {
        if isReady { return }
        guard migrationLock.lock(before: Date(timeIntervalSinceNow: deadline.remaining)) else {
            throw StoreError(.unavailable, "The schema of \(store) was still being prepared by another transaction at the operation's time-out.")
        }
        defer { migrationLock.unlock() }
        if isReady { return }
        do {
            let connection = try worker.openConnection(deadline: deadline)
            if try currentVersion(connection, deadline: deadline) != schema.latestVersion {
                try migrate(connection, deadline: deadline)
            }
        } catch let error as DatabaseFailure {
            if error.losesConnection { worker.discardConnection() }
            throw error.storeError(store: store)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.failure, "Preparing the schema of \(store) failed: \(error)")
        }
        stateLock.withLock { ready = true }
    }

    /// The recorded version, or nil when the migrations table does not exist.
    private func currentVersion(_ connection: DatabaseConnection, deadline: Deadline) throws(DatabaseFailure) -> Int? {
        let exists = try connection.execute(tableStatement, ["\(schema.quoted).schema_migrations"], deadline: deadline)
        guard exists.boolean(0, 0) == true else { return nil }
        let version = try connection.execute("SELECT coalesce(max(version), 0) FROM \(schema.quoted).schema_migrations", deadline: deadline)
        return version?.integer(0, 0) ?? 0
    }

    private func migrate(_ connection: DatabaseConnection, deadline: Deadline) throws {
        let key = "selfservesso-migrations:" + schema.name
        _ = try connection.execute(lockStatement, [key], deadline: deadline)
        defer { _ = try? connection.execute(unlockStatement, [key], deadline: .after(2)) }
        try connection.execute("""
            CREATE SCHEMA IF NOT EXISTS \(schema.quoted);
            CREATE TABLE IF NOT EXISTS \(schema.quoted).schema_migrations (
                version integer PRIMARY KEY,
                description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL DEFAULT current_user
            )
            """, deadline: deadline)
        let current = try currentVersion(connection, deadline: deadline) ?? 0
        guard current <= schema.latestVersion else {
            throw StoreError(.corrupt, "The SelfServeSSO schema '\(schema.name)' on \(store) is at version \(current), newer than the \(schema.latestVersion) this code knows. Upgrade SelfServeSSO on this server before using that database.")
        }
        for migration in schema.migrations where migration.version > current {
            do {
                try connection.execute("BEGIN", deadline: deadline)
                try connection.execute(migration.sql, deadline: deadline)
                _ = try connection.execute(recordStatement, [String(migration.version), migration.description], deadline: deadline)
                try connection.execute("COMMIT", deadline: deadline)
            } catch {
                if connection.isOpen { _ = try? connection.execute("ROLLBACK", deadline: .after(2)) }
                throw error
            }
        }
    }
}
