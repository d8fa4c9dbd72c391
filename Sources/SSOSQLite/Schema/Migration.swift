/// One step of the schema's history: the SQL that takes a database from `version - 1` to
/// `version`. Published migrations never change; a new schema is a new migration.
struct Migration {
    /// The schema version this migration produces (`PRAGMA user_version` after it).
    let version: Int
    /// What it does, for people reading the history.
    let summary: String
    /// The statements, run in the migrating transaction.
    let sql: String
}
