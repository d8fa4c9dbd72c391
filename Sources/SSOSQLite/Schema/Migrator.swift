import SSOLifecycle

/// Brings a database to ``Schema/currentVersion``: every missing migration in one
/// `BEGIN IMMEDIATE` transaction, so a crash mid-way leaves the old schema, and two processes
/// opening a new file at once migrate it once (the second sees the new version).
enum Migrator {
    /// Migrates the database behind `connection`, or checks that it needs nothing.
    /// - Parameters:
    ///   - connection: The write connection.
    ///   - path: The file, for messages.
    ///   - deadline: When to give up waiting for another process's lock.
    /// - Throws: ``StoreError/Kind/corrupt`` when the schema is newer than this code knows;
    ///   ``StoreError/Kind/failure`` for a database of another application; the SQLite
    ///   error of a failed migration (nothing of it is kept).
    static func migrate(_ connection: SQLiteConnection, path: String, until deadline: ContinuousClock.Instant) throws(StoreError) {
        // Most opens find the schema current: check without taking the write lock.
        if try check(connection, path: path) == Schema.currentVersion { return }
        try connection.begin("BEGIN IMMEDIATE", until: deadline)
        do {
            let version = try check(connection, path: path)
            for migration in Schema.migrations where migration.version > version {
                try connection.execute(script: migration.sql, doing: "migrate the schema to version \(migration.version) (\(migration.summary))")
            }
            if version < Schema.currentVersion {
                try connection.execute(script: """
                    PRAGMA application_id = \(Schema.applicationID);
                    PRAGMA user_version = \(Schema.currentVersion);
                    """, doing: "record the schema version")
            }
            try connection.commit()
        } catch {
            connection.rollback()
            throw error
        }
    }

    /// The stored schema version, after checking the file belongs to SelfServeSSO and is not
    /// newer than this code.
    private static func check(_ connection: SQLiteConnection, path: String) throws(StoreError) -> Int {
        let version = try connection.query("PRAGMA user_version") { $0.integer(0) }.first ?? 0
        let application = try connection.query("PRAGMA application_id") { $0.integer(0) }.first ?? 0
        guard application == Int(Schema.applicationID) || application == 0 else {
            throw StoreError(.failure, "'\(path)' is an SQLite database of another application (application id \(application)), not a SelfServeSSO store.")
        }
        if version > Schema.currentVersion {
            throw StoreError(.corrupt, "The SQLite store '\(path)' has schema version \(version), newer than this version of SelfServeSSO understands (\(Schema.currentVersion)): it was written by a newer release. Upgrade SelfServeSSO to use it.")
        }
        if version == 0 {
            let tables = try connection.query("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'") { $0.integer(0) }.first ?? 0
            guard tables == 0 else {
                throw StoreError(.failure, "'\(path)' is an SQLite database that already holds other tables and is not a SelfServeSSO store; give the store a file of its own.")
            }
        }
        return version
    }
}
