import CPostgreSQL
import Foundation
import SSOLifecycle

/// A checked connection string: what libpq is given, a description that names no password,
/// and the secrets every message must hide.
struct ConnectionSettings: Sendable {
    /// The string as the host gave it (it may hold the password: never shown).
    let connectionString: String
    /// `database 'sso' on 127.0.0.1:5432 as 'sso'`: for messages.
    let description: String
    /// Masks the password (from the URL, a `password=` keyword or `PGPASSWORD`).
    let redaction: SecretRedaction
    /// Options placed before the host's string (the string may override them) and after it
    /// (it may not), for `PQconnectStartParams` with `expand_dbname`.
    let defaults: [(String, String)]
    let overrides: [(String, String)]

    /// Parses a `postgresql://` URL or a libpq keyword/value string.
    /// - Parameters:
    ///   - connectionString: The string.
    ///   - connectTimeout: Seconds; libpq's `connect_timeout` unless the string sets one.
    ///   - applicationName: libpq's `application_name` unless the string sets one.
    /// - Throws: `StoreError` (`failure`) with libpq's reason, quoted pieces masked.
    init(_ connectionString: String, connectTimeout: Double, applicationName: String) throws(StoreError) {
        let environmentPassword = ProcessInfo.processInfo.environment["PGPASSWORD"]
        guard !connectionString.utf8.contains(0) else {
            throw StoreError(.failure, "The PostgreSQL connection string contains a NUL character.")
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "libpq could not read it"
            if let errorMessage { PQfreemem(errorMessage) }
            let masked = SecretRedaction(secrets: [environmentPassword].compactMap { $0 })
                .redact(SecretRedaction.redactQuotedPieces(reason, keeping: Self.knownKeywords))
            throw StoreError(.failure,
                "The PostgreSQL connection string is neither a postgresql:// URL nor a keyword=value string libpq accepts: \(masked.trimmingCharacters(in: .whitespacesAndNewlines)). Check its quoting and percent-encoding (a password with @, : or / must be percent-encoded in a URL).")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option = option.advanced(by: 1)
        }
        self.connectionString = connectionString
        redaction = SecretRedaction(secrets: [values["password"], environmentPassword].compactMap { $0 })
        let host = values["host"] ?? values["hostaddr"] ?? "the default host"
        let port = values["port"].map { ":\($0)" } ?? ""
        let database = values["dbname"].map { "database '\($0)'" } ?? "the default database"
        let user = values["user"].map { " as '\($0)'" } ?? ""
        description = redaction.redact("PostgreSQL \(database) on \(host)\(port)\(user)")
        let timeout = String(max(2, Int(connectTimeout.rounded(.up))))
        defaults = [("connect_timeout", timeout), ("application_name", applicationName),
                    // A server that vanishes without closing the socket is noticed by the
                    // kernel within about a minute even on an idle pooled connection.
                    ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"),
                    ("keepalives_count", "3")]
        // Swift strings are UTF-8: the store never asks the server for another encoding.
        overrides = [("client_encoding", "UTF8")]
    }

    /// Option names libpq knows (kept in parse errors: they are not secrets, and they say
    /// what was wrong).
    static let knownKeywords: Set<String> = {
        var names: Set<String> = []
        guard let options = PQconndefaults() else { return names }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            names.insert(String(cString: keyword))
            option = option.advanced(by: 1)
        }
        names.remove("password")
        return names
    }()
}
