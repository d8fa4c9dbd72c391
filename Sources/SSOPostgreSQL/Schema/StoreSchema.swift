import SSOLifecycle

/// The store's tables, in a PostgreSQL schema (namespace) of their own, and the migrations
/// that build them. Versions only grow; a migration, once shipped, never changes.
///
/// Every record is kept whole as JSON (`record`, `text` rather than `jsonb`, so it comes
/// back byte for byte and may hold `\u0000`), beside the columns that keys, constraints,
/// ordering and routing need. Test runs, sign-in requests and setup links are updated once
/// each (completed, consumed, exchanged): their tables leave half of each page free so that
/// update stays on its page without touching an index (a HOT update), which also keeps
/// concurrent sign-ins from colliding on index pages under SERIALIZABLE. Text keys use the `C` collation: byte order, as the in-memory
/// store sorts, whatever the database's locale, and cheaper indexes.
struct StoreSchema: Sendable {
    /// One step of the schema's history.
    struct Migration: Sendable {
        /// Its version (1, 2, …).
        let version: Int
        /// What it does, stored beside the version.
        let description: String
        /// Its DDL, run in one transaction.
        let sql: String
    }

    /// The schema's name, checked to be a plain lower-case identifier.
    let name: String
    /// The name quoted for SQL text.
    let quoted: String

    /// The notification channel every store listens on; payloads name the schema and table.
    static let channel = "selfservesso_changes"

    /// - Throws: `StoreError` (`failure`) for a name that is not 1–63 of `a-z`, `0-9`, `_`
    ///   starting with a letter or `_` (never interpolated otherwise).
    init(name: String) throws(StoreError) {
        let bytes = Array(name.utf8)
        let valid = (1...63).contains(bytes.count) && !name.hasPrefix("pg_")
            && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            && !(bytes[0] >= 0x30 && bytes[0] <= 0x39)
        guard valid else {
            throw StoreError(.failure, "The PostgreSQL schema name '\(name)' is not accepted: use 1–63 lower-case letters, digits and underscores, starting with a letter, and not starting with pg_.")
        }
        self.name = name
        quoted = "\"\(name)\""
    }

    /// The newest version this code knows.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The history, oldest first.
    var migrations: [Migration] {
        let s = quoted
        return [
            Migration(version: 1, description: "lifecycle records, constraints, append-only audit, change notifications", sql: """
                CREATE TABLE \(s).settings (
                    key text COLLATE "C" PRIMARY KEY,
                    value text NOT NULL
                );
                CREATE TABLE \(s).organizations (
                    id text COLLATE "C" PRIMARY KEY,
                    version bigint NOT NULL,
                    record text NOT NULL
                );
                CREATE TABLE \(s).domains (
                    organization_id text COLLATE "C" NOT NULL,
                    name text COLLATE "C" NOT NULL,
                    status text NOT NULL CHECK (status IN ('pending', 'verified', 'expired')),
                    version bigint NOT NULL,
                    record text NOT NULL,
                    PRIMARY KEY (organization_id, name)
                );
                -- One verified owner per domain name, enforced by the database across servers.
                CREATE UNIQUE INDEX domains_one_verified_owner ON \(s).domains (name) WHERE status = 'verified';
                CREATE TABLE \(s).connections (
                    id text COLLATE "C" PRIMARY KEY,
                    organization_id text COLLATE "C" NOT NULL,
                    status text NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    version bigint NOT NULL,
                    -- What routing reads, so that no configuration is decoded: set while the
                    -- connection is active with a live configuration, NULL otherwise.
                    route_provider_id text,
                    route_sso_url text,
                    route_sso_binding text,
                    route_fingerprint text,
                    record text NOT NULL
                );
                CREATE INDEX connections_by_organization ON \(s).connections (organization_id, created_at, id);
                CREATE INDEX connections_routes ON \(s).connections (organization_id, updated_at DESC, id DESC)
                    WHERE route_fingerprint IS NOT NULL;
                CREATE TABLE \(s).test_runs (
                    id text COLLATE "C" PRIMARY KEY,
                    connection_id text COLLATE "C" NOT NULL,
                    relay_state_hash text COLLATE "C" NOT NULL,
                    request_id text COLLATE "C" NOT NULL,
                    fingerprint text COLLATE "C" NOT NULL,
                    status text NOT NULL,
                    created_at timestamptz NOT NULL,
                    version bigint NOT NULL,
                    record text NOT NULL,
                    CONSTRAINT test_runs_relay_state_hash UNIQUE (relay_state_hash)
                ) WITH (fillfactor = 50);
                CREATE INDEX test_runs_by_connection ON \(s).test_runs (connection_id, created_at DESC, id DESC);
                CREATE INDEX test_runs_by_request ON \(s).test_runs (connection_id, request_id);
                CREATE INDEX test_runs_successful ON \(s).test_runs (connection_id, fingerprint) WHERE status = 'success';
                CREATE TABLE \(s).sign_in_requests (
                    id text COLLATE "C" PRIMARY KEY,
                    connection_id text COLLATE "C" NOT NULL,
                    relay_state_hash text COLLATE "C" NOT NULL,
                    expires_at timestamptz NOT NULL,
                    version bigint NOT NULL,
                    record text NOT NULL,
                    CONSTRAINT sign_in_requests_relay_state_hash UNIQUE (relay_state_hash)
                ) WITH (fillfactor = 50);
                CREATE INDEX sign_in_requests_by_expiry ON \(s).sign_in_requests (expires_at);
                CREATE INDEX sign_in_requests_by_connection ON \(s).sign_in_requests (connection_id);
                -- Single use of an assertion: the key is the issuer and the ID.
                CREATE TABLE \(s).assertion_ids (
                    issuer text COLLATE "C" NOT NULL,
                    id text COLLATE "C" NOT NULL,
                    expires_at timestamptz NOT NULL,
                    PRIMARY KEY (issuer, id)
                );
                CREATE INDEX assertion_ids_by_expiry ON \(s).assertion_ids (expires_at);
                CREATE TABLE \(s).attempts (
                    id text COLLATE "C" PRIMARY KEY,
                    organization_id text COLLATE "C",
                    at timestamptz NOT NULL,
                    record text NOT NULL
                );
                CREATE INDEX attempts_by_organization ON \(s).attempts (organization_id, at DESC, id DESC);
                CREATE INDEX attempts_by_time ON \(s).attempts (at);
                CREATE TABLE \(s).audit_entries (
                    id text COLLATE "C" PRIMARY KEY,
                    organization_id text COLLATE "C",
                    at timestamptz NOT NULL,
                    record text NOT NULL
                );
                CREATE INDEX audit_entries_by_organization ON \(s).audit_entries (organization_id, at DESC, id DESC);
                CREATE TABLE \(s).setup_links (
                    id text COLLATE "C" PRIMARY KEY,
                    organization_id text COLLATE "C" NOT NULL,
                    token_hash text COLLATE "C" NOT NULL,
                    created_at timestamptz NOT NULL,
                    version bigint NOT NULL,
                    record text NOT NULL,
                    CONSTRAINT setup_links_token_hash UNIQUE (token_hash)
                ) WITH (fillfactor = 50);
                CREATE INDEX setup_links_by_organization ON \(s).setup_links (organization_id, created_at DESC, id DESC);

                -- The audit log is append-only, whoever connects: no update, delete or truncate.
                CREATE FUNCTION \(s).refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The SelfServeSSO audit log is append-only: entries are never changed or removed.'
                        USING ERRCODE = 'integrity_constraint_violation';
                END
                $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON \(s).audit_entries
                    FOR EACH ROW EXECUTE FUNCTION \(s).refuse_audit_change();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON \(s).audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION \(s).refuse_audit_change();

                -- Every store caches what sign-ins read (routes, connections, domains,
                -- organizations); a change to those tables tells every server at commit.
                CREATE FUNCTION \(s).notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('\(Self.channel)', TG_TABLE_SCHEMA || '|' || TG_TABLE_NAME);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER organizations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(s).organizations
                    FOR EACH STATEMENT EXECUTE FUNCTION \(s).notify_change();
                CREATE TRIGGER domains_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(s).domains
                    FOR EACH STATEMENT EXECUTE FUNCTION \(s).notify_change();
                CREATE TRIGGER connections_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(s).connections
                    FOR EACH STATEMENT EXECUTE FUNCTION \(s).notify_change();
                """),
        ]
    }
}
