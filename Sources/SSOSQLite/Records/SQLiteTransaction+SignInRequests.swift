import Foundation
import SSOLifecycle

extension SQLiteTransaction {
    private static let signInRequestColumns = """
        id, connection_id, organization_id, request_id, relay_state_hash, email, return_to, created_at, expires_at, \
        consumed_at, version
        """
    private static let insertSignInRequestSQL = """
        INSERT INTO sign_in_requests (\(signInRequestColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """
    private static let selectSignInRequestByRelayState = """
        SELECT \(signInRequestColumns) FROM sign_in_requests WHERE relay_state_hash = ?1
        """
    private static let updateSignInRequestSQL = """
        UPDATE sign_in_requests SET connection_id = ?2, organization_id = ?3, request_id = ?4, relay_state_hash = ?5,
            email = ?6, return_to = ?7, created_at = ?8, expires_at = ?9, consumed_at = ?10, version = version + 1
        WHERE id = ?1 AND version = ?11
        """
    /// The usual update (a request consumed): its indexed columns are unchanged, and SQLite
    /// rewrites the index entries of every indexed column an UPDATE sets, even to the same
    /// value. This one sets only the others and matches only when the indexed ones are equal;
    /// when it matches nothing, the full update decides (changed keys, or a stale version).
    private static let updateSignInRequestKeepingKeysSQL = """
        UPDATE sign_in_requests SET organization_id = ?3, request_id = ?4, email = ?6, return_to = ?7, created_at = ?8,
            consumed_at = ?10, version = version + 1
        WHERE id = ?1 AND version = ?11 AND connection_id = ?2 AND relay_state_hash = ?5 AND expires_at = ?9
        """
    private static let deleteExpiredSignInRequests = "DELETE FROM sign_in_requests WHERE expires_at < ?1"

    private static func readSignInRequest(_ row: SQLiteStatement) -> SignInRequest {
        SignInRequest(id: row.text(0), connectionID: row.text(1), organizationID: row.text(2), requestID: row.text(3),
                      relayStateHash: row.text(4), email: row.text(5), returnTo: row.text(6), createdAt: row.date(7),
                      expiresAt: row.date(8), consumedAt: row.optionalDate(9), version: row.integer(10))
    }

    private static func values(_ request: SignInRequest) -> [SQLiteValue] {
        [.text(request.id), .text(request.connectionID), .text(request.organizationID), .text(request.requestID),
         .text(request.relayStateHash), .text(request.email), .text(request.returnTo), .date(request.createdAt),
         .date(request.expiresAt), .optionalDate(request.consumedAt), .integer(request.version)]
    }

    func insertSignInRequest(_ request: SignInRequest) throws {
        try write(Self.insertSignInRequestSQL, Self.values(request),
                  duplicate: "A sign-in request with this id or RelayState already exists.",
                  missingParent: "The sign-in request's connection '\(request.connectionID)' does not exist.")
    }

    func signInRequest(relayStateHash: String) throws -> SignInRequest? {
        try reading().query(Self.selectSignInRequestByRelayState, [.text(relayStateHash)], Self.readSignInRequest).first
    }

    func updateSignInRequest(_ request: SignInRequest) throws -> SignInRequest {
        let values = Self.values(request)
        if try writing().run(Self.updateSignInRequestKeepingKeysSQL, values) == 1 {
            var stored = request
            stored.version += 1
            return stored
        }
        let changed = try write(Self.updateSignInRequestSQL, values,
                                duplicate: "Another sign-in request already has this RelayState.",
                                missingParent: "The sign-in request's connection '\(request.connectionID)' does not exist.")
        guard changed == 1 else { throw Self.conflict("The sign-in request '\(request.id)'") }
        var stored = request
        stored.version += 1
        return stored
    }

    func deleteSignInRequests(expiredBefore date: Date) throws -> Int {
        try writing().run(Self.deleteExpiredSignInRequests, [.date(date)])
    }
}
