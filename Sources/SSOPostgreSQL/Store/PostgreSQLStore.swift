import Foundation
import SAML
import SSOLifecycle

/// A ``LifecycleStore`` in a PostgreSQL database, shared by every server of a host that runs
/// behind a load balancer: a response replayed to another server is refused, a test run
/// started on one server completes on another, and a change made on one is seen by all.
///
/// ```swift
/// let store = try PostgreSQLStore(connectionString: "postgresql://sso@db.internal/app?sslmode=verify-full")
/// let lifecycle = SelfServeLifecycle(registry: registry, store: store, settings: settings)
/// ```
///
/// ## Connecting
/// The connection string is a `postgresql://` URL or a libpq keyword/value string, passed to
/// libpq as is (so `sslmode`, `sslrootcert`, `target_session_attrs`, several hosts, … work as
/// libpq documents them). The password comes from the URL, from `PGPASSFILE` (or
/// `~/.pgpass`), or from `PGPASSWORD`; no message or log of this store ever contains it.
/// Creating a store does no I/O: the first transaction (or ``prepare()``) connects and
/// brings the schema up to date.
///
/// ## Schema
/// The tables live in their own PostgreSQL schema (``Options/schema``), versioned in
/// `schema_migrations`; migrations run once even when several servers start at the same
/// moment (they take an advisory lock). The protocol's constraints are the database's:
/// a partial unique index allows one verified owner per domain; RelayState and setup-link
/// token hashes are unique; the assertion replay record is keyed by (issuer, ID) and written
/// with one atomic `INSERT … ON CONFLICT … DO UPDATE … WHERE expired`; a trigger makes the
/// audit log append-only; updates check the record's version in their `WHERE` clause.
///
/// ## Transactions
/// Writes run `SERIALIZABLE` and are run again when PostgreSQL reports a serialization
/// failure or a deadlock (the protocol allows the body to run more than once); reads run
/// `REPEATABLE READ READ ONLY`. A lost connection is re-established and the transaction
/// run again only when nothing can have been committed; a connection lost during `COMMIT`
/// is reported as `unavailable` with a message saying the outcome is unknown.
///
/// ## Threads and time-outs
/// libpq blocks, so its calls run on the store's own threads (one per pooled connection,
/// ``Options/maximumConnections``), never on Swift's cooperative pool. Every call ends within
/// ``Options/operationTimeout``; statements also have a server-side `statement_timeout`.
///
/// ## Cache
/// Read transactions answer sign-ins' questions (routes, connections, an organization's
/// domains, organizations) from a per-process cache, emptied by a `NOTIFY` the database
/// sends on every change to those tables, so a deactivation on one server stops sign-ins on
/// the others within a second. A read the cache answers whole runs inline, on the caller's
/// task, with no round trip; at the first read it cannot answer, the transaction runs on a
/// pooled connection instead. Write transactions never read it. The cache is used only
/// while the store is listening; when that connection is lost the cache is emptied and off
/// until listening resumes. ``Options/cachesSignInSettings`` turns it off.
public final class PostgreSQLStore: LifecycleStore, CustomStringConvertible {
    /// The options the store was created with.
    public let options: Options
    private let settings: ConnectionSettings
    private let schema: StoreSchema
    private let session: SessionSettings
    private let pool: ConnectionPool
    private let cache: SettingsCache?
    private let listener: ChangeListener?
    private let runner: TransactionRunner
    private let counters = RetryCounters()

    /// Creates a store; no connection is made yet.
    /// - Parameters:
    ///   - connectionString: A `postgresql://` (or `postgres://`) URL, or a libpq
    ///     keyword/value string such as `host=db.internal dbname=app user=sso sslmode=require`.
    ///   - options: Schema, pool size, time-outs and cache settings.
    /// - Throws: ``StoreError`` (`failure`) for a connection string libpq cannot parse, or
    ///   options out of range. The message never contains the password.
    public init(connectionString: String, options: Options = Options()) throws(StoreError) {
        // Its threads may be inside libcrypto (SCRAM, TLS) when the host exits.
        CryptoLibrary.skipCleanupAtExit()
        guard options.maximumConnections >= 1, options.maximumTransactionAttempts >= 1,
              options.connectTimeout > 0, options.statementTimeout > 0, options.operationTimeout > 0 else {
            throw StoreError(.failure, "PostgreSQL store options out of range: the connection count and transaction attempts must be at least 1, and every time-out positive.")
        }
        self.options = options
        settings = try ConnectionSettings(connectionString, connectTimeout: options.connectTimeout,
                                          applicationName: options.applicationName)
        schema = try StoreSchema(name: options.schema)
        session = SessionSettings(
            statementTimeoutMilliseconds: max(1, Int(options.statementTimeout * 1000)),
            idleInTransactionTimeoutMilliseconds: max(60_000, Int(options.operationTimeout * 2000)))
        pool = ConnectionPool(settings: settings, session: session, connectTimeout: options.connectTimeout,
                              maximumWorkers: options.maximumConnections)
        if options.cachesSignInSettings {
            let cache = SettingsCache(capacity: options.cacheCapacity, connectionByteBudget: options.cacheConnectionBytes)
            self.cache = cache
            listener = ChangeListener(settings: settings, session: session, schema: schema, cache: cache,
                                      connectTimeout: options.connectTimeout)
        } else {
            cache = nil
            listener = nil
        }
        runner = TransactionRunner(statements: StoreStatements(schema: schema), cache: cache,
                                   migrator: SchemaMigrator(schema: schema, store: settings.description),
                                   store: settings.description, maximumAttempts: options.maximumTransactionAttempts,
                                   counters: counters)
        listener?.start()
    }

    deinit {
        close()
    }

    /// `PostgreSQL database 'app' on db.internal:5432 as 'sso'` (never the password).
    public var description: String { settings.description }

    /// Runs `body` in one transaction on one of the store's connections.
    /// - Parameters:
    ///   - mode: `read` (`REPEATABLE READ READ ONLY`, may answer from the cache) or `write`
    ///     (`SERIALIZABLE`, retried on serialization failures).
    ///   - body: The work; it may run more than once when the store retries.
    /// - Returns: What `body` returned.
    /// - Throws: ``StoreError`` for a store failure or conflict (`unavailable` when the
    ///   server cannot be reached or does not answer in time), or whatever `body` threw.
    public func transaction<Result: Sendable>(_ mode: StoreTransactionMode,
                                              _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        if mode == .read, let cache, cache.isEnabled {
            // Answered from the cache alone, inline, when it can be (see CachedReadTransaction).
            let cached = CachedReadTransaction(cache: cache)
            let outcome = Swift.Result { try body(cached) }
            if !cached.missed { return try outcome.get() }
        }
        return try await runOnPool(mode, body)
    }

    /// Runs a transaction on a pool worker (never from the cache alone).
    private func runOnPool<Result: Sendable>(_ mode: StoreTransactionMode,
                                             _ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        let deadline = Deadline.after(options.operationTimeout)
        let runner = runner
        return try await withoutActuallyEscaping(body) { body in
            try await pool.run(deadline: deadline) { worker in
                try runner.run(mode, body, on: worker, deadline: deadline)
            }
        }
    }

    /// Connects and brings the schema up to date now, rather than on the first transaction:
    /// for a host that wants a misconfigured database to stop it at start-up.
    /// - Throws: ``StoreError``: `unavailable` when the server cannot be reached, `corrupt`
    ///   when its schema is newer than this code, `failure` when the role may not create it.
    public func prepare() async throws(StoreError) {
        do {
            _ = try await runOnPool(.read) { _ in true }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.failure, "\(error)")
        }
    }

    /// Closes every connection and stops the store's threads. Transactions waiting for a
    /// connection fail with `unavailable`; those running finish first. Returns once the
    /// change listener's thread has ended (promptly, unless it is connecting: then at most
    /// the connect time-out). Called on `deinit`.
    public func close() {
        listener?.stop()
        pool.close()
    }

    // MARK: - For this package's tests and benchmark

    /// Whether the cache is on (the change listener is connected).
    package var isListeningForChanges: Bool { cache?.isEnabled ?? false }

    /// Whether the change listener's thread has ended (true when there is none).
    package var listenerHasEnded: Bool { listener?.hasEnded ?? true }

    /// Serialization retries and reconnections so far.
    package var retryCounts: (serializationRetries: Int, reconnections: Int) { counters.snapshot }

    /// The SQL of the route look-up (tests check its plan).
    package var routeLookUpSQL: String { runner.statements.route.sql }

    /// Drops the store's schema and everything in it (tests create one schema each).
    package func dropSchema() async throws {
        let quoted = schema.quoted
        let store = settings.description
        let deadline = Deadline.after(options.operationTimeout)
        try await pool.run(deadline: deadline) { worker in
            do {
                let connection = try worker.openConnection(deadline: deadline)
                try connection.execute("DROP SCHEMA IF EXISTS \(quoted) CASCADE", deadline: deadline)
            } catch let error as DatabaseFailure {
                throw error.storeError(store: store)
            }
        }
    }

    /// Closes the store, then drops its schema through a connection of its own, on a thread
    /// of its own (for a test's clean-up from a `deinit` or a synchronous hook, where nothing
    /// can be awaited and Swift's cooperative threads must not block). Returns at once.
    package func closeAndDropSchema() {
        close()
        let settings = settings
        let session = session
        let quoted = schema.quoted
        let timeout = options.operationTimeout
        Thread {
            let deadline = Deadline.after(timeout)
            guard let connection = try? DatabaseConnection.open(settings, session: session, deadline: deadline) else { return }
            _ = try? connection.execute("DROP SCHEMA IF EXISTS \(quoted) CASCADE", deadline: deadline)
            connection.close()
        }.start()
    }

    /// Runs SQL text as is, outside any store transaction (tests inspect or damage the
    /// database with it; the benchmark fills it). Returns the rows of the last statement as
    /// text.
    package func execute(sql: String) async throws -> [[String?]] {
        let store = settings.description
        let deadline = Deadline.after(options.operationTimeout)
        return try await pool.run(deadline: deadline) { worker in
            do {
                let connection = try worker.openConnection(deadline: deadline)
                guard let result = try connection.execute(sql, deadline: deadline) else { return [] }
                return (0..<result.count).map { row in
                    (0..<result.columnCount).map { result.string(row, $0) }
                }
            } catch let error as DatabaseFailure {
                throw error.storeError(store: store)
            }
        }
    }
}
