import SSOLifecycle

/// Why a statement or a connection attempt failed, classified for the retry rules: whether
/// the connection is gone, whether the server asked for the transaction to be run again.
/// Its message is already redacted.
struct DatabaseFailure: Error, Sendable {
    enum Cause: Sendable, Equatable {
        /// The server answered with an error (SQLSTATE in ``sqlState``).
        case server
        /// The connection broke (socket closed, server shut down or crashed).
        case connectionLost
        /// No connection could be made.
        case connectFailed
        /// The client-side deadline passed before the server answered.
        case deadlineExceeded
    }

    let cause: Cause
    /// The five-character SQLSTATE for ``Cause/server`` (and for a server shutdown).
    let sqlState: String?
    /// The constraint a `23xxx` error names, if any.
    let constraint: String?
    /// What libpq or the server said, with secrets masked.
    let message: String

    init(_ cause: Cause, sqlState: String? = nil, constraint: String? = nil, message: String) {
        self.cause = cause
        self.sqlState = sqlState
        self.constraint = constraint
        self.message = message
    }

    /// A serialization failure or a deadlock: the transaction certainly did not commit and
    /// running it again may succeed.
    var asksForRetry: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection cannot be used any more: admin or crash shutdown, class 08, or a
    /// broken socket. What was not committed was rolled back by the server.
    var losesConnection: Bool {
        switch cause {
        case .connectionLost, .connectFailed, .deadlineExceeded:
            return true
        case .server:
            guard let sqlState else { return false }
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        }
    }

    /// The failure as a ``StoreError``, for `store` (its description in messages).
    func storeError(store: String) -> StoreError {
        switch cause {
        case .connectFailed:
            return StoreError(.unavailable, "Could not connect to \(store): \(message)")
        case .connectionLost:
            return StoreError(.unavailable, "The connection to \(store) was lost: \(message) Nothing was committed.")
        case .deadlineExceeded:
            return StoreError(.unavailable, "\(store) did not answer in time (\(message)); the connection was closed and nothing was committed.")
        case .server:
            break
        }
        let state = sqlState ?? "?"
        if losesConnection {
            return StoreError(.unavailable, "\(store) is shutting down or restarting (SQLSTATE \(state)): \(message) Nothing was committed.")
        }
        if asksForRetry {
            return StoreError(.conflict, "The transaction kept colliding with concurrent ones on \(store) (SQLSTATE \(state)) and was not committed; try again.")
        }
        switch state {
        case "57014", "55P03":
            return StoreError(.unavailable, "\(store) cancelled a statement that ran past its time-out (SQLSTATE \(state)); nothing was committed.")
        case "53300", "53400":
            return StoreError(.unavailable, "\(store) refuses more connections (SQLSTATE \(state)): \(message)")
        case "23505":
            return StoreError(.duplicate, "\(store) refused a duplicate key\(constraint.map { " (\($0))" } ?? ""): \(message)")
        case "42P01", "42703", "42883":
            return StoreError(.corrupt, "The SelfServeSSO tables on \(store) are missing or not as this version expects (SQLSTATE \(state)): \(message)")
        default:
            if state.hasPrefix("53") || state.hasPrefix("58") || state == "XX000" {
                return StoreError(.unavailable, "\(store) failed (SQLSTATE \(state)): \(message)")
            }
            if state.hasPrefix("23") {
                return StoreError(.constraint, "\(store) refused the write (SQLSTATE \(state)): \(message)")
            }
            return StoreError(.failure, "\(store) refused a statement (SQLSTATE \(state)): \(message)")
        }
    }
}
