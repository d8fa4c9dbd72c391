extension PostgreSQLStore {
    /// How a ``PostgreSQLStore`` connects, waits and caches. The defaults suit a web server
    /// handling sign-ins: every call ends, successfully or with an `unavailable` error, within
    /// ``operationTimeout``.
    public struct Options: Sendable, Equatable {
        /// The PostgreSQL schema (namespace) holding the store's tables, created on first use:
        /// 1–63 lower-case letters, digits and underscores, starting with a letter. Its own
        /// schema keeps the store's tables (`organizations`, `domains`, `connections`, …) apart
        /// from the host's. Default `selfservesso`.
        public var schema: String
        /// The most connections (each with a thread of its own) this store opens. Default 8.
        public var maximumConnections: Int
        /// Seconds a connection attempt may take (libpq's `connect_timeout`, and the client's
        /// own limit on the attempt). Default 5.
        public var connectTimeout: Double
        /// Seconds a statement may run on the server (`statement_timeout`, also used as
        /// `lock_timeout`). Default 5.
        public var statementTimeout: Double
        /// Seconds one ``PostgreSQLStore/transaction(_:_:)`` call may take in all: waiting for
        /// a connection, connecting, every statement and every retry. A server that stops
        /// answering cannot hold a caller longer. Default 10.
        public var operationTimeout: Double
        /// How many times, at most, a write transaction runs when PostgreSQL keeps reporting
        /// serialization failures or deadlocks (retries also stop at ``operationTimeout``).
        /// Default 100: on a hot record, many writers may each need several runs.
        public var maximumTransactionAttempts: Int
        /// Whether read transactions may answer from the per-process cache of what sign-ins
        /// read (routes, connections, domains, organizations), kept current across servers
        /// with LISTEN/NOTIFY. Default true.
        public var cachesSignInSettings: Bool
        /// The most entries of each kind the cache holds (routes, connections, domain lists,
        /// organizations). Default 100,000.
        public var cacheCapacity: Int
        /// The most bytes of connection records the cache holds. Default 64 MiB.
        public var cacheConnectionBytes: Int
        /// libpq's `application_name` unless the connection string sets one (it shows in
        /// `pg_stat_activity`). Default `selfservesso`.
        public var applicationName: String

        /// Creates options.
        /// - Parameters:
        ///   - schema: The PostgreSQL schema for the tables.
        ///   - maximumConnections: The pool's size.
        ///   - connectTimeout: Seconds per connection attempt.
        ///   - statementTimeout: Seconds per statement, on the server.
        ///   - operationTimeout: Seconds per transaction call, in all.
        ///   - maximumTransactionAttempts: Runs of a transaction that keeps failing to serialize.
        ///   - cachesSignInSettings: Whether reads use the per-process cache.
        ///   - cacheCapacity: Entries of each kind in the cache.
        ///   - cacheConnectionBytes: Bytes of connection records in the cache.
        ///   - applicationName: The default `application_name`.
        public init(schema: String = "selfservesso", maximumConnections: Int = 8, connectTimeout: Double = 5,
                    statementTimeout: Double = 5, operationTimeout: Double = 10, maximumTransactionAttempts: Int = 100,
                    cachesSignInSettings: Bool = true, cacheCapacity: Int = 100_000,
                    cacheConnectionBytes: Int = 64 << 20, applicationName: String = "selfservesso") {
            self.schema = schema
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
            self.statementTimeout = statementTimeout
            self.operationTimeout = operationTimeout
            self.maximumTransactionAttempts = maximumTransactionAttempts
            self.cachesSignInSettings = cachesSignInSettings
            self.cacheCapacity = cacheCapacity
            self.cacheConnectionBytes = cacheConnectionBytes
            self.applicationName = applicationName
        }
    }
}
