import Foundation
import SSOLifecycle

extension SQLiteTransaction {
    /// One statement, so the check and the write cannot be separated: a new ID is inserted;
    /// a known one is taken over only when its expiry has passed. `changes()` then says which.
    private static let recordAssertionIDSQL = """
        INSERT INTO assertion_ids (issuer, id, expires_at) VALUES (?1, ?2, ?3)
        ON CONFLICT (issuer, id) DO UPDATE SET expires_at = excluded.expires_at
        WHERE assertion_ids.expires_at <= ?4
        """
    /// A few long-expired IDs go each time one is recorded, so the table stays the size of
    /// the IDs still remembered (the protocol has no housekeeping call for them).
    private static let purgeAssertionIDsSQL = """
        DELETE FROM assertion_ids WHERE (issuer, id) IN
            (SELECT issuer, id FROM assertion_ids WHERE expires_at <= ?1 ORDER BY expires_at LIMIT 16)
        """
    /// How long after its expiry an ID is kept anyway: servers whose clocks disagree by less
    /// than this still see it, so none of them can be made to accept a replay by another's
    /// clean-up.
    private static let purgeMargin: TimeInterval = 24 * 60 * 60

    func recordAssertionID(_ id: String, issuer: String, expiresAt: Date, now: Date) throws -> Bool {
        let connection = try writing()
        let recorded = try connection.run(Self.recordAssertionIDSQL,
                                          [.text(issuer), .text(id), .date(expiresAt), .date(now)]) == 1
        try connection.run(Self.purgeAssertionIDsSQL, [.date(now.addingTimeInterval(-Self.purgeMargin))])
        return recorded
    }
}
