/// The store's tables, indexes and triggers, as the list of migrations that builds them.
///
/// Conventions: dates are `REAL` seconds since 2001-01-01 UTC (exactly a `Date`'s value);
/// booleans are 0 or 1; enumerations are their raw values; structured values are JSON text
/// (see ``RecordCoding``). Uniqueness rules the lifecycle depends on are indexes, so they
/// hold across processes: one verified owner per domain (a partial unique index), single use
/// of RelayStates, setup-link tokens and assertion IDs.
enum Schema {
    /// `PRAGMA application_id` of a SelfServeSSO store ("SSO1"): a database of another
    /// application is refused instead of having tables added to it.
    static let applicationID: Int32 = 0x5353_4F31

    /// Every migration, in order; the last one's version is the current schema version.
    static let migrations: [Migration] = [
        Migration(version: 1, summary: "The lifecycle's records", sql: """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE organizations (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                sso_allowed INTEGER NOT NULL,
                created_at REAL NOT NULL,
                version INTEGER NOT NULL
            ) WITHOUT ROWID;

            -- WITHOUT ROWID: the verified-name index then carries the organization id (the
            -- primary key), so a route look-up reads the index alone.
            CREATE TABLE domains (
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                record_name TEXT NOT NULL,
                record_value TEXT NOT NULL,
                challenge_expires_at REAL NOT NULL,
                verified_at REAL,
                created_at REAL NOT NULL,
                last_check TEXT,
                version INTEGER NOT NULL,
                PRIMARY KEY (organization_id, name)
            ) WITHOUT ROWID;
            -- One verified owner per domain name, enforced by the database. `status` is the
            -- same in every row of this partial index, so (name, status) is unique exactly when
            -- name is; with it the index covers the route look-up.
            CREATE UNIQUE INDEX domains_verified_name ON domains (name, status) WHERE status = 'verified';

            CREATE TABLE connections (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                provider_id TEXT NOT NULL,
                status TEXT NOT NULL,
                configuration TEXT,
                -- NULL when live_is_configuration = 1: the usual case, where the live
                -- configuration is the saved one, is kept once (half the row).
                live_configuration TEXT,
                live_is_configuration INTEGER NOT NULL,
                -- The live configuration's SSO URL, binding and fingerprint (NULL until it goes
                -- live), kept beside it so routing reads no configuration.
                route_sso_url TEXT,
                route_sso_binding TEXT,
                route_fingerprint TEXT,
                allows_idp_initiated_sign_in INTEGER NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE INDEX connections_by_organization ON connections (organization_id, created_at, id);
            -- Routing: the organization's active connections, most recently updated last.
            CREATE INDEX connections_active ON connections (organization_id, updated_at, id) WHERE status = 'active';

            CREATE TABLE test_runs (
                id TEXT PRIMARY KEY,
                connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL,
                configuration_fingerprint TEXT NOT NULL,
                request_id TEXT NOT NULL,
                relay_state_hash TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                completed_at REAL,
                started_by TEXT NOT NULL,
                user TEXT,
                errors TEXT NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE INDEX test_runs_by_connection ON test_runs (connection_id, created_at, id);
            CREATE INDEX test_runs_by_request ON test_runs (connection_id, request_id);

            CREATE TABLE sign_in_requests (
                id TEXT PRIMARY KEY,
                connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
                organization_id TEXT NOT NULL,
                request_id TEXT NOT NULL,
                relay_state_hash TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL,
                return_to TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                consumed_at REAL,
                version INTEGER NOT NULL
            );
            CREATE INDEX sign_in_requests_by_connection ON sign_in_requests (connection_id);
            CREATE INDEX sign_in_requests_by_expiry ON sign_in_requests (expires_at);

            -- Single use of an assertion ID per issuer; a row whose expiry has passed may be
            -- taken over by a new use (INSERT … ON CONFLICT DO UPDATE … WHERE expired).
            CREATE TABLE assertion_ids (
                issuer TEXT NOT NULL,
                id TEXT NOT NULL,
                expires_at REAL NOT NULL,
                PRIMARY KEY (issuer, id)
            ) WITHOUT ROWID;
            CREATE INDEX assertion_ids_by_expiry ON assertion_ids (expires_at);

            CREATE TABLE attempts (
                id TEXT PRIMARY KEY,
                at REAL NOT NULL,
                kind TEXT NOT NULL,
                outcome TEXT NOT NULL,
                organization_id TEXT,
                connection_id TEXT,
                test_run_id TEXT,
                email TEXT,
                failures TEXT NOT NULL,
                details TEXT NOT NULL
            );
            CREATE INDEX attempts_by_organization ON attempts (organization_id, at, id);
            CREATE INDEX attempts_by_time ON attempts (at);

            CREATE TABLE audit (
                id TEXT PRIMARY KEY,
                at REAL NOT NULL,
                organization_id TEXT,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                before TEXT,
                after TEXT
            );
            CREATE INDEX audit_by_organization ON audit (organization_id, at, id);
            -- Append-only, whoever writes to the file.
            CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE (ABORT, 'The audit log is append-only: an entry cannot be changed.'); END;
            CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE (ABORT, 'The audit log is append-only: an entry cannot be removed.'); END;

            CREATE TABLE setup_links (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                token_hash TEXT NOT NULL UNIQUE,
                created_by TEXT NOT NULL,
                note TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                revoked_at REAL,
                used_at REAL,
                version INTEGER NOT NULL
            );
            CREATE INDEX setup_links_by_organization ON setup_links (organization_id, created_at, id);
            """),
        Migration(version: 2, summary: "Setup-link sessions kept in the store, so every process sharing it knows them", sql: """
            ALTER TABLE setup_links ADD COLUMN session_token_hash TEXT;
            ALTER TABLE setup_links ADD COLUMN session_expires_at REAL;
            ALTER TABLE setup_links ADD COLUMN session_ended_at REAL;
            """),
    ]

    /// The schema version this code reads and writes.
    static var currentVersion: Int { migrations.last?.version ?? 0 }
}
