import Foundation
import SSOLifecycle

extension SQLiteTransaction {
    // MARK: Attempts

    private static let attemptColumns = """
        id, at, kind, outcome, organization_id, connection_id, test_run_id, email, failures, details
        """
    private static let insertAttemptSQL = """
        INSERT INTO attempts (\(attemptColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """
    private static let selectAttempts = """
        SELECT \(attemptColumns) FROM attempts WHERE organization_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2
        """
    private static let deleteAttemptsSQL = "DELETE FROM attempts WHERE at < ?1"

    private static func readAttempt(_ row: SQLiteStatement, _ coding: RecordCoding) throws(StoreError) -> AttemptRecord {
        let id = row.text(0)
        return AttemptRecord(id: id, at: row.date(1),
                             kind: try row.value(AttemptRecord.Kind.self, 2, "kind of the attempt '\(id)'"),
                             outcome: try row.value(AttemptRecord.Outcome.self, 3, "outcome of the attempt '\(id)'"),
                             organizationID: row.optionalText(4), connectionID: row.optionalText(5),
                             testRunID: row.optionalText(6), email: row.optionalText(7),
                             failures: try row.json([SignInFailure].self, 8, coding, "failures of the attempt '\(id)'"),
                             details: try row.json([String: String].self, 9, coding, "details of the attempt '\(id)'"))
    }

    func appendAttempt(_ attempt: AttemptRecord) throws {
        let coding = try writing().coding
        let values: [SQLiteValue] = [
            .text(attempt.id), .date(attempt.at), .text(attempt.kind.rawValue), .text(attempt.outcome.rawValue),
            .optionalText(attempt.organizationID), .optionalText(attempt.connectionID), .optionalText(attempt.testRunID), .optionalText(attempt.email),
            .text(attempt.failures.isEmpty ? "[]" : try coding.encode(attempt.failures, "the attempt's failures")),
            .text(RecordCoding.encode(attempt.details)),
        ]
        try write(Self.insertAttemptSQL, values, duplicate: "An attempt with the id '\(attempt.id)' already exists.",
                  missingParent: "The attempt refers to a record that does not exist.")
    }

    func attempts(organizationID: String, limit: Int) throws -> [AttemptRecord] {
        let connection = try reading()
        return try connection.query(Self.selectAttempts, [.text(organizationID), Self.limit(limit)]) { row throws(StoreError) in
            try Self.readAttempt(row, connection.coding)
        }
    }

    func deleteAttempts(before date: Date) throws -> Int {
        try writing().run(Self.deleteAttemptsSQL, [.date(date)])
    }

    // MARK: Audit

    private static let auditColumns = "id, at, organization_id, actor, action, target, before, after"
    private static let insertAuditSQL = "INSERT INTO audit (\(auditColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    private static let selectAudit = """
        SELECT \(auditColumns) FROM audit WHERE organization_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2
        """

    private static func readAudit(_ row: SQLiteStatement) -> AuditEntry {
        AuditEntry(id: row.text(0), at: row.date(1), organizationID: row.optionalText(2), actor: row.text(3),
                   action: row.text(4), target: row.optionalText(5), before: row.optionalText(6), after: row.optionalText(7))
    }

    func appendAudit(_ entry: AuditEntry) throws {
        let values: [SQLiteValue] = [
            .text(entry.id), .date(entry.at), .optionalText(entry.organizationID), .text(entry.actor), .text(entry.action),
            .optionalText(entry.target), .optionalText(entry.before), .optionalText(entry.after),
        ]
        try write(Self.insertAuditSQL, values, duplicate: "An audit entry with the id '\(entry.id)' already exists.",
                  missingParent: "The audit entry refers to a record that does not exist.")
    }

    func auditEntries(organizationID: String, limit: Int) throws -> [AuditEntry] {
        try reading().query(Self.selectAudit, [.text(organizationID), Self.limit(limit)], Self.readAudit)
    }
}
