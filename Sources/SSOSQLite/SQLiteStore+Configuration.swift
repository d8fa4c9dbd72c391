extension SQLiteStore {
    /// How an ``SQLiteStore`` waits and how many connections it opens.
    public struct Configuration: Sendable, Equatable {
        /// How long a transaction waits for a lock another connection or process holds
        /// before failing with ``SSOLifecycle/StoreError/Kind/unavailable``. Five seconds by
        /// default.
        public var busyTimeout: Duration
        /// The most read connections the store opens, for read transactions running at the
        /// same time on several threads. Four by default; at least one.
        public var readerConnections: Int

        /// Creates settings.
        /// - Parameters:
        ///   - busyTimeout: How long to wait for a lock (5 s).
        ///   - readerConnections: The most read connections (4).
        public init(busyTimeout: Duration = .seconds(5), readerConnections: Int = 4) {
            self.busyTimeout = busyTimeout
            self.readerConnections = max(1, readerConnections)
        }
    }
}
